package okta

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestRemediationWrites: each write the actions make returns the
// X-Okta-Request-Id of its response, the lifecycle operations send sendEmail
// only where Okta takes it (and expire_password tempPassword=false), and CurrentUser names the API token's owner.
func TestRemediationWrites(t *testing.T) {
	o := oktasim.NewOrg()
	now := time.Now().UTC()
	for _, id := range []string{"00u1", "00u2"} {
		o.Users = append(o.Users, &oktasim.User{ID: id, Status: "ACTIVE", Created: now, LastUpdated: now, Password: "x",
			Profile: map[string]any{"login": id + "@example.com", "email": id + "@example.com"}})
	}
	o.UserRoles["00u1"] = []*oktasim.RoleAssignment{{ID: "ra1", Type: "SUPER_ADMIN", Status: "ACTIVE", AssignmentType: "USER"}}
	o.APITokens = []*oktasim.APIToken{{ID: "00T1", UserID: "00u1", Secret: "00tok-owner", ExpiresAt: now.Add(time.Hour)}}
	o.Factors["00u2"] = []*oktasim.Factor{{ID: "mfa1", UserID: "00u2", FactorType: "push", Status: "ACTIVE"}}
	o.Groups = []*oktasim.Group{{ID: "00g1", Type: "OKTA_GROUP", Name: "Eng"}}
	o.Apps = []*oktasim.App{{ID: "0oa1", Name: "bookmark", Label: "Wiki", Status: "ACTIVE", SignOnMode: "BOOKMARK"}}
	s, err := oktasim.Start(oktasim.Options{Org: o, Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c := testClient(t, s.URL(), func(cfg *Config) { cfg.APIToken = "00tok-owner" })
	ctx := t.Context()

	me, ok, err := c.CurrentUser(ctx)
	if err != nil || !ok || me.ID != "00u1" {
		t.Fatalf("CurrentUser = %v %v %v, want 00u1", me.ID, ok, err)
	}
	seen := map[string]bool{}
	check := func(what, id string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !strings.HasPrefix(id, "sim") || seen[id] {
			t.Fatalf("%s: request id %q, want a new one", what, id)
		}
		seen[id] = true
	}
	id, err := c.UserLifecycle(ctx, "00u2", LifecycleSuspend, false)
	check("suspend", id, err)
	id, err = c.UserLifecycle(ctx, "00u2", LifecycleUnsuspend, false)
	check("unsuspend", id, err)
	id, err = c.RevokeUserSessions(ctx, "00u2", true)
	check("sessions", id, err)
	id, err = c.ResetFactor(ctx, "00u2", "mfa1")
	check("factor", id, err)
	id, err = c.AddGroupMember(ctx, "00g1", "00u2")
	check("group add", id, err)
	id, err = c.AssignAppUser(ctx, "0oa1", "00u2")
	check("app assign", id, err)
	apps, err := c.ListUserApps(ctx, "00u2")
	if err != nil || len(apps) != 1 || apps[0].ID != "0oa1" {
		t.Fatalf("ListUserApps = %v, %v", apps, err)
	}
	id, err = c.UnassignAppUser(ctx, "0oa1", "00u2")
	check("app unassign", id, err)
	id, err = c.RemoveGroupMember(ctx, "00g1", "00u2")
	check("group remove", id, err)
	id, err = c.UserLifecycle(ctx, "00u2", LifecycleExpirePassword, false)
	check("expire password", id, err)
	id, err = c.UserLifecycle(ctx, "00u2", LifecycleDeactivate, false)
	check("deactivate", id, err)

	var queries []string
	for _, r := range s.Requests() {
		if strings.Contains(r.Path, "/lifecycle/") {
			queries = append(queries, r.Path+"?"+r.RawQuery)
		}
	}
	want := "/api/v1/users/00u2/lifecycle/suspend?,/api/v1/users/00u2/lifecycle/unsuspend?," +
		"/api/v1/users/00u2/lifecycle/expire_password?tempPassword=false,/api/v1/users/00u2/lifecycle/deactivate?sendEmail=false"
	if got := strings.Join(queries, ","); got != want {
		t.Fatalf("lifecycle requests %s, want %s", got, want)
	}

	// A refused transition is an *Error naming Okta's code and request id.
	_, err = c.UserLifecycle(ctx, "00u2", LifecycleSuspend, false)
	var e *Error
	if !errors.As(err, &e) || e.HTTPStatus != 400 || e.ErrorCode != "E0000001" || e.RequestID == "" {
		t.Fatalf("suspend DEPROVISIONED: %v", err)
	}
	if _, err := c.UserLifecycle(ctx, "00u2", "delete", false); err == nil {
		t.Fatal("an unknown operation was sent")
	}
}

// TestCurrentUserWithoutUser: an OAuth client has no user, and a token Okta
// knows no user for (404 on /users/me) has none either.
func TestCurrentUserWithoutUser(t *testing.T) {
	s, err := oktasim.Start(oktasim.Options{Org: oktasim.NewOrg(), Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c := testClient(t, s.URL(), func(cfg *Config) { cfg.APIToken = s.AdminToken() }) // the bootstrap token: no user
	if _, ok, err := c.CurrentUser(t.Context()); ok || err != nil {
		t.Fatalf("CurrentUser = %v, %v; want no user", ok, err)
	}
}

// TestScopeForRemediationWrites: a 403 on each write names the scope Okta's
// spec gives it.
func TestScopeForRemediationWrites(t *testing.T) {
	for _, tc := range []struct{ method, path, want string }{
		{"POST", "/api/v1/users/00u1/lifecycle/suspend", "okta.users.manage"},
		{"DELETE", "/api/v1/users/00u1/sessions", "okta.users.manage"},
		{"DELETE", "/api/v1/users/00u1/factors/mfa1", "okta.users.manage"},
		{"PUT", "/api/v1/groups/00g1/users/00u1", "okta.groups.manage"},
		{"POST", "/api/v1/apps/0oa1/users", "okta.apps.manage"},
		{"DELETE", "/api/v1/apps/0oa1/users/00u1", "okta.apps.manage"},
		{"GET", "/api/v1/users/00u1/roles", "okta.roles.read"},
	} {
		if got := ScopeFor(tc.method, tc.path); got != tc.want {
			t.Errorf("ScopeFor(%s %s) = %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
}
