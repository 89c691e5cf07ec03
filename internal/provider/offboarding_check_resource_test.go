package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccOffboardingCheck on Initech: heidi left cleanly (DEPROVISIONED, only
// in Everyone); grace is SUSPENDED; frank is still LOCKED_OUT and assigned to
// Legacy Payroll; nobody@ was deleted; carol leaves in the future.
func TestAccOffboardingCheck(t *testing.T) {
	t.Parallel()
	s, provider := startCheckSim(t, newTestOrg())
	const addr = "oktagate_offboarding_check.leavers"
	var fp string
	config := func(body string) string {
		return provider + `
resource "oktagate_offboarding_check" "leavers" {
  offboarded = [
    { login = "heidi@initech.example", date = "2025-03-01" },
    { login = "Grace@Initech.example", date = "2025-03-02" },
    { login = "frank@initech.example", date = "2025-03-03" },
    { login = "nobody@initech.example", date = "2025-03-04" },
    { login = "carol@initech.example", date = "2099-01-01" },
  ]
` + body + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config(`  enforcement = "warn"` + "\n"),
				Check: checkAttrs(addr, map[string]string{
					"grace_period":            "24h",
					"allow_suspended":         "false",
					"status":                  "fail",
					"subjects_evaluated":      "4",
					"violation_count":         "2",
					"violations.0.subject":    "frank@initech.example",
					"violations.0.subject_id": uFrank,
					"violations.0.reason":     "offboarded 2025-03-03: status LOCKED_OUT, not DEPROVISIONED; still assigned to 1 app: Legacy Payroll",
					"violations.1.subject":    "grace@initech.example",
					"violations.1.reason":     "offboarded 2025-03-02: status SUSPENDED, not DEPROVISIONED",
					"controls.#":              "3",
				}),
			},
			{
				Config:   config(`  enforcement = "warn"` + "\n"),
				PlanOnly: true,
			},
			{
				Config:      config(""),
				ExpectError: phrases("Compliance check failed: oktagate_offboarding_check of 5 offboarded users (2 violations", "frank@initech.example", "grace@initech.example"),
			},
			{
				// grace passes once SUSPENDED is allowed; frank's exception has expired.
				Config:      config("  allow_suspended = true\n" + exception("frank@initech.example", longAgo)),
				ExpectError: phrases("(1 violation,", "frank@initech.example ("+uFrank+"): offboarded 2025-03-03"),
			},
			{
				Config:           config("  allow_suspended = true\n" + exception("frank@initech.example", farFuture)),
				ConfigPlanChecks: updateInPlace(addr),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"status":                            "pass",
						"violation_count":                   "0",
						"exceptions_applied.#":              "1",
						"exceptions_applied.0.subject":      "frank@initech.example",
						"exceptions_applied.0.violations.#": "1",
					}),
					capture(addr, "fingerprint", &fp),
				),
			},
			{
				// frank is deprovisioned and unassigned in Okta: the check updates
				// in place though its configuration did not change.
				PreConfig: func() {
					org := s.Org()
					org.Lock()
					defer org.Unlock()
					for _, u := range org.Users {
						if u.ID == uFrank {
							u.Status = "DEPROVISIONED"
						}
					}
					for _, a := range org.Apps {
						if a.ID == aLegacy {
							a.Users = nil
						}
					}
				},
				Config:           config("  allow_suspended = true\n" + exception("frank@initech.example", farFuture)),
				ConfigPlanChecks: updateInPlace(addr),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{"status": "pass", "violation_count": "0", "exceptions_applied.#": "0"}),
					changed(addr, "fingerprint", &fp),
					resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
						return expectContains(v, `"unused":[{"expires":"`+farFuture+`"`)
					}),
					onlyReads(s),
				),
			},
		},
	})
}
