package okta

import (
	"context"
	"time"
)

// Trusted origin scope types (/api/v1/trustedOrigins).
const (
	TrustedOriginCORS        = "CORS"
	TrustedOriginRedirect    = "REDIRECT"
	TrustedOriginIframeEmbed = "IFRAME_EMBED"
)

// pageTrustedOrigins is the largest page of trusted origins Okta serves.
const pageTrustedOrigins = 200

// TrustedOrigin is a trusted origin: a web origin Okta lets call its APIs
// from a browser (CORS), send users back to after sign-in or sign-out
// (REDIRECT), or embed its sign-in page in an iframe (IFRAME_EMBED).
type TrustedOrigin struct {
	ID, Name, Status string
	// Origin is the origin as Okta holds it: a scheme, a host (which may
	// start with a "*." wildcard) and an optional port, e.g.
	// "https://*.example.com".
	Origin               string
	Scopes               []TrustedOriginScope
	Created, LastUpdated time.Time
}

// TrustedOriginScope is one use a trusted origin is trusted for.
type TrustedOriginScope struct {
	Type string // CORS, REDIRECT, IFRAME_EMBED
	// AllowedOktaApps are, for IFRAME_EMBED, the Okta apps besides the
	// sign-in page that the origin may embed (OKTA_ENDUSER: the End-User
	// Dashboard); empty: the sign-in page only.
	AllowedOktaApps []string
}

type wireTrustedOrigin struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Origin string `json:"origin"`
	Status string `json:"status"`
	Scopes []struct {
		Type            string   `json:"type"`
		AllowedOktaApps []string `json:"allowedOktaApps"`
	} `json:"scopes"`
	Created     wireTime `json:"created"`
	LastUpdated wireTime `json:"lastUpdated"`
}

func (w wireTrustedOrigin) model() TrustedOrigin {
	o := TrustedOrigin{ID: w.ID, Name: w.Name, Origin: w.Origin, Status: w.Status,
		Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc()}
	for _, s := range w.Scopes {
		o.Scopes = append(o.Scopes, TrustedOriginScope{Type: s.Type, AllowedOktaApps: s.AllowedOktaApps})
	}
	return o
}

// ListTrustedOrigins lists the org's trusted origins
// (/api/v1/trustedOrigins), every page.
func (c *Client) ListTrustedOrigins(ctx context.Context) ([]TrustedOrigin, error) {
	ws, err := listAll[wireTrustedOrigin](ctx, c, withQuery("/api/v1/trustedOrigins", limitQuery(pageTrustedOrigins)), callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]TrustedOrigin, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}
