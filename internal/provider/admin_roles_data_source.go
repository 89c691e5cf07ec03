package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*adminRolesDataSource)(nil)

func newAdminRolesDataSource() datasource.DataSource {
	return &adminRolesDataSource{dataSourceBase{name: "admin_roles"}}
}

type adminRolesDataSource struct{ dataSourceBase }

type adminRolesModel struct {
	ID          types.String          `tfsdk:"id"`
	SnapshotID  types.String          `tfsdk:"snapshot_id"`
	Assignments []roleAssignmentModel `tfsdk:"assignments"`
	Admins      []adminModel          `tfsdk:"admins"`
}

type roleAssignmentModel struct {
	PrincipalType types.String `tfsdk:"principal_type"`
	PrincipalID   types.String `tfsdk:"principal_id"`
	PrincipalName types.String `tfsdk:"principal_name"`
	RoleType      types.String `tfsdk:"role_type"`
	RoleID        types.String `tfsdk:"role_id"`
	Status        types.String `tfsdk:"status"`
}

type adminModel struct {
	UserID      types.String `tfsdk:"user_id"`
	Login       types.String `tfsdk:"login"`
	Status      types.String `tfsdk:"status"`
	RoleTypes   []string     `tfsdk:"role_types"`
	ViaGroupIDs []string     `tfsdk:"via_group_ids"`
}

func (d *adminRolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	set := func(desc string) schema.Attribute {
		return schema.SetAttribute{MarkdownDescription: desc, ElementType: types.StringType, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists who holds admin roles: users directly, groups (their members inherit the role) " +
			"and OAuth service apps. A role held through a group is the group's assignment, never reported as the " +
			"member's own; the member appears in `admins` with the group in `via_group_ids`. Read once per plan from " +
			"`/api/v1/iam/assignees/users`, each such user's roles (a role held through a group names the group), " +
			"those groups' roles and every OAuth app's client roles. A group that holds a role but has no members " +
			"confers it on nobody and is not visible this way. Needs `okta.roles.read` (and `okta.users.read`, " +
			"`okta.groups.read`, `okta.apps.read` for the names).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A stable id derived from the org.",
				Computed:            true,
			},
			"snapshot_id": snapshotIDAttribute(),
			"assignments": schema.ListNestedAttribute{
				MarkdownDescription: "Every role assignment, sorted by `principal_type` (`USER`, `GROUP`, `CLIENT`), " +
					"`principal_id`, `role_type`, then `role_id`.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"principal_type": str("`USER` (held directly), `GROUP` (held by a group for its members) or `CLIENT` (an OAuth app's client)."),
						"principal_id":   str("The user id, group id or app id."),
						"principal_name": str("The user's login, the group's name or the app's label; null when unknown."),
						"role_type":      str("The role type, e.g. `SUPER_ADMIN`, `READ_ONLY_ADMIN`, or `CUSTOM` for a custom role."),
						"role_id":        str("The id of the role assignment."),
						"status":         str("The assignment's status, e.g. `ACTIVE`."),
					},
				},
			},
			"admins": schema.ListNestedAttribute{
				MarkdownDescription: "Every user who holds a role, directly or through a group, sorted by `user_id`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"user_id":       str("The user's id."),
						"login":         str("The user's login; null when the user could not be read."),
						"status":        str("The user's status, e.g. `ACTIVE` or `SUSPENDED`."),
						"role_types":    set("Every role type the user holds, directly or through a group."),
						"via_group_ids": set("The groups through which the user holds roles; empty when every role is held directly."),
					},
				},
			},
		},
	}
}

func (d *adminRolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var snapshotID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("snapshot_id"), &snapshotID)...)
	if resp.Diagnostics.HasError() || !d.checkSnapshotID(ctx, req.Config, &resp.Diagnostics) {
		return
	}
	ar, err := d.data.Snapshot.AdminRoles(ctx)
	if err != nil {
		addError(&resp.Diagnostics, "reading admin role assignments", err)
		return
	}
	m := adminRolesModel{
		ID:          d.stableID(),
		SnapshotID:  snapshotID,
		Assignments: make([]roleAssignmentModel, 0, len(ar.Assignments)),
		Admins:      make([]adminModel, 0, len(ar.Admins)),
	}
	for _, a := range ar.Assignments {
		m.Assignments = append(m.Assignments, roleAssignmentModel{
			PrincipalType: types.StringValue(a.PrincipalType),
			PrincipalID:   types.StringValue(a.PrincipalID),
			PrincipalName: optionalString(a.PrincipalName),
			RoleType:      types.StringValue(a.RoleType),
			RoleID:        types.StringValue(a.RoleID),
			Status:        optionalString(a.Status),
		})
	}
	for _, a := range ar.Admins {
		m.Admins = append(m.Admins, adminModel{
			UserID:      types.StringValue(a.UserID),
			Login:       optionalString(a.Login),
			Status:      optionalString(a.Status),
			RoleTypes:   sortedStrings(a.RoleTypes),
			ViaGroupIDs: sortedStrings(a.ViaGroupIDs),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
