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

// demoBehavior is the demo org's behavior detection rule of that name.
func demoBehavior(org *oktasim.Org, name string) *oktasim.Behavior {
	for _, b := range org.Behaviors {
		if b.Name == name {
			return b
		}
	}
	panic("the demo org has no behavior " + name)
}

// demoPolicyRule is the demo org's rule of that policy (of that type).
func demoPolicyRule(org *oktasim.Org, typ, policy, rule string) (*oktasim.Policy, *oktasim.PolicyRule) {
	for _, p := range org.Policies {
		if p.Type != typ || p.Name != policy {
			continue
		}
		for i := range p.Rules {
			if p.Rules[i].Name == rule {
				return p, &p.Rules[i]
			}
		}
	}
	panic("the demo org has no rule " + policy + " / " + rule)
}

// TestAccBehaviorDetectionCheck runs against the demo org (Okta's default
// behaviors, velocity INACTIVE, New Country and New Device used by the
// admins' global session and Admin Apps rules) through one-item pages and a
// 429 on the first behaviors and policies requests: exactly the four unused
// ACTIVE behaviors and the velocity kind violate. The org is then changed in
// the simulator to pass, and to fail again when the policy using them is
// deactivated.
func TestAccBehaviorDetectionCheck(t *testing.T) {
	t.Parallel()
	org := fixtures.DemoOrg(1, time.Now().UTC())
	id := func(name string) string { return demoBehavior(org, name).ID }
	s, provider := startThrottledSim(t, org, 1, first429("/api/v1/behaviors", "/api/v1/policies")...)
	const addr = "oktagate_behavior_detection_check.bd"
	config := func(body string) string {
		return provider + "resource \"oktagate_behavior_detection_check\" \"bd\" {\n" + body + "}\n"
	}
	fix := func() {
		org.Lock()
		defer org.Unlock()
		for _, n := range []string{"New City", "New State", "New Geo-Location"} {
			demoBehavior(org, n).Status = "INACTIVE"
		}
		demoBehavior(org, "Velocity").Status = "ACTIVE"
		_, r := demoPolicyRule(org, "OKTA_SIGN_ON", "Admin Sign-On", "Require MFA")
		r.Conditions["risk"] = map[string]any{"behaviors": []string{"New Country", "New Device", "New IP", "Velocity"}}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config("  enforcement = \"warn\"\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr,
						[2]string{"New City", id("New City")}, [2]string{"New Geo-Location", id("New Geo-Location")},
						[2]string{"New IP", id("New IP")}, [2]string{"New State", id("New State")},
						[2]string{"VELOCITY", ""}),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(7+4)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("required_types"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("ANOMALOUS_LOCATION:COUNTRY"), knownvalue.StringExact("ANOMALOUS_DEVICE"),
						knownvalue.StringExact("ANOMALOUS_IP"), knownvalue.StringExact("VELOCITY"),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"status":              "fail",
						"violations.4.reason": `no ACTIVE behavior detection rule detects velocity: "Velocity" is INACTIVE; want one ACTIVE (required_types)`,
					}),
					resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
						return expectContains(v, `{"behavior":"New Device","rules":["Admin Apps / Admins: phishing-resistant 2FA","Admin Sign-On / Require MFA"]}`)
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
							if r.Path == "/api/v1/behaviors" && strings.Contains(r.RawQuery, "after=") {
								paged++
							}
						}
						if throttled != 2 || paged == 0 {
							return fmt.Errorf("the run met %d 429s (want 2) and followed %d behavior pages; the test proves nothing", throttled, paged)
						}
						return nil
					},
				),
			},
			{
				Config:      config(""),
				ExpectError: phrases("Compliance check failed: oktagate_behavior_detection_check", "(5 violations,", "New IP ("+id("New IP")+")"),
			},
			{
				PreConfig: fix,
				Config:    config(""),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pass")),
				},
			},
			{
				PreConfig: func() {
					org.Lock()
					defer org.Unlock()
					p, _ := demoPolicyRule(org, "OKTA_SIGN_ON", "Admin Sign-On", "Require MFA")
					p.Status = "INACTIVE"
				},
				Config: config(""),
				ExpectError: phrases("(3 violations,", "New Country ("+id("New Country")+"): ACTIVE, but no ACTIVE rule",
					"New IP ("+id("New IP")+")", "Velocity ("+id("Velocity")+")"),
			},
			{
				// New City was deactivated above: required, it violates; usage is not judged.
				Config: config("  enforcement = \"warn\"\n  require_policy_use = false\n  required_types = [\"anomalous_location:city\"]\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr, [2]string{"ANOMALOUS_LOCATION:CITY", ""}),
				},
			},
			{
				Config:      config("  required_types = [\"NEW_COUNTRY\"]\n"),
				ExpectError: phrase("value must be one of"),
			},
			{
				// Last: the destroy needs a valid configuration.
				Config:   config("  enforcement = \"warn\"\n  require_policy_use = false\n  required_types = [\"anomalous_location:city\"]\n"),
				PlanOnly: true,
			},
		},
	})
}

// TestAccBehaviorDetectionCheckForbidden: without okta.behaviors.read the
// plan fails naming the scope and the request.
func TestAccBehaviorDetectionCheckForbidden(t *testing.T) {
	t.Parallel()
	_, provider := startForbiddenSim(t, fixtures.DemoOrg(1, time.Now().UTC()), "/api/v1/behaviors")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config:      provider + "resource \"oktagate_behavior_detection_check\" \"bd\" {}\n",
			ExpectError: phrases("Missing Okta scope or admin role", "okta.behaviors.read", "GET /api/v1/behaviors"),
		}},
	})
}
