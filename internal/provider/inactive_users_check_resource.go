package provider

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type inactiveUsersCheckModel struct {
	checkFrameModel
	GroupIDs        types.Set   `tfsdk:"group_ids"`
	ExcludeGroupIDs types.Set   `tfsdk:"exclude_group_ids"`
	ExcludeLogins   types.Set   `tfsdk:"exclude_logins"`
	Statuses        types.Set   `tfsdk:"statuses"`
	MaxInactiveDays types.Int64 `tfsdk:"max_inactive_days"`
	AllowEmpty      types.Bool  `tfsdk:"allow_empty"`
}

func newInactiveUsersCheckResource() resource.Resource {
	attrs := userScopeInputs(compliance.DefaultSignInStatuses,
		"The user statuses evaluated. Default: the statuses of users who can sign in or are one step from it: "+
			"`ACTIVE`, `PASSWORD_EXPIRED`, `LOCKED_OUT`, `RECOVERY`.")
	attrs["max_inactive_days"] = schema.Int64Attribute{
		MarkdownDescription: "How many days an in-scope user may go without signing in. Default " +
			strconv.Itoa(compliance.DefaultMaxInactiveDays) + "; the STIG's " +
			"value is 35 (V-273188 is in `controls` at 35 or fewer).",
		Optional:   true,
		Computed:   true,
		Default:    int64default.StaticInt64(compliance.DefaultMaxInactiveDays),
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["allow_empty"] = allowEmptyAttribute(userScopeEmpty)
	return &checkResource[inactiveUsersCheckModel]{def: checkDef[inactiveUsersCheckModel]{
		check: compliance.CheckInactiveUsers,
		description: "Fails the plan when an in-scope user's last sign-in (or activation, or creation, when there " +
			"is none) is more than `max_inactive_days` before the plan: accounts nobody uses should be suspended " +
			"or deactivated. One violation per user; the reason gives the date judged. Only a user becoming " +
			"inactive or active again changes the evidence; everyday sign-ins do not.",
		inputs:  attrs,
		prepare: prepareInactiveUsers,
	}}
}

func prepareInactiveUsers(ctx context.Context, m inactiveUsersCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	scope, diags := readUserScope(ctx, m.GroupIDs, m.ExcludeGroupIDs, m.ExcludeLogins, m.Statuses)
	in := compliance.InactiveUsersInput{UserScope: scope, MaxInactiveDays: int(m.MaxInactiveDays.ValueInt64()),
		AllowEmpty: m.AllowEmpty.ValueBool(), Exceptions: excs}
	label := compliance.CheckInactiveUsers
	if len(scope.GroupIDs) > 0 {
		label += " of groups " + strings.Join(scope.GroupIDs, ", ")
	}
	return ruleRun{
		label:    label,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadInactiveUsers(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.InactiveUsers(f, in) },
	}, diags
}
