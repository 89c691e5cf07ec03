package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// Policies of the Globex test org.
var (
	globexPasswordSettings = map[string]any{
		"password": map[string]any{
			"complexity": map[string]any{
				"minLength": 15, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1, "minSymbol": 1,
				"excludeUsername": true, "excludeAttributes": []any{"firstName", "lastName"},
				"dictionary": map[string]any{"common": map[string]any{"exclude": true}},
			},
			"age":     map[string]any{"maxAgeDays": 60, "expireWarnDays": 7, "minAgeMinutes": 1440, "historyCount": 5},
			"lockout": map[string]any{"maxAttempts": 3, "autoUnlockMinutes": 0, "showLockoutFailures": true},
		},
		"recovery":   map[string]any{"factors": map[string]any{"okta_email": map[string]any{"status": "ACTIVE"}}},
		"delegation": map[string]any{"options": map[string]any{"skipUnlock": false}},
	}
	globexSessionActions = map[string]any{
		"signon": map[string]any{
			"access": "ALLOW", "requireFactor": true, "factorPromptMode": "ALWAYS", "rememberDeviceByDefault": false,
			"session": map[string]any{"maxSessionIdleMinutes": 15, "maxSessionLifetimeMinutes": 720, "usePersistentCookie": false},
		},
	}
)

const (
	gGlobexStaff  = "00g0000000000000glx1"
	gGlobexAdmins = "00g0000000000000glx2"
	gGlobexTemps  = "00g0000000000000glx3"
)

// addGlobexPolicies gives org two PASSWORD policies (listed out of order, one
// with two rules) and a sign-on policy with a rule.
func addGlobexPolicies(org *oktasim.Org) {
	at := ts(3, 4)
	org.Policies = append(org.Policies,
		&oktasim.Policy{ID: "00p0000000000000pw02", Type: "PASSWORD", Name: "Default Policy", Description: "The default password policy",
			Status: "ACTIVE", Priority: 2, System: true, Created: at, LastUpdated: at,
			Conditions: map[string]any{"people": map[string]any{"groups": map[string]any{"include": []any{gGlobexStaff}}}},
			Settings:   map[string]any{"password": map[string]any{"complexity": map[string]any{"minLength": 8}}},
			Rules: []oktasim.PolicyRule{{ID: "0pr0000000000000pw21", Name: "Default Rule", Status: "ACTIVE", Priority: 1, System: true,
				Conditions: map[string]any{"people": map[string]any{"users": map[string]any{"exclude": []any{}}}},
				Actions:    map[string]any{"passwordChange": map[string]any{"access": "ALLOW"}}}}},
		&oktasim.Policy{ID: "00p0000000000000pw01", Type: "PASSWORD", Name: "Admins", Status: "ACTIVE", Priority: 1,
			Created: at, LastUpdated: at,
			Conditions: map[string]any{"people": map[string]any{"groups": map[string]any{
				"include": []any{gGlobexAdmins, gGlobexStaff}, "exclude": []any{gGlobexTemps}}}},
			Settings: globexPasswordSettings,
			Rules: []oktasim.PolicyRule{
				{ID: "0pr0000000000000pw12", Name: "No self-service reset", Status: "ACTIVE", Priority: 2,
					Conditions: map[string]any{"network": map[string]any{"connection": "ANYWHERE"}},
					Actions: map[string]any{"passwordChange": map[string]any{"access": "ALLOW"},
						"selfServicePasswordReset": map[string]any{"access": "DENY"}, "selfServiceUnlock": map[string]any{"access": "DENY"}}},
				{ID: "0pr0000000000000pw11", Name: "Admins change", Status: "INACTIVE", Priority: 1,
					Conditions: map[string]any{}, Actions: map[string]any{"passwordChange": map[string]any{"access": "DENY"}}},
			}},
		&oktasim.Policy{ID: "00p0000000000000so01", Type: "OKTA_SIGN_ON", Name: "Global session", Status: "ACTIVE", Priority: 1,
			Created: at, LastUpdated: at, Conditions: map[string]any{"people": map[string]any{"groups": map[string]any{"include": []any{gGlobexStaff}}}},
			Rules: []oktasim.PolicyRule{{ID: "0pr0000000000000so11", Name: "MFA everywhere", Status: "ACTIVE", Priority: 1, Type: "SIGN_ON",
				Conditions: map[string]any{"network": map[string]any{"connection": "ANYWHERE"}, "authContext": map[string]any{"authType": "ANY"}},
				Actions:    globexSessionActions}}},
	)
}

// jsonAttrEquals decodes a JSON attribute and compares it with want (itself
// passed through JSON, so numbers compare as numbers).
func jsonAttrEquals(name, key string, want any) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(name, key, func(value string) error {
		var got, exp any
		if err := json.Unmarshal([]byte(value), &got); err != nil {
			return fmt.Errorf("%s is not JSON: %w", key, err)
		}
		b, _ := json.Marshal(want)
		_ = json.Unmarshal(b, &exp)
		if !reflect.DeepEqual(got, exp) {
			return fmt.Errorf("%s = %s, want %s", key, value, b)
		}
		return nil
	})
}

func TestAccPoliciesDataSource(t *testing.T) {
	t.Parallel()
	org := oktasim.NewOrg()
	addGlobexPolicies(org)
	s, provider := startSim(t, org, oktasim.Options{Unlimited: true, PageSizeCap: 1})

	pw := "data.oktagate_policies.password"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
data "oktagate_policies" "password" {
  type          = "PASSWORD"
  include_rules = true
}
data "oktagate_policies" "password_only" {
  type = "PASSWORD"
}
data "oktagate_policies" "sign_on" {
  type          = "OKTA_SIGN_ON"
  include_rules = true
}
data "oktagate_policies" "enroll" {
  type = "MFA_ENROLL"
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs(pw, map[string]string{
					"policies.#":                     "2",
					"policies.0.id":                  "00p0000000000000pw01",
					"policies.0.name":                "Admins",
					"policies.0.type":                "PASSWORD",
					"policies.0.status":              "ACTIVE",
					"policies.0.priority":            "1",
					"policies.0.system":              "false",
					"policies.0.group_ids.#":         "2",
					"policies.0.group_ids.0":         gGlobexStaff,
					"policies.0.group_ids.1":         gGlobexAdmins,
					"policies.0.exclude_group_ids.#": "1",
					"policies.0.exclude_group_ids.0": gGlobexTemps,
					"policies.0.rules.#":             "2",
					"policies.0.rules.0.id":          "0pr0000000000000pw11",
					"policies.0.rules.0.status":      "INACTIVE",
					"policies.0.rules.1.id":          "0pr0000000000000pw12",
					"policies.0.rules.1.priority":    "2",
					"policies.0.rules.1.name":        "No self-service reset",
					"policies.1.id":                  "00p0000000000000pw02",
					"policies.1.description":         "The default password policy",
					"policies.1.system":              "true",
					"policies.1.exclude_group_ids.#": "0",
					// Canonical: sorted keys, no whitespace.
					"policies.1.settings_json":           `{"password":{"complexity":{"minLength":8}}}`,
					"policies.1.rules.0.actions_json":    `{"passwordChange":{"access":"ALLOW"}}`,
					"policies.1.rules.0.conditions_json": `{"people":{"users":{"exclude":[]}}}`,
				}),
				resource.TestCheckNoResourceAttr(pw, "policies.0.description"),
				jsonAttrEquals(pw, "policies.0.settings_json", globexPasswordSettings),
				jsonAttrEquals(pw, "policies.0.rules.1.actions_json", map[string]any{"passwordChange": map[string]any{"access": "ALLOW"},
					"selfServicePasswordReset": map[string]any{"access": "DENY"}, "selfServiceUnlock": map[string]any{"access": "DENY"}}),
				resource.TestCheckResourceAttr("data.oktagate_policies.password_only", "policies.#", "2"),
				resource.TestCheckNoResourceAttr("data.oktagate_policies.password_only", "policies.0.rules.#"),
				resource.TestCheckNoResourceAttr("data.oktagate_policies.password_only", "policies.1.rules.#"),
				checkAttrs("data.oktagate_policies.sign_on", map[string]string{
					"policies.#": "1", "policies.0.settings_json": "null", "policies.0.rules.#": "1",
					"policies.0.rules.0.name": "MFA everywhere",
				}),
				jsonAttrEquals("data.oktagate_policies.sign_on", "policies.0.rules.0.actions_json", globexSessionActions),
				jsonAttrEquals("data.oktagate_policies.sign_on", "policies.0.rules.0.conditions_json",
					map[string]any{"network": map[string]any{"connection": "ANYWHERE"}, "authContext": map[string]any{"authType": "ANY"}}),
				resource.TestCheckResourceAttr("data.oktagate_policies.enroll", "policies.#", "0"),
				func(*terraform.State) error { return policyRequestsOnce(s) },
			),
		}},
	})
}

// policyRequestsOnce checks that one plan read each policy type and each
// policy's rules once (pages aside): two data sources ask for PASSWORD.
func policyRequestsOnce(s *oktasim.Server) error {
	firstPages := map[string]int{}
	for _, r := range s.Requests() {
		if r.Path == "/api/v1/policies" && !strings.Contains(r.RawQuery, "after=") {
			firstPages[r.RawQuery]++
		}
		if len(r.Path) > len("/api/v1/policies/") && r.Status == 200 {
			firstPages[r.Path]++
		}
	}
	// Terraform reads the data sources in several commands of the test step,
	// each with its own provider process and snapshot; count per snapshot by
	// comparing with the number of sign-on reads.
	perPlan := firstPages["type=OKTA_SIGN_ON"]
	if perPlan == 0 {
		return fmt.Errorf("no sign-on policy request seen: %v", firstPages)
	}
	for k, n := range firstPages {
		if n != perPlan {
			return fmt.Errorf("%s requested %d times for %d reads of the sign-on policies: %v", k, n, perPlan, firstPages)
		}
	}
	return nil
}
