package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var _ datasource.DataSourceWithConfigure = (*userDataSource)(nil)

func newUserDataSource() datasource.DataSource {
	return &userDataSource{dataSourceBase{name: "user"}}
}

type userDataSource struct{ dataSourceBase }

type userDataModel struct {
	userModel
	AdminRoles []string     `tfsdk:"admin_roles"`
	SnapshotID types.String `tfsdk:"snapshot_id"`
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := userAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The user's Okta id (`00u…`). Exactly one of `id` and `login` is required.",
		Optional:            true,
		Computed:            true,
		Validators: []validator.String{
			stringvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("login")),
			validators.UserID(),
		},
	}
	attrs["login"] = schema.StringAttribute{
		MarkdownDescription: "The user's login (`profile.login`), e.g. `carol@acme.com`. Exactly one of `id` and `login` is required.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["factors"] = factorsAttribute("The user's enrolled factors, in every status, sorted by id.")
	attrs["group_ids"] = schema.SetAttribute{
		MarkdownDescription: "The ids of the groups the user belongs to.",
		ElementType:         types.StringType,
		Computed:            true,
	}
	attrs["admin_roles"] = schema.SetAttribute{
		MarkdownDescription: "The types of the admin roles the user holds, directly or through a group " +
			"(`SUPER_ADMIN`, `READ_ONLY_ADMIN`…).",
		ElementType: types.StringType,
		Computed:    true,
	}
	attrs["snapshot_id"] = snapshotIDAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one user, by id or login, with its factors, groups and admin roles.",
		Attributes:          attrs,
	}
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg userDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !d.checkSnapshotID(ctx, req.Config, &resp.Diagnostics) {
		return
	}
	key := cfg.ID.ValueString()
	if key == "" {
		key = cfg.Login.ValueString()
	}

	u, err := d.data.Snapshot.LookupUser(ctx, key)
	if err != nil {
		addError(&resp.Diagnostics, "reading user "+key, err)
		return
	}
	m := userDataModel{userModel: newUserModel(u), SnapshotID: cfg.SnapshotID}
	if !cfg.Login.IsNull() {
		// Terraform refuses a data source that changes a configured value, and
		// Okta matches logins case-insensitively.
		m.Login = cfg.Login
	}

	factors, err := d.data.Snapshot.FullFactors(ctx, u.ID)
	if err != nil {
		addError(&resp.Diagnostics, "reading the factors of user "+key, err)
		return
	}
	m.Factors = newFactorModels(factors)

	// One request for this user's groups, rather than every group's members.
	groupIDs, err := d.data.Snapshot.UserGroupIDsOf(ctx, u.ID)
	if err != nil {
		addError(&resp.Diagnostics, "reading the groups of user "+key, err)
		return
	}
	m.GroupIDs = sortedStrings(groupIDs)

	roles, err := d.data.Snapshot.UserRoles(ctx, u.ID)
	if err != nil {
		addError(&resp.Diagnostics, "reading the admin roles of user "+key, err)
		return
	}
	m.AdminRoles = roleTypes(roles)

	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// roleTypes returns the distinct role types, sorted.
func roleTypes(roles []okta.Role) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, r := range roles {
		if !seen[r.Type] {
			seen[r.Type] = true
			out = append(out, r.Type)
		}
	}
	return sortedStrings(out)
}
