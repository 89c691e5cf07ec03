package oktasim

import (
	"net/http"
	"time"
)

// NetworkZone is an Okta network zone (/api/v1/zones). Which fields apply
// depends on Type: IP zones have Gateways and Proxies; DYNAMIC zones have
// ProxyType, Locations and ASNs (plain lists); DYNAMIC_V2 (enhanced dynamic)
// zones have IP service categories, locations and ASNs, each with an include
// and an exclude list.
type NetworkZone struct {
	ID          string // nzo…
	Name        string
	Type        string // IP, DYNAMIC, DYNAMIC_V2
	Status      string // ACTIVE, INACTIVE
	Usage       string // POLICY, BLOCKLIST
	System      bool
	Created     time.Time
	LastUpdated time.Time

	Gateways, Proxies []string // IP: CIDR ("10.0.0.0/8") or range ("1.2.3.4-1.2.3.9") values

	ProxyType string // DYNAMIC: Any, Tor, NotTorAnonymizer or empty

	// DYNAMIC: LocationsInclude and ASNsInclude are the zone's plain lists.
	LocationsInclude, LocationsExclude []ZoneLocation
	ASNsInclude, ASNsExclude           []string

	IPServiceCategoriesInclude, IPServiceCategoriesExclude []string // DYNAMIC_V2
}

// ZoneLocation is a country ("US") and optionally a region ("US-CA").
type ZoneLocation struct {
	Country, Region string
}

func renderZoneAddresses(values []string) any {
	if values == nil {
		return nil
	}
	out := make([]obj, 0, len(values))
	for _, v := range values {
		typ := "CIDR"
		for i := 0; i < len(v); i++ {
			if v[i] == '-' {
				typ = "RANGE"
			}
		}
		out = append(out, obj{"type": typ, "value": v})
	}
	return out
}

func renderZoneLocations(ls []ZoneLocation) []obj {
	out := make([]obj, 0, len(ls))
	for _, l := range ls {
		out = append(out, obj{"country": l.Country, "region": nullable(l.Region)})
	}
	return out
}

func orEmpty(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func renderZone(base string, z *NetworkZone) obj {
	self := base + "/api/v1/zones/" + z.ID
	o := obj{
		"id":          z.ID,
		"name":        z.Name,
		"type":        z.Type,
		"status":      z.Status,
		"usage":       z.Usage,
		"system":      z.System,
		"created":     ts(z.Created),
		"lastUpdated": ts(z.LastUpdated),
		"_links": obj{
			"self":       href(self),
			"deactivate": href(self + "/lifecycle/deactivate"),
		},
	}
	switch z.Type {
	case "IP":
		o["gateways"] = renderZoneAddresses(z.Gateways)
		o["proxies"] = renderZoneAddresses(z.Proxies)
	case "DYNAMIC":
		o["proxyType"] = nullable(z.ProxyType)
		o["locations"] = renderZoneLocations(z.LocationsInclude)
		o["asns"] = orEmpty(z.ASNsInclude)
	case "DYNAMIC_V2":
		o["ipServiceCategories"] = obj{"include": orEmpty(z.IPServiceCategoriesInclude), "exclude": orEmpty(z.IPServiceCategoriesExclude)}
		o["locations"] = obj{"include": renderZoneLocations(z.LocationsInclude), "exclude": renderZoneLocations(z.LocationsExclude)}
		o["asns"] = obj{"include": orEmpty(z.ASNsInclude), "exclude": orEmpty(z.ASNsExclude)}
	}
	return o
}

func listZones(c *call) (int, any) {
	list := append([]*NetworkZone(nil), c.org.Zones...)
	cursor := func(z *NetworkZone) string { return z.ID }
	sortStable(list, cursor)
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, list, cursor, 1000, 1000)
	out := make([]obj, 0, len(page))
	for _, z := range page {
		out = append(out, renderZone(c.base(), z))
	}
	return http.StatusOK, out
}
