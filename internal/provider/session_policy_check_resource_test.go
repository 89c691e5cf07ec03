package provider

import (
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// Sign-on policies of the test org: an admins' policy that meets the STIG
// and denies sign-in from outside the zones, the default policy whose rule
// is lax, and an inactive policy.
const (
	pSoAdmins   = "00p0000000000000sos1"
	pSoDefault  = "00p0000000000000sos2"
	pSoInactive = "00p0000000000000sos3"
	rSoMFA      = "0pr0000000000000sos1"
	rSoDeny     = "0pr0000000000000sos2"
	rSoDefault  = "0pr0000000000000sos3"
	rSoInactive = "0pr0000000000000sos4"
)

func signOnActions(access string, mfa bool, idle, lifetime int, persistent bool) map[string]any {
	return map[string]any{"signon": map[string]any{
		"access": access, "requireFactor": mfa, "primaryFactor": "PASSWORD_IDP_ANY_FACTOR",
		"session": map[string]any{"maxSessionIdleMinutes": idle, "maxSessionLifetimeMinutes": lifetime, "usePersistentCookie": persistent},
	}}
}

func addSignOnPolicies(org *oktasim.Org) {
	at := ts(3, 6)
	rule := func(id, name string, prio int, actions map[string]any) oktasim.PolicyRule {
		return oktasim.PolicyRule{ID: id, Name: name, Status: "ACTIVE", Priority: prio, Type: "SIGN_ON", Created: at, LastUpdated: at,
			Conditions: map[string]any{"network": map[string]any{"connection": "ANYWHERE"}}, Actions: actions}
	}
	policy := func(id, name, status string, prio int, rules ...oktasim.PolicyRule) *oktasim.Policy {
		return &oktasim.Policy{ID: id, Type: "OKTA_SIGN_ON", Name: name, Status: status, Priority: prio, Created: at, LastUpdated: at,
			Conditions: map[string]any{"people": map[string]any{"groups": map[string]any{"include": []any{gEveryone}}}}, Rules: rules}
	}
	org.Policies = append(org.Policies,
		policy(pSoAdmins, "Admins", "ACTIVE", 1,
			rule(rSoMFA, "MFA", 1, signOnActions("ALLOW", true, 15, 1080, false)),
			rule(rSoDeny, "Deny elsewhere", 2, signOnActions("DENY", false, 0, 0, true))),
		policy(pSoDefault, "Default Policy", "ACTIVE", 2,
			rule(rSoDefault, "Default Rule", 1, signOnActions("ALLOW", false, 720, 0, true))),
		policy(pSoInactive, "Retired", "INACTIVE", 3,
			rule(rSoInactive, "Anything goes", 1, signOnActions("ALLOW", false, 0, 0, true))),
	)
}

const stigSessionBody = `  max_idle_minutes        = 15
  max_lifetime_minutes    = 1080
  allow_persistent_cookie = false
`

func TestAccSessionPolicyCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addSignOnPolicies(org)
	checkLifecycle{
		typ: "oktagate_session_policy_check", name: "stig", org: org,
		body: stigSessionBody,
		warn: map[string]string{
			"subjects_evaluated":      "2", // the admins' MFA rule and the default rule
			"violation_count":         "1",
			"violations.0.subject":    "Default Policy / Default Rule",
			"violations.0.subject_id": rSoDefault,
			"violations.0.reason": "idle session 720 > 15 minutes; session lifetime unlimited > 1080 minutes; " +
				"no MFA required (requireFactor false); persistent session cookie allowed",
			"require_mfa": "true",
			"controls.#":  "8",
			"controls.3":  "PCIDSS4.0.1 8.2.8",
			"controls.4":  "SOC2 CC6.1",
			"controls.5":  "STIG V-273186",
			"controls.6":  "STIG V-273203",
			"controls.7":  "STIG V-273206",
		},
		blocked: []string{"(1 violation,", "Default Policy / Default Rule (" + rSoDefault + "): idle session 720 > 15 minutes"},
		waive:   []string{rSoDefault},
		fix: func(org *oktasim.Org) {
			for _, p := range org.Policies {
				if p.ID == pSoDefault {
					p.Rules[0].Actions = signOnActions("ALLOW", true, 10, 600, false)
				}
			}
		},
	}.run(t)
}
