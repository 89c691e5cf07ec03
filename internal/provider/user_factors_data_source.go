package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var _ datasource.DataSourceWithConfigure = (*userFactorsDataSource)(nil)

func newUserFactorsDataSource() datasource.DataSource {
	return &userFactorsDataSource{dataSourceBase{name: "user_factors"}}
}

type userFactorsDataSource struct{ dataSourceBase }

type userFactorsModel struct {
	ID                types.String  `tfsdk:"id"`
	UserID            types.String  `tfsdk:"user_id"`
	SnapshotID        types.String  `tfsdk:"snapshot_id"`
	Factors           []factorModel `tfsdk:"factors"`
	ActiveFactorTypes []string      `tfsdk:"active_factor_types"`
}

func (d *userFactorsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists one user's enrolled factors, in every status.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The user id.",
				Computed:            true,
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The user's Okta id (`00u…`).",
				Required:            true,
				Validators:          []validator.String{validators.UserID()},
			},
			"snapshot_id": snapshotIDAttribute(),
			"factors":     factorsAttribute("The user's factors, sorted by id."),
			"active_factor_types": schema.SetAttribute{
				MarkdownDescription: "The types of the user's `ACTIVE` factors, e.g. `[\"push\", \"webauthn\"]`.",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *userFactorsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m userFactorsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.checkSnapshotID(ctx, req.Config, &resp.Diagnostics) {
		return
	}
	userID := m.UserID.ValueString()
	factors, err := d.data.Snapshot.FullFactors(ctx, userID)
	if err != nil {
		addError(&resp.Diagnostics, "reading the factors of user "+userID, err)
		return
	}
	m.ID = m.UserID
	m.Factors = newFactorModels(factors)
	seen := map[string]bool{}
	m.ActiveFactorTypes = []string{}
	for _, f := range factors {
		if f.Status == "ACTIVE" && !seen[f.FactorType] {
			seen[f.FactorType] = true
			m.ActiveFactorTypes = append(m.ActiveFactorTypes, f.FactorType)
		}
	}
	m.ActiveFactorTypes = sortedStrings(m.ActiveFactorTypes)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
