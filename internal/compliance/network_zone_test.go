package compliance

import (
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func edz(id, name, status, usage string, include ...string) okta.NetworkZone {
	return okta.NetworkZone{ID: id, Name: name, Type: okta.ZoneTypeDynamicV2, Status: status, Usage: usage, IPServiceCategoriesInclude: include}
}

// dynZone is an ACTIVE legacy DYNAMIC blocklist zone.
func dynZone(id, name, proxy string) okta.NetworkZone {
	return okta.NetworkZone{ID: id, Name: name, Type: okta.ZoneTypeDynamic, Status: "ACTIVE", Usage: "BLOCKLIST", ProxyType: proxy}
}

func TestNetworkZone(t *testing.T) {
	legacy := okta.NetworkZone{ID: "nzoL", Name: "LegacyIpZone", Type: okta.ZoneTypeIP, Status: "ACTIVE", Usage: "POLICY", Gateways: []string{"10.0.0.0/8"}}
	blockedIP := okta.NetworkZone{ID: "nzoB", Name: "BlockedIpZone", Type: okta.ZoneTypeIP, Status: "ACTIVE", Usage: "BLOCKLIST"}
	narrowed := edz("nzoN", "EU anonymizers", "ACTIVE", "BLOCKLIST", "ALL_ANONYMIZERS")
	narrowed.LocationsInclude = []string{"DE"}
	excluding := edz("nzoX", "Some anonymizers", "ACTIVE", "BLOCKLIST", "ALL_ANONYMIZERS")
	excluding.IPServiceCategoriesExclude = []string{"APPLE_ICLOUD_RELAY_PROXY"}
	asn := dynZone("nzoA", "ASN proxies", "Any")
	asn.ASNsInclude = []string{"13335"}
	tests := []struct {
		name   string
		zones  []okta.NetworkZone
		pass   bool
		reason []string // substrings of the one violation's reason
	}{
		{name: "enhanced dynamic blocklist", pass: true,
			zones: []okta.NetworkZone{legacy, blockedIP, edz("nzoD", "DefaultEnhancedDynamicZone", "ACTIVE", "BLOCKLIST", "ALL_ANONYMIZERS")}},
		{name: "dynamic proxy type Any", pass: true, zones: []okta.NetworkZone{dynZone("nzo1", "Proxies", "Any")}},
		{name: "Tor plus other anonymizers across two zones", pass: true, zones: []okta.NetworkZone{
			dynZone("nzo1", "Tor", "Tor"), edz("nzo2", "Others", "ACTIVE", "BLOCKLIST", "ALL_ANONYMIZERS_EXCEPT_TOR")}},
		{name: "no zones", zones: []okta.NetworkZone{}, reason: []string{"no ACTIVE network zone with usage BLOCKLIST blocks anonymizing proxies"}},
		{name: "only IP zones", zones: []okta.NetworkZone{legacy, blockedIP}, reason: []string{"no ACTIVE network zone"}},
		{name: "inactive default zone", zones: []okta.NetworkZone{edz("nzoD", "DefaultEnhancedDynamicZone", "INACTIVE", "BLOCKLIST", "ALL_ANONYMIZERS")},
			reason: []string{`zone "DefaultEnhancedDynamicZone" is INACTIVE, not ACTIVE`}},
		{name: "policy usage", zones: []okta.NetworkZone{edz("nzoP", "Anon", "ACTIVE", "POLICY", "ALL_ANONYMIZERS")},
			reason: []string{`zone "Anon" has usage POLICY, not BLOCKLIST`}},
		{name: "Tor only", zones: []okta.NetworkZone{dynZone("nzo1", "Tor", "Tor")},
			reason: []string{"block Tor but not other anonymizing proxies"}},
		{name: "not Tor only", zones: []okta.NetworkZone{dynZone("nzo1", "NotTor", "NotTorAnonymizer")},
			reason: []string{"but not Tor"}},
		{name: "no proxy type", zones: []okta.NetworkZone{dynZone("nzo1", "Countries", "")},
			reason: []string{`"Countries" does not count: proxyType not set blocks no anonymizer`}},
		{name: "narrowed to a location", zones: []okta.NetworkZone{narrowed}, reason: []string{"limited to some locations"}},
		{name: "narrowed to an ASN", zones: []okta.NetworkZone{asn}, reason: []string{"limited to some ASNs"}},
		{name: "categories excluded", zones: []okta.NetworkZone{excluding}, reason: []string{"excludes APPLE_ICLOUD_RELAY_PROXY"}},
		{name: "other categories only", zones: []okta.NetworkZone{edz("nzoV", "VPNs", "ACTIVE", "BLOCKLIST", "ALL_VPN")},
			reason: []string{"does not include ALL_ANONYMIZERS"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NetworkZone(&Facts{Now: now, NetworkZones: tc.zones}, NetworkZoneInput{})
			if err != nil {
				t.Fatal(err)
			}
			if r.SubjectsEvaluated != len(tc.zones) {
				t.Errorf("subjects evaluated = %d, want %d", r.SubjectsEvaluated, len(tc.zones))
			}
			if !slices.Contains(r.Controls, STIGAnonymizerBlocklist) {
				t.Errorf("controls %v lack %s", r.Controls, STIGAnonymizerBlocklist)
			}
			if tc.pass {
				if len(r.Violations) != 0 {
					t.Fatalf("want a pass, got %v", r.Violations)
				}
				return
			}
			if len(r.Violations) != 1 {
				t.Fatalf("want one violation, got %v", r.Violations)
			}
			v := r.Violations[0]
			if v.Subject != NetworkZoneSubject {
				t.Errorf("subject = %q, want %q", v.Subject, NetworkZoneSubject)
			}
			for _, s := range tc.reason {
				if !strings.Contains(v.Reason, s) {
					t.Errorf("reason %q lacks %q", v.Reason, s)
				}
			}
		})
	}
}

func TestNetworkZoneExceptionAndMissing(t *testing.T) {
	if _, err := NetworkZone(&Facts{Now: now}, NetworkZoneInput{}); err == nil {
		t.Error("nil zones: want a missing-facts error")
	}
	r, err := NetworkZone(&Facts{Now: now, NetworkZones: []okta.NetworkZone{}}, NetworkZoneInput{Exceptions: []Exception{
		{Subject: "Network Zones", Reason: "blocklist rollout in progress", Expires: "2026-12-31"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Violations) != 0 || len(r.ExceptionsApplied) != 1 {
		t.Errorf("exception not applied: violations %v, applied %v", r.Violations, r.ExceptionsApplied)
	}
}

func TestNetworkZoneFingerprintFollowsZones(t *testing.T) {
	a := []okta.NetworkZone{edz("nzoD", "DefaultEnhancedDynamicZone", "ACTIVE", "BLOCKLIST", "ALL_ANONYMIZERS")}
	b := []okta.NetworkZone{edz("nzoD", "DefaultEnhancedDynamicZone", "ACTIVE", "BLOCKLIST", "ALL_ANONYMIZERS", "ALL_VPN")}
	ra, err := NetworkZone(&Facts{Now: now, NetworkZones: a}, NetworkZoneInput{})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := NetworkZone(&Facts{Now: now, NetworkZones: b}, NetworkZoneInput{})
	if err != nil {
		t.Fatal(err)
	}
	ra2, _ := NetworkZone(&Facts{Now: now, NetworkZones: a}, NetworkZoneInput{})
	if ra.Fingerprint == rb.Fingerprint {
		t.Error("a changed zone left the fingerprint unchanged")
	}
	if ra.Fingerprint != ra2.Fingerprint {
		t.Error("the same zones gave two fingerprints")
	}
}
