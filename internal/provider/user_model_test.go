package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestAccProfileArraysAsJSON: a profile attribute that is an array or an
// object reads as compact JSON in oktagate_user, oktagate_users and
// oktagate_user_factors, so a value holding a comma and an array of objects
// (Okta Verify's keys) stay readable; scalars read as before.
func TestAccProfileArraysAsJSON(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	for _, u := range org.Users {
		if u.ID == uAlice {
			u.Profile["costCenters"] = []any{"Paris, FR", "Lyon"}
			u.Profile["badges"] = []any{map[string]any{"id": 7, "zone": "A"}, map[string]any{"id": 9}}
			u.Profile["headcount"] = 3
			u.Profile["contractor"] = false
		}
	}
	org.Factors[uAlice][0].Profile["keys"] = []any{
		map[string]any{"kty": "EC", "use": "sig", "kid": "default"},
		map[string]any{"kty": "EC", "use": "enc", "kid": "default"},
	}
	_, provider := startSim(t, org, oktasim.Options{Unlimited: true})
	want := map[string]string{
		"profile.costCenters": `["Paris, FR","Lyon"]`,
		"profile.badges":      `[{"id":7,"zone":"A"},{"id":9}]`,
		"profile.headcount":   "3",
		"profile.contractor":  "false",
		"profile.login":       "alice@initech.example",
	}
	keys := `[{"kid":"default","kty":"EC","use":"sig"},{"kid":"default","kty":"EC","use":"enc"}]`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
data "oktagate_user" "alice" {
  id = "` + uAlice + `"
}
data "oktagate_users" "all" {}
data "oktagate_user_factors" "alice" {
  user_id = "` + uAlice + `"
}
locals {
  alice = one([for u in data.oktagate_users.all.users : u if u.id == "` + uAlice + `"])
}
output "costs" {
  value = local.alice.profile.costCenters
}
output "badge_zone" {
  value = jsondecode(data.oktagate_user.alice.profile.badges)[0].zone
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs("data.oktagate_user.alice", want),
				resource.TestCheckOutput("costs", `["Paris, FR","Lyon"]`),
				resource.TestCheckOutput("badge_zone", "A"),
				resource.TestCheckResourceAttr("data.oktagate_user_factors.alice", "factors.0.profile.keys", keys),
				resource.TestCheckResourceAttr("data.oktagate_user_factors.alice", "factors.0.profile.name", "Alice's iPhone"),
			),
		}},
	})
}
