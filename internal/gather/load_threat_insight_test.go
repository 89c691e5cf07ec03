package gather

import (
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestLoadThreatInsight: the configuration alone when it exempts no zone;
// the zones too (once, memoized) when it does; and, when the zones are
// forbidden, the configuration still judged with the zones named by id.
func TestLoadThreatInsight(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := t.Context()
	in := compliance.DefaultThreatInsightInput()
	f, err := LoadThreatInsight(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/threats/configuration")
	if f.ThreatInsight == nil || f.NetworkZones != nil {
		t.Fatalf("facts %+v", f)
	}
	assertLines(t, mustOK(t)(compliance.ThreatInsight(f, in)).Violations,
		"ThreatInsight: action is none: ThreatInsight is off and neither logs nor blocks requests from suspicious IP addresses; want block")

	at := loadNow.Add(-24 * time.Hour)
	org := loadOrg()
	org.Zones = []*oktasim.NetworkZone{{ID: "nzoVPN", Name: "VPN", Type: "IP", Status: "ACTIVE", Usage: "POLICY", Created: at, LastUpdated: at}}
	org.ThreatInsight = &oktasim.ThreatInsight{Action: "block", ExcludeZones: []string{"nzoVPN"}, Created: at, LastUpdated: at}
	for _, forbidZones := range []bool{false, true} {
		faults := &oktasim.Faults{}
		if forbidZones {
			faults.Add(oktasim.FaultRule{Kind: oktasim.FaultForbidden, PathPrefix: "/api/v1/zones"})
		}
		sim, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, Faults: faults})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(sim.Close)
		c, err := okta.New(okta.Config{OrgURL: sim.URL(), APIToken: sim.AdminToken()})
		if err != nil {
			t.Fatal(err)
		}
		snap := directory.New(c, directory.Options{})
		for range 2 {
			if f, err = LoadThreatInsight(ctx, snap, loadNow, in); err != nil {
				t.Fatal(err)
			}
		}
		r := mustOK(t)(compliance.ThreatInsight(f, in))
		if !forbidZones {
			wantPaths(t, sim, "/api/v1/threats/configuration", "/api/v1/zones")
			assertLines(t, r.Violations, "VPN (nzoVPN): ThreatInsight exempts this network zone (excludeZones): requests "+
				"from its IP addresses are neither logged nor blocked; allowed_excluded_zone_ids allows no zone")
			continue
		}
		if f.NetworkZones != nil || len(r.Notes) != 1 {
			t.Errorf("forbidden zones: facts %+v, notes %q", f, r.Notes)
		}
		assertLines(t, r.Violations, "nzoVPN: ThreatInsight exempts this network zone (excludeZones): requests "+
			"from its IP addresses are neither logged nor blocked; allowed_excluded_zone_ids allows no zone")
	}
}
