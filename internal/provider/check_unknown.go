package provider

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A check whose inputs are known only at apply cannot be judged at plan, and
// a gate is a plan: in block mode an unknown result must fail the plan (a
// failing gate would otherwise show green until the apply), saying which
// inputs are unknown and how to make them known.

// maxListedUnknown is how many unknown inputs a diagnostic names.
const maxListedUnknown = 10

// unknownInputs returns the configuration paths whose values are unknown, in
// Terraform's notation (exception[0].subject, group_ids), sorted. An unknown
// collection is named, not its elements.
func unknownInputs(cfg tftypes.Value) []string {
	var out []string
	_ = tftypes.Walk(cfg, func(p *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if v.IsKnown() {
			return true, nil
		}
		if s := attributePathString(p); s != "" {
			out = append(out, s)
		}
		return false, nil // an unknown value has no elements to visit
	})
	sort.Strings(out)
	return out
}

// attributePathString writes a path as Terraform does in configurations.
func attributePathString(p *tftypes.AttributePath) string {
	var b strings.Builder
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(s))
		case tftypes.ElementKeyInt:
			b.WriteString("[" + strconv.FormatInt(int64(s), 10) + "]")
		case tftypes.ElementKeyString:
			b.WriteString("[" + strconv.Quote(string(s)) + "]")
		case tftypes.ElementKeyValue:
			b.WriteString("[…]") // a set element has no index
		}
	}
	return b.String()
}

// configEnforcement reads enforcement from a configuration: null is the
// default, block; unknown counts as block too, since the plan cannot know the
// gate may pass.
func configEnforcement(ctx context.Context, cfg tfsdk.Config) (string, diag.Diagnostics) {
	var v types.String
	diags := cfg.GetAttribute(ctx, path.Root("enforcement"), &v)
	if v.IsNull() || v.IsUnknown() || diags.HasError() {
		return enforcementBlock, diags
	}
	return v.ValueString(), diags
}

// unknownResultsDiagnostic explains why check's results are unknown at plan
// (its inputs, or the provider configuration when configured is false) and
// how to fix the configuration: an error in block mode, a warning in warn
// mode.
func unknownResultsDiagnostic(diags *diag.Diagnostics, check, enforcement string, configured bool, inputs []string) {
	var why string
	switch {
	case !configured:
		why = "The provider configuration is not known at plan time (an argument of the provider block " +
			"refers to a value computed at apply), so " + check + " cannot read the org in the plan."
	default:
		listed := inputs
		more := ""
		if len(listed) > maxListedUnknown {
			listed, more = listed[:maxListedUnknown], fmt.Sprintf(" and %d more", len(inputs)-maxListedUnknown)
		}
		noun := "Its input " + strings.Join(listed, ", ") + more + " is"
		if len(inputs) > 1 {
			noun = "Its inputs " + strings.Join(listed, ", ") + more + " are"
		}
		why = noun + " known only at apply: " +
			"it refers to a resource or a data source that Terraform computes or reads during the apply, " +
			"so the plan cannot show whether " + check + " passes."
	}
	fix := "\n\nMake the inputs known in the plan:\n" +
		"- A data source that refers to oktagate_snapshot directly (snapshot_id = oktagate_snapshot.org.id, " +
		"or depends_on = [oktagate_snapshot.org]) is read at apply whenever the snapshot has a change pending. " +
		"Refer to the snapshot through a local instead: locals { snapshot_id = oktagate_snapshot.org.id } and " +
		"snapshot_id = local.snapshot_id in the data source, and depends_on = [oktagate_snapshot.org] in the check.\n" +
		"- Use literals, variables or values of data sources read in the plan, not attributes of resources " +
		"created or changed by the same apply; or create those resources first " +
		"(terraform apply -target=ADDRESS) and plan the gate afterwards."
	if enforcement == enforcementWarn {
		diags.AddWarning("Compliance check not evaluated at plan: "+check,
			why+" Its results are computed at apply; with enforcement = \"warn\" that does not fail the plan."+fix)
		return
	}
	diags.AddError("Compliance check cannot be evaluated at plan: "+check,
		why+" A gate whose result is unknown does not pass: with enforcement = \"block\" this fails the plan."+fix+
			"\n- To accept results known only at apply, set enforcement = \"warn\" (the plan then passes without judging the check).")
}
