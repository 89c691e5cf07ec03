package compliance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// STIGAnonymizerBlocklist is the DISA Okta IDaaS STIG rule the network zone
// check meets: network zones block anonymizing proxies.
const STIGAnonymizerBlocklist = "STIG V-279692"

// NetworkZoneSubject is the subject of the network zone check's one violation.
const NetworkZoneSubject = "network zones"

// NetworkZoneInput is the oktagate_network_zone_check's arguments: only the
// frame's exceptions.
type NetworkZoneInput struct {
	Exceptions []Exception
}

// anonymizerCover is what one zone blocks: Tor, other anonymizers, or both.
type anonymizerCover struct{ tor, other bool }

// zoneCover says which anonymizers a zone blocks for every location and ASN,
// and when it blocks none why not (for the evidence and the reason).
func zoneCover(z okta.NetworkZone) (anonymizerCover, string) {
	var c anonymizerCover
	switch strings.ToUpper(z.Type) {
	case okta.ZoneTypeDynamic:
		switch strings.ToUpper(z.ProxyType) {
		case "ANY":
			c = anonymizerCover{tor: true, other: true}
		case "TOR", "TORANONYMIZER":
			c.tor = true
		case "NOTTORANONYMIZER":
			c.other = true
		default:
			return c, "proxyType " + orNotSet(z.ProxyType) + " blocks no anonymizer"
		}
	case okta.ZoneTypeDynamicV2:
		for _, cat := range z.IPServiceCategoriesInclude {
			switch strings.ToUpper(cat) {
			case "ALL_ANONYMIZERS":
				c = anonymizerCover{tor: true, other: true}
			case "ALL_ANONYMIZERS_EXCEPT_TOR":
				c.other = true
			}
		}
		if !c.tor && !c.other {
			return c, "ipServiceCategories does not include ALL_ANONYMIZERS"
		}
		if len(z.IPServiceCategoriesExclude) > 0 {
			return anonymizerCover{}, "ipServiceCategories excludes " + strings.Join(z.IPServiceCategoriesExclude, ", ")
		}
	default:
		return c, "a " + orNotSet(z.Type) + " zone lists addresses, not anonymizers"
	}
	// A zone narrowed to some locations or ASNs blocks anonymizers only there.
	if len(z.LocationsInclude) > 0 || len(z.LocationsExclude) > 0 {
		return anonymizerCover{}, "it is limited to some locations"
	}
	if len(z.ASNsInclude) > 0 || len(z.ASNsExclude) > 0 {
		return anonymizerCover{}, "it is limited to some ASNs"
	}
	return c, ""
}

// NetworkZone judges the org's network zones as a whole: the org passes when
// its ACTIVE BLOCKLIST zones together block every anonymizing proxy, Tor
// included, from every location: a DYNAMIC zone with proxyType Any (or one
// with Tor and one with NotTorAnonymizer), or a DYNAMIC_V2 (enhanced dynamic)
// zone whose ipServiceCategories include ALL_ANONYMIZERS, with no location or
// ASN narrowing either. Otherwise one violation (subject "network zones")
// says what is missing. Every zone is a subject evaluated.
func NetworkZone(f *Facts, in NetworkZoneInput) (Result, error) {
	zones := f.NetworkZones
	if zones == nil {
		return Result{}, missing("network zones")
	}
	var have anonymizerCover
	var rows []any
	var blockingNames, near []string // BLOCKLIST zones that would block anonymizers but are not ACTIVE, or block none
	for _, z := range zones {
		c, why := zoneCover(z)
		active := strings.EqualFold(z.Status, "ACTIVE")
		blocklist := strings.EqualFold(z.Usage, okta.ZoneUsageBlocklist)
		rows = append(rows, map[string]any{
			"id": z.ID, "name": z.Name, "type": z.Type, "status": z.Status, "usage": z.Usage, "system": z.System,
			"proxy_type": z.ProxyType, "ip_service_categories_include": nonNil(z.IPServiceCategoriesInclude),
			"ip_service_categories_exclude": nonNil(z.IPServiceCategoriesExclude),
			"locations_include":             nonNil(z.LocationsInclude), "locations_exclude": nonNil(z.LocationsExclude),
			"asns_include": nonNil(z.ASNsInclude), "asns_exclude": nonNil(z.ASNsExclude),
		})
		switch {
		case (c.tor || c.other) && active && blocklist:
			have.tor = have.tor || c.tor
			have.other = have.other || c.other
			blockingNames = append(blockingNames, z.Name)
		case c.tor || c.other:
			var what []string
			if !active {
				what = append(what, "is "+orNotSet(strings.ToUpper(z.Status))+", not ACTIVE")
			}
			if !blocklist {
				what = append(what, "has usage "+orNotSet(strings.ToUpper(z.Usage))+", not BLOCKLIST")
			}
			near = append(near, fmt.Sprintf("zone %q %s", z.Name, strings.Join(what, " and ")))
		case blocklist && active && why != "" && z.Type != okta.ZoneTypeIP:
			near = append(near, fmt.Sprintf("BLOCKLIST zone %q does not count: %s", z.Name, why))
		}
	}
	var findings []finding
	if !have.tor || !have.other {
		var reason string
		switch {
		case have.tor:
			reason = "ACTIVE BLOCKLIST zones block Tor but not other anonymizing proxies"
		case have.other:
			reason = "ACTIVE BLOCKLIST zones block anonymizing proxies but not Tor"
		default:
			reason = "no ACTIVE network zone with usage BLOCKLIST blocks anonymizing proxies"
		}
		reason += " (want a DYNAMIC_V2 zone with ipServiceCategories ALL_ANONYMIZERS, or a DYNAMIC zone with proxyType Any, e.g. the DefaultEnhancedDynamicZone activated)"
		slices.Sort(near)
		if len(near) > 0 {
			reason += ": " + strings.Join(near, "; ")
		}
		findings = append(findings, policyFinding(NetworkZoneSubject, "", reason))
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	slices.Sort(blockingNames)
	blocking := make([]any, 0, len(blockingNames)) // the evidence's details hold JSON-like values
	for _, n := range blockingNames {
		blocking = append(blocking, n)
	}
	return finish(f, evaluation{
		check:     CheckNetworkZone,
		input:     in,
		inputs:    map[string]any{},
		evaluated: len(zones),
		findings:  findings,
		facts:     map[string]string{"network_zones": fp},
		details:   map[string]any{"blocking_zones": nonNil(blocking), "blocks_tor": have.tor, "blocks_other_anonymizers": have.other},
	}, in.Exceptions)
}
