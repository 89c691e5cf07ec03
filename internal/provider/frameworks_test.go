package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
)

// TestAccFrameworksNarrowControls: the provider's frameworks narrows every
// check's controls, and its evidence, to the frameworks listed, keeping only
// the requirements its thresholds meet; without it every framework appears;
// an unknown framework or an empty list fails at plan, naming the accepted
// ids.
func TestAccFrameworksNarrowControls(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addPasswordPolicies(org)
	_, provider := startCheckSim(t, org)
	withFrameworks := func(list string) string {
		return strings.Replace(provider, "  api_token", "  frameworks = "+list+"\n  api_token", 1)
	}
	const mfa, pw = "oktagate_mfa_check.staff", "oktagate_password_policy_check.pci"
	checks := func(minHistory string) string {
		return "resource \"oktagate_mfa_check\" \"staff\" {\n  enforcement = \"warn\"\n}\n" +
			"resource \"oktagate_password_policy_check\" \"pci\" {\n  enforcement = \"warn\"\n  min_history = " + minHistory + "\n}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				// Refused at plan, before any request.
				Config:      withFrameworks(`["PCIDSS4.0.1", "PCI-DSS"]`) + checks("4"),
				PlanOnly:    true,
				ExpectError: phrases("frameworks", `value must be one of`, `"SOC2"`, `"ISO27001:2022"`, `"STIG"`, `got: "PCI-DSS"`),
			},
			{
				Config:      withFrameworks(`[]`) + checks("4"),
				PlanOnly:    true,
				ExpectError: phrases("frameworks", "at least 1"),
			},
			{
				// min_history 4 meets PCI DSS 8.3.7; the defaults meet 8.3.6
				// and 8.3.4 (10 attempts, no automatic unlock).
				Config: withFrameworks(`["PCIDSS4.0.1"]`) + checks("4"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(mfa, tfjsonpath.New("controls"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("PCIDSS4.0.1 8.4.2"),
					})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pw, tfjsonpath.New("controls"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("PCIDSS4.0.1 8.3.4"),
						knownvalue.StringExact("PCIDSS4.0.1 8.3.6"), knownvalue.StringExact("PCIDSS4.0.1 8.3.7"),
					})),
				},
				Check: resource.TestCheckResourceAttrWith(mfa, "evidence", func(v string) error {
					return expectContains(v, `"controls":["PCIDSS4.0.1 8.4.2"]`)
				}),
			},
			{
				// Three passwords of history no longer meet 8.3.7.
				Config: withFrameworks(`["PCIDSS4.0.1", "STIG"]`) + checks("3"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pw, tfjsonpath.New("controls"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("PCIDSS4.0.1 8.3.4"),
						knownvalue.StringExact("PCIDSS4.0.1 8.3.6"), knownvalue.StringExact("STIG V-273196"),
						knownvalue.StringExact("STIG V-273197"), knownvalue.StringExact("STIG V-273198"),
						knownvalue.StringExact("STIG V-273199"), knownvalue.StringExact("STIG V-273208"),
					})),
					statecheck.ExpectKnownValue(mfa, tfjsonpath.New("controls"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("PCIDSS4.0.1 8.4.2"),
					})),
				},
			},
			{
				// Unset: every framework.
				Config: provider + checks("4"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(mfa, tfjsonpath.New("controls"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("CISv8.1 6.3"), knownvalue.StringExact("HIPAA 164.312(d)"),
						knownvalue.StringExact("ISO27001:2022 A.8.5"), knownvalue.StringExact("NIST800-53r5 IA-2(1)"),
						knownvalue.StringExact("NIST800-53r5 IA-2(2)"), knownvalue.StringExact("PCIDSS4.0.1 8.4.2"),
						knownvalue.StringExact("SOC2 CC6.1"),
					})),
				},
			},
		},
	})
}

func TestResolveFrameworks(t *testing.T) {
	ctx := t.Context()
	if ids, d := resolveFrameworks(ctx, types.SetNull(types.StringType)); ids != nil || d.HasError() {
		t.Errorf("unset: %q %v, want nil (every framework)", ids, d)
	}
	set := types.SetValueMust(types.StringType, []attr.Value{types.StringValue("STIG"), types.StringValue("SOC2")})
	if ids, d := resolveFrameworks(ctx, set); d.HasError() || !slices.Equal(sortedCopy(ids), []string{"SOC2", "STIG"}) {
		t.Errorf("SOC2, STIG: %q %v", ids, d)
	}
	// Unknown is refused, not read as every framework.
	if _, d := resolveFrameworks(ctx, types.SetUnknown(types.StringType)); !d.HasError() ||
		!strings.Contains(d.Errors()[0].Detail(), "leave it unset for all") {
		t.Errorf("unknown: %v", d)
	}
}

func sortedCopy(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}

// TestEveryCheckInCatalog: every registered check type has its framework
// requirements in the catalog (internal/compliance/catalog.go), so a new
// check cannot ship with empty controls.
func TestEveryCheckInCatalog(t *testing.T) {
	t.Parallel()
	for _, n := range checkTypeNames() {
		if len(compliance.CatalogFor(n)) == 0 {
			t.Errorf("%s has no mapping in the control catalog", n)
		}
	}
}
