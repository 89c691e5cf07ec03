package provider

import (
	"context"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/customtypes"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var _ datasource.DataSourceWithConfigure = (*usersDataSource)(nil)

func newUsersDataSource() datasource.DataSource {
	return &usersDataSource{dataSourceBase{name: "users"}}
}

type usersDataSource struct{ dataSourceBase }

type usersModel struct {
	ID             types.String `tfsdk:"id"`
	Search         types.String `tfsdk:"search"`
	Statuses       types.Set    `tfsdk:"statuses"`
	GroupID        types.String `tfsdk:"group_id"`
	IncludeFactors types.Bool   `tfsdk:"include_factors"`
	IncludeGroups  types.Bool   `tfsdk:"include_groups"`
	SnapshotID     types.String `tfsdk:"snapshot_id"`
	Users          []userModel  `tfsdk:"users"`
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := userAttributes()
	attrs["factors"] = factorsAttribute("The user's enrolled factors, sorted by id; null unless `include_factors` is true.")
	attrs["group_ids"] = schema.SetAttribute{
		MarkdownDescription: "The ids of the groups the user belongs to; null unless `include_groups` is true.",
		ElementType:         types.StringType,
		// set(string) to Terraform; linear duplicate checks, as thousands of users may each be in hundreds of groups.
		CustomType: customtypes.NewStringSetType(),
		Computed:   true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the org's users. Without `search` every user is read once per plan and " +
			"shared with the other data sources and checks; `statuses` and `group_id` filter that list.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A stable id derived from the org and the arguments.",
				Computed:            true,
			},
			"search": schema.StringAttribute{
				MarkdownDescription: "An Okta search expression, e.g. `profile.department eq \"Engineering\"`, " +
					"sent to Okta as is. A search matches users in every status, `DEPROVISIONED` included, " +
					"unless `statuses` narrows it.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"statuses": schema.SetAttribute{
				MarkdownDescription: "Keep only users in these statuses. Without `search` the default is every " +
					"status but `DEPROVISIONED`; include `DEPROVISIONED` to see deprovisioned users.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(validators.UserStatus()),
				},
			},
			"group_id": schema.StringAttribute{
				MarkdownDescription: "Keep only members of this group (an id, `00g…`).",
				Optional:            true,
				Validators:          []validator.String{validators.GroupID()},
			},
			"include_factors": schema.BoolAttribute{
				MarkdownDescription: "Read each user's factors into `factors`: one request per user this data source selects, " +
					"also when the plan starts from a stored snapshot, because the snapshot keeps factors without their " +
					"`profile` (no phone number, device name or credential id in the state) and `factors` shows it. The checks " +
					"read factors from the snapshot and make no such request; keep `include_factors` for the few users " +
					"(e.g. a group of administrators) whose factor profiles you want to see. Default false.",
				Optional: true,
			},
			"include_groups": schema.BoolAttribute{
				MarkdownDescription: "Read each user's group ids into `group_ids`. Default false.",
				Optional:            true,
			},
			"snapshot_id": snapshotIDAttribute(),
			"users": schema.ListNestedAttribute{
				MarkdownDescription: "The users, sorted by id.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
			},
		},
	}
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m usersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.checkSnapshotID(ctx, req.Config, &resp.Diagnostics) {
		return
	}
	statuses := readStrings(ctx, m.Statuses, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var err error

	var users []okta.User
	if search := m.Search.ValueString(); search != "" {
		users, err = d.data.Snapshot.SearchUsers(ctx, search)
		if err != nil {
			addError(&resp.Diagnostics, "searching users with "+strconv.Quote(search), err)
			return
		}
	} else {
		users, err = d.data.Snapshot.Users(ctx)
		if err != nil {
			addError(&resp.Diagnostics, "reading users", err)
			return
		}
		if statuses == nil {
			statuses = slices.DeleteFunc(slices.Clone(validators.UserStatuses), func(s string) bool { return s == "DEPROVISIONED" })
		}
	}

	var members map[string]bool
	if groupID := m.GroupID.ValueString(); groupID != "" {
		ids, err := d.data.Snapshot.GroupMemberIDs(ctx, groupID)
		if err != nil {
			addError(&resp.Diagnostics, "reading the members of group "+groupID, err)
			return
		}
		members = make(map[string]bool, len(ids))
		for _, id := range ids {
			members[id] = true
		}
	}

	var selected []okta.User
	for _, u := range users {
		if statuses != nil && !slices.Contains(statuses, u.Status) {
			continue
		}
		if members != nil && !members[u.ID] {
			continue
		}
		selected = append(selected, u)
	}
	// profile is every attribute: users seeded from a stored snapshot carry
	// only the ones the checks read until they are read again.
	if selected, err = d.data.Snapshot.WithFullProfiles(ctx, selected); err != nil {
		addError(&resp.Diagnostics, "reading users' profiles", err)
		return
	}
	m.Users = make([]userModel, 0, len(selected))
	ids := make([]string, 0, len(selected))
	for _, u := range selected {
		m.Users = append(m.Users, newUserModel(u))
		ids = append(ids, u.ID)
	}

	if m.IncludeFactors.ValueBool() {
		factors, err := d.data.Snapshot.FullFactorsOf(ctx, ids)
		if err != nil {
			addError(&resp.Diagnostics, "reading users' factors", err)
			return
		}
		for i := range m.Users {
			m.Users[i].Factors = newFactorModels(factors[m.Users[i].ID.ValueString()])
		}
	}
	if m.IncludeGroups.ValueBool() {
		groups, err := d.data.Snapshot.UserGroupIDs(ctx)
		if err != nil {
			addError(&resp.Diagnostics, "reading group memberships", err)
			return
		}
		for i := range m.Users {
			m.Users[i].GroupIDs = sortedStrings(groups[m.Users[i].ID.ValueString()])
		}
	}

	m.ID = d.stableID(m.Search.ValueString(), joinArgs(statuses), m.GroupID.ValueString(),
		strconv.FormatBool(m.IncludeFactors.ValueBool()), strconv.FormatBool(m.IncludeGroups.ValueBool()))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
