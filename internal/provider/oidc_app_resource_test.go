package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	rt "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

const oaName = "oktagate_oidc_app.gate"

// publicJWK returns a fresh EC public key as its JWK fields.
func publicJWK(t *testing.T, kid string) map[string]string {
	t.Helper()
	key, _ := testKey(t)
	data, err := jose.JSONWebKey{Key: &key.PublicKey, KeyID: kid, Algorithm: "ES256", Use: "sig"}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// jwkHCL renders a JWK as an HCL object.
func jwkHCL(k map[string]string) string {
	return fmt.Sprintf(`{ kid = %q, kty = %q, alg = %q, use = %q, crv = %q, x = %q, y = %q }`,
		k["kid"], k["kty"], k["alg"], k["use"], k["crv"], k["x"], k["y"])
}

func oaConfig(provider, body string) string {
	return provider + "resource \"oktagate_oidc_app\" \"gate\" {\n" + body + "\n}\n"
}

// TestAccOIDCServiceApp: a service app with a key, read scopes and a client
// role; every mutable attribute updated; grants and roles changed in Okta
// reconciled one by one; import; destroy deactivates, then deletes.
func TestAccOIDCServiceApp(t *testing.T) {
	t.Parallel()
	s, provider := startSim(t, newProvOrg(), oktasim.Options{Unlimited: true})
	k1, k2 := publicJWK(t, "gate-1"), publicJWK(t, "gate-2")
	var appID string
	second := oaConfig(provider, `
  label       = "Compliance gate (service)"
  type        = "service"
  jwks        = [`+jwkHCL(k1)+`, `+jwkHCL(k2)+`]
  scopes      = ["okta.users.read", "okta.logs.read"]
  admin_roles = ["READ_ONLY_ADMIN", "REPORT_ADMIN"]`)
	oktaState := func(label, scopes, roles string, keys int) rt.TestCheckFunc {
		return simCheck(s, func(o *oktasim.Org) error {
			a := simAppByLabel(o, label)
			if a == nil {
				return fmt.Errorf("no app labelled %q", label)
			}
			if err := want("status", a.Status, "ACTIVE"); err != nil {
				return err
			}
			if err := want("scopes", simActiveScopes(a), scopes); err != nil {
				return err
			}
			if len(a.OAuth.JWKS) != keys {
				return fmt.Errorf("%d keys, want %d", len(a.OAuth.JWKS), keys)
			}
			return want("client roles", simRoleTypes(o.ClientRoles[a.OAuth.ClientID]), roles)
		})
	}
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		CheckDestroy: simCheck(s, func(o *oktasim.Org) error {
			if len(o.Apps) != 0 {
				return fmt.Errorf("%d apps left", len(o.Apps))
			}
			return nil
		}),
		Steps: []rt.TestStep{
			{
				Config: oaConfig(provider, `
  label       = "Compliance gate"
  type        = "service"
  jwks        = [`+jwkHCL(k1)+`]
  scopes      = ["okta.users.read", "okta.groups.read"]
  admin_roles = ["READ_ONLY_ADMIN"]`),
				Check: rt.ComposeAggregateTestCheckFunc(
					checkAttrs(oaName, map[string]string{
						"token_endpoint_auth_method": "private_key_jwt", "pkce_required": "false", "status": "ACTIVE",
						"scopes.#": "2", "admin_roles.0": "READ_ONLY_ADMIN", "jwks.0.kid": "gate-1", "jwks.0.x": k1["x"],
						"allow_write_scopes": "false",
					}),
					rt.TestCheckNoResourceAttr(oaName, "client_secret"),
					rt.TestCheckNoResourceAttr(oaName, "redirect_uris"),
					rt.TestMatchResourceAttr(oaName, "client_id", regexp.MustCompile(`^0oa`)),
					func(st *terraform.State) error {
						appID = st.RootModule().Resources[oaName].Primary.ID
						return nil
					},
					oktaState("Compliance gate", "okta.groups.read,okta.users.read", "READ_ONLY_ADMIN", 1),
				),
			},
			{
				Config: second,
				ConfigPlanChecks: rt.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oaName, plancheck.ResourceActionUpdate),
				}},
				Check: oktaState("Compliance gate (service)", "okta.logs.read,okta.users.read", "READ_ONLY_ADMIN,REPORT_ADMIN", 2),
			},
			{
				// Drift: in Okta a grant is revoked, a write scope granted and
				// a client role removed. The plan shows it; apply repairs each.
				PreConfig: simChange(t, s, func(o *oktasim.Org) {
					for _, a := range o.Apps {
						if a.ID != appID {
							continue
						}
						for i := range a.Grants {
							if a.Grants[i].ScopeID == "okta.logs.read" {
								a.Grants[i].Status = "REVOKED"
							}
						}
						a.Grants = append(a.Grants, oktasim.Grant{ID: "oagzzzzzzzzzzzzdrift", ClientID: a.OAuth.ClientID,
							ScopeID: "okta.users.manage", Issuer: "https://initech.okta.com", Status: "ACTIVE", Source: "ADMIN", Created: ts(6, 1)})
						o.ClientRoles[a.OAuth.ClientID] = o.ClientRoles[a.OAuth.ClientID][:1]
					}
				}),
				Config: second,
				ConfigPlanChecks: rt.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oaName, plancheck.ResourceActionUpdate),
				}},
				Check: oktaState("Compliance gate (service)", "okta.logs.read,okta.users.read", "READ_ONLY_ADMIN,REPORT_ADMIN", 2),
			},
			{ResourceName: oaName, ImportState: true, ImportStateVerify: true},
		},
	})
}

// TestAccOIDCWebAndBrowserApps: a web app gets a secret (sensitive, in state)
// and PKCE by default; its redirect URIs, PKCE and auth method change in
// place. A browser app uses no secret.
func TestAccOIDCWebAndBrowserApps(t *testing.T) {
	t.Parallel()
	s, provider := startSim(t, newProvOrg(), oktasim.Options{Unlimited: true})
	browser := `
resource "oktagate_oidc_app" "spa" {
  label         = "Evidence viewer"
  type          = "browser"
  redirect_uris = ["https://evidence.initech.example/callback"]
}
`
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		CheckDestroy: simCheck(s, func(o *oktasim.Org) error {
			if len(o.Apps) != 0 {
				return fmt.Errorf("%d apps left", len(o.Apps))
			}
			return nil
		}),
		Steps: []rt.TestStep{
			{
				Config: oaConfig(provider, `
  label         = "Posture portal"
  type          = "web"
  redirect_uris = ["https://portal.initech.example/callback"]
  scopes        = ["okta.users.read"]`) + browser,
				Check: rt.ComposeAggregateTestCheckFunc(
					checkAttrs(oaName, map[string]string{
						"token_endpoint_auth_method": "client_secret_basic", "pkce_required": "true",
						"redirect_uris.0": "https://portal.initech.example/callback", "admin_roles.#": "0",
					}),
					rt.TestMatchResourceAttr(oaName, "client_secret", regexp.MustCompile(`^.{20,}$`)),
					checkAttrs("oktagate_oidc_app.spa", map[string]string{"token_endpoint_auth_method": "none", "pkce_required": "true"}),
					rt.TestCheckNoResourceAttr("oktagate_oidc_app.spa", "client_secret"),
				),
			},
			{
				Config: oaConfig(provider, `
  label                      = "Posture portal"
  type                       = "web"
  redirect_uris              = ["https://portal.initech.example/callback", "https://portal.initech.example/cb2"]
  post_logout_redirect_uris  = ["https://portal.initech.example/"]
  pkce_required              = false
  token_endpoint_auth_method = "client_secret_post"`) + browser,
				Check: rt.ComposeAggregateTestCheckFunc(
					checkAttrs(oaName, map[string]string{
						"token_endpoint_auth_method": "client_secret_post", "pkce_required": "false", "redirect_uris.#": "2",
						"post_logout_redirect_uris.0": "https://portal.initech.example/", "scopes.#": "0",
					}),
					simCheck(s, func(o *oktasim.Org) error {
						a := simAppByLabel(o, "Posture portal")
						if a == nil {
							return fmt.Errorf("app gone")
						}
						if a.OAuth.PKCERequired || a.OAuth.TokenEndpointAuthMethod != "client_secret_post" || len(a.OAuth.RedirectURIs) != 2 {
							return fmt.Errorf("okta holds %+v", a.OAuth)
						}
						return want("scopes", simActiveScopes(a), "")
					}),
				),
			},
			{ResourceName: oaName, ImportState: true, ImportStateVerify: true},
		},
	})
}

// TestAccOIDCAppRefusals: write scopes, scopes outside okta.*, auth methods
// a type cannot use, and settings that do not fit the type fail the plan.
func TestAccOIDCAppRefusals(t *testing.T) {
	t.Parallel()
	s, provider := startSim(t, newProvOrg(), oktasim.Options{Unlimited: true})
	k := jwkHCL(publicJWK(t, "gate-1"))
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"manage scope", `
  label  = "gate"
  type   = "service"
  jwks   = [` + k + `]
  scopes = ["okta.users.read", "okta.users.manage"]`,
			regexp.MustCompile(phrase("Write scope refused").String() + `(?s).*okta\.users\.manage.*allow_write_scopes = true`)},
		{"custom scope", `
  label  = "gate"
  type   = "service"
  jwks   = [` + k + `]
  scopes = ["billing:read"]`, phrase(`Not an Okta API scope`)},
		{"secret on a browser app", `
  label                      = "gate"
  type                       = "browser"
  redirect_uris              = ["https://a.example/cb"]
  token_endpoint_auth_method = "client_secret_basic"`, phrase("Auth method not allowed for this app type")},
		{"browser without pkce", `
  label         = "gate"
  type          = "browser"
  redirect_uris = ["https://a.example/cb"]
  pkce_required = false`, phrase("Browser apps must use PKCE")},
		{"private_key_jwt without a key", `
  label = "gate"
  type  = "service"`, phrase("private_key_jwt needs a public key")},
		{"key without its material", `
  label = "gate"
  type  = "service"
  jwks  = [{ kid = "k1", kty = "RSA", e = "AQAB" }]`,
			regexp.MustCompile(phrase("Incomplete public key").String() + `(?s).*lacks "n"`)},
		{"redirects on a service app", `
  label         = "gate"
  type          = "service"
  jwks          = [` + k + `]
  redirect_uris = ["https://a.example/cb"]`, phrase("Redirect URIs on a service app")},
		{"web app without redirects", `
  label = "gate"
  type  = "web"`, phrase("Missing redirect_uris")},
		{"roles on a web app", `
  label         = "gate"
  type          = "web"
  redirect_uris = ["https://a.example/cb"]
  admin_roles   = ["READ_ONLY_ADMIN"]`, phrase("Admin roles on a sign-in app")},
	}
	for _, tc := range cases {
		rt.UnitTest(t, rt.TestCase{
			ProtoV6ProviderFactories: providerFactories(nil),
			Steps:                    []rt.TestStep{{Config: oaConfig(provider, tc.body), ExpectError: tc.want}},
		})
	}
	// Explicitly allowed, a write scope is granted.
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []rt.TestStep{{
			Config: oaConfig(provider, `
  label              = "gate-writer"
  type               = "service"
  jwks               = [`+k+`]
  scopes             = ["okta.users.manage"]
  allow_write_scopes = true`),
			Check: simCheck(s, func(o *oktasim.Org) error {
				a := simAppByLabel(o, "gate-writer")
				if a == nil {
					return fmt.Errorf("app not created")
				}
				return want("scopes", simActiveScopes(a), "okta.users.manage")
			}),
		}},
	})
}

// TestAccOIDCAppForbiddenMidCreate: a 403 on the first grant fails the apply
// naming the scope the caller lacks; the app is kept in the state and the
// next apply completes with no app left behind.
func TestAccOIDCAppForbiddenMidCreate(t *testing.T) {
	t.Parallel()
	faults := &oktasim.Faults{}
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultForbidden, Method: "POST", PathPrefix: "/api/v1/apps/", Count: 1})
	s, provider := startSim(t, newProvOrg(), oktasim.Options{Unlimited: true, Faults: faults})
	cfg := oaConfig(provider, `
  label  = "half"
  type   = "service"
  jwks   = [`+jwkHCL(publicJWK(t, "gate-1"))+`]
  scopes = ["okta.users.read"]`)
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []rt.TestStep{
			{
				Config: cfg,
				ExpectError: regexp.MustCompile(phrase("Missing Okta scope or admin role").String() + `(?s).*okta\.appGrants\.manage.*` +
					phrase("created only in part").String()),
			},
			{
				PreConfig: faults.Clear,
				Config:    cfg,
				Check: simCheck(s, func(o *oktasim.Org) error {
					if len(o.Apps) != 1 {
						return fmt.Errorf("%d apps, want exactly 1", len(o.Apps))
					}
					return want("scopes", simActiveScopes(o.Apps[0]), "okta.users.read")
				}),
			},
		},
	})
}
