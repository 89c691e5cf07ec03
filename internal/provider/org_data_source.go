package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*orgDataSource)(nil)

func newOrgDataSource() datasource.DataSource {
	return &orgDataSource{dataSourceBase{name: "org"}}
}

type orgDataSource struct{ dataSourceBase }

type orgModel struct {
	ID          types.String `tfsdk:"id"`
	OrgID       types.String `tfsdk:"org_id"`
	Pipeline    types.String `tfsdk:"pipeline"`
	CompanyName types.String `tfsdk:"company_name"`
	Subdomain   types.String `tfsdk:"subdomain"`
}

func (d *orgDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the org's identity: its id, company name, subdomain and sign-in pipeline.",
		Attributes: map[string]schema.Attribute{
			"id":           str("The org's id."),
			"org_id":       str("The org's id (`00o…`)."),
			"pipeline":     str("The sign-in pipeline: `idx` (Identity Engine) or `v1` (Classic Engine)."),
			"company_name": str("The company name in the org's settings."),
			"subdomain":    str("The org's subdomain, e.g. `acme` for `https://acme.okta.com`."),
		},
	}
}

func (d *orgDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	org, err := d.data.Snapshot.Org(ctx)
	if err != nil {
		addError(&resp.Diagnostics, "reading the org's metadata", err)
		return
	}
	m := orgModel{
		ID:          types.StringValue(org.ID),
		OrgID:       types.StringValue(org.ID),
		Pipeline:    optionalString(org.Pipeline),
		CompanyName: optionalString(org.CompanyName),
		Subdomain:   optionalString(org.Subdomain),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
