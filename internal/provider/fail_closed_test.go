package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccCheckEmptyScope: an MFA check scoped to a group minus its members
// evaluates nobody; it fails the plan saying why and what to do, and passes
// only with allow_empty = true, whose evidence says nothing was evaluated.
func TestAccCheckEmptyScope(t *testing.T) {
	t.Parallel()
	_, provider := startCheckSim(t, newTestOrg())
	const addr = "oktagate_mfa_check.eng"
	config := func(body string) string {
		return provider + "resource \"oktagate_mfa_check\" \"eng\" {\n  group_ids = [\"" + gEng +
			"\"]\n  exclude_group_ids = [\"" + gEng + "\"]\n" + body + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config(""),
				ExpectError: phrases("Compliance check failed: oktagate_mfa_check of groups "+gEng+" (1 violation",
					"scope: members of "+gEng+": nothing was evaluated: each of the 2 members of group_ids "+gEng,
					"is excluded by exclude_group_ids or exclude_logins; check group_ids, exclude_group_ids and exclude_logins;",
					"set allow_empty = true if an empty scope is expected"),
			},
			{
				// warn reports the same violation without failing the plan.
				Config: config("  enforcement = \"warn\"\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("fail")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("allow_empty"), knownvalue.Bool(false)),
				}},
			},
			{
				Config: config("  allow_empty = true\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pass")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(0)),
				}},
				Check: resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
					return expectContains(v, `"allow_empty":true`,
						`"note":"nothing was evaluated, which allow_empty = true makes a pass: each of the 2 members of group_ids `+gEng)
				}),
			},
		},
	})
}

// TestAccCheckExceptionGovernance: two exceptions for one subject fail
// validation naming both; an exception running longer than the provider's
// max_exception_days from the plan fails the plan naming it, its expiry, the
// limit and the fix; raising the limit admits it.
func TestAccCheckExceptionGovernance(t *testing.T) {
	t.Parallel()
	_, provider := startCheckSim(t, newTestOrg())
	withLimit := func(days string) string {
		return strings.Replace(provider, "  api_token", "  max_exception_days = "+days+"\n  api_token", 1)
	}
	check := func(excs string) string {
		return "resource \"oktagate_mfa_check\" \"staff\" {\n" + excs + "}\n"
	}
	today := time.Now().UTC()
	in60 := today.AddDate(0, 0, 60).Format(time.DateOnly)
	in400 := today.AddDate(0, 0, 400).Format(time.DateOnly)
	both := exception("erin@initech.example", in60) + exception("frank@initech.example", in60)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: provider + check(exception("erin@initech.example", in60)+exception("ERIN@Initech.example", in60)+
					exception("frank@initech.example", in60)),
				ExpectError: phrases("Invalid exception",
					`Two exceptions for one subject: "erin@initech.example" and "ERIN@Initech.example"`,
					"keep one exception block per subject"),
			},
			{
				// The default limit, 365 days.
				Config: provider + check(exception("erin@initech.example", in400)+exception("frank@initech.example", in60)),
				ExpectError: phrases("Exception runs too long: oktagate_mfa_check",
					"The exception for erin@initech.example expires on "+in400+", 400 days after the plan's date",
					"longer than max_exception_days (365)", "raise max_exception_days in the provider block"),
			},
			{
				Config: withLimit("30") + check(both),
				ExpectError: phrases("The exception for erin@initech.example expires on "+in60+", 60 days after",
					"longer than max_exception_days (30). Expire it on "+today.AddDate(0, 0, 30).Format(time.DateOnly)+" or earlier"),
			},
			{
				Config:      withLimit("0") + check(both),
				ExpectError: phrase("max_exception_days value must be at least 1"),
			},
			{
				Config: withLimit("60") + check(both),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("oktagate_mfa_check.staff", tfjsonpath.New("status"), knownvalue.StringExact("pass")),
				}},
			},
		},
	})
}

func TestResolveMaxExceptionDays(t *testing.T) {
	if n, d := resolveMaxExceptionDays(types.Int64Null()); n != 365 || d.HasError() {
		t.Errorf("unset: %d %v, want the default 365", n, d)
	}
	if n, d := resolveMaxExceptionDays(types.Int64Value(90)); n != 90 || d.HasError() {
		t.Errorf("90: %d %v", n, d)
	}
	// Unknown is refused, not replaced by the default.
	if _, d := resolveMaxExceptionDays(types.Int64Unknown()); !d.HasError() ||
		!strings.Contains(d.Errors()[0].Detail(), "Set it to a number") {
		t.Errorf("unknown: %v", d)
	}
}

// TestAccOffboardingEmptyList: an offboarded list naming nobody (an HR export
// that came back empty) fails the plan, unless allow_empty.
func TestAccOffboardingEmptyList(t *testing.T) {
	t.Parallel()
	_, provider := startCheckSim(t, newTestOrg())
	const addr = "oktagate_offboarding_check.hr"
	config := func(body string) string {
		return provider + "resource \"oktagate_offboarding_check\" \"hr\" {\n  offboarded = []\n" + body + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config(""),
				ExpectError: phrases("Compliance check failed: oktagate_offboarding_check of 0 offboarded users",
					"offboarded: nothing was evaluated: offboarded lists nobody",
					"set allow_empty = true if an empty scope is expected"),
			},
			{
				Config: config("  allow_empty = true\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pass")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(0)),
				}},
			},
		},
	})
}
