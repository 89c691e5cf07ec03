package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func TestAccAppAssignmentsDataSource(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: provider + `
data "oktagate_app_assignments" "active" {}

data "oktagate_app_assignments" "legacy" {
  app_id = "` + aLegacy + `"
}
`,
				Check: resource.ComposeAggregateTestCheckFunc(
					// Every ACTIVE app: the portal, then the bookmark; the
					// INACTIVE legacy app is left out.
					checkAttrs("data.oktagate_app_assignments.active", map[string]string{
						"users.#":            "5",
						"users.0.app_id":     aPortal,
						"users.0.app_label":  "Initech Portal",
						"users.0.user_id":    uAlice,
						"users.0.scope":      "USER",
						"users.0.status":     "ACTIVE",
						"users.0.sync_state": "DISABLED",
						"users.1.app_id":     aPortal,
						"users.1.user_id":    uCarol,
						"users.1.scope":      "GROUP",
						"users.1.status":     "PROVISIONED",
						"users.1.sync_state": "SYNCHRONIZED",
						"users.2.app_id":     aPortal,
						"users.2.user_id":    uDave,
						"users.2.scope":      "GROUP",
						"users.3.app_id":     aBookmark,
						"users.3.app_label":  "Expense Reports",
						"users.3.user_id":    uBob,
						"users.3.scope":      "USER",
						"users.4.app_id":     aBookmark,
						"users.4.user_id":    uErin,
						"users.4.scope":      "GROUP",
						"users.4.status":     "ACTIVE",

						"groups.#":           "2",
						"groups.0.app_id":    aPortal,
						"groups.0.app_label": "Initech Portal",
						"groups.0.group_id":  gEng,
						"groups.0.priority":  "0",
						"groups.1.app_id":    aBookmark,
						"groups.1.app_label": "Expense Reports",
						"groups.1.group_id":  gSales,
						"groups.1.priority":  "1",
					}),
					// An app named by id is read whatever its status.
					checkAttrs("data.oktagate_app_assignments.legacy", map[string]string{
						"users.#":           "1",
						"users.0.app_id":    aLegacy,
						"users.0.app_label": "Legacy Payroll",
						"users.0.user_id":   uFrank,
						"users.0.scope":     "USER",
						"groups.#":          "0",
					}),
				),
			},
			{
				Config:      provider + `data "oktagate_app_assignments" "missing" { app_id = "0oa00000000000000099" }`,
				ExpectError: phrase("App not found"),
			},
		},
	})
}
