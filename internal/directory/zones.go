package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// MethodListNetworkZones is the network zones' method as counted by Snapshot.Stats.
const MethodListNetworkZones = "ListNetworkZones"

// NetworkZones returns the org's network zones, sorted by name, then id. They
// are fetched at most once per snapshot.
func (s *Snapshot) NetworkZones(ctx context.Context) ([]okta.NetworkZone, error) {
	return s.ev.zones.get(ctx, "", func(ctx context.Context) ([]okta.NetworkZone, error) {
		out, err := call(ctx, s.src, MethodListNetworkZones, func() ([]okta.NetworkZone, error) { return s.src.src.ListNetworkZones(ctx) })
		if err != nil {
			return nil, fmt.Errorf("listing network zones: %w", err)
		}
		out = sortedUniqueBy(out, func(z okta.NetworkZone) string { return z.ID })
		slices.SortStableFunc(out, func(a, b okta.NetworkZone) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
		return out, nil
	})
}
