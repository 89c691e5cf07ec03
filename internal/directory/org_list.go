package directory

import (
	"context"
	"fmt"
	"slices"
)

// listOrgOnce is the read of an org-level collection (zones, log streams,
// authenticators, trusted origins, event hooks, behaviors, device
// assurances): fetched through m at most once per snapshot, counted as
// method, an error named "listing <what>", duplicates by id dropped (a page
// boundary that moved mid-list can repeat an item) and the rest ordered by
// order, so evidence built from it does not depend on Okta's order.
func listOrgOnce[T any](ctx context.Context, s *Snapshot, m *memo[[]T], method, what string,
	list func(context.Context) ([]T, error), id func(T) string, order func(a, b T) int) ([]T, error) {
	return m.get(ctx, "", func(ctx context.Context) ([]T, error) {
		out, err := call(ctx, s.src, method, func() ([]T, error) { return list(ctx) })
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", what, err)
		}
		out = sortedUniqueBy(out, id)
		slices.SortStableFunc(out, order)
		return out, nil
	})
}
