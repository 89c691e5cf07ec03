package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

var (
	_ list.ListResourceWithConfigure = (*oidcAppList)(nil)
)

func newOIDCAppList() list.ListResource {
	return &oidcAppList{oidcAppResource{provResource{name: "oidc_app"}}}
}

// oidcAppList lists the OAuth service apps (client credentials) that hold at
// least one `okta.*` scope grant: the integrations that call the Okta API.
// Sign-in apps (web, browser) and service apps without grants are left out.
type oidcAppList struct{ oidcAppResource }

type oidcAppListConfig struct {
	Status      types.String `tfsdk:"status"`
	LabelPrefix types.String `tfsdk:"label_prefix"`
}

func (r *oidcAppList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the OIDC service apps (client credentials) that hold at least one `okta.*` scope " +
			"grant, as `oktagate_oidc_app` resources: each result carries the app's identity (its id) and, with " +
			"`include_resource = true` or `terraform query -generate-config-out`, its settings, public keys, granted " +
			"scopes and its client's admin roles. `allow_write_scopes` is `true` for an app that already holds a " +
			"`*.manage` scope, so the generated configuration validates. Requires Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "List only apps with this status: `ACTIVE` or `INACTIVE`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("ACTIVE", "INACTIVE")},
			},
			"label_prefix": schema.StringAttribute{
				MarkdownDescription: "List only apps whose label begins with this, ignoring case.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (r *oidcAppList) List(ctx context.Context, req list.ListRequest, resp *list.ListResultsStream) {
	stream(ctx, &r.provResource, req, resp, func(l *listRun, cfg oidcAppListConfig) {
		apps, err := r.data.Client.ListApps(ctx, okta.AppQuery{})
		if err != nil {
			l.fail("listing the org's apps", err)
			return
		}
		sort.Slice(apps, func(i, j int) bool { return apps[i].ID < apps[j].ID })
		for _, app := range apps {
			// Filter on what the list already says before reading grants
			// (one request per app, in the apps rate-limit bucket).
			if app.OAuth == nil || app.OAuth.ApplicationType != "service" ||
				!filterEq(cfg.Status, app.Status) || !filterPrefix(cfg.LabelPrefix, app.Label) {
				continue
			}
			m := oidcAppModel{ID: types.StringValue(app.ID)}
			var diags diag.Diagnostics
			if !r.read(ctx, &m, &diags) {
				if diags.HasError() {
					l.push(list.ListResult{Diagnostics: diags})
					return
				}
				continue // deleted since the listing
			}
			if len(m.Scopes.Elements()) == 0 {
				continue
			}
			if !l.emit(app.ID, m.Label.ValueString(), m) {
				return
			}
		}
	})
}
