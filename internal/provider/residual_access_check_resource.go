package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

type residualAccessCheckModel struct {
	checkFrameModel
	Statuses        types.Set    `tfsdk:"statuses"`
	GracePeriod     types.String `tfsdk:"grace_period"`
	CheckGroups     types.Bool   `tfsdk:"check_groups"`
	CheckApps       types.Bool   `tfsdk:"check_apps"`
	ExcludeGroupIDs types.Set    `tfsdk:"exclude_group_ids"`
}

// The check has no allow_empty: an org with no suspended or deprovisioned
// user past the grace period is a good state (like an org with no API
// token), so evaluating nobody passes, and the evidence's details.note says
// why.
func newResidualAccessCheckResource() resource.Resource {
	d := compliance.DefaultResidualAccessInput()
	return &checkResource[residualAccessCheckModel]{def: checkDef[residualAccessCheckModel]{
		check: compliance.CheckResidualAccess,
		description: "Fails the plan when, anywhere in the org, a `SUSPENDED` or `DEPROVISIONED` user still holds an " +
			"app assignment (directly or through a group) or a membership of a group that is not `BUILT_IN` " +
			"(Everyone), once `grace_period` has passed since their status changed (Okta's `statusChanged`). One " +
			"violation per user, listing the apps (labels) and groups (names) still held. Where " +
			"`oktagate_offboarding_check` judges the leavers an HR export lists, this check needs no list: it " +
			"finds access left behind by any suspension or deactivation. A user still within the grace period is " +
			"not judged (the evidence counts them in `details.within_grace_period`); a user whose `statusChanged` " +
			"Okta does not return is judged.\n\n" +
			"An org with no such user passes, and the evidence's `details.note` says so: nobody suspended or " +
			"deprovisioned is a good state, not a blind spot, so the check has no `allow_empty`.\n\n" +
			"It reads the users and, only when one is past the grace period, every app's user assignments and " +
			"every judged group's members: one list per app and per group, which the offboarding check shares, " +
			"never one request per user. Scopes: `okta.users.read`; `okta.apps.read` (`check_apps`) and " +
			"`okta.groups.read` (`check_groups`) once a user is past the grace period.",
		inputs: map[string]schema.Attribute{
			"statuses": schema.SetAttribute{
				MarkdownDescription: "The user statuses judged: `SUSPENDED`, `DEPROVISIONED` or both. Default both.",
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				Default:             setdefault.StaticValue(writeStrings[types.Set](compliance.DefaultResidualStatuses, emptyKnown)),
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(compliance.DefaultResidualStatuses...)),
				},
			},
			"grace_period": schema.StringAttribute{
				MarkdownDescription: "How long after a user's status changed (`statusChanged`) access may remain: a Go " +
					"duration (`\"36h\"`) or whole days (`\"7d\"`), as the offboarding check's. Default `\"" +
					d.GracePeriod + "\"`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(d.GracePeriod),
				Validators: []validator.String{validators.GracePeriod()},
			},
			"check_groups": flagInput("Judge memberships of groups that are not `BUILT_IN`. Default true; "+
				"`check_groups` and `check_apps` cannot both be false.", d.CheckGroups),
			"check_apps": flagInput("Judge app assignments, direct or through a group, to apps of every status. "+
				"Default true.", d.CheckApps),
			"exclude_group_ids": schema.SetAttribute{
				MarkdownDescription: "Groups (Okta group ids) whose memberships do not count, e.g. a group an " +
					"offboarding workflow parks leavers in; their members are not read. Unlike the scope arguments " +
					"of the checks over active users, this does not exclude the group's members from the check: " +
					"their other groups and apps are still judged.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(validators.GroupID())},
			},
		},
		prepare: prepareResidualAccess,
	}}
}

func prepareResidualAccess(ctx context.Context, m residualAccessCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := compliance.ResidualAccessInput{
		Statuses:        readStrings(ctx, m.Statuses, &diags),
		GracePeriod:     m.GracePeriod.ValueString(),
		CheckGroups:     flagOr(m.CheckGroups, true),
		CheckApps:       flagOr(m.CheckApps, true),
		ExcludeGroupIDs: readStrings(ctx, m.ExcludeGroupIDs, &diags),
		Exceptions:      excs,
	}
	return ruleRun{
		label:    compliance.CheckResidualAccess,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadResidualAccess(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.ResidualAccess(f, in) },
	}, diags
}

// flagOr is a boolean argument's value, or def while it is null or unknown:
// ValidateConfig sees the configuration before the schema's defaults apply.
func flagOr(v types.Bool, def bool) bool {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueBool()
}
