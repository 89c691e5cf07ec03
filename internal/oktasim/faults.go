package oktasim

import (
	"net/http"
	"time"
)

// FaultKind names an injected failure.
type FaultKind string

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
// server runs.
type Faults struct {
	rules []*faultState
}

type faultState struct {
	FaultRule
	seen     int
	injected int
}

// Add appends a rule.
func (f *Faults) Add(r FaultRule) { panic("not implemented") }

// Clear removes every rule.
func (f *Faults) Clear() { panic("not implemented") }

// Injected returns how many faults have been injected so far.
func (f *Faults) Injected() int { panic("not implemented") }

// wrap injects faults into next's responses; a nil *Faults passes through.
func (f *Faults) wrap(next http.Handler) http.Handler { panic("not implemented") }
