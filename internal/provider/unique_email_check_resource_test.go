package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

const (
	uIvan = "00u0000000000000009i" // shares erin's email, in another case
	uJudy = "00u0000000000000010j" // a gmail address
	uKarl = "00u0000000000000011k" // DEPROVISIONED, shares alice's email: out of the default scope
)

// uniqueEmailOrg is Initech with three more users (see the ids above).
func uniqueEmailOrg() *oktasim.Org {
	org := newTestOrg()
	add := func(id, status, login, email string) {
		org.Users = append(org.Users, &oktasim.User{ID: id, Status: status, Created: ts(15, 1), LastUpdated: ts(15, 2),
			Profile: map[string]any{"login": login, "email": email, "firstName": "X", "lastName": "Y"}})
	}
	add(uIvan, "ACTIVE", "ivan@initech.example", "Erin@INITECH.example")
	add(uJudy, "STAGED", "judy@initech.example", "judy.contractor@gmail.com")
	add(uKarl, "DEPROVISIONED", "karl@initech.example", "alice@initech.example")
	return org
}

func TestAccUniqueEmailCheck(t *testing.T) {
	t.Parallel()
	s, provider := startCheckSim(t, uniqueEmailOrg())
	const addr = "oktagate_unique_email_check.people"
	// The fingerprint changes at every step that adds it.
	fp := statecheck.CompareValue(compare.ValuesDiffer())
	config := func(body string) string {
		return provider + "resource \"oktagate_unique_email_check\" \"people\" {\n  allowed_domains = [\"initech.example\"]\n" + body + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config(`  enforcement = "warn"` + "\n"),
				Check: checkAttrs(addr, map[string]string{
					"statuses.#":              "7",
					"status":                  "fail",
					"subjects_evaluated":      "9", // 7 of Initech's 8 and ivan and judy
					"violation_count":         "3",
					"violations.0.subject":    "erin@initech.example",
					"violations.0.reason":     "email erin@initech.example is also used by ivan@initech.example",
					"violations.1.subject":    "ivan@initech.example",
					"violations.1.subject_id": uIvan,
					"violations.1.reason":     "email erin@initech.example is also used by erin@initech.example",
					"violations.2.subject":    "judy@initech.example",
					"violations.2.reason":     "email judy.contractor@gmail.com is outside the allowed domains",
					"controls.0":              "HIPAA 164.312(a)(2)(i)",
					"controls.3":              "PCIDSS4.0.1 8.2.1",
				}),
			},
			{
				Config:   config(`  enforcement = "warn"` + "\n"),
				PlanOnly: true,
			},
			{
				Config:      config(""),
				ExpectError: phrases("Compliance check failed: oktagate_unique_email_check (3 violations", "ivan@initech.example ("+uIvan+"): email erin@initech.example is also used by erin@initech.example"),
			},
			{
				// One exception waives both of ivan's and erin's duplicates (by
				// email); judy's has expired.
				Config:      config(exception("ERIN@initech.example", farFuture) + exception(uIvan, farFuture) + exception("judy@initech.example", longAgo)),
				ExpectError: phrases("(1 violation,", "judy@initech.example"),
			},
			{
				// DEPROVISIONED users count when asked for: karl shares alice's email.
				Config: config(`  enforcement = "warn"` + "\n" + `  statuses = ["ACTIVE", "PASSWORD_EXPIRED", "DEPROVISIONED"]` + "\n" +
					exception("erin@initech.example", farFuture) + exception(uIvan, farFuture)),
				ConfigPlanChecks:  updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"subjects_evaluated":   "5", // alice, erin, heidi, ivan, karl
						"violation_count":      "2",
						"violations.0.subject": "alice@initech.example",
						"violations.1.subject": "karl@initech.example",
						// The exception for erin's email waives ivan's violation too.
						"exceptions_applied.#":              "2",
						"exceptions_applied.0.subject":      uIvan,
						"exceptions_applied.0.violations.#": "1",
						"exceptions_applied.1.subject":      "erin@initech.example",
						"exceptions_applied.1.violations.#": "2",
					}),
				),
			},
			{
				// karl's email is corrected in Okta: an in-place update.
				PreConfig: func() {
					org := s.Org()
					org.Lock()
					defer org.Unlock()
					for _, u := range org.Users {
						if u.ID == uKarl {
							u.Profile["email"] = "karl@initech.example"
						}
					}
				},
				Config: config(`  enforcement = "warn"` + "\n" + `  statuses = ["ACTIVE", "PASSWORD_EXPIRED", "DEPROVISIONED"]` + "\n" +
					exception("erin@initech.example", farFuture) + exception(uIvan, farFuture)),
				ConfigPlanChecks:  updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{"status": "pass", "violation_count": "0"}),
					onlyReads(s),
				),
			},
		},
	})
}
