package directory

import (
	"cmp"
	"context"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// MethodListNetworkZones is the network zones' method as counted by Snapshot.Stats.
const MethodListNetworkZones = "ListNetworkZones"

// NetworkZones returns the org's network zones, sorted by name, then id. They
// are fetched at most once per snapshot.
func (s *Snapshot) NetworkZones(ctx context.Context) ([]okta.NetworkZone, error) {
	return listOrgOnce(ctx, s, &s.ev.zones, MethodListNetworkZones, "network zones", s.src.src.ListNetworkZones,
		func(z okta.NetworkZone) string { return z.ID },
		func(a, b okta.NetworkZone) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
}
