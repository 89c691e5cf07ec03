package okta

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

const testToken = "00TESTsecretSSWStoken"

func testClient(t testing.TB, orgURL string, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{OrgURL: orgURL, APIToken: testToken, retryBase: time.Millisecond, RequestTimeout: 10 * time.Second}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func newServer(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	if w.Header().Get("X-Okta-Request-Id") == "" {
		w.Header().Set("X-Okta-Request-Id", "req-"+strconv.Itoa(status))
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeOktaError(w http.ResponseWriter, status int, code, summary string, causes ...string) {
	var cs []map[string]string
	for _, c := range causes {
		cs = append(cs, map[string]string{"errorSummary": c})
	}
	writeJSON(w, status, map[string]any{"errorCode": code, "errorSummary": summary, "errorLink": code, "errorId": "oaeX", "errorCauses": cs})
}

// recorder keeps what a fake server saw.
type recorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (r *recorder) add(req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, req.Clone(req.Context()))
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

func (r *recorder) all() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.reqs...)
}

var (
	keysOnce sync.Once
	rsaKey   *rsa.PrivateKey
	ecKey256 *ecdsa.PrivateKey
	ecKey384 *ecdsa.PrivateKey
)

func testKeys(t *testing.T) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if ecKey256, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			panic(err)
		}
		if ecKey384, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader); err != nil {
			panic(err)
		}
	})
}

func pemOf(typ string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
}

func pkcs8(t *testing.T, key any) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pemOf("PRIVATE KEY", der)
}

func sec1(t *testing.T, key *ecdsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pemOf("EC PRIVATE KEY", der)
}

func mustContain(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%q does not contain %q", s, sub)
		}
	}
}

func mustNotContain(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if sub != "" && strings.Contains(s, sub) {
			t.Errorf("%q contains %q", s, sub)
		}
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

func postureClient(t *testing.T, org *oktasim.Org) *Client {
	t.Helper()
	s, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, PageSizeCap: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := New(Config{OrgURL: s.URL(), APIToken: s.AdminToken(), retryBase: time.Millisecond, RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// readFixtures are Okta's answers, per "METHOD path", that the read tests of
// every API area are served.
var readFixtures = map[string]string{
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
}

// readClient is a client of a server answering readFixtures.
func readClient(t *testing.T) *Client {
	t.Helper()
	_, url := fixtureServer(t, readFixtures)
	return testClient(t, url)
}

// writeCall is one request a writeServer saw.
type writeCall struct {
	method, uri string
	body        map[string]any
}

// writeServer answers writes as Okta does (no content for lifecycle
// operations, memberships and deletions; the object otherwise) and returns a
// client of it and the calls it has seen so far.
func writeServer(t *testing.T) (*Client, func() []writeCall) {
	t.Helper()
	var (
		mu  sync.Mutex
		got []writeCall
	)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		got = append(got, writeCall{r.Method, r.URL.RequestURI(), body})
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
	return testClient(t, srv.URL), func() []writeCall {
		mu.Lock()
		defer mu.Unlock()
		return append([]writeCall(nil), got...)
	}
}

// checkCalls asserts the "METHOD request-URI" of each call, in order.
func checkCalls(t *testing.T, got []writeCall, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d calls: %+v", len(got), got)
	}
	for i, w := range want {
		if g := got[i].method + " " + got[i].uri; g != w {
			t.Errorf("call %d: %s, want %s", i, g, w)
		}
	}
}

// capGate is the part of a fake server's handler that measures how many
// requests are in flight at once. Every request after the first is held until
// want of them are in flight together, so a test asserts that the client
// reached its concurrency cap (a client that serialised its requests fails)
// as well as that it never went past it. The first request is let through
// alone because a client may send one probe to learn an unknown bucket's
// limits before it sends more. If the cap is not reached within a generous
// deadline (shorter than testClient's request timeout, so no held request is
// retried), every held request is let go and check fails: the test fails
// instead of hanging.
type capGate struct {
	want     int32
	cur      atomic.Int32
	peak     atomic.Int32
	first    atomic.Bool
	full     chan struct{} // closed when want were in flight, or at the deadline
	once     sync.Once
	deadline time.Time
	reached  atomic.Bool // want were in flight at once before the deadline
}

func newCapGate(want int) *capGate {
	return &capGate{want: int32(want), full: make(chan struct{}), deadline: time.Now().Add(5 * time.Second)}
}

// hold counts the request in, holds it as described on capGate, then keeps it
// in flight a moment longer so that a client going past the cap shows it.
func (g *capGate) hold() {
	n := g.cur.Add(1)
	defer g.cur.Add(-1)
	for { // raise peak to n unless another request raised it further
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			break
		}
	}
	if n >= g.want {
		g.once.Do(func() { g.reached.Store(true); close(g.full) })
	}
	if g.first.CompareAndSwap(false, true) {
		return
	}
	select {
	case <-g.full:
	case <-time.After(time.Until(g.deadline)):
		g.once.Do(func() { close(g.full) })
	}
	time.Sleep(10 * time.Millisecond)
}

// check fails t unless the peak was exactly want.
func (g *capGate) check(t *testing.T) {
	t.Helper()
	if p := g.peak.Load(); p > g.want {
		t.Errorf("peak concurrency %d, want at most %d", p, g.want)
	}
	if !g.reached.Load() {
		t.Errorf("the client never had %d requests in flight at once (peak %d): it does not use its concurrency", g.want, g.peak.Load())
	}
}

// as returns v as a T, failing the test (rather than panicking) when a
// value has another shape than the test expects.
func as[T any](t testing.TB, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		t.Fatalf("got %T (%v), want %T", v, v, x)
	}
	return x
}
