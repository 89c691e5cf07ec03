package provider

import (
	"math/big"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// unknownGateConfig is the case: a data source that names
// oktagate_snapshot directly feeds a blocking check. ref is how the data
// source refers to the snapshot; enforcement the check's mode.
func unknownGateConfig(provider, ref, enforcement string) string {
	return provider + `
locals {
  snapshot_id = oktagate_snapshot.org.id
}

resource "oktagate_snapshot" "org" {}

data "oktagate_groups" "all" {
  snapshot_id = ` + ref + `
}

resource "oktagate_mfa_check" "staff" {
  enforcement = "` + enforcement + `"
  group_ids   = [for g in data.oktagate_groups.all.groups : g.id if g.name == "Everyone"]
  depends_on  = [oktagate_snapshot.org]
}
`
}

// TestAccUnknownIsNotAPass: a block-mode check whose inputs are known only at
// apply fails the plan, naming the inputs and the fix; before, its results
// were unknown, the plan passed, and the violations (erin and frank have no
// factor) surfaced only at apply. Referring to the snapshot through a local,
// as the error says, makes the same check judged in the plan. Warn mode keeps
// the results unknown and passes.
func TestAccUnknownIsNotAPass(t *testing.T) {
	t.Parallel()
	_, provider := startCheckSim(t, newTestOrg())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				// The data source is read at apply, so group_ids is unknown.
				Config:   unknownGateConfig(provider, "oktagate_snapshot.org.id", "block"),
				PlanOnly: true,
				ExpectError: phrases("Compliance check cannot be evaluated at plan: oktagate_mfa_check",
					"Its input group_ids is known only at apply", "snapshot_id = local.snapshot_id",
					`enforcement = "warn"`),
			},
			{
				// The fix the error names: the check is judged in the plan, and fails.
				Config:      unknownGateConfig(provider, "local.snapshot_id", "block"),
				PlanOnly:    true,
				ExpectError: phrases("Compliance check failed: oktagate_mfa_check", "2 violations", "erin@initech.example"),
			},
			{
				// Warn mode: the plan passes, the results wait for the apply.
				Config:             unknownGateConfig(provider, "oktagate_snapshot.org.id", "warn"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// TestAccUnknownBlockCheckFromAResource: an exception computed by another
// resource (the case TestAccCheckUnknownInputs runs in warn mode) fails a
// blocking check's plan, naming exception[0].subject; so does an enforcement
// computed by another resource, which might be "block".
func TestAccUnknownBlockCheckFromAResource(t *testing.T) {
	t.Parallel()
	s, provider := startCheckSim(t, newTestOrg())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
resource "terraform_data" "ticket" {
  input = "erin@initech.example"
}

resource "oktagate_mfa_check" "staff" {
  exception {
    subject = terraform_data.ticket.output
    reason  = "known only at apply"
    expires = "` + farFuture + `"
  }
}
`,
			PlanOnly:    true,
			ExpectError: phrases("Compliance check cannot be evaluated at plan: oktagate_mfa_check", "Its input exception[0].subject is known only at apply"),
		}, {
			// An enforcement known only at apply might be block: it fails closed.
			Config: provider + `
resource "terraform_data" "mode" {
  input = "warn"
}

resource "oktagate_mfa_check" "staff" {
  enforcement = terraform_data.mode.output
}
`,
			PlanOnly:    true,
			ExpectError: phrases("Compliance check cannot be evaluated at plan: oktagate_mfa_check", "Its input enforcement is known only at apply"),
		}},
	})
	// The check was not judged: the plan read nothing of the org for it.
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, "/factors") {
			t.Errorf("the unknown check read %s", r.Path)
		}
	}
}

func TestUnknownInputs(t *testing.T) {
	t.Parallel()
	str, strs := tftypes.String, tftypes.Set{ElementType: tftypes.String}
	exc := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"subject": str, "reason": str}}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"enforcement": str, "group_ids": strs, "exclude_logins": strs, "days": tftypes.Number,
		"exception": tftypes.List{ElementType: exc},
	}}
	unknown := func(t tftypes.Type) tftypes.Value { return tftypes.NewValue(t, tftypes.UnknownValue) }
	cfg := tftypes.NewValue(typ, map[string]tftypes.Value{
		"enforcement":    tftypes.NewValue(str, "block"),
		"group_ids":      unknown(strs),
		"exclude_logins": tftypes.NewValue(strs, []tftypes.Value{tftypes.NewValue(str, "a"), unknown(str)}),
		"days":           tftypes.NewValue(tftypes.Number, big.NewFloat(3)),
		"exception": tftypes.NewValue(tftypes.List{ElementType: exc}, []tftypes.Value{
			tftypes.NewValue(exc, map[string]tftypes.Value{"subject": tftypes.NewValue(str, "x"), "reason": tftypes.NewValue(str, "r")}),
			tftypes.NewValue(exc, map[string]tftypes.Value{"subject": unknown(str), "reason": tftypes.NewValue(str, "r")}),
		}),
	})
	got := strings.Join(unknownInputs(cfg), " ")
	if want := "exception[1].subject exclude_logins[…] group_ids"; got != want {
		t.Errorf("unknownInputs = %q, want %q", got, want)
	}
	if got := unknownInputs(tftypes.NewValue(typ, map[string]tftypes.Value{
		"enforcement": tftypes.NewValue(str, nil), "group_ids": tftypes.NewValue(strs, nil),
		"exclude_logins": tftypes.NewValue(strs, nil), "days": tftypes.NewValue(tftypes.Number, nil),
		"exception": tftypes.NewValue(tftypes.List{ElementType: exc}, nil),
	})); len(got) != 0 {
		t.Errorf("a known configuration has unknown inputs %v", got)
	}
}

func TestUnknownResultsDiagnostic(t *testing.T) {
	t.Parallel()
	many := make([]string, 12)
	for i := range many {
		many[i] = "x" + string(rune('a'+i))
	}
	cases := []struct {
		name, enforcement string
		configured        bool
		inputs            []string
		errors            int
		want              *regexp.Regexp
	}{
		{"block", enforcementBlock, true, []string{"group_ids"}, 1,
			phrases("cannot be evaluated at plan: oktagate_mfa_check", "Its input group_ids is known only at apply", "fails the plan")},
		{"warn", enforcementWarn, true, []string{"group_ids", "exclude_logins"}, 0,
			phrases("not evaluated at plan: oktagate_mfa_check", "Its inputs group_ids, exclude_logins are known only at apply", "does not fail the plan")},
		{"provider", enforcementBlock, false, nil, 1, phrases("The provider configuration is not known at plan time")},
		{"many", enforcementBlock, true, many, 1, phrases("xa, xb", "xj and 2 more are known")},
	}
	for _, tc := range cases {
		var d diag.Diagnostics
		unknownResultsDiagnostic(&d, "oktagate_mfa_check", tc.enforcement, tc.configured, tc.inputs)
		if len(d) != 1 || d.ErrorsCount() != tc.errors {
			t.Errorf("%s: %d diagnostics, %d errors, want 1 and %d", tc.name, len(d), d.ErrorsCount(), tc.errors)
			continue
		}
		if text := d[0].Summary() + "\n" + d[0].Detail(); !tc.want.MatchString(text) {
			t.Errorf("%s: diagnostic does not match %s:\n%s", tc.name, tc.want, text)
		}
	}
}
