package okta

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

func userJSON(id string) map[string]any {
	return map[string]any{"id": id, "status": "ACTIVE", "created": "2024-01-02T03:04:05.000Z", "lastLogin": nil,
		"profile": profileJSON(id)}
}

func profileJSON(id string) map[string]any {
	return map[string]any{"login": id + "@acme.com", "email": id + "@acme.com"}
}

func TestPaginationFollowsEveryNextLink(t *testing.T) {
	const pages, perPage = 23, 2
	var rec recorder
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		if r.URL.Path != "/api/v1/users" {
			http.NotFound(w, r)
			return
		}
		page := 0
		if a := r.URL.Query().Get("after"); a != "" {
			page, _ = strconv.Atoi(a)
		}
		var items []any
		for i := range perPage {
			items = append(items, userJSON(fmt.Sprintf("00u%03d", page*perPage+i)))
		}
		self := "http://" + r.Host + r.URL.RequestURI()
		if page+1 < pages {
			q := r.URL.Query()
			q.Set("after", strconv.Itoa(page+1))
			next := "http://" + r.Host + "/api/v1/users?" + q.Encode()
			if page%2 == 0 {
				// Okta's habit: one Link header per relation.
				w.Header().Add("Link", "<"+self+`>; rel="self"`)
				w.Header().Add("Link", "<"+next+`>; rel="next"`)
			} else {
				// Also valid: one comma-joined header.
				w.Header().Set("Link", "<"+self+`>; rel="self", <`+next+`>; rel="next"`)
			}
		} else {
			w.Header().Add("Link", "<"+self+`>; rel="self"`)
		}
		writeJSON(w, 200, items)
	})
	c := testClient(t, srv.URL)
	users, err := c.ListUsers(t.Context(), UserQuery{Search: `status eq "ACTIVE"`})
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != pages*perPage {
		t.Fatalf("got %d users, want %d", len(users), pages*perPage)
	}
	for i, u := range users {
		if want := fmt.Sprintf("00u%03d", i); u.ID != want {
			t.Fatalf("user %d is %s, want %s", i, u.ID, want)
		}
	}
	reqs := rec.all()
	if len(reqs) != pages {
		t.Fatalf("%d requests, want %d", len(reqs), pages)
	}
	for _, r := range reqs {
		if got := r.URL.Query().Get("limit"); got != "200" {
			t.Errorf("limit=%q, want 200", got)
		}
		if got := r.URL.Query().Get("search"); got != `status eq "ACTIVE"` {
			t.Errorf("search=%q", got)
		}
		if got := r.Header.Get("Content-Type"); got != omitCredentials {
			t.Errorf("Content-Type %q, want %q", got, omitCredentials)
		}
		if got := r.Header.Get("Authorization"); got != "SSWS "+testToken {
			t.Errorf("Authorization %q", got)
		}
	}
	if got := c.Stats()[ratelimit.UsersList]; got != pages {
		t.Errorf("Stats users = %d, want %d", got, pages)
	}
}

func TestSplitLinks(t *testing.T) {
	ls := splitLinks(`<https://a/x?a=1,2;b>; rel="self", <https://a/y>; rel="next prev"`)
	if len(ls) != 2 || ls[0].url != "https://a/x?a=1,2;b" || !ls[0].has("self") || !ls[1].has("next") || !ls[1].has("prev") {
		t.Fatalf("splitLinks: %+v", ls)
	}
}

func TestNextLinkToAnotherOriginRefused(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Add("Link", `<https://evil.example.com/api/v1/groups?after=x>; rel="next"`)
		writeJSON(w, 200, []any{})
	})
	_, err := testClient(t, srv.URL).ListGroups(t.Context(), GroupQuery{})
	if err == nil || !strings.Contains(err.Error(), "another origin") {
		t.Fatalf("err = %v", err)
	}
}

// rateHeaders writes Okta's rate-limit headers for a window that resets at reset.
func rateHeaders(w http.ResponseWriter, limit, remaining int, reset int64) {
	w.Header().Set("X-Rate-Limit-Limit", strconv.Itoa(limit))
	w.Header().Set("X-Rate-Limit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(reset, 10))
}

func TestTooManyRequestsWaitsUntilReset(t *testing.T) {
	var (
		mu       sync.Mutex
		n        int
		reset    int64
		secondAt time.Time
	)
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n == 1 {
			reset = time.Now().Unix() + 1
			rateHeaders(w, 100, 0, reset)
			writeOktaError(w, 429, "E0000047", "API call exceeded rate limit due to too many requests.")
			return
		}
		secondAt = time.Now()
		rateHeaders(w, 100, 99, time.Now().Unix()+60)
		writeJSON(w, 200, userJSON("00u1"))
	})
	c := testClient(t, srv.URL)
	u, err := c.GetUser(t.Context(), "00u1")
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if u.ID != "00u1" || n != 2 {
		t.Fatalf("user %q after %d requests", u.ID, n)
	}
	// The retry must not come before the server's reset second.
	if secondAt.Unix() < reset {
		t.Errorf("retried at %v, before reset %v", secondAt.Unix(), reset)
	}
	if got := c.Stats()[ratelimit.UserGet]; got != 2 {
		t.Errorf("Stats user = %d, want 2", got)
	}
}

func TestTooManyRequestsBeyondMaxRetries(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		rateHeaders(w, 100, 0, time.Now().Unix())
		w.Header().Set("X-Okta-Request-Id", "rl-req-9")
		writeOktaError(w, 429, "E0000047", "API call exceeded rate limit due to too many requests.")
	})
	c := testClient(t, srv.URL, func(c *Config) { c.MaxRetries = 2 })
	_, err := c.ListApps(t.Context(), AppQuery{})
	if !IsRateLimited(err) {
		t.Fatalf("err = %v, want a 429 *Error", err)
	}
	if n.Load() != 3 {
		t.Errorf("%d attempts, want 3", n.Load())
	}
	mustContain(t, err.Error(), "E0000047", "rl-req-9", "after 2 retries", "max_retries", "max_api_capacity", `"apps"`, "GET /api/v1/apps")
	// A 429 is retried for POST too: Okta did not process it.
	n.Store(0)
	_, err = c.CreateUser(t.Context(), map[string]any{"login": "a@b.c"}, "", false)
	if !IsRateLimited(err) || n.Load() != 3 {
		t.Errorf("POST: err %v after %d attempts", err, n.Load())
	}
}

func TestServerErrorsRetried(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1) <= 2 {
			writeOktaError(w, 503, "E0000009", "Internal Server Error")
			return
		}
		writeJSON(w, 200, []any{map[string]any{"id": "00g1", "type": "OKTA_GROUP", "profile": map[string]any{"name": "Eng"}}})
	})
	c := testClient(t, srv.URL)
	gs, err := c.ListGroups(t.Context(), GroupQuery{})
	if err != nil || len(gs) != 1 || gs[0].Name != "Eng" {
		t.Fatalf("groups %v err %v", gs, err)
	}
	if n.Load() != 3 {
		t.Errorf("%d attempts, want 3", n.Load())
	}

	// A POST that failed with 5xx may have been processed: not retried.
	n.Store(-100)
	_, err = c.CreateUser(t.Context(), map[string]any{"login": "a@b.c"}, "", true)
	var oe *Error
	if !errors.As(err, &oe) || oe.HTTPStatus != 503 || n.Load() != -99 {
		t.Errorf("POST 503: err %v after %d attempts", err, n.Load()+100)
	}

	// Exhausted retries report the 5xx with its request id.
	n.Store(-100)
	c2 := testClient(t, srv.URL, func(c *Config) { c.MaxRetries = 1 })
	_, err = c2.ListGroups(t.Context(), GroupQuery{})
	if !errors.As(err, &oe) || oe.HTTPStatus != 503 || oe.RequestID != "req-503" {
		t.Fatalf("err = %v", err)
	}
	mustContain(t, err.Error(), "after 1 retries")
}

func hijackAndClose(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("no hijacker")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	_ = conn.Close()
}

func TestDroppedConnectionRetried(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		switch n.Add(1) {
		case 1:
			hijackAndClose(t, w)
		case 2:
			// Headers promise more than the body holds: a truncated body.
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "500")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`[{"id":"0oa1",`))
		default:
			writeJSON(w, 200, []any{map[string]any{"id": "0oa1", "name": "bookmark", "status": "ACTIVE"}})
		}
	})
	c := testClient(t, srv.URL)
	apps, err := c.ListApps(t.Context(), AppQuery{})
	if err != nil || len(apps) != 1 || apps[0].ID != "0oa1" {
		t.Fatalf("apps %v err %v", apps, err)
	}
	if n.Load() != 3 {
		t.Errorf("%d attempts, want 3", n.Load())
	}

	// A POST whose connection dropped is not replayed.
	n.Store(0)
	err = c.ActivateUser(t.Context(), "00u1")
	if err == nil || n.Load() != 1 {
		t.Errorf("POST after drop: err %v, %d attempts", err, n.Load())
	}
}

func TestMalformedJSONRetriedThenReported(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Okta-Request-Id", "bad-body-1")
		_, _ = w.Write([]byte(`[{"id":"00g1","profile":{"name":`))
	})
	c := testClient(t, srv.URL, func(c *Config) { c.MaxRetries = 3 })
	_, err := c.ListGroups(t.Context(), GroupQuery{})
	if err == nil {
		t.Fatal("malformed body accepted")
	}
	if n.Load() != 4 {
		t.Errorf("%d attempts, want 4", n.Load())
	}
	mustContain(t, err.Error(), "not valid JSON", "4 attempt", "bad-body-1", "GET /api/v1/groups")

	var m atomic.Int32
	srv2 := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if m.Add(1) == 1 {
			_, _ = w.Write([]byte(`{"id":`))
			return
		}
		writeJSON(w, 200, map[string]any{"id": "00T1", "name": "ci"})
	})
	tok, err := testClient(t, srv2.URL).GetAPIToken(t.Context(), "00T1")
	if err != nil || tok.Name != "ci" || m.Load() != 2 {
		t.Fatalf("token %+v err %v after %d", tok, err, m.Load())
	}
}

func TestAttemptTimeoutRetried(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			<-r.Context().Done() // hang until the client gives up on the attempt
			return
		}
		writeJSON(w, 200, map[string]any{"id": "00o1", "pipeline": "idx", "companyName": "Acme", "subdomain": "acme"})
	})
	c := testClient(t, srv.URL, func(c *Config) { c.RequestTimeout = 500 * time.Millisecond })
	m, err := c.GetOrgMetadata(t.Context())
	if err != nil || m.ID != "00o1" {
		t.Fatalf("org %+v err %v", m, err)
	}
	// At least: the attempt that timed out, its retry, and /api/v1/org.
	if n.Load() < 3 {
		t.Errorf("%d requests, want at least 3", n.Load())
	}
}

func TestContextCancelStopsRateLimitWait(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		rateHeaders(w, 100, 0, time.Now().Unix()+90)
		writeOktaError(w, 429, "E0000047", "rate limited")
		select {
		case arrived <- struct{}{}:
		default:
		}
	})
	c := testClient(t, srv.URL)
	ctx, cancel := context.WithCancel(t.Context())
	go func() { <-arrived; cancel() }()
	_, err := c.ListAPITokens(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestErrorMapping(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Okta-Request-Id", "rid-"+strings.TrimPrefix(r.URL.Path, "/api/v1/"))
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/v1/users"):
			writeOktaError(w, 401, "E0000011", "Invalid token provided")
		case strings.HasPrefix(r.URL.Path, "/api/v1/logs"):
			writeOktaError(w, 403, "E0000006", "You do not have permission to perform the requested action")
		case strings.HasPrefix(r.URL.Path, "/api/v1/apps"):
			writeOktaError(w, 404, "E0000007", "Not found: Resource not found: 0oaX (AppInstance)")
		case strings.HasPrefix(r.URL.Path, "/api/v1/groups"):
			writeOktaError(w, 400, "E0000001", "Api validation failed: name", "name: The field cannot be left blank")
		}
	})
	c := testClient(t, srv.URL)
	ctx := t.Context()

	_, err := c.ListUsers(ctx, UserQuery{})
	var e *Error
	if !IsUnauthorized(err) || !errors.As(err, &e) {
		t.Fatalf("401: %v", err)
	}
	if e.ErrorCode != "E0000011" || e.RequestID != "rid-users" || e.Method != http.MethodGet || e.Path != "/api/v1/users" {
		t.Errorf("401 fields: %+v", e)
	}
	mustContain(t, err.Error(), "E0000011", "rid-users", "Invalid token provided", "API token is invalid, expired or revoked")

	_, _, err = c.ListLogs(ctx, time.Now().Add(-time.Hour), time.Now(), "", 10)
	if !IsForbidden(err) {
		t.Fatalf("403: %v", err)
	}
	mustContain(t, err.Error(), "E0000006", "rid-logs", "admin", "okta.logs.read")

	_, err = c.GetApp(ctx, "0oaX")
	if !IsNotFound(err) || IsForbidden(err) {
		t.Fatalf("404: %v", err)
	}
	mustContain(t, err.Error(), "E0000007", "rid-apps/0oaX", "Not found")

	_, err = c.ListGroups(ctx, GroupQuery{})
	if !errors.As(err, &e) || len(e.ErrorCauses) != 1 {
		t.Fatalf("400: %v", err)
	}
	mustContain(t, err.Error(), "E0000001", "The field cannot be left blank")

	for _, s := range []string{err.Error()} {
		mustNotContain(t, s, testToken)
	}
}

func TestGovernorHoldsClientUnderCapacity(t *testing.T) {
	// A server whose user bucket allows 6 requests per one-second window; the
	// client may use 50% of it, so at most 3 requests may land in any window.
	const limit = 6
	var (
		mu       sync.Mutex
		perWin   = map[int64]int{}
		rejected int
	)
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		now := time.Now()
		win := now.Unix()
		mu.Lock()
		perWin[win]++
		n := perWin[win]
		mu.Unlock()
		rateHeaders(w, limit, max(limit-n, 0), win+1)
		if n > limit {
			mu.Lock()
			rejected++
			mu.Unlock()
			writeOktaError(w, 429, "E0000047", "rate limited")
			return
		}
		writeJSON(w, 200, userJSON("00u1"))
	})
	c := testClient(t, srv.URL, func(c *Config) { c.MaxAPICapacity = 50; c.MaxConcurrency = 8 })
	var wg sync.WaitGroup
	errs := make(chan error, 9)
	for range 9 {
		wg.Go(func() {
			_, err := c.GetUser(t.Context(), "00u1")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	total := 0
	for win, n := range perWin {
		total += n
		if n > limit/2 {
			t.Errorf("window %d saw %d requests, more than 50%% of %d", win, n, limit)
		}
	}
	if total != 9 || rejected != 0 {
		t.Errorf("total %d, rejected %d", total, rejected)
	}
}

func TestGovernorAdmission(t *testing.T) {
	g := newGovernor(50, time.Minute)
	now := time.Unix(1_700_000_000, 0)
	g.now = func() time.Time { return now }
	b := g.bucket(ratelimit.Apps)
	// Unknown bucket: one probe at a time.
	if ok, _ := g.admit(b, now); !ok {
		t.Fatal("first probe refused")
	}
	b.inflight = 1
	if ok, wait := g.admit(b, now); ok || wait != 0 {
		t.Fatalf("second request admitted before headers: %v %v", ok, wait)
	}
	h := http.Header{}
	h.Set("X-Rate-Limit-Limit", "100")
	h.Set("X-Rate-Limit-Remaining", "60")
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(now.Unix()+30, 10))
	h.Set("Date", now.Add(-2*time.Second).UTC().Format(http.TimeFormat)) // server clock 2s behind
	b.inflight = 0
	g.observe(b, h, now)
	if want := now.Add(32 * time.Second); !b.reset.Equal(want) {
		t.Errorf("reset %v, want %v (skew corrected)", b.reset, want)
	}
	// 40 used of a 50 share: 9 more in flight fit, the 10th does not.
	b.inflight = 9
	if ok, _ := g.admit(b, now); !ok {
		t.Error("49 of 50 refused")
	}
	b.inflight = 10
	ok, wait := g.admit(b, now)
	if ok || wait != 32*time.Second {
		t.Errorf("share used: ok=%v wait=%v", ok, wait)
	}
	// A stale report from an older window is ignored.
	old := h.Clone()
	old.Set("X-Rate-Limit-Remaining", "99")
	old.Set("X-Rate-Limit-Reset", strconv.FormatInt(now.Unix()-30, 10))
	g.observe(b, old, now)
	if b.remaining != 60 {
		t.Errorf("stale report applied: remaining %d", b.remaining)
	}
	// After the reset only in-flight requests count.
	b.inflight = 0
	if ok, _ := g.admit(b, now.Add(33*time.Second)); !ok {
		t.Error("refused after reset")
	}
}

// TestConcurrencyCapNeverExceeded: max_concurrency requests are in flight at
// once, never more.
func TestConcurrencyCapNeverExceeded(t *testing.T) {
	var served atomic.Int32
	gate := newCapGate(3)
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		gate.hold()
		served.Add(1)
		rateHeaders(w, 10000, 9999, time.Now().Unix()+60)
		writeJSON(w, 200, []any{})
	})
	c := testClient(t, srv.URL, func(c *Config) { c.MaxConcurrency = 3; c.MaxAPICapacity = 100 })
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			if _, err := c.ListUserFactors(t.Context(), fmt.Sprintf("00u%d", i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	gate.check(t)
	if served.Load() != 30 {
		t.Errorf("served %d", served.Load())
	}
}

func TestStatsCountsAttemptsPerBucket(t *testing.T) {
	var appsN atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/api/v1/apps" && appsN.Add(1) == 1:
			writeOktaError(w, 500, "E0000009", "boom")
		case r.URL.Path == "/.well-known/okta-organization":
			writeJSON(w, 200, map[string]any{"id": "00o1", "pipeline": "idx"})
		case strings.HasSuffix(r.URL.Path, "/roles"), r.URL.Path == "/api/v1/apps", r.URL.Path == "/api/v1/api-tokens":
			writeJSON(w, 200, []any{})
		default:
			writeJSON(w, 200, map[string]any{"id": "x"})
		}
	})
	c := testClient(t, srv.URL)
	ctx := t.Context()
	for _, f := range []func() error{
		func() error { _, err := c.ListApps(ctx, AppQuery{}); return err },
		func() error { _, err := c.ListClientRoles(ctx, "cid"); return err },
		func() error { _, err := c.ListUserRoles(ctx, "00u1"); return err },
		func() error { _, err := c.ListAPITokens(ctx); return err },
		func() error { _, err := c.GetOrgMetadata(ctx); return err },
	} {
		if err := f(); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]int64{ratelimit.Apps: 2, ratelimit.Clients: 1, ratelimit.UserGet: 1, ratelimit.APITokens: 1, ratelimit.Org: 2}
	got := c.Stats()
	if len(got) != len(want) {
		t.Errorf("Stats = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Stats[%s] = %d, want %d", k, got[k], v)
		}
	}
	if c.Requests() != 7 {
		t.Errorf("Requests = %d, want 7", c.Requests())
	}
}

func TestAuthorizationNotForwardedAcrossHosts(t *testing.T) {
	var other recorder
	elsewhere := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		other.add(r)
		writeJSON(w, 200, userJSON("00u2"))
	})
	var home recorder
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		home.add(r)
		switch r.URL.Path {
		case "/api/v1/users/away":
			http.Redirect(w, r, elsewhere.URL+"/api/v1/users/00u2", http.StatusFound)
		case "/api/v1/users/moved":
			http.Redirect(w, r, "/api/v1/users/00u3", http.StatusFound)
		default:
			writeJSON(w, 200, userJSON("00u3"))
		}
	})
	// Different ports are different origins even on the same address: the
	// redirect is refused, so neither the credential nor the request goes there.
	c := testClient(t, srv.URL)
	if _, err := c.GetUser(t.Context(), "away"); err == nil {
		t.Fatal("redirect to another origin followed")
	}
	if n := other.count(); n != 0 {
		t.Fatalf("%d requests reached the other host", n)
	}
	if _, err := c.GetUser(t.Context(), "moved"); err != nil {
		t.Fatal(err)
	}
	last := home.all()[home.count()-1]
	if last.URL.Path != "/api/v1/users/00u3" || last.Header.Get("Authorization") != "SSWS "+testToken {
		t.Errorf("same-origin redirect lost its credential: %s %q", last.URL.Path, last.Header.Get("Authorization"))
	}
}

func TestSDKEnvironmentDoesNotWin(t *testing.T) {
	var rec recorder
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		writeJSON(w, 200, userJSON("00u1"))
	})
	t.Setenv("OKTA_CLIENT_ORGURL", "https://elsewhere.okta.com")
	t.Setenv("OKTA_CLIENT_TOKEN", "env-token")
	t.Setenv("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey")
	t.Setenv("OKTA_CLIENT_CACHE_ENABLED", "true")
	t.Setenv("OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES", "9")
	t.Setenv("OKTA_CLIENT_REQUEST_TIMEOUT", "1")
	t.Setenv("HOME", t.TempDir())
	c := testClient(t, srv.URL)
	for range 2 {
		if _, err := c.GetUser(t.Context(), "00u1"); err != nil {
			t.Fatal(err)
		}
	}
	// Both requests reached this server (no cache) with our credential.
	if rec.count() != 2 {
		t.Fatalf("%d requests, want 2", rec.count())
	}
	for _, r := range rec.all() {
		if r.Header.Get("Authorization") != "SSWS "+testToken {
			t.Errorf("Authorization %q", r.Header.Get("Authorization"))
		}
		mustContain(t, r.Header.Get("User-Agent"), "terraform-provider-oktagate")
	}
}

func TestLogHookHasNoSecrets(t *testing.T) {
	var (
		mu      sync.Mutex
		entries []string
	)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("after") == "" {
			rateHeaders(w, 10, 0, time.Now().Unix())
			writeOktaError(w, 429, "E0000047", "slow down")
			return
		}
		writeJSON(w, 200, []any{})
	})
	c := testClient(t, srv.URL, func(c *Config) {
		c.MaxRetries = 1
		c.Log = func(_ context.Context, _ LogLevel, msg string, f map[string]any) {
			mu.Lock()
			defer mu.Unlock()
			entries = append(entries, fmt.Sprintf("%s %v", msg, f))
		}
	})
	_, err := c.ListUsers(t.Context(), UserQuery{})
	if err == nil {
		t.Fatal("want 429")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(entries) < 3 {
		t.Fatalf("log entries: %v", entries)
	}
	all := strings.Join(entries, "\n")
	mustContain(t, all, "okta request retry", "bucket:users", "status:429", "path:/api/v1/users", "attempt:2")
	mustNotContain(t, all, testToken, "SSWS", "Authorization")
	mustNotContain(t, err.Error(), testToken)
}

func TestHTTPOrgRefusedForRemoteHost(t *testing.T) {
	_, err := New(Config{OrgURL: "http://acme.okta.com", APIToken: testToken})
	if err == nil {
		t.Fatal("http accepted for a remote host")
	}
	mustNotContain(t, err.Error(), testToken)
	u, _ := url.Parse("http://127.0.0.1:1")
	if _, err := New(Config{OrgURL: u.String(), APIToken: testToken}); err != nil {
		t.Errorf("loopback refused: %v", err)
	}
}

// TestDroppedConnectionIsEOF: a connection dropped before the response or in
// the middle of its body is retried up to max_retries and then reported as
// what it is, io.EOF or io.ErrUnexpectedEOF, whatever the body's size and
// framing (a 200 KB chunked page is read in pooled blocks, a small one with
// its Content-Length in one piece).
func TestDroppedConnectionIsEOF(t *testing.T) {
	const maxRetries = 2
	cases := []struct {
		name string
		drop func(t *testing.T, w http.ResponseWriter)
		want error
	}{
		{"before the response", hijackAndClose, io.EOF},
		{"mid-body with Content-Length", func(_ *testing.T, w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "500")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`[{"id":"0oa1",`))
		}, io.ErrUnexpectedEOF},
		{"mid-body, chunked and large", func(t *testing.T, w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`[{"id":"0oa1","label":"` + strings.Repeat("x", 200<<10)))
			f, ok := w.(http.Flusher)
			if !ok {
				t.Fatalf("%T cannot flush", w)
			}
			f.Flush()
			hijackAndClose(t, w)
		}, io.ErrUnexpectedEOF},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				n.Add(1)
				tc.drop(t, w)
			})
			c := testClient(t, srv.URL, func(c *Config) { c.MaxRetries = maxRetries })
			_, err := c.ListApps(t.Context(), AppQuery{})
			if !errors.Is(err, tc.want) {
				t.Errorf("errors.Is(%v, %v) is false", err, tc.want)
			}
			if !MayHaveApplied(err) {
				t.Errorf("MayHaveApplied(%v) is false", err)
			}
			if got := n.Load(); got != maxRetries+1 {
				t.Errorf("%d attempts, want %d (max_retries+1)", got, maxRetries+1)
			}
			// A POST is sent once.
			n.Store(0)
			err = c.ActivateApp(t.Context(), "0oa1")
			if !errors.Is(err, tc.want) || n.Load() != 1 {
				t.Errorf("POST: %v after %d attempts, want %v after 1", err, n.Load(), tc.want)
			}
		})
	}
}

// TestSDKNeverSends: okta-sdk-golang/v2 builds requests but is given no way to
// send one. Its RequestExecutor.Do retries io.EOF without limit (its backoff
// counts only 429s), so even if it were called against a server that drops
// every connection, it must give up at once, having sent nothing.
func TestSDKNeverSends(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		hijackAndClose(t, w)
	})
	c := testClient(t, srv.URL)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	re := c.sdk.CloneRequestExecutor()
	req, err := re.NewRequest(http.MethodGet, "/api/v1/users", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := re.Do(ctx, req, nil); err == nil || ctx.Err() != nil {
		t.Errorf("Do: err %v, context %v: want an immediate refusal", err, ctx.Err())
	}
	if n.Load() != 0 {
		t.Errorf("the SDK sent %d requests itself", n.Load())
	}
}
