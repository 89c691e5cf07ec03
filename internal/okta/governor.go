package okta

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
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
//
// Across buckets, requests in flight never exceed Okta's concurrency cap
// (ratelimit.DefaultConcurrency, 75 for Workforce) times the same share, so a
// generous max_concurrency cannot make this client take more than its part of
// the org's concurrent requests either.
//
// The server's reset instant is converted to the local clock with an offset
// learned from the Date headers (see toLocal): the smallest (arrival − Date)
// seen so far, which errs late by at most the transit time, not by the up to
// one second a single whole-second Date header leaves open.
type governor struct {
	capacity    int           // percent
	maxWait     time.Duration // a reset further ahead fails the request instead
	maxInflight int           // Okta's concurrency cap × capacity
	now         func() time.Time
	logf        func(ctx context.Context, level LogLevel, msg string, fields map[string]any)

	mu          sync.Mutex
	buckets     map[string]*bucketState
	inflight    int           // across buckets
	offset      time.Duration // local clock − server clock, learned from Date
	offsetKnown bool
	slotWake    chan struct{} // closed when a request ends while others wait for the cap
	slotWaiters int
}

type bucketState struct {
	limit      int
	remaining  int
	resetEpoch int64     // server's X-Rate-Limit-Reset
	reset      time.Time // the same instant on the local clock
	known      bool      // headers seen
	noHeaders  bool      // a response came back without headers
	inflight   int
	requests   int64 // admitted so far, for BucketUsage

	localStart time.Time // guess mode window
	localUsed  int

	wake chan struct{} // closed whenever the state changes
}

func newGovernor(capacity int, maxWait time.Duration) *governor {
	return &governor{
		capacity: capacity, maxWait: maxWait, now: time.Now, buckets: map[string]*bucketState{},
		maxInflight: max(ratelimit.DefaultConcurrency*capacity/100, 1),
		slotWake:    make(chan struct{}),
	}
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
	err = g.waitFor(ctx, name, true)
	if err != nil {
		return nil, g.now().Sub(start), err
	}
	g.mu.Lock()
	g.bucket(name).requests++
	g.mu.Unlock()
	var once sync.Once
	return func(h http.Header, at time.Time) {
		once.Do(func() { g.complete(name, h, at) })
	}, g.now().Sub(start), nil
}

// await blocks until bucket would admit a request, without taking it: callers
// that hold a slot of their own (the snapshot's) wait here first so that a
// bucket that is spent does not hold slots other buckets could use.
func (g *governor) await(ctx context.Context, name string) error {
	return g.waitFor(ctx, name, false)
}

// waitFor waits until the concurrency cap and the bucket admit a request; with
// take it counts the request in flight.
// A spent bucket whose reset Okta puts further ahead than maxWait fails at once
// with a *rateLimitWaitError. Each timed wait is logged before it starts.
func (g *governor) waitFor(ctx context.Context, name string, take bool) error {
	var logged time.Time // the reset last logged
	for {
		g.mu.Lock()
		p, admitted, err := g.reserve(name, take)
		g.mu.Unlock()
		if admitted || err != nil {
			return err
		}
		wait, wake, until, local := p.wait, p.wake, p.until, p.local

		if wait > 0 && g.logf != nil && local.Sub(logged).Abs() > time.Second {
			logged = local
			fields := map[string]any{"bucket": name, "wait_ms": wait.Milliseconds(), "capacity_percent": g.capacity}
			if !until.IsZero() {
				fields["reason"], fields["reset"] = "bucket spent (X-Rate-Limit-Remaining)", until.Format(time.RFC3339)
			} else {
				fields["reason"] = "local one-minute window (no rate-limit headers)"
			}
			g.logf(ctx, waitLevel(wait), "okta rate limit wait", fields)
		}

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
			return err
		}
	}
}

// reservation is what a request the governor did not admit at once waits on.
type reservation struct {
	wait  time.Duration // 0 when waiting for a concurrency slot
	wake  chan struct{}
	until time.Time // the server's reset, when Okta reported it
	local time.Time // the reset on the local clock
}

// reserve admits a request to bucket name when a concurrency slot is free and
// the bucket admits it (with take, counting it in flight), or says what to
// wait on; g.mu is held. A wait beyond maxWait for a spent bucket whose reset
// Okta reported is a *rateLimitWaitError.
func (g *governor) reserve(name string, take bool) (reservation, bool, error) {
	if g.inflight >= g.maxInflight {
		g.slotWaiters++
		return reservation{wake: g.slotWake}, false, nil
	}
	b := g.bucket(name)
	now := g.now()
	var (
		ok   bool
		wait time.Duration
	)
	if take {
		ok, wait = g.admit(b, now)
	} else {
		ok, wait = g.wouldAdmit(b, now)
	}
	if ok {
		if take {
			b.inflight++
			g.inflight++
		}
		return reservation{}, true, nil
	}
	r := reservation{wait: wait, wake: b.wake, local: now.Add(wait)}
	if wait > 0 && b.known {
		r.until = time.Unix(b.resetEpoch, 0).UTC()
		if wait > g.maxWait {
			return r, false, &rateLimitWaitError{bucket: name, until: r.until, wait: wait, limit: g.maxWait}
		}
	}
	return r, false, nil
}

// wouldAdmit is admit without its side effect on a header-less bucket's local
// window count.
func (g *governor) wouldAdmit(b *bucketState, now time.Time) (bool, time.Duration) {
	if !b.known && b.noHeaders {
		if now.Sub(b.localStart) >= time.Minute {
			return true, 0
		}
		if b.localUsed < g.share(b.limit) {
			return true, 0
		}
		return false, b.localStart.Add(time.Minute).Sub(now)
	}
	return g.admit(b, now)
}

func (g *governor) complete(name string, h http.Header, at time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.bucket(name)
	b.inflight--
	g.inflight--
	if h != nil {
		g.observe(b, h, at)
	}
	close(b.wake)
	b.wake = make(chan struct{})
	if g.slotWaiters > 0 {
		close(g.slotWake)
		g.slotWake = make(chan struct{})
		g.slotWaiters = 0
	}
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
	// A reset however far ahead is kept as Okta sent it: waitFor refuses to
	// wait beyond maxWait and says until when the bucket is spent.
	reset := g.toLocal(resetEpoch, h, at)
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

// toLocal converts the server's reset instant (epoch seconds on the server's
// clock) to the local clock, learning the clock offset from the response's Date
// header. Date has whole seconds, so one sample (arrival − Date) exceeds the
// true offset by the fraction of a second the server dropped plus the transit;
// the smallest sample seen is the closest bound that still errs late, which is
// the safe side. Call with g.mu held.
func (g *governor) toLocal(resetEpoch int64, h http.Header, at time.Time) time.Time {
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		if sample := at.Sub(d); !g.offsetKnown || sample < g.offset {
			g.offset, g.offsetKnown = sample, true
		}
	}
	reset := time.Unix(resetEpoch, 0)
	if g.offsetKnown {
		reset = reset.Add(g.offset)
	}
	return reset
}

// localReset is toLocal under the lock, for the transport's 429 wait.
func (g *governor) localReset(resetEpoch int64, h http.Header, at time.Time) time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.toLocal(resetEpoch, h, at)
}

// AwaitCapacity blocks until a request counted against bucket (an
// internal/ratelimit bucket name) would be admitted by the rate-limit governor
// now, without sending one. A scheduler that holds its own slots (the
// directory snapshot) calls it before taking a slot, so requests waiting for a
// spent bucket's window to reset do not hold slots that another bucket's
// requests could use. Admission is not reserved: the request itself may still
// wait briefly when others took the room first.
func (c *Client) AwaitCapacity(ctx context.Context, bucket string) error {
	return c.api.gov.await(ctx, bucket)
}

// BucketUsage is what this client has asked of one rate-limit bucket and what
// the org allows it.
type BucketUsage struct {
	Bucket   string // an internal/ratelimit bucket name
	Requests int64  // requests sent to it by this client (each attempt)
	// Limit is the bucket's requests per minute: the org's X-Rate-Limit-Limit
	// once a response has reported it (LimitKnown), Okta's Workforce default
	// before.
	Limit      int
	LimitKnown bool
	// Share is the part of Limit this client allows itself (max_api_capacity).
	Share int
}

// BucketUsage returns the usage of every bucket this client has sent a request
// to, sorted by bucket name: what a progress display shows, and what its
// estimate of the end is computed from.
func (c *Client) BucketUsage() []BucketUsage {
	g := c.api.gov
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]BucketUsage, 0, len(g.buckets))
	for name, b := range g.buckets {
		if b.requests == 0 {
			continue
		}
		out = append(out, BucketUsage{Bucket: name, Requests: b.requests, Limit: b.limit, LimitKnown: b.known, Share: g.share(b.limit)})
	}
	slices.SortFunc(out, func(a, b BucketUsage) int { return strings.Compare(a.Bucket, b.Bucket) })
	return out
}
