package provider

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// reaches reports whether a value of type t can hold a value of type target
// in a field, element or pointee (interfaces and funcs are opaque: what they
// hold is not part of the type).
func reaches(t, target reflect.Type, seen map[reflect.Type]bool) bool {
	if t == target {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return reaches(t.Elem(), target, seen)
	case reflect.Map:
		return reaches(t.Key(), target, seen) || reaches(t.Elem(), target, seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if reaches(t.Field(i).Type, target, seen) {
				return true
			}
		}
	}
	return false
}

// No data source or check can hold the Okta client: they read only through
// the snapshot, so none mixes the plan's instant with a live read. Provisioning
// resources, which write, do hold it (which shows the walk finds it).
func TestOnlyProvisioningResourcesHoldTheClient(t *testing.T) {
	client := reflect.TypeOf((*okta.Client)(nil))
	p := &oktagateProvider{}
	for _, newDS := range p.DataSources(t.Context()) {
		ds := newDS()
		if reaches(reflect.TypeOf(ds), client, map[reflect.Type]bool{}) {
			t.Errorf("data source %T can hold the Okta client", ds)
		}
	}
	for _, newCheck := range checkResources() {
		r := newCheck()
		if reaches(reflect.TypeOf(r), client, map[reflect.Type]bool{}) {
			t.Errorf("check %T can hold the Okta client", r)
		}
	}
	for _, newProv := range provisioningResources() {
		r := newProv()
		if !reaches(reflect.TypeOf(r), client, map[reflect.Type]bool{}) {
			t.Errorf("provisioning resource %T cannot hold the Okta client: the walk proves nothing", r)
		}
	}
}

// The data sources' searches and the one-user read go through the plan's
// snapshot: two data sources asking the same question share one request, so
// a question asked twice reaches Okta as often as one asked once.
func TestAccDataSourceSearchesShareTheSnapshot(t *testing.T) {
	t.Parallel()
	s, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
data "oktagate_users" "sales_a" {
  search = "profile.department eq \"Sales\""
}

data "oktagate_users" "sales_b" {
  search = "profile.department eq \"Sales\""
}

data "oktagate_users" "finance" {
  search = "profile.department eq \"Finance\""
}

data "oktagate_groups" "eng_a" {
  q = "Eng"
}

data "oktagate_groups" "eng_b" {
  q = "Eng"
}

data "oktagate_groups" "sales" {
  q = "Sales"
}

data "oktagate_apps" "expense_a" {
  q = "Expense"
}

data "oktagate_apps" "expense_b" {
  q = "Expense"
}

data "oktagate_apps" "legacy" {
  q = "Legacy"
}

data "oktagate_user" "carol_a" {
  login = "carol@initech.example"
}

data "oktagate_user" "carol_b" {
  login = "carol@initech.example"
}

data "oktagate_user" "dave" {
  login = "dave@initech.example"
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.oktagate_users.sales_a", "users.#", "3"),
				resource.TestCheckResourceAttr("data.oktagate_users.sales_b", "users.#", "3"),
				resource.TestCheckResourceAttr("data.oktagate_groups.eng_b", "groups.0.id", gEng),
				resource.TestCheckResourceAttr("data.oktagate_apps.expense_b", "apps.0.id", aBookmark),
				resource.TestCheckResourceAttr("data.oktagate_user.carol_b", "id", uCarol),
				func(*terraform.State) error {
					count := func(path, param, value string) int {
						n := 0
						for _, r := range s.Requests() {
							if r.Path != path {
								continue
							}
							q, err := url.ParseQuery(r.RawQuery)
							if err == nil && q.Get(param) == value {
								n++
							}
						}
						return n
					}
					countPath := func(suffix string) int {
						n := 0
						for _, r := range s.Requests() {
							if p, err := url.PathUnescape(r.Path); err == nil && strings.HasSuffix(p, suffix) {
								n++
							}
						}
						return n
					}
					pairs := []struct {
						what        string
						twice, once int
					}{
						{"user search", count("/api/v1/users", "search", `profile.department eq "Sales"`), count("/api/v1/users", "search", `profile.department eq "Finance"`)},
						{"group search", count("/api/v1/groups", "q", "Eng"), count("/api/v1/groups", "q", "Sales")},
						{"app search", count("/api/v1/apps", "q", "Expense"), count("/api/v1/apps", "q", "Legacy")},
						{"user read", countPath("/users/carol@initech.example"), countPath("/users/dave@initech.example")},
						{"user's groups", countPath("/users/" + uCarol + "/groups"), countPath("/users/" + uDave + "/groups")},
					}
					for _, p := range pairs {
						if p.once == 0 || p.twice != p.once {
							return fmt.Errorf("%s asked by two data sources reached Okta %d times, asked by one %d times; want the same, and not 0", p.what, p.twice, p.once)
						}
					}
					return nil
				},
			),
		}},
	})
}
