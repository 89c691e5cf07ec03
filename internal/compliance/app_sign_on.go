package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// SignOnModes are the app sign-on modes Okta's management API has
// (ApplicationSignOnMode).
var SignOnModes = []string{
	"AUTO_LOGIN", "BASIC_AUTH", "BOOKMARK", "BROWSER_PLUGIN", "OPENID_CONNECT",
	"SAML_1_1", "SAML_2_0", "SECURE_PASSWORD_STORE", "WS_FEDERATION",
}

// passwordSignOnModes are the sign-on modes in which Okta stores the user's
// password for the app and replays it: what each is, for the reason.
var passwordSignOnModes = map[string]string{
	"AUTO_LOGIN":            "Secure Web Authentication: a stored password",
	"BROWSER_PLUGIN":        "Secure Web Authentication with the Okta Browser Plugin: a stored password",
	"BASIC_AUTH":            "HTTP Basic Authentication with the Okta Browser Plugin: a stored password",
	"SECURE_PASSWORD_STORE": "Secure Web Authentication with POST: a stored password",
}

// DefaultAllowedSignOnModes are the federated sign-on modes (SAML, OpenID
// Connect, WS-Federation) and BOOKMARK: a bookmark app only links to a URL
// and carries no credential, so it signs nobody in with a stored password.
var DefaultAllowedSignOnModes = []string{"BOOKMARK", "OPENID_CONNECT", "SAML_1_1", "SAML_2_0", "WS_FEDERATION"}

// DefaultForbiddenGrantTypes are the OAuth grants OAuth 2.0 Security Best
// Current Practice (RFC 9700) says must not be used: the implicit grant
// (tokens in the front channel) and the resource owner password grant (the
// app sees the user's password).
var DefaultForbiddenGrantTypes = []string{"implicit", "password"}

// oktaFirstPartyApps are the names of the apps Okta itself provides in every
// org (the Admin Console, the End-User Dashboard, the Browser Plugin): Okta
// sets their sign-on and assignment, so the check does not judge them.
var oktaFirstPartyApps = []string{"saasure", "okta_enduser", "okta_browser_plugin"}

// DefaultAppSignOnInput is the check's input with every default: the
// provider's schema defaults are these, so the two cannot drift.
func DefaultAppSignOnInput() AppSignOnInput {
	return AppSignOnInput{
		AllowedSignOnModes:  slices.Clone(DefaultAllowedSignOnModes),
		ForbiddenGrantTypes: slices.Clone(DefaultForbiddenGrantTypes),
	}
}

// AppSignOnInput is the oktagate_app_sign_on_check's arguments.
type AppSignOnInput struct {
	// AllowedSignOnModes are the sign-on modes an ACTIVE app may use; empty
	// means DefaultAllowedSignOnModes.
	AllowedSignOnModes []string
	// ForbiddenGrantTypes are the grant types an ACTIVE app's OAuth client
	// must not allow; nil means DefaultForbiddenGrantTypes, an empty non-nil
	// slice none.
	ForbiddenGrantTypes []string
	// AllowUnassigned accepts ACTIVE apps assigned to no user and no group.
	AllowUnassigned bool
	// ExcludeAppIDs are apps not judged at all.
	ExcludeAppIDs []string
	Exceptions    []Exception
}

// Normalized upper-cases and sorts the modes, folds and sorts the grant
// types, fills in the defaults and refuses a sign-on mode Okta does not have.
func (in AppSignOnInput) Normalized() (AppSignOnInput, error) {
	out := in
	out.AllowedSignOnModes = upperSet(in.AllowedSignOnModes)
	for _, m := range out.AllowedSignOnModes {
		if !slices.Contains(SignOnModes, m) {
			return AppSignOnInput{}, fmt.Errorf("allowed_sign_on_modes: %q is not an Okta sign-on mode (%s)", m, strings.Join(SignOnModes, ", "))
		}
	}
	if len(out.AllowedSignOnModes) == 0 {
		out.AllowedSignOnModes = slices.Clone(DefaultAllowedSignOnModes)
	}
	if in.ForbiddenGrantTypes == nil {
		out.ForbiddenGrantTypes = slices.Clone(DefaultForbiddenGrantTypes)
	} else {
		out.ForbiddenGrantTypes = foldedSet(in.ForbiddenGrantTypes)
	}
	out.ExcludeAppIDs = sortedSet(trimmed(in.ExcludeAppIDs))
	return out, nil
}

// judged reports whether the check judges an app at all: ACTIVE, not
// excluded, not one of Okta's own.
func (in AppSignOnInput) judged(a okta.App) bool {
	return strings.EqualFold(a.Status, "ACTIVE") && !slices.Contains(in.ExcludeAppIDs, a.ID) &&
		!slices.Contains(oktaFirstPartyApps, fold(a.Name))
}

// serviceApp reports whether an app is an OAuth service app: it acts as
// itself (client credentials), so nobody is ever assigned to it.
func serviceApp(a okta.App) bool {
	return a.OAuth != nil && strings.EqualFold(a.OAuth.ApplicationType, "service")
}

// AssignmentAppIDs returns the ids of the apps whose assignments the rule
// reads (Facts.AppUsers, and Facts.AppGroups for those with no user), sorted:
// the judged apps other than service apps, unless AllowUnassigned. Call it
// on a normalized input.
func (in AppSignOnInput) AssignmentAppIDs(apps []okta.App) []string {
	if in.AllowUnassigned {
		return nil
	}
	var ids []string
	for _, a := range apps {
		if in.judged(a) && !serviceApp(a) {
			ids = append(ids, a.ID)
		}
	}
	return sortedSet(ids)
}

// AppSignOn judges the org's ACTIVE apps (but those excluded and Okta's own
// Admin Console, Dashboard and Browser Plugin): an app violates when it
// signs in with a mode outside AllowedSignOnModes (by default every mode in
// which Okta stores and replays the user's password: SWA, the browser plugin,
// basic auth), when its OAuth client allows a grant type in
// ForbiddenGrantTypes (by default implicit and password), or, unless
// AllowUnassigned, when it is assigned to no user and no group (OAuth service
// apps excepted: nobody is assigned to them). One violation per app
// (subject: its label; subject_id: its id) lists every shortfall.
//
// It reads Apps, and the AppUsers of AssignmentAppIDs and the AppGroups of
// those with no user.
func AppSignOn(f *Facts, in AppSignOnInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.Apps == nil {
		return Result{}, missing("apps")
	}
	needAssignment := map[string]bool{}
	for _, id := range in.AssignmentAppIDs(f.Apps) {
		needAssignment[id] = true
	}
	var findings []finding
	var notes []string
	rows := make([]any, 0, len(f.Apps))
	evaluated := 0
	for _, a := range f.Apps {
		if !in.judged(a) {
			continue
		}
		evaluated++
		var reasons []string
		mode := strings.ToUpper(a.SignOnMode)
		if !slices.Contains(in.AllowedSignOnModes, mode) {
			what := orNotSet(mode)
			if d, ok := passwordSignOnModes[mode]; ok {
				what += " (" + d + ")"
			}
			reasons = append(reasons, "signs in with "+what+", not an allowed sign-on mode ("+strings.Join(in.AllowedSignOnModes, ", ")+")")
		}
		var grants []string
		if a.OAuth != nil {
			grants = foldedSet(a.OAuth.GrantTypes)
			var bad []string
			for _, g := range grants {
				if slices.Contains(in.ForbiddenGrantTypes, g) {
					bad = append(bad, g)
				}
			}
			if len(bad) > 0 {
				what := "the forbidden grant type "
				if len(bad) > 1 {
					what = "the forbidden grant types "
				}
				reasons = append(reasons, "its OAuth client allows "+what+strings.Join(bad, ", "))
			}
		}
		row := map[string]any{"id": a.ID, "label": a.Label, "name": a.Name, "sign_on_mode": a.SignOnMode, "grant_types": nonNil(grants)}
		if needAssignment[a.ID] {
			assigned, err := appAssigned(f, a.ID)
			if err != nil {
				return Result{}, err
			}
			row["assigned"] = assigned
			if !assigned {
				reasons = append(reasons, "assigned to no user and no group")
			}
		}
		rows = append(rows, row)
		if len(reasons) > 0 {
			findings = append(findings, policyFinding(cmp.Or(a.Label, a.ID), a.ID, strings.Join(reasons, "; ")))
		}
	}
	known := map[string]bool{}
	for _, a := range f.Apps {
		known[a.ID] = true
	}
	for _, id := range in.ExcludeAppIDs {
		if !known[id] {
			notes = append(notes, "exclude_app_ids: "+id+" matches no app")
		}
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	ev := evaluation{
		check: CheckAppSignOn,
		input: in,
		inputs: map[string]any{
			"allowed_sign_on_modes": in.AllowedSignOnModes, "forbidden_grant_types": nonNil(in.ForbiddenGrantTypes),
			"allow_unassigned": in.AllowUnassigned, "exclude_app_ids": nonNil(in.ExcludeAppIDs),
		},
		evaluated: evaluated,
		findings:  findings,
		facts:     map[string]string{"apps": fp},
		notes:     notes,
	}
	ev.noneIsPass("the org has no ACTIVE app to judge, and none is a pass")
	return finish(f, ev, in.Exceptions)
}

// appAssigned reports whether an app has a user or a group assignment, from
// its AppUsers, and its AppGroups when it has no user.
func appAssigned(f *Facts, appID string) (bool, error) {
	users, ok := f.AppUsers[appID]
	if !ok {
		return false, missing("users of app %s", appID)
	}
	if len(users) > 0 {
		return true, nil
	}
	groups, ok := f.AppGroups[appID]
	if !ok {
		return false, missing("groups of app %s", appID)
	}
	return len(groups) > 0, nil
}
