package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

var (
	_ action.ActionWithConfigure      = (*userLifecycleAction)(nil)
	_ action.ActionWithValidateConfig = (*userLifecycleAction)(nil)
)

type userLifecycleAction struct{ actionBase }

func newUserLifecycleAction() action.Action {
	return &userLifecycleAction{actionBase{name: "user_lifecycle"}}
}

type userLifecycleModel struct {
	User            types.String `tfsdk:"user"`
	Operation       types.String `tfsdk:"operation"`
	SendEmail       types.Bool   `tfsdk:"send_email"`
	AllowPrivileged types.Bool   `tfsdk:"allow_privileged"`
}

func (a *userLifecycleAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs one Okta lifecycle operation on a user: activate, reactivate, suspend, unsuspend, deactivate, unlock, " +
			"expire the password, or reset the password by email. A user already in the wanted state is left alone, and the action says so. " +
			"No password, activation link or reset link is ever shown." + requiresNote,
		Attributes: map[string]schema.Attribute{
			"user": userAttribute("to act on"),
			"operation": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The operation: `activate` (a STAGED or DEPROVISIONED user), `reactivate` (restart a PROVISIONED or RECOVERY user's activation), " +
					"`suspend` (an ACTIVE user), `unsuspend`, `deactivate` (deprovision: cannot be undone), `unlock` (a LOCKED_OUT user), " +
					"`expire_password` (the user must change it at next sign-in) or `reset_password` (Okta emails the user a reset link; the user is in RECOVERY until it is used).",
				Validators: []validator.String{stringvalidator.OneOf(okta.LifecycleOperations...)},
			},
			"send_email": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether Okta sends its email for the operation: the activation email (`activate`, `reactivate`), " +
					"the reset link (`reset_password`, which needs it: the link is never shown), or the notice to the admin (`deactivate`). " +
					"Default `true`, except `false` for `deactivate`. Other operations send no email.",
			},
			"allow_privileged": allowPrivilegedAttribute(),
		},
	}
}

func (a *userLifecycleAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m userLifecycleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Operation.ValueString() == okta.LifecycleResetPassword && !m.SendEmail.IsNull() && !m.SendEmail.IsUnknown() && !m.SendEmail.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("send_email"), "reset_password needs send_email",
			"Without email, Okta returns the one-time reset link to the caller, and this action never shows a credential: "+
				"the user would be left in RECOVERY with no way to finish. Remove send_email or set it to true.")
	}
}

// lifecycleSendEmail is send_email's default per operation.
func lifecycleSendEmail(op string, b types.Bool) bool {
	return boolOr(b, op != okta.LifecycleDeactivate)
}

// lifecyclePlan decides, from the user's status, whether op has anything to
// do: write reports a change to make, and done says why there is none. An
// error is a status from which Okta does not allow op.
func lifecyclePlan(op, status string) (write bool, done string, err error) {
	in := func(ss ...string) bool { return slices.Contains(ss, status) }
	switch op {
	case okta.LifecycleActivate:
		switch {
		case in("STAGED", "DEPROVISIONED"):
			return true, "", nil
		case in("SUSPENDED"):
			return false, "", fmt.Errorf("the user is SUSPENDED: use the unsuspend operation")
		}
		return false, "already activated (status " + status + ")", nil
	case okta.LifecycleReactivate:
		switch {
		case in("PROVISIONED", "RECOVERY"):
			return true, "", nil
		case in("ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT"):
			return false, "already activated (status " + status + ")", nil
		}
		return false, "", fmt.Errorf("okta reactivates only PROVISIONED or RECOVERY users; the user is %s", status)
	case okta.LifecycleSuspend:
		switch {
		case in("ACTIVE"):
			return true, "", nil
		case in("SUSPENDED"):
			return false, "already SUSPENDED", nil
		}
		return false, "", fmt.Errorf("okta suspends only ACTIVE users; the user is %s", status)
	case okta.LifecycleUnsuspend:
		if in("SUSPENDED") {
			return true, "", nil
		}
		return false, "not suspended (status " + status + "): nothing to unsuspend", nil
	case okta.LifecycleDeactivate:
		if in("DEPROVISIONED") {
			return false, "already DEPROVISIONED", nil
		}
		return true, "", nil
	case okta.LifecycleUnlock:
		if in("LOCKED_OUT") {
			return true, "", nil
		}
		return false, "not locked out (status " + status + "): nothing to unlock", nil
	case okta.LifecycleExpirePassword:
		switch {
		case in("PASSWORD_EXPIRED"):
			return false, "the password is already expired", nil
		case in("ACTIVE", "LOCKED_OUT", "RECOVERY"):
			return true, "", nil
		}
		return false, "", fmt.Errorf("okta expires the password only of a user who can sign in; the user is %s", status)
	case okta.LifecycleResetPassword:
		switch {
		case in("RECOVERY"):
			return false, "already in RECOVERY: a reset link was sent and not used yet (reactivate sends a new one)", nil
		case in("ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "PROVISIONED"):
			return true, "", nil
		}
		return false, "", fmt.Errorf("okta resets the password only of an active user; the user is %s", status)
	}
	return false, "", fmt.Errorf("unknown operation %q", op)
}

func (a *userLifecycleAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m userLifecycleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c := a.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	op := m.Operation.ValueString()
	targets, err := guard(ctx, c, []string{m.User.ValueString()}, boolOr(m.AllowPrivileged, false))
	if err != nil {
		addActionError(&resp.Diagnostics, "checking the user", err)
		return
	}
	t := targets[0]
	write, done, err := lifecyclePlan(op, t.user.Status)
	if err != nil {
		resp.Diagnostics.AddError("Cannot "+op+" "+t.String(), upperFirst(err.Error())+". Nothing was changed.")
		return
	}
	if !write {
		progress(resp, "%s: %s; nothing to change", t, done)
		return
	}
	id, err := c.UserLifecycle(ctx, t.user.ID, op, lifecycleSendEmail(op, m.SendEmail))
	if err != nil {
		addActionError(&resp.Diagnostics, op+" of "+t.String(), err)
		return
	}
	progress(resp, "%s: %s done (was %s; %s)", t, op, t.user.Status, reqID(id))
}
