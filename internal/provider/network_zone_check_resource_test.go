package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

const (
	nzLegacy  = "nzo0000000000000nzo1"
	nzDefault = "nzo0000000000000nzo2"
	nzProxies = "nzo0000000000000nzo3"
)

// addNetworkZones gives the test org Okta's system zones with the
// DefaultEnhancedDynamicZone still INACTIVE (as Okta ships it), and a
// DYNAMIC zone of every proxy used in policies rather than as a blocklist.
func addNetworkZones(org *oktasim.Org) {
	at := ts(3, 6)
	org.Zones = append(org.Zones,
		&oktasim.NetworkZone{ID: nzLegacy, Name: "LegacyIpZone", Type: "IP", Status: "ACTIVE", Usage: "POLICY", System: true,
			Created: at, LastUpdated: at, Gateways: []string{"198.51.100.0/24"}},
		&oktasim.NetworkZone{ID: nzDefault, Name: "DefaultEnhancedDynamicZone", Type: "DYNAMIC_V2", Status: "INACTIVE", Usage: "BLOCKLIST",
			System: true, Created: at, LastUpdated: at, IPServiceCategoriesInclude: []string{"ALL_ANONYMIZERS"}},
		&oktasim.NetworkZone{ID: nzProxies, Name: "Proxies", Type: "DYNAMIC", Status: "ACTIVE", Usage: "POLICY",
			Created: at, LastUpdated: at, ProxyType: "Any"},
	)
}

func zoneByID(org *oktasim.Org, id string) *oktasim.NetworkZone {
	for _, z := range org.Zones {
		if z.ID == id {
			return z
		}
	}
	panic("no zone " + id)
}

func TestAccNetworkZoneCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addNetworkZones(org)
	checkLifecycle{
		typ: "oktagate_network_zone_check", name: "stig", org: org,
		warn: map[string]string{
			"subjects_evaluated":      "3",
			"violation_count":         "1",
			"violations.0.subject":    "network zones",
			"violations.0.subject_id": "",
			"violations.0.reason": "no ACTIVE network zone with usage BLOCKLIST blocks anonymizing proxies " +
				"(want a DYNAMIC_V2 zone with ipServiceCategories ALL_ANONYMIZERS, or a DYNAMIC zone with proxyType Any, " +
				"e.g. the DefaultEnhancedDynamicZone activated): " +
				`zone "DefaultEnhancedDynamicZone" is INACTIVE, not ACTIVE; zone "Proxies" has usage POLICY, not BLOCKLIST`,
			"controls.#": "3",
			"controls.0": "NIST800-53r5 SC-7",
			"controls.1": "SOC2 CC6.6",
			"controls.2": "STIG V-279692",
		},
		blocked: []string{"(1 violation,", "network zones: no ACTIVE network zone with usage BLOCKLIST"},
		waive:   []string{"network zones"},
		fix: func(org *oktasim.Org) {
			zoneByID(org, nzDefault).Status = "ACTIVE"
		},
		more: func(provider string) []resource.TestStep {
			return []resource.TestStep{{
				// The default zone in use for policies rather than as a
				// blocklist blocks nothing before authentication.
				PreConfig: func() {
					org.Lock()
					defer org.Unlock()
					zoneByID(org, nzDefault).Usage = "POLICY"
				},
				Config: provider + "resource \"oktagate_network_zone_check\" \"stig\" {\n}\n",
				ExpectError: phrases("Compliance check failed: oktagate_network_zone_check",
					`zone "DefaultEnhancedDynamicZone" has usage POLICY, not BLOCKLIST`),
			}}
		},
	}.run(t)
}
