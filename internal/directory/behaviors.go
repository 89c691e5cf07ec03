package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// MethodListBehaviors is the behavior detection rules' method as counted by
// Snapshot.Stats. Fetched fresh each plan, not kept in the compact form.
const MethodListBehaviors = "ListBehaviors"

// Behaviors returns the org's behavior detection rules, sorted by name, then
// id, fetched at most once per snapshot.
func (s *Snapshot) Behaviors(ctx context.Context) ([]okta.Behavior, error) {
	return s.ev.posture.behaviors.get(ctx, "", func(ctx context.Context) ([]okta.Behavior, error) {
		out, err := call(ctx, s.src, MethodListBehaviors, func() ([]okta.Behavior, error) { return s.src.src.ListBehaviors(ctx) })
		if err != nil {
			return nil, fmt.Errorf("listing behavior detection rules: %w", err)
		}
		out = sortedUniqueBy(out, func(b okta.Behavior) string { return b.ID })
		slices.SortStableFunc(out, func(a, b okta.Behavior) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
		return out, nil
	})
}
