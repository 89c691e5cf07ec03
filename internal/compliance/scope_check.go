package compliance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Defaults of the scope check.
var (
	DefaultAllowedScopes      = []string{"okta.*.read"}
	DefaultAllowedClientRoles = []string{"READ_ONLY_ADMIN"}
)

const (
	grantActive  = "ACTIVE"
	roleInactive = "INACTIVE"
	roleCustom   = "CUSTOM"
)

// ScopeInput is the oktagate_scope_check's arguments.
type ScopeInput struct {
	// AppIDs narrows the check; empty means every OAuth app in Facts.Apps.
	AppIDs []string
	// AllowedScopes are scope patterns; "*" matches any run of characters, dots
	// included ("okta.*.read" allows okta.myAccount.email.read). Matching is
	// case-sensitive, as Okta's scope names are. Empty means
	// DefaultAllowedScopes.
	AllowedScopes []string
	// AllowedClientRoles are role types (case-insensitive; a custom role matches
	// by its id or label too). Empty means DefaultAllowedClientRoles.
	AllowedClientRoles []string
	Exceptions         []Exception
}

// Normalized returns the input with defaults filled in and lists sorted and
// de-duplicated.
func (in ScopeInput) Normalized() (ScopeInput, error) {
	out := in
	out.AppIDs = sortedSet(in.AppIDs)
	scopes := make([]string, 0, len(in.AllowedScopes))
	for _, s := range in.AllowedScopes {
		scopes = append(scopes, strings.TrimSpace(s))
	}
	out.AllowedScopes = sortedSet(scopes)
	if len(out.AllowedScopes) == 0 {
		out.AllowedScopes = slices.Clone(DefaultAllowedScopes)
	}
	out.AllowedClientRoles = upperSet(in.AllowedClientRoles)
	if len(out.AllowedClientRoles) == 0 {
		out.AllowedClientRoles = slices.Clone(DefaultAllowedClientRoles)
	}
	return out, nil
}

// Apps returns the apps the check evaluates, sorted by id: AppIDs, or every
// app with an OAuth client. The provider loads their Grants (by app id) and
// ClientRoles (by client id). An AppIDs entry not in Facts.Apps is an error.
func (in ScopeInput) Apps(f *Facts) ([]okta.App, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	var apps []okta.App
	if len(n.AppIDs) > 0 {
		for _, id := range n.AppIDs {
			a, ok := f.AppByID(id)
			if !ok {
				return nil, fmt.Errorf("app_ids: no app %s in the org", id)
			}
			apps = append(apps, a)
		}
		return apps, nil
	}
	for _, a := range f.Apps {
		if a.OAuth != nil {
			apps = append(apps, a)
		}
	}
	slices.SortFunc(apps, func(a, b okta.App) int { return strings.Compare(a.ID, b.ID) })
	return apps, nil
}

// Scope finds, over each evaluated app (see ScopeInput.Apps), every ACTIVE
// grant whose scope no AllowedScopes pattern matches and every client admin
// role (not INACTIVE) outside AllowedClientRoles; subject: the app's label,
// subject id: the app id.
//
// It reads Apps, the Grants of every evaluated app and the ClientRoles of every
// evaluated app's OAuth client id.
func Scope(f *Facts, in ScopeInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	apps, err := in.Apps(f)
	if err != nil {
		return Result{}, err
	}
	var findings []finding
	rows := make([]any, 0, len(apps))
	for _, app := range apps {
		subject := app.Label
		if subject == "" {
			subject = app.ID
		}
		keys := []string{fold(subject), fold(app.ID)}
		grants, ok := f.Grants[app.ID]
		if !ok {
			return Result{}, missing("grants of app %s", app.ID)
		}
		var scopes []string
		for _, g := range grants {
			if !strings.EqualFold(g.Status, grantActive) {
				continue
			}
			scopes = append(scopes, g.ScopeID)
			if !slices.ContainsFunc(in.AllowedScopes, func(p string) bool { return globMatch(p, g.ScopeID) }) {
				findings = append(findings, finding{
					Violation: Violation{Subject: subject, SubjectID: app.ID,
						Reason: "grant " + g.ScopeID + " is outside the allowed scopes"},
					keys: keys,
				})
			}
		}
		var roles []string
		clientID := ""
		if app.OAuth != nil {
			clientID = app.OAuth.ClientID
		}
		if clientID != "" {
			crs, ok := f.ClientRoles[clientID]
			if !ok {
				return Result{}, missing("roles of client %s", clientID)
			}
			for _, r := range crs {
				if strings.EqualFold(r.Status, roleInactive) {
					continue
				}
				name := roleName(r)
				roles = append(roles, name)
				if !roleAllowed(r, in.AllowedClientRoles) {
					findings = append(findings, finding{
						Violation: Violation{Subject: subject, SubjectID: app.ID,
							Reason: "client role " + name + " is outside the allowed roles"},
						keys: keys,
					})
				}
			}
		}
		rows = append(rows, map[string]any{
			"id": app.ID, "label": app.Label, "client_id": clientID,
			"active_scopes": sortedSet(scopes), "client_roles": sortedSet(roles),
		})
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	appIDs := in.AppIDs
	if len(appIDs) == 0 {
		appIDs = []string{"*"} // every OAuth app; the evaluated ones are in the facts
	}
	ev := evaluation{
		check: CheckScope,
		input: in,
		inputs: map[string]any{
			"app_ids":              appIDs,
			"allowed_scopes":       in.AllowedScopes,
			"allowed_client_roles": in.AllowedClientRoles,
		},
		evaluated: len(apps),
		findings:  findings,
		facts:     map[string]string{"apps_grants_roles": fp},
	}
	ev.noneIsPass("the org has no OAuth app (no app with an OAuth client): nothing to judge, and none is a pass")
	return finish(f, ev, in.Exceptions)
}

// roleName names a role in a reason: its type, and a custom role's label.
func roleName(r okta.Role) string {
	t := strings.ToUpper(r.Type)
	if t == roleCustom && r.Label != "" {
		return t + " (" + r.Label + ")"
	}
	return t
}

func roleAllowed(r okta.Role, allowed []string) bool {
	if slices.Contains(allowed, strings.ToUpper(r.Type)) {
		return true
	}
	if strings.EqualFold(r.Type, roleCustom) {
		return (r.ID != "" && slices.Contains(allowed, strings.ToUpper(r.ID))) ||
			(r.Label != "" && slices.Contains(allowed, strings.ToUpper(r.Label)))
	}
	return false
}

// globMatch reports whether s matches pattern, where "*" matches any run of
// characters (possibly empty) and every other character matches itself.
func globMatch(pattern, s string) bool {
	// Greedy matching with backtracking to the last star: linear in practice
	// and never exponential.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && pattern[p] == s[i]:
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
