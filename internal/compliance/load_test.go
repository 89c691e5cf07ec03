package compliance

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// loadOrg: four users, a BUILT_IN and two OKTA groups, an OIDC app with a
// grant and a client role, and a bookmark app with a user.
func loadOrg() *oktasim.Org {
	at := time.Date(2025, time.May, 1, 9, 0, 0, 0, time.UTC)
	org := oktasim.NewOrg()
	for _, u := range []struct{ id, login, status string }{
		{"00uA", "ann@acme.com", "ACTIVE"},
		{"00uB", "ben@acme.com", "ACTIVE"},
		{"00uC", "cat@acme.com", "SUSPENDED"},
		{"00uD", "dan@acme.com", "DEPROVISIONED"},
	} {
		org.Users = append(org.Users, &oktasim.User{ID: u.id, Status: u.status, Created: at, LastUpdated: at,
			Profile: map[string]any{"login": u.login, "email": u.login}})
	}
	org.Factors["00uA"] = []*oktasim.Factor{{ID: "fufA", UserID: "00uA", FactorType: "webauthn", Provider: "FIDO", Status: "ACTIVE", Created: at, LastUpdated: at}}
	org.Groups = []*oktasim.Group{
		{ID: "00gAll", Type: "BUILT_IN", Name: "Everyone", Created: at, LastUpdated: at, LastMembershipUpdated: at, MemberIDs: []string{"00uA", "00uB", "00uC", "00uD"}},
		{ID: "00gEng", Type: "OKTA_GROUP", Name: "Engineering", Created: at, LastUpdated: at, LastMembershipUpdated: at, MemberIDs: []string{"00uA"}},
		{ID: "00gOps", Type: "OKTA_GROUP", Name: "Ops", Created: at, LastUpdated: at, LastMembershipUpdated: at, MemberIDs: []string{"00uB", "00uC"}},
	}
	org.Apps = []*oktasim.App{
		{ID: "0oaBook", Name: "bookmark", Label: "Wiki", Status: "ACTIVE", SignOnMode: "BOOKMARK", Created: at, LastUpdated: at,
			Users: []oktasim.AppUser{{UserID: "00uC", Scope: "USER", Status: "ACTIVE", Created: at, LastUpdated: at}}},
		{ID: "0oaSvc", Name: "oidc_client", Label: "Bot", Status: "ACTIVE", SignOnMode: "OPENID_CONNECT", Created: at, LastUpdated: at,
			OAuth:  &oktasim.OAuthClient{ClientID: "cidBot", ApplicationType: "service", TokenEndpointAuthMethod: "private_key_jwt"},
			Grants: []oktasim.Grant{{ID: "oagW", ClientID: "cidBot", ScopeID: "okta.users.manage", Status: "ACTIVE", Created: at}}},
	}
	org.ClientRoles["cidBot"] = []*oktasim.RoleAssignment{{ID: "raB", Type: "READ_ONLY_ADMIN", Status: "ACTIVE", AssignmentType: "CLIENT", Created: at, LastUpdated: at}}
	return org
}

func loadSetup(t *testing.T) (*oktasim.Server, *directory.Snapshot) {
	t.Helper()
	s, err := oktasim.Start(oktasim.Options{Org: loadOrg(), Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := okta.New(okta.Config{OrgURL: s.URL(), APIToken: s.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	return s, directory.New(c, directory.Options{})
}

// paths returns the paths the simulator served, sorted, with "?search" marking
// searches, and clears the log.
func paths(t *testing.T, s *oktasim.Server) []string {
	t.Helper()
	var out []string
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("a loader wrote to Okta: %s %s", r.Method, r.Path)
		}
		p := r.Path
		if strings.Contains(r.RawQuery, "search=") {
			p += "?search"
		}
		out = append(out, p)
	}
	s.ResetRequests()
	slices.Sort(out)
	return out
}

func wantPaths(t *testing.T, s *oktasim.Server, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := paths(t, s); !slices.Equal(got, want) {
		t.Errorf("requests:\n got %q\nwant %q", got, want)
	}
}

// loadNow is when the loader tests evaluate.
var loadNow = time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)

// TestLoadMFA reads the members of the scope's groups and the factors of the
// users in scope only, and the rule finds what it should from them.
func TestLoadMFA(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := context.Background()
	in := MFAInput{UserScope: UserScope{ExcludeGroupIDs: []string{"00gOps"}, Statuses: []string{"ACTIVE", "SUSPENDED"}}}
	f, err := LoadMFA(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	// ben and cat are in Ops; dan is DEPROVISIONED: only ann's factors are read.
	wantPaths(t, s, "/api/v1/users", "/api/v1/users?search", "/api/v1/groups/00gOps/users", "/api/v1/users/00uA/factors")
	r, err := MFA(f, in)
	if err != nil || r.Status != StatusPass || r.SubjectsEvaluated != 1 {
		t.Fatalf("MFA = %+v, %v", r, err)
	}

	// The same snapshot answers a wider scope with only the factors it lacks.
	in = MFAInput{}
	if f, err = LoadMFA(ctx, snap, loadNow, in); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/users/00uB/factors")
	r, err = MFA(f, in)
	if err != nil || len(r.Violations) != 1 || r.Violations[0].SubjectID != "00uB" {
		t.Fatalf("MFA = %+v, %v", r, err)
	}

	// An input the rule refuses costs no request.
	if _, err := LoadMFA(ctx, snap, loadNow, MFAInput{MinFactors: -1}); err == nil {
		t.Error("min_factors -1 loaded")
	}
	wantPaths(t, s)
}

// TestLoadOffboarding reads only users until someone is due; then every app's
// users and the members of every group but Everyone.
func TestLoadOffboarding(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := context.Background()
	pending := OffboardingInput{Offboarded: []Offboarded{{Login: "cat@acme.com", Date: "2025-06-01"}}}
	f, err := LoadOffboarding(ctx, snap, loadNow, pending)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/users", "/api/v1/users?search")
	if r, err := Offboarding(f, pending); err != nil || r.SubjectsEvaluated != 0 {
		t.Fatalf("Offboarding = %+v, %v", r, err)
	}

	due := OffboardingInput{Offboarded: []Offboarded{{Login: "cat@acme.com", Date: "2025-05-01"}, {Login: "dan@acme.com", Date: "2025-05-01"}}}
	if f, err = LoadOffboarding(ctx, snap, loadNow, due); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/apps", "/api/v1/apps/0oaBook/users", "/api/v1/apps/0oaSvc/users",
		"/api/v1/groups", "/api/v1/groups/00gEng/users", "/api/v1/groups/00gOps/users")
	r, err := Offboarding(f, due)
	if err != nil || len(r.Violations) != 1 || r.Violations[0].SubjectID != "00uC" ||
		r.Violations[0].Reason != "offboarded 2025-05-01: status SUSPENDED, not DEPROVISIONED; still assigned to 1 app: Wiki; still in 1 group: Ops" {
		t.Fatalf("Offboarding = %+v, %v", r.Violations, err)
	}
}

// TestLoadOffboardingDeletions reads the System Log only when an entry names
// no user: one bounded query filtered to completed deletions, once per
// snapshot.
func TestLoadOffboardingDeletions(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := context.Background()
	org := s.Org()
	org.Lock()
	at := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	org.Logs = append(org.Logs, &oktasim.LogEvent{
		UUID: "evt-eve-deleted", Published: at, EventType: "user.lifecycle.delete.completed", Severity: "INFO", OutcomeResult: "SUCCESS",
		Actor:   oktasim.LogParty{ID: "00uA", Type: "User", AlternateID: "ann@acme.com"},
		Targets: []oktasim.LogParty{{ID: "00uE", Type: "User", AlternateID: "eve@acme.com"}},
	})
	org.Unlock()

	found := OffboardingInput{Offboarded: []Offboarded{{Login: "dan@acme.com", Date: "2025-05-01"}}}
	if _, err := LoadOffboarding(ctx, snap, loadNow, found); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths(t, s) {
		if p == "/api/v1/logs" {
			t.Error("the System Log was read although every leaver was found")
		}
	}

	in := OffboardingInput{Offboarded: []Offboarded{{Login: "eve@acme.com", Date: "2025-05-01"}, {Login: "ghost@acme.com", Date: "2025-05-01"}}}
	f, err := LoadOffboarding(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	var queries []string
	for _, r := range s.Requests() {
		if r.Path == "/api/v1/logs" {
			queries = append(queries, r.RawQuery)
		}
	}
	if len(queries) != 1 {
		t.Fatalf("%d System Log requests, want 1: %q", len(queries), queries)
	}
	for _, want := range []string{"since=", "until=", "filter=eventType+eq+%22user.lifecycle.delete.completed%22"} {
		if !strings.Contains(queries[0], want) {
			t.Errorf("System Log query %s lacks %s", queries[0], want)
		}
	}
	s.ResetRequests()
	r, err := Offboarding(f, in)
	if err != nil || len(r.Violations) != 1 || r.Violations[0].Subject != "ghost@acme.com" ||
		!strings.Contains(r.Evidence, `"uuid":"evt-eve-deleted"`) {
		t.Fatalf("Offboarding = %+v, %v: %s", r.Violations, err, r.Evidence)
	}
	if _, err := LoadOffboarding(ctx, snap, loadNow, in); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s)
}

// TestLoadAccessReview reads the one app's assignments and the approved
// groups' members; an unknown app reads no assignments and the rule names it.
func TestLoadAccessReview(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := context.Background()
	in := AccessReviewInput{AppID: "0oaBook", ApprovedGroupIDs: []string{"00gOps"}, ReviewedOn: "2025-05-20"}
	f, err := LoadAccessReview(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/apps", "/api/v1/apps/0oaBook/users", "/api/v1/apps/0oaBook/groups",
		"/api/v1/users", "/api/v1/users?search", "/api/v1/groups", "/api/v1/groups/00gOps/users")
	if r, err := AccessReview(f, in); err != nil || r.Status != StatusPass || r.SubjectsEvaluated != 1 {
		t.Fatalf("AccessReview = %+v, %v", r, err)
	}

	in.AppID = "0oaNope"
	if f, err = LoadAccessReview(ctx, snap, loadNow, in); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s)
	if _, err := AccessReview(f, in); err == nil || !strings.Contains(err.Error(), "no app 0oaNope") {
		t.Errorf("unknown app: %v", err)
	}
}

// TestLoadScope reads grants and client roles of the OAuth apps only, or of
// the apps named.
func TestLoadScope(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := context.Background()
	f, err := LoadScope(ctx, snap, loadNow, ScopeInput{})
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/apps", "/api/v1/apps/0oaSvc/grants", "/oauth2/v1/clients/cidBot/roles")
	r, err := Scope(f, ScopeInput{})
	if err != nil || len(r.Violations) != 1 || r.Violations[0].Reason != "grant okta.users.manage is outside the allowed scopes" {
		t.Fatalf("Scope = %+v, %v", r.Violations, err)
	}

	narrow := ScopeInput{AppIDs: []string{"0oaBook"}}
	if f, err = LoadScope(ctx, snap, loadNow, narrow); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/apps/0oaBook/grants")
	if r, err := Scope(f, narrow); err != nil || r.Status != StatusPass || r.SubjectsEvaluated != 1 {
		t.Fatalf("Scope = %+v, %v", r, err)
	}

	unknown := ScopeInput{AppIDs: []string{"0oaNope"}}
	if f, err = LoadScope(ctx, snap, loadNow, unknown); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s)
	if _, err := Scope(f, unknown); err == nil || !strings.Contains(err.Error(), "no app 0oaNope") {
		t.Errorf("unknown app: %v", err)
	}
}

// TestLoadUniqueEmail reads the users once for any number of checks.
func TestLoadUniqueEmail(t *testing.T) {
	s, snap := loadSetup(t)
	for range 3 {
		f, err := LoadUniqueEmail(context.Background(), snap, loadNow, UniqueEmailInput{})
		if err != nil {
			t.Fatal(err)
		}
		if r, err := UniqueEmail(f, UniqueEmailInput{}); err != nil || r.SubjectsEvaluated != 3 {
			t.Fatalf("UniqueEmail = %+v, %v", r, err)
		}
	}
	wantPaths(t, s, "/api/v1/users", "/api/v1/users?search")
}

// TestLoadErrors: an Okta error reaches the caller with its type intact.
func TestLoadErrors(t *testing.T) {
	s, err := oktasim.Start(oktasim.Options{Org: loadOrg(), Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := okta.New(okta.Config{OrgURL: s.URL(), APIToken: "00wrong-token", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	_, err = LoadUniqueEmail(context.Background(), directory.New(c, directory.Options{}), loadNow, UniqueEmailInput{})
	var oe *okta.Error
	if !errors.As(err, &oe) || oe.HTTPStatus != http.StatusUnauthorized {
		t.Errorf("err = %v", err)
	}
}
