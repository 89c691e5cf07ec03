package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// Authentication (ACCESS_POLICY) policies of the test org: the Okta
// Dashboard's, weak (a rule whose second alternative is not
// phishing-resistant, and a one-factor catch-all); the Okta Admin Console's,
// strong (phishing-resistant 2FA from the corporate zone, everything else
// denied); and an inactive one.
const (
	pAuthDashboard = "rst00000000000000ad1"
	pAuthConsole   = "rst00000000000000ad2"
	pAuthRetired   = "rst00000000000000ad3"
	rAuthDashMixed = "rul00000000000000ad1"
	rAuthDashAll   = "rul00000000000000ad2"
	rAuthConsole   = "rul00000000000000ad3"
	rAuthConsoleNo = "rul00000000000000ad4"
	rAuthRetired   = "rul00000000000000ad5"
)

var (
	authPhishingResistant = map[string]any{"possession": map[string]any{"required": true, "phishingResistant": "REQUIRED", "deviceBound": "REQUIRED"}}
	authAnyPossession     = map[string]any{"knowledge": map[string]any{"required": true, "types": []any{"password"}},
		"possession": map[string]any{"required": true, "userPresence": "OPTIONAL"}}
)

func appSignOn(access, factorMode, reauth string, constraints ...map[string]any) map[string]any {
	cs := make([]any, 0, len(constraints))
	for _, c := range constraints {
		cs = append(cs, c)
	}
	return map[string]any{"appSignOn": map[string]any{"access": access, "verificationMethod": map[string]any{
		"type": "ASSURANCE", "factorMode": factorMode, "reauthenticateIn": reauth, "constraints": cs,
	}}}
}

func addAuthenticationPolicies(org *oktasim.Org) {
	at := ts(3, 7)
	zone := map[string]any{"network": map[string]any{"connection": "ZONE", "include": []any{"nzo00000000000000001"}}}
	rule := func(id, name string, prio int, system bool, conditions, actions map[string]any) oktasim.PolicyRule {
		return oktasim.PolicyRule{ID: id, Name: name, Status: "ACTIVE", Priority: prio, System: system, Type: "ACCESS_POLICY",
			Created: at, LastUpdated: at, Conditions: conditions, Actions: actions}
	}
	policy := func(id, name, status string, prio int, rules ...oktasim.PolicyRule) *oktasim.Policy {
		return &oktasim.Policy{ID: id, Type: "ACCESS_POLICY", Name: name, Status: status, Priority: prio, System: status == "ACTIVE",
			Created: at, LastUpdated: at, Rules: rules}
	}
	org.Policies = append(org.Policies,
		policy(pAuthDashboard, "Okta Dashboard", "ACTIVE", 1,
			rule(rAuthDashMixed, "Staff", 1, false, zone, appSignOn("ALLOW", "2FA", "PT12H", authPhishingResistant, authAnyPossession)),
			rule(rAuthDashAll, "Catch-all Rule", 99, true, nil, appSignOn("ALLOW", "1FA", "PT12H"))),
		policy(pAuthConsole, "Okta Admin Console", "ACTIVE", 2,
			rule(rAuthConsole, "Admins", 1, false, zone, appSignOn("ALLOW", "2FA", "PT2H", authPhishingResistant)),
			rule(rAuthConsoleNo, "Catch-all Rule", 99, true, nil, appSignOn("DENY", "2FA", "PT0S"))),
		policy(pAuthRetired, "Retired portal", "INACTIVE", 3,
			rule(rAuthRetired, "Anyone", 1, false, nil, appSignOn("ALLOW", "1FA", "PT43800H"))),
	)
}

func TestAccAuthenticationPolicyCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addAuthenticationPolicies(org)
	const addr = "oktagate_authentication_policy_check.stig"
	checkLifecycle{
		typ: "oktagate_authentication_policy_check", name: "stig", org: org,
		body: "  phishing_resistant = true\n",
		warn: map[string]string{
			"subjects_evaluated":      "3", // the dashboard's two rules and the console's ALLOW rule
			"violation_count":         "2",
			"violations.0.subject":    "Okta Dashboard / Catch-all Rule",
			"violations.0.subject_id": rAuthDashAll,
			"violations.0.reason": "factorMode 1FA, want 2FA; no constraints (any authenticator satisfies the rule), " +
				"want possession.phishingResistant REQUIRED",
			"violations.1.subject":    "Okta Dashboard / Staff",
			"violations.1.subject_id": rAuthDashMixed,
			"violations.1.reason":     "constraints[1] possession.phishingResistant not set, want REQUIRED",
			"policy_names.#":          "2",
			"policy_names.0":          "Okta Dashboard",
			"policy_names.1":          "Okta Admin Console",
			"require_mfa":             "true",
			"controls.#":              "11",
			"controls.0":              "CISv8.1 6.5",
			"controls.6":              "SOC2 CC6.1",
			"controls.7":              "STIG V-273190",
			"controls.8":              "STIG V-273191",
			"controls.9":              "STIG V-273193",
			"controls.10":             "STIG V-273194",
		},
		blocked: []string{"(2 violations,", "Okta Dashboard / Catch-all Rule (" + rAuthDashAll + "): factorMode 1FA, want 2FA",
			"Okta Dashboard / Staff (" + rAuthDashMixed + "): constraints[1]"},
		waive: []string{rAuthDashAll, "Okta Dashboard / Staff"},
		fix: func(org *oktasim.Org) {
			for _, p := range org.Policies {
				if p.ID == pAuthDashboard {
					p.Rules[0].Actions = appSignOn("ALLOW", "2FA", "PT12H", authPhishingResistant)
					p.Rules[1].Actions = appSignOn("DENY", "1FA", "PT12H")
				}
			}
		},
		more: func(provider string) []resource.TestStep {
			return []resource.TestStep{
				{
					// A missing and an inactive policy fail the check; the
					// console's two-hour re-authentication exceeds the
					// limit; the controls follow the arguments.
					Config: provider + `resource "oktagate_authentication_policy_check" "stig" {
  enforcement                = "warn"
  policy_names               = ["Okta Admin Console", "Okta Workflows"]
  policy_ids                 = ["` + pAuthRetired + `"]
  max_reauthenticate_minutes = 60
  require_network_zone       = true
}
`,
					ConfigPlanChecks: updateInPlace(addr),
					Check: checkAttrs(addr, map[string]string{
						"status": "fail", "subjects_evaluated": "3", "violation_count": "3",
						"violations.0.subject":    "Okta Admin Console / Admins",
						"violations.0.subject_id": rAuthConsole,
						"violations.0.reason":     "reauthenticateIn PT2H (120 minutes) > 60 minutes",
						"violations.1.subject":    "Okta Workflows",
						"violations.1.subject_id": "",
						"violations.1.reason":     `no ACCESS_POLICY (authentication) policy named "Okta Workflows" was found`,
						"violations.2.subject":    "Retired portal",
						"violations.2.subject_id": pAuthRetired,
						"violations.2.reason":     "the policy is INACTIVE, not ACTIVE: its rules are not enforced",
						"controls.#":              "6", "controls.4": "SOC2 CC6.1", "controls.5": "STIG V-273193",
					}),
				},
				{
					// Selecting nothing would pass vacuously: refused before any request.
					Config:      provider + "resource \"oktagate_authentication_policy_check\" \"stig\" {\n  policy_names = []\n}\n",
					ExpectError: regexp.MustCompile(`policy_names, policy_ids or all_policies must select at least one`),
				},
				{
					// Every app's policy limited to zones: the fixed org passes.
					Config: provider + `resource "oktagate_authentication_policy_check" "stig" {
  all_policies         = true
  require_network_zone = true
  phishing_resistant   = true
}
`,
					ConfigPlanChecks: updateInPlace(addr),
					Check: checkAttrs(addr, map[string]string{
						"status": "pass", "subjects_evaluated": "2", "violation_count": "0", "enforcement": "block",
						"controls.#": "14", "controls.7": "PCIDSS4.0.1 8.4.2", "controls.13": "STIG V-279693",
					}),
				},
			}
		},
	}.run(t)
}
