package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// ZoneSource is implemented by a Source that can list the org's network zones
// (*okta.Client). It is separate from EvidenceSource so that sources that
// predate it (the tests' fakes) keep compiling.
type ZoneSource interface {
	ListNetworkZones(ctx context.Context) ([]okta.NetworkZone, error)
}

var _ ZoneSource = (*okta.Client)(nil)

// MethodListNetworkZones is ZoneSource's method as counted by Snapshot.Stats.
const MethodListNetworkZones = "ListNetworkZones"

// NetworkZones returns the org's network zones, sorted by name, then id. They
// are fetched at most once per snapshot.
func (s *Snapshot) NetworkZones(ctx context.Context) ([]okta.NetworkZone, error) {
	zs, ok := s.src.src.(ZoneSource)
	if !ok {
		return nil, fmt.Errorf("directory: the snapshot's source (%T) cannot list network zones: it does not implement directory.ZoneSource", s.src.src)
	}
	return s.ev.zones.get(ctx, "", func(ctx context.Context) ([]okta.NetworkZone, error) {
		out, err := call(ctx, s.src, MethodListNetworkZones, func() ([]okta.NetworkZone, error) { return zs.ListNetworkZones(ctx) })
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
