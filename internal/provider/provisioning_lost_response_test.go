package provider

import (
	"fmt"
	"testing"

	rt "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestAccCreateResponseLost: when the connection drops after Okta created the
// object, the create adopts it instead of failing and leaving an orphan that
// the next apply would collide with (a login) or duplicate (a label). Writes
// are never retried after a drop, so exactly one object must exist.
func TestAccCreateResponseLost(t *testing.T) {
	t.Parallel()
	faults := &oktasim.Faults{}
	// The first POST of each family is the create.
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultDropConnection, Method: "POST", PathPrefix: "/api/v1/users", Count: 1})
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultDropConnection, Method: "POST", PathPrefix: "/api/v1/apps", Count: 1})
	s, provider := startSim(t, newProvOrg(), oktasim.Options{Unlimited: true, Faults: faults})
	cfg := saConfig(provider, `
  login = "svc-lost@initech.example"
  email = "secops@initech.example"`) + `
resource "oktagate_oidc_app" "gate" {
  label  = "Lost response app"
  type   = "browser"
  redirect_uris = ["https://gate.initech.example/callback"]
  scopes = ["okta.users.read"]
}
`
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []rt.TestStep{{
			Config: cfg,
			Check: rt.ComposeAggregateTestCheckFunc(
				rt.TestCheckResourceAttr(saName, "status", "PROVISIONED"),
				rt.TestCheckResourceAttr("oktagate_oidc_app.gate", "status", "ACTIVE"),
				simCheck(s, func(o *oktasim.Org) error {
					if n := faults.Injected(); n != 2 {
						return fmt.Errorf("%d drops injected, want 2: the test proves nothing", n)
					}
					users := 0
					for _, u := range o.Users {
						if l, _ := u.Profile["login"].(string); l == "svc-lost@initech.example" {
							users++
						}
					}
					apps := 0
					for _, a := range o.Apps {
						if a.Label == "Lost response app" {
							apps++
							if err := want("scopes", simActiveScopes(a), "okta.users.read"); err != nil {
								return err
							}
						}
					}
					if users != 1 || apps != 1 {
						return fmt.Errorf("%d users and %d apps, want exactly one of each", users, apps)
					}
					return nil
				}),
			),
		}},
	})
}
