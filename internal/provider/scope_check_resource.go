package provider

import (
	"context"
	"strings"
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
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

type scopeCheckModel struct {
	checkFrameModel
	AppIDs             types.Set `tfsdk:"app_ids"`
	AllowedScopes      types.Set `tfsdk:"allowed_scopes"`
	AllowedClientRoles types.Set `tfsdk:"allowed_client_roles"`
}

func newScopeCheckResource() resource.Resource {
	return &checkResource[scopeCheckModel]{def: checkDef[scopeCheckModel]{
		check: compliance.CheckScope,
		description: "Fails the plan when an OAuth app holds more than least privilege: an ACTIVE `okta.*` scope " +
			"grant outside `allowed_scopes`, or an admin role of its client outside `allowed_client_roles`. It " +
			"reads the grants and client roles of every OAuth app unless `app_ids` narrows it. One violation per " +
			"grant or role; the subject is the app's label. An org with no OAuth app passes, and the evidence's " +
			"`details.note` says so.",
		inputs: map[string]schema.Attribute{
			"app_ids": schema.SetAttribute{
				MarkdownDescription: "The apps evaluated (Okta app ids). Default (null): every app with an OAuth client.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(validators.AppID())},
			},
			"allowed_scopes": schema.SetAttribute{
				MarkdownDescription: "Scope patterns an app may be granted; `*` matches any run of characters, dots " +
					"included, and matching is case-sensitive. Default `" + hclStrings(compliance.DefaultAllowedScopes) + "`.",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(writeStrings[types.Set](compliance.DefaultAllowedScopes, emptyKnown)),
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"allowed_client_roles": schema.SetAttribute{
				MarkdownDescription: "Admin role types an app's client may hold (a custom role matches by id or " +
					"label too). Default `" + hclStrings(compliance.DefaultAllowedClientRoles) + "`.",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(writeStrings[types.Set](compliance.DefaultAllowedClientRoles, emptyKnown)),
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
		},
		prepare: func(ctx context.Context, m scopeCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
			var diags diag.Diagnostics
			apps := readStrings(ctx, m.AppIDs, &diags)
			scopes := readStrings(ctx, m.AllowedScopes, &diags)
			roles := readStrings(ctx, m.AllowedClientRoles, &diags)
			in := compliance.ScopeInput{AppIDs: apps, AllowedScopes: scopes, AllowedClientRoles: roles, Exceptions: excs}
			label := compliance.CheckScope + " of every OAuth app"
			if len(apps) > 0 {
				label = compliance.CheckScope + " of apps " + strings.Join(apps, ", ")
			}
			return ruleRun{
				label: label,
				relabel: func(f *compliance.Facts) string {
					if len(apps) == 0 {
						return label
					}
					names := make([]string, len(apps))
					for i, id := range apps {
						names[i] = appLabel(f, id)
					}
					return compliance.CheckScope + " of " + strings.Join(names, ", ")
				},
				validate: func() error { _, err := in.Normalized(); return err },
				load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
					return gather.LoadScope(ctx, s, now, in)
				},
				eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.Scope(f, in) },
			}, diags
		},
	}}
}
