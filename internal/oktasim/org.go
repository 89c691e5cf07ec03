package oktasim

import (
	"encoding/json"
	"net/http"
	"time"
)

// wellKnownOrg is GET /.well-known/okta-organization; it needs no credentials.
func (s *Server) wellKnownOrg(w http.ResponseWriter, r *http.Request) {
	s.org.RLock()
	body := obj{
		"id":       s.org.ID,
		"pipeline": s.org.Pipeline,
		"_links":   obj{"organization": href(baseURL(r))},
	}
	s.org.RUnlock()
	data, err := json.Marshal(body)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "E0000009", "Internal Server Error")
		return
	}
	sendJSON(w, http.StatusOK, data)
}

// orgCreated has no field of its own in the store; the oldest object stands in
// for the org's creation so it is stable across requests.
func orgCreated(o *Org, now time.Time) time.Time {
	created := now
	for _, u := range o.Users {
		if !u.Created.IsZero() && u.Created.Before(created) {
			created = u.Created
		}
	}
	for _, g := range o.Groups {
		if !g.Created.IsZero() && g.Created.Before(created) {
			created = g.Created
		}
	}
	for _, a := range o.Apps {
		if !a.Created.IsZero() && a.Created.Before(created) {
			created = a.Created
		}
	}
	return created
}

func getOrg(c *call) (int, any) {
	created := orgCreated(c.org, c.now)
	return http.StatusOK, obj{
		"id":                    c.org.ID,
		"companyName":           c.org.CompanyName,
		"subdomain":             c.org.Subdomain,
		"status":                "ACTIVE",
		"created":               ts(created),
		"lastUpdated":           ts(created),
		"expiresAt":             nil,
		"website":               nil,
		"phoneNumber":           nil,
		"address1":              nil,
		"address2":              nil,
		"city":                  nil,
		"state":                 nil,
		"country":               nil,
		"postalCode":            nil,
		"endUserSupportHelpURL": nil,
		"supportPhoneNumber":    nil,
		"_links": obj{
			"contacts":    href(c.base() + "/api/v1/org/contacts"),
			"preferences": href(c.base() + "/api/v1/org/preferences"),
		},
	}
}
