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

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var (
	_ action.ActionWithConfigure        = (*appAssignmentChangeAction)(nil)
	_ action.ActionWithConfigValidators = (*appAssignmentChangeAction)(nil)
	_ action.ActionWithValidateConfig   = (*appAssignmentChangeAction)(nil)
)

type appAssignmentChangeAction struct{ actionBase }

func newAppAssignmentChangeAction() action.Action {
	return &appAssignmentChangeAction{actionBase{name: "app_assignment_change"}}
}

type appAssignmentChangeModel struct {
	AppID           types.String `tfsdk:"app_id"`
	Assign          types.Set    `tfsdk:"assign"`
	Unassign        types.Set    `tfsdk:"unassign"`
	AllowPrivileged types.Bool   `tfsdk:"allow_privileged"`
}

func (a *appAssignmentChangeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Assigns users to and unassigns users from an Okta app, directly (scope `USER`). " +
			"Users already assigned (to assign) or not assigned (to unassign) are left alone, and the action says so. " +
			"A user assigned through a group cannot be unassigned directly: the action refuses before the first change and names the way out " +
			"(remove the user from the group). Every user is resolved and checked against the guard rails before the first change." + requiresNote,
		Attributes: map[string]schema.Attribute{
			"app_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the app (`0oa…`).",
				Validators:          []validator.String{validators.AppID()},
			},
			"assign":           userSetAttribute("The users to assign to the app."),
			"unassign":         userSetAttribute("The users whose direct assignment to remove."),
			"allow_privileged": allowPrivilegedAttribute(),
		},
	}
}

func (a *appAssignmentChangeAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{actionvalidator.AtLeastOneOf(path.MatchRoot("assign"), path.MatchRoot("unassign"))}
}

func (a *appAssignmentChangeAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m appAssignmentChangeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if both := overlap(ctx, m.Assign, m.Unassign); len(both) > 0 {
		resp.Diagnostics.AddAttributeError(path.Root("unassign"), "A user both assigned and unassigned",
			fmt.Sprintf("%s is in both assign and unassign: name each user in one of them.", strings.Join(both, ", ")))
	}
}

// appAssignment reads one user's assignment to an app; ok is false when the
// user has none.
func appAssignment(ctx context.Context, c *okta.Client, appID, userID string) (okta.AppUser, bool, error) {
	au, err := c.GetAppUser(ctx, appID, userID)
	if okta.IsNotFound(err) {
		return okta.AppUser{}, false, nil
	}
	return au, err == nil, err
}

func (a *appAssignmentChangeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m appAssignmentChangeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c := a.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	assign, unassign := readStrings(ctx, m.Assign, &resp.Diagnostics), readStrings(ctx, m.Unassign, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	appID := m.AppID.ValueString()
	app, err := c.GetApp(ctx, appID)
	if err != nil {
		addActionError(&resp.Diagnostics, "reading app "+appID, err)
		return
	}
	allow := boolOr(m.AllowPrivileged, false)
	assigns, err := guard(ctx, c, assign, allow)
	if err != nil {
		addActionError(&resp.Diagnostics, "checking the users to assign", err)
		return
	}
	unassigns, err := guard(ctx, c, unassign, allow)
	if err != nil {
		addActionError(&resp.Diagnostics, "checking the users to unassign", err)
		return
	}
	// Read every assignment first: a refusal (a group assignment, the same
	// user on both sides) must come before the first change.
	type step struct{ t target }
	var steps []step
	for _, t := range assigns {
		_, has, err := appAssignment(ctx, c, appID, t.user.ID)
		if err != nil {
			addActionError(&resp.Diagnostics, "reading the assignment of "+t.String()+" to "+app.Label, err)
			return
		}
		if !has {
			steps = append(steps, step{t})
		} else {
			progress(resp, "%s is already assigned to %s; nothing to assign", t, app.Label)
		}
	}
	var unsteps []step
	for _, t := range unassigns {
		for _, s := range assigns {
			if s.user.ID == t.user.ID {
				resp.Diagnostics.AddError("A user both assigned and unassigned",
					fmt.Sprintf("%q in assign and %q in unassign are the same user, %s. Nothing was changed.", s.ref, t.ref, t))
				return
			}
		}
		au, has, err := appAssignment(ctx, c, appID, t.user.ID)
		if err != nil {
			addActionError(&resp.Diagnostics, "reading the assignment of "+t.String()+" to "+app.Label, err)
			return
		}
		switch {
		case !has:
			progress(resp, "%s is not assigned to %s; nothing to unassign", t, app.Label)
		case au.Scope == "GROUP":
			resp.Diagnostics.AddAttributeError(path.Root("unassign"), "Assigned through a group",
				fmt.Sprintf("%s is assigned to %s (%s) through a group, which Okta does not let an app assignment change undo: "+
					"remove the user from that group (oktagate_group_membership_change) or the group from the app. Nothing was changed.", t, app.Label, app.ID))
			return
		default:
			unsteps = append(unsteps, step{t})
		}
	}
	var done []string
	fail := func(doing string, err error) {
		if len(done) > 0 {
			doing += " (already done: " + strings.Join(done, "; ") + "; invoking again completes the rest)"
		}
		addActionError(&resp.Diagnostics, doing, err)
	}
	for _, s := range steps {
		id, err := c.AssignAppUser(ctx, appID, s.t.user.ID)
		if err != nil {
			fail("assigning "+s.t.String()+" to "+app.Label, err)
			return
		}
		done = append(done, "assigned "+s.t.String())
		progress(resp, "assigned %s to %s (%s)", s.t, app.Label, reqID(id))
	}
	for _, s := range unsteps {
		id, err := c.UnassignAppUser(ctx, appID, s.t.user.ID)
		if err != nil {
			fail("unassigning "+s.t.String()+" from "+app.Label, err)
			return
		}
		done = append(done, "unassigned "+s.t.String())
		progress(resp, "unassigned %s from %s (%s)", s.t, app.Label, reqID(id))
	}
}
