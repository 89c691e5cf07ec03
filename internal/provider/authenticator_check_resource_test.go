package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

const (
	autPassword = "aut0000000000000aut1"
	autVerify   = "aut0000000000000aut2"
	autCard     = "aut0000000000000aut3"
	autQuestion = "aut0000000000000aut4"
)

// addAuthenticators gives the test org Okta Verify with FIPS-compliant
// devices optional (Okta's default), a smart card authenticator not yet
// activated and the security question active.
func addAuthenticators(org *oktasim.Org) {
	at := ts(3, 7)
	org.Authenticators = append(org.Authenticators,
		&oktasim.Authenticator{ID: autPassword, Key: "okta_password", Name: "Password", Type: "password", Status: "ACTIVE", Created: at, LastUpdated: at},
		&oktasim.Authenticator{ID: autVerify, Key: "okta_verify", Name: "Okta Verify", Type: "app", Status: "ACTIVE", Created: at, LastUpdated: at,
			Settings: map[string]any{"compliance": map[string]any{"fips": "OPTIONAL"}}},
		&oktasim.Authenticator{ID: autCard, Key: "smart_card_idp", Name: "Smart Card IdP", Type: "federated", Status: "INACTIVE",
			Created: at, LastUpdated: at, ProviderType: "SMART_CARD", ProviderIdPIDs: []string{"0oa0000000000000idp1"}},
		&oktasim.Authenticator{ID: autQuestion, Key: "security_question", Name: "Security Question", Type: "security_question",
			Status: "ACTIVE", Created: at, LastUpdated: at},
	)
}

func authenticatorByID(org *oktasim.Org, id string) *oktasim.Authenticator {
	for _, a := range org.Authenticators {
		if a.ID == id {
			return a
		}
	}
	panic("no authenticator " + id)
}

func TestAccAuthenticatorCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addAuthenticators(org)
	checkLifecycle{
		typ: "oktagate_authenticator_check", name: "stig", org: org,
		body: `  require_active           = ["smart_card_idp"]
  forbid_active            = ["security_question"]
  require_okta_verify_fips = true
`,
		warn: map[string]string{
			"subjects_evaluated":      "4",
			"violation_count":         "3",
			"violations.0.subject":    "Okta Verify",
			"violations.0.subject_id": autVerify,
			"violations.0.reason":     "Okta Verify accepts devices that are not FIPS-compliant: settings.compliance.fips is OPTIONAL, want REQUIRED",
			"violations.1.subject":    "Security Question",
			"violations.1.subject_id": autQuestion,
			"violations.1.reason":     "security_question is ACTIVE, want it INACTIVE (forbid_active)",
			"violations.2.subject":    "Smart Card IdP",
			"violations.2.subject_id": autCard,
			"violations.2.reason":     "smart_card_idp is INACTIVE, want ACTIVE (require_active)",
			"controls.#":              "3",
			"controls.0":              "SOC2 CC6.1",
			"controls.1":              "STIG V-273204",
			"controls.2":              "STIG V-273205",
		},
		blocked: []string{"(3 violations,", "Okta Verify (" + autVerify + "): Okta Verify accepts devices that are not FIPS-compliant",
			"Smart Card IdP (" + autCard + "): smart_card_idp is INACTIVE"},
		waive: []string{"okta_verify", "Security Question", autCard},
		fix: func(org *oktasim.Org) {
			authenticatorByID(org, autVerify).Settings = map[string]any{"compliance": map[string]any{"fips": "REQUIRED"}}
			authenticatorByID(org, autCard).Status = "ACTIVE"
			authenticatorByID(org, autQuestion).Status = "INACTIVE"
		},
		more: func(provider string) []resource.TestStep {
			return []resource.TestStep{
				{
					Config:      provider + "resource \"oktagate_authenticator_check\" \"stig\" {\n  require_active = [\"webauthn\"]\n  forbid_active = [\"WebAuthn\"]\n}\n",
					ExpectError: phrases("Invalid oktagate_authenticator_check arguments", `"webauthn" is both in require_active and in forbid_active`),
				},
				{
					Config:      provider + "resource \"oktagate_authenticator_check\" \"stig\" {\n  require_active = [\"smart card\"]\n}\n",
					ExpectError: phrase("must be an Okta authenticator key"),
				},
				{
					// Last (the destroy after the test needs a valid configuration): a key the org has no authenticator for.
					Config: provider + "resource \"oktagate_authenticator_check\" \"stig\" {\n  require_active = [\"webauthn\"]\n}\n",
					ExpectError: phrases("Compliance check failed: oktagate_authenticator_check", "(1 violation,",
						"webauthn: the org has no webauthn authenticator, want one ACTIVE (require_active)"),
				},
			}
		},
	}.run(t)
}

// TestAccPostureChecksForbidden: without the scope (or admin role) the new
// endpoints need, the plan fails with a summary a person can act on and the
// scope named.
func TestAccPostureChecksForbidden(t *testing.T) {
	t.Parallel()
	faults := &oktasim.Faults{}
	for _, p := range []string{"/api/v1/authenticators", "/api/v1/logStreams", "/api/v1/first-party-app-settings/"} {
		faults.Add(oktasim.FaultRule{Kind: oktasim.FaultForbidden, PathPrefix: p})
	}
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true, Faults: faults})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config:      provider + "resource \"oktagate_authenticator_check\" \"t\" {}\n",
				ExpectError: phrases("Missing Okta scope or admin role", "okta.authenticators.read", "GET /api/v1/authenticators"),
			},
			{
				Config:      provider + "resource \"oktagate_log_stream_check\" \"t\" {}\n",
				ExpectError: phrases("Missing Okta scope or admin role", "okta.logStreams.read", "GET /api/v1/logStreams"),
			},
			{
				Config: provider + "resource \"oktagate_session_policy_check\" \"t\" {\n  max_admin_console_idle_minutes = 15\n}\n",
				ExpectError: phrases("Missing Okta scope or admin role", "okta.apps.read",
					"GET /api/v1/first-party-app-settings/admin-console"),
			},
		},
	})
}
