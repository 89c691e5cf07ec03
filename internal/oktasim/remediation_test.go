package oktasim

import (
	"strings"
	"testing"
)

// TestRemediationEndpoints covers the writes the provider's actions make: the
// password lifecycle operations (status rules as Okta's lifecycle reference
// states them), factor resets, session revocation and the apps filter by user,
// each answering with an X-Okta-Request-Id that the System Log event it causes
// carries as its transaction id, with the token's owner as actor.
func TestRemediationEndpoints(t *testing.T) {
	o := userOrg()
	addUserRole(o, "00u3", "ra1", "SUPER_ADMIN")
	addToken(o, "00T1", "00u3", "00secret-carol")
	o.Factors["00u1"] = []*Factor{
		{ID: "mfa1", UserID: "00u1", FactorType: "push", Provider: "OKTA", Status: "ACTIVE", Created: testNow, LastUpdated: testNow},
		{ID: "mfa2", UserID: "00u1", FactorType: "sms", Provider: "OKTA", Status: "ACTIVE", Created: testNow, LastUpdated: testNow},
	}
	o.Sessions = map[string]int{"00u1": 2}
	o.Apps = []*App{{ID: "0oa1", Name: "bookmark", Label: "Wiki", Status: "ACTIVE", SignOnMode: "BOOKMARK",
		Users: []AppUser{{UserID: "00u1", Scope: "USER", Status: "ACTIVE"}}}, {ID: "0oa2", Name: "bookmark", Label: "CRM", Status: "ACTIVE", SignOnMode: "BOOKMARK"}}
	s := startSim(t, o, Options{})
	as := func(method, path string) resp {
		t.Helper()
		return send(t, method, s.URL()+path, "SSWS 00secret-carol", nil)
	}
	status := func(id string) string {
		r := as("GET", "/api/v1/users/"+id)
		wantStatus(t, r, 200)
		st, _ := r.object(t)["status"].(string)
		return st
	}

	// Suspend only from ACTIVE: 400 E0000001 for a STAGED user.
	r := as("POST", "/api/v1/users/00u5/lifecycle/suspend")
	wantStatus(t, r, 400)
	if r.errorCode(t) != "E0000001" || r.header.Get("X-Okta-Request-Id") == "" {
		t.Fatalf("suspend STAGED: %s %v", r.body, r.header)
	}

	r = as("POST", "/api/v1/users/00u1/lifecycle/expire_password")
	wantStatus(t, r, 200)
	if got := status("00u1"); got != "PASSWORD_EXPIRED" {
		t.Fatalf("after expire_password: %s", got)
	}
	reqID := r.header.Get("X-Okta-Request-Id")
	if len(reqID) != 27 {
		t.Fatalf("request id %q is not 27 characters like Okta's", reqID)
	}
	last := o.Logs[len(o.Logs)-1]
	if last.EventType != EventUserExpirePassword || last.RequestID != reqID || last.Actor.ID != "00u3" || last.Targets[0].ID != "00u1" {
		t.Fatalf("event %+v, want expire_password by 00u3 on 00u1 in request %s", last, reqID)
	}

	// reset_password without sendEmail answers with the one-time link (which
	// the client must discard); with it, nothing secret.
	r = as("POST", "/api/v1/users/00u1/lifecycle/reset_password?sendEmail=true")
	wantStatus(t, r, 200)
	if strings.Contains(string(r.body), "reset") || status("00u1") != "RECOVERY" {
		t.Fatalf("reset_password by email: %s, status %s", r.body, status("00u1"))
	}
	wantStatus(t, as("POST", "/api/v1/users/00u4/lifecycle/reset_password"), 403) // SUSPENDED
	wantStatus(t, as("POST", "/api/v1/users/00u4/lifecycle/expire_password"), 400)

	// Factors: one DELETE per factor; an unknown factor is a 404.
	wantStatus(t, as("DELETE", "/api/v1/users/00u1/factors/mfa2"), 204)
	if fs := o.Factors["00u1"]; len(fs) != 1 || fs[0].ID != "mfa1" {
		t.Fatalf("factors after reset: %v", fs)
	}
	wantStatus(t, as("DELETE", "/api/v1/users/00u1/factors/mfa2"), 404)
	wantStatus(t, as("POST", "/api/v1/users/00u1/lifecycle/reset_factors"), 200)
	if len(o.Factors["00u1"]) != 0 || o.Logs[len(o.Logs)-1].EventType != EventFactorResetAll {
		t.Fatalf("reset_factors left %v", o.Factors["00u1"])
	}

	// Sessions: 204 whether or not any were open, logged each time.
	wantStatus(t, as("DELETE", "/api/v1/users/00u1/sessions?oauthTokens=true"), 204)
	if o.Sessions["00u1"] != 0 || o.Logs[len(o.Logs)-1].EventType != EventSessionClear {
		t.Fatalf("sessions %v", o.Sessions)
	}
	wantStatus(t, as("DELETE", "/api/v1/users/00u1/sessions"), 204)

	// The apps a user is assigned to.
	r = as("GET", `/api/v1/apps?filter=user.id+eq+"00u1"`)
	wantStatus(t, r, 200)
	if apps := r.list(t); len(apps) != 1 || apps[0]["id"] != "0oa1" {
		t.Fatalf("apps of 00u1: %s", r.body)
	}

	// "me" is the token's owner.
	r = as("GET", "/api/v1/users/me")
	wantStatus(t, r, 200)
	if r.object(t)["id"] != "00u3" {
		t.Fatalf("me: %s", r.body)
	}
}

// TestRemediationScopes: an OAuth token without okta.users.manage cannot
// reset a factor or revoke sessions (403, insufficient_scope).
func TestRemediationScopes(t *testing.T) {
	o := userOrg()
	c := newRSAClient(t, "0oarem")
	serviceApp(t, o, "0oarem", c, []string{"okta.users.read"}, "SUPER_ADMIN")
	s := startSim(t, o, Options{})
	_, tok := accessTokenOf(t, tokenRequest(t, s, c.assertion(t, s.URL()+"/oauth2/v1/token", nil), "okta.users.read"))
	for _, p := range []string{"/api/v1/users/00u1/sessions", "/api/v1/users/00u1/factors/mfa1"} {
		r := send(t, "DELETE", s.URL()+p, "Bearer "+tok, nil)
		wantStatus(t, r, 403)
		if !strings.Contains(r.header.Get("Www-Authenticate"), "insufficient_scope") {
			t.Fatalf("%s: %v", p, r.header)
		}
	}
}
