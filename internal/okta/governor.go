package okta

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// governor keeps this client within max_api_capacity percent of every rate-limit
// bucket. Okta reports, on every response, the bucket's limit, what remains of
// it in the current window and when the window resets. A request may start only
// while (limit - remaining) + requests in flight stays below the client's share;
// otherwise it waits for the reset or for an in-flight request to report back.
//
// Until a bucket has reported headers, one request probes it alone: guessing the
// Workforce default for a burst could overshoot an org with lower limits. A
// server that never sends the headers is governed by the guess over local
// one-minute windows.
type governor struct {
	capacity int           // percent
	maxWait  time.Duration // bounds a reset that lies absurdly far ahead
	now      func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucketState
}

type bucketState struct {
	limit      int
	remaining  int
	resetEpoch int64     // server's X-Rate-Limit-Reset
	reset      time.Time // the same instant on the local clock
	known      bool      // headers seen
	noHeaders  bool      // a response came back without headers
	inflight   int

	localStart time.Time // guess mode window
	localUsed  int

	wake chan struct{} // closed whenever the state changes
}

func newGovernor(capacity int, maxWait time.Duration) *governor {
	return &governor{capacity: capacity, maxWait: maxWait, now: time.Now, buckets: map[string]*bucketState{}}
}

func (g *governor) bucket(name string) *bucketState {
	b := g.buckets[name]
	if b == nil {
		limit := ratelimit.WorkforceLimits[name]
		if limit <= 0 {
			limit = ratelimit.WorkforceLimits[ratelimit.Other]
		}
		b = &bucketState{limit: limit, remaining: limit, wake: make(chan struct{})}
		g.buckets[name] = b
	}
	return b
}

func (g *governor) share(limit int) int {
	s := limit * g.capacity / 100
	if s < 1 {
		s = 1
	}
	return s
}

// admit decides under g.mu whether a request may start now. When it may not,
// wait is how long until the window resets, or 0 when only a state change (an
// in-flight request finishing) can help.
func (g *governor) admit(b *bucketState, now time.Time) (ok bool, wait time.Duration) {
	if !b.known && !b.noHeaders {
		return b.inflight == 0, 0
	}
	allowed := g.share(b.limit)
	if !b.known {
		if now.Sub(b.localStart) >= time.Minute {
			b.localStart, b.localUsed = now, 0
		}
		if b.localUsed < allowed {
			b.localUsed++
			return true, 0
		}
		return false, b.localStart.Add(time.Minute).Sub(now)
	}
	used := b.inflight
	inWindow := now.Before(b.reset)
	if inWindow {
		used += b.limit - b.remaining
	}
	if used < allowed {
		return true, 0
	}
	if inWindow && b.inflight < allowed {
		return false, b.reset.Sub(now)
	}
	return false, 0
}

// acquire blocks until bucket admits a request. The returned func must be called
// once with the response headers (nil when there was no response) and the local
// time they arrived. waited is the time spent waiting.
func (g *governor) acquire(ctx context.Context, name string) (done func(h http.Header, at time.Time), waited time.Duration, err error) {
	start := g.now()
	for {
		g.mu.Lock()
		b := g.bucket(name)
		ok, wait := g.admit(b, g.now())
		if ok {
			b.inflight++
			g.mu.Unlock()
			var once sync.Once
			return func(h http.Header, at time.Time) {
				once.Do(func() { g.complete(name, h, at) })
			}, g.now().Sub(start), nil
		}
		wake := b.wake
		g.mu.Unlock()

		var (
			t     *time.Timer
			timer <-chan time.Time
		)
		if wait > 0 {
			t = time.NewTimer(wait)
			timer = t.C
		}
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-wake:
		case <-timer:
		}
		if t != nil {
			t.Stop()
		}
		if err != nil {
			return nil, g.now().Sub(start), err
		}
	}
}

func (g *governor) complete(name string, h http.Header, at time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.bucket(name)
	b.inflight--
	if h != nil {
		g.observe(b, h, at)
	}
	close(b.wake)
	b.wake = make(chan struct{})
}

// observe folds a response's rate-limit headers into the bucket.
func (g *governor) observe(b *bucketState, h http.Header, at time.Time) {
	limit, err1 := strconv.Atoi(h.Get("X-Rate-Limit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-Rate-Limit-Remaining"))
	resetEpoch, err3 := strconv.ParseInt(h.Get("X-Rate-Limit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || limit <= 0 {
		if !b.known {
			b.noHeaders = true
		}
		return
	}
	if remaining < 0 {
		remaining = 0
	}
	reset := localReset(resetEpoch, h, at)
	if maxReset := at.Add(g.maxWait); reset.After(maxReset) {
		reset = maxReset
	}
	switch {
	case !b.known || resetEpoch > b.resetEpoch:
		b.limit, b.remaining, b.resetEpoch, b.reset, b.known = limit, remaining, resetEpoch, reset, true
	case resetEpoch == b.resetEpoch:
		// Responses overtake each other; the lowest remaining is the latest.
		b.limit = limit
		b.remaining = min(b.remaining, remaining)
		if reset.After(b.reset) {
			b.reset = reset
		}
	}
	// An older window's report is stale and ignored.
}

// localReset converts the server's reset instant (epoch seconds on the server's
// clock) to the local clock using the response's Date header. Date has whole
// seconds, so the estimate errs late, which is the safe side.
func localReset(resetEpoch int64, h http.Header, at time.Time) time.Time {
	reset := time.Unix(resetEpoch, 0)
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		reset = reset.Add(at.Sub(d))
	}
	return reset
}
