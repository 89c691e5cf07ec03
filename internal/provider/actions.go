package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Actions are Terraform 1.14's provider-defined actions: one-off operations
// (`terraform apply -invoke=action.TYPE.NAME`, or an action_trigger) that
// remediate what a check found. Older Terraform binaries never ask for them,
// so registering them changes nothing there.
var _ provider.ProviderWithActions = (*oktagateProvider)(nil)

func (p *oktagateProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		newUserLifecycleAction,
		newUserFactorsResetAction,
		newUserSessionsRevokeAction,
		newGroupMembershipChangeAction,
		newAppAssignmentChangeAction,
		newOffboardUserAction,
	}
}

// actionBase gives every action its type name and the client: actions write,
// so, like the provisioning resources and unlike the checks, they hold it and
// never read through the snapshot (a snapshot is one instant; an action must
// see the org as it is when it acts).
type actionBase struct {
	name string // without the provider prefix, e.g. "offboard_user"
	data *provisioningData
}

func (a *actionBase) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + a.name
}

func (a *actionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	if data, ok := configureFrom[*provisioningData](req.ProviderData, &resp.Diagnostics); ok {
		a.data = data
	}
}

// client returns the Okta client, or adds an error when the provider was not
// configured (which Terraform never lets happen before an invocation).
func (a *actionBase) client(diags interface{ AddError(string, string) }) *okta.Client {
	if a.data == nil || a.data.Client == nil {
		diags.AddError("Provider not configured", "The oktagate provider was not configured before the action ran. This is a bug in the provider; please report it.")
		return nil
	}
	return a.data.Client
}

// requiresNote ends every action's description.
const requiresNote = " Needs Terraform 1.14 or later (`terraform apply -invoke=action.TYPE.NAME`, or a `lifecycle { action_trigger { … } }`)."

// userAttribute is the `user` argument: an id, login or email.
func userAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Required: true,
		MarkdownDescription: "The user " + what + ": an Okta user id (`00u…`), a login, or an email address " +
			"(which must belong to exactly one user).",
		Validators: []validator.String{nonBlank()},
	}
}

// userSetAttribute is a set of users (ids, logins or emails).
func userSetAttribute(desc string) schema.SetAttribute {
	return schema.SetAttribute{
		Optional:            true,
		ElementType:         types.StringType,
		MarkdownDescription: desc + " Each an Okta user id (`00u…`), a login, or an email address.",
		Validators:          []validator.Set{setvalidator.ValueStringsAre(nonBlank())},
	}
}

func allowPrivilegedAttribute() schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "Act on holders of the `SUPER_ADMIN` or `ORG_ADMIN` role (assigned directly or through a group). " +
			"Default `false`: the action refuses them before changing anything. The credential's own user is always refused.",
	}
}

var nonBlankPattern = regexp.MustCompile(`\S`)

func nonBlank() validator.String {
	return stringvalidator.RegexMatches(nonBlankPattern, "must not be empty or blank")
}

// boolOr is b's value, or def when b is null or unknown.
func boolOr(b types.Bool, def bool) bool {
	if b.IsNull() || b.IsUnknown() {
		return def
	}
	return b.ValueBool()
}

// progress sends a progress message to Terraform, which prints it as the
// action runs.
func progress(resp *action.InvokeResponse, format string, args ...any) {
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
	}
}

// privilegedRoles are the roles an action refuses to touch without
// allow_privileged: their holders can undo any remediation, and an automation
// that suspends one can lock the org's administrators out.
var privilegedRoles = map[string]bool{"SUPER_ADMIN": true, "ORG_ADMIN": true}

// target is a resolved user an action acts on.
type target struct {
	ref  string // as the configuration named it
	user okta.User
}

func (t target) String() string {
	if login := t.user.Login(); login != "" {
		return fmt.Sprintf("%s (%s)", login, t.user.ID)
	}
	return t.user.ID
}

// resolveUser finds the user ref names: an id or login (GET /users/{idOrLogin}),
// else, for an address, the one user with that primary email.
func resolveUser(ctx context.Context, c *okta.Client, ref string) (okta.User, error) {
	ref = strings.TrimSpace(ref)
	u, err := c.GetUser(ctx, ref)
	if err == nil {
		return u, nil
	}
	if !okta.IsNotFound(err) || !strings.Contains(ref, "@") {
		return okta.User{}, err
	}
	users, serr := c.ListUsers(ctx, okta.UserQuery{Search: `profile.email eq "` + strings.ReplaceAll(ref, `"`, `\"`) + `"`})
	if serr != nil {
		return okta.User{}, serr
	}
	switch len(users) {
	case 0:
		return okta.User{}, fmt.Errorf("no Okta user has the id, login or email %q", ref)
	case 1:
		return users[0], nil
	}
	logins := make([]string, len(users))
	for i, u := range users {
		logins[i] = u.Login()
	}
	sort.Strings(logins)
	return okta.User{}, fmt.Errorf("%d Okta users have the email %q (%s): name the user by id or login", len(users), ref, strings.Join(logins, ", "))
}

// refusal is a guard rail's refusal: nothing was changed.
type refusal struct{ msg string }

func (r *refusal) Error() string { return r.msg }

// guard resolves refs and refuses, before any write, to act on the
// credential's own user, or on a SUPER_ADMIN or ORG_ADMIN holder (directly or
// through a group: Okta's list of a user's roles includes both) unless
// allowPrivileged. It returns the users in the order given, each once.
func guard(ctx context.Context, c *okta.Client, refs []string, allowPrivileged bool) ([]target, error) {
	me, haveMe, err := c.CurrentUser(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the credential's own user (GET /api/v1/users/me): %w", err)
	}
	var out []target
	seen := map[string]bool{}
	for _, ref := range refs {
		u, err := resolveUser(ctx, c, ref)
		if err != nil {
			return nil, fmt.Errorf("resolving user %q: %w", ref, err)
		}
		if seen[u.ID] {
			continue
		}
		seen[u.ID] = true
		t := target{ref: ref, user: u}
		if haveMe && u.ID == me.ID {
			return nil, &refusal{fmt.Sprintf("%s is the user of the API token this provider uses: an action never acts on its own credential's user, "+
				"which could cut the automation's own access. Act on it from another admin's credential.", t)}
		}
		roles, err := c.ListUserRoles(ctx, u.ID)
		if err != nil {
			return nil, fmt.Errorf("reading the admin roles of %s: %w", t, err)
		}
		for _, r := range roles {
			if !privilegedRoles[r.Type] || (r.Status != "" && r.Status != "ACTIVE") || allowPrivileged {
				continue
			}
			how := "directly"
			if r.AssignmentType == "GROUP" {
				how = "through group " + r.AssigneeID
			}
			return nil, &refusal{fmt.Sprintf("%s holds the %s role (%s). Actions refuse SUPER_ADMIN and ORG_ADMIN holders unless allow_privileged = true; "+
				"nothing was changed.", t, r.Type, how)}
		}
		out = append(out, t)
	}
	return out, nil
}

// addActionError reports err: a guard rail's refusal as such, anything else
// through addError (a 403 names the missing scope).
func addActionError(diags interface{ AddError(string, string) }, doing string, err error) {
	var r *refusal
	if errors.As(err, &r) {
		diags.AddError("Refused: privileged or own user", upperFirst(r.msg))
		return
	}
	summary, detail := describeError(err)
	diags.AddError(summary, "While "+doing+": "+detail)
}

// reqID formats a request id for a progress message.
func reqID(id string) string {
	if id == "" {
		return "no request id"
	}
	return "Okta request id " + id
}

// countOf is "1 factor", "2 factors".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// sortedSet is the keys of a set, sorted.
func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// overlap is the strings in both sets, as written (an id in one and the same
// user's login in the other is found when the action resolves them).
func overlap(ctx context.Context, a, b types.Set) []string {
	var d diag.Diagnostics
	in := map[string]bool{}
	for _, s := range readStrings(ctx, a, &d) {
		in[strings.ToLower(strings.TrimSpace(s))] = true
	}
	var both []string
	for _, s := range readStrings(ctx, b, &d) {
		if in[strings.ToLower(strings.TrimSpace(s))] {
			both = append(both, s)
		}
	}
	return both
}
