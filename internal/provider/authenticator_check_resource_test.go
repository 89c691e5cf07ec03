package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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
			"controls.#":              "7",
			"controls.2":              "NIST800-53r5 IA-2(12)",
			"controls.4":              "SOC2 CC6.1",
			"controls.5":              "STIG V-273204",
			"controls.6":              "STIG V-273205",
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

// Smart Card identity providers of the test org.
const (
	idpCAC    = "0oa0000000000000idp1"
	idpPilot  = "0oa0000000000000idp2"
	idpBadge  = "0oa0000000000000idp3"
	idpSAML   = "0oa0000000000000idp4"
	dodRoot   = "OU=PKI, OU=DoD, O=U.S. Government, C=US"
	pilotCA   = "CN=Initech Issuing CA 1, O=Initech, C=US"
	cacIssuer = "CN=DOD ID CA-70, " + dodRoot
)

// addSmartCardIdPs gives the test org a CAC IdP over a DoD CA (the smart
// card authenticator's), an ACTIVE pilot over the company's own CA, an
// INACTIVE badge IdP over it too, and a SAML IdP, which is not a smart card's.
func addSmartCardIdPs(org *oktasim.Org) {
	at := ts(3, 8)
	org.IdentityProviders = []*oktasim.IdentityProvider{
		{ID: idpCAC, Name: "DoD CAC", Type: "X509", Status: "ACTIVE", Created: at, LastUpdated: at,
			Issuer: cacIssuer, KID: "kid-cac", Revocation: "CRL", RevocationCacheLifetime: 2880},
		{ID: idpPilot, Name: "PIV pilot", Type: "X509", Status: "ACTIVE", Created: at, LastUpdated: at,
			Issuer: pilotCA, KID: "kid-pilot", Revocation: "OCSP", RevocationCacheLifetime: 60},
		{ID: idpBadge, Name: "Old badge", Type: "X509", Status: "INACTIVE", Created: at, LastUpdated: at,
			Issuer: pilotCA, KID: "kid-badge"},
		{ID: idpSAML, Name: "Partner SAML", Type: "SAML2", Status: "ACTIVE", Created: at, LastUpdated: at,
			Issuer: "https://sso.partner.example", KID: "kid-saml"},
	}
}

func idpByID(org *oktasim.Org, id string) *oktasim.IdentityProvider {
	for _, p := range org.IdentityProviders {
		if p.ID == id {
			return p
		}
	}
	panic("no identity provider " + id)
}

// TestAccAuthenticatorCheckSmartCardIssuers: an ACTIVE Smart Card IdP whose
// issuer is under no trusted entry is a violation naming the issuer; a
// trusted one passes; an INACTIVE untrusted one and a SAML IdP are not
// judged; with no ACTIVE Smart Card IdP the org violates; an entry that is
// not a distinguished name is a plan error.
func TestAccAuthenticatorCheckSmartCardIssuers(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addAuthenticators(org)
	addSmartCardIdPs(org)
	reason := `Smart Card IdP "PIV pilot" trusts certificates issued by "` + pilotCA +
		`", want an issuer under a trusted CA (smart_card_trusted_issuers: "` + dodRoot + `")`
	config := func(provider, issuers string) string {
		return provider + "resource \"oktagate_authenticator_check\" \"cac\" {\n  smart_card_trusted_issuers = " + issuers + "\n}\n"
	}
	checkLifecycle{
		typ: "oktagate_authenticator_check", name: "cac", org: org,
		body: "  smart_card_trusted_issuers = [\"ou=PKI,ou=DoD,o=U.S. Government,c=US\"]\n",
		warn: map[string]string{
			// 4 authenticators and the 2 ACTIVE Smart Card IdPs.
			"subjects_evaluated":      "6",
			"violation_count":         "1",
			"violations.0.subject":    "PIV pilot",
			"violations.0.subject_id": idpPilot,
			"violations.0.reason":     reason,
			"controls.#":              "5",
			"controls.2":              "NIST800-53r5 IA-5(2)",
			"controls.3":              "SOC2 CC6.1",
			"controls.4":              "STIG V-273207",
		},
		blocked: []string{"(1 violation,", "PIV pilot (" + idpPilot + "): Smart Card IdP \"PIV pilot\" trusts certificates issued by",
			pilotCA, dodRoot},
		waive: []string{"piv pilot"},
		fix: func(org *oktasim.Org) {
			idpByID(org, idpPilot).Issuer = "CN=DOD EMAIL CA-70, " + dodRoot
		},
		more: func(provider string) []resource.TestStep {
			return []resource.TestStep{
				{
					Config: config(provider, `["OU=PKI, OU=DoD, O=U.S. Government, C=US", "DoD PKI"]`),
					ExpectError: phrases("Invalid oktagate_authenticator_check arguments",
						`smart_card_trusted_issuers: "DoD PKI" is not a distinguished name`),
				},
				{
					Config:      config(provider, `[]`),
					ExpectError: phrase("set must contain at least 1 elements"),
				},
				{
					// Last (the destroy after the test needs a valid configuration):
					// no ACTIVE Smart Card IdP at all.
					PreConfig: func() {
						org.Lock()
						defer org.Unlock()
						idpByID(org, idpCAC).Status = "INACTIVE"
						idpByID(org, idpPilot).Status = "INACTIVE"
					},
					Config: config(provider, `["`+dodRoot+`"]`),
					ExpectError: phrases("Compliance check failed: oktagate_authenticator_check", "(1 violation,",
						"X509: the org has no ACTIVE Smart Card identity provider (type X509)"),
				},
			}
		},
	}.run(t)
}

// TestAccAuthenticatorCheckSmartCardScope: an OAuth app granted
// okta.authenticators.read but not okta.idps.read plans the check without
// smart_card_trusted_issuers (the identity providers are not read), and
// with it fails naming the scope.
func TestAccAuthenticatorCheckSmartCardScope(t *testing.T) {
	t.Parallel()
	key, keyPEM := testKey(t)
	org := newTestOrg()
	addAuthenticators(org)
	addSmartCardIdPs(org)
	clientID := oauthServiceApp(t, org, key, "okta.authenticators.read")
	s, _ := startSim(t, org, oktasim.Options{Unlimited: true})
	provider := fmt.Sprintf(`provider "oktagate" {
  org_url        = %q
  client_id      = %q
  private_key    = %q
  private_key_id = "gate-1"
  scopes         = ["okta.authenticators.read"]
}
`, s.URL(), clientID, keyPEM)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: provider + "resource \"oktagate_authenticator_check\" \"t\" {}\n",
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("oktagate_authenticator_check.t", "status", "pass"),
					func(*terraform.State) error {
						for _, r := range s.Requests() {
							if strings.HasPrefix(r.Path, "/api/v1/idps") {
								return fmt.Errorf("the identity providers were read without smart_card_trusted_issuers: %s?%s", r.Path, r.RawQuery)
							}
						}
						return nil
					},
				),
			},
			{
				Config:      provider + "resource \"oktagate_authenticator_check\" \"t\" {\n  smart_card_trusted_issuers = [\"" + dodRoot + "\"]\n}\n",
				ExpectError: phrases("Missing Okta scope or admin role", "okta.idps.read", "GET /api/v1/idps"),
			},
		},
	})
}
