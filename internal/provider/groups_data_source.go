package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/customtypes"
)

var _ datasource.DataSourceWithConfigure = (*groupsDataSource)(nil)

func newGroupsDataSource() datasource.DataSource {
	return &groupsDataSource{dataSourceBase{name: "groups"}}
}

type groupsDataSource struct{ dataSourceBase }

type groupsModel struct {
	ID             types.String `tfsdk:"id"`
	Search         types.String `tfsdk:"search"`
	Q              types.String `tfsdk:"q"`
	Type           types.String `tfsdk:"type"`
	IncludeMembers types.Bool   `tfsdk:"include_members"`
	SnapshotID     types.String `tfsdk:"snapshot_id"`
	Groups         []groupModel `tfsdk:"groups"`
}

type groupModel struct {
	ID                    types.String `tfsdk:"id"`
	Name                  types.String `tfsdk:"name"`
	Description           types.String `tfsdk:"description"`
	Type                  types.String `tfsdk:"type"`
	Created               types.String `tfsdk:"created"`
	LastUpdated           types.String `tfsdk:"last_updated"`
	LastMembershipUpdated types.String `tfsdk:"last_membership_updated"`
	MemberIDs             []string     `tfsdk:"member_ids"` // nil (null) unless asked for
}

var groupTypes = []string{"OKTA_GROUP", "APP_GROUP", "BUILT_IN"}

func (d *groupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the org's groups. Without `search` or `q` every group is read once per plan " +
			"and shared with the other data sources and checks.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A stable id derived from the org and the arguments.",
				Computed:            true,
			},
			"search": schema.StringAttribute{
				MarkdownDescription: "An Okta search expression, e.g. `profile.name sw \"eng\"`, sent to Okta as is. Conflicts with `q`.",
				Optional:            true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("q")),
				},
			},
			"q": schema.StringAttribute{
				MarkdownDescription: "Okta's name prefix query: groups whose name starts with this text.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "Keep only groups of this type: `OKTA_GROUP`, `APP_GROUP` or `BUILT_IN`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(groupTypes...)},
			},
			"include_members": schema.BoolAttribute{
				MarkdownDescription: "Read each group's member ids into `member_ids` (one list per group). Default false.",
				Optional:            true,
			},
			"snapshot_id": snapshotIDAttribute(),
			"groups": schema.ListNestedAttribute{
				MarkdownDescription: "The groups, sorted by id.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":                      str("The group's id (`00g…`)."),
						"name":                    str("The group's name."),
						"description":             str("The group's description."),
						"type":                    str("`OKTA_GROUP`, `APP_GROUP` or `BUILT_IN`."),
						"created":                 str("When the group was created, RFC 3339 in UTC."),
						"last_updated":            str("When the group's profile was last updated, RFC 3339 in UTC."),
						"last_membership_updated": str("When the group's membership last changed, RFC 3339 in UTC."),
						"member_ids": schema.SetAttribute{
							MarkdownDescription: "The ids of the group's members; null unless `include_members` is true.",
							ElementType:         types.StringType,
							// set(string) to Terraform; linear duplicate checks for groups of many thousands.
							CustomType: customtypes.NewStringSetType(),
							Computed:   true,
						},
					},
				},
			},
		},
	}
}

func (d *groupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m groupsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.checkSnapshotID(ctx, req.Config, &resp.Diagnostics) {
		return
	}
	var groups []okta.Group
	var err error
	if q := (okta.GroupQuery{Search: m.Search.ValueString(), Q: m.Q.ValueString()}); q.Search != "" || q.Q != "" {
		groups, err = d.data.Snapshot.SearchGroups(ctx, q)
		if err != nil {
			addError(&resp.Diagnostics, "searching groups", err)
			return
		}
	} else {
		groups, err = d.data.Snapshot.Groups(ctx)
		if err != nil {
			addError(&resp.Diagnostics, "reading groups", err)
			return
		}
	}

	m.Groups = make([]groupModel, 0, len(groups))
	for _, g := range groups {
		if t := m.Type.ValueString(); t != "" && g.Type != t {
			continue
		}
		m.Groups = append(m.Groups, groupModel{
			ID:                    types.StringValue(g.ID),
			Name:                  types.StringValue(g.Name),
			Description:           optionalString(g.Description),
			Type:                  types.StringValue(g.Type),
			Created:               timeValue(g.Created),
			LastUpdated:           timeValue(g.LastUpdated),
			LastMembershipUpdated: timeValue(g.LastMembershipUpdated),
		})
	}

	if m.IncludeMembers.ValueBool() {
		err := d.forEach(ctx, len(m.Groups), func(ctx context.Context, i int) error {
			ids, err := d.data.Snapshot.GroupMemberIDs(ctx, m.Groups[i].ID.ValueString())
			m.Groups[i].MemberIDs = sortedStrings(ids)
			return err
		})
		if err != nil {
			addError(&resp.Diagnostics, "reading group members", err)
			return
		}
	}

	m.ID = d.stableID(m.Search.ValueString(), m.Q.ValueString(), m.Type.ValueString(),
		strconv.FormatBool(m.IncludeMembers.ValueBool()))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
