package okta

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// The offset between the clocks is learned from the smallest (arrival − Date)
// seen: a whole-second Date alone would put the reset up to a second late.
func TestGovernorLearnsClockOffsetFromSmallestSample(t *testing.T) {
	g := newGovernor(50, time.Minute)
	server := time.Unix(1_700_000_000, 0)
	b := g.bucket(ratelimit.UserGet)
	h := http.Header{}
	h.Set("X-Rate-Limit-Limit", "100")
	h.Set("X-Rate-Limit-Remaining", "90")
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(server.Unix()+1, 10))
	h.Set("Date", server.UTC().Format(http.TimeFormat))

	// Arrived 900ms after the Date second began: the offset is at most 900ms.
	g.observe(b, h, server.Add(900*time.Millisecond))
	if want := server.Add(time.Second + 900*time.Millisecond); !b.reset.Equal(want) {
		t.Fatalf("reset %v, want %v", b.reset, want)
	}
	// A later response in the same window arrived 50ms into its Date second.
	h.Set("X-Rate-Limit-Remaining", "80")
	g.observe(b, h, server.Add(50*time.Millisecond))
	if want := server.Add(time.Second + 50*time.Millisecond); !g.toLocal(server.Unix()+1, http.Header{}, server).Equal(want) {
		t.Fatalf("offset not narrowed to 50ms: %v", g.offset)
	}
	// A larger sample never widens it again.
	g.observe(b, h, server.Add(700*time.Millisecond))
	if g.offset != 50*time.Millisecond {
		t.Fatalf("offset widened to %v", g.offset)
	}
}

// Whatever max_concurrency says, the client keeps to Okta's concurrency cap
// times max_api_capacity, and does use that much.
func TestGovernorCapsConcurrencyAtOktaShare(t *testing.T) {
	gate := newCapGate(3)
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		gate.hold()
		rateHeaders(w, 100000, 99999, time.Now().Unix()+60)
		writeJSON(w, 200, []any{})
	})
	// 4% of 75 is 3 concurrent requests; max_concurrency allows 20.
	c := testClient(t, srv.URL, func(c *Config) { c.MaxConcurrency = 20; c.MaxAPICapacity = 4 })
	var wg sync.WaitGroup
	for range 30 {
		wg.Go(func() {
			if _, err := c.ListUserFactors(t.Context(), "00u1"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	gate.check(t)
}

// AwaitCapacity waits while the bucket's share is spent, returns once the
// window resets, and takes nothing.
func TestAwaitCapacity(t *testing.T) {
	g := newGovernor(50, time.Minute)
	now := time.Now()
	b := g.bucket(ratelimit.Apps)
	h := http.Header{}
	h.Set("X-Rate-Limit-Limit", "10")
	h.Set("X-Rate-Limit-Remaining", "5") // 5 used of a share of 5
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(now.Unix()+1, 10))
	h.Set("Date", now.UTC().Format(http.TimeFormat))
	g.mu.Lock()
	g.observe(b, h, now)
	g.mu.Unlock()

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := g.await(ctx, ratelimit.Apps); err == nil {
		t.Fatal("await returned while the share was spent")
	}
	// Another bucket is not held up.
	if err := g.await(t.Context(), ratelimit.Groups); err != nil {
		t.Fatal(err)
	}
	ctx2, cancel2 := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel2()
	if err := g.await(ctx2, ratelimit.Apps); err != nil {
		t.Fatalf("await after the reset: %v", err)
	}
	if b.inflight != 0 || g.inflight != 0 {
		t.Fatalf("await took a request: bucket %d, total %d", b.inflight, g.inflight)
	}
}
