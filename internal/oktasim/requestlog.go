package oktasim

import "time"

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
