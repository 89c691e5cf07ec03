package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func TestAccUserDataSource(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
data "oktagate_user" "alice" {
  id = "` + uAlice + `"
}

data "oktagate_user" "carol" {
  login = "carol@initech.example"
}

data "oktagate_user" "heidi" {
  login = "heidi@initech.example"
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs("data.oktagate_user.alice", userAttrs("", 0)),
				checkAttrs("data.oktagate_user.alice", map[string]string{
					"factors.#":                           "3",
					"factors.0.id":                        "fuf00000000000000001",
					"factors.0.factor_type":               "push",
					"factors.0.vendor_name":               "OKTA",
					"factors.0.created":                   rfc(2, 11),
					"factors.0.last_updated":              rfc(2, 12),
					"factors.0.profile.name":              "Alice's iPhone",
					"factors.1.profile.authenticatorName": "YubiKey 5 NFC",
					"factors.2.status":                    "PENDING_ACTIVATION",
					"group_ids.#":                         "2",
					// SUPER_ADMIN directly, READ_ONLY_ADMIN through Engineering.
					"admin_roles.#": "2",
				}),
				resource.TestCheckTypeSetElemAttr("data.oktagate_user.alice", "group_ids.*", gEng),
				resource.TestCheckTypeSetElemAttr("data.oktagate_user.alice", "group_ids.*", gEveryone),
				resource.TestCheckTypeSetElemAttr("data.oktagate_user.alice", "admin_roles.*", "SUPER_ADMIN"),
				resource.TestCheckTypeSetElemAttr("data.oktagate_user.alice", "admin_roles.*", "READ_ONLY_ADMIN"),

				checkAttrs("data.oktagate_user.carol", userAttrs("", 2)),
				checkAttrs("data.oktagate_user.carol", map[string]string{
					"factors.#":     "0",
					"group_ids.#":   "2",
					"admin_roles.#": "1",
				}),
				resource.TestCheckTypeSetElemAttr("data.oktagate_user.carol", "admin_roles.*", "READ_ONLY_ADMIN"),

				// A deprovisioned user is still readable by login.
				checkAttrs("data.oktagate_user.heidi", userAttrs("", 7)),
				checkAttrs("data.oktagate_user.heidi", map[string]string{"admin_roles.#": "0", "group_ids.#": "1"}),
			),
		}},
	})
}

func TestAccUserDataSourceErrors(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config:      provider + `data "oktagate_user" "x" {}`,
				ExpectError: phrase("Invalid Attribute Combination"),
			},
			{
				Config: provider + `
data "oktagate_user" "x" {
  id    = "` + uAlice + `"
  login = "alice@initech.example"
}
`,
				ExpectError: phrase("Invalid Attribute Combination"),
			},
			{
				Config:      provider + `data "oktagate_user" "x" { id = "alice@initech.example" }`,
				ExpectError: phrase("must be an Okta user id"),
			},
			{
				Config:      provider + `data "oktagate_user" "x" { login = "nobody@initech.example" }`,
				ExpectError: phrase("Not found in Okta"),
			},
		},
	})
}
