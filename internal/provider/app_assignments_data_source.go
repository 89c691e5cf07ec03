package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var _ datasource.DataSourceWithConfigure = (*appAssignmentsDataSource)(nil)

func newAppAssignmentsDataSource() datasource.DataSource {
	return &appAssignmentsDataSource{dataSourceBase{name: "app_assignments"}}
}

type appAssignmentsDataSource struct{ dataSourceBase }

type appAssignmentsModel struct {
	ID         types.String         `tfsdk:"id"`
	AppID      types.String         `tfsdk:"app_id"`
	SnapshotID types.String         `tfsdk:"snapshot_id"`
	Users      []appUserAssignment  `tfsdk:"users"`
	Groups     []appGroupAssignment `tfsdk:"groups"`
}

type appUserAssignment struct {
	AppID     types.String `tfsdk:"app_id"`
	AppLabel  types.String `tfsdk:"app_label"`
	UserID    types.String `tfsdk:"user_id"`
	Scope     types.String `tfsdk:"scope"`
	Status    types.String `tfsdk:"status"`
	SyncState types.String `tfsdk:"sync_state"`
}

type appGroupAssignment struct {
	AppID    types.String `tfsdk:"app_id"`
	AppLabel types.String `tfsdk:"app_label"`
	GroupID  types.String `tfsdk:"group_id"`
	Priority types.Int64  `tfsdk:"priority"`
}

func (d *appAssignmentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists who is assigned to an app, or to every `ACTIVE` app: users (directly or " +
			"through a group) and groups.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A stable id derived from the org and `app_id`.",
				Computed:            true,
			},
			"app_id": schema.StringAttribute{
				MarkdownDescription: "The app's id (`0oa…`). When absent, the assignments of every `ACTIVE` app are read.",
				Optional:            true,
				Validators:          []validator.String{validators.AppID()},
			},
			"snapshot_id": snapshotIDAttribute(),
			"users": schema.ListNestedAttribute{
				MarkdownDescription: "User assignments, sorted by app id, then user id.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"app_id":     str("The app's id."),
						"app_label":  str("The app's label."),
						"user_id":    str("The user's id."),
						"scope":      str("`USER` when assigned directly, `GROUP` when through a group."),
						"status":     str("The assignment's status, e.g. `ACTIVE` or `PROVISIONED`."),
						"sync_state": str("The provisioning sync state, e.g. `DISABLED` or `SYNCHRONIZED`."),
					},
				},
			},
			"groups": schema.ListNestedAttribute{
				MarkdownDescription: "Group assignments, sorted by app id, then group id.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"app_id":    str("The app's id."),
						"app_label": str("The app's label."),
						"group_id":  str("The group's id."),
						"priority": schema.Int64Attribute{
							MarkdownDescription: "The assignment's priority (lower wins when a user gets the app through several groups).",
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *appAssignmentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m appAssignmentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.checkSnapshotID(ctx, req.Config, &resp.Diagnostics) {
		return
	}
	all, err := d.data.Snapshot.Apps(ctx)
	if err != nil {
		addError(&resp.Diagnostics, "reading apps", err)
		return
	}
	var apps []okta.App
	appID := m.AppID.ValueString()
	for _, a := range all {
		if (appID == "" && a.Status == "ACTIVE") || (appID != "" && a.ID == appID) {
			apps = append(apps, a)
		}
	}
	if appID != "" && len(apps) == 0 {
		resp.Diagnostics.AddAttributeError(path.Root("app_id"), "App not found",
			fmt.Sprintf("The org has no app with id %s. Check the id in the Okta admin console (Applications → the app → its URL).", appID))
		return
	}

	users := make([][]okta.AppUser, len(apps))
	groups := make([][]okta.AppGroup, len(apps))
	err = d.forEach(ctx, len(apps), func(ctx context.Context, i int) error {
		var err error
		if users[i], err = d.data.Snapshot.AppUsers(ctx, apps[i].ID); err != nil {
			return err
		}
		groups[i], err = d.data.Snapshot.AppGroups(ctx, apps[i].ID)
		return err
	})
	if err != nil {
		addError(&resp.Diagnostics, "reading app assignments", err)
		return
	}

	m.Users = []appUserAssignment{}
	m.Groups = []appGroupAssignment{}
	for i, a := range apps {
		label := types.StringValue(a.Label)
		for _, u := range users[i] {
			m.Users = append(m.Users, appUserAssignment{
				AppID:     types.StringValue(a.ID),
				AppLabel:  label,
				UserID:    types.StringValue(u.UserID),
				Scope:     types.StringValue(u.Scope),
				Status:    optionalString(u.Status),
				SyncState: optionalString(u.SyncState),
			})
		}
		for _, g := range groups[i] {
			m.Groups = append(m.Groups, appGroupAssignment{
				AppID:    types.StringValue(a.ID),
				AppLabel: label,
				GroupID:  types.StringValue(g.GroupID),
				Priority: types.Int64Value(int64(g.Priority)),
			})
		}
	}
	// Apps come sorted by id from the snapshot; sort again so the order does not
	// rest on that.
	sort.SliceStable(m.Users, func(i, j int) bool {
		a, b := m.Users[i], m.Users[j]
		if a.AppID.ValueString() != b.AppID.ValueString() {
			return a.AppID.ValueString() < b.AppID.ValueString()
		}
		return a.UserID.ValueString() < b.UserID.ValueString()
	})
	sort.SliceStable(m.Groups, func(i, j int) bool {
		a, b := m.Groups[i], m.Groups[j]
		if a.AppID.ValueString() != b.AppID.ValueString() {
			return a.AppID.ValueString() < b.AppID.ValueString()
		}
		return a.GroupID.ValueString() < b.GroupID.ValueString()
	})

	m.ID = d.stableID(appID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
