package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// MethodListDeviceAssurances is the device assurance policies' method as
// counted by Snapshot.Stats. Fetched fresh each plan, not kept in the compact
// form.
const MethodListDeviceAssurances = "ListDeviceAssurances"

// DeviceAssurances returns the org's device assurance policies, sorted by
// platform, then name, then id, fetched at most once per snapshot.
func (s *Snapshot) DeviceAssurances(ctx context.Context) ([]okta.DeviceAssurance, error) {
	return s.ev.posture.deviceAssurances.get(ctx, "", func(ctx context.Context) ([]okta.DeviceAssurance, error) {
		out, err := call(ctx, s.src, MethodListDeviceAssurances, func() ([]okta.DeviceAssurance, error) {
			return s.src.src.ListDeviceAssurances(ctx)
		})
		if err != nil {
			return nil, fmt.Errorf("listing device assurance policies: %w", err)
		}
		out = sortedUniqueBy(out, func(d okta.DeviceAssurance) string { return d.ID })
		slices.SortStableFunc(out, func(a, b okta.DeviceAssurance) int {
			return cmp.Or(cmp.Compare(a.Platform, b.Platform), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
		return out, nil
	})
}
