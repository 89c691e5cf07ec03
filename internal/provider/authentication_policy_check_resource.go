package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type authenticationPolicyCheckModel struct {
	checkFrameModel
	PolicyNames              types.List  `tfsdk:"policy_names"`
	PolicyIDs                types.List  `tfsdk:"policy_ids"`
	AllPolicies              types.Bool  `tfsdk:"all_policies"`
	RequireMFA               types.Bool  `tfsdk:"require_mfa"`
	PhishingResistant        types.Bool  `tfsdk:"phishing_resistant"`
	MaxReauthenticateMinutes types.Int64 `tfsdk:"max_reauthenticate_minutes"`
	RequireNetworkZone       types.Bool  `tfsdk:"require_network_zone"`
}

func newAuthenticationPolicyCheckResource() resource.Resource {
	return &checkResource[authenticationPolicyCheckModel]{def: checkDef[authenticationPolicyCheckModel]{
		check: compliance.CheckAuthenticationPolicy,
		description: "Fails the plan when an ACTIVE rule of a selected ACTIVE `ACCESS_POLICY` (authentication, or " +
			"app sign-on) policy that allows access (`actions.appSignOn.access` = `ALLOW`) signs in with one factor " +
			"when `require_mfa`, accepts an authenticator that is not phishing-resistant when `phishing_resistant`, " +
			"goes longer than `max_reauthenticate_minutes` between re-authentications, or allows access from any " +
			"network when `require_network_zone`. One violation per rule (`subject`: `\"policy / rule\"`; " +
			"`subject_id`: the rule id) listing every shortfall with the value found and the one required. Rules " +
			"that deny access are not judged; a rule whose verification method is not an `ASSURANCE` (e.g. an " +
			"authentication method chain) violates, since the check cannot judge it. A selected policy that does " +
			"not exist or is not ACTIVE is itself a violation (`subject`: the name or id): a gate must not pass " +
			"because the policy is missing.\n\n" +
			"`controls` lists the DISA Okta IDaaS STIG rules the arguments meet: `require_mfa` with the " +
			"`\"Okta Admin Console\"` policy selected → V-273193, with `\"Okta Dashboard\"` → V-273194; " +
			"`phishing_resistant` with the Admin Console → V-273191, with the Dashboard → V-273190; " +
			"`require_network_zone` with `all_policies` → V-279693.",
		inputs:  authenticationPolicyCheckInputs(),
		prepare: prepareAuthenticationPolicy,
	}}
}

func authenticationPolicyCheckInputs() map[string]schema.Attribute {
	d := compliance.DefaultAuthenticationPolicyInput()
	defaults := d.PolicyNames
	return map[string]schema.Attribute{
		"policy_names": schema.ListAttribute{
			MarkdownDescription: "The `ACCESS_POLICY` policies to judge, by name (case-insensitive). Each must exist " +
				"and be ACTIVE, or it is a violation. Default `" + hclStrings(defaults) + "`, the " +
				"names Okta gives the authentication policies of its two first-party apps, which the STIG judges. " +
				"Set `[]` to judge only `policy_ids` or `all_policies`.",
			Optional:    true,
			Computed:    true,
			ElementType: types.StringType,
			Default:     listdefault.StaticValue(writeStrings[types.List](defaults, emptyKnown)),
			Validators: []validator.List{
				listvalidator.UniqueValues(),
				listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
			},
		},
		"policy_ids": schema.ListAttribute{
			MarkdownDescription: "More `ACCESS_POLICY` policies to judge, by Okta policy id. Each " +
				"must exist and be ACTIVE, or it is a violation. Judged together with `policy_names`.",
			Optional:    true,
			ElementType: types.StringType,
			Validators: []validator.List{
				listvalidator.SizeAtLeast(1),
				listvalidator.UniqueValues(),
				listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
			},
		},
		"all_policies": flagInput("Also judge every other ACTIVE `ACCESS_POLICY` policy of the org (every app's "+
			"authentication policy). Default false.", d.AllPolicies),
		"require_mfa": flagInput("Require two factors (`verificationMethod.factorMode` = `2FA`) on every rule "+
			"that allows access. Default true.", d.RequireMFA),
		"phishing_resistant": flagInput("Require a phishing-resistant possession factor "+
			"(`possession.phishingResistant` = `REQUIRED`) in every alternative of `verificationMethod.constraints` "+
			"of every rule that allows access: Okta accepts any one alternative, so one without it lets a "+
			"phishable authenticator in. A rule with no constraints violates. Default false; the STIG requires true.", d.PhishingResistant),
		"max_reauthenticate_minutes": thresholdInput("The longest time, in minutes, a rule that allows access may "+
			"go without asking the user to authenticate again: `verificationMethod.reauthenticateIn` (an ISO 8601 "+
			"duration such as `PT2H`; `PT0S` means every sign-in) and any `reauthenticateIn` of a constraint must "+
			"be at most this. An absent or unreadable value violates. Default 0: no limit.", int64(d.MaxReauthenticateMinutes)),
		"require_network_zone": flagInput("Require every rule that allows access to be limited to network zones "+
			"(`conditions.network.connection` = `ZONE` with included zones; `ANYWHERE`, no network condition, or "+
			"only excluded zones violate). With `all_policies` it meets STIG V-279693. Default false.", d.RequireNetworkZone),
	}
}

func prepareAuthenticationPolicy(ctx context.Context, m authenticationPolicyCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	names := readStrings(ctx, m.PolicyNames, &diags)
	ids := readStrings(ctx, m.PolicyIDs, &diags)
	if diags.HasError() {
		return ruleRun{}, diags
	}
	if names == nil && m.PolicyNames.IsNull() {
		// Null only before defaults apply (validation): the default is meant.
		names = compliance.DefaultAuthenticationPolicyNames()
	}
	in := compliance.AuthenticationPolicyInput{
		PolicyNames:              names,
		PolicyIDs:                ids,
		AllPolicies:              m.AllPolicies.ValueBool(),
		RequireMFA:               m.RequireMFA.ValueBool(),
		PhishingResistant:        m.PhishingResistant.ValueBool(),
		MaxReauthenticateMinutes: int(m.MaxReauthenticateMinutes.ValueInt64()),
		RequireNetworkZone:       m.RequireNetworkZone.ValueBool(),
		Exceptions:               excs,
	}
	return ruleRun{
		label:    compliance.CheckAuthenticationPolicy,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadAuthenticationPolicy(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.AuthenticationPolicy(f, in) },
	}, nil
}
