package oktasim

import (
	"net/http"
	"time"
)

// TrustedOrigin is a trusted origin (/api/v1/trustedOrigins): an origin Okta
// accepts cross-origin requests from (CORS), redirects to after sign-in or
// sign-out (REDIRECT), or lets embed its sign-in page (IFRAME_EMBED).
type TrustedOrigin struct {
	ID          string // tos…
	Name        string
	Origin      string // "https://app.example.com", "https://*.example.com"
	Status      string // ACTIVE, INACTIVE
	Scopes      []TrustedOriginScope
	Created     time.Time
	LastUpdated time.Time
	// CreatedBy and LastUpdatedBy are user ids.
	CreatedBy, LastUpdatedBy string
}

// TrustedOriginScope is one scope of a trusted origin.
type TrustedOriginScope struct {
	Type string // CORS, REDIRECT, IFRAME_EMBED
	// AllowedOktaApps (IFRAME_EMBED only): OKTA_ENDUSER lets the origin embed
	// the End-User Dashboard too; Okta sends the member only on an
	// IFRAME_EMBED scope.
	AllowedOktaApps []string
}

func renderTrustedOrigin(base string, o *TrustedOrigin) obj {
	self := base + "/api/v1/trustedOrigins/" + o.ID
	links := obj{"self": obj{"href": self, "hints": obj{"allow": []string{"GET", "PUT", "DELETE"}}}}
	if o.Status == "ACTIVE" {
		links["deactivate"] = obj{"href": self + "/lifecycle/deactivate", "hints": obj{"allow": []string{"POST"}}}
	} else {
		links["activate"] = obj{"href": self + "/lifecycle/activate", "hints": obj{"allow": []string{"POST"}}}
	}
	scopes := make([]obj, 0, len(o.Scopes))
	for _, s := range o.Scopes {
		so := obj{"type": s.Type}
		if s.Type == "IFRAME_EMBED" {
			so["allowedOktaApps"] = append([]string{}, s.AllowedOktaApps...)
		}
		scopes = append(scopes, so)
	}
	return obj{
		"id":            o.ID,
		"name":          o.Name,
		"origin":        o.Origin,
		"scopes":        scopes,
		"status":        o.Status,
		"created":       ts(o.Created),
		"createdBy":     o.CreatedBy,
		"lastUpdated":   ts(o.LastUpdated),
		"lastUpdatedBy": o.LastUpdatedBy,
		"_links":        links,
	}
}

// listTrustedOrigins serves the trusted origins in cursor pages (default 20,
// at most 200 a page).
func listTrustedOrigins(c *call) (int, any) {
	list := append([]*TrustedOrigin(nil), c.org.TrustedOrigins...)
	cursor := func(o *TrustedOrigin) string { return o.ID }
	sortStable(list, cursor)
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, list, cursor, 20, 200)
	out := make([]obj, 0, len(page))
	for _, o := range page {
		out = append(out, renderTrustedOrigin(c.base(), o))
	}
	return http.StatusOK, out
}
