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
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type appSignOnCheckModel struct {
	checkFrameModel
	AllowedSignOnModes  types.Set  `tfsdk:"allowed_sign_on_modes"`
	ForbiddenGrantTypes types.Set  `tfsdk:"forbidden_grant_types"`
	AllowUnassigned     types.Bool `tfsdk:"allow_unassigned"`
	ExcludeAppIDs       types.Set  `tfsdk:"exclude_app_ids"`
}

func newAppSignOnCheckResource() resource.Resource {
	d := compliance.DefaultAppSignOnInput()
	return &checkResource[appSignOnCheckModel]{def: checkDef[appSignOnCheckModel]{
		check: compliance.CheckAppSignOn,
		description: "Fails the plan when an `ACTIVE` app signs in with a mode outside `allowed_sign_on_modes` (by " +
			"default every mode in which Okta stores the user's password for the app and replays it: " +
			"`AUTO_LOGIN` (SWA), `BROWSER_PLUGIN`, `BASIC_AUTH`, `SECURE_PASSWORD_STORE`), when its OAuth client's " +
			"`grant_types` include one of `forbidden_grant_types` (by default `implicit` and `password`, which " +
			"OAuth 2.0 Security Best Current Practice, RFC 9700, says must not be used), or, unless " +
			"`allow_unassigned`, when it is assigned to no user and no group (OAuth service apps excepted: they " +
			"act as themselves). The apps, their users and, for an app with none, its groups are read through " +
			"the snapshot, shared with the other checks (scope `okta.apps.read`). Okta's own Admin Console, " +
			"End-User Dashboard and Browser Plugin apps, `INACTIVE` apps and `exclude_app_ids` are not judged. One " +
			"violation per app (`subject`: its label; `subject_id`: its id) lists every shortfall.",
		inputs: map[string]schema.Attribute{
			"allowed_sign_on_modes": schema.SetAttribute{
				MarkdownDescription: "The sign-on modes an app may use (Okta's `signOnMode`). Default `" +
					hclStrings(d.AllowedSignOnModes) + "`: SAML, OpenID Connect and WS-Federation, and bookmarks, " +
					"which only link to a URL and carry no credential.",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(writeStrings[types.Set](d.AllowedSignOnModes, emptyKnown)),
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(compliance.SignOnModes...))},
			},
			"forbidden_grant_types": schema.SetAttribute{
				MarkdownDescription: "The OAuth grant types an app's client must not allow " +
					"(`settings.oauthClient.grant_types`). Default `" + hclStrings(d.ForbiddenGrantTypes) +
					"`; `[]` forbids none.",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(writeStrings[types.Set](d.ForbiddenGrantTypes, emptyKnown)),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"allow_unassigned": flagInput("Accept `ACTIVE` apps assigned to no user and no group (their "+
				"assignments are then not read). Default false.", d.AllowUnassigned),
			"exclude_app_ids": schema.SetAttribute{
				MarkdownDescription: "Apps not judged at all, by id. To waive one app for a while, prefer an " +
					"`exception`, which expires. Default (null): none.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
		},
		prepare: prepareAppSignOn,
	}}
}

func prepareAppSignOn(ctx context.Context, m appSignOnCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := compliance.AppSignOnInput{
		AllowedSignOnModes:  readStrings(ctx, m.AllowedSignOnModes, &diags),
		ForbiddenGrantTypes: readStrings(ctx, m.ForbiddenGrantTypes, &diags),
		AllowUnassigned:     m.AllowUnassigned.ValueBool(),
		ExcludeAppIDs:       readStrings(ctx, m.ExcludeAppIDs, &diags),
		Exceptions:          excs,
	}
	return ruleRun{
		label:    compliance.CheckAppSignOn,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadAppSignOn(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.AppSignOn(f, in) },
	}, diags
}
