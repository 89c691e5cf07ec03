package oktasim

import "strings"

// transactionID is a log event's transaction id. Okta fills it with the id of
// the request that caused the event (X-Okta-Request-Id, 27 characters); the
// simulator uses the request's when it has one, and derives a stable one from
// the event's uuid for seeded events.
func transactionID(e *LogEvent) string {
	if e.RequestID != "" {
		return e.RequestID
	}
	id := strings.ReplaceAll(e.UUID, "-", "")
	if len(id) > 27 {
		id = id[:27]
	}
	return id
}
