package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func TestAccAppsDataSource(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
data "oktagate_apps" "all" {}

data "oktagate_apps" "inactive" {
  statuses = ["INACTIVE"]
}

data "oktagate_apps" "oidc" {
  filter = "name eq \"oidc_client\""
}

data "oktagate_apps" "prefix" {
  q = "Expense"
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs("data.oktagate_apps.all", map[string]string{
					"apps.#":                  "3",
					"apps.0.id":               aPortal,
					"apps.0.name":             "oidc_client",
					"apps.0.label":            "Initech Portal",
					"apps.0.status":           "ACTIVE",
					"apps.0.sign_on_mode":     "OPENID_CONNECT",
					"apps.0.client_id":        "0oaportalclient00001",
					"apps.0.granted_scopes.#": "2", // the revoked okta.users.manage grant is left out
					"apps.1.id":               aBookmark,
					"apps.1.name":             "bookmark",
					"apps.1.label":            "Expense Reports",
					"apps.1.status":           "ACTIVE",
					"apps.1.sign_on_mode":     "BOOKMARK",
					"apps.2.id":               aLegacy,
					"apps.2.name":             "template_saml_2_0",
					"apps.2.label":            "Legacy Payroll",
					"apps.2.status":           "INACTIVE",
					"apps.2.sign_on_mode":     "SAML_2_0",
				}),
				resource.TestCheckTypeSetElemAttr("data.oktagate_apps.all", "apps.0.granted_scopes.*", "okta.users.read"),
				resource.TestCheckTypeSetElemAttr("data.oktagate_apps.all", "apps.0.granted_scopes.*", "okta.groups.read"),
				// Apps that are not OAuth have neither.
				resource.TestCheckNoResourceAttr("data.oktagate_apps.all", "apps.1.client_id"),
				resource.TestCheckNoResourceAttr("data.oktagate_apps.all", "apps.1.granted_scopes"),
				resource.TestCheckNoResourceAttr("data.oktagate_apps.all", "apps.2.client_id"),

				checkAttrs("data.oktagate_apps.inactive", map[string]string{"apps.#": "1", "apps.0.id": aLegacy}),
				checkAttrs("data.oktagate_apps.oidc", map[string]string{
					"apps.#": "1", "apps.0.id": aPortal, "apps.0.client_id": "0oaportalclient00001", "apps.0.granted_scopes.#": "2",
				}),
				checkAttrs("data.oktagate_apps.prefix", map[string]string{"apps.#": "1", "apps.0.id": aBookmark}),
			),
		}},
	})
}
