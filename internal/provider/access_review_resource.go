package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

type accessReviewModel struct {
	checkFrameModel
	AppID            types.String `tfsdk:"app_id"`
	ApprovedUsers    types.Set    `tfsdk:"approved_users"`
	ApprovedGroupIDs types.Set    `tfsdk:"approved_group_ids"`
	ReviewedBy       types.String `tfsdk:"reviewed_by"`
	ReviewedOn       types.String `tfsdk:"reviewed_on"`
	MaxReviewAgeDays types.Int64  `tfsdk:"max_review_age_days"`
	AllowEmpty       types.Bool   `tfsdk:"allow_empty"`
}

func newAccessReviewResource() resource.Resource {
	return &checkResource[accessReviewModel]{def: checkDef[accessReviewModel]{
		check: compliance.CheckAccessReview,
		description: "Records the outcome of a review of who may use one app, and fails the plan when the app has " +
			"an assignment the review did not approve or when the review is older than `max_review_age_days`. " +
			"A user assignment is approved when the user is in `approved_users` or a member of an approved group " +
			"(for a user assigned through groups, an approved group that is itself assigned to the app); a group " +
			"assignment when the group is approved.",
		inputs: map[string]schema.Attribute{
			"app_id": schema.StringAttribute{
				MarkdownDescription: "The reviewed app's Okta id (`0oa…`).",
				Required:            true,
				Validators:          []validator.String{validators.AppID()},
			},
			"approved_users": schema.SetAttribute{
				MarkdownDescription: "Logins (or user ids) approved to use the app, case-insensitive. One that " +
					"is no user of the org is a plan warning.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"approved_group_ids": schema.SetAttribute{
				MarkdownDescription: "Groups (Okta group ids) whose members are approved. One that is no group " +
					"of the org is a plan warning.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(validators.GroupID())},
			},
			"reviewed_by": schema.StringAttribute{
				MarkdownDescription: "Who reviewed the access, e.g. the app owner's login; kept in the evidence.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"reviewed_on": schema.StringAttribute{
				MarkdownDescription: "The day of the review, `YYYY-MM-DD`. A day after the plan's is an error: " +
					"a review cannot be done in the future.",
				Required:   true,
				Validators: []validator.String{validators.Date()},
			},
			"max_review_age_days": schema.Int64Attribute{
				MarkdownDescription: "How many days old the review may be before it is itself a violation. Default " +
					strconv.Itoa(compliance.DefaultMaxReviewAgeDays) + ".",
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(compliance.DefaultMaxReviewAgeDays),
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"allow_empty": allowEmptyAttribute("that no user or group is assigned to the app: the review " +
				"approves nothing and judges no one"),
		},
		prepare: func(ctx context.Context, m accessReviewModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
			var diags diag.Diagnostics
			users := readStrings(ctx, m.ApprovedUsers, &diags)
			groups := readStrings(ctx, m.ApprovedGroupIDs, &diags)
			in := compliance.AccessReviewInput{
				AppID:            m.AppID.ValueString(),
				ApprovedUsers:    users,
				ApprovedGroupIDs: groups,
				ReviewedBy:       m.ReviewedBy.ValueString(),
				ReviewedOn:       m.ReviewedOn.ValueString(),
				MaxReviewAgeDays: int(m.MaxReviewAgeDays.ValueInt64()),
				AllowEmpty:       m.AllowEmpty.ValueBool(),
				Exceptions:       excs,
			}
			return ruleRun{
				label:    compliance.CheckAccessReview + " of app " + in.AppID,
				relabel:  func(f *compliance.Facts) string { return compliance.CheckAccessReview + " of " + appLabel(f, in.AppID) },
				validate: func() error { _, err := in.Normalized(); return err },
				load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
					return gather.LoadAccessReview(ctx, s, now, in)
				},
				eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.AccessReview(f, in) },
			}, diags
		},
	}}
}
