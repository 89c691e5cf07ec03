package oktasim

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// FaultKind names an injected failure.
type FaultKind string

// The kinds of fault a test can inject.
const (
	FaultTooManyRequests FaultKind = "429"       // 429 E0000047 with X-Rate-Limit-Reset
	FaultServerError     FaultKind = "5xx"       // Status (default 500) with an Okta error body
	FaultLatency         FaultKind = "latency"   // Delay before the normal response
	FaultDropConnection  FaultKind = "drop"      // hijack and close mid-body
	FaultMalformedBody   FaultKind = "malformed" // 200 with truncated JSON
	FaultUnauthorized    FaultKind = "401"       // 401 E0000011
	FaultForbidden       FaultKind = "403"       // 403 E0000006
)

// FaultRule injects Kind into matching requests.
type FaultRule struct {
	Kind       FaultKind
	Method     string        // "" matches any
	PathPrefix string        // "" matches any
	Every      int           // inject into every Nth matching request (<=1: every one)
	Skip       int           // let the first Skip matching requests through
	Count      int           // stop after Count injections (0: unlimited)
	Status     int           // for FaultServerError (500, 502, 503, 504)
	Delay      time.Duration // for FaultLatency
}

// Faults is a concurrency-safe set of fault rules; rules can be changed while the
// server runs. The zero value holds no rules; a nil *Faults injects nothing.
//
// Rules are tried in the order they were added. Every matching rule that has not
// used up its Count sees the request (it counts toward Skip and Every) until one
// of them injects; the rules after that one do not see the request.
type Faults struct {
	mu       sync.Mutex
	rules    []*faultState
	injected int
}

type faultState struct {
	FaultRule
	seen     int
	injected int
}

// Add appends a rule.
func (f *Faults) Add(r FaultRule) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = append(f.rules, &faultState{FaultRule: r})
}

// Clear removes every rule. Injected keeps counting from where it was.
func (f *Faults) Clear() {
	if f == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = nil
}

// Injected returns how many faults have been injected so far.
func (f *Faults) Injected() int {
	if f == nil {
		return 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.injected
}

// pick returns the rule to inject into r, if any, and counts the injection.
func (f *Faults) pick(r *http.Request) (FaultRule, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.rules {
		if s.Method != "" && !strings.EqualFold(s.Method, r.Method) {
			continue
		}
		if !strings.HasPrefix(r.URL.Path, s.PathPrefix) {
			continue
		}
		if s.Count > 0 && s.injected >= s.Count {
			continue
		}
		s.seen++
		n := s.seen - s.Skip
		if n < 1 || (s.Every > 1 && n%s.Every != 0) {
			continue
		}
		s.injected++
		f.injected++
		return s.FaultRule, true
	}
	return FaultRule{}, false
}

// wrap injects faults into next's responses; a nil *Faults passes through.
func (f *Faults) wrap(next http.Handler) http.Handler {
	if f == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rule, ok := f.pick(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		markFault(r, string(rule.Kind))
		switch rule.Kind {
		case FaultTooManyRequests:
			injectTooManyRequests(w, r)
		case FaultServerError:
			status := rule.Status
			if status < 500 || status > 599 {
				status = http.StatusInternalServerError
			}
			writeError(w, status, "E0000009", "Internal Server Error")
		case FaultUnauthorized:
			writeError(w, http.StatusUnauthorized, "E0000011", "Invalid token provided")
		case FaultForbidden:
			writeError(w, http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action")
		case FaultLatency:
			injectLatency(w, r, next, rule.Delay)
		case FaultDropConnection:
			injectDrop(w, r, next)
		case FaultMalformedBody:
			injectMalformed(w, r, next)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// injectTooManyRequests answers as Okta does when a bucket is spent. Its clock is
// the Date header when an outer limiter has set one, so that Reset - Date, which
// clients use to wait, is one second even when the simulator's clock is not the
// wall clock.
func injectTooManyRequests(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	now := time.Now()
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	if h.Get("X-Rate-Limit-Limit") == "" {
		h.Set("X-Rate-Limit-Limit", strconv.Itoa(ratelimit.WorkforceLimits[ratelimit.BucketFor(r.Method, r.URL.Path)]))
	}
	h.Set("X-Rate-Limit-Remaining", "0")
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(now.Add(time.Second).Unix(), 10))
	writeError(w, http.StatusTooManyRequests, "E0000047", "API call exceeded rate limit due to too many requests.")
}

// statusClientClosedRequest is nginx's convention for "the client went away
// first"; it only ever reaches the request log.
const statusClientClosedRequest = 499

func injectLatency(w http.ResponseWriter, r *http.Request, next http.Handler, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		next.ServeHTTP(w, r)
	case <-r.Context().Done():
		w.WriteHeader(statusClientClosedRequest)
	}
}

// injectDrop sends the real response's headers, announcing its full length, and
// half its body, then closes the connection: the client reads an unexpected EOF
// in the middle of the body.
func injectDrop(w http.ResponseWriter, r *http.Request, next http.Handler) {
	buf := serveBuffered(w, r, next)
	body := buf.body.Bytes()
	h := w.Header()
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(buf.statusCode())
	_, _ = w.Write(body[:len(body)/2])
	rc := http.NewResponseController(w)
	// Flush first: Hijack discards what is still buffered in the response.
	if err := rc.Flush(); err != nil {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := rc.Hijack()
	if err != nil {
		// HTTP/2 or a recorder: aborting the handler is the nearest thing.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// injectMalformed answers 200 with the first half of the real response's body,
// which for Okta's JSON objects and arrays is never valid JSON.
func injectMalformed(w http.ResponseWriter, r *http.Request, next http.Handler) {
	buf := serveBuffered(w, r, next)
	body := buf.body.Bytes()
	cut := body[:len(body)/2]
	if len(cut) == 0 {
		cut = []byte(`{"`)
	}
	h := w.Header()
	h.Del("Content-Length")
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(cut)
}

// serveBuffered runs next with its body captured. Headers go straight to w's
// header map, which nothing has sent yet.
func serveBuffered(w http.ResponseWriter, r *http.Request, next http.Handler) *bufferedResponse {
	buf := &bufferedResponse{header: w.Header()}
	next.ServeHTTP(buf, r)
	return buf
}

type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 && code >= 200 {
		b.status = code
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedResponse) statusCode() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}
