package directory

import (
	"cmp"
	"context"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// MethodListBehaviors is the behavior detection rules' method as counted by
// Snapshot.Stats. Fetched fresh each plan, not kept in the compact form.
const MethodListBehaviors = "ListBehaviors"

// Behaviors returns the org's behavior detection rules, sorted by name, then
// id, fetched at most once per snapshot.
func (s *Snapshot) Behaviors(ctx context.Context) ([]okta.Behavior, error) {
	return listOrgOnce(ctx, s, &s.ev.posture.behaviors, MethodListBehaviors, "behavior detection rules", s.src.src.ListBehaviors,
		func(b okta.Behavior) string { return b.ID },
		func(a, b okta.Behavior) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
}
