package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

var _ action.ActionWithConfigure = (*offboardUserAction)(nil)

type offboardUserAction struct{ actionBase }

func newOffboardUserAction() action.Action {
	return &offboardUserAction{actionBase{name: "offboard_user"}}
}

type offboardUserModel struct {
	User            types.String `tfsdk:"user"`
	RevokeSessions  types.Bool   `tfsdk:"revoke_sessions"`
	RemoveGroups    types.Bool   `tfsdk:"remove_groups"`
	UnassignApps    types.Bool   `tfsdk:"unassign_apps"`
	FinalStatus     types.String `tfsdk:"final_status"`
	AllowPrivileged types.Bool   `tfsdk:"allow_privileged"`
}

// The final statuses offboarding leaves a user in. Deprovisioning, in Okta,
// is deactivation.
const (
	finalDeprovisioned = "DEPROVISIONED"
	finalSuspended     = "SUSPENDED"
)

func (a *offboardUserAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Offboards a user in one action, in a fixed order: revoke the user's sessions and OAuth tokens, " +
			"remove the user from every group whose members can be changed (`OKTA_GROUP`; Okta keeps `BUILT_IN` and app groups), " +
			"unassign every app assigned directly, then deprovision (deactivate) or suspend the user. Each step is optional. " +
			"Steps already done are skipped, so a failure halfway says which steps were done, and invoking the action again completes the rest." + requiresNote,
		Attributes: map[string]schema.Attribute{
			"user": userAttribute("to offboard"),
			"revoke_sessions": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "End the user's sessions and revoke its OAuth tokens first. Default `true`.",
			},
			"remove_groups": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Remove the user from every `OKTA_GROUP` it belongs to (which also ends the app assignments those groups gave it). Default `true`.",
			},
			"unassign_apps": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Remove the user's direct app assignments. Assignments through a group that is kept are reported, not changed. Default `true`.",
			},
			"final_status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The status to leave the user in: `DEPROVISIONED` (deactivate: cannot be undone; the default) or `SUSPENDED` " +
					"(the user cannot sign in; Okta suspends only ACTIVE users). An already DEPROVISIONED user is left so.",
				Validators: []validator.String{stringvalidator.OneOf(finalDeprovisioned, finalSuspended)},
			},
			"allow_privileged": allowPrivilegedAttribute(),
		},
	}
}

// offboardStatusPlan decides the status step from the user's status: write
// names the lifecycle operation to run ("" for none), done says why none is
// needed, and err is a status the wanted one cannot be reached from (checked
// before any step runs, so nothing changes).
func offboardStatusPlan(final, status string) (op, done string, err error) {
	switch {
	case status == finalDeprovisioned:
		return "", "already DEPROVISIONED", nil
	case final == finalDeprovisioned:
		return okta.LifecycleDeactivate, "", nil
	case status == finalSuspended:
		return "", "already SUSPENDED", nil
	case status == "ACTIVE":
		return okta.LifecycleSuspend, "", nil
	}
	return "", "", fmt.Errorf("okta suspends only ACTIVE users, and the user is %s: use final_status = \"DEPROVISIONED\", or bring the user to ACTIVE first", status)
}

func (a *offboardUserAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m offboardUserModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c := a.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	final := m.FinalStatus.ValueString()
	if final == "" {
		final = finalDeprovisioned
	}
	targets, err := guard(ctx, c, []string{m.User.ValueString()}, boolOr(m.AllowPrivileged, false))
	if err != nil {
		addActionError(&resp.Diagnostics, "checking the user", err)
		return
	}
	t := targets[0]
	statusOp, statusDone, err := offboardStatusPlan(final, t.user.Status)
	if err != nil {
		resp.Diagnostics.AddError("Cannot offboard "+t.String()+" to "+final, upperFirst(err.Error())+". Nothing was changed.")
		return
	}

	var done []string
	stop := func(step, doing string, err error) {
		summary, detail := describeError(err)
		was := "no step had changed anything yet"
		if len(done) > 0 {
			was = "done before it: " + strings.Join(done, "; ")
		}
		resp.Diagnostics.AddError("Offboarding stopped at the "+step+" step: "+summary,
			fmt.Sprintf("Offboarding %s stopped while %s (%s). Invoke the action again to complete the rest: it skips what is done.\n\n%s",
				t, doing, was, detail))
	}

	// 1. Sessions.
	switch {
	case !boolOr(m.RevokeSessions, true):
		progress(resp, "%s: sessions: skipped (revoke_sessions = false)", t)
	case sessionless[t.user.Status]:
		progress(resp, "%s: sessions: %s, so Okta already ended them", t, t.user.Status)
	default:
		id, err := c.RevokeUserSessions(ctx, t.user.ID, true)
		if err != nil {
			stop("sessions", "revoking the sessions", err)
			return
		}
		done = append(done, "sessions revoked ("+reqID(id)+")")
		progress(resp, "%s: sessions: revoked with OAuth tokens (%s)", t, reqID(id))
	}

	// 2. Groups.
	if !boolOr(m.RemoveGroups, true) {
		progress(resp, "%s: groups: skipped (remove_groups = false)", t)
	} else if doing, err := leaveGroups(ctx, c, t, resp, &done); err != nil {
		stop("groups", doing, err)
		return
	}

	// 3. Apps.
	if !boolOr(m.UnassignApps, true) {
		progress(resp, "%s: apps: skipped (unassign_apps = false)", t)
	} else if doing, err := leaveApps(ctx, c, t, resp, &done); err != nil {
		stop("apps", doing, err)
		return
	}

	// 4. Status.
	if statusOp == "" {
		progress(resp, "%s: status: %s", t, statusDone)
		return
	}
	id, err := c.UserLifecycle(ctx, t.user.ID, statusOp, false)
	if err != nil {
		stop("status", statusOp+" of the user", err)
		return
	}
	progress(resp, "%s: status: %s → %s (%s)", t, t.user.Status, final, reqID(id))
}

// leaveGroups removes t from every OKTA_GROUP it is in, appending each change
// to done; on failure it returns what it was doing.
func leaveGroups(ctx context.Context, c *okta.Client, t target, resp *action.InvokeResponse, done *[]string) (string, error) {
	groups, err := c.ListUserGroups(ctx, t.user.ID)
	if err != nil {
		return "listing the user's groups", err
	}
	removed := 0
	for _, g := range groups {
		if g.Type != "OKTA_GROUP" {
			progress(resp, "%s: groups: kept %s (%s: Okta manages its members)", t, g.Name, g.Type)
			continue
		}
		id, err := c.RemoveGroupMember(ctx, g.ID, t.user.ID)
		if err != nil {
			return "removing the user from group " + g.Name + " (" + g.ID + ")", err
		}
		removed++
		*done = append(*done, "removed from group "+g.Name+" ("+reqID(id)+")")
		progress(resp, "%s: groups: removed from %s (%s)", t, g.Name, reqID(id))
	}
	if removed == 0 {
		progress(resp, "%s: groups: no group to leave", t)
	}
	return "", nil
}

// leaveApps removes t's direct app assignments, appending each change to
// done; an assignment through a group that stays is reported, not changed.
func leaveApps(ctx context.Context, c *okta.Client, t target, resp *action.InvokeResponse, done *[]string) (string, error) {
	apps, err := c.ListUserApps(ctx, t.user.ID)
	if err != nil {
		return "listing the user's apps", err
	}
	removed := 0
	for _, app := range apps {
		au, has, err := appAssignment(ctx, c, app.ID, t.user.ID)
		switch {
		case err != nil:
			return "reading the assignment to " + app.Label, err
		case !has:
			continue
		case au.Scope == "GROUP":
			progress(resp, "%s: apps: kept %s (assigned through a group that stays)", t, app.Label)
			continue
		}
		id, err := c.UnassignAppUser(ctx, app.ID, t.user.ID)
		if err != nil {
			return "unassigning " + app.Label + " (" + app.ID + ")", err
		}
		removed++
		*done = append(*done, "unassigned from "+app.Label+" ("+reqID(id)+")")
		progress(resp, "%s: apps: unassigned from %s (%s)", t, app.Label, reqID(id))
	}
	if removed == 0 {
		progress(resp, "%s: apps: no direct assignment to remove", t)
	}
	return "", nil
}
