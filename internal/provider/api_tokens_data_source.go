package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*apiTokensDataSource)(nil)

func newAPITokensDataSource() datasource.DataSource {
	return &apiTokensDataSource{dataSourceBase{name: "api_tokens"}}
}

type apiTokensDataSource struct{ dataSourceBase }

type apiTokensModel struct {
	ID     types.String    `tfsdk:"id"`
	Tokens []apiTokenModel `tfsdk:"tokens"`
}

type apiTokenModel struct {
	ID                types.String `tfsdk:"id"`
	Name              types.String `tfsdk:"name"`
	UserID            types.String `tfsdk:"user_id"`
	ClientName        types.String `tfsdk:"client_name"`
	Created           types.String `tfsdk:"created"`
	ExpiresAt         types.String `tfsdk:"expires_at"`
	LastUpdated       types.String `tfsdk:"last_updated"`
	TokenWindow       types.String `tfsdk:"token_window"`
	NetworkConnection types.String `tfsdk:"network_connection"`
	NetworkInclude    []string     `tfsdk:"network_include"`
	NetworkExclude    []string     `tfsdk:"network_exclude"`
}

func (d *apiTokensDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	zones := func(desc string) schema.Attribute {
		return schema.SetAttribute{MarkdownDescription: desc, ElementType: types.StringType, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the metadata of the org's SSWS API tokens (Okta never returns the secrets). " +
			"Needs a super admin's token, or the `okta.apiTokens.read` scope.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A stable id derived from the org.",
				Computed:            true,
			},
			"tokens": schema.ListNestedAttribute{
				MarkdownDescription: "The tokens, sorted by id.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":                 str("The token's id."),
						"name":               str("The token's name."),
						"user_id":            str("The id of the user who owns the token; the token acts with that user's admin roles."),
						"client_name":        str("The client the token was created from, e.g. `Okta API`."),
						"created":            str("When the token was created, RFC 3339 in UTC."),
						"expires_at":         str("When the token expires unless used, RFC 3339 in UTC."),
						"last_updated":       str("When the token was last updated, RFC 3339 in UTC."),
						"token_window":       str("How long the token lives without use, as an ISO 8601 duration (e.g. `P30D`)."),
						"network_connection": str("Where the token may be used from: `ANYWHERE` or `ZONE`."),
						"network_include":    zones("The network zones the token may be used from, when `network_connection` is `ZONE`."),
						"network_exclude":    zones("The network zones the token may not be used from."),
					},
				},
			},
		},
	}
}

func (d *apiTokensDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	tokens, err := d.data.Snapshot.APITokens(ctx)
	if err != nil {
		addError(&resp.Diagnostics, "reading API tokens", err)
		return
	}
	m := apiTokensModel{ID: d.stableID(), Tokens: make([]apiTokenModel, 0, len(tokens))}
	for _, t := range tokens {
		m.Tokens = append(m.Tokens, apiTokenModel{
			ID:                types.StringValue(t.ID),
			Name:              types.StringValue(t.Name),
			UserID:            types.StringValue(t.UserID),
			ClientName:        optionalString(t.ClientName),
			Created:           timeValue(t.Created),
			ExpiresAt:         timeValue(t.ExpiresAt),
			LastUpdated:       timeValue(t.LastUpdated),
			TokenWindow:       optionalString(t.TokenWindow),
			NetworkConnection: optionalString(t.Network.Connection),
			NetworkInclude:    sortedStrings(t.Network.Include),
			NetworkExclude:    sortedStrings(t.Network.Exclude),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
