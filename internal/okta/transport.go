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
	logf    func(ctx context.Context, msg string, fields map[string]any)

	maxRetries int
	timeout    time.Duration
	retryBase  time.Duration
	retryCap   time.Duration
	maxWait    time.Duration
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

func (t *transport) log(ctx context.Context, msg string, fields map[string]any) {
	if t.logf != nil {
		t.logf(ctx, msg, fields)
	}
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

	for attempt := 1; ; attempt++ {
		retries := attempt - 1
		res := t.attempt(ctx, req, body, bucket, attempt)
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
			reason string
			wait   time.Duration
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
			reason, wait = "rate limited", t.waitForReset(res.resp.Header, res.at, attempt)
		case res.resp.StatusCode >= 500 && canRetry:
			reason, wait = "server error", t.backoff(attempt)
		}
		if reason == "" || retries >= t.maxRetries {
			return t.finish(req, res, bucket, attempt)
		}
		fields := map[string]any{"method": method, "path": path, "bucket": bucket, "attempt": attempt, "reason": reason, "wait_ms": wait.Milliseconds()}
		if res.err != nil {
			fields["error"] = res.err.Error()
		} else {
			fields["status"] = res.resp.StatusCode
		}
		t.log(ctx, "okta request retry", fields)
		if err := sleep(ctx, wait); err != nil {
			return nil, &requestError{method: method, path: path, attempts: attempt, err: err}
		}
	}
}

// finish turns the last attempt into what the caller gets.
func (t *transport) finish(req *http.Request, res attemptResult, bucket string, attempts int) (*http.Response, error) {
	if res.err != nil {
		return nil, &requestError{method: req.Method, path: req.URL.Path, attempts: attempts, requestID: res.requestID, err: res.err}
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
	fatal     error // stop at once (cancelled, credential failure)
	authRetry bool
}

func (t *transport) attempt(ctx context.Context, req *http.Request, body []byte, bucket string, n int) attemptResult {
	var cred credential
	if t.auth != nil {
		var err error
		if cred, err = t.auth.credential(ctx); err != nil {
			return attemptResult{fatal: err}
		}
	}
	done, waited, err := t.gov.acquire(ctx, bucket)
	if err != nil {
		return attemptResult{fatal: &requestError{method: req.Method, path: req.URL.Path, attempts: n, err: err}}
	}
	if waited > 10*time.Millisecond {
		t.log(ctx, "okta rate limit wait", map[string]any{"bucket": bucket, "wait_ms": waited.Milliseconds(), "capacity_percent": t.gov.capacity})
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

	actx, cancel := context.WithTimeout(ctx, t.timeout)
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
		t.log(ctx, "okta request", map[string]any{"method": r.Method, "path": r.URL.Path, "bucket": bucket, "attempt": n, "error": err.Error(), "duration_ms": time.Since(start).Milliseconds()})
		return attemptResult{err: err}
	}
	data, rerr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	at = time.Now()
	header = resp.Header
	reqID := resp.Header.Get("X-Okta-Request-Id")
	t.log(ctx, "okta request", map[string]any{"method": r.Method, "path": r.URL.Path, "bucket": bucket, "attempt": n, "status": resp.StatusCode, "request_id": reqID, "duration_ms": at.Sub(start).Milliseconds()})
	if rerr != nil {
		return attemptResult{err: fmt.Errorf("reading the response body: %w", rerr), requestID: reqID, at: at}
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	resp.ContentLength = int64(len(data))
	resp.Header.Del("Content-Length")
	res := attemptResult{resp: resp, body: data, at: at, requestID: reqID}
	if t.auth != nil && t.auth.observe(resp, cred) {
		res.authRetry = true
		return res
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && len(bytes.TrimSpace(data)) > 0 {
		if !strings.Contains(resp.Header.Get("Content-Type"), "json") || !json.Valid(data) {
			return attemptResult{err: errMalformed, requestID: reqID, at: at}
		}
	}
	return res
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
// no usable header, the exponential backoff.
func (t *transport) waitForReset(h http.Header, at time.Time, attempt int) time.Duration {
	epoch, err := strconv.ParseInt(h.Get("X-Rate-Limit-Reset"), 10, 64)
	if err != nil {
		return t.backoff(attempt)
	}
	wait := time.Until(t.gov.localReset(epoch, h, at))
	if wait > t.maxWait {
		wait = t.maxWait
	}
	if wait < 0 {
		wait = 0
	}
	jitter := t.retryBase
	if jitter > 250*time.Millisecond {
		jitter = 250 * time.Millisecond
	}
	return wait + rand.N(jitter+1)
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
