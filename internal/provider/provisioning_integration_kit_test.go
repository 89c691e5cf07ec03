package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	rt "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestAccIntegrationKit applies examples/integration-kit as it ships against
// a fresh org: the service account with READ_ONLY_ADMIN, the OIDC service app
// with exactly its five read grants; then, once a token exists for the account,
// binds it and restricts it to a zone. A second plan is empty; binding someone
// else's token fails the plan; destroy cleans up.
//
// Not parallel: the kit names its provider oktagate/oktagate, so the test
// harness must serve the provider under that namespace.
func TestAccIntegrationKit(t *testing.T) {
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "oktagate")
	const otherAdmin = "00u0000000000000kit99"
	const foreignToken = "00T0000000000000kit99"
	org := newProvOrg()
	org.Users = []*oktasim.User{{ID: otherAdmin, Status: "ACTIVE", Created: ts(1, 1), LastUpdated: ts(1, 1),
		Profile: map[string]any{"login": "root@initech.example", "email": "root@initech.example"}}}
	org.APITokens = []*oktasim.APIToken{{ID: foreignToken, Name: "root-token", UserID: otherAdmin, ClientName: "Okta API",
		TokenWindow: "P30D", Created: ts(2, 1), LastUpdated: ts(2, 1), ExpiresAt: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC),
		Network: oktasim.TokenNetwork{Connection: "ANYWHERE"}}}
	s, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	env := map[string]string{envOrgURL: s.URL(), envAPIToken: s.AdminToken()}

	jwk := publicJWK(t, "platform-1")
	vars := func(tokenID string) config.Variables {
		v := config.Variables{
			"service_account_login": config.StringVariable("svc-compliance@initech.example"),
			"service_account_email": config.StringVariable("secops@initech.example"),
			"public_jwk": config.ObjectVariable(map[string]config.Variable{
				"kid": config.StringVariable(jwk["kid"]), "kty": config.StringVariable(jwk["kty"]),
				"alg": config.StringVariable(jwk["alg"]), "use": config.StringVariable(jwk["use"]),
				"crv": config.StringVariable(jwk["crv"]), "x": config.StringVariable(jwk["x"]), "y": config.StringVariable(jwk["y"]),
			}),
		}
		if tokenID != "" {
			v["api_token_id"] = config.StringVariable(tokenID)
			v["network_zone_ids"] = config.SetVariable(config.StringVariable("nzo0000000000000ci001"))
		}
		return v
	}
	kit := config.StaticDirectory("../../examples/integration-kit")
	var svcID string
	svcToken := "00T0000000000000kit01"

	// The kit declares its provider, so the factories go on each step.
	factories := providerFactories(env)
	rt.UnitTest(t, rt.TestCase{
		CheckDestroy: simCheck(s, func(o *oktasim.Org) error {
			if u := simUserByLogin(o, "svc-compliance@initech.example"); u != nil {
				return fmt.Errorf("the service account is still there (%s)", u.Status)
			}
			if len(o.Apps) != 0 {
				return fmt.Errorf("%d apps left", len(o.Apps))
			}
			return nil
		}),
		Steps: []rt.TestStep{
			{
				ProtoV6ProviderFactories: factories,
				ConfigDirectory:          kit,
				ConfigVariables:          vars(""),
				Check: simCheck(s, func(o *oktasim.Org) error {
					u := simUserByLogin(o, "svc-compliance@initech.example")
					if u == nil {
						return fmt.Errorf("no service account")
					}
					svcID = u.ID
					if err := want("account roles", simRoleTypes(o.UserRoles[u.ID]), "READ_ONLY_ADMIN"); err != nil {
						return err
					}
					if err := want("account status", u.Status, "PROVISIONED"); err != nil {
						return err
					}
					a := simAppByLabel(o, "Compliance integration")
					if a == nil {
						return fmt.Errorf("no app")
					}
					if err := want("grants", simActiveScopes(a),
						"okta.apps.read,okta.groups.read,okta.logs.read,okta.orgs.read,okta.policies.read,okta.roles.read,okta.users.read"); err != nil {
						return err
					}
					// The app can run the CI guide's gate, with a snapshot.
					for _, sc := range append(guideScopes(t), indexScopes(t)["oktagate_snapshot"][0]...) {
						if !slices.Contains(strings.Split(simActiveScopes(a), ","), sc) {
							return fmt.Errorf("the kit's app lacks %s, which the CI gate needs", sc)
						}
					}
					return want("client roles", simRoleTypes(o.ClientRoles[a.OAuth.ClientID]), "READ_ONLY_ADMIN")
				}),
			},
			{
				ProtoV6ProviderFactories: factories,
				ConfigDirectory:          kit,
				ConfigVariables:          vars(foreignToken),
				ExpectError:              regexp.MustCompile(phrase("API token owned by another user").String() + `(?s).*root@initech\.example`),
			},
			{
				// Someone signed in as the account and created its token.
				PreConfig: simChange(t, s, func(o *oktasim.Org) {
					o.APITokens = append(o.APITokens, &oktasim.APIToken{ID: svcToken, Name: "made-in-console", UserID: svcID,
						ClientName: "Okta API", TokenWindow: "P30D", Created: time.Now().UTC(), LastUpdated: time.Now().UTC(),
						ExpiresAt: time.Now().UTC().Add(30 * 24 * time.Hour), Network: oktasim.TokenNetwork{Connection: "ANYWHERE"}})
				}),
				ProtoV6ProviderFactories: factories,
				ConfigDirectory:          kit,
				ConfigVariables:          vars(svcToken),
				Check: simCheck(s, func(o *oktasim.Org) error {
					tok := simToken(o, svcToken)
					if tok == nil {
						return fmt.Errorf("token gone")
					}
					got := fmt.Sprintf("%s %s %v", tok.Name, tok.Network.Connection, tok.Network.Include)
					return want("token", got, "compliance-integration ZONE [nzo0000000000000ci001]")
				}),
			},
			{
				ProtoV6ProviderFactories: factories,
				ConfigDirectory:          kit,
				ConfigVariables:          vars(svcToken),
				PlanOnly:                 true,
			},
		},
	})
}
