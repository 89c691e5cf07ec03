package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestAccMFACheck walks the MFA check through the frame on Initech, where
// erin (PASSWORD_EXPIRED) and frank (LOCKED_OUT) have no factor, dave's TOTP
// counts but his security question would not, alice's PENDING_ACTIVATION SMS
// never counts, and STAGED, PROVISIONED, SUSPENDED and DEPROVISIONED users are
// out of the default scope.
func TestAccMFACheck(t *testing.T) {
	t.Parallel()
	s, provider := startCheckSim(t, newTestOrg())
	const addr = "oktagate_mfa_check.staff"
	// The fingerprint changes at every step that adds it.
	fp := statecheck.CompareValue(compare.ValuesDiffer())
	config := func(body string) string {
		return provider + "resource \"oktagate_mfa_check\" \"staff\" {\n" + body + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				// warn: the plan succeeds and every result is known at plan time.
				Config: config(`  enforcement = "warn"` + "\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("fail")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("violation_count"), knownvalue.Int64Exact(2)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("violations").AtSliceIndex(1).AtMapKey("subject"),
						knownvalue.StringExact("frank@initech.example")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("fingerprint"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}$`))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"enforcement":             "warn",
						"status":                  "fail",
						"subjects_evaluated":      "4", // alice, dave, erin, frank
						"violation_count":         "2",
						"violations.#":            "2",
						"violations.0.subject":    "erin@initech.example",
						"violations.0.subject_id": uErin,
						"violations.0.reason":     "no ACTIVE factor of an allowed type",
						"violations.1.subject":    "frank@initech.example",
						"violations.1.subject_id": uFrank,
						"exceptions_applied.#":    "0",
						"controls.#":              "7",
						"controls.0":              "CISv8.1 6.3",
						"controls.6":              "SOC2 CC6.1",
						"statuses.#":              "4",
						"min_factors":             "1",
						"phishing_resistant":      "false",
					}),
					resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
						return expectContains(v, `"check":"oktagate_mfa_check"`, `"violation_count":2`, `"users_factors":"`)
					}),
				),
			},
			{
				// An unchanged org and configuration plan nothing.
				Config:   config(`  enforcement = "warn"` + "\n"),
				PlanOnly: true,
			},
			{
				// block (the default) fails the plan, naming the violators.
				Config: config(""),
				ExpectError: phrases("Compliance check failed: oktagate_mfa_check (2 violations", "with oktagate_mfa_check.staff",
					"erin@initech.example ("+uErin+"): no ACTIVE factor of an allowed type", "frank@initech.example"),
			},
			{
				// phishing_resistant: dave's TOTP no longer counts; alice's WebAuthn does.
				Config:      config("  phishing_resistant = true\n" + exception("erin@initech.example", farFuture) + exception(uFrank, farFuture)),
				ExpectError: phrases("(1 violation,", "dave@initech.example ("+uDave+"): no ACTIVE factor of an allowed type; only question, token:software:totp"),
			},
			{
				// Active exceptions waive every violation: the gate passes in block mode.
				Config:           config(exception("erin@initech.example", farFuture) + exception(uFrank, farFuture)),
				ConfigPlanChecks: updateInPlace(addr),
				Check: checkAttrs(addr, map[string]string{
					"status":                                    "pass",
					"violation_count":                           "0",
					"violations.#":                              "0",
					"exceptions_applied.#":                      "2",
					"exceptions_applied.0.subject":              uFrank,
					"exceptions_applied.0.expires":              farFuture,
					"exceptions_applied.0.reason":               "ticket SEC-1",
					"exceptions_applied.0.violations.#":         "1",
					"exceptions_applied.0.violations.0.subject": "frank@initech.example",
					"exceptions_applied.1.subject":              "erin@initech.example",
				}),
			},
			{
				// An expired exception stops applying: frank's violation is back.
				Config:            config(`  enforcement = "warn"` + "\n" + exception("erin@initech.example", farFuture) + exception("frank@initech.example", longAgo)),
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"status":                       "fail",
						"violation_count":              "1",
						"violations.0.subject":         "frank@initech.example",
						"exceptions_applied.#":         "1",
						"exceptions_applied.0.subject": "erin@initech.example",
					}),
					resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
						return expectContains(v, `"expired":[{"expires":"`+longAgo+`","reason":"ticket SEC-1","subject":"frank@initech.example"}]`)
					}),
				),
			},
			{
				// frank enrols a factor in Okta: the next plan updates the check in
				// place, and the fingerprint changes with the facts.
				PreConfig: func() {
					org := s.Org()
					org.Lock()
					defer org.Unlock()
					org.Factors[uFrank] = append(org.Factors[uFrank], &oktasim.Factor{ID: "fuf00000000000000009", UserID: uFrank,
						FactorType: "push", Provider: "OKTA", VendorName: "OKTA", Status: "ACTIVE", Created: ts(22, 1), LastUpdated: ts(22, 1)})
				},
				Config:            config(`  enforcement = "warn"` + "\n" + exception("erin@initech.example", farFuture) + exception("frank@initech.example", longAgo)),
				ConfigPlanChecks:  updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{"status": "pass", "violation_count": "0", "violations.#": "0"}),
					onlyReads(s),
				),
			},
			{
				// Removing the check forgets it without evaluating it: a destroy
				// plan reads nothing from Okta.
				PreConfig: s.ResetRequests,
				Config:    provider,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroy),
				}},
				Check: func(*terraform.State) error {
					if reqs := s.Requests(); len(reqs) > 0 {
						return fmt.Errorf("destroying a check made %d requests, e.g. %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
					}
					return nil
				},
			},
		},
	})
}
