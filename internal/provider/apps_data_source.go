package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

var _ datasource.DataSourceWithConfigure = (*appsDataSource)(nil)

func newAppsDataSource() datasource.DataSource {
	return &appsDataSource{dataSourceBase{name: "apps"}}
}

type appsDataSource struct{ dataSourceBase }

type appsModel struct {
	ID         types.String `tfsdk:"id"`
	Q          types.String `tfsdk:"q"`
	Filter     types.String `tfsdk:"filter"`
	Statuses   types.Set    `tfsdk:"statuses"`
	SnapshotID types.String `tfsdk:"snapshot_id"`
	Apps       []appModel   `tfsdk:"apps"`
}

type appModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Label         types.String `tfsdk:"label"`
	Status        types.String `tfsdk:"status"`
	SignOnMode    types.String `tfsdk:"sign_on_mode"`
	ClientID      types.String `tfsdk:"client_id"`
	GrantedScopes []string     `tfsdk:"granted_scopes"` // nil (null) for apps that are not OAuth
}

func (d *appsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the org's apps, with the client id and granted `okta.*` scopes of OAuth apps. " +
			"Without `q` or `filter` every app is read once per plan and shared with the other data sources and checks.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A stable id derived from the org and the arguments.",
				Computed:            true,
			},
			"q": schema.StringAttribute{
				MarkdownDescription: "Okta's prefix query: apps whose name or label starts with this text.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"filter": schema.StringAttribute{
				MarkdownDescription: "An Okta filter expression, e.g. `name eq \"oidc_client\"`, sent to Okta as is.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"statuses": schema.SetAttribute{
				MarkdownDescription: "Keep only apps in these statuses (`ACTIVE`, `INACTIVE`). Default: both.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf("ACTIVE", "INACTIVE")),
				},
			},
			"snapshot_id": snapshotIDAttribute(),
			"apps": schema.ListNestedAttribute{
				MarkdownDescription: "The apps, sorted by id.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":           str("The app's id (`0oa…`)."),
						"name":         str("The app's name, e.g. `oidc_client` or `bookmark`."),
						"label":        str("The app's label, as shown to users."),
						"status":       str("`ACTIVE` or `INACTIVE`."),
						"sign_on_mode": str("The sign-on mode, e.g. `OPENID_CONNECT` or `SAML_2_0`."),
						"client_id":    str("The OAuth client id; null for apps that are not OAuth."),
						"granted_scopes": schema.SetAttribute{
							MarkdownDescription: "The scopes of the app's `ACTIVE` grants (`okta.users.read`…); null for apps that are not OAuth.",
							ElementType:         types.StringType,
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *appsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m appsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.checkSnapshotID(ctx, req.Config, &resp.Diagnostics) {
		return
	}
	statuses := readStrings(ctx, m.Statuses, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var err error
	var apps []okta.App
	if q := (okta.AppQuery{Q: m.Q.ValueString(), Filter: m.Filter.ValueString()}); q.Q != "" || q.Filter != "" {
		apps, err = d.data.Snapshot.SearchApps(ctx, q)
		if err != nil {
			addError(&resp.Diagnostics, "searching apps", err)
			return
		}
	} else {
		apps, err = d.data.Snapshot.Apps(ctx)
		if err != nil {
			addError(&resp.Diagnostics, "reading apps", err)
			return
		}
	}

	m.Apps = []appModel{}
	for _, a := range apps {
		if statuses != nil && !slices.Contains(statuses, a.Status) {
			continue
		}
		am := appModel{
			ID:         types.StringValue(a.ID),
			Name:       types.StringValue(a.Name),
			Label:      types.StringValue(a.Label),
			Status:     types.StringValue(a.Status),
			SignOnMode: optionalString(a.SignOnMode),
			ClientID:   types.StringNull(),
		}
		if a.OAuth != nil {
			am.ClientID = optionalString(a.OAuth.ClientID)
		}
		m.Apps = append(m.Apps, am)
	}

	err = d.forEach(ctx, len(m.Apps), func(ctx context.Context, i int) error {
		if m.Apps[i].ClientID.IsNull() {
			return nil
		}
		grants, err := d.data.Snapshot.AppGrants(ctx, m.Apps[i].ID.ValueString())
		scopes := []string{}
		for _, g := range grants {
			if g.Status == "ACTIVE" && !slices.Contains(scopes, g.ScopeID) {
				scopes = append(scopes, g.ScopeID)
			}
		}
		m.Apps[i].GrantedScopes = sortedStrings(scopes)
		return err
	})
	if err != nil {
		addError(&resp.Diagnostics, "reading app grants", err)
		return
	}

	m.ID = d.stableID(m.Q.ValueString(), m.Filter.ValueString(), joinArgs(statuses))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
