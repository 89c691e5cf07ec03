package provider

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

type mfaCheckModel struct {
	checkFrameModel
	GroupIDs           types.Set   `tfsdk:"group_ids"`
	ExcludeGroupIDs    types.Set   `tfsdk:"exclude_group_ids"`
	ExcludeLogins      types.Set   `tfsdk:"exclude_logins"`
	Statuses           types.Set   `tfsdk:"statuses"`
	AllowedFactorTypes types.Set   `tfsdk:"allowed_factor_types"`
	PhishingResistant  types.Bool  `tfsdk:"phishing_resistant"`
	MinFactors         types.Int64 `tfsdk:"min_factors"`
	AllowEmpty         types.Bool  `tfsdk:"allow_empty"`
}

func newMFACheckResource() resource.Resource {
	return &checkResource[mfaCheckModel]{def: checkDef[mfaCheckModel]{
		check: compliance.CheckMFA,
		description: "Fails the plan when an in-scope user has fewer than `min_factors` ACTIVE factors of an " +
			"allowed type. Factors in any other status (`PENDING_ACTIVATION`, `NOT_SETUP`…) never count; a " +
			"security question never counts unless `allowed_factor_types` lists `question`. One violation per user.",
		inputs:  mfaCheckInputs(),
		prepare: prepareMFA,
	}}
}

// userScopeInputs are the scope arguments of user-centric checks.
func userScopeInputs(statusDefault []string, statusDoc string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"group_ids": schema.SetAttribute{
			MarkdownDescription: "Only members of these groups (Okta group ids) are evaluated. Default: every user.",
			Optional:            true,
			ElementType:         types.StringType,
			Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(validators.GroupID())},
		},
		"exclude_group_ids": schema.SetAttribute{
			MarkdownDescription: "Members of these groups (Okta group ids) are not evaluated, e.g. service accounts.",
			Optional:            true,
			ElementType:         types.StringType,
			Validators:          []validator.Set{setvalidator.ValueStringsAre(validators.GroupID())},
		},
		"exclude_logins": schema.SetAttribute{
			MarkdownDescription: "Users not evaluated, by login, email or user id (case-insensitive). Prefer " +
				"an `exception` with an expiry date for people; this is for accounts that never sign in " +
				"interactively.",
			Optional:    true,
			ElementType: types.StringType,
			Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
		},
		"statuses": schema.SetAttribute{
			MarkdownDescription: statusDoc,
			Optional:            true,
			Computed:            true,
			ElementType:         types.StringType,
			Default:             setdefault.StaticValue(writeStrings[types.Set](statusDefault, emptyKnown)),
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				setvalidator.ValueStringsAre(validators.UserStatus()),
			},
		},
	}
}

func mfaCheckInputs() map[string]schema.Attribute {
	attrs := userScopeInputs(compliance.DefaultSignInStatuses,
		"The user statuses evaluated. Default: the statuses of users who can sign in or are one step from it: "+
			"`ACTIVE`, `PASSWORD_EXPIRED`, `LOCKED_OUT`, `RECOVERY`.")
	attrs["allowed_factor_types"] = schema.SetAttribute{
		MarkdownDescription: "The factor types that count, as Okta names them (`push`, `token:software:totp`, " +
			"`webauthn`, `u2f`, `signed_nonce`, `sms`, `call`, `email`…). Default (null): every type but `question`.",
		Optional:    true,
		ElementType: types.StringType,
		Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(validators.FactorType())},
	}
	attrs["phishing_resistant"] = schema.BoolAttribute{
		MarkdownDescription: "Count only phishing-resistant factors: `webauthn` (FIDO2), `u2f` and `signed_nonce` " +
			"(Okta FastPass), narrowed further by `allowed_factor_types` when both are set. Default false.",
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
	}
	attrs["min_factors"] = schema.Int64Attribute{
		MarkdownDescription: "How many ACTIVE factors of an allowed type each user needs. Default " +
			strconv.Itoa(compliance.DefaultMinFactors) + ".",
		Optional:   true,
		Computed:   true,
		Default:    int64default.StaticInt64(compliance.DefaultMinFactors),
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["allow_empty"] = allowEmptyAttribute(userScopeEmpty)
	return attrs
}

// userScopeEmpty is what an empty scope means for a check over a user scope.
const userScopeEmpty = "that the scope matched no user: no user has a status in `statuses`, no member of " +
	"`group_ids` does, or every one who does is excluded by `exclude_group_ids` or `exclude_logins`; or Okta " +
	"returned no user at all"

func prepareMFA(ctx context.Context, m mfaCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	scope, d := readUserScope(ctx, m.GroupIDs, m.ExcludeGroupIDs, m.ExcludeLogins, m.Statuses)
	diags.Append(d...)
	factorTypes := readStrings(ctx, m.AllowedFactorTypes, &diags)
	in := compliance.MFAInput{
		UserScope:          scope,
		AllowedFactorTypes: factorTypes,
		PhishingResistant:  m.PhishingResistant.ValueBool(),
		MinFactors:         int(m.MinFactors.ValueInt64()),
		AllowEmpty:         m.AllowEmpty.ValueBool(),
		Exceptions:         excs,
	}
	label := compliance.CheckMFA
	if len(scope.GroupIDs) > 0 {
		label += " of groups " + strings.Join(scope.GroupIDs, ", ")
	}
	return ruleRun{
		label:    label,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadMFA(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.MFA(f, in) },
	}, diags
}

// readUserScope reads the scope arguments of a user-centric check.
func readUserScope(ctx context.Context, groups, excludeGroups, excludeLogins, statuses types.Set) (compliance.UserScope, diag.Diagnostics) {
	var diags diag.Diagnostics
	var s compliance.UserScope
	s.GroupIDs = readStrings(ctx, groups, &diags)
	s.ExcludeGroupIDs = readStrings(ctx, excludeGroups, &diags)
	s.ExcludeLogins = readStrings(ctx, excludeLogins, &diags)
	s.Statuses = readStrings(ctx, statuses, &diags)
	return s, diags
}
