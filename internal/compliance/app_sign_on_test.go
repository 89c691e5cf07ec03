package compliance

import (
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func signOnApp(id, label, mode string, grants ...string) okta.App {
	a := okta.App{ID: id, Name: "app_" + id, Label: label, Status: "ACTIVE", SignOnMode: mode}
	if mode == "OPENID_CONNECT" {
		a.OAuth = &okta.OAuthClient{ClientID: id, ApplicationType: "web", GrantTypes: grants}
	}
	return a
}

// assignedFacts builds the assignment facts: users by app id, and groups for the
// apps listed in groups.
func assignedFacts(apps []okta.App, users map[string]int, groups map[string]int) *Facts {
	f := &Facts{Now: now, Apps: apps, AppUsers: map[string][]okta.AppUser{}, AppGroups: map[string][]okta.AppGroup{}}
	for id, n := range users {
		f.AppUsers[id] = []okta.AppUser{}
		for i := range n {
			f.AppUsers[id] = append(f.AppUsers[id], okta.AppUser{AppID: id, UserID: "00u" + string(rune('A'+i)), Scope: "USER"})
		}
	}
	for id, n := range groups {
		f.AppGroups[id] = []okta.AppGroup{}
		for i := range n {
			f.AppGroups[id] = append(f.AppGroups[id], okta.AppGroup{AppID: id, GroupID: "00g" + string(rune('A'+i))})
		}
	}
	return f
}

func TestAppSignOn(t *testing.T) {
	saml := signOnApp("0oa1", "Salesforce", "SAML_2_0")
	oidc := signOnApp("0oa2", "Portal", "OPENID_CONNECT", "authorization_code", "refresh_token")
	swa := signOnApp("0oa3", "Payroll", "BROWSER_PLUGIN")
	implicit := signOnApp("0oa4", "Legacy SPA", "OPENID_CONNECT", "implicit", "authorization_code")
	password := signOnApp("0oa5", "Field app", "OPENID_CONNECT", "password", "IMPLICIT")
	bookmark := signOnApp("0oa6", "Wiki", "BOOKMARK")
	service := signOnApp("0oa7", "Scanner", "OPENID_CONNECT", "client_credentials")
	service.OAuth.ApplicationType = "service"
	inactive := signOnApp("0oa8", "Old", "AUTO_LOGIN")
	inactive.Status = "INACTIVE"
	console := signOnApp("0oa9", "Okta Admin Console", "BASIC_AUTH")
	console.Name = "saasure"
	all := func(apps ...okta.App) map[string]int {
		m := map[string]int{}
		for _, a := range apps {
			m[a.ID] = 1
		}
		return m
	}
	allowed := "BOOKMARK, OPENID_CONNECT, SAML_1_1, SAML_2_0, WS_FEDERATION"
	tests := []struct {
		name   string
		f      *Facts
		in     AppSignOnInput
		want   []string
		eval   int
		noteOK string // a note the evidence must hold
	}{
		{name: "federated, bookmarked and service apps pass",
			f: assignedFacts([]okta.App{saml, oidc, bookmark, service}, all(saml, oidc, bookmark), nil), eval: 4},
		{name: "stored passwords",
			f: assignedFacts([]okta.App{saml, swa}, all(saml, swa), nil), eval: 2,
			want: []string{"Payroll (0oa3): signs in with BROWSER_PLUGIN (Secure Web Authentication with the Okta Browser Plugin: a stored password), not an allowed sign-on mode (" + allowed + ")"}},
		{name: "a mode the check allows",
			f:  assignedFacts([]okta.App{swa}, all(swa), nil),
			in: AppSignOnInput{AllowedSignOnModes: []string{"saml_2_0", "browser_plugin"}}, eval: 1},
		{name: "bookmarks can be refused",
			f:  assignedFacts([]okta.App{bookmark}, all(bookmark), nil),
			in: AppSignOnInput{AllowedSignOnModes: []string{"SAML_2_0"}}, eval: 1,
			want: []string{"Wiki (0oa6): signs in with BOOKMARK, not an allowed sign-on mode (SAML_2_0)"}},
		{name: "implicit and password grants",
			f: assignedFacts([]okta.App{oidc, implicit, password}, all(oidc, implicit, password), nil), eval: 3,
			want: []string{
				"Field app (0oa5): its OAuth client allows the forbidden grant types implicit, password",
				"Legacy SPA (0oa4): its OAuth client allows the forbidden grant type implicit",
			}},
		{name: "no grant forbidden",
			f:  assignedFacts([]okta.App{implicit}, all(implicit), nil),
			in: AppSignOnInput{ForbiddenGrantTypes: []string{}}, eval: 1},
		{name: "only password forbidden",
			f:  assignedFacts([]okta.App{implicit, password}, all(implicit, password), nil),
			in: AppSignOnInput{ForbiddenGrantTypes: []string{"Password"}}, eval: 2,
			want: []string{"Field app (0oa5): its OAuth client allows the forbidden grant type password"}},
		{name: "assigned to nobody; a group alone is enough; service apps need nobody",
			f:    assignedFacts([]okta.App{saml, oidc, service}, map[string]int{saml.ID: 0, oidc.ID: 0}, map[string]int{saml.ID: 0, oidc.ID: 1}),
			eval: 3,
			want: []string{"Salesforce (0oa1): assigned to no user and no group"}},
		{name: "unassigned allowed: no assignment is read",
			f:  assignedFacts([]okta.App{saml}, nil, nil),
			in: AppSignOnInput{AllowUnassigned: true}, eval: 1},
		{name: "every shortfall in one violation",
			f:    assignedFacts([]okta.App{swa}, map[string]int{swa.ID: 0}, map[string]int{swa.ID: 0}),
			eval: 1,
			want: []string{"Payroll (0oa3): signs in with BROWSER_PLUGIN (Secure Web Authentication with the Okta Browser Plugin: a stored password), " +
				"not an allowed sign-on mode (" + allowed + "); assigned to no user and no group"}},
		{name: "inactive, excluded and Okta's own apps are not judged",
			f:  assignedFacts([]okta.App{inactive, console, swa, saml}, all(saml), nil),
			in: AppSignOnInput{ExcludeAppIDs: []string{" 0oa3 ", "0oaGone"}}, eval: 1, noteOK: "exclude_app_ids: 0oaGone matches no app"},
		{name: "no app", f: assignedFacts([]okta.App{}, nil, nil), noteOK: "no ACTIVE app"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(AppSignOn(tt.f, tt.in))
			if r.SubjectsEvaluated != tt.eval {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tt.eval)
			}
			assertLines(t, r.Violations, tt.want...)
			if !slices.Contains(r.Controls, "SOC2 CC6.1") || !slices.Contains(r.Controls, "CISv8.1 6.7") {
				t.Errorf("controls %q", r.Controls)
			}
			if said := r.Evidence + strings.Join(r.Notes, "\n"); tt.noteOK != "" && !strings.Contains(said, tt.noteOK) {
				t.Errorf("neither evidence nor notes say %q: %s", tt.noteOK, said)
			}
		})
	}
}

func TestAppSignOnInputAndMissing(t *testing.T) {
	in, err := AppSignOnInput{}.Normalized()
	if err != nil || !slices.Equal(in.AllowedSignOnModes, DefaultAllowedSignOnModes) || !slices.Equal(in.ForbiddenGrantTypes, DefaultForbiddenGrantTypes) {
		t.Errorf("defaults %+v, %v", in, err)
	}
	if _, err := AppSignOn(&Facts{Now: now, Apps: []okta.App{}}, AppSignOnInput{AllowedSignOnModes: []string{"SWA"}}); err == nil ||
		!strings.Contains(err.Error(), `"SWA" is not an Okta sign-on mode`) {
		t.Errorf("an unknown mode: %v", err)
	}
	var mf *MissingFactsError
	if _, err := AppSignOn(&Facts{Now: now}, AppSignOnInput{}); !asMissing(err, &mf) {
		t.Errorf("apps not loaded: %v", err)
	}
	saml := signOnApp("0oa1", "Salesforce", "SAML_2_0")
	if _, err := AppSignOn(&Facts{Now: now, Apps: []okta.App{saml}}, AppSignOnInput{}); !asMissing(err, &mf) || !strings.Contains(err.Error(), "users of app 0oa1") {
		t.Errorf("app users not loaded: %v", err)
	}
	f := assignedFacts([]okta.App{saml}, map[string]int{saml.ID: 0}, nil)
	if _, err := AppSignOn(f, AppSignOnInput{}); !asMissing(err, &mf) || !strings.Contains(err.Error(), "groups of app 0oa1") {
		t.Errorf("app groups not loaded: %v", err)
	}
	r := mustOK(t)(AppSignOn(assignedFacts([]okta.App{saml}, map[string]int{saml.ID: 0}, map[string]int{saml.ID: 0}),
		AppSignOnInput{Exceptions: []Exception{{Subject: "salesforce", Reason: "assigned at go-live next week (CHG-12)", Expires: "2027-01-31"}}}))
	if r.Status != StatusPass || len(r.ExceptionsApplied) != 1 {
		t.Errorf("the exception on the app's label should waive it: %+v", r)
	}
	ids := DefaultAppSignOnInput().AssignmentAppIDs([]okta.App{saml, signOnApp("0oa0", "Bot", "OPENID_CONNECT")})
	if !slices.Equal(ids, []string{"0oa0", "0oa1"}) {
		t.Errorf("assignment app ids %q", ids)
	}
}
