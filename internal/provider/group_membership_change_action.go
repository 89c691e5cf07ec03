package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var (
	_ action.ActionWithConfigure        = (*groupMembershipChangeAction)(nil)
	_ action.ActionWithConfigValidators = (*groupMembershipChangeAction)(nil)
	_ action.ActionWithValidateConfig   = (*groupMembershipChangeAction)(nil)
)

type groupMembershipChangeAction struct{ actionBase }

func newGroupMembershipChangeAction() action.Action {
	return &groupMembershipChangeAction{actionBase{name: "group_membership_change"}}
}

type groupMembershipChangeModel struct {
	GroupID         types.String `tfsdk:"group_id"`
	Add             types.Set    `tfsdk:"add"`
	Remove          types.Set    `tfsdk:"remove"`
	AllowPrivileged types.Bool   `tfsdk:"allow_privileged"`
}

func (a *groupMembershipChangeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Adds users to and removes users from an Okta group (`OKTA_GROUP`: Okta manages the members of `BUILT_IN` and app groups itself). " +
			"Users already members (to add) or not members (to remove) are left alone, and the action says so. " +
			"Every user is resolved and checked against the guard rails before the first change." + requiresNote,
		Attributes: map[string]schema.Attribute{
			"group_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the group (`00g…`).",
				Validators:          []validator.String{validators.GroupID()},
			},
			"add":              userSetAttribute("The users to make members."),
			"remove":           userSetAttribute("The users to remove from the group."),
			"allow_privileged": allowPrivilegedAttribute(),
		},
	}
}

func (a *groupMembershipChangeAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{actionvalidator.AtLeastOneOf(path.MatchRoot("add"), path.MatchRoot("remove"))}
}

func (a *groupMembershipChangeAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m groupMembershipChangeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if both := overlap(ctx, m.Add, m.Remove); len(both) > 0 {
		resp.Diagnostics.AddAttributeError(path.Root("remove"), "A user both added and removed",
			fmt.Sprintf("%s is in both add and remove: name each user in one of them.", strings.Join(both, ", ")))
	}
}

func (a *groupMembershipChangeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m groupMembershipChangeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c := a.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	add, remove := readStrings(ctx, m.Add, &resp.Diagnostics), readStrings(ctx, m.Remove, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	gid := m.GroupID.ValueString()
	g, err := c.GetGroup(ctx, gid)
	if err != nil {
		addActionError(&resp.Diagnostics, "reading group "+gid, err)
		return
	}
	if g.Type != "OKTA_GROUP" {
		resp.Diagnostics.AddAttributeError(path.Root("group_id"), "Group membership managed by Okta",
			fmt.Sprintf("Group %q (%s) is of type %s: Okta manages its members (BUILT_IN groups hold everyone, app groups are imported), so they cannot be changed. Nothing was changed.", g.Name, g.ID, g.Type))
		return
	}
	allow := boolOr(m.AllowPrivileged, false)
	adds, err := guard(ctx, c, add, allow)
	if err != nil {
		addActionError(&resp.Diagnostics, "checking the users to add", err)
		return
	}
	removes, err := guard(ctx, c, remove, allow)
	if err != nil {
		addActionError(&resp.Diagnostics, "checking the users to remove", err)
		return
	}
	for _, r := range removes {
		for _, ad := range adds {
			if r.user.ID == ad.user.ID {
				resp.Diagnostics.AddError("A user both added and removed",
					fmt.Sprintf("%q in add and %q in remove are the same user, %s. Nothing was changed.", ad.ref, r.ref, r))
				return
			}
		}
	}
	members, err := c.ListGroupMemberIDs(ctx, gid)
	if err != nil {
		addActionError(&resp.Diagnostics, "listing the members of group "+gid, err)
		return
	}
	isMember := map[string]bool{}
	for _, id := range members {
		isMember[id] = true
	}
	var done []string
	fail := func(doing string, err error) {
		if len(done) > 0 {
			doing += " (already done: " + strings.Join(done, "; ") + "; invoking again completes the rest)"
		}
		addActionError(&resp.Diagnostics, doing, err)
	}
	for _, t := range adds {
		if isMember[t.user.ID] {
			progress(resp, "%s is already a member of %s; nothing to add", t, g.Name)
			continue
		}
		id, err := c.AddGroupMember(ctx, gid, t.user.ID)
		if err != nil {
			fail("adding "+t.String()+" to group "+g.Name, err)
			return
		}
		done = append(done, "added "+t.String())
		progress(resp, "added %s to %s (%s)", t, g.Name, reqID(id))
	}
	for _, t := range removes {
		if !isMember[t.user.ID] {
			progress(resp, "%s is not a member of %s; nothing to remove", t, g.Name)
			continue
		}
		id, err := c.RemoveGroupMember(ctx, gid, t.user.ID)
		if err != nil {
			fail("removing "+t.String()+" from group "+g.Name, err)
			return
		}
		done = append(done, "removed "+t.String())
		progress(resp, "removed %s from %s (%s)", t, g.Name, reqID(id))
	}
}
