package oktasim

import (
	"net/http"
	"time"
)

// limiter enforces per-bucket, per-window limits and the concurrency cap, and
// sets X-Rate-Limit-Limit/-Remaining/-Reset and Date on every response.
type limiter struct{}

// newLimiter uses limits (bucket -> per-window limit), window, a concurrency cap
// (0: none), unlimited (headers only) and now as the clock.
func newLimiter(limits map[string]int, window time.Duration, concurrency int, unlimited bool, now func() time.Time) *limiter {
	panic("not implemented")
}

func (l *limiter) wrap(next http.Handler) http.Handler { panic("not implemented") }
