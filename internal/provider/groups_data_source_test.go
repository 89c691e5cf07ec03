package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func TestAccGroupsDataSource(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
data "oktagate_groups" "all" {
  include_members = true
}

data "oktagate_groups" "okta" {
  type = "OKTA_GROUP"
}

data "oktagate_groups" "prefix" {
  q = "Sales"
}

data "oktagate_groups" "search" {
  search = "type eq \"BUILT_IN\""
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs("data.oktagate_groups.all", map[string]string{
					"groups.#":                         "3",
					"groups.0.id":                      gEveryone,
					"groups.0.name":                    "Everyone",
					"groups.0.description":             "All users in your organization",
					"groups.0.type":                    "BUILT_IN",
					"groups.0.created":                 rfc(1, 1),
					"groups.0.last_updated":            rfc(1, 1),
					"groups.0.last_membership_updated": rfc(5, 1),
					"groups.0.member_ids.#":            "8",
					"groups.1.id":                      gEng,
					"groups.1.name":                    "Engineering",
					"groups.1.description":             "Builders",
					"groups.1.type":                    "OKTA_GROUP",
					"groups.1.created":                 rfc(1, 2),
					"groups.1.last_updated":            rfc(6, 2),
					"groups.1.last_membership_updated": rfc(7, 2),
					"groups.1.member_ids.#":            "3",
					"groups.2.id":                      gSales,
					"groups.2.name":                    "Salesforce Users",
					"groups.2.type":                    "APP_GROUP",
					"groups.2.member_ids.#":            "1",
				}),
				resource.TestCheckNoResourceAttr("data.oktagate_groups.all", "groups.2.description"),
				resource.TestCheckTypeSetElemAttr("data.oktagate_groups.all", "groups.0.member_ids.*", uHeidi),
				resource.TestCheckTypeSetElemAttr("data.oktagate_groups.all", "groups.1.member_ids.*", uAlice),
				resource.TestCheckTypeSetElemAttr("data.oktagate_groups.all", "groups.1.member_ids.*", uCarol),
				resource.TestCheckTypeSetElemAttr("data.oktagate_groups.all", "groups.1.member_ids.*", uDave),
				resource.TestCheckTypeSetElemAttr("data.oktagate_groups.all", "groups.2.member_ids.*", uErin),

				checkAttrs("data.oktagate_groups.okta", map[string]string{"groups.#": "1", "groups.0.id": gEng}),
				resource.TestCheckNoResourceAttr("data.oktagate_groups.okta", "groups.0.member_ids"),
				checkAttrs("data.oktagate_groups.prefix", map[string]string{"groups.#": "1", "groups.0.id": gSales}),
				checkAttrs("data.oktagate_groups.search", map[string]string{"groups.#": "1", "groups.0.id": gEveryone}),
			),
		}},
	})
}
