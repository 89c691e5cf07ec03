package okta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// These tests play a hostile or broken Okta: each must fail closed, after a
// bounded number of requests and bytes, with a message that says what to do.

// logCapture keeps the client's log entries with their level.
type logCapture struct {
	mu      sync.Mutex
	entries []string
	notify  func(level LogLevel, msg string, f map[string]any)
}

func (l *logCapture) log(_ context.Context, level LogLevel, msg string, f map[string]any) {
	l.mu.Lock()
	l.entries = append(l.entries, fmt.Sprintf("%s %s %v", level, msg, f))
	n := l.notify
	l.mu.Unlock()
	if n != nil {
		n(level, msg, f)
	}
}

func (l *logCapture) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.entries, "\n")
}

func TestHostileCrossOriginRedirectRefused(t *testing.T) {
	var other recorder
	elsewhere := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		other.add(r)
		writeJSON(w, 200, userJSON("00uEVIL"))
	})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/api/v1/users/00uEVIL", http.StatusFound)
	})
	_, err := testClient(t, srv.URL).GetUser(t.Context(), "00u1")
	if err == nil {
		t.Fatal("a redirect to another origin was followed and its body accepted")
	}
	if other.count() != 0 {
		t.Errorf("%d requests reached the other origin", other.count())
	}
	mustContain(t, err.Error(), srv.URL, elsewhere.URL, "org_url")
}

func TestHostileEndlessNextLinks(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		// Every page links to a new one: no cursor repeats.
		w.Header().Add("Link", fmt.Sprintf(`<http://%s%s?after=c%d>; rel="next"`, r.Host, r.URL.Path, i))
		writeJSON(w, 200, []any{userJSON(fmt.Sprintf("00u%d", i))})
	})
	c := testClient(t, srv.URL, func(c *Config) { c.maxPages = 40 })
	_, err := c.ListUsers(t.Context(), UserQuery{})
	if err == nil {
		t.Fatal("an endless listing was accepted")
	}
	if got := n.Load(); got != 40 {
		t.Errorf("%d pages requested, want 40 (the cap)", got)
	}
	mustContain(t, err.Error(), "/api/v1/users", "40 pages", "next")

	// The IAM assignee list pages through its body.
	n.Store(0)
	srv2 := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		writeJSON(w, 200, map[string]any{"value": []any{map[string]any{"id": "00u" + strconv.Itoa(int(i))}},
			"_links": map[string]any{"next": map[string]any{"href": fmt.Sprintf("http://%s%s?after=c%d", r.Host, r.URL.Path, i)}}})
	})
	_, err = testClient(t, srv2.URL, func(c *Config) { c.maxPages = 40 }).ListRoleAssigneeUsers(t.Context())
	if err == nil || n.Load() != 40 {
		t.Fatalf("IAM assignees: err %v after %d pages", err, n.Load())
	}
	mustContain(t, err.Error(), "/api/v1/iam/assignees/users", "40 pages")
}

// streamJSON writes a JSON array of about size bytes without holding it.
func streamJSON(w http.ResponseWriter, size int) {
	w.Header().Set("Content-Type", "application/json")
	chunk := []byte(strings.Repeat(`"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",`, 1024))
	_, _ = w.Write([]byte("["))
	for written := 0; written < size; written += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
	_, _ = w.Write([]byte(`"end"]`))
}

func TestHostileOversizedResponse(t *testing.T) {
	const limit = 1 << 20
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.URL.Query().Get("declared") != "" {
			// Content-Length announces the size: refused before reading.
			w.Header().Set("Content-Length", strconv.Itoa(200<<20))
		}
		streamJSON(w, 200<<20)
	})
	c := testClient(t, srv.URL, func(c *Config) { c.maxResponseBytes = limit })
	for _, q := range []string{"", "declared"} {
		n.Store(0)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := c.ListGroups(t.Context(), GroupQuery{Q: q})
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Fatalf("%s: a 200 MB response was accepted", q)
		}
		mustContain(t, err.Error(), "GET /api/v1/groups", "larger than 1 MiB", "org_url")
		if n.Load() != 1 {
			t.Errorf("%s: %d attempts, want 1: a size does not change on retry", q, n.Load())
		}
		// Reading stops at the cap: far less than the 200 MB sent.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
			t.Errorf("%s: %d MB allocated reading a response capped at 1 MiB", q, alloc>>20)
		}
	}
	if DefaultMaxResponseBytes < 16<<20 {
		t.Errorf("DefaultMaxResponseBytes %d is not generous for real Okta pages", DefaultMaxResponseBytes)
	}
}

func TestHostileRateLimitResetAWeekAway(t *testing.T) {
	var n atomic.Int32
	reset := time.Now().Add(7 * 24 * time.Hour).Unix()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		rateHeaders(w, 600, 0, reset)
		w.Header().Set("X-Okta-Request-Id", "week-1")
		writeOktaError(w, 429, "E0000047", "API call exceeded rate limit due to too many requests.")
	})
	var logs logCapture
	c := testClient(t, srv.URL, func(c *Config) { c.Log = logs.log })
	done := make(chan error, 1)
	go func() { _, err := c.ListUsers(t.Context(), UserQuery{}); done <- err }()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatal("still waiting for a reset a week away")
	}
	if !IsRateLimited(err) {
		t.Fatalf("err = %v, want a rate-limit error", err)
	}
	if n.Load() != 1 {
		t.Errorf("%d attempts, want 1", n.Load())
	}
	until := time.Unix(reset, 0).UTC().Format(time.RFC3339)
	mustContain(t, err.Error(), until, "max_rate_limit_wait", "week-1", `"users"`)
	if got, ok := RateLimitedUntil(err); !ok || got.Unix() != reset {
		t.Errorf("RateLimitedUntil = %v %v, want %v", got, ok, until)
	}
}

func TestHostileRemainingZeroFarReset(t *testing.T) {
	var n atomic.Int32
	reset := time.Now().Add(time.Hour).Unix()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		rateHeaders(w, 600, 0, reset)
		writeJSON(w, 200, userJSON("00u1"))
	})
	c := testClient(t, srv.URL)
	if _, err := c.GetUser(t.Context(), "00u1"); err != nil {
		t.Fatal(err)
	}
	// The bucket is spent for an hour: the next request fails at once, unsent.
	done := make(chan error, 1)
	go func() { _, err := c.GetUser(t.Context(), "00u2"); done <- err }()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatal("still waiting for a bucket that resets in an hour")
	}
	if !IsRateLimited(err) || n.Load() != 1 {
		t.Fatalf("err %v after %d requests", err, n.Load())
	}
	mustContain(t, err.Error(), time.Unix(reset, 0).UTC().Format(time.RFC3339), "max_rate_limit_wait", "X-Rate-Limit-Remaining")
}

// TestHostileWaitsAreLogged: every wait is logged before it starts, at DEBUG,
// and at INFO when it lasts over 30 s, with the bucket and the duration.
func TestHostileWaitsAreLogged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		ahead  time.Duration
		level  LogLevel
	}{
		{"governor short", 200, 2 * time.Second, LogDebug},
		{"governor long", 200, 45 * time.Second, LogInfo},
		{"429 long", 429, 45 * time.Second, LogInfo},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reset := time.Now().Add(tc.ahead).Unix()
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				rateHeaders(w, 600, 0, reset)
				if tc.status == 429 {
					writeOktaError(w, 429, "E0000047", "rate limited")
					return
				}
				writeJSON(w, 200, userJSON("00u1"))
			})
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			logs := logCapture{notify: func(level LogLevel, _ string, f map[string]any) {
				if _, ok := f["wait_ms"]; ok && level == LogInfo {
					cancel() // seen the line: no need to sit out the wait
				}
			}}
			c := testClient(t, srv.URL, func(c *Config) { c.Log = logs.log })
			_, err := c.GetUser(ctx, "00u1")
			if tc.status == 200 {
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.GetUser(ctx, "00u2") // waits for the reset
			}
			all := logs.all()
			var found bool
			for _, line := range strings.Split(all, "\n") {
				if strings.HasPrefix(line, tc.level.String()+" ") && strings.Contains(line, "wait") &&
					strings.Contains(line, "bucket:user ") && strings.Contains(line, "wait_ms:") {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s wait line with bucket and wait_ms (err %v) in:\n%s", tc.level, err, all)
			}
		})
	}
}

func TestHostileLateServerBoundedAcrossRetries(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(_ http.ResponseWriter, r *http.Request) {
		n.Add(1)
		<-r.Context().Done() // answers only after the client has given up
	})
	c := testClient(t, srv.URL, func(c *Config) {
		c.RequestTimeout = 300 * time.Millisecond
		c.MaxRetries = 20
	})
	_, err := c.ListApps(t.Context(), AppQuery{})
	if err == nil {
		t.Fatal("no error from a server that never answers in time")
	}
	// Twice request_timeout fits two attempts, not twenty-one.
	if got := n.Load(); got > 3 {
		t.Errorf("%d attempts within a budget of 2 × request_timeout", got)
	}
	mustContain(t, err.Error(), "GET /api/v1/apps", "request_timeout", "600ms")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v is not a timeout: the provider would not say to raise request_timeout", err)
	}
}

func TestHostileHTMLPageNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!doctype html><html><body>Sign in</body></html>"))
	})
	_, err := testClient(t, srv.URL).ListUsers(t.Context(), UserQuery{})
	if err == nil {
		t.Fatal("an HTML page was accepted")
	}
	if n.Load() != 1 {
		t.Errorf("%d attempts, want 1: an HTML page does not become JSON on retry", n.Load())
	}
	mustContain(t, err.Error(), "text/html", "is org_url", srv.URL, "an Okta org?")

	// An error status with an HTML page says the same, not only Okta's hint.
	srv2 := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<html><body>Not here</body></html>"))
	})
	_, err = testClient(t, srv2.URL).GetApp(t.Context(), "0oa1")
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want a 404", err)
	}
	mustContain(t, err.Error(), "HTTP 404", "text/html", "is org_url an Okta org?")
}

// largeUsersPage is a users page of about size bytes: users with a few dozen
// profile attributes each, as a big Okta org's custom schema has.
func largeUsersPage(size int) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		id := fmt.Sprintf("00u%07d", i)
		u, p := userJSON(id), profileJSON(id)
		u["profile"] = p
		for k := range 20 {
			p[fmt.Sprintf("attr%02d", k)] = fmt.Sprintf("value %d of user %d", k, i)
		}
		p["groups"] = []string{"a", "b", "c"}
		p["manager"] = map[string]any{"id": "00u1", "name": "Boss"}
		p["escaped"] = "caf\u00e9 \"quoted\""
		j, _ := json.Marshal(u)
		b.Write(j)
	}
	b.WriteString("]")
	return []byte(b.String())
}

func largePageClient(tb testing.TB, page []byte) *Client {
	srv := newServer(tb, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(page)
	})
	return testClient(tb, srv.URL)
}

// TestLargePageAllocationBounded: reading a 10 MB page allocates a small
// multiple of it, not the 75× it once did (bytes read into a buffer, copied by
// the SDK, buffered again by its decoder, each profile value decoded twice).
func TestLargePageAllocationBounded(t *testing.T) {
	page := largeUsersPage(10 << 20)
	c := largePageClient(t, page)
	var users []User
	measure := func() uint64 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var err error
		if users, err = c.ListUsers(t.Context(), UserQuery{}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	// The smallest of three runs: other tests' goroutines allocate too.
	best := measure()
	for range 2 {
		best = min(best, measure())
	}
	ratio := float64(best) / float64(len(page))
	t.Logf("%d bytes page, %d users: %.1f MB allocated (%.1f× the page)", len(page), len(users), float64(best)/(1<<20), ratio)
	if ratio > 10 {
		t.Errorf("reading a %d MB page allocated %.1f× its size, want under 10×", len(page)>>20, ratio)
	}
	last := users[len(users)-1]
	if last.Profile["escaped"] != "caf\u00e9 \"quoted\"" || last.Profile["groups"] != `["a","b","c"]` || last.Profile["manager"] != `{"id":"00u1","name":"Boss"}` {
		t.Errorf("profile decoded wrongly: %q", last.Profile)
	}
}

// BenchmarkLargePage reads one 10 MB users page; run it with -benchmem.
func BenchmarkLargePage(b *testing.B) {
	page := largeUsersPage(10 << 20)
	c := largePageClient(b, page)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ListUsers(b.Context(), UserQuery{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBudgetExcludesQueueing: time a request spends queued for the rate-limit
// governor does not count against its budget of 2 × request_timeout, so a
// request that waited for a window still gets its retries.
func TestBudgetExcludesQueueing(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		switch n.Add(1) {
		case 1: // spends the bucket for 3 s: longer than the budget
			rateHeaders(w, 600, 0, time.Now().Add(3*time.Second).Unix())
			writeJSON(w, 200, userJSON("00u1"))
		case 2:
			rateHeaders(w, 600, 599, time.Now().Add(time.Minute).Unix())
			writeOktaError(w, 503, "E0000009", "Internal Server Error")
		default:
			rateHeaders(w, 600, 598, time.Now().Add(time.Minute).Unix())
			writeJSON(w, 200, userJSON("00u2"))
		}
	})
	c := testClient(t, srv.URL, func(c *Config) { c.RequestTimeout = time.Second })
	if _, err := c.GetUser(t.Context(), "00u1"); err != nil {
		t.Fatal(err)
	}
	u, err := c.GetUser(t.Context(), "00u2")
	if err != nil || u.ID != "00u2" || n.Load() != 3 {
		t.Fatalf("user %q err %v after %d requests: the governor's wait ate the retry budget", u.ID, err, n.Load())
	}
}
