package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type apiTokenCheckModel struct {
	checkFrameModel
	AllowedOwnerIDs           types.Set   `tfsdk:"allowed_owner_ids"`
	RequireNetworkRestriction types.Bool  `tfsdk:"require_network_restriction"`
	MinDaysToExpiry           types.Int64 `tfsdk:"min_days_to_expiry"`
	AllowedOwnerRoles         types.Set   `tfsdk:"allowed_owner_roles"`
}

func newAPITokenCheckResource() resource.Resource {
	d := compliance.DefaultAPITokenInput()
	return &checkResource[apiTokenCheckModel]{def: checkDef[apiTokenCheckModel]{
		check: compliance.CheckAPIToken,
		description: "Fails the plan when an SSWS API token is owned by someone outside `allowed_owner_ids` or by a " +
			"user who is not `ACTIVE`, is usable from `ANYWHERE` when `require_network_restriction`, has expired " +
			"or expires within `min_days_to_expiry` days, or belongs to an owner holding an admin role outside " +
			"`allowed_owner_roles` (a token acts with its owner's roles, those held through groups included). " +
			"One violation per token (`subject`: its name; `subject_id`: its id) listing every reason. Okta moves " +
			"a token's expiry forward each time it is used; only a token crossing into \"expiring\" or " +
			"\"expired\" changes the evidence. `controls` carries the DISA STIG V1R2 rules V-279689 (network " +
			"zones) when `require_network_restriction` and V-279690 (dedicated owners) when `allowed_owner_ids` " +
			"is set. An org with no API token passes, and the evidence's `details.note` says so.",
		inputs: map[string]schema.Attribute{
			"allowed_owner_ids": schema.SetAttribute{
				MarkdownDescription: "The users who may own API tokens: Okta user ids (a login or email also " +
					"resolves), e.g. the dedicated service accounts. Default (null): any user.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"require_network_restriction": flagInput("A token usable from `ANYWHERE` violates: each token must be "+
				"restricted to network zones. Default true.", d.RequireNetworkRestriction),
			"min_days_to_expiry": thresholdInput("A token that expires within this many days violates (an expired "+
				"one always does). Default "+strconv.Itoa(d.MinDaysToExpiry)+".", int64(d.MinDaysToExpiry)),
			"allowed_owner_roles": schema.SetAttribute{
				MarkdownDescription: "The admin role types a token's owner may hold (a custom role matches by id " +
					"or label too). Default `" + hclStrings(d.AllowedOwnerRoles) + "`.",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(writeStrings[types.Set](d.AllowedOwnerRoles, emptyKnown)),
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
		},
		prepare: prepareAPIToken,
	}}
}

func prepareAPIToken(ctx context.Context, m apiTokenCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	owners := readStrings(ctx, m.AllowedOwnerIDs, &diags)
	roles := readStrings(ctx, m.AllowedOwnerRoles, &diags)
	in := compliance.APITokenInput{
		AllowedOwnerIDs:           owners,
		RequireNetworkRestriction: m.RequireNetworkRestriction.ValueBool(),
		MinDaysToExpiry:           int(m.MinDaysToExpiry.ValueInt64()),
		AllowedOwnerRoles:         roles,
		Exceptions:                excs,
	}
	return ruleRun{
		label:    compliance.CheckAPIToken,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadAPIToken(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.APIToken(f, in) },
	}, diags
}
