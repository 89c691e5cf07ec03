package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var _ action.ActionWithConfigure = (*userFactorsResetAction)(nil)

type userFactorsResetAction struct{ actionBase }

func newUserFactorsResetAction() action.Action {
	return &userFactorsResetAction{actionBase{name: "user_factors_reset"}}
}

type userFactorsResetModel struct {
	User            types.String `tfsdk:"user"`
	FactorTypes     types.Set    `tfsdk:"factor_types"`
	AllowPrivileged types.Bool   `tfsdk:"allow_privileged"`
}

func (a *userFactorsResetAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Resets (unenrolls) a user's MFA factors, one request per factor, so the user enrolls again at next sign-in. " +
			"A user with no factor of the given types is left alone, and the action says so." + requiresNote,
		Attributes: map[string]schema.Attribute{
			"user": userAttribute("whose factors to reset"),
			"factor_types": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The factor types to reset (Okta's `factorType`: `push`, `sms`, `call`, `email`, `token:software:totp`, `webauthn`, `signed_nonce`…, any case). " +
					"Default: every factor the user has.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(validators.FactorType())},
			},
			"allow_privileged": allowPrivilegedAttribute(),
		},
	}
}

func (a *userFactorsResetAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m userFactorsResetModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c := a.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var factorTypes []string
	resp.Diagnostics.Append(m.FactorTypes.ElementsAs(ctx, &factorTypes, true)...)
	if resp.Diagnostics.HasError() {
		return
	}
	want := map[string]bool{}
	for _, t := range factorTypes {
		want[strings.ToLower(t)] = true
	}
	targets, err := guard(ctx, c, []string{m.User.ValueString()}, boolOr(m.AllowPrivileged, false))
	if err != nil {
		addActionError(&resp.Diagnostics, "checking the user", err)
		return
	}
	t := targets[0]
	factors, err := c.ListUserFactors(ctx, t.user.ID)
	if err != nil {
		addActionError(&resp.Diagnostics, "listing the factors of "+t.String(), err)
		return
	}
	reset := 0
	for _, f := range factors {
		if len(want) > 0 && !want[strings.ToLower(f.FactorType)] {
			continue
		}
		id, err := c.ResetFactor(ctx, t.user.ID, f.ID)
		if err != nil {
			addActionError(&resp.Diagnostics, "resetting factor "+f.ID+" ("+f.FactorType+") of "+t.String()+
				" after resetting "+countOf(reset, "factor"), err)
			return
		}
		reset++
		progress(resp, "%s: reset factor %s (%s, %s)", t, f.ID, f.FactorType, reqID(id))
	}
	if reset == 0 {
		what := "no enrolled factor"
		if len(want) > 0 {
			what = "no enrolled factor of the types " + strings.Join(sortedSet(want), ", ")
		}
		progress(resp, "%s: %s; nothing to reset", t, what)
		return
	}
	progress(resp, "%s: %s reset", t, countOf(reset, "factor"))
}
