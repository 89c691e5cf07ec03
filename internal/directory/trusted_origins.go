package directory

import (
	"cmp"
	"context"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// MethodListTrustedOrigins is the trusted origins' method as counted by
// Snapshot.Stats. Like the other posture collections, trusted origins are a
// page or two fetched fresh each plan, not part of the snapshot's compact
// form.
const MethodListTrustedOrigins = "ListTrustedOrigins"

// TrustedOrigins returns the org's trusted origins, sorted by name, then id.
// They are fetched at most once per snapshot.
func (s *Snapshot) TrustedOrigins(ctx context.Context) ([]okta.TrustedOrigin, error) {
	return listOrgOnce(ctx, s, &s.ev.posture.trustedOrigins, MethodListTrustedOrigins, "trusted origins", s.src.src.ListTrustedOrigins,
		func(o okta.TrustedOrigin) string { return o.ID },
		func(a, b okta.TrustedOrigin) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
}
