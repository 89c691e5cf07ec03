package oktasim

import (
	"cmp"
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var seedTestNow = time.Date(2026, 3, 14, 15, 9, 26, 535_000_000, time.UTC)

func seedLoginOf(u *User) string { s, _ := u.Profile["login"].(string); return s }
func seedEmailOf(u *User) string { s, _ := u.Profile["email"].(string); return s }

func seedUserByLogin(t *testing.T, o *Org, login string) *User {
	t.Helper()
	for _, u := range o.Users {
		if seedLoginOf(u) == login {
			return u
		}
	}
	t.Fatalf("no user %s", login)
	return nil
}

func seedAppByLabel(t *testing.T, o *Org, label string) *App {
	t.Helper()
	for _, a := range o.Apps {
		if a.Label == label {
			return a
		}
	}
	t.Fatalf("no app %q", label)
	return nil
}

func seedGroupByName(t *testing.T, o *Org, name string) *Group {
	t.Helper()
	for _, g := range o.Groups {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("no group %q", name)
	return nil
}

func seedAppUser(a *App, userID string) (AppUser, bool) {
	i, ok := slices.BinarySearchFunc(a.Users, userID, func(au AppUser, id string) int { return cmp.Compare(au.UserID, id) })
	if !ok {
		return AppUser{}, false
	}
	return a.Users[i], true
}

func seedSortedBy[T any](s []T, key func(T) string) bool {
	return slices.IsSortedFunc(s, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
}

// checkOrgInvariants asserts what store.go promises and what every consumer
// relies on: orders, unique Okta-shaped ids, referential integrity, and app
// users that agree with group assignments.
func checkOrgInvariants(t *testing.T, o *Org) {
	t.Helper()
	seen := map[string]bool{}
	checkID := func(kind, id string) {
		if len(id) != 20 {
			t.Errorf("%s id %q is not 20 characters", kind, id)
		}
		if seen[id] {
			t.Errorf("%s id %q is not unique", kind, id)
		}
		seen[id] = true
	}
	users := map[string]*User{}
	logins := map[string]bool{}
	for _, u := range o.Users {
		checkID("user", u.ID)
		users[u.ID] = u
		l := strings.ToLower(seedLoginOf(u))
		if l == "" || logins[l] {
			t.Errorf("user %s: login %q empty or not unique", u.ID, l)
		}
		logins[l] = true
		if u.LastUpdated.Before(u.Created) {
			t.Errorf("user %s updated before created", u.ID)
		}
	}
	if !seedSortedBy(o.Users, func(u *User) string { return u.ID }) {
		t.Error("users not sorted by id")
	}
	for uid, fs := range o.Factors {
		if users[uid] == nil {
			t.Errorf("factors for unknown user %s", uid)
		}
		if !seedSortedBy(fs, func(f *Factor) string { return f.ID }) {
			t.Errorf("factors of %s not sorted", uid)
		}
		for _, f := range fs {
			checkID("factor", f.ID)
			if f.UserID != uid {
				t.Errorf("factor %s filed under %s belongs to %s", f.ID, uid, f.UserID)
			}
		}
	}
	groups := map[string]*Group{}
	for _, g := range o.Groups {
		checkID("group", g.ID)
		groups[g.ID] = g
		if !slices.IsSorted(g.MemberIDs) {
			t.Errorf("group %s members not sorted", g.Name)
		}
		if len(slices.Compact(slices.Clone(g.MemberIDs))) != len(g.MemberIDs) {
			t.Errorf("group %s has duplicate members", g.Name)
		}
		for _, m := range g.MemberIDs {
			if users[m] == nil {
				t.Errorf("group %s has unknown member %s", g.Name, m)
			}
		}
	}
	if !seedSortedBy(o.Groups, func(g *Group) string { return g.ID }) {
		t.Error("groups not sorted by id")
	}
	clients := map[string]bool{}
	for _, a := range o.Apps {
		checkID("app", a.ID)
		if a.OAuth != nil {
			clients[a.OAuth.ClientID] = true
		}
		if !seedSortedBy(a.Users, func(au AppUser) string { return au.UserID }) {
			t.Errorf("app %s users not sorted", a.Label)
		}
		if !seedSortedBy(a.Groups, func(ag AppGroup) string { return ag.GroupID }) {
			t.Errorf("app %s groups not sorted", a.Label)
		}
		if !seedSortedBy(a.Grants, func(g Grant) string { return g.ID }) {
			t.Errorf("app %s grants not sorted", a.Label)
		}
		for _, g := range a.Grants {
			checkID("grant", g.ID)
			if a.OAuth == nil || g.ClientID != a.OAuth.ClientID {
				t.Errorf("grant %s of %s has client %s", g.ID, a.Label, g.ClientID)
			}
		}
		viaGroup := map[string]bool{}
		for _, ag := range a.Groups {
			g := groups[ag.GroupID]
			if g == nil {
				t.Errorf("app %s assigned unknown group %s", a.Label, ag.GroupID)
				continue
			}
			for _, m := range g.MemberIDs {
				viaGroup[m] = true
				if _, ok := seedAppUser(a, m); !ok {
					t.Errorf("app %s: member %s of assigned group %s is not an app user", a.Label, m, g.Name)
				}
			}
		}
		for i, au := range a.Users {
			if i > 0 && a.Users[i-1].UserID == au.UserID {
				t.Errorf("app %s lists user %s twice", a.Label, au.UserID)
			}
			if users[au.UserID] == nil {
				t.Errorf("app %s has unknown user %s", a.Label, au.UserID)
			}
			switch au.Scope {
			case "GROUP":
				if !viaGroup[au.UserID] {
					t.Errorf("app %s: user %s has scope GROUP but no assigned group holds them", a.Label, au.UserID)
				}
			case "USER":
			default:
				t.Errorf("app %s: user %s has scope %q", a.Label, au.UserID, au.Scope)
			}
		}
	}
	if !seedSortedBy(o.Apps, func(a *App) string { return a.ID }) {
		t.Error("apps not sorted by id")
	}
	for uid, rs := range o.UserRoles {
		if users[uid] == nil {
			t.Errorf("roles for unknown user %s", uid)
		}
		for _, r := range rs {
			checkID("role", r.ID)
			if r.AssignmentType != "USER" || r.Label == "" {
				t.Errorf("user role %s: assignment type %s, label %q", r.ID, r.AssignmentType, r.Label)
			}
		}
	}
	for gid, rs := range o.GroupRoles {
		if groups[gid] == nil {
			t.Errorf("roles for unknown group %s", gid)
		}
		for _, r := range rs {
			checkID("role", r.ID)
			if r.AssignmentType != "GROUP" {
				t.Errorf("group role %s: assignment type %s", r.ID, r.AssignmentType)
			}
		}
	}
	for cid, rs := range o.ClientRoles {
		if !clients[cid] {
			t.Errorf("roles for unknown client %s", cid)
		}
		for _, r := range rs {
			checkID("role", r.ID)
		}
	}
	if !seedSortedBy(o.APITokens, func(t *APIToken) string { return t.ID }) {
		t.Error("API tokens not sorted by id")
	}
	for _, tok := range o.APITokens {
		checkID("token", tok.ID)
		if users[tok.UserID] == nil {
			t.Errorf("token %s owned by unknown user %s", tok.Name, tok.UserID)
		}
		if len(tok.Secret) != 42 || !strings.HasPrefix(tok.Secret, "00") {
			t.Errorf("token %s: secret is not 00 and 40 characters", tok.Name)
		}
	}
	if len(o.APITokens) > 0 {
		first := o.APITokens[0]
		if !slices.ContainsFunc(o.UserRoles[first.UserID], func(r *RoleAssignment) bool { return r.Type == "SUPER_ADMIN" }) {
			t.Error("the first API token is not a SUPER_ADMIN's")
		}
	}
	if !slices.IsSortedFunc(o.Policies, func(a, b *Policy) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Priority, b.Priority))
	}) {
		t.Error("policies not sorted by type, then priority")
	}
	for _, p := range o.Policies {
		checkID("policy", p.ID)
		for _, r := range p.Rules {
			checkID("rule", r.ID)
		}
	}
	if !slices.IsSortedFunc(o.Logs, func(a, b *LogEvent) int {
		return cmp.Or(a.Published.Compare(b.Published), cmp.Compare(a.UUID, b.UUID))
	}) {
		t.Error("logs not sorted by published, then uuid")
	}
	uuids := map[string]bool{}
	for _, e := range o.Logs {
		if len(e.UUID) != 36 || uuids[e.UUID] {
			t.Errorf("log uuid %q malformed or repeated", e.UUID)
		}
		uuids[e.UUID] = true
	}
}

func TestDemoOrgDeterministic(t *testing.T) {
	a, b := DemoOrg(1, seedTestNow), DemoOrg(1, seedTestNow)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two DemoOrg(1, now) differ")
	}
	c := DemoOrg(2, seedTestNow)
	if reflect.DeepEqual(a, c) || a.Users[0].ID == c.Users[0].ID || a.APITokens[0].Secret == c.APITokens[0].Secret {
		t.Fatal("DemoOrg(2) looks like DemoOrg(1)")
	}
	// The cast does not depend on the seed.
	for _, login := range []string{DemoSuperAdminLogin, DemoNoFactorLogin, DemoDeprovisionedLeaver} {
		if seedUserByLogin(t, a, login).Status != seedUserByLogin(t, c, login).Status {
			t.Errorf("%s has a seed-dependent status", login)
		}
	}
}

func TestDemoOrgInvariants(t *testing.T) {
	for _, seed := range []int64{1, 2, 42} {
		o := DemoOrg(seed, seedTestNow)
		checkOrgInvariants(t, o)
		if o.CompanyName != "Acme Corp" || o.Subdomain != "acme" || !strings.HasPrefix(o.ID, "00o") {
			t.Errorf("org identity: %q %q %q", o.CompanyName, o.Subdomain, o.ID)
		}
	}
}

func TestDemoOrgCoverage(t *testing.T) {
	o := DemoOrg(1, seedTestNow)
	if n := len(o.Users); n < 45 || n > 65 {
		t.Errorf("%d users, want about 50", n)
	}
	statuses := map[string]int{}
	for _, u := range o.Users {
		statuses[u.Status]++
		for _, attr := range []string{"login", "email", "firstName", "lastName", "department", "title", "costCenter"} {
			if s, _ := u.Profile[attr].(string); s == "" {
				t.Errorf("%s has no %s", seedLoginOf(u), attr)
			}
		}
		switch u.Status {
		case "STAGED", "PROVISIONED":
			if u.LastLogin != nil {
				t.Errorf("%s is %s but has signed in", seedLoginOf(u), u.Status)
			}
		}
		if u.LastLogin != nil && u.LastLogin.After(seedTestNow) {
			t.Errorf("%s last signed in after now", seedLoginOf(u))
		}
	}
	for status, least := range map[string]int{"STAGED": 2, "PROVISIONED": 2, "SUSPENDED": 2, "DEPROVISIONED": 2, "LOCKED_OUT": 2, "RECOVERY": 1, "PASSWORD_EXPIRED": 1} {
		if statuses[status] < least {
			t.Errorf("%d %s users, want at least %d", statuses[status], status, least)
		}
	}
	if statuses["ACTIVE"] < len(o.Users)/2 {
		t.Errorf("only %d ACTIVE users", statuses["ACTIVE"])
	}

	types, fstatuses, providers := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, fs := range o.Factors {
		for _, f := range fs {
			types[f.FactorType], fstatuses[f.Status], providers[f.Provider] = true, true, true
			if f.VendorName == "" || len(f.Profile) == 0 {
				t.Errorf("factor %s has no vendor or profile", f.ID)
			}
		}
	}
	for _, ft := range []string{"sms", "call", "email", "push", "token:software:totp", "token:hardware", "token", "webauthn", "u2f", "signed_nonce", "question"} {
		if !types[ft] {
			t.Errorf("no %s factor", ft)
		}
	}
	for _, s := range []string{"ACTIVE", "PENDING_ACTIVATION", "NOT_SETUP", "INACTIVE", "EXPIRED"} {
		if !fstatuses[s] {
			t.Errorf("no %s factor", s)
		}
	}
	for _, p := range []string{"OKTA", "GOOGLE", "FIDO", "YUBICO", "RSA", "DUO"} {
		if !providers[p] {
			t.Errorf("no factor from %s", p)
		}
	}

	gtypes := map[string]int{}
	for _, g := range o.Groups {
		gtypes[g.Type]++
	}
	if gtypes["BUILT_IN"] != 1 || gtypes["OKTA_GROUP"] < 8 || gtypes["APP_GROUP"] < 2 {
		t.Errorf("group types %v", gtypes)
	}
	if everyone := seedGroupByName(t, o, "Everyone"); everyone.Type != "BUILT_IN" || len(everyone.MemberIDs) != len(o.Users) {
		t.Errorf("Everyone is %s with %d members, want BUILT_IN with all %d users", everyone.Type, len(everyone.MemberIDs), len(o.Users))
	}

	modes := map[string]int{}
	appTypes := map[string]int{}
	inactive := 0
	for _, a := range o.Apps {
		modes[a.SignOnMode]++
		if a.OAuth != nil {
			appTypes[a.OAuth.ApplicationType]++
		}
		if a.Status == "INACTIVE" {
			inactive++
		}
	}
	if modes["SAML_2_0"] < 2 || modes["BOOKMARK"] < 1 || appTypes["web"] != 1 || appTypes["browser"] != 1 || appTypes["service"] != 2 || inactive < 1 {
		t.Errorf("apps: modes %v, OIDC types %v, %d inactive", modes, appTypes, inactive)
	}
	web := seedAppByLabel(t, o, "Acme Portal").OAuth
	if web.ClientSecret == "" || len(web.RedirectURIs) == 0 {
		t.Error("web app has no client secret or redirect URIs")
	}

	policyTypes := map[string]bool{}
	for _, p := range o.Policies {
		policyTypes[p.Type] = true
		if len(p.Rules) == 0 {
			t.Errorf("policy %s/%s has no rules", p.Type, p.Name)
		}
	}
	for _, pt := range []string{"PASSWORD", "OKTA_SIGN_ON", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT"} {
		if !policyTypes[pt] {
			t.Errorf("no %s policy", pt)
		}
	}

	events := map[string]bool{}
	for _, e := range o.Logs {
		events[e.EventType] = true
		if e.Published.After(seedTestNow) || e.Published.Before(seedTestNow.Add(-30*24*time.Hour)) {
			t.Errorf("event %s at %s is outside the last 30 days", e.UUID, e.Published)
		}
		if e.Actor.ID == "" || e.Actor.Type == "" || e.ClientIP == "" || e.DisplayMessage == "" {
			t.Errorf("event %s (%s) lacks actor, client IP or message", e.UUID, e.EventType)
		}
	}
	if n := len(o.Logs); n < 250 || n > 400 {
		t.Errorf("%d log events, want about 300", n)
	}
	for _, et := range []string{"user.session.start", "user.authentication.auth_via_mfa", "user.mfa.factor.activate", "user.mfa.factor.deactivate",
		"user.lifecycle.create", "user.lifecycle.activate", "user.lifecycle.deactivate", "user.lifecycle.suspend",
		"group.user_membership.add", "group.user_membership.remove", "application.user_membership.add", "application.user_membership.remove",
		"user.account.privilege.grant", "app.oauth2.as.consent.grant", "system.api_token.create", "policy.lifecycle.update"} {
		if !events[et] {
			t.Errorf("no %s event", et)
		}
	}
	failures := 0
	for _, e := range o.Logs {
		if e.EventType == "user.session.start" && e.OutcomeResult == "FAILURE" {
			failures++
		}
	}
	if failures == 0 {
		t.Error("no failed sign-in")
	}
}

func seedActiveFactors(o *Org, u *User) []*Factor {
	var out []*Factor
	for _, f := range o.Factors[u.ID] {
		if f.Status == "ACTIVE" {
			out = append(out, f)
		}
	}
	return out
}

func seedNonBuiltInGroups(o *Org, u *User) []string {
	var out []string
	for _, g := range o.Groups {
		if g.Type != "BUILT_IN" && slices.Contains(g.MemberIDs, u.ID) {
			out = append(out, g.Name)
		}
	}
	return out
}

func seedAppsOf(o *Org, u *User) []string {
	var out []string
	for _, a := range o.Apps {
		if _, ok := seedAppUser(a, u.ID); ok {
			out = append(out, a.Label)
		}
	}
	return out
}

func seedRoleTypes(rs []*RoleAssignment) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Type)
	}
	return out
}

func TestDemoOrgMFAViolations(t *testing.T) {
	o := DemoOrg(7, seedTestNow)
	carol := seedUserByLogin(t, o, DemoNoFactorLogin)
	if carol.Status != "ACTIVE" || len(o.Factors[carol.ID]) != 0 {
		t.Errorf("carol: %s with %d factors, want ACTIVE with none", carol.Status, len(o.Factors[carol.ID]))
	}
	dave := seedUserByLogin(t, o, DemoPendingFactorLogin)
	if dave.Status != "ACTIVE" || len(o.Factors[dave.ID]) == 0 || len(seedActiveFactors(o, dave)) != 0 {
		t.Errorf("dave should be ACTIVE with only pending factors")
	}
	for _, f := range o.Factors[dave.ID] {
		if f.Status != "PENDING_ACTIVATION" {
			t.Errorf("dave's %s is %s", f.FactorType, f.Status)
		}
	}
	erin := seedUserByLogin(t, o, DemoQuestionOnlyLogin)
	if fs := seedActiveFactors(o, erin); erin.Status != "ACTIVE" || len(fs) != 1 || fs[0].FactorType != "question" {
		t.Errorf("erin should be ACTIVE with only a question factor")
	}
	// Everyone else who is ACTIVE (but the service account) has a real factor,
	// so the MFA check's failures are exactly the deliberate ones.
	for _, u := range o.Users {
		l := seedLoginOf(u)
		if u.Status != "ACTIVE" || l == DemoNoFactorLogin || l == DemoPendingFactorLogin || l == DemoQuestionOnlyLogin || l == DemoServiceAccountLogin {
			continue
		}
		if !slices.ContainsFunc(seedActiveFactors(o, u), func(f *Factor) bool { return f.FactorType != "question" }) {
			t.Errorf("%s has no active non-question factor", l)
		}
	}
}

func TestDemoOrgLeavers(t *testing.T) {
	o := DemoOrg(3, seedTestNow)
	mallory := seedUserByLogin(t, o, DemoDeprovisionedLeaver)
	if mallory.Status != "DEPROVISIONED" || len(seedNonBuiltInGroups(o, mallory)) == 0 || !slices.Contains(seedAppsOf(o, mallory), DemoSalesforceLabel) {
		t.Errorf("mallory: %s, groups %v, apps %v", mallory.Status, seedNonBuiltInGroups(o, mallory), seedAppsOf(o, mallory))
	}
	oscar := seedUserByLogin(t, o, DemoSuspendedLeaver)
	if oscar.Status != "SUSPENDED" || len(seedNonBuiltInGroups(o, oscar)) == 0 || len(seedAppsOf(o, oscar)) == 0 {
		t.Errorf("oscar: %s, groups %v, apps %v", oscar.Status, seedNonBuiltInGroups(o, oscar), seedAppsOf(o, oscar))
	}
	peggy := seedUserByLogin(t, o, DemoCleanLeaver)
	if peggy.Status != "DEPROVISIONED" || len(seedNonBuiltInGroups(o, peggy)) != 0 || len(seedAppsOf(o, peggy)) != 0 {
		t.Errorf("peggy: %s, groups %v, apps %v", peggy.Status, seedNonBuiltInGroups(o, peggy), seedAppsOf(o, peggy))
	}
	stale := 0
	for _, u := range o.Users {
		if u.Status == "ACTIVE" && u.LastLogin != nil {
			age := seedTestNow.Sub(*u.LastLogin)
			if age >= 100*24*time.Hour && age <= 201*24*time.Hour {
				stale++
			}
		}
	}
	if stale < 2 {
		t.Errorf("%d stale ACTIVE users, want a few", stale)
	}
}

func TestDemoOrgEmailViolations(t *testing.T) {
	o := DemoOrg(1, seedTestNow)
	byEmail := map[string][]string{}
	var outside []string
	for _, u := range o.Users {
		e := seedEmailOf(u)
		byEmail[strings.ToLower(e)] = append(byEmail[strings.ToLower(e)], seedLoginOf(u))
		if !strings.HasSuffix(strings.ToLower(e), "@"+DemoCompanyDomain) {
			outside = append(outside, seedLoginOf(u))
		}
	}
	var dups [][]string
	for _, logins := range byEmail {
		if len(logins) > 1 {
			dups = append(dups, logins)
		}
	}
	if len(dups) != 1 || !slices.Contains(dups[0], DemoDuplicateEmailLogin) {
		t.Errorf("duplicate email groups %v, want one holding %s", dups, DemoDuplicateEmailLogin)
	}
	if emails := []string{seedEmailOf(seedUserByLogin(t, o, dups[0][0])), seedEmailOf(seedUserByLogin(t, o, dups[0][1]))}; emails[0] == emails[1] {
		t.Errorf("duplicate emails %v match exactly; want a case-only difference", emails)
	}
	if !slices.Equal(outside, []string{DemoExternalEmailLogin}) {
		t.Errorf("users with emails outside %s: %v", DemoCompanyDomain, outside)
	}
}

func TestDemoOrgAppAccess(t *testing.T) {
	o := DemoOrg(1, seedTestNow)
	sf := seedAppByLabel(t, o, DemoSalesforceLabel)
	sales := seedGroupByName(t, o, "Sales")
	if len(sf.Groups) != 1 || sf.Groups[0].GroupID != sales.ID {
		t.Fatalf("Salesforce groups %v, want Sales only", sf.Groups)
	}
	frank := seedUserByLogin(t, o, DemoUnapprovedAppUser)
	au, ok := seedAppUser(sf, frank.ID)
	if !ok || au.Scope != "USER" || slices.Contains(sales.MemberIDs, frank.ID) {
		t.Errorf("frank should be a direct Salesforce user outside Sales (assigned %v, scope %s)", ok, au.Scope)
	}
	scoped := map[string]int{}
	for _, a := range o.Apps {
		for _, au := range a.Users {
			scoped[au.Scope]++
		}
	}
	if scoped["GROUP"] < 20 || scoped["USER"] < 3 {
		t.Errorf("app user scopes %v", scoped)
	}
}

func TestDemoOrgAdminsAndScopes(t *testing.T) {
	o := DemoOrg(1, seedTestNow)
	held := map[string]int{}
	for _, rs := range o.UserRoles {
		for _, r := range rs {
			held[r.Type]++
		}
	}
	if held["SUPER_ADMIN"] < 2 || held["SUPER_ADMIN"] > 3 {
		t.Errorf("%d direct SUPER_ADMINs, want 2–3", held["SUPER_ADMIN"])
	}
	for _, rt := range []string{"ORG_ADMIN", "APP_ADMIN", "HELP_DESK_ADMIN", "READ_ONLY_ADMIN"} {
		if held[rt] == 0 {
			t.Errorf("no user holds %s directly", rt)
		}
	}
	admins := seedGroupByName(t, o, DemoAdminGroupName)
	if len(o.GroupRoles[admins.ID]) == 0 || len(admins.MemberIDs) == 0 {
		t.Errorf("%s should hold a role and have members", DemoAdminGroupName)
	}

	svc := seedUserByLogin(t, o, DemoServiceAccountLogin)
	if got := seedRoleTypes(o.UserRoles[svc.ID]); !slices.Equal(got, []string{"READ_ONLY_ADMIN"}) {
		t.Errorf("service account roles %v", got)
	}

	scanner := seedAppByLabel(t, o, DemoReadOnlyAppLabel)
	hr := seedAppByLabel(t, o, DemoOverScopedAppLabel)
	for _, a := range []*App{scanner, hr} {
		if a.OAuth.TokenEndpointAuthMethod != "private_key_jwt" || len(a.OAuth.JWKS) != 1 {
			t.Fatalf("%s: auth %s with %d keys", a.Label, a.OAuth.TokenEndpointAuthMethod, len(a.OAuth.JWKS))
		}
		n, err := base64.RawURLEncoding.DecodeString(a.OAuth.JWKS[0]["n"].(string))
		if err != nil || len(n) != 256 {
			t.Errorf("%s: JWK modulus is not a 2048-bit base64url value", a.Label)
		}
	}
	for _, g := range scanner.Grants {
		if !strings.HasSuffix(g.ScopeID, ".read") || g.Status != "ACTIVE" {
			t.Errorf("scanner grant %s (%s)", g.ScopeID, g.Status)
		}
	}
	if got := seedRoleTypes(o.ClientRoles[scanner.OAuth.ClientID]); !slices.Equal(got, []string{"READ_ONLY_ADMIN"}) {
		t.Errorf("scanner client roles %v", got)
	}
	if !slices.ContainsFunc(hr.Grants, func(g Grant) bool { return g.Status == "ACTIVE" && strings.HasSuffix(g.ScopeID, ".manage") }) {
		t.Error("HR Sync has no active manage grant")
	}
	if got := seedRoleTypes(o.ClientRoles[hr.OAuth.ClientID]); len(got) == 0 || slices.Contains(got, "READ_ONLY_ADMIN") {
		t.Errorf("HR Sync client roles %v, want one beyond READ_ONLY_ADMIN", got)
	}
}

func TestDemoOrgAPITokens(t *testing.T) {
	o := DemoOrg(5, seedTestNow)
	users := map[string]*User{}
	for _, u := range o.Users {
		users[u.ID] = u
	}
	first := o.APITokens[0]
	if first.Network.Connection != "ANYWHERE" || !first.ExpiresAt.After(seedTestNow.Add(7*24*time.Hour)) || users[first.UserID].Status != "ACTIVE" {
		t.Errorf("the admin token is %s, expires %s, owner %s", first.Network.Connection, first.ExpiresAt, users[first.UserID].Status)
	}
	var svcZone, expiring, expired, inactiveOwner int
	svc := seedUserByLogin(t, o, DemoServiceAccountLogin)
	secrets := map[string]bool{}
	for _, tok := range o.APITokens {
		secrets[tok.Secret] = true
		if tok.UserID == svc.ID && tok.Network.Connection == "ZONE" && len(tok.Network.Include) > 0 && tok.ExpiresAt.After(seedTestNow.Add(7*24*time.Hour)) {
			svcZone++
		}
		if tok.ExpiresAt.After(seedTestNow) && tok.ExpiresAt.Before(seedTestNow.Add(3*24*time.Hour)) {
			expiring++
		}
		if tok.ExpiresAt.Before(seedTestNow) {
			expired++
		}
		if users[tok.UserID].Status != "ACTIVE" {
			inactiveOwner++
		}
	}
	if len(o.APITokens) < 4 || len(o.APITokens) > 6 || svcZone != 1 || expiring != 1 || expired != 1 || inactiveOwner != 1 || len(secrets) != len(o.APITokens) {
		t.Errorf("%d tokens: svc zone %d, expiring %d, expired %d, inactive owner %d, distinct secrets %d",
			len(o.APITokens), svcZone, expiring, expired, inactiveOwner, len(secrets))
	}
}

func seedNested(m map[string]any, path ...string) any {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[p]
	}
	return cur
}

func TestDemoOrgPolicies(t *testing.T) {
	o := DemoOrg(1, seedTestNow)
	var weak, strong, lax, strict, twoFA, consoleStrong, dashboardWeak bool
	consoleRules := 0
	for _, p := range o.Policies {
		switch p.Type {
		case "PASSWORD":
			minLength := seedNested(p.Settings, "password", "complexity", "minLength")
			common := seedNested(p.Settings, "password", "complexity", "dictionary", "common", "exclude")
			history := seedNested(p.Settings, "password", "age", "historyCount")
			lockout := seedNested(p.Settings, "password", "lockout", "maxAttempts")
			weak = weak || minLength == 8 && common == false && history == 0 && lockout == 0
			strong = strong || p.System && minLength.(int) >= 12 && common == true
		case "OKTA_SIGN_ON":
			for _, r := range p.Rules {
				signon, _ := r.Actions["signon"].(map[string]any)
				idle := seedNested(signon, "session", "maxSessionIdleMinutes")
				life := seedNested(signon, "session", "maxSessionLifetimeMinutes")
				lax = lax || signon["access"] == "ALLOW" && idle == 720 && life == 0 && signon["requireFactor"] == false
				strict = strict || signon["access"] == "ALLOW" && idle == 15 && life == 18*60 && signon["requireFactor"] == true
			}
		case "ACCESS_POLICY":
			for _, r := range p.Rules {
				allow := seedNested(r.Actions, "appSignOn", "access") == "ALLOW"
				mode := seedNested(r.Actions, "appSignOn", "verificationMethod", "factorMode")
				twoFA = twoFA || mode == "2FA" && allow
				constraints, _ := seedNested(r.Actions, "appSignOn", "verificationMethod", "constraints").([]map[string]any)
				resistant := len(constraints) > 0
				for _, c := range constraints {
					resistant = resistant && seedNested(c, "possession", "phishingResistant") == "REQUIRED"
				}
				switch {
				case p.Name == DemoAdminConsolePolicy && allow:
					consoleStrong = mode == "2FA" && resistant && (consoleRules == 0 || consoleStrong)
					consoleRules++
				case p.Name == DemoDashboardPolicy && r.Name == DemoWeakDashboardRule:
					dashboardWeak = allow && mode == "1FA" && !resistant
				}
			}
		}
		if p.Type != "ACCESS_POLICY" && p.Type != "PROFILE_ENROLLMENT" {
			if include, _ := seedNested(p.Conditions, "people", "groups", "include").([]string); len(include) == 0 {
				t.Errorf("%s policy %q has no people.groups.include", p.Type, p.Name)
			}
		}
	}
	if !weak || !strong || !lax || !strict || !twoFA {
		t.Errorf("weak password %v, strong password %v, lax sign-on %v, strict sign-on %v, 2FA access rule %v", weak, strong, lax, strict, twoFA)
	}
	// The STIG's two authentication policies: one passes, one fails.
	if !consoleStrong || !dashboardWeak {
		t.Errorf("%q every ALLOW rule phishing-resistant 2FA: %v (%d rules); %q catch-all one factor: %v",
			DemoAdminConsolePolicy, consoleStrong, consoleRules, DemoDashboardPolicy, dashboardWeak)
	}
}

func TestPublicJWK(t *testing.T) {
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes([]byte{0xc3, 0x01, 0x02}), E: 65537}
	j := PublicJWK(pub, "k1")
	if j["e"] != "AQAB" || j["n"] != "wwEC" || j["kid"] != "k1" || j["kty"] != "RSA" {
		t.Errorf("PublicJWK = %v", j)
	}
}

func BenchmarkDemoOrg(b *testing.B) {
	for b.Loop() {
		DemoOrg(1, seedTestNow)
	}
}
