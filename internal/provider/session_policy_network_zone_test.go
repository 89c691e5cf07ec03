package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// setSignOnNetwork sets the network condition of one rule of the test org's
// sign-on policies.
func setSignOnNetwork(org *oktasim.Org, ruleID string, network map[string]any) {
	for _, p := range org.Policies {
		for i := range p.Rules {
			if p.Rules[i].ID == ruleID {
				p.Rules[i].Conditions = map[string]any{"network": network}
			}
		}
	}
}

// TestAccSessionPolicyNetworkZone judges whether each global session policy
// allows or denies by IP (STIG V-279691): the admins' policy denies sign-in
// outside the corporate zones and passes; the default policy allows sign-in
// from anywhere and fails until one of its rules names a zone.
func TestAccSessionPolicyNetworkZone(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addSignOnPolicies(org)
	setSignOnNetwork(org, rSoDeny, map[string]any{"connection": "ZONE", "exclude": []any{"nzo0000000000000corp"}})
	checkLifecycle{
		typ: "oktagate_session_policy_check", name: "network", org: org,
		// Only the network zone is judged.
		body: `  max_idle_minutes     = 0
  max_lifetime_minutes = 0
  require_mfa          = false
  require_network_zone = true
`,
		warn: map[string]string{
			"subjects_evaluated":      "4", // the two ACTIVE policies and their two rules that allow sign-in
			"violation_count":         "1",
			"violations.0.subject":    "Default Policy",
			"violations.0.subject_id": pSoDefault,
			"violations.0.reason": `policy "Default Policy": none of its ACTIVE rules conditions on a network zone ` +
				`(want conditions.network.connection ZONE with a zone in include or exclude)`,
			"require_network_zone": "true",
			"controls.#":           "2",
			"controls.0":           "SOC2 CC6.1",
			"controls.1":           "STIG V-279691",
		},
		blocked: []string{"(1 violation,", "Default Policy (" + pSoDefault + "): policy \"Default Policy\": none of its ACTIVE rules"},
		waive:   []string{pSoDefault},
		fix: func(org *oktasim.Org) {
			setSignOnNetwork(org, rSoDefault, map[string]any{"connection": "ZONE", "include": []any{"nzo0000000000000corp"}})
		},
		more: func(provider string) []resource.TestStep {
			return []resource.TestStep{{
				// Without the argument the network is not judged.
				Config: provider + "resource \"oktagate_session_policy_check\" \"network\" {\n" +
					"  max_idle_minutes     = 0\n  max_lifetime_minutes = 0\n  require_mfa          = false\n}\n",
				Check: checkAttrs("oktagate_session_policy_check.network", map[string]string{
					"subjects_evaluated": "2", "require_network_zone": "false", "controls.#": "1", "status": "pass",
				}),
			}}
		},
	}.run(t)
}
