package oktasim

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// unlimitedBucketLimit is what X-Rate-Limit-Limit advertises for a bucket whose
// limit is switched off (<= 0): a number no client will pace itself against, yet
// still a number, so clients that parse it keep working.
const unlimitedBucketLimit = math.MaxInt32

// limiter enforces per-bucket, per-window limits and the concurrency cap, and
// sets X-Rate-Limit-Limit/-Remaining/-Reset and Date on every response.
//
// Windows are fixed and aligned to the clock (multiples of window since the Unix
// epoch), as Okta's per-minute windows are. X-Rate-Limit-Reset is the window's
// end in epoch seconds rounded UP: with sub-second windows a client that waits
// until Reset may wait a little longer than needed, but never comes back while
// the spent window is still running.
type limiter struct {
	limits      map[string]int
	window      time.Duration
	concurrency int
	unlimited   bool
	now         func() time.Time

	mu       sync.Mutex
	buckets  map[string]*bucketWindow
	totals   map[string]int // every request seen, per bucket
	rejected map[string]int // requests answered 429, per bucket
	inFlight int
}

type bucketWindow struct {
	index int64 // which window: unix nanoseconds / window
	used  int   // requests admitted in it
}

// newLimiter uses limits (bucket -> per-window limit), window, a concurrency cap
// (0: none), unlimited (headers only) and now as the clock. Buckets missing from
// limits keep ratelimit.WorkforceLimits; window <= 0 means a minute and a nil now
// means time.Now.
func newLimiter(limits map[string]int, window time.Duration, concurrency int, unlimited bool, now func() time.Time) *limiter {
	merged := make(map[string]int, len(ratelimit.WorkforceLimits)+len(limits))
	for b, n := range ratelimit.WorkforceLimits {
		merged[b] = n
	}
	for b, n := range limits {
		merged[b] = n
	}
	if window <= 0 {
		window = time.Minute
	}
	if now == nil {
		now = time.Now
	}
	return &limiter{
		limits:      merged,
		window:      window,
		concurrency: concurrency,
		unlimited:   unlimited,
		now:         now,
		buckets:     map[string]*bucketWindow{},
		totals:      map[string]int{},
		rejected:    map[string]int{},
	}
}

// limitFor returns the bucket's limit; ok is false when the bucket is unlimited.
func (l *limiter) limitFor(bucket string) (int, bool) {
	n, found := l.limits[bucket]
	if !found {
		n = l.limits[ratelimit.Other]
	}
	if n <= 0 {
		return unlimitedBucketLimit, false
	}
	return n, true
}

// admission is the limiter's verdict on one request and the headers it implies.
type admission struct {
	limit, remaining int
	reset            int64 // epoch seconds
	reject           bool
}

func (l *limiter) admit(bucket string, now time.Time) admission {
	win := l.window.Nanoseconds()
	index := floorDiv(now.UnixNano(), win)
	endNanos := (index + 1) * win
	a := admission{reset: ceilDiv(endNanos, int64(time.Second))}
	limit, limited := l.limitFor(bucket)
	if l.unlimited {
		// Advertise headroom too: a client that paces itself by the headers (as
		// oktagate's governor does) must not slow down against a limit that is
		// not enforced.
		limit, limited = unlimitedBucketLimit, false
	}
	a.limit = limit

	l.mu.Lock()
	defer l.mu.Unlock()
	l.totals[bucket]++
	bw := l.buckets[bucket]
	if bw == nil {
		bw = &bucketWindow{index: index}
		l.buckets[bucket] = bw
	}
	if bw.index != index {
		bw.index, bw.used = index, 0
	}
	switch {
	case limited && bw.used >= limit:
		a.reject = true
	case !l.unlimited && l.concurrency > 0 && l.inFlight >= l.concurrency:
		// Okta's concurrent limit: the request does not count toward the window.
		a.reject = true
	default:
		bw.used++
		l.inFlight++
		a.remaining = max(limit-bw.used, 0)
	}
	if a.reject {
		l.rejected[bucket]++
	}
	return a
}

func (l *limiter) release() {
	l.mu.Lock()
	l.inFlight--
	l.mu.Unlock()
}

func (l *limiter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := l.now()
		a := l.admit(ratelimit.BucketFor(r.Method, r.URL.Path), now)
		h := w.Header()
		h.Set("Date", now.UTC().Format(http.TimeFormat))
		h.Set("X-Rate-Limit-Limit", strconv.Itoa(a.limit))
		h.Set("X-Rate-Limit-Remaining", strconv.Itoa(a.remaining))
		h.Set("X-Rate-Limit-Reset", strconv.FormatInt(a.reset, 10))
		if a.reject {
			writeError(w, http.StatusTooManyRequests, "E0000047", "API call exceeded rate limit due to too many requests.")
			return
		}
		defer l.release()
		next.ServeHTTP(w, r)
	})
}

// counts returns how many requests reached the limiter, per bucket, including
// rejected ones.
func (l *limiter) counts() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]int, len(l.totals))
	for b, n := range l.totals {
		out[b] = n
	}
	return out
}

// rejections returns how many requests were answered 429, per bucket.
func (l *limiter) rejections() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]int, len(l.rejected))
	for b, n := range l.rejected {
		out[b] = n
	}
	return out
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 {
	return -floorDiv(-a, b)
}
