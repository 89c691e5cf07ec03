package okta

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func simClient(t *testing.T) (*oktasim.Server, *Client) {
	t.Helper()
	s, err := oktasim.Start(oktasim.Options{Org: oktasim.NewOrg(), Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := New(Config{OrgURL: s.URL(), APIToken: s.AdminToken(), retryBase: time.Millisecond, RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

// TestOIDCAppLifecycle creates a service app with a key, grants and revokes
// scopes, assigns and removes a client role, updates it, then deactivates and
// deletes it, reading the simulator's store after each step.
func TestOIDCAppLifecycle(t *testing.T) {
	s, c := simClient(t)
	ctx := t.Context()
	spec := OIDCAppSpec{
		Label: "gate", ApplicationType: "service", TokenEndpointAuthMethod: "private_key_jwt",
		JWKS: []JWK{{KID: "k1", KTY: "EC", Alg: "ES256", Use: "sig", Crv: "P-256",
			X: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", Y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}},
	}
	app, err := c.CreateOIDCApp(ctx, spec, true)
	if err != nil {
		t.Fatal(err)
	}
	if app.Status != "ACTIVE" || app.OAuth == nil || app.OAuth.ApplicationType != "service" ||
		app.OAuth.TokenEndpointAuthMethod != "private_key_jwt" || len(app.OAuth.JWKS) != 1 || app.OAuth.JWKS[0].KID != "k1" {
		t.Fatalf("created app = %+v, oauth %+v", app, app.OAuth)
	}
	if got := app.OAuth.GrantTypes; len(got) != 1 || got[0] != "client_credentials" {
		t.Errorf("grant types = %v", got)
	}
	if app.OAuth.ClientSecret != "" {
		t.Error("a private_key_jwt app got a client secret")
	}

	g, err := c.GrantScope(ctx, app.ID, c.OrgURL(), "okta.users.read")
	if err != nil {
		t.Fatal(err)
	}
	if g.ScopeID != "okta.users.read" || g.Status != "ACTIVE" || g.ID == "" {
		t.Errorf("grant = %+v", g)
	}
	if _, err := c.GrantScope(ctx, app.ID, c.OrgURL(), "okta.logs.read"); err != nil {
		t.Fatal(err)
	}
	if err := c.RevokeGrant(ctx, app.ID, g.ID); err != nil {
		t.Fatal(err)
	}
	grants, err := c.ListAppGrants(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(grants) != 1 || grants[0].ScopeID != "okta.logs.read" {
		t.Errorf("grants after revoke = %+v", grants)
	}

	role, err := c.AssignClientRole(ctx, app.OAuth.ClientID, "READ_ONLY_ADMIN")
	if err != nil {
		t.Fatal(err)
	}
	if role.Type != "READ_ONLY_ADMIN" || role.ID == "" {
		t.Errorf("role = %+v", role)
	}
	if err := c.UnassignClientRole(ctx, app.OAuth.ClientID, role.ID); err != nil {
		t.Fatal(err)
	}
	if roles, err := c.ListClientRoles(ctx, app.OAuth.ClientID); err != nil || len(roles) != 0 {
		t.Errorf("client roles after unassign = %+v, %v", roles, err)
	}

	spec.Label = "gate-renamed"
	updated, err := c.UpdateOIDCApp(ctx, app.ID, spec)
	if err != nil {
		t.Fatal(err)
	}
	if updated.Label != "gate-renamed" || updated.OAuth.ClientID != app.OAuth.ClientID {
		t.Errorf("updated = %+v", updated)
	}

	if err := c.DeleteApp(ctx, app.ID); !IsForbidden(err) {
		t.Errorf("deleting an active app: %v, want 403", err)
	}
	if err := c.DeactivateApp(ctx, app.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteApp(ctx, app.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetApp(ctx, app.ID); !IsNotFound(err) {
		t.Errorf("GetApp after delete: %v, want 404", err)
	}
	s.Org().RLock()
	defer s.Org().RUnlock()
	if n := len(s.Org().Apps); n != 0 {
		t.Errorf("%d apps left in the org", n)
	}
}

// TestOIDCAppWireBody pins what a web app's create request carries: the
// authorization code flow, the redirect URIs, PKCE and the auth method.
func TestOIDCAppWireBody(t *testing.T) {
	var body map[string]any
	var query string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		data, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(data, &body)
		writeJSON(w, 200, map[string]any{
			"id": "0oa1", "label": "web", "status": "INACTIVE", "name": "oidc_client",
			"credentials": map[string]any{"oauthClient": map[string]any{"client_id": "0oa1", "client_secret": "s3cr3t",
				"token_endpoint_auth_method": "client_secret_basic", "pkce_required": true}},
			"settings": map[string]any{"oauthClient": map[string]any{"application_type": "web", "redirect_uris": []string{"https://a/cb"}}},
		})
	})
	c := testClient(t, srv.URL)
	app, err := c.CreateOIDCApp(t.Context(), OIDCAppSpec{
		Label: "web", ApplicationType: "web", RedirectURIs: []string{"https://a/cb"},
		TokenEndpointAuthMethod: "client_secret_basic", PKCERequired: true,
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if query != "activate=false" {
		t.Errorf("query = %q", query)
	}
	data, _ := json.Marshal(body)
	mustContain(t, string(data), `"grant_types":["authorization_code"]`, `"response_types":["code"]`,
		`"redirect_uris":["https://a/cb"]`, `"pkce_required":true`, `"token_endpoint_auth_method":"client_secret_basic"`,
		`"signOnMode":"OPENID_CONNECT"`, `"name":"oidc_client"`)
	if strings.Contains(string(data), "jwks") {
		t.Errorf("a web app without keys sent jwks: %s", data)
	}
	if app.OAuth.ClientSecret != "s3cr3t" {
		t.Errorf("secret not decoded")
	}
}

func TestReadApps(t *testing.T) {
	c, ctx := readClient(t), t.Context()
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
}
