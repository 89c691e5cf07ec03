package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func TestAccOrgDataSource(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `data "oktagate_org" "this" {}`,
			Check: checkAttrs("data.oktagate_org.this", map[string]string{
				"id":           "00o1initech000000000",
				"org_id":       "00o1initech000000000",
				"pipeline":     "v1",
				"company_name": "Initech",
				"subdomain":    "initech",
			}),
		}},
	})
}
