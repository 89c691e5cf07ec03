package okta

import (
	"slices"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// TestListNetworkZones reads the three zone types through one-item pages and
// checks that each type's shape (DYNAMIC's plain lists, DYNAMIC_V2's
// include/exclude objects, IP's addresses) lands in the model.
func TestListNetworkZones(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	org := oktasim.NewOrg()
	org.Zones = []*oktasim.NetworkZone{
		{ID: "nzo1", Name: "LegacyIpZone", Type: "IP", Status: "ACTIVE", Usage: "POLICY", System: true, Created: at, LastUpdated: at,
			Gateways: []string{"10.0.0.0/8", "192.0.2.1-192.0.2.9"}, Proxies: []string{"198.51.100.7/32"}},
		{ID: "nzo2", Name: "Tor", Type: "DYNAMIC", Status: "INACTIVE", Usage: "BLOCKLIST", Created: at, LastUpdated: at,
			ProxyType: "Tor", LocationsInclude: []oktasim.ZoneLocation{{Country: "US", Region: "US-CA"}, {Country: "DE"}}, ASNsInclude: []string{"13335"}},
		{ID: "nzo3", Name: "DefaultEnhancedDynamicZone", Type: "DYNAMIC_V2", Status: "ACTIVE", Usage: "BLOCKLIST", System: true, Created: at, LastUpdated: at,
			IPServiceCategoriesInclude: []string{"ALL_ANONYMIZERS"}, IPServiceCategoriesExclude: []string{"APPLE_ICLOUD_RELAY_PROXY"},
			LocationsExclude: []oktasim.ZoneLocation{{Country: "FR"}}, ASNsExclude: []string{"64496"}},
	}
	s, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, PageSizeCap: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := New(Config{OrgURL: s.URL(), APIToken: s.AdminToken(), retryBase: time.Millisecond, RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	zs, err := c.ListNetworkZones(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(zs) != 3 {
		t.Fatalf("got %d zones over one-item pages, want 3: %+v", len(zs), zs)
	}
	ip, dyn, v2 := zs[0], zs[1], zs[2]
	if ip.Type != ZoneTypeIP || !ip.System || ip.Usage != ZoneUsagePolicy || !slices.Equal(ip.Gateways, []string{"10.0.0.0/8", "192.0.2.1-192.0.2.9"}) ||
		!slices.Equal(ip.Proxies, []string{"198.51.100.7/32"}) || !ip.Created.Equal(at) {
		t.Errorf("IP zone %+v", ip)
	}
	if dyn.ProxyType != "Tor" || dyn.Status != "INACTIVE" || !slices.Equal(dyn.LocationsInclude, []string{"US-CA", "DE"}) ||
		!slices.Equal(dyn.ASNsInclude, []string{"13335"}) || dyn.LocationsExclude != nil {
		t.Errorf("DYNAMIC zone %+v", dyn)
	}
	if v2.Type != ZoneTypeDynamicV2 || v2.Usage != ZoneUsageBlocklist || v2.ProxyType != "" ||
		!slices.Equal(v2.IPServiceCategoriesInclude, []string{"ALL_ANONYMIZERS"}) ||
		!slices.Equal(v2.IPServiceCategoriesExclude, []string{"APPLE_ICLOUD_RELAY_PROXY"}) ||
		!slices.Equal(v2.LocationsExclude, []string{"FR"}) || len(v2.LocationsInclude) != 0 ||
		!slices.Equal(v2.ASNsExclude, []string{"64496"}) || len(v2.ASNsInclude) != 0 {
		t.Errorf("DYNAMIC_V2 zone %+v", v2)
	}
}

// TestDemoOrgBlocksAnonymizers: the demo org ships the
// DefaultEnhancedDynamicZone active as a blocklist, so the demo's network
// zone check passes.
func TestDemoOrgBlocksAnonymizers(t *testing.T) {
	s, err := oktasim.Start(oktasim.Options{Org: fixtures.DemoOrg(1, time.Now()), Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := New(Config{OrgURL: s.URL(), APIToken: s.AdminToken(), retryBase: time.Millisecond, RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	zs, err := c.ListNetworkZones(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(zs, func(z NetworkZone) bool {
		return z.Name == "DefaultEnhancedDynamicZone" && z.Status == "ACTIVE" && z.Usage == ZoneUsageBlocklist &&
			slices.Contains(z.IPServiceCategoriesInclude, "ALL_ANONYMIZERS")
	}) {
		t.Errorf("the demo org has no active anonymizer blocklist: %+v", zs)
	}
}
