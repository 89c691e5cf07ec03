package okta

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestProfileFlattening(t *testing.T) {
	var p wireProfile
	raw := `{"login":"a@acme.com","age":42,"ratio":1.50,"vip":true,"nick":null,"langs":["en","fr",null,3],"empty":[],"addr":{"city": "Paris"}}`
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		t.Fatal(err)
	}
	got := p.flatten()
	want := map[string]string{"login": "a@acme.com", "age": "42", "ratio": "1.50", "vip": "true", "langs": `["en","fr",null,3]`, "empty": "[]", "addr": `{"city":"Paris"}`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("flatten = %v, want %v", got, want)
	}
}

func TestTimestamps(t *testing.T) {
	var w struct {
		A, B, C wireTime
	}
	if err := json.Unmarshal([]byte(`{"A":"2024-05-06T07:08:09.123+02:00","B":null}`), &w); err != nil {
		t.Fatal(err)
	}
	if got := w.A.utc(); !got.Equal(time.Date(2024, 5, 6, 5, 8, 9, 123e6, time.UTC)) || got.Location() != time.UTC {
		t.Errorf("A = %v", got)
	}
	if !w.B.utc().IsZero() || !w.C.utc().IsZero() {
		t.Error("null or missing timestamps are not zero")
	}
	if err := json.Unmarshal([]byte(`{"A":"yesterday"}`), &w); err == nil {
		t.Error("bad timestamp accepted")
	}
}

// fixtureServer serves fixed JSON per "METHOD path" and records requests.
func fixtureServer(t *testing.T, routes map[string]string) (*recorder, string) {
	t.Helper()
	rec := &recorder{}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		body, ok := routes[r.Method+" "+r.URL.Path]
		if !ok {
			writeOktaError(w, 404, "E0000007", "Not found: "+r.URL.Path)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	})
	return rec, srv.URL
}

func TestReadModels(t *testing.T) {
	_, url := fixtureServer(t, map[string]string{
		"GET /api/v1/users/00u1": `{"id":"00u1","status":"ACTIVE","created":"2020-01-01T00:00:00.000Z","activated":null,"statusChanged":"2020-01-02T00:00:00.000Z","lastLogin":"2024-03-04T05:06:07.000Z","lastUpdated":"2024-03-04T05:06:07.000Z","passwordChanged":null,"type":{"id":"oty1"},"profile":{"login":"a@acme.com","email":"a@acme.com","department":"Eng","employeeNumber":7},"credentials":{"provider":{"type":"OKTA"}}}`,
		"GET /api/v1/users/00u1/factors": `[{"id":"uft1","factorType":"token:software:totp","provider":"GOOGLE","vendorName":"GOOGLE","status":"ACTIVE","created":"2021-01-01T00:00:00.000Z","lastUpdated":"2021-01-01T00:00:00.000Z","profile":{"credentialId":"a@acme.com"}},
			{"id":"wfa1","factorType":"webauthn","provider":"FIDO","vendorName":"FIDO","status":"PENDING_ACTIVATION","profile":{"authenticatorName":"YubiKey","credentialId":"x"}}]`,
		"GET /api/v1/users/00u1/groups": `[{"id":"00g1","type":"BUILT_IN","profile":{"name":"Everyone","description":"All users"},"lastMembershipUpdated":"2024-01-01T00:00:00.000Z"}]`,
		"GET /api/v1/users/00u1/roles":  `[{"id":"ra1","type":"READ_ONLY_ADMIN","label":"Read-only Administrator","status":"ACTIVE","assignmentType":"GROUP","created":"2022-01-01T00:00:00.000Z","lastUpdated":"2022-01-01T00:00:00.000Z"}]`,
		"GET /api/v1/groups/00g1/users": `[{"id":"00u1"},{"id":"00u2","profile":{"login":"b"}}]`,
		"GET /api/v1/groups/00g1/roles": `[{"id":"ra2","type":"SUPER_ADMIN","status":"ACTIVE","assignmentType":"GROUP"}]`,
		"GET /api/v1/apps/0oa1": `{"id":"0oa1","name":"oidc_client","label":"CI Scanner","status":"ACTIVE","signOnMode":"OPENID_CONNECT","created":"2023-01-01T00:00:00.000Z","lastUpdated":"2023-02-01T00:00:00.000Z",
			"credentials":{"oauthClient":{"autoKeyRotation":true,"client_id":"0oa1cid","token_endpoint_auth_method":"private_key_jwt","pkce_required":false}},
			"settings":{"app":{},"oauthClient":{"redirect_uris":["https://a/cb"],"post_logout_redirect_uris":["https://a/out"],"response_types":["token"],"grant_types":["client_credentials"],"application_type":"service",
			"jwks":{"keys":[{"kid":"k1","kty":"RSA","alg":"RS256","use":"sig","e":"AQAB","n":"xyz"}]}}}}`,
		"GET /api/v1/apps":                     `[{"id":"0oa2","name":"bookmark","label":"Wiki","status":"INACTIVE","signOnMode":"BOOKMARK","settings":{"app":{"url":"https://w"}},"credentials":{"scheme":"EDIT_USERNAME_AND_PASSWORD"}}]`,
		"GET /api/v1/apps/0oa1/users":          `[{"id":"00u1","scope":"GROUP","status":"PROVISIONED","syncState":"SYNCHRONIZED","credentials":{"userName":"a"}}]`,
		"GET /api/v1/apps/0oa1/groups":         `[{"id":"00g1","priority":3,"lastUpdated":"2023-01-01T00:00:00.000Z"}]`,
		"GET /api/v1/apps/0oa1/grants":         `[{"id":"oag1","clientId":"0oa1cid","scopeId":"okta.users.read","issuer":"https://acme.okta.com","status":"ACTIVE","source":"ADMIN","created":"2023-05-01T00:00:00.000Z"}]`,
		"GET /oauth2/v1/clients/0oa1cid/roles": `[{"id":"irb1","type":"READ_ONLY_ADMIN","status":"ACTIVE","assignmentType":"CLIENT"}]`,
		"GET /api/v1/api-tokens": `[{"id":"00T1","name":"ci","userId":"00u1","clientName":"Okta API","tokenWindow":"P30D","created":"2024-01-01T00:00:00.000Z","expiresAt":"2024-02-01T00:00:00.000Z","lastUpdated":"2024-01-02T00:00:00.000Z","network":{"connection":"ZONE","include":["nzo1"],"exclude":[]}},
			{"id":"00T2","name":"old","userId":"00u2","tokenWindow":"P30D","network":{"connection":"ANYWHERE"}}]`,
		"GET /.well-known/okta-organization": `{"id":"00o1","pipeline":"idx","_links":{"organization":{"href":"https://acme.okta.com"}}}`,
		"GET /api/v1/org":                    `{"id":"00o1","companyName":"Acme","subdomain":"acme","status":"ACTIVE"}`,
	})
	c := testClient(t, url)
	ctx := context.Background()

	u, err := c.GetUser(ctx, "00u1")
	if err != nil {
		t.Fatal(err)
	}
	if u.TypeID != "oty1" || u.Login() != "a@acme.com" || u.Email() != "a@acme.com" || u.Profile["employeeNumber"] != "7" ||
		!u.Activated.IsZero() || !u.LastLogin.Equal(time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)) {
		t.Errorf("user %+v", u)
	}

	fs, err := c.ListUserFactors(ctx, "00u1")
	if err != nil || len(fs) != 2 {
		t.Fatalf("factors %v %v", fs, err)
	}
	if fs[1].UserID != "00u1" || fs[1].VendorName != "FIDO" || fs[1].Profile["authenticatorName"] != "YubiKey" || fs[1].Status != "PENDING_ACTIVATION" || fs[0].Provider != "GOOGLE" {
		t.Errorf("factors %+v", fs)
	}

	gs, err := c.ListUserGroups(ctx, "00u1")
	if err != nil || len(gs) != 1 || gs[0].Name != "Everyone" || gs[0].Type != "BUILT_IN" || gs[0].Description != "All users" || gs[0].LastMembershipUpdated.IsZero() {
		t.Errorf("groups %+v %v", gs, err)
	}
	roles, err := c.ListUserRoles(ctx, "00u1")
	if err != nil || len(roles) != 1 || roles[0].AssignmentType != "GROUP" || roles[0].Type != "READ_ONLY_ADMIN" || roles[0].Created.IsZero() {
		t.Errorf("user roles %+v %v", roles, err)
	}
	ids, err := c.ListGroupMemberIDs(ctx, "00g1")
	if err != nil || !reflect.DeepEqual(ids, []string{"00u1", "00u2"}) {
		t.Errorf("members %v %v", ids, err)
	}
	if roles, err := c.ListGroupRoles(ctx, "00g1"); err != nil || len(roles) != 1 || roles[0].Type != "SUPER_ADMIN" {
		t.Errorf("group roles %+v %v", roles, err)
	}

	app, err := c.GetApp(ctx, "0oa1")
	if err != nil {
		t.Fatal(err)
	}
	wantOAuth := &OAuthClient{
		ClientID: "0oa1cid", TokenEndpointAuthMethod: "private_key_jwt", ApplicationType: "service",
		RedirectURIs: []string{"https://a/cb"}, PostLogoutRedirectURIs: []string{"https://a/out"},
		GrantTypes: []string{"client_credentials"}, ResponseTypes: []string{"token"},
		JWKS: []JWK{{KID: "k1", KTY: "RSA", Alg: "RS256", Use: "sig", E: "AQAB", N: "xyz"}},
	}
	if app.Label != "CI Scanner" || app.SignOnMode != "OPENID_CONNECT" || !reflect.DeepEqual(app.OAuth, wantOAuth) {
		t.Errorf("app %+v oauth %+v", app, app.OAuth)
	}
	apps, err := c.ListApps(ctx, AppQuery{})
	if err != nil || len(apps) != 1 || apps[0].OAuth != nil || apps[0].Status != "INACTIVE" {
		t.Errorf("apps %+v %v", apps, err)
	}
	aus, err := c.ListAppUsers(ctx, "0oa1")
	if err != nil || !reflect.DeepEqual(aus, []AppUser{{AppID: "0oa1", UserID: "00u1", Scope: "GROUP", Status: "PROVISIONED", SyncState: "SYNCHRONIZED"}}) {
		t.Errorf("app users %+v %v", aus, err)
	}
	ags, err := c.ListAppGroups(ctx, "0oa1")
	if err != nil || !reflect.DeepEqual(ags, []AppGroup{{AppID: "0oa1", GroupID: "00g1", Priority: 3}}) {
		t.Errorf("app groups %+v %v", ags, err)
	}
	grants, err := c.ListAppGrants(ctx, "0oa1")
	if err != nil || len(grants) != 1 || grants[0].ScopeID != "okta.users.read" || grants[0].AppID != "0oa1" || grants[0].ClientID != "0oa1cid" || grants[0].Created.IsZero() {
		t.Errorf("grants %+v %v", grants, err)
	}
	if roles, err := c.ListClientRoles(ctx, "0oa1cid"); err != nil || len(roles) != 1 || roles[0].AssignmentType != "CLIENT" {
		t.Errorf("client roles %+v %v", roles, err)
	}

	toks, err := c.ListAPITokens(ctx)
	if err != nil || len(toks) != 2 {
		t.Fatalf("tokens %+v %v", toks, err)
	}
	if toks[0].Network.Connection != "ZONE" || !reflect.DeepEqual(toks[0].Network.Include, []string{"nzo1"}) || toks[0].ClientName != "Okta API" ||
		toks[0].TokenWindow != "P30D" || !toks[0].ExpiresAt.Equal(time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)) || toks[1].Network.Connection != "ANYWHERE" || !toks[1].Created.IsZero() {
		t.Errorf("tokens %+v", toks)
	}

	m, err := c.GetOrgMetadata(ctx)
	if err != nil || m != (OrgMetadata{ID: "00o1", Pipeline: "idx", CompanyName: "Acme", Subdomain: "acme"}) {
		t.Errorf("org %+v %v", m, err)
	}

	_, err = c.GetAPIToken(ctx, "00Tmissing")
	if !IsNotFound(err) {
		t.Errorf("missing token: %v", err)
	}
}

func TestListPoliciesAndRules(t *testing.T) {
	rec, url := fixtureServer(t, map[string]string{
		"GET /api/v1/policies": `[{"id":"00p1","name":"Default Policy","type":"PASSWORD","status":"ACTIVE","priority":2,"system":true,
			"conditions":{"people":{"groups":{"include":["00g1"],"exclude":["00g2"]}}},"settings":{"password":{"complexity":{"minLength":8}}},"created":"2020-01-01T00:00:00.000Z"},
			{"id":"00p2","name":"Other","type":"PASSWORD","status":"INACTIVE","priority":1,"conditions":null}]`,
		"GET /api/v1/policies/00p1/rules": `[{"id":"0pr1","name":"Default Rule","status":"ACTIVE","priority":1,"system":true,"type":"PASSWORD","conditions":{"network":{"connection":"ANYWHERE"}},"actions":{"passwordChange":{"access":"ALLOW"}}}]`,
	})
	c := testClient(t, url)
	ps, err := c.ListPolicies(context.Background(), "PASSWORD")
	if err != nil || len(ps) != 2 {
		t.Fatalf("policies %+v %v", ps, err)
	}
	if got := rec.all()[0].URL.Query().Get("type"); got != "PASSWORD" {
		t.Errorf("type=%q", got)
	}
	p := ps[0]
	if !p.System || p.Priority != 2 || !reflect.DeepEqual(p.GroupIDs, []string{"00g1"}) || !reflect.DeepEqual(p.ExcludeGroupIDs, []string{"00g2"}) ||
		string(p.Settings) != `{"password":{"complexity":{"minLength":8}}}` || p.Created.IsZero() {
		t.Errorf("policy %+v settings %s", p, p.Settings)
	}
	if ps[1].Conditions != nil || ps[1].Settings != nil {
		t.Errorf("null conditions/settings not nil: %s %s", ps[1].Conditions, ps[1].Settings)
	}
	rules, err := c.ListPolicyRules(context.Background(), "00p1")
	if err != nil || len(rules) != 1 || rules[0].PolicyID != "00p1" || string(rules[0].Actions) != `{"passwordChange":{"access":"ALLOW"}}` ||
		string(rules[0].Conditions) != `{"network":{"connection":"ANYWHERE"}}` {
		t.Errorf("rules %+v %v", rules, err)
	}
}

func TestListLogs(t *testing.T) {
	const total = 25
	var rec recorder
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		q := r.URL.Query()
		start, _ := strconv.Atoi(q.Get("after"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		var evs []any
		for i := start; i < total && i < start+limit; i++ {
			evs = append(evs, map[string]any{
				"uuid": "e" + strconv.Itoa(i), "published": time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC).Format(time.RFC3339),
				"eventType": "user.session.start", "displayMessage": "User login", "severity": "INFO",
				"outcome": map[string]any{"result": "FAILURE", "reason": "INVALID_CREDENTIALS"},
				"actor":   map[string]any{"id": "00u1", "type": "User", "alternateId": "a@acme.com", "displayName": "A"},
				"client":  map[string]any{"ipAddress": "203.0.113.9"},
				"target":  []any{map[string]any{"id": "0oa1", "type": "AppInstance", "alternateId": "Wiki"}},
			})
		}
		if start+limit < total {
			q.Set("after", strconv.Itoa(start+limit))
			w.Header().Add("Link", "<http://"+r.Host+"/api/v1/logs?"+q.Encode()+`>; rel="next"`)
		}
		writeJSON(w, 200, evs)
	})
	c := testClient(t, srv.URL)
	since := time.Date(2025, 12, 31, 0, 0, 0, 0, time.FixedZone("x", 3600))
	until := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)

	evs, truncated, err := c.ListLogs(context.Background(), since, until, `eventType eq "user.session.start"`, 0)
	if err != nil || truncated || len(evs) != total {
		t.Fatalf("%d events, truncated %v, err %v", len(evs), truncated, err)
	}
	first := rec.all()[0].URL.Query()
	if first.Get("since") != "2025-12-30T23:00:00.000Z" || first.Get("until") != "2026-01-02T00:00:00.000Z" ||
		first.Get("filter") != `eventType eq "user.session.start"` || first.Get("limit") != "1000" {
		t.Errorf("query %v", first)
	}
	e := evs[3]
	if e.UUID != "e3" || e.Actor.AlternateID != "a@acme.com" || e.ClientIP != "203.0.113.9" || e.OutcomeReason != "INVALID_CREDENTIALS" ||
		len(e.Targets) != 1 || e.Targets[0].ID != "0oa1" || !e.Published.Equal(time.Date(2026, 1, 1, 0, 0, 3, 0, time.UTC)) {
		t.Errorf("event %+v", e)
	}

	// A cap below the total truncates, reading pages of cap+1.
	n := rec.count()
	evs, truncated, err = c.ListLogs(context.Background(), since, until, "", 10)
	if err != nil || !truncated || len(evs) != 10 || evs[9].UUID != "e9" {
		t.Fatalf("capped: %d events, truncated %v, err %v", len(evs), truncated, err)
	}
	if got := rec.all()[n].URL.Query().Get("limit"); got != "11" || rec.count() != n+1 {
		t.Errorf("capped read limit=%s in %d requests", got, rec.count()-n)
	}
	// A cap equal to the total is not truncation.
	evs, truncated, err = c.ListLogs(context.Background(), since, until, "", total)
	if err != nil || truncated || len(evs) != total {
		t.Fatalf("exact cap: %d events, truncated %v, err %v", len(evs), truncated, err)
	}
}

func TestListRoleAssigneeUsers(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("after") == "" {
			writeJSON(w, 200, map[string]any{"value": []any{map[string]any{"id": "00u1", "orn": "x"}, map[string]any{"id": "00u2"}},
				"_links": map[string]any{"next": map[string]any{"href": "http://" + r.Host + "/api/v1/iam/assignees/users?after=00u2&limit=100"}}})
			return
		}
		writeJSON(w, 200, map[string]any{"value": []any{map[string]any{"id": "00u3"}}, "_links": map[string]any{}})
	})
	ids, err := testClient(t, srv.URL).ListRoleAssigneeUsers(context.Background())
	if err != nil || !reflect.DeepEqual(ids, []string{"00u1", "00u2", "00u3"}) {
		t.Errorf("ids %v err %v", ids, err)
	}
}

func TestWriteRequests(t *testing.T) {
	type seen struct {
		method, uri string
		body        map[string]any
	}
	var (
		mu  sync.Mutex
		got []seen
	)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		got = append(got, seen{r.Method, r.URL.RequestURI(), body})
		mu.Unlock()
		switch {
		case r.Method == http.MethodDelete, strings.Contains(r.URL.Path, "/lifecycle/"), strings.Contains(r.URL.Path, "/groups/"):
			w.WriteHeader(http.StatusNoContent)
		case strings.HasSuffix(r.URL.Path, "/roles"):
			writeJSON(w, 201, map[string]any{"id": "ra9", "type": body["type"], "status": "ACTIVE", "assignmentType": "USER"})
		case strings.HasPrefix(r.URL.Path, "/api/v1/api-tokens/"):
			writeJSON(w, 200, map[string]any{"id": "00T1", "name": body["name"], "network": body["network"]})
		default:
			writeJSON(w, 200, map[string]any{"id": "00u9", "status": "STAGED", "profile": body["profile"]})
		}
	})
	c := testClient(t, srv.URL)
	ctx := context.Background()
	u, err := c.CreateUser(ctx, map[string]any{"login": "svc@acme.com", "email": "svc@acme.com"}, "Pa55-word-secret!", false)
	if err != nil || u.ID != "00u9" || u.Login() != "svc@acme.com" {
		t.Fatalf("create: %+v %v", u, err)
	}
	if _, err := c.UpdateUserProfile(ctx, "00u9", map[string]any{"title": "bot"}); err != nil {
		t.Fatal(err)
	}
	role, err := c.AssignUserRole(ctx, "00u9", "READ_ONLY_ADMIN")
	if err != nil || role.ID != "ra9" || role.Type != "READ_ONLY_ADMIN" {
		t.Fatalf("role %+v %v", role, err)
	}
	tok, err := c.UpsertAPIToken(ctx, "00T1", "ci", TokenNetwork{Connection: "ZONE", Include: []string{"nzo1"}})
	if err != nil || tok.Name != "ci" || tok.Network.Connection != "ZONE" || tok.Network.Include[0] != "nzo1" {
		t.Fatalf("token %+v %v", tok, err)
	}
	for _, f := range []func() error{
		func() error { return c.ActivateUser(ctx, "00u9") },
		func() error { return c.AddUserToGroup(ctx, "00g1", "00u9") },
		func() error { return c.RemoveUserFromGroup(ctx, "00g1", "00u9") },
		func() error { return c.UnassignUserRole(ctx, "00u9", "ra9") },
		func() error { return c.DeactivateUser(ctx, "00u9") },
		func() error { return c.DeleteUser(ctx, "00u9") },
		func() error { return c.RevokeAPIToken(ctx, "00T1") },
	} {
		if err := f(); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	wantCalls := []string{
		"POST /api/v1/users?activate=false",
		"POST /api/v1/users/00u9",
		"POST /api/v1/users/00u9/roles",
		"PUT /api/v1/api-tokens/00T1",
		"POST /api/v1/users/00u9/lifecycle/activate?sendEmail=false",
		"PUT /api/v1/groups/00g1/users/00u9",
		"DELETE /api/v1/groups/00g1/users/00u9",
		"DELETE /api/v1/users/00u9/roles/ra9",
		"POST /api/v1/users/00u9/lifecycle/deactivate?sendEmail=false",
		"DELETE /api/v1/users/00u9",
		"DELETE /api/v1/api-tokens/00T1",
	}
	if len(got) != len(wantCalls) {
		t.Fatalf("%d calls: %+v", len(got), got)
	}
	for i, w := range wantCalls {
		if g := got[i].method + " " + got[i].uri; g != w {
			t.Errorf("call %d: %s, want %s", i, g, w)
		}
	}
	pw, _ := got[0].body["credentials"].(map[string]any)["password"].(map[string]any)
	if pw["value"] != "Pa55-word-secret!" {
		t.Errorf("create body %v", got[0].body)
	}
	if got[2].body["type"] != "READ_ONLY_ADMIN" {
		t.Errorf("role body %v", got[2].body)
	}
	if n, _ := got[3].body["network"].(map[string]any); n["connection"] != "ZONE" || got[3].body["name"] != "ci" {
		t.Errorf("token body %v", got[3].body)
	}
}
