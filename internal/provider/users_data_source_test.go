package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// userAttrs is what the state must hold for testUsers[i] at users.<at>.
func userAttrs(prefix string, i int) map[string]string {
	u := testUsers[i]
	p := prefix
	if p != "" {
		p += "."
	}
	want := map[string]string{
		p + "id":                 u.id,
		p + "login":              u.login(),
		p + "email":              u.login(),
		p + "first_name":         u.first,
		p + "last_name":          "Initrode",
		p + "status":             u.status,
		p + "created":            rfc(1, 8+i),
		p + "last_updated":       rfc(21, 8+i),
		p + "user_type_id":       "oty00000000000000001",
		p + "department":         u.dept,
		p + "title":              u.dept + " lead",
		p + "employee_number":    fmt.Sprintf("E%03d", i+1),
		p + "profile.%":          "8",
		p + "profile.costCenter": "CC-" + u.dept[:3],
		p + "profile.login":      u.login(),
	}
	if u.activated != nil {
		want[p+"activated"] = u.activated.Format(time.RFC3339)
		want[p+"status_changed"] = u.activated.Format(time.RFC3339)
		want[p+"password_changed"] = u.activated.Format(time.RFC3339)
		want[p+"last_login"] = u.lastLogin.Format(time.RFC3339)
	}
	return want
}

// usersAre checks that a users list holds exactly testUsers[indexes...], in order.
func usersAre(name string, indexes ...int) resource.TestCheckFunc {
	checks := []resource.TestCheckFunc{resource.TestCheckResourceAttr(name, "users.#", strconv.Itoa(len(indexes)))}
	for at, i := range indexes {
		checks = append(checks, checkAttrs(name, userAttrs(fmt.Sprintf("users.%d", at), i)))
	}
	return resource.ComposeAggregateTestCheckFunc(checks...)
}

func TestAccUsersDataSource(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	const all = `["STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED", "DEPROVISIONED"]`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
data "oktagate_users" "default" {}

data "oktagate_users" "all" {
  statuses        = ` + all + `
  include_factors = true
  include_groups  = true
}

data "oktagate_users" "engineering" {
  group_id = "` + gEng + `"
}

data "oktagate_users" "gone" {
  statuses = ["DEPROVISIONED"]
}

data "oktagate_users" "sales" {
  search = "profile.department eq \"Sales\""
}

data "oktagate_users" "sales_staged" {
  search   = "profile.department eq \"Sales\""
  statuses = ["STAGED"]
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				// Every status but DEPROVISIONED by default.
				usersAre("data.oktagate_users.default", 0, 1, 2, 3, 4, 5, 6),
				resource.TestCheckNoResourceAttr("data.oktagate_users.default", "users.0.factors"),
				resource.TestCheckNoResourceAttr("data.oktagate_users.default", "users.0.group_ids"),

				usersAre("data.oktagate_users.all", 0, 1, 2, 3, 4, 5, 6, 7),
				// Okta's nulls stay null.
				resource.TestCheckNoResourceAttr("data.oktagate_users.all", "users.1.activated"),
				resource.TestCheckNoResourceAttr("data.oktagate_users.all", "users.1.last_login"),
				resource.TestCheckNoResourceAttr("data.oktagate_users.all", "users.1.password_changed"),
				// Factors, in every status, sorted by id.
				checkAttrs("data.oktagate_users.all", map[string]string{
					"users.0.factors.#":                     "3",
					"users.0.factors.0.id":                  "fuf00000000000000001",
					"users.0.factors.0.factor_type":         "push",
					"users.0.factors.0.provider":            "OKTA",
					"users.0.factors.0.status":              "ACTIVE",
					"users.0.factors.0.profile.platform":    "IOS",
					"users.0.factors.1.factor_type":         "webauthn",
					"users.0.factors.1.provider":            "FIDO",
					"users.0.factors.2.factor_type":         "sms",
					"users.0.factors.2.status":              "PENDING_ACTIVATION",
					"users.0.factors.2.profile.phoneNumber": "+1 555 0100",
					"users.1.factors.#":                     "0",
					"users.3.factors.#":                     "2",
					"users.3.factors.0.factor_type":         "token:software:totp",
					"users.3.factors.0.provider":            "GOOGLE",
					"users.7.factors.#":                     "0",
					// Group ids from the group side.
					"users.0.group_ids.#": "2",
					"users.1.group_ids.#": "1",
					"users.2.group_ids.#": "2",
					"users.4.group_ids.#": "2",
					"users.7.group_ids.#": "1",
				}),
				resource.TestCheckTypeSetElemAttr("data.oktagate_users.all", "users.0.group_ids.*", gEveryone),
				resource.TestCheckTypeSetElemAttr("data.oktagate_users.all", "users.0.group_ids.*", gEng),
				resource.TestCheckTypeSetElemAttr("data.oktagate_users.all", "users.4.group_ids.*", gSales),

				usersAre("data.oktagate_users.engineering", 0, 2, 3),
				usersAre("data.oktagate_users.gone", 7),
				// A search sees DEPROVISIONED users unless statuses narrows it.
				usersAre("data.oktagate_users.sales", 1, 4, 7),
				usersAre("data.oktagate_users.sales_staged", 1),
				resource.TestCheckResourceAttrSet("data.oktagate_users.default", "id"),
			),
		}},
	})
}

func TestAccUsersDataSourceBadSearch(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	const bad = `profile.department eq`
	_, perr := oktasim.ParseSearch(bad)
	if perr == nil {
		t.Fatalf("the simulator accepts %q", bad)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
data "oktagate_users" "bad" {
  search = "` + bad + `"
}
`,
			// The summary says what is wrong; the detail quotes Okta's words.
			ExpectError: regexp.MustCompile(phrase("Invalid search expression").String() + `(?s).*` + phrase(perr.Error()).String()),
		}},
	})
}

func TestAccUsersDataSourceValidation(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config:      providerBlock("https://acme.okta.com", "x") + `data "oktagate_users" "x" { statuses = ["ENABLED"] }`,
				ExpectError: phrase(`value must be one of`),
			},
			{
				Config:      providerBlock("https://acme.okta.com", "x") + `data "oktagate_users" "x" { group_id = "Engineering" }`,
				ExpectError: phrase("must be an Okta group id"),
			},
		},
	})
}
