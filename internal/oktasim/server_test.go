package oktasim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// testNow is the simulator clock of every test that pins it.
var testNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// startSim serves org and stops the server when the test ends.
func startSim(t *testing.T, org *Org, opts Options) *Server {
	t.Helper()
	opts.Org = org
	opts.Unlimited = true
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

func (r resp) list(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	r.json(t, &out)
	return out
}

func (r resp) object(t *testing.T) map[string]any {
	t.Helper()
	var out map[string]any
	r.json(t, &out)
	return out
}

// errorCode returns the errorCode of an Okta error body.
func (r resp) errorCode(t *testing.T) string {
	t.Helper()
	code, _ := r.object(t)["errorCode"].(string)
	return code
}

// nextLink returns the rel="next" Link, or "".
func (r resp) nextLink() string { return parseLinkNext(r.header) }

// send makes a request; auth is the whole Authorization header value ("" for
// none); body is marshaled to JSON unless it is nil or already a string.
func send(t *testing.T, method, url, auth string, body any, extra ...string) resp {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(extra); i += 2 {
		req.Header.Set(extra[i], extra[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: data}
}

// admin sends a request with the simulator's admin token.
func admin(t *testing.T, s *Server, method, path string, body any) resp {
	t.Helper()
	return send(t, method, s.URL()+path, "SSWS "+s.AdminToken(), body)
}

func wantStatus(t *testing.T, r resp, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
}

func tp(t time.Time) *time.Time { return &t }

// addUser appends a user with login <name>@example.com; ids must be added in
// order.
func addUser(o *Org, id, name, status string) {
	u := &User{
		ID: id, Status: status, Created: testNow.Add(-48 * time.Hour), LastUpdated: testNow.Add(-24 * time.Hour),
		Profile: map[string]any{
			"login": name + "@example.com", "email": name + "@example.com",
			"firstName": strings.ToUpper(name[:1]) + name[1:], "lastName": "Tester",
		},
	}
	if status != "STAGED" {
		u.Activated = tp(u.Created)
	}
	o.Users = append(o.Users, u)
}

func addToken(o *Org, id, userID, secret string) *APIToken {
	t := &APIToken{
		ID: id, Name: "token " + id, UserID: userID, ClientName: "Okta API", TokenWindow: "P30D",
		Created: testNow.Add(-time.Hour), ExpiresAt: testNow.Add(30 * 24 * time.Hour), LastUpdated: testNow.Add(-time.Hour),
		Network: TokenNetwork{Connection: "ANYWHERE"}, Secret: secret,
	}
	o.APITokens = append(o.APITokens, t)
	return t
}

func addUserRole(o *Org, userID, id, typ string) {
	o.UserRoles[userID] = append(o.UserRoles[userID], &RoleAssignment{ID: id, Type: typ, Status: "ACTIVE", AssignmentType: "USER", Created: testNow})
}

func TestAdminTokenBootstrapKeepsEmptyOrgEmpty(t *testing.T) {
	s := startSim(t, NewOrg(), Options{})
	r := admin(t, s, "GET", "/api/v1/users", nil)
	wantStatus(t, r, 200)
	if got := r.list(t); len(got) != 0 {
		t.Fatalf("empty org lists %d users", len(got))
	}
	if strings.Contains(fmt.Sprint(s.Org().APITokens), s.AdminToken()) {
		t.Fatal("bootstrap token was added to the org")
	}
}

// With no org the simulator serves an empty one: the demo org is the
// fixtures package's, which the simulator does not import.
func TestNilOrgServesEmptyOrg(t *testing.T) {
	s := startSim(t, nil, Options{})
	if s.Org() == nil || s.Org().ID != NewOrg().ID {
		t.Fatalf("serves %+v, want NewOrg()", s.Org())
	}
	for _, path := range []string{"/api/v1/users", "/api/v1/groups", "/api/v1/apps"} {
		r := admin(t, s, "GET", path, nil)
		wantStatus(t, r, 200)
		if got := r.list(t); len(got) != 0 {
			t.Errorf("%s lists %d items in an empty org", path, len(got))
		}
	}
}

func TestAdminTokenPrefersSuperAdminToken(t *testing.T) {
	o := NewOrg()
	addUser(o, "00u1", "ann", "ACTIVE")
	addUser(o, "00u2", "bob", "ACTIVE")
	addUserRole(o, "00u1", "ra1", "READ_ONLY_ADMIN")
	addUserRole(o, "00u2", "ra2", "SUPER_ADMIN")
	addToken(o, "00T1", "00u1", "secret-ro")
	addToken(o, "00T2", "00u2", "secret-super")
	s := startSim(t, o, Options{})
	if got := s.AdminToken(); got != "secret-super" {
		t.Fatalf("AdminToken is not the SUPER_ADMIN's token")
	}
	wantStatus(t, admin(t, s, "POST", "/api/v1/users/00u1/lifecycle/suspend", nil), 200)
}

func TestUnknownRouteAndResource(t *testing.T) {
	s := startSim(t, NewOrg(), Options{})
	r := admin(t, s, "GET", "/api/v1/nothing-here", nil)
	wantStatus(t, r, 404)
	if r.errorCode(t) != "E0000022" {
		t.Fatalf("unknown route: %s", r.body)
	}
	r = admin(t, s, "PATCH", "/api/v1/users", nil)
	wantStatus(t, r, 404)

	r = admin(t, s, "GET", "/api/v1/users/00unope", nil)
	wantStatus(t, r, 404)
	if got := r.object(t)["errorSummary"]; got != "Not found: Resource not found: 00unope (User)" {
		t.Fatalf("summary %q", got)
	}
}

func TestWellKnownAndOrg(t *testing.T) {
	s := startSim(t, NewOrg(), Options{})
	r := send(t, "GET", s.URL()+"/.well-known/okta-organization", "", nil)
	wantStatus(t, r, 200)
	wk := r.object(t)
	if wk["id"] != "00o1sim0000000000000" || wk["pipeline"] != "idx" {
		t.Fatalf("well-known: %s", r.body)
	}
	if href := dig(t, wk, "_links", "organization", "href"); href != s.URL() {
		t.Fatalf("organization href %v", href)
	}
	wantStatus(t, send(t, "GET", s.URL()+"/api/v1/org", "", nil), 401)
	r = admin(t, s, "GET", "/api/v1/org", nil)
	wantStatus(t, r, 200)
	org := r.object(t)
	if org["companyName"] != "Simulated Org" || org["subdomain"] != "sim" || org["status"] != "ACTIVE" {
		t.Fatalf("org: %s", r.body)
	}
}

func TestIDsFollowWriteOrder(t *testing.T) {
	ids := func() []string {
		s := New(Options{Org: NewOrg(), Unlimited: true})
		return []string{s.newID("00u"), s.newID("00g"), s.newID("0oa")}
	}
	a, b := ids(), ids()
	for i := range a {
		if a[i] != b[i] || len(a[i]) != 20 {
			t.Fatalf("ids %v and %v", a, b)
		}
	}
	if !strings.HasPrefix(a[0], "00u") || !strings.HasPrefix(a[2], "0oa") {
		t.Fatalf("prefixes: %v", a)
	}
}

func TestServeWithoutListening(t *testing.T) {
	// New is an http.Handler: links then follow the Host the client used.
	s := New(Options{Org: NewOrg(), Unlimited: true, Now: func() time.Time { return testNow }})
	req, _ := http.NewRequest(http.MethodGet, "http://sim.example/.well-known/okta-organization", nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"href":"http://sim.example"`) {
		t.Fatalf("status %d body %s", rec.Code, rec.Body.String())
	}
}

// as returns v as a T, failing the test (rather than panicking) when a
// response has another shape than the test expects.
func as[T any](t testing.TB, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		t.Fatalf("got %T (%v), want %T", v, v, x)
	}
	return x
}

// dig returns the value at path through nested JSON objects, failing the
// test when a step on the way is not an object.
func dig(t testing.TB, v any, path ...string) any {
	t.Helper()
	for i, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("at %q: got %T (%v), want a JSON object", strings.Join(path[:i], "."), v, v)
		}
		v = m[k]
	}
	return v
}
