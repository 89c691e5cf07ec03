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

// demoPolicyID is the id of the demo org's policy of that type and name.
func demoPolicyID(org *oktasim.Org, typ, name string) string {
	for _, p := range org.Policies {
		if p.Type == typ && p.Name == name {
			return p.ID
		}
	}
	panic("the demo org has no " + typ + " policy " + name)
}

// TestAccFactorEnrollmentCheck runs against the demo org (Contractor MFA, a
// Classic policy, offers okta_sms; the Identity Engine default policy forbids
// phone and security questions) through one-item pages and a 429 on the
// first policies request: only Contractor MFA violates. Allowing phone
// passes; requiring phishing resistance fails both (the default policy's
// webauthn is only OPTIONAL); a policy whose rules stop prompting
// enrollment fails; an unknown weak authenticator is refused.
func TestAccFactorEnrollmentCheck(t *testing.T) {
	t.Parallel()
	org := fixtures.DemoOrg(1, time.Now().UTC())
	contractor := demoPolicyID(org, "MFA_ENROLL", "Contractor MFA")
	def := demoPolicyID(org, "MFA_ENROLL", "Default Policy")
	s, provider := startThrottledSim(t, org, 1, first429("/api/v1/policies")...)
	const addr = "oktagate_factor_enrollment_check.fe"
	config := func(body string) string {
		return provider + "resource \"oktagate_factor_enrollment_check\" \"fe\" {\n" + body + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config("  enforcement = \"warn\"\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr, [2]string{"Contractor MFA", contractor}),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("require_mfa_enrollment"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("require_phishing_resistant"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"status":              "fail",
						"violations.0.reason": "weak authenticator okta_sms (phone_number) is OPTIONAL, want NOT_ALLOWED",
					}),
					func(*terraform.State) error {
						var throttled, paged int
						for _, r := range s.Requests() {
							if r.Method != http.MethodGet {
								return fmt.Errorf("a compliance check wrote to Okta: %s %s", r.Method, r.Path)
							}
							policies := r.Path == "/api/v1/policies" && strings.Contains(r.RawQuery, "type=MFA_ENROLL")
							rules := r.Path == "/api/v1/policies/"+contractor+"/rules" || r.Path == "/api/v1/policies/"+def+"/rules"
							if !policies && !rules {
								return fmt.Errorf("the check read %s?%s, not only the MFA_ENROLL policies and their rules", r.Path, r.RawQuery)
							}
							if r.Status == http.StatusTooManyRequests {
								throttled++
							}
							if strings.Contains(r.RawQuery, "after=") {
								paged++
							}
						}
						if throttled != 1 || paged == 0 {
							return fmt.Errorf("the run met %d 429s (want 1) and followed %d pages; the test proves nothing", throttled, paged)
						}
						return nil
					},
				),
			},
			{
				Config:      config(""),
				ExpectError: phrases("Compliance check failed: oktagate_factor_enrollment_check", "(1 violation,", "Contractor MFA ("+contractor+")"),
			},
			{
				Config: config("  allowed_weak_authenticators = [\"phone_number\"]\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pass")),
				},
			},
			{
				Config: config("  enforcement = \"warn\"\n  allowed_weak_authenticators = [\"phone_number\"]\n  require_phishing_resistant = true\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr, [2]string{"Contractor MFA", contractor}, [2]string{"Default Policy", def}),
				},
				Check: checkAttrs(addr, map[string]string{
					"violations.1.reason": "no phishing-resistant authenticator (webauthn; Classic fido_webauthn, fido_u2f) is REQUIRED (require_phishing_resistant)",
				}),
			},
			{
				// The default policy's rule stops prompting enrollment
				// (changed in the simulator): it fails, its settings aside.
				PreConfig: func() {
					org.Lock()
					defer org.Unlock()
					for _, p := range org.Policies {
						if p.ID == def {
							for i := range p.Rules {
								p.Rules[i].Actions = map[string]any{"enroll": map[string]any{"self": "NEVER"}}
							}
						}
					}
				},
				Config: config("  enforcement = \"warn\"\n  allowed_weak_authenticators = [\"phone_number\"]\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr, [2]string{"Default Policy", def}),
				},
				Check: checkAttrs(addr, map[string]string{
					"violations.0.reason": "no ACTIVE rule prompts enrollment (actions.enroll.self CHALLENGE or LOGIN): " +
						"users are never asked to enroll what the policy requires (require_mfa_enrollment)",
				}),
			},
			{
				// Last but one: the destroy needs the valid configuration above.
				Config:      config("  allowed_weak_authenticators = [\"sms\"]\n"),
				ExpectError: phrases("allowed_weak_authenticators", "phone_number", "security_question"),
			},
			{Config: config("  enforcement = \"warn\"\n  allowed_weak_authenticators = [\"phone_number\"]\n"), PlanOnly: true},
		},
	})
}

// TestAccFactorEnrollmentCheckForbidden: without okta.policies.read the plan
// fails naming the scope and the request.
func TestAccFactorEnrollmentCheckForbidden(t *testing.T) {
	t.Parallel()
	_, provider := startForbiddenSim(t, fixtures.DemoOrg(1, time.Now().UTC()), "/api/v1/policies")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config:      provider + "resource \"oktagate_factor_enrollment_check\" \"fe\" {}\n",
			ExpectError: phrases("Missing Okta scope or admin role", "okta.policies.read", "GET /api/v1/policies"),
		}},
	})
}
