package okta

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// transport is the http.RoundTripper every request to the org goes through.
// Per request it owns retries; per attempt it owns the rate-limit governor, the
// concurrency semaphore, authentication, the attempt timeout, reading the body
// in full, and the attempt counters. Final non-2xx responses become *Error.
type transport struct {
	base    http.RoundTripper
	org     *url.URL
	auth    authenticator               // nil for the token endpoint's transport
	prepare func(r *http.Request) error // per-attempt request filler (token requests)
	gov     *governor
	sem     chan struct{} // nil: no cap
	stats   *counters
	logf    func(ctx context.Context, level LogLevel, msg string, fields map[string]any)

	maxRetries int
	timeout    time.Duration // per attempt
	budget     time.Duration // per request: attempts and backoffs, not rate-limit waits
	retryBase  time.Duration
	retryCap   time.Duration
	maxWait    time.Duration // the furthest rate-limit reset worth waiting for
	maxBody    int64         // the largest response body read
	// convertErrors turns final non-2xx responses into *Error. The token
	// transport leaves them to oauthAuth, which must read OAuth error bodies.
	convertErrors bool
}

type counters struct {
	mu      sync.Mutex
	buckets map[string]*atomic.Int64
	total   atomic.Int64
}

func newCounters() *counters { return &counters{buckets: map[string]*atomic.Int64{}} }

func (c *counters) inc(bucket string) {
	c.mu.Lock()
	n := c.buckets[bucket]
	if n == nil {
		n = new(atomic.Int64)
		c.buckets[bucket] = n
	}
	c.mu.Unlock()
	n.Add(1)
	c.total.Add(1)
}

func (c *counters) snapshot() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int64, len(c.buckets))
	for k, v := range c.buckets {
		out[k] = v.Load()
	}
	return out
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}

// retryable reports whether a failed attempt of method on path may be sent
// again: idempotent methods may; a POST only when Okta refused it with 429
// (decided by the caller), except token requests, which create nothing.
func retryable(method, path string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return method == http.MethodPost && path == tokenPath
}

func (t *transport) log(ctx context.Context, level LogLevel, msg string, fields map[string]any) {
	if t.logf != nil {
		t.logf(ctx, level, msg, fields)
	}
}

// waitLevel is the log level of a wait of d: long waits are worth an INFO line,
// since the plan looks stalled meanwhile.
func waitLevel(d time.Duration) LogLevel {
	if d > LongWait {
		return LogInfo
	}
	return LogDebug
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !sameOrigin(req.URL, t.org) {
		// Only a redirect leads here; it gets no credential of ours.
		r := req.Clone(req.Context())
		r.Header.Del("Authorization")
		r.Header.Del("DPoP")
		return t.base.RoundTrip(r)
	}
	ctx := req.Context()
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("reading the request body: %w", err)
		}
	}
	method, path := req.Method, req.URL.Path
	bucket := ratelimit.BucketFor(method, path)
	canRetry := retryable(method, path)
	authRetried := false
	// The request's time budget covers its attempts and the backoff between
	// them; time spent waiting for rate-limit resets (in the governor or after
	// a 429) moves the deadline, since MaxRateLimitWait bounds each of those.
	deadline := time.Now().Add(t.budget)

	for attempt := 1; ; attempt++ {
		retries := attempt - 1
		res := t.attempt(ctx, req, body, bucket, attempt, deadline)
		deadline = deadline.Add(res.queued)
		if res.authRetry && !authRetried {
			// A demanded DPoP nonce or a token that expired early: resend at once,
			// outside the retry budget, but only once per request.
			authRetried = true
			attempt--
			continue
		}
		if res.fatal != nil {
			return nil, res.fatal
		}
		var (
			reason    string
			wait      time.Duration
			rateLimit bool
		)
		switch {
		case res.err != nil:
			if ctx.Err() != nil {
				return nil, &requestError{method: method, path: path, attempts: attempt, err: ctx.Err()}
			}
			if canRetry {
				reason, wait = "transport error", t.backoff(attempt)
			}
		case res.resp.StatusCode == http.StatusTooManyRequests:
			var until time.Time
			reason, rateLimit = "rate limited", true
			if wait, until = t.waitForReset(res.resp.Header, res.at, attempt); wait > t.maxWait {
				return nil, &rateLimitWaitError{method: method, path: path, bucket: bucket, until: until,
					wait: wait, limit: t.maxWait, status: res.resp.StatusCode, requestID: res.requestID}
			}
		case res.resp.StatusCode >= 500 && canRetry:
			reason, wait = "server error", t.backoff(attempt)
		}
		if reason == "" || retries >= t.maxRetries {
			return t.finish(req, res, bucket, attempt, 0)
		}
		if !rateLimit && !time.Now().Add(wait).Before(deadline) {
			// Another attempt would have no time left: stop with this one's result.
			return t.finish(req, res, bucket, attempt, t.budget)
		}
		if rateLimit {
			deadline = deadline.Add(wait)
		}
		fields := map[string]any{"method": method, "path": path, "bucket": bucket, "attempt": attempt, "reason": reason, "wait_ms": wait.Milliseconds()}
		if res.err != nil {
			fields["error"] = res.err.Error()
		} else {
			fields["status"] = res.resp.StatusCode
		}
		t.log(ctx, waitLevel(wait), "okta request retry", fields)
		if err := sleep(ctx, wait); err != nil {
			return nil, &requestError{method: method, path: path, attempts: attempt, err: err}
		}
	}
}

// finish turns the last attempt into what the caller gets. budget is set when
// the request stopped because its time budget was spent.
func (t *transport) finish(req *http.Request, res attemptResult, bucket string, attempts int, budget time.Duration) (*http.Response, error) {
	if res.err != nil {
		return nil, &requestError{method: req.Method, path: req.URL.Path, attempts: attempts, requestID: res.requestID, err: res.err, budget: budget}
	}
	if res.resp.StatusCode >= 400 && t.convertErrors {
		oauth := t.auth != nil && t.auth.oauth()
		return nil, newAPIError(req.Method, req.URL.Path, res.resp.StatusCode, res.resp.Header, res.body, errorContext{oauth: oauth, retries: attempts - 1, bucket: bucket})
	}
	return res.resp, nil
}

type attemptResult struct {
	resp      *http.Response // body already read into body
	body      []byte
	at        time.Time // when the response arrived
	err       error     // no usable response: retry if the method allows
	requestID string
	fatal     error // stop at once (cancelled, credential failure, what a retry cannot change)
	authRetry bool
	queued    time.Duration // waiting for a credential, the governor and a slot before sending
}

// attempt sends req once. deadline is the request's budget; the attempt's
// timeout is the shorter of request_timeout and what the budget has left once
// the request leaves the queues (credential, governor, concurrency cap), whose
// time does not count: under load a request may queue long behind others.
func (t *transport) attempt(ctx context.Context, req *http.Request, body []byte, bucket string, n int, deadline time.Time) attemptResult {
	begin := time.Now()
	var cred credential
	if t.auth != nil {
		var err error
		if cred, err = t.auth.credential(ctx); err != nil {
			return attemptResult{fatal: err}
		}
	}
	done, waited, err := t.gov.acquire(ctx, bucket)
	if err != nil {
		var rl *rateLimitWaitError
		if errors.As(err, &rl) {
			rl.method, rl.path = req.Method, req.URL.Path
			return attemptResult{fatal: rl}
		}
		return attemptResult{fatal: &requestError{method: req.Method, path: req.URL.Path, attempts: n, err: err}}
	}
	if waited > 10*time.Millisecond {
		t.log(ctx, LogDebug, "okta rate limit waited", map[string]any{"bucket": bucket, "wait_ms": waited.Milliseconds(), "capacity_percent": t.gov.capacity})
	}
	var header http.Header
	var at time.Time
	defer func() { done(header, at) }()

	if t.sem != nil {
		select {
		case t.sem <- struct{}{}:
			defer func() { <-t.sem }()
		case <-ctx.Done():
			return attemptResult{fatal: &requestError{method: req.Method, path: req.URL.Path, attempts: n, err: ctx.Err()}}
		}
	}
	queued := time.Since(begin)
	timeout := min(t.timeout, time.Until(deadline.Add(queued)))

	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r := req.Clone(actx)
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	if t.prepare != nil {
		if err := t.prepare(r); err != nil {
			return attemptResult{fatal: err}
		}
	}
	if t.auth != nil {
		if err := t.auth.apply(r, cred); err != nil {
			return attemptResult{fatal: err}
		}
	}

	start := time.Now()
	t.stats.inc(bucket)
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		t.log(ctx, LogDebug, "okta request", map[string]any{"method": r.Method, "path": r.URL.Path, "bucket": bucket, "attempt": n, "error": err.Error(), "duration_ms": time.Since(start).Milliseconds()})
		return attemptResult{err: err, queued: queued}
	}
	data, rerr := readBody(resp, t.maxBody)
	_ = resp.Body.Close()
	at = time.Now()
	header = resp.Header
	reqID := resp.Header.Get("X-Okta-Request-Id")
	t.log(ctx, LogDebug, "okta request", map[string]any{"method": r.Method, "path": r.URL.Path, "bucket": bucket, "attempt": n, "status": resp.StatusCode, "request_id": reqID, "duration_ms": at.Sub(start).Milliseconds()})
	if rerr != nil {
		var tooLarge *tooLargeError
		if errors.As(rerr, &tooLarge) {
			// The same request gets the same answer: no retry.
			tooLarge.org = t.org.String()
			return attemptResult{fatal: &requestError{method: r.Method, path: r.URL.Path, attempts: n, requestID: reqID, err: tooLarge}, queued: queued}
		}
		return attemptResult{err: fmt.Errorf("reading the response body: %w", rerr), requestID: reqID, at: at, queued: queued}
	}
	resp.Body = &bufferedBody{Reader: bytes.NewReader(data), data: data}
	resp.ContentLength = int64(len(data))
	resp.Header.Del("Content-Length")
	res := attemptResult{resp: resp, body: data, at: at, requestID: reqID, queued: queued}
	if t.auth != nil && t.auth.observe(resp, cred) {
		res.authRetry = true
		return res
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && len(bytes.TrimSpace(data)) > 0 {
		if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "json") {
			// An HTML sign-in page or a proxy's answer does not turn into
			// Okta's JSON on retry.
			return attemptResult{fatal: &requestError{method: r.Method, path: r.URL.Path, attempts: n, requestID: reqID,
				err: &notJSONError{status: resp.StatusCode, contentType: ct, org: t.org.String()}}, queued: queued}
		}
		if !json.Valid(data) {
			return attemptResult{err: errMalformed, requestID: reqID, at: at, queued: queued}
		}
	}
	return res
}

// bufferedBody is a response body already read in full; Client.call decodes
// its bytes directly instead of copying them again.
type bufferedBody struct {
	*bytes.Reader
	data []byte
}

func (*bufferedBody) Close() error { return nil }

// readBody reads a response body of at most limit bytes into a slice of
// exactly its size. A Content-Length over the limit is refused before reading.
// An undeclared length (Okta's lists are chunked) is read into pooled blocks
// and copied once: growing one buffer by doubling allocated two to three times
// the body.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, &tooLargeError{limit: limit, declared: resp.ContentLength}
	}
	if resp.ContentLength >= 0 && resp.ContentLength < readBlockSize {
		// Small, or declared: one allocation (one byte more to see EOF).
		buf := bytes.NewBuffer(make([]byte, 0, resp.ContentLength+1))
		if _, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
			return nil, err
		}
		if int64(buf.Len()) > limit {
			return nil, &tooLargeError{limit: limit}
		}
		return buf.Bytes(), nil
	}
	var (
		blocks []*[]byte
		total  int64
	)
	defer func() {
		for _, b := range blocks {
			readBlocks.Put(b)
		}
	}()
	r := io.LimitReader(resp.Body, limit+1)
	for {
		bp := getReadBlock()
		blk := (*bp)[:cap(*bp)]
		n, err := fill(r, blk)
		*bp = blk[:n]
		blocks = append(blocks, bp)
		total += int64(n)
		if total > limit {
			return nil, &tooLargeError{limit: limit}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	data := make([]byte, 0, total)
	for _, b := range blocks {
		data = append(data, *b...)
	}
	return data, nil
}

// fill reads into b until it is full or r fails, and returns r's own error.
// io.ReadFull reports a body that ends within a block as io.ErrUnexpectedEOF,
// the very error of a body cut short by a dropped connection, so a truncated
// page would pass for a complete one.
func fill(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

const readBlockSize = 64 << 10

var readBlocks = sync.Pool{New: func() any { return newReadBlock() }}

func newReadBlock() *[]byte {
	b := make([]byte, readBlockSize)
	return &b
}

// getReadBlock takes a block from readBlocks, which only ever holds *[]byte;
// the fallback keeps a stray value from becoming a panic.
func getReadBlock() *[]byte {
	if bp, ok := readBlocks.Get().(*[]byte); ok {
		return bp
	}
	return newReadBlock()
}

// backoff is a jittered exponential delay: base·2^(attempt-1), capped, then
// drawn from its upper half.
func (t *transport) backoff(attempt int) time.Duration {
	d := t.retryBase << min(attempt-1, 20)
	if d <= 0 || d > t.retryCap {
		d = t.retryCap
	}
	half := d / 2
	return half + rand.N(half+1)
}

// waitForReset is how long a 429 waits: until X-Rate-Limit-Reset on the local
// clock plus a little jitter, so parked requests do not stampede together; with
// no usable header, the exponential backoff. until is the reset instant Okta
// sent (zero without the header); a wait beyond maxWait is the caller's to
// refuse.
func (t *transport) waitForReset(h http.Header, at time.Time, attempt int) (wait time.Duration, until time.Time) {
	epoch, err := strconv.ParseInt(h.Get("X-Rate-Limit-Reset"), 10, 64)
	if err != nil {
		return t.backoff(attempt), time.Time{}
	}
	until = time.Unix(epoch, 0).UTC()
	wait = time.Until(t.gov.localReset(epoch, h, at))
	if wait > t.maxWait {
		return wait, until
	}
	if wait < 0 {
		wait = 0
	}
	jitter := t.retryBase
	if jitter > 250*time.Millisecond {
		jitter = 250 * time.Millisecond
	}
	return wait + rand.N(jitter+1), until
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Errors a RoundTripper returns reach callers wrapped in *url.Error; these two
// unwrap ours.
func asAPIError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

func asRequestError(err error) (*requestError, bool) {
	var e *requestError
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}
