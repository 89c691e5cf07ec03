package okta

import (
	"context"
	"encoding/json"
	"time"
)

// Network zone types and usages (/api/v1/zones).
const (
	ZoneTypeIP         = "IP"
	ZoneTypeDynamic    = "DYNAMIC"
	ZoneTypeDynamicV2  = "DYNAMIC_V2" // enhanced dynamic zone
	ZoneUsagePolicy    = "POLICY"
	ZoneUsageBlocklist = "BLOCKLIST"
)

// NetworkZone is an Okta network zone. The three zone types spell locations
// and ASNs differently (DYNAMIC: plain lists; DYNAMIC_V2: include/exclude
// objects); both are flattened into the Include/Exclude pairs here, a
// DYNAMIC zone's lists counting as includes. Locations are "CC" or "CC-RR".
type NetworkZone struct {
	ID, Name, Type, Status, Usage string
	System                        bool
	// ProxyType is a DYNAMIC zone's proxy type ("Any", "Tor",
	// "NotTorAnonymizer"; empty when unset).
	ProxyType string
	// IPServiceCategoriesInclude/Exclude are a DYNAMIC_V2 zone's IP service
	// categories (ALL_ANONYMIZERS, ALL_ANONYMIZERS_EXCEPT_TOR, …).
	IPServiceCategoriesInclude, IPServiceCategoriesExclude []string
	LocationsInclude, LocationsExclude                     []string
	ASNsInclude, ASNsExclude                               []string
	// Gateways and Proxies are an IP zone's addresses (CIDR or range values).
	Gateways, Proxies    []string
	Created, LastUpdated time.Time
}

type wireZoneAddress struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

type wireZoneLocation struct {
	Country string `json:"country"`
	Region  string `json:"region"`
}

type wireZone struct {
	ID                  string            `json:"id"`
	Name                string            `json:"name"`
	Type                string            `json:"type"`
	Status              string            `json:"status"`
	Usage               string            `json:"usage"`
	System              bool              `json:"system"`
	ProxyType           *string           `json:"proxyType"`
	Gateways            []wireZoneAddress `json:"gateways"`
	Proxies             []wireZoneAddress `json:"proxies"`
	Locations           json.RawMessage   `json:"locations"`
	ASNs                json.RawMessage   `json:"asns"`
	IPServiceCategories *struct {
		Include []string `json:"include"`
		Exclude []string `json:"exclude"`
	} `json:"ipServiceCategories"`
	Created     wireTime `json:"created"`
	LastUpdated wireTime `json:"lastUpdated"`
}

func zoneLocation(l wireZoneLocation) string {
	if l.Region == "" {
		return l.Country
	}
	if len(l.Region) > len(l.Country) && l.Region[:len(l.Country)] == l.Country {
		return l.Region // Okta writes regions as "US-CA"
	}
	return l.Country + "-" + l.Region
}

// includeExclude decodes a member that is either a plain list (DYNAMIC) or an
// {include, exclude} object (DYNAMIC_V2). An unreadable member decodes as empty.
func includeExclude[T any](raw json.RawMessage) (inc, exc []T) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '[' {
		_ = json.Unmarshal(raw, &inc)
		return inc, nil
	}
	var o struct {
		Include []T `json:"include"`
		Exclude []T `json:"exclude"`
	}
	_ = json.Unmarshal(raw, &o)
	return o.Include, o.Exclude
}

func (w wireZone) model() NetworkZone {
	z := NetworkZone{ID: w.ID, Name: w.Name, Type: w.Type, Status: w.Status, Usage: w.Usage, System: w.System,
		Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc()}
	if w.ProxyType != nil {
		z.ProxyType = *w.ProxyType
	}
	if c := w.IPServiceCategories; c != nil {
		z.IPServiceCategoriesInclude, z.IPServiceCategoriesExclude = c.Include, c.Exclude
	}
	for _, a := range w.Gateways {
		z.Gateways = append(z.Gateways, a.Value)
	}
	for _, a := range w.Proxies {
		z.Proxies = append(z.Proxies, a.Value)
	}
	inc, exc := includeExclude[wireZoneLocation](w.Locations)
	for _, l := range inc {
		z.LocationsInclude = append(z.LocationsInclude, zoneLocation(l))
	}
	for _, l := range exc {
		z.LocationsExclude = append(z.LocationsExclude, zoneLocation(l))
	}
	z.ASNsInclude, z.ASNsExclude = includeExclude[string](w.ASNs)
	return z
}

// ListNetworkZones lists the org's network zones (/api/v1/zones), every page.
func (c *Client) ListNetworkZones(ctx context.Context) ([]NetworkZone, error) {
	ws, err := listAll[wireZone](ctx, c, "/api/v1/zones", callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]NetworkZone, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}
