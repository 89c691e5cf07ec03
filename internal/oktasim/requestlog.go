package oktasim

import (
	"net/http"
	"time"
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
// injected faults and 429s too.
type requestLog struct{}

func (l *requestLog) wrap(next http.Handler) http.Handler { panic("not implemented") }
func (l *requestLog) records() []RequestRecord            { panic("not implemented") }
func (l *requestLog) reset()                              { panic("not implemented") }

// markFault tells the request log that a fault was injected into r's response.
func markFault(r *http.Request, fault string) { panic("not implemented") }
