package gather

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
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
	ctx := t.Context()
	in := compliance.MFAInput{UserScope: compliance.UserScope{ExcludeGroupIDs: []string{"00gOps"}, Statuses: []string{"ACTIVE", "SUSPENDED"}}}
	f, err := LoadMFA(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	// ben and cat are in Ops; dan is DEPROVISIONED: only ann's factors are read.
	wantPaths(t, s, "/api/v1/users", "/api/v1/users?search", "/api/v1/groups/00gOps/users", "/api/v1/users/00uA/factors")
	r, err := compliance.MFA(f, in)
	if err != nil || r.Status != compliance.StatusPass || r.SubjectsEvaluated != 1 {
		t.Fatalf("MFA = %+v, %v", r, err)
	}

	// The same snapshot answers a wider scope with only the factors it lacks.
	in = compliance.MFAInput{}
	if f, err = LoadMFA(ctx, snap, loadNow, in); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/users/00uB/factors")
	r, err = compliance.MFA(f, in)
	if err != nil || len(r.Violations) != 1 || r.Violations[0].SubjectID != "00uB" {
		t.Fatalf("MFA = %+v, %v", r, err)
	}

	// An input the rule refuses costs no request.
	if _, err := LoadMFA(ctx, snap, loadNow, compliance.MFAInput{MinFactors: -1}); err == nil {
		t.Error("min_factors -1 loaded")
	}
	wantPaths(t, s)
}

// TestLoadOffboarding reads only users until someone is due; then every app's
// users and the members of every group but Everyone.
func TestLoadOffboarding(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := t.Context()
	pending := compliance.OffboardingInput{Offboarded: []compliance.Offboarded{{Login: "cat@acme.com", Date: "2025-06-01"}}}
	f, err := LoadOffboarding(ctx, snap, loadNow, pending)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/users", "/api/v1/users?search")
	if r, err := compliance.Offboarding(f, pending); err != nil || r.SubjectsEvaluated != 0 {
		t.Fatalf("Offboarding = %+v, %v", r, err)
	}

	due := compliance.OffboardingInput{Offboarded: []compliance.Offboarded{{Login: "cat@acme.com", Date: "2025-05-01"}, {Login: "dan@acme.com", Date: "2025-05-01"}}}
	if f, err = LoadOffboarding(ctx, snap, loadNow, due); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/apps", "/api/v1/apps/0oaBook/users", "/api/v1/apps/0oaSvc/users",
		"/api/v1/groups", "/api/v1/groups/00gEng/users", "/api/v1/groups/00gOps/users")
	r, err := compliance.Offboarding(f, due)
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
	ctx := t.Context()
	org := s.Org()
	org.Lock()
	at := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	org.Logs = append(org.Logs, &oktasim.LogEvent{
		UUID: "evt-eve-deleted", Published: at, EventType: "user.lifecycle.delete.completed", Severity: "INFO", OutcomeResult: "SUCCESS",
		Actor:   oktasim.LogParty{ID: "00uA", Type: "User", AlternateID: "ann@acme.com"},
		Targets: []oktasim.LogParty{{ID: "00uE", Type: "User", AlternateID: "eve@acme.com"}},
	})
	org.Unlock()

	found := compliance.OffboardingInput{Offboarded: []compliance.Offboarded{{Login: "dan@acme.com", Date: "2025-05-01"}}}
	if _, err := LoadOffboarding(ctx, snap, loadNow, found); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths(t, s) {
		if p == "/api/v1/logs" {
			t.Error("the System Log was read although every leaver was found")
		}
	}

	in := compliance.OffboardingInput{Offboarded: []compliance.Offboarded{{Login: "eve@acme.com", Date: "2025-05-01"}, {Login: "ghost@acme.com", Date: "2025-05-01"}}}
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
	r, err := compliance.Offboarding(f, in)
	if err != nil || len(r.Violations) != 1 || r.Violations[0].Subject != "ghost@acme.com" ||
		!strings.Contains(r.Evidence, `"uuid":"evt-eve-deleted"`) {
		t.Fatalf("Offboarding = %+v, %v: %s", r.Violations, err, r.Evidence)
	}
	// The rule reports the window the loader read, in whole days.
	if f.UserDeletionLookback != directory.UserDeletionLookback ||
		!strings.Contains(r.Violations[0].Reason, fmt.Sprintf("last %d days", int(directory.UserDeletionLookback/(24*time.Hour)))) {
		t.Errorf("lookback %v, reason %q", f.UserDeletionLookback, r.Violations[0].Reason)
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
	ctx := t.Context()
	in := compliance.AccessReviewInput{AppID: "0oaBook", ApprovedGroupIDs: []string{"00gOps"}, ReviewedOn: "2025-05-20"}
	f, err := LoadAccessReview(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/apps", "/api/v1/apps/0oaBook/users", "/api/v1/apps/0oaBook/groups",
		"/api/v1/users", "/api/v1/users?search", "/api/v1/groups", "/api/v1/groups/00gOps/users")
	if r, err := compliance.AccessReview(f, in); err != nil || r.Status != compliance.StatusPass || r.SubjectsEvaluated != 1 {
		t.Fatalf("AccessReview = %+v, %v", r, err)
	}

	in.AppID = "0oaNope"
	if f, err = LoadAccessReview(ctx, snap, loadNow, in); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s)
	if _, err := compliance.AccessReview(f, in); err == nil || !strings.Contains(err.Error(), "no app 0oaNope") {
		t.Errorf("unknown app: %v", err)
	}
}

// TestLoadScope reads grants and client roles of the OAuth apps only, or of
// the apps named.
func TestLoadScope(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := t.Context()
	f, err := LoadScope(ctx, snap, loadNow, compliance.ScopeInput{})
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/apps", "/api/v1/apps/0oaSvc/grants", "/oauth2/v1/clients/cidBot/roles")
	r, err := compliance.Scope(f, compliance.ScopeInput{})
	if err != nil || len(r.Violations) != 1 || r.Violations[0].Reason != "grant okta.users.manage is outside the allowed scopes" {
		t.Fatalf("Scope = %+v, %v", r.Violations, err)
	}

	narrow := compliance.ScopeInput{AppIDs: []string{"0oaBook"}}
	if f, err = LoadScope(ctx, snap, loadNow, narrow); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/apps/0oaBook/grants")
	if r, err := compliance.Scope(f, narrow); err != nil || r.Status != compliance.StatusPass || r.SubjectsEvaluated != 1 {
		t.Fatalf("Scope = %+v, %v", r, err)
	}

	unknown := compliance.ScopeInput{AppIDs: []string{"0oaNope"}}
	if f, err = LoadScope(ctx, snap, loadNow, unknown); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s)
	if _, err := compliance.Scope(f, unknown); err == nil || !strings.Contains(err.Error(), "no app 0oaNope") {
		t.Errorf("unknown app: %v", err)
	}
}

// TestLoadUniqueEmail reads the users once for any number of checks.
func TestLoadUniqueEmail(t *testing.T) {
	s, snap := loadSetup(t)
	for range 3 {
		f, err := LoadUniqueEmail(t.Context(), snap, loadNow, compliance.UniqueEmailInput{})
		if err != nil {
			t.Fatal(err)
		}
		if r, err := compliance.UniqueEmail(f, compliance.UniqueEmailInput{}); err != nil || r.SubjectsEvaluated != 3 {
			t.Fatalf("UniqueEmail = %+v, %v", r, err)
		}
	}
	wantPaths(t, s, "/api/v1/users", "/api/v1/users?search")
}

// TestUserDeletionEventAgrees: the rule clears a not-found entry only with
// the event the snapshot asks the System Log for; were they to differ, every
// deleted leaver would fail the check.
func TestUserDeletionEventAgrees(t *testing.T) {
	if compliance.EventUserDeleteCompleted != directory.EventUserDeleteCompleted {
		t.Errorf("the rule judges %q events, the snapshot reads %q", compliance.EventUserDeleteCompleted, directory.EventUserDeleteCompleted)
	}
}

// TestLoadAdminRoles reads the users first, then the role assignments, and
// hands the rule every assignment and admin the snapshot found, field for
// field.
func TestLoadAdminRoles(t *testing.T) {
	org := loadOrg()
	at := time.Date(2025, time.May, 1, 9, 0, 0, 0, time.UTC)
	org.UserRoles["00uA"] = []*oktasim.RoleAssignment{{ID: "raA", Type: compliance.RoleSuperAdmin, Status: "ACTIVE", AssignmentType: "USER", Created: at, LastUpdated: at}}
	org.GroupRoles["00gOps"] = []*oktasim.RoleAssignment{{ID: "raO", Type: "HELP_DESK_ADMIN", Status: "ACTIVE", AssignmentType: "GROUP", Created: at, LastUpdated: at}}
	s, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := okta.New(okta.Config{OrgURL: s.URL(), APIToken: s.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	snap := directory.New(c, directory.Options{})
	ctx := t.Context()
	f, err := LoadAdminRoles(ctx, snap, loadNow, compliance.AdminRolesInput{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := snap.AdminRoles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Assignments) != 3 || len(want.Admins) != 3 {
		t.Fatalf("the org's roles: %+v", want)
	}
	got := f.AdminRoles
	if got == nil || len(got.Assignments) != len(want.Assignments) || len(got.Admins) != len(want.Admins) {
		t.Fatalf("facts %+v, snapshot %+v", got, want)
	}
	for i, a := range want.Assignments {
		if compliance.RoleAssignment(a) != got.Assignments[i] {
			t.Errorf("assignment %d: got %+v, want %+v", i, got.Assignments[i], a)
		}
	}
	for i, a := range want.Admins {
		g := got.Admins[i]
		if g.UserID != a.UserID || g.Login != a.Login || g.Status != a.Status || !slices.Equal(g.RoleTypes, a.RoleTypes) ||
			!slices.Equal(g.DirectTypes, a.DirectTypes) || !slices.Equal(g.ViaGroupIDs, a.ViaGroupIDs) {
			t.Errorf("admin %d: got %+v, want %+v", i, g, a)
		}
	}
	// Ann is approved for SUPER_ADMIN; Ops' HELP_DESK_ADMIN and the bot's
	// READ_ONLY_ADMIN are not.
	r := mustOK(t)(compliance.AdminRoles(f, compliance.AdminRolesInput{Approved: []compliance.ApprovedRoles{{Subject: "ann@acme.com", Roles: []string{compliance.RoleSuperAdmin}}}}))
	if len(r.Violations) != 2 {
		t.Errorf("violations %q", r.Violations)
	}
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
	_, err = LoadUniqueEmail(t.Context(), directory.New(c, directory.Options{}), loadNow, compliance.UniqueEmailInput{})
	var oe *okta.Error
	if !errors.As(err, &oe) || oe.HTTPStatus != http.StatusUnauthorized {
		t.Errorf("err = %v", err)
	}
}

// TestLoadAuthenticationPolicy reads the ACCESS_POLICY policies and the rules
// of the ACTIVE ones selected only.
func TestLoadAuthenticationPolicy(t *testing.T) {
	org := loadOrg()
	at := loadNow.AddDate(0, -1, 0)
	rule := func(id string) oktasim.PolicyRule {
		return oktasim.PolicyRule{ID: id, Name: "Catch-all Rule", Status: "ACTIVE", Priority: 1, System: true, Type: compliance.PolicyAccess,
			Created: at, LastUpdated: at, Actions: map[string]any{"appSignOn": map[string]any{"access": "ALLOW",
				"verificationMethod": map[string]any{"type": "ASSURANCE", "factorMode": "1FA", "reauthenticateIn": "PT12H", "constraints": []any{}}}}}
	}
	for _, p := range []struct{ id, name, status string }{
		{"00pDash", "Okta Dashboard", "ACTIVE"}, {"00pAdm", "Okta Admin Console", "INACTIVE"}, {"00pApp", "Wiki", "ACTIVE"},
	} {
		org.Policies = append(org.Policies, &oktasim.Policy{ID: p.id, Type: compliance.PolicyAccess, Name: p.name, Status: p.status,
			Priority: len(org.Policies) + 1, Created: at, LastUpdated: at, Rules: []oktasim.PolicyRule{rule("0pr" + p.id[3:])}})
	}
	s, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := okta.New(okta.Config{OrgURL: s.URL(), APIToken: s.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	snap := directory.New(c, directory.Options{})
	ctx := t.Context()
	in := compliance.DefaultAuthenticationPolicyInput()
	f, err := LoadAuthenticationPolicy(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/policies", "/api/v1/policies/00pDash/rules")
	r := mustOK(t)(compliance.AuthenticationPolicy(f, in))
	assertLines(t, r.Violations,
		"Okta Admin Console (00pAdm): the policy is INACTIVE, not ACTIVE: its rules are not enforced",
		"Okta Dashboard / Catch-all Rule (0prDash): factorMode 1FA, want 2FA")

	if _, err := LoadAuthenticationPolicy(ctx, snap, loadNow, compliance.AuthenticationPolicyInput{}); err == nil {
		t.Error("an empty selection loaded")
	}
}

// TestLoadAuthenticatorIdentityProviders: the identity providers are read
// (X509 only, once) when smart_card_trusted_issuers is set, never otherwise.
func TestLoadAuthenticatorIdentityProviders(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := t.Context()
	f, err := LoadAuthenticator(ctx, snap, loadNow, compliance.AuthenticatorInput{RequireOktaVerifyFIPS: true})
	if err != nil {
		t.Fatal(err)
	}
	if f.IdentityProviders != nil {
		t.Errorf("identity providers loaded without smart_card_trusted_issuers: %+v", f.IdentityProviders)
	}
	wantPaths(t, s, "/api/v1/authenticators")

	s.Org().IdentityProviders = []*oktasim.IdentityProvider{
		{ID: "0oaC", Name: "DoD CAC", Type: "X509", Status: "ACTIVE", Issuer: dodCA, KID: "k1"},
		{ID: "0oaS", Name: "Partner", Type: "SAML2", Status: "ACTIVE", Issuer: "https://idp.example", KID: "k2"},
	}
	in := compliance.AuthenticatorInput{SmartCardTrustedIssuers: []string{"O=U.S. Government, C=US"}}
	if f, err = LoadAuthenticator(ctx, snap, loadNow, in); err != nil {
		t.Fatal(err)
	}
	if len(f.IdentityProviders) != 1 || f.IdentityProviders[0].TrustIssuer != dodCA || f.Authenticators == nil {
		t.Fatalf("facts %+v", f)
	}
	var typed bool
	for _, r := range s.Requests() {
		typed = typed || (r.Path == "/api/v1/idps" && strings.Contains(r.RawQuery, "type=X509"))
	}
	if !typed {
		t.Errorf("the identity providers were not asked for by type: %+v", s.Requests())
	}
	wantPaths(t, s, "/api/v1/idps") // the authenticators are memoized
	r := mustOK(t)(compliance.Authenticator(f, in))
	if r.Status != compliance.StatusPass || r.SubjectsEvaluated != len(f.Authenticators)+1 {
		t.Errorf("result %+v", r)
	}
	if _, err := LoadAuthenticator(ctx, snap, loadNow, compliance.AuthenticatorInput{SmartCardTrustedIssuers: []string{"nope"}}); err == nil {
		t.Error("a bad entry was loaded")
	}
	wantPaths(t, s) // a bad input costs no request
}

// dodCA is the issuer of a Smart Card identity provider's certificate.
const dodCA = "CN=DOD ID CA-70, OU=PKI, OU=DoD, O=U.S. Government, C=US"

// mustOK fails the test on a rule's error; use as mustOK(t)(Rule(f, in)).
// The invariants of every Result are compliance's tests' to check.
func mustOK(t *testing.T) func(compliance.Result, error) compliance.Result {
	t.Helper()
	return func(r compliance.Result, err error) compliance.Result {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return r
	}
}

// assertLines compares violations, as "subject (id): reason" lines, in order.
func assertLines(t *testing.T, got []compliance.Violation, want ...string) {
	t.Helper()
	g := make([]string, 0, len(got))
	for _, v := range got {
		g = append(g, v.String())
	}
	if len(want) == 0 {
		want = []string{}
	}
	if !slices.Equal(g, want) {
		t.Errorf("violations:\n got %q\nwant %q", g, want)
	}
}

// TestLoadTrustedOrigin reads /api/v1/trustedOrigins once however often it
// is asked, and a refused input costs no request.
func TestLoadTrustedOrigin(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := t.Context()
	s.Org().TrustedOrigins = []*oktasim.TrustedOrigin{
		{ID: "tosA", Name: "App", Origin: "https://app.acme.com", Status: "ACTIVE", Scopes: []oktasim.TrustedOriginScope{{Type: "CORS"}}},
		{ID: "tosB", Name: "Partner", Origin: "https://*.partner.example", Status: "ACTIVE", Scopes: []oktasim.TrustedOriginScope{{Type: "REDIRECT"}}},
	}
	in := compliance.TrustedOriginInput{AllowedDomains: []string{"acme.com"}}
	f, err := LoadTrustedOrigin(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/trustedOrigins")
	if _, err := LoadTrustedOrigin(ctx, snap, loadNow, compliance.TrustedOriginInput{}); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s) // memoized
	r := mustOK(t)(compliance.TrustedOrigin(f, in))
	if len(r.Violations) != 1 || r.Violations[0].SubjectID != "tosB" || r.SubjectsEvaluated != 2 {
		t.Errorf("result %+v", r)
	}
	if _, err := LoadTrustedOrigin(ctx, snap, loadNow, compliance.TrustedOriginInput{AllowedScopes: []string{"POPUP"}}); err == nil {
		t.Error("a bad scope was loaded")
	}
	wantPaths(t, s)
}

// TestLoadAppSignOn reads the apps, the users of every ACTIVE app but the
// service app, and the groups of only those with no user; with
// allow_unassigned, the apps alone.
func TestLoadAppSignOn(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := t.Context()
	at := time.Date(2025, time.May, 1, 9, 0, 0, 0, time.UTC)
	org := s.Org()
	org.Apps = append(org.Apps,
		&oktasim.App{ID: "0oaSwa", Name: "template_swa", Label: "Payroll", Status: "ACTIVE", SignOnMode: "BROWSER_PLUGIN", Created: at, LastUpdated: at},
		&oktasim.App{ID: "0oaGrp", Name: "expenses", Label: "Expenses", Status: "ACTIVE", SignOnMode: "SAML_2_0", Created: at, LastUpdated: at,
			Groups: []oktasim.AppGroup{{GroupID: "00gEng", LastUpdated: at}}},
		&oktasim.App{ID: "0oaOld", Name: "old", Label: "Old", Status: "INACTIVE", SignOnMode: "AUTO_LOGIN", Created: at, LastUpdated: at},
	)
	if _, err := LoadAppSignOn(ctx, snap, loadNow, compliance.AppSignOnInput{AllowUnassigned: true}); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/apps")
	in := compliance.AppSignOnInput{}
	f, err := LoadAppSignOn(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	// 0oaGrp's users are its group's members, as Okta lists them (scope
	// GROUP), and 0oaBook has one: only 0oaSwa's groups are read.
	wantPaths(t, s, "/api/v1/apps/0oaBook/users", "/api/v1/apps/0oaGrp/users", "/api/v1/apps/0oaSwa/users",
		"/api/v1/apps/0oaSwa/groups")
	r := mustOK(t)(compliance.AppSignOn(f, in))
	assertLines(t, r.Violations,
		"Payroll (0oaSwa): signs in with BROWSER_PLUGIN (Secure Web Authentication with the Okta Browser Plugin: a stored password), "+
			"not an allowed sign-on mode (BOOKMARK, OPENID_CONNECT, SAML_1_1, SAML_2_0, WS_FEDERATION); assigned to no user and no group")
	if r.SubjectsEvaluated != 4 {
		t.Errorf("evaluated %d, want 4 (the INACTIVE app is not judged)", r.SubjectsEvaluated)
	}
	if _, err := LoadAppSignOn(ctx, snap, loadNow, in); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s) // memoized
	if _, err := LoadAppSignOn(ctx, snap, loadNow, compliance.AppSignOnInput{AllowedSignOnModes: []string{"SWA"}}); err == nil {
		t.Error("a bad mode was loaded")
	}
	wantPaths(t, s)
}

// TestLoadResidualAccess reads the users, then, only when a suspended or
// deprovisioned user is past the grace period, the app-side and group-side
// lists (one per app and per judged group, never one per user).
func TestLoadResidualAccess(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := t.Context()
	// cat (SUSPENDED) and dan (DEPROVISIONED) changed status an hour ago:
	// within the grace period, nothing but the users is read.
	org := s.Org()
	org.Lock()
	recent := loadNow.Add(-time.Hour)
	for _, u := range org.Users {
		if u.Status != "ACTIVE" {
			u.StatusChanged = &recent
		}
	}
	org.Unlock()
	in := compliance.DefaultResidualAccessInput()
	f, err := LoadResidualAccess(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/users", "/api/v1/users?search")
	if r, err := compliance.ResidualAccess(f, in); err != nil || r.Status != compliance.StatusPass || r.SubjectsEvaluated != 0 {
		t.Fatalf("ResidualAccess = %+v, %v", r, err)
	}

	// A day and a half later both are due: every app's users, and the
	// members of every group but the BUILT_IN one and the excluded one.
	later := loadNow.Add(36 * time.Hour)
	in.ExcludeGroupIDs = []string{"00gEng"}
	if f, err = LoadResidualAccess(ctx, snap, later, in); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/apps", "/api/v1/apps/0oaBook/users", "/api/v1/apps/0oaSvc/users",
		"/api/v1/groups", "/api/v1/groups/00gOps/users")
	r, err := compliance.ResidualAccess(f, in)
	if err != nil || len(r.Violations) != 1 || r.Violations[0].SubjectID != "00uC" ||
		!strings.HasSuffix(r.Violations[0].Reason, "still assigned to 1 app: Wiki; in 1 group: Ops") {
		t.Fatalf("ResidualAccess = %+v, %v", r.Violations, err)
	}

	// Groups only, on a new snapshot: no app is read.
	snap2 := snapshotOf(t, s)
	in.CheckApps = false
	if _, err = LoadResidualAccess(ctx, snap2, later, in); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/users", "/api/v1/users?search", "/api/v1/groups", "/api/v1/groups/00gOps/users")
}

// snapshotOf returns a fresh snapshot of the server's org.
func snapshotOf(t *testing.T, s *oktasim.Server) *directory.Snapshot {
	t.Helper()
	c, err := okta.New(okta.Config{OrgURL: s.URL(), APIToken: s.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	return directory.New(c, directory.Options{})
}

// TestLoadPrivilegedAccounts reads the users, the role assignments and the
// factors of the admins only; with no factor requirement, no factor.
func TestLoadPrivilegedAccounts(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := t.Context()
	org := s.Org()
	org.Lock()
	org.UserRoles["00uA"] = []*oktasim.RoleAssignment{{ID: "raA", Type: "SUPER_ADMIN", Status: "ACTIVE", AssignmentType: "USER"}}
	org.GroupRoles["00gOps"] = []*oktasim.RoleAssignment{{ID: "raO", Type: "USER_ADMIN", Status: "ACTIVE", AssignmentType: "GROUP"}}
	org.Unlock()

	in := compliance.PrivilegedAccountsInput{MaxPrivilegedUsers: 25}
	f, err := LoadPrivilegedAccounts(ctx, snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	var factorPaths []string
	for _, p := range paths(t, s) {
		if strings.HasSuffix(p, "/factors") {
			factorPaths = append(factorPaths, p)
		}
	}
	if len(factorPaths) > 0 || f.Factors != nil {
		t.Errorf("factors read with no factor requirement: %q", factorPaths)
	}

	in = compliance.DefaultPrivilegedAccountsInput()
	if f, err = LoadPrivilegedAccounts(ctx, snap, loadNow, in); err != nil {
		t.Fatal(err)
	}
	// ann holds SUPER_ADMIN directly; ben and cat USER_ADMIN through Ops.
	wantPaths(t, s, "/api/v1/users/00uA/factors", "/api/v1/users/00uB/factors", "/api/v1/users/00uC/factors")
	r, err := compliance.PrivilegedAccounts(f, in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range r.Violations {
		got = append(got, v.SubjectID)
	}
	if r.SubjectsEvaluated != 3 || !slices.Equal(got, []string{"00uA", "00uB", "00uC"}) {
		t.Errorf("PrivilegedAccounts evaluated %d, violations %v", r.SubjectsEvaluated, r.Violations)
	}
}

// TestLoadFactorEnrollment reads the MFA_ENROLL policies once (no rule, no
// other policy type) and the rule judges the active ones; a bad input reads
// nothing.
func TestLoadFactorEnrollment(t *testing.T) {
	org := loadOrg()
	at := loadNow.AddDate(0, -1, 0)
	org.Policies = append(org.Policies,
		&oktasim.Policy{ID: "00pSMS", Type: compliance.PolicyMFAEnroll, Name: "SMS", Status: "ACTIVE", Priority: 1, Created: at, LastUpdated: at,
			Settings: map[string]any{"type": "AUTHENTICATORS", "authenticators": []any{
				map[string]any{"key": "okta_verify", "enroll": map[string]any{"self": "REQUIRED"}},
				map[string]any{"key": "phone_number", "enroll": map[string]any{"self": "OPTIONAL"}}}},
			Rules: []oktasim.PolicyRule{{ID: "0prSMS", Name: "Prompt", Status: "ACTIVE", Priority: 1, Type: compliance.PolicyMFAEnroll,
				Created: at, LastUpdated: at, Actions: map[string]any{"enroll": map[string]any{"self": "CHALLENGE"}}}}},
		&oktasim.Policy{ID: "00pPwd", Type: compliance.PolicyPassword, Name: "Default Policy", Status: "ACTIVE", Priority: 1, Created: at, LastUpdated: at})
	s, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	snap := snapshotOf(t, s)
	in := compliance.DefaultFactorEnrollmentInput()
	f, err := LoadFactorEnrollment(t.Context(), snap, loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	// With require_mfa_enrollment, the rules of the active policy too.
	wantPaths(t, s, "/api/v1/policies", "/api/v1/policies/00pSMS/rules")
	r := mustOK(t)(compliance.FactorEnrollment(f, in))
	assertLines(t, r.Violations, "SMS (00pSMS): weak authenticator phone_number is OPTIONAL, want NOT_ALLOWED")
	if _, err := LoadFactorEnrollment(t.Context(), snapshotOf(t, s), loadNow, compliance.FactorEnrollmentInput{}); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/policies") // without it, the policies alone

	if _, err := LoadFactorEnrollment(t.Context(), snapshotOf(t, s), loadNow,
		compliance.FactorEnrollmentInput{AllowedWeakAuthenticators: []string{"sms"}}); err == nil {
		t.Error("an unknown weak authenticator loaded")
	}
	wantPaths(t, s)
}

// TestLoadDeviceAssurance reads the device assurance policies, the
// ACCESS_POLICY policies and the rules of the selected active one only; with
// no app policy selected, the device assurance policies alone.
func TestLoadDeviceAssurance(t *testing.T) {
	org := loadOrg()
	at := loadNow.AddDate(0, -1, 0)
	org.DeviceAssurances = []*oktasim.DeviceAssurance{{ID: "dae1", Name: "Mac", Platform: "MACOS", Created: at, LastUpdated: at,
		Settings: map[string]any{"diskEncryptionType": map[string]any{"include": []string{"ALL_INTERNAL_VOLUMES"}}, "screenLockType": map[string]any{"include": []string{"PASSCODE"}}}}}
	for _, id := range []string{"00pAdm", "00pApp"} {
		name := map[string]string{"00pAdm": compliance.OktaAdminConsolePolicy, "00pApp": "Wiki"}[id]
		org.Policies = append(org.Policies, &oktasim.Policy{ID: id, Type: compliance.PolicyAccess, Name: name, Status: "ACTIVE",
			Priority: len(org.Policies) + 1, Created: at, LastUpdated: at, Rules: []oktasim.PolicyRule{{ID: "0pr" + id[3:], Name: "Allow",
				Status: "ACTIVE", Priority: 1, Type: compliance.PolicyAccess, Created: at, LastUpdated: at,
				Actions: map[string]any{"appSignOn": map[string]any{"access": "ALLOW"}}}}})
	}
	s, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	in := compliance.DefaultDeviceAssuranceInput()
	f, err := LoadDeviceAssurance(t.Context(), snapshotOf(t, s), loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/device-assurances", "/api/v1/policies", "/api/v1/policies/00pAdm/rules")
	r := mustOK(t)(compliance.DeviceAssurance(f, in))
	assertLines(t, r.Violations,
		"Okta Admin Console / Allow (0prAdm): the rule allows access from any device: it names no device assurance policy (conditions.device.assurance.include)",
		"WINDOWS: no device assurance policy for this platform: its devices are admitted whatever their posture")

	if _, err := LoadDeviceAssurance(t.Context(), snapshotOf(t, s), loadNow, compliance.DeviceAssuranceInput{RequiredPlatforms: []string{"MACOS"}}); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/device-assurances")
}
