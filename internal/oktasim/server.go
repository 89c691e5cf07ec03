package oktasim

import (
	"net/http"
	"time"
)

// Options configure a simulator.
type Options struct {
	// Org is served as is; nil serves DemoOrg(1).
	Org *Org
	// Limits overrides per-bucket limits (internal/ratelimit bucket names);
	// missing buckets keep ratelimit.WorkforceLimits. A limit <= 0 disables
	// limiting for that bucket.
	Limits map[string]int
	// Window is the length of a rate-limit window: a minute in Okta, shorter in
	// tests and benchmarks ("the same limits per second").
	Window time.Duration
	// Unlimited turns rate limiting off (headers are still sent).
	Unlimited bool
	// Concurrency caps in-flight requests (Okta: 75); 0 means no cap.
	Concurrency int
	// PageSizeCap, when > 0, caps every list's page size below Okta's own caps,
	// so tests can force many pages.
	PageSizeCap int
	// Latency is added to every response.
	Latency time.Duration
	// Faults injects failures; nil injects none.
	Faults *Faults
	// Now is the simulator's clock (Date header, log windows, token expiry);
	// nil means time.Now.
	Now func() time.Time
	// RequireDPoP makes the OAuth token endpoint demand DPoP for every client.
	RequireDPoP bool
}

// Server is a running or mountable simulator. It is an http.Handler.
type Server struct {
	opts Options
}

// New builds a simulator handler without listening.
func New(opts Options) *Server { panic("not implemented") }

// Start listens on 127.0.0.1 on a free port and serves until Close.
func Start(opts Options) (*Server, error) { panic("not implemented") }

// ServeHTTP serves Okta's API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { panic("not implemented") }

// URL is the base URL (http://127.0.0.1:port) once started.
func (s *Server) URL() string { panic("not implemented") }

// Close stops a started server.
func (s *Server) Close() { panic("not implemented") }

// Org returns the org being served; lock with its Lock/RLock methods when the
// server is running.
func (s *Server) Org() *Org { panic("not implemented") }

// AdminToken is an SSWS token of a SUPER_ADMIN user that every test can use.
func (s *Server) AdminToken() string { panic("not implemented") }

// Requests returns a copy of the request log, in arrival order.
func (s *Server) Requests() []RequestRecord { panic("not implemented") }

// ResetRequests clears the request log.
func (s *Server) ResetRequests() { panic("not implemented") }
