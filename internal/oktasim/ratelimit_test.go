package oktasim

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// fakeClock is a settable clock for the limiter.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
	_, _ = w.Write([]byte("{}"))
})

type rlHeaders struct {
	status           int
	limit, remaining int
	reset            int64
	date             string
}

// doLimited GETs path from h and returns the rate-limit headers.
func doLimited(t *testing.T, h http.Handler, path string) rlHeaders {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	hd := w.Header()
	var out rlHeaders
	var err error
	out.status = w.Code
	if out.limit, err = strconv.Atoi(hd.Get("X-Rate-Limit-Limit")); err != nil {
		t.Fatalf("X-Rate-Limit-Limit %q: %v", hd.Get("X-Rate-Limit-Limit"), err)
	}
	if out.remaining, err = strconv.Atoi(hd.Get("X-Rate-Limit-Remaining")); err != nil {
		t.Fatalf("X-Rate-Limit-Remaining %q: %v", hd.Get("X-Rate-Limit-Remaining"), err)
	}
	if out.reset, err = strconv.ParseInt(hd.Get("X-Rate-Limit-Reset"), 10, 64); err != nil {
		t.Fatalf("X-Rate-Limit-Reset %q: %v", hd.Get("X-Rate-Limit-Reset"), err)
	}
	out.date = hd.Get("Date")
	if w.Code == http.StatusTooManyRequests {
		if e := decodeOktaError(t, w.Body.String()); e.ErrorCode != "E0000047" {
			t.Errorf("429 body = %+v", e)
		}
	}
	return out
}

func TestLimiterWindow(t *testing.T) {
	minute := time.Date(2026, 5, 1, 12, 30, 0, 0, time.UTC)
	clock := &fakeClock{t: minute.Add(10 * time.Second)}
	l := newLimiter(map[string]int{ratelimit.UsersList: 3}, 0, 0, false, clock.now)
	h := l.wrap(okHandler)

	wantReset := minute.Add(time.Minute).Unix()
	for i, wantRemaining := range []int{2, 1, 0} {
		got := doLimited(t, h, "/api/v1/users")
		if got.status != 200 || got.limit != 3 || got.remaining != wantRemaining || got.reset != wantReset {
			t.Errorf("request %d: %+v, want 200 limit 3 remaining %d reset %d", i, got, wantRemaining, wantReset)
		}
		if got.date != "Fri, 01 May 2026 12:30:10 GMT" {
			t.Errorf("Date = %q", got.date)
		}
	}
	got := doLimited(t, h, "/api/v1/users")
	if got.status != http.StatusTooManyRequests || got.remaining != 0 || got.reset != wantReset || got.limit != 3 {
		t.Errorf("over the limit: %+v", got)
	}
	// Another bucket is unaffected and keeps its Workforce default.
	if got := doLimited(t, h, "/api/v1/apps"); got.status != 200 || got.limit != 100 || got.remaining != 99 {
		t.Errorf("apps: %+v", got)
	}
	// The last instant of the window is still in it.
	clock.set(minute.Add(time.Minute - time.Nanosecond))
	if got := doLimited(t, h, "/api/v1/users"); got.status != http.StatusTooManyRequests {
		t.Errorf("end of window: %+v", got)
	}
	// The next window starts afresh.
	clock.set(minute.Add(time.Minute))
	got = doLimited(t, h, "/api/v1/users")
	if got.status != 200 || got.remaining != 2 || got.reset != minute.Add(2*time.Minute).Unix() {
		t.Errorf("next window: %+v", got)
	}
	counts := l.counts()
	if counts[ratelimit.UsersList] != 6 || counts[ratelimit.Apps] != 1 {
		t.Errorf("counts = %v", counts)
	}
	if rej := l.rejections(); rej[ratelimit.UsersList] != 2 || rej[ratelimit.Apps] != 0 {
		t.Errorf("rejections = %v", rej)
	}
}

func TestLimiterResetRoundsUp(t *testing.T) {
	sec := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		window time.Duration
		at     time.Duration // after sec
		want   int64         // reset, seconds after sec
	}{
		{250 * time.Millisecond, 0, 1},                      // window ends at .250: round up
		{250 * time.Millisecond, 800 * time.Millisecond, 1}, // window [.750, 1.000) ends on the second
		{250 * time.Millisecond, 1000 * time.Millisecond, 2},
		{time.Second, 0, 1},
		{time.Second, 999 * time.Millisecond, 1},
		{2 * time.Second, 500 * time.Millisecond, 2},
		{1500 * time.Millisecond, 0, 0}, // windows that do not divide a second: only the bounds apply
	}
	for _, c := range cases {
		now := sec.Add(c.at)
		l := newLimiter(nil, c.window, 0, false, func() time.Time { return now })
		got := doLimited(t, l.wrap(okHandler), "/api/v1/groups")
		win := c.window.Nanoseconds()
		end := (now.UnixNano()/win + 1) * win
		if got.reset*1e9 < end {
			t.Errorf("window %v at +%v: reset %d is before the window ends", c.window, c.at, got.reset)
		}
		if got.reset*1e9-end >= 1e9 {
			t.Errorf("window %v at +%v: reset %d is a second or more after the window ends", c.window, c.at, got.reset)
		}
		if c.window != 1500*time.Millisecond && got.reset != sec.Unix()+c.want {
			t.Errorf("window %v at +%v: reset = +%d, want +%d", c.window, c.at, got.reset-sec.Unix(), c.want)
		}
	}
}

func TestLimiterUnlimited(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) }
	l := newLimiter(map[string]int{ratelimit.Apps: 2, ratelimit.Logs: 0}, time.Second, 0, true, now)
	h := l.wrap(okHandler)
	for i := range 5 {
		got := doLimited(t, h, "/api/v1/apps/0oa1/users")
		// Unlimited advertises headroom, so header-pacing clients never wait.
		if got.status != 200 || got.limit != unlimitedBucketLimit || got.remaining != unlimitedBucketLimit-1-i {
			t.Errorf("unlimited, request %d: %+v", i, got)
		}
	}

	// A limit <= 0 switches one bucket off; the others still count.
	l = newLimiter(map[string]int{ratelimit.Apps: 2, ratelimit.Logs: 0}, time.Second, 0, false, now)
	h = l.wrap(okHandler)
	for i := range 5 {
		got := doLimited(t, h, "/api/v1/logs")
		if got.status != 200 || got.limit != unlimitedBucketLimit || got.remaining != unlimitedBucketLimit-1-i {
			t.Errorf("bucket off, request %d: %+v", i, got)
		}
	}
	statuses := []int{}
	for range 3 {
		statuses = append(statuses, doLimited(t, h, "/api/v1/apps").status)
	}
	if statuses[0] != 200 || statuses[1] != 200 || statuses[2] != 429 {
		t.Errorf("apps statuses = %v", statuses)
	}
}

func TestLimiterConcurrency(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	blocking := http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("block") != "" {
			entered <- struct{}{}
			<-release
		}
	})
	now := func() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) }
	l := newLimiter(nil, time.Minute, 2, false, now)
	h := l.wrap(blocking)

	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/v1/users?block=1", nil))
		}()
	}
	<-entered
	<-entered
	got := doLimited(t, h, "/api/v1/groups")
	if got.status != http.StatusTooManyRequests || got.remaining != 0 {
		t.Errorf("third concurrent request: %+v", got)
	}
	close(release)
	wg.Wait()
	got = doLimited(t, h, "/api/v1/groups")
	if got.status != 200 || got.remaining != 499 {
		t.Errorf("after the others finished: %+v (the rejected request must not count)", got)
	}

	// Unlimited also lifts the concurrency cap.
	entered2 := make(chan struct{})
	release2 := make(chan struct{})
	l = newLimiter(nil, time.Minute, 1, true, now)
	h = l.wrap(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("block") != "" {
			entered2 <- struct{}{}
			<-release2
		}
	}))
	wg.Add(1)
	go func() {
		defer wg.Done()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/v1/users?block=1", nil))
	}()
	<-entered2
	if got := doLimited(t, h, "/api/v1/users"); got.status != 200 {
		t.Errorf("unlimited with a request in flight: %+v", got)
	}
	close(release2)
	wg.Wait()
}

func TestLimiterParallelExact(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) }
	l := newLimiter(map[string]int{ratelimit.Apps: 150}, time.Minute, 0, false, now)
	h := l.wrap(okHandler)
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/v1/apps", nil))
				mu.Lock()
				statuses[w.Code]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if statuses[200] != 150 || statuses[429] != 250 {
		t.Errorf("statuses = %v, want 150 OK and 250 rejected", statuses)
	}
	if c := l.counts()[ratelimit.Apps]; c != 400 {
		t.Errorf("count = %d, want 400", c)
	}
}

func BenchmarkLimiter(b *testing.B) {
	l := newLimiter(nil, time.Second, 0, true, nil)
	h := l.wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	paths := []string{"/api/v1/users", "/api/v1/apps/0oa1/users", "/api/v1/groups", "/api/v1/logs"}
	b.RunParallel(func(pb *testing.PB) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		w := httptest.NewRecorder()
		i := 0
		for pb.Next() {
			r.URL.Path = paths[i%len(paths)]
			i++
			clear(w.Header())
			h.ServeHTTP(w, r)
		}
	})
}
