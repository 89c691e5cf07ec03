package oktasim

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// RequestRecord is one request as the simulator saw it.
type RequestRecord struct {
	Time       time.Time
	Method     string
	Path       string
	RawQuery   string
	Bucket     string // internal/ratelimit bucket name
	Status     int    // status sent (after fault injection)
	AuthScheme string // SSWS, Bearer, DPoP or "" (never the credential itself)
	Fault      string // name of the injected fault, if any
}

// requestLog records every request; wrap is the outermost middleware so it sees
// injected faults and 429s too. The zero value is ready to use.
type requestLog struct {
	// now stamps records; nil means time.Now.
	now func() time.Time

	mu   sync.Mutex
	recs []RequestRecord
}

type faultMarkKey struct{}

// faultMark is the per-request holder through which markFault reaches the log.
type faultMark struct {
	mu   sync.Mutex
	name string
}

func (l *requestLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now
		if l.now != nil {
			now = l.now
		}
		rec := RequestRecord{
			Time:       now(),
			Method:     r.Method,
			Path:       r.URL.Path,
			RawQuery:   r.URL.RawQuery,
			Bucket:     ratelimit.BucketFor(r.Method, r.URL.Path),
			AuthScheme: authScheme(r.Header.Get("Authorization")),
		}
		mark := &faultMark{}
		sw := &statusWriter{ResponseWriter: w}
		// Deferred so that a handler aborting the connection (the drop fault
		// panics with http.ErrAbortHandler when it cannot hijack) is still logged.
		defer func() {
			rec.Status = sw.status
			if rec.Status == 0 {
				rec.Status = http.StatusOK
			}
			mark.mu.Lock()
			rec.Fault = mark.name
			mark.mu.Unlock()
			l.mu.Lock()
			l.recs = append(l.recs, rec)
			l.mu.Unlock()
		}()
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), faultMarkKey{}, mark)))
	})
}

func (l *requestLog) records() []RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]RequestRecord(nil), l.recs...)
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = nil
}

// markFault tells the request log that a fault was injected into r's response.
// Outside requestLog.wrap it does nothing.
func markFault(r *http.Request, fault string) {
	mark, ok := r.Context().Value(faultMarkKey{}).(*faultMark)
	if !ok {
		return
	}
	mark.mu.Lock()
	mark.name = fault
	mark.mu.Unlock()
}

// authScheme returns the scheme word of an Authorization header. A header with
// no space is a bare credential, so nothing of it is returned.
func authScheme(h string) string {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || strings.TrimSpace(rest) == "" || len(scheme) > 16 {
		return ""
	}
	for _, c := range scheme {
		if !isSchemeChar(c) {
			return ""
		}
	}
	return scheme
}

func isSchemeChar(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// statusWriter remembers the final status written. It passes Flush and Hijack
// through (the drop fault needs both) and unwraps for http.ResponseController.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	// 1xx responses are interim; the status that counts is the first final one.
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
