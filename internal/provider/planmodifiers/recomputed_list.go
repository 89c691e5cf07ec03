package planmodifiers

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// RecomputedList returns the plan modifier of a check's result lists
// (`violations`, `exceptions_applied`): it plans them unknown, and the
// check's ModifyPlan, which evaluates the check on every plan, then writes
// them, equal to the prior state when nothing changed. The prior value is
// never what the plan keeps, and leaving it known costs: before a resource's
// ModifyPlan, terraform-plugin-framework (v1.19) walks the nested attributes
// of every known list, copying the prior list once per element, which is
// quadratic in the number of violations (about 11 s of CPU in the benchmark's
// 100k-user re-plan). An unknown list is not walked.
func RecomputedList() planmodifier.List { return recomputedList{} }

type recomputedList struct{}

var _ planmodifier.List = recomputedList{}

func (recomputedList) Description(context.Context) string {
	return "Recomputed by the check on every plan."
}

func (m recomputedList) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (recomputedList) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.Plan.Raw.IsNull() || req.PlanValue.IsNull() {
		return // destroy, or nothing to walk
	}
	resp.PlanValue = types.ListUnknown(req.PlanValue.ElementType(ctx))
}
