package planmodifiers

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// violationType is the shape of a check's violations list.
var violationType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"subject": types.StringType, "subject_id": types.StringType, "reason": types.StringType,
}}

func TestRecomputedList(t *testing.T) {
	ctx := t.Context()
	known := types.ListValueMust(violationType, []attr.Value{
		types.ObjectValueMust(violationType.AttrTypes, map[string]attr.Value{
			"subject": types.StringValue("carol@acme.example"), "subject_id": types.StringValue("00u1"),
			"reason": types.StringValue("no active factor"),
		}),
	})
	planned := tfsdk.Plan{Raw: tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})}
	destroyed := tfsdk.Plan{Raw: tftypes.NewValue(tftypes.Object{}, nil)}
	cases := []struct {
		name  string
		plan  tfsdk.Plan
		value types.List
		want  types.List
	}{
		{"a known prior list is planned unknown", planned, known, types.ListUnknown(violationType)},
		{"an unknown one stays unknown", planned, types.ListUnknown(violationType), types.ListUnknown(violationType)},
		{"a null one stays null", planned, types.ListNull(violationType), types.ListNull(violationType)},
		{"a destroy plan is left alone", destroyed, known, known},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := &planmodifier.ListResponse{PlanValue: c.value}
			RecomputedList().PlanModifyList(ctx, planmodifier.ListRequest{Plan: c.plan, PlanValue: c.value, StateValue: c.value}, resp)
			if !resp.PlanValue.Equal(c.want) {
				t.Errorf("planned %s, want %s", resp.PlanValue, c.want)
			}
		})
	}
}
