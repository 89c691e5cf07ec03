package oktasim

import (
	"crypto/elliptic"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

func appOrg() *Org {
	o := NewOrg()
	addUser(o, "00u1", "ann", "ACTIVE")
	addUser(o, "00u2", "bob", "ACTIVE")
	addUser(o, "00u3", "carol", "ACTIVE")
	o.Groups = []*Group{{ID: "00g1", Type: "OKTA_GROUP", Name: "Finance", MemberIDs: []string{"00u2", "00u3"}, Created: testNow}}
	o.Apps = []*App{{
		ID: "0oa1", Name: "bookmark", Label: "Payroll", Status: "ACTIVE", SignOnMode: "BOOKMARK",
		Created: testNow, LastUpdated: testNow, Settings: map[string]any{"url": "https://payroll.example"},
		Users: []AppUser{{UserID: "00u1", Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED", Created: testNow, LastUpdated: testNow},
			{UserID: "00u2", Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED", Created: testNow, LastUpdated: testNow}},
	}}
	return o
}

// scopesByUser is the scope of each user assigned to app 0oa1, by user id.
func scopesByUser(t *testing.T, s *Server) map[string]string {
	t.Helper()
	r := admin(t, s, "GET", "/api/v1/apps/0oa1/users", nil)
	wantStatus(t, r, 200)
	out := map[string]string{}
	for _, u := range r.list(t) {
		out[as[string](t, u["id"])] = as[string](t, u["scope"])
	}
	return out
}

func TestAppGroupAssignmentSurfacesGroupScopeUsers(t *testing.T) {
	s := startSim(t, appOrg(), Options{})
	if got := scopesByUser(t, s); len(got) != 2 {
		t.Fatalf("before: %v", got)
	}
	r := admin(t, s, "PUT", "/api/v1/apps/0oa1/groups/00g1", map[string]any{})
	wantStatus(t, r, 200)
	if r.object(t)["id"] != "00g1" {
		t.Fatalf("assignment %s", r.body)
	}
	got := scopesByUser(t, s)
	want := map[string]string{"00u1": "USER", "00u2": "USER", "00u3": "GROUP"}
	for id, sc := range want {
		if got[id] != sc {
			t.Fatalf("scopes %v, want %v", got, want)
		}
	}
	// Group membership changes show at once.
	wantStatus(t, admin(t, s, "PUT", "/api/v1/groups/00g1/users/00u1", nil), 204)
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/groups/00g1/users/00u3", nil), 204)
	got = scopesByUser(t, s)
	if _, ok := got["00u3"]; ok || got["00u1"] != "USER" {
		t.Fatalf("after membership change: %v", got)
	}
	// A group-only assignment cannot be removed user by user.
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/apps/0oa1/users/00u1", nil), 204)
	if got := scopesByUser(t, s); got["00u1"] != "GROUP" {
		t.Fatalf("after direct removal: %v", got)
	}
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/apps/0oa1/users/00u1", nil), 400)

	r = admin(t, s, "GET", "/api/v1/apps/0oa1/groups", nil)
	wantStatus(t, r, 200)
	if gs := r.list(t); len(gs) != 1 || gs[0]["id"] != "00g1" {
		t.Fatalf("app groups %s", r.body)
	}
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/apps/0oa1/groups/00g1", nil), 204)
	if got := scopesByUser(t, s); len(got) != 1 {
		t.Fatalf("after group removal: %v", got)
	}
}

func TestAppUsersPaging(t *testing.T) {
	s := startSim(t, appOrg(), Options{PageSizeCap: 1})
	wantStatus(t, admin(t, s, "PUT", "/api/v1/apps/0oa1/groups/00g1", nil), 200)
	ids, pages := listAll(t, s, "/api/v1/apps/0oa1/users")
	if strings.Join(ids, ",") != "00u1,00u2,00u3" || pages != 3 {
		t.Fatalf("ids %v pages %d", ids, pages)
	}
}

func TestAppLifecycleAndDelete(t *testing.T) {
	s := startSim(t, appOrg(), Options{})
	r := admin(t, s, "DELETE", "/api/v1/apps/0oa1", nil)
	wantStatus(t, r, 403)
	if r.errorCode(t) != "E0000056" {
		t.Fatalf("delete active: %s", r.body)
	}
	wantStatus(t, admin(t, s, "POST", "/api/v1/apps/0oa1/lifecycle/deactivate", nil), 200)
	if got := admin(t, s, "GET", "/api/v1/apps/0oa1", nil).object(t)["status"]; got != "INACTIVE" {
		t.Fatalf("status %v", got)
	}
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/apps/0oa1", nil), 204)
	wantStatus(t, admin(t, s, "GET", "/api/v1/apps/0oa1", nil), 404)
}

func TestListAppsQAndFilter(t *testing.T) {
	o := appOrg()
	o.Apps = append(o.Apps, &App{ID: "0oa2", Name: "oidc_client", Label: "Portal", Status: "INACTIVE", SignOnMode: "OPENID_CONNECT",
		OAuth: &OAuthClient{ClientID: "0oa2", ApplicationType: "web", TokenEndpointAuthMethod: "client_secret_basic"}})
	s := startSim(t, o, Options{})
	for query, want := range map[string]string{
		"":                                      "0oa1,0oa2",
		"?q=pay":                                "0oa1",
		"?q=oidc":                               "0oa2",
		`?filter=status%20eq%20%22ACTIVE%22`:    "0oa1",
		`?filter=name%20eq%20%22oidc_client%22`: "0oa2",
	} {
		ids, _ := listAll(t, s, "/api/v1/apps"+query)
		if got := strings.Join(ids, ","); got != want {
			t.Errorf("%s: %s, want %s", query, got, want)
		}
	}
}

func TestCreateOIDCApps(t *testing.T) {
	s := startSim(t, NewOrg(), Options{})
	key := newECClient(t, "x", elliptic.P256(), jwt.SigningMethodES256)
	r := admin(t, s, "POST", "/api/v1/apps", map[string]any{
		"name": "oidc_client", "label": "Compliance reader", "signOnMode": "OPENID_CONNECT",
		"credentials": map[string]any{"oauthClient": map[string]any{"token_endpoint_auth_method": "private_key_jwt"}},
		"settings": map[string]any{"oauthClient": map[string]any{
			"application_type": "service", "grant_types": []string{"client_credentials"}, "response_types": []string{"token"},
			"jwks": map[string]any{"keys": []any{publicJWK(t, key.key, "k1", "ES256")}},
		}},
	})
	wantStatus(t, r, 200)
	app := r.object(t)
	creds := as[map[string]any](t, dig(t, app, "credentials", "oauthClient"))
	settings := as[map[string]any](t, dig(t, app, "settings", "oauthClient"))
	if creds["client_id"] != app["id"] || creds["token_endpoint_auth_method"] != "private_key_jwt" || creds["client_secret"] != nil {
		t.Fatalf("service credentials %v", creds)
	}
	keys := as[[]any](t, dig(t, settings, "jwks", "keys"))
	if len(keys) != 1 || dig(t, keys[0], "kid") != "k1" || settings["application_type"] != "service" {
		t.Fatalf("service settings %v", settings)
	}

	r = admin(t, s, "POST", "/api/v1/apps", map[string]any{
		"name": "oidc_client", "label": "Portal", "signOnMode": "OPENID_CONNECT",
		"settings": map[string]any{"oauthClient": map[string]any{
			"application_type": "web", "redirect_uris": []string{"https://portal.example/cb"},
		}},
	})
	wantStatus(t, r, 200)
	web := r.object(t)
	creds = as[map[string]any](t, dig(t, web, "credentials", "oauthClient"))
	if s, _ := creds["client_secret"].(string); s == "" || creds["token_endpoint_auth_method"] != "client_secret_basic" {
		t.Fatalf("web credentials %v", creds)
	}
	webID := as[string](t, web["id"])
	r = admin(t, s, "PUT", "/api/v1/apps/"+webID, map[string]any{
		"name": "oidc_client", "label": "Portal 2",
		"settings": map[string]any{"oauthClient": map[string]any{
			"application_type": "web", "redirect_uris": []string{"https://portal.example/cb2"},
		}},
	})
	wantStatus(t, r, 200)
	upd := r.object(t)
	if upd["label"] != "Portal 2" || dig(t, upd, "credentials", "oauthClient", "client_secret") != creds["client_secret"] {
		t.Fatalf("update %s", r.body)
	}

	bad := []map[string]any{
		{"name": "oidc_client", "label": "x", "settings": map[string]any{"oauthClient": map[string]any{"application_type": "service"}},
			"credentials": map[string]any{"oauthClient": map[string]any{"token_endpoint_auth_method": "private_key_jwt"}}},
		{"name": "oidc_client", "label": "x", "settings": map[string]any{"oauthClient": map[string]any{"application_type": "web"}}},
		{"name": "oidc_client", "label": "", "settings": map[string]any{"oauthClient": map[string]any{"application_type": "service"}}},
		{"name": "oidc_client", "label": "x", "settings": map[string]any{"oauthClient": map[string]any{"application_type": "tv"}}},
	}
	for i, b := range bad {
		if r := admin(t, s, "POST", "/api/v1/apps", b); r.status != 400 || r.errorCode(t) != "E0000001" {
			t.Errorf("bad app %d: %d %s", i, r.status, r.body)
		}
	}
}

func TestGrantsCRUD(t *testing.T) {
	o := NewOrg()
	serviceApp(t, o, "0oag", newRSAClient(t, "0oag"), nil)
	s := startSim(t, o, Options{})
	r := admin(t, s, "POST", "/api/v1/apps/0oag/grants", map[string]any{"issuer": s.URL(), "scopeId": "okta.users.read"})
	wantStatus(t, r, 201)
	g := r.object(t)
	id := as[string](t, g["id"])
	if !strings.HasPrefix(id, "oag") || g["status"] != "ACTIVE" || g["clientId"] != "0oag" || g["scopeId"] != "okta.users.read" {
		t.Fatalf("grant %s", r.body)
	}
	wantStatus(t, admin(t, s, "POST", "/api/v1/apps/0oag/grants", map[string]any{"issuer": s.URL(), "scopeId": "okta.users.read"}), 400)
	wantStatus(t, admin(t, s, "POST", "/api/v1/apps/0oag/grants", map[string]any{"issuer": s.URL(), "scopeId": "profile"}), 400)
	wantStatus(t, admin(t, s, "POST", "/api/v1/apps/0oag/grants", map[string]any{"issuer": s.URL(), "scopeId": "okta.groups.read"}), 201)

	r = admin(t, s, "GET", "/api/v1/apps/0oag/grants", nil)
	wantStatus(t, r, 200)
	if n := len(r.list(t)); n != 2 {
		t.Fatalf("%d grants", n)
	}
	wantStatus(t, admin(t, s, "GET", "/api/v1/apps/0oag/grants/"+id, nil), 200)
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/apps/0oag/grants/"+id, nil), 204)
	wantStatus(t, admin(t, s, "GET", "/api/v1/apps/0oag/grants/"+id, nil), 404)
	if n := len(admin(t, s, "GET", "/api/v1/apps/0oag/grants", nil).list(t)); n != 1 {
		t.Fatalf("%d grants after delete", n)
	}
}
