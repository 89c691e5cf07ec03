package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func TestAccAPITokensDataSource(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `data "oktagate_api_tokens" "all" {}`,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs("data.oktagate_api_tokens.all", map[string]string{
					"tokens.#":                    "2",
					"tokens.0.id":                 "00T00000000000000001",
					"tokens.0.name":               "ci-gate",
					"tokens.0.user_id":            uAlice,
					"tokens.0.client_name":        "Okta API",
					"tokens.0.created":            rfc(12, 1),
					"tokens.0.expires_at":         "2099-01-01T00:00:00Z",
					"tokens.0.last_updated":       rfc(12, 2),
					"tokens.0.token_window":       "P30D",
					"tokens.0.network_connection": "ZONE",
					"tokens.0.network_include.#":  "2",
					"tokens.0.network_exclude.#":  "1",
					"tokens.1.id":                 "00T00000000000000002",
					"tokens.1.name":               "legacy-script",
					"tokens.1.user_id":            uDave,
					"tokens.1.client_name":        "Okta Admin Console",
					"tokens.1.created":            rfc(13, 1),
					"tokens.1.expires_at":         "2098-06-01T00:00:00Z",
					"tokens.1.token_window":       "P7D",
					"tokens.1.network_connection": "ANYWHERE",
					"tokens.1.network_include.#":  "0",
					"tokens.1.network_exclude.#":  "0",
				}),
				resource.TestCheckTypeSetElemAttr("data.oktagate_api_tokens.all", "tokens.0.network_include.*", "nzo00000000000000001"),
				resource.TestCheckTypeSetElemAttr("data.oktagate_api_tokens.all", "tokens.0.network_include.*", "nzo00000000000000002"),
				resource.TestCheckTypeSetElemAttr("data.oktagate_api_tokens.all", "tokens.0.network_exclude.*", "nzo00000000000000009"),
				resource.TestCheckResourceAttrSet("data.oktagate_api_tokens.all", "id"),
			),
		}},
	})
}
