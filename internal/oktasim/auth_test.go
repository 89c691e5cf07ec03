package oktasim

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

func TestSSWSAuthentication(t *testing.T) {
	o := NewOrg()
	addUser(o, "00u1", "ro", "ACTIVE")
	addUser(o, "00u2", "nobody", "ACTIVE")
	addUser(o, "00u3", "org", "ACTIVE")
	addUser(o, "00u4", "gone", "DEPROVISIONED")
	addUserRole(o, "00u1", "ra1", "READ_ONLY_ADMIN")
	addUserRole(o, "00u3", "ra3", "ORG_ADMIN")
	addUserRole(o, "00u4", "ra4", "SUPER_ADMIN")
	addToken(o, "00T1", "00u1", "tok-ro")
	addToken(o, "00T2", "00u2", "tok-nobody")
	addToken(o, "00T3", "00u3", "tok-org")
	addToken(o, "00T4", "00u1", "tok-expired").ExpiresAt = testNow.Add(-time.Minute)
	addToken(o, "00T5", "00u4", "tok-deprovisioned")
	s := startSim(t, o, Options{})

	cases := []struct {
		auth, method, path string
		status             int
		code               string
	}{
		{"", "GET", "/api/v1/users", 401, "E0000011"},
		{"SSWS wrong", "GET", "/api/v1/users", 401, "E0000011"},
		{"SSWS tok-expired", "GET", "/api/v1/users", 401, "E0000011"},
		{"SSWS tok-deprovisioned", "GET", "/api/v1/users", 401, "E0000011"},
		{"Bearer tok-ro", "GET", "/api/v1/users", 401, "E0000011"},
		{"SSWS tok-ro", "GET", "/api/v1/users", 200, ""},
		{"SSWS tok-ro", "POST", "/api/v1/users/00u2/lifecycle/suspend", 403, "E0000006"},
		{"SSWS tok-nobody", "GET", "/api/v1/users", 403, "E0000006"},
		{"SSWS tok-org", "POST", "/api/v1/users/00u2/lifecycle/suspend", 200, ""},
	}
	for _, c := range cases {
		r := send(t, c.method, s.URL()+c.path, c.auth, nil)
		if r.status != c.status {
			t.Errorf("%q %s %s: status %d, want %d (%s)", c.auth, c.method, c.path, r.status, c.status, r.body)
			continue
		}
		if c.code != "" && r.errorCode(t) != c.code {
			t.Errorf("%q: code %s, want %s", c.auth, r.errorCode(t), c.code)
		}
		if strings.Contains(string(r.body), "tok-") {
			t.Errorf("a secret appears in the response: %s", r.body)
		}
	}
	if got := send(t, "GET", s.URL()+"/api/v1/users", "SSWS wrong", nil).object(t)["errorSummary"]; got != "Invalid token provided" {
		t.Errorf("401 summary %q", got)
	}
}

// oauthClient is a service app's key and id as a test signs with them.
type oauthClient struct {
	id  string
	kid string
	key crypto.Signer
	alg jwt.SigningMethod
}

func publicJWK(t *testing.T, key crypto.Signer, kid, alg string) map[string]any {
	t.Helper()
	data, err := jose.JSONWebKey{Key: key.Public(), KeyID: kid, Algorithm: alg, Use: "sig"}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// serviceApp adds an ACTIVE private_key_jwt service app granted scopes, with
// the given client roles.
func serviceApp(t *testing.T, o *Org, appID string, c oauthClient, scopes []string, roles ...string) *App {
	t.Helper()
	a := &App{
		ID: appID, Name: "oidc_client", Label: "svc " + appID, Status: "ACTIVE", SignOnMode: "OPENID_CONNECT",
		Created: testNow, LastUpdated: testNow,
		OAuth: &OAuthClient{
			ClientID: c.id, TokenEndpointAuthMethod: "private_key_jwt", ApplicationType: "service",
			GrantTypes: []string{"client_credentials"}, ResponseTypes: []string{"token"},
			JWKS: []map[string]any{publicJWK(t, c.key, c.kid, c.alg.Alg())},
		},
	}
	for i, sc := range scopes {
		a.Grants = append(a.Grants, Grant{ID: "oag" + appID + string(rune('a'+i)), ClientID: c.id, ScopeID: sc, Issuer: "https://sim.okta.com", Status: "ACTIVE", Source: "ADMIN", Created: testNow})
	}
	o.Apps = insertSorted(o.Apps, a, appKey)
	for i, r := range roles {
		o.ClientRoles[c.id] = append(o.ClientRoles[c.id], &RoleAssignment{ID: "rac" + string(rune('a'+i)), Type: r, Status: "ACTIVE", AssignmentType: "CLIENT", Created: testNow})
	}
	return a
}

func newRSAClient(t *testing.T, id string) oauthClient {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return oauthClient{id: id, kid: "rsa-" + id, key: k, alg: jwt.SigningMethodRS256}
}

func newECClient(t *testing.T, id string, curve elliptic.Curve, alg jwt.SigningMethod) oauthClient {
	t.Helper()
	k, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return oauthClient{id: id, kid: "ec-" + id, key: k, alg: alg}
}

// assertion signs a client assertion; mutate may change its claims.
func (c oauthClient) assertion(t *testing.T, aud string, mutate func(jwt.MapClaims)) string {
	t.Helper()
	claims := jwt.MapClaims{
		"iss": c.id, "sub": c.id, "aud": aud,
		"iat": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix(),
		"jti": randomToken(12),
	}
	if mutate != nil {
		mutate(claims)
	}
	tok := jwt.NewWithClaims(c.alg, claims)
	tok.Header["kid"] = c.kid
	s, err := tok.SignedString(c.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func tokenRequest(t *testing.T, s *Server, assertion, scope string, headers ...string) resp {
	t.Helper()
	form := url.Values{
		"grant_type":            {"client_credentials"},
		"scope":                 {scope},
		"client_assertion_type": {clientAssertionType},
		"client_assertion":      {assertion},
	}
	return send(t, "POST", s.URL()+"/oauth2/v1/token", "", form.Encode(),
		append([]string{"Content-Type", "application/x-www-form-urlencoded"}, headers...)...)
}

func accessTokenOf(t *testing.T, r resp) (string, string) {
	t.Helper()
	wantStatus(t, r, 200)
	var body struct {
		TokenType   string `json:"token_type"`
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
		Scope       string `json:"scope"`
	}
	r.json(t, &body)
	if body.AccessToken == "" || body.ExpiresIn != 3600 {
		t.Fatalf("token response %s", r.body)
	}
	return body.TokenType, body.AccessToken
}

func TestOAuthPrivateKeyJWT(t *testing.T) {
	clients := []oauthClient{
		newRSAClient(t, "0oarsa"),
		newECClient(t, "0oaec256", elliptic.P256(), jwt.SigningMethodES256),
		newECClient(t, "0oaec384", elliptic.P384(), jwt.SigningMethodES384),
	}
	o := NewOrg()
	addUser(o, "00u1", "ann", "ACTIVE")
	for _, c := range clients {
		serviceApp(t, o, c.id, c, []string{"okta.users.read", "okta.groups.manage"}, "READ_ONLY_ADMIN")
	}
	s := startSim(t, o, Options{})
	aud := s.URL() + "/oauth2/v1/token"

	for _, c := range clients {
		typ, at := accessTokenOf(t, tokenRequest(t, s, c.assertion(t, aud, nil), "okta.users.read okta.groups.manage"))
		if typ != "Bearer" {
			t.Fatalf("%s: token_type %s", c.id, typ)
		}
		r := send(t, "GET", s.URL()+"/api/v1/users", "Bearer "+at, nil)
		wantStatus(t, r, 200)
		if len(r.list(t)) != 1 {
			t.Fatalf("%s: users %s", c.id, r.body)
		}
		// Scope is there, but the client's READ_ONLY_ADMIN role cannot write.
		wantStatus(t, send(t, "PUT", s.URL()+"/api/v1/groups/00gx/users/00u1", "Bearer "+at, nil), 403)
	}

	c := clients[0]
	reject := []struct {
		name   string
		mutate func(jwt.MapClaims)
		scope  string
		status int
		code   string
	}{
		{"wrong audience", func(m jwt.MapClaims) { m["aud"] = "https://elsewhere/oauth2/v1/token" }, "okta.users.read", 401, "invalid_client"},
		{"expired", func(m jwt.MapClaims) { m["exp"] = time.Now().Add(-time.Minute).Unix() }, "okta.users.read", 401, "invalid_client"},
		{"no exp", func(m jwt.MapClaims) { delete(m, "exp") }, "okta.users.read", 401, "invalid_client"},
		{"sub differs", func(m jwt.MapClaims) { m["sub"] = "someone" }, "okta.users.read", 401, "invalid_client"},
		{"unknown client", func(m jwt.MapClaims) { m["iss"], m["sub"] = "0oanope", "0oanope" }, "okta.users.read", 401, "invalid_client"},
		{"ungranted scope", nil, "okta.users.manage", 400, "invalid_scope"},
		{"no scope", nil, "", 400, "invalid_scope"},
	}
	for _, rc := range reject {
		r := tokenRequest(t, s, c.assertion(t, aud, rc.mutate), rc.scope)
		if r.status != rc.status || !strings.Contains(string(r.body), `"error":"`+rc.code+`"`) {
			t.Errorf("%s: %d %s", rc.name, r.status, r.body)
		}
	}

	// A key the client does not own cannot sign for it.
	other := newRSAClient(t, c.id)
	other.kid = c.kid
	r := tokenRequest(t, s, other.assertion(t, aud, nil), "okta.users.read")
	if r.status != 401 {
		t.Errorf("foreign key: %d %s", r.status, r.body)
	}

	// A jti can be spent once.
	a := c.assertion(t, aud, nil)
	accessTokenOf(t, tokenRequest(t, s, a, "okta.users.read"))
	if r := tokenRequest(t, s, a, "okta.users.read"); r.status != 401 {
		t.Errorf("replayed assertion: %d %s", r.status, r.body)
	}

	// Assertion parameters in the query string, as okta-sdk-golang sends them.
	q := url.Values{"grant_type": {"client_credentials"}, "scope": {"okta.users.read"},
		"client_assertion_type": {clientAssertionType}, "client_assertion": {c.assertion(t, aud, nil)}}
	accessTokenOf(t, send(t, "POST", s.URL()+"/oauth2/v1/token?"+q.Encode(), "", nil))
}

func TestOAuthScopeEnforcement(t *testing.T) {
	c := newRSAClient(t, "0oascope")
	o := NewOrg()
	addUser(o, "00u1", "ann", "ACTIVE")
	serviceApp(t, o, "0oascope", c, []string{"okta.users.read", "okta.groups.read", "okta.apps.read", "okta.logs.read",
		"okta.policies.read", "okta.roles.read", "okta.apiTokens.read", "okta.orgs.read", "okta.users.manage"}, "SUPER_ADMIN")
	s := startSim(t, o, Options{})
	aud := s.URL() + "/oauth2/v1/token"
	token := func(scope string) string {
		_, at := accessTokenOf(t, tokenRequest(t, s, c.assertion(t, aud, nil), scope))
		return "Bearer " + at
	}
	cases := []struct {
		scope, method, path string
		ok                  bool
	}{
		{"okta.users.read", "GET", "/api/v1/users", true},
		{"okta.users.read", "GET", "/api/v1/users/00u1/factors", true},
		{"okta.users.read", "POST", "/api/v1/users/00u1/lifecycle/suspend", false},
		{"okta.users.manage", "GET", "/api/v1/users/00u1", true},
		{"okta.users.read", "GET", "/api/v1/groups", false},
		{"okta.groups.read", "GET", "/api/v1/groups", true},
		{"okta.users.read", "GET", "/api/v1/apps", false},
		{"okta.apps.read", "GET", "/api/v1/apps/0oascope/grants", true},
		{"okta.users.read", "GET", "/api/v1/users/00u1/roles", false},
		{"okta.roles.read", "GET", "/api/v1/users/00u1/roles", true},
		{"okta.roles.read", "GET", "/api/v1/iam/assignees/users", true},
		{"okta.roles.read", "GET", "/oauth2/v1/clients/0oascope/roles", true},
		{"okta.users.read", "GET", "/api/v1/logs", false},
		{"okta.logs.read", "GET", "/api/v1/logs", true},
		{"okta.logs.read", "GET", "/api/v1/policies?type=PASSWORD", false},
		{"okta.policies.read", "GET", "/api/v1/policies?type=PASSWORD", true},
		{"okta.users.read", "GET", "/api/v1/api-tokens", false},
		{"okta.apiTokens.read", "GET", "/api/v1/api-tokens", true},
		{"okta.users.read", "GET", "/api/v1/org", false},
		{"okta.orgs.read", "GET", "/api/v1/org", true},
	}
	for _, tc := range cases {
		r := send(t, tc.method, s.URL()+tc.path, token(tc.scope), nil)
		if tc.ok {
			if r.status >= 400 {
				t.Errorf("%s %s with %s: %d %s", tc.method, tc.path, tc.scope, r.status, r.body)
			}
			continue
		}
		if r.status != 403 || r.errorCode(t) != "E0000006" {
			t.Errorf("%s %s with %s: %d %s", tc.method, tc.path, tc.scope, r.status, r.body)
			continue
		}
		if h := r.header.Get("WWW-Authenticate"); !strings.Contains(h, `error="insufficient_scope"`) {
			t.Errorf("%s %s: WWW-Authenticate %q", tc.method, tc.path, h)
		}
	}
}

func TestOAuthClientWithoutRole(t *testing.T) {
	c := newRSAClient(t, "0oanorole")
	o := NewOrg()
	serviceApp(t, o, "0oanorole", c, []string{"okta.users.read"})
	s := startSim(t, o, Options{})
	_, at := accessTokenOf(t, tokenRequest(t, s, c.assertion(t, s.URL()+"/oauth2/v1/token", nil), "okta.users.read"))
	r := send(t, "GET", s.URL()+"/api/v1/users", "Bearer "+at, nil)
	if r.status != 403 || r.header.Get("WWW-Authenticate") != "" {
		t.Fatalf("client without admin role: %d %q %s", r.status, r.header.Get("WWW-Authenticate"), r.body)
	}
}

// dpopKey signs DPoP proofs.
type dpopKey struct {
	key *ecdsa.PrivateKey
	jwk map[string]any
}

func newDPoPKey(t *testing.T) dpopKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return dpopKey{key: k, jwk: publicJWK(t, k, "", "")}
}

func (d dpopKey) proof(t *testing.T, method, htu, nonce, at string, mutate func(jwt.MapClaims)) string {
	t.Helper()
	claims := jwt.MapClaims{"htm": method, "htu": htu, "iat": time.Now().Unix(), "jti": randomToken(12)}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	if at != "" {
		sum := sha256.Sum256([]byte(at))
		claims["ath"] = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	if mutate != nil {
		mutate(claims)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, claims)
	tok.Header["typ"] = "dpop+jwt"
	tok.Header["jwk"] = d.jwk
	s, err := tok.SignedString(d.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDPoPNonceRoundTripAndProofs(t *testing.T) {
	c := newRSAClient(t, "0oadpop")
	o := NewOrg()
	addUser(o, "00u1", "ann", "ACTIVE")
	serviceApp(t, o, "0oadpop", c, []string{"okta.users.read"}, "READ_ONLY_ADMIN")
	s := startSim(t, o, Options{RequireDPoP: true})
	tokenURL := s.URL() + "/oauth2/v1/token"
	dk := newDPoPKey(t)

	// No proof at all.
	r := tokenRequest(t, s, c.assertion(t, tokenURL, nil), "okta.users.read")
	if r.status != 400 || !strings.Contains(string(r.body), `"error":"invalid_dpop_proof"`) {
		t.Fatalf("no proof: %d %s", r.status, r.body)
	}
	// A proof without nonce earns a nonce; the same assertion can be resent.
	assertion := c.assertion(t, tokenURL, nil)
	r = tokenRequest(t, s, assertion, "okta.users.read", "DPoP", dk.proof(t, "POST", tokenURL, "", "", nil))
	if r.status != 400 || !strings.Contains(string(r.body), `"error":"use_dpop_nonce"`) ||
		!strings.Contains(string(r.body), "Authorization server requires nonce in DPoP proof.") {
		t.Fatalf("nonce demand: %d %s", r.status, r.body)
	}
	nonce := r.header.Get("DPoP-Nonce")
	if nonce == "" {
		t.Fatal("no DPoP-Nonce header")
	}
	r = tokenRequest(t, s, assertion, "okta.users.read", "DPoP", dk.proof(t, "POST", tokenURL, "made-up", "", nil))
	if r.status != 400 || !strings.Contains(string(r.body), "use_dpop_nonce") {
		t.Fatalf("unknown nonce: %d %s", r.status, r.body)
	}
	r = tokenRequest(t, s, assertion, "okta.users.read", "DPoP", dk.proof(t, "GET", tokenURL, nonce, "", nil))
	if r.status != 400 || !strings.Contains(string(r.body), "invalid_dpop_proof") {
		t.Fatalf("wrong htm: %d %s", r.status, r.body)
	}
	typ, at := accessTokenOf(t, tokenRequest(t, s, assertion, "okta.users.read", "DPoP", dk.proof(t, "POST", tokenURL, nonce, "", nil)))
	if typ != "DPoP" {
		t.Fatalf("token_type %s", typ)
	}

	usersURL := s.URL() + "/api/v1/users"
	get := func(auth, proof string) resp {
		if proof == "" {
			return send(t, "GET", usersURL+"?limit=5", auth, nil)
		}
		return send(t, "GET", usersURL+"?limit=5", auth, nil, "DPoP", proof)
	}
	wantStatus(t, get("DPoP "+at, dk.proof(t, "GET", usersURL, "", at, nil)), 200)

	replayed := dk.proof(t, "GET", usersURL, "", at, nil)
	wantStatus(t, get("DPoP "+at, replayed), 200)
	other := newDPoPKey(t)
	bad := map[string]resp{
		"bearer scheme":   get("Bearer "+at, ""),
		"no proof":        get("DPoP "+at, ""),
		"replayed jti":    get("DPoP "+at, replayed),
		"wrong ath":       get("DPoP "+at, dk.proof(t, "GET", usersURL, "", "another-token", nil)),
		"wrong htu":       get("DPoP "+at, dk.proof(t, "GET", s.URL()+"/api/v1/groups", "", at, nil)),
		"wrong htm":       get("DPoP "+at, dk.proof(t, "POST", usersURL, "", at, nil)),
		"old iat":         get("DPoP "+at, dk.proof(t, "GET", usersURL, "", at, func(m jwt.MapClaims) { m["iat"] = time.Now().Add(-time.Hour).Unix() })),
		"other key":       get("DPoP "+at, other.proof(t, "GET", usersURL, "", at, nil)),
		"unknown token":   get("DPoP nope", dk.proof(t, "GET", usersURL, "", "nope", nil)),
		"no ath at all":   get("DPoP "+at, dk.proof(t, "GET", usersURL, "", "", nil)),
		"query in htu ok": get("DPoP "+at, dk.proof(t, "GET", usersURL+"?limit=5", "", at, nil)),
	}
	for name, r := range bad {
		if name == "query in htu ok" {
			if r.status != 200 {
				t.Errorf("%s: %d %s", name, r.status, r.body)
			}
			continue
		}
		if r.status != http.StatusUnauthorized || r.errorCode(t) != "E0000011" {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
}

func TestDPoPBoundClientWithoutGlobalDemand(t *testing.T) {
	c := newECClient(t, "0oabound", elliptic.P256(), jwt.SigningMethodES256)
	o := NewOrg()
	serviceApp(t, o, "0oabound", c, []string{"okta.users.read"}, "READ_ONLY_ADMIN").OAuth.DPoPBound = true
	plain := newRSAClient(t, "0oaplain")
	serviceApp(t, o, "0oaplain", plain, []string{"okta.users.read"}, "READ_ONLY_ADMIN")
	s := startSim(t, o, Options{})
	tokenURL := s.URL() + "/oauth2/v1/token"
	r := tokenRequest(t, s, c.assertion(t, tokenURL, nil), "okta.users.read")
	if r.status != 400 || !strings.Contains(string(r.body), "invalid_dpop_proof") {
		t.Fatalf("bound client without proof: %d %s", r.status, r.body)
	}
	if typ, _ := accessTokenOf(t, tokenRequest(t, s, plain.assertion(t, tokenURL, nil), "okta.users.read")); typ != "Bearer" {
		t.Fatalf("unbound client got %s", typ)
	}
}
