package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ action.ActionWithConfigure = (*userSessionsRevokeAction)(nil)

type userSessionsRevokeAction struct{ actionBase }

func newUserSessionsRevokeAction() action.Action {
	return &userSessionsRevokeAction{actionBase{name: "user_sessions_revoke"}}
}

type userSessionsRevokeModel struct {
	User            types.String `tfsdk:"user"`
	OAuthTokens     types.Bool   `tfsdk:"oauth_tokens"`
	AllowPrivileged types.Bool   `tfsdk:"allow_privileged"`
}

func (a *userSessionsRevokeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Ends every Okta session of a user, so the user must sign in again, and by default revokes the OpenID Connect and OAuth tokens issued to the user. " +
			"Okta's API cannot list a user's sessions, so the action always asks Okta to revoke them; with none open, nothing changes. " +
			"A SUSPENDED or DEPROVISIONED user has no sessions (Okta ended them), and the action says so without a request." + requiresNote,
		Attributes: map[string]schema.Attribute{
			"user": userAttribute("whose sessions to end"),
			"oauth_tokens": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Also revoke the OpenID Connect and OAuth refresh and access tokens issued to the user. Default `true`.",
			},
			"allow_privileged": allowPrivilegedAttribute(),
		},
	}
}

// sessionless are the statuses whose users Okta has already signed out.
var sessionless = map[string]bool{"SUSPENDED": true, "DEPROVISIONED": true}

func (a *userSessionsRevokeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m userSessionsRevokeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c := a.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	targets, err := guard(ctx, c, []string{m.User.ValueString()}, boolOr(m.AllowPrivileged, false))
	if err != nil {
		addActionError(&resp.Diagnostics, "checking the user", err)
		return
	}
	t := targets[0]
	if sessionless[t.user.Status] {
		progress(resp, "%s: %s, so Okta already ended its sessions; nothing to revoke", t, t.user.Status)
		return
	}
	id, err := c.RevokeUserSessions(ctx, t.user.ID, boolOr(m.OAuthTokens, true))
	if err != nil {
		addActionError(&resp.Diagnostics, "revoking the sessions of "+t.String(), err)
		return
	}
	progress(resp, "%s: sessions revoked%s (%s)", t, map[bool]string{true: " with OAuth tokens", false: ""}[boolOr(m.OAuthTokens, true)], reqID(id))
}
