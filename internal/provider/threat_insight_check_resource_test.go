package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// demoZoneID is the id of the demo org's zone of that name.
func demoZoneID(org *oktasim.Org, name string) string {
	for _, z := range org.Zones {
		if z.Name == name {
			return z.ID
		}
	}
	panic("the demo org has no zone " + name)
}

// TestAccThreatInsightCheck runs against the demo org (ThreatInsight on
// audit, the office's LegacyIpZone exempt) through one-item pages and a 429
// on the first request to each endpoint it reads: it finds exactly those two
// violations; then the org is changed in the simulator to pass (block, no
// exemption), to fail with ThreatInsight off even when audit is accepted,
// and to pass with the zone allowed.
func TestAccThreatInsightCheck(t *testing.T) {
	t.Parallel()
	org := fixtures.DemoOrg(1, time.Now().UTC())
	office := demoZoneID(org, "LegacyIpZone")
	s, provider := startThrottledSim(t, org, 1, first429("/api/v1/threats/configuration", "/api/v1/zones")...)
	const addr = "oktagate_threat_insight_check.ti"
	config := func(body string) string {
		return provider + "resource \"oktagate_threat_insight_check\" \"ti\" {\n" + body + "}\n"
	}
	setTI := func(action string, zones ...string) func() {
		return func() {
			org.Lock()
			defer org.Unlock()
			org.ThreatInsight = &oktasim.ThreatInsight{Action: action, ExcludeZones: zones}
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config("  enforcement = \"warn\"\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr, [2]string{"LegacyIpZone", office}, [2]string{"ThreatInsight", ""}),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("require_block"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"status": "fail",
						"violations.1.reason": "action is audit: requests from suspicious IP addresses are logged " +
							"but not blocked; want block (require_block)",
					}),
					func(*terraform.State) error {
						var throttled, paged int
						for _, r := range s.Requests() {
							if r.Method != http.MethodGet {
								return fmt.Errorf("a compliance check wrote to Okta: %s %s", r.Method, r.Path)
							}
							if r.Status == http.StatusTooManyRequests {
								throttled++
							}
							if r.Path == "/api/v1/zones" && strings.Contains(r.RawQuery, "after=") {
								paged++
							}
						}
						if throttled != 2 || paged == 0 {
							return fmt.Errorf("the run met %d 429s (want 2) and followed %d zone pages; the test proves nothing", throttled, paged)
						}
						return nil
					},
				),
			},
			{
				Config:      config(""),
				ExpectError: phrases("Compliance check failed: oktagate_threat_insight_check", "(2 violations,", "LegacyIpZone ("+office+")"),
			},
			{
				PreConfig: setTI("block"),
				Config:    config(""),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pass")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(1)),
				},
			},
			{
				PreConfig:   setTI("none"),
				Config:      config("  require_block = false\n"),
				ExpectError: phrases("(1 violation,", "ThreatInsight: action is none: ThreatInsight is off", "want block or audit"),
			},
			{
				PreConfig: setTI("audit", office),
				Config:    config("  require_block = false\n  allowed_excluded_zone_ids = [\"" + office + "\"]\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(2)),
				},
			},
			{
				// Last but one: the destroy needs the valid configuration above.
				Config:      config("  allowed_excluded_zone_ids = [\"LegacyIpZone\"]\n"),
				ExpectError: phrase("must be an Okta network zone id"),
			},
			{Config: config("  require_block = false\n  allowed_excluded_zone_ids = [\"" + office + "\"]\n"), PlanOnly: true},
		},
	})
}

// TestAccThreatInsightCheckForbidden: without okta.threatInsights.read the
// plan fails naming the scope and the request; without okta.networkZones.read
// it still judges, naming the exempt zone by id.
func TestAccThreatInsightCheckForbidden(t *testing.T) {
	t.Parallel()
	org := fixtures.DemoOrg(1, time.Now().UTC())
	office := demoZoneID(org, "LegacyIpZone")
	_, provider := startForbiddenSim(t, org, "/api/v1/zones")
	_, noTI := startForbiddenSim(t, fixtures.DemoOrg(1, time.Now().UTC()), "/api/v1/threats/")
	const addr = "oktagate_threat_insight_check.ti"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config:      noTI + "resource \"oktagate_threat_insight_check\" \"ti\" {}\n",
				ExpectError: phrases("Missing Okta scope or admin role", "okta.threatInsights.read", "GET /api/v1/threats/configuration"),
			},
			{
				Config: provider + "resource \"oktagate_threat_insight_check\" \"ti\" {\n  enforcement = \"warn\"\n}\n",
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr, [2]string{"ThreatInsight", ""}, [2]string{office, office}),
				},
			},
		},
	})
}
