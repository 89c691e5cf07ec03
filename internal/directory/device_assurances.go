package directory

import (
	"cmp"
	"context"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// MethodListDeviceAssurances is the device assurance policies' method as
// counted by Snapshot.Stats. Fetched fresh each plan, not kept in the compact
// form.
const MethodListDeviceAssurances = "ListDeviceAssurances"

// DeviceAssurances returns the org's device assurance policies, sorted by
// platform, then name, then id, fetched at most once per snapshot.
func (s *Snapshot) DeviceAssurances(ctx context.Context) ([]okta.DeviceAssurance, error) {
	return listOrgOnce(ctx, s, &s.ev.posture.deviceAssurances, MethodListDeviceAssurances, "device assurance policies", s.src.src.ListDeviceAssurances,
		func(d okta.DeviceAssurance) string { return d.ID },
		func(a, b okta.DeviceAssurance) int {
			return cmp.Or(cmp.Compare(a.Platform, b.Platform), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
}
