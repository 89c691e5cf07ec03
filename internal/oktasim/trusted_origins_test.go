package oktasim

import (
	"strings"
	"testing"
	"time"
)

// TestTrustedOrigins: cursor pages sorted by id, Okta's shape (scopes, the
// iframe scope's allowedOktaApps only on that scope, lifecycle links), and
// an empty org's empty list.
func TestTrustedOrigins(t *testing.T) {
	at := testNow.Add(-10 * 24 * time.Hour)
	o := NewOrg()
	o.TrustedOrigins = []*TrustedOrigin{
		{ID: "tos2", Name: "Portal", Origin: "https://*.example.com", Status: "INACTIVE", Created: at, LastUpdated: at,
			CreatedBy: "00u1", LastUpdatedBy: "00u1",
			Scopes: []TrustedOriginScope{{Type: "CORS"}, {Type: "IFRAME_EMBED", AllowedOktaApps: []string{"OKTA_ENDUSER"}}}},
		{ID: "tos1", Name: "App", Origin: "https://app.example.com", Status: "ACTIVE", Created: at, LastUpdated: at,
			Scopes: []TrustedOriginScope{{Type: "REDIRECT"}}},
	}
	s := startSim(t, o, Options{PageSizeCap: 1})
	r := admin(t, s, "GET", "/api/v1/trustedOrigins", nil)
	wantStatus(t, r, 200)
	first := r.list(t)
	next := r.nextLink()
	if len(first) != 1 || first[0]["id"] != "tos1" || next == "" || !strings.Contains(next, "after=tos1") {
		t.Fatalf("first page %v, next %q", first, next)
	}
	if scopes := as[[]any](t, first[0]["scopes"]); len(scopes) != 1 || dig(t, first[0], "_links", "deactivate") == nil {
		t.Errorf("app %v", first[0])
	} else if _, ok := as[map[string]any](t, scopes[0])["allowedOktaApps"]; ok {
		t.Errorf("allowedOktaApps sent on a REDIRECT scope: %v", scopes[0])
	}
	r = send(t, "GET", next, "SSWS "+s.AdminToken(), nil)
	wantStatus(t, r, 200)
	second := r.list(t)
	if len(second) != 1 || r.nextLink() != "" {
		t.Fatalf("second page %v, next %q", second, r.nextLink())
	}
	p := second[0]
	if p["origin"] != "https://*.example.com" || p["status"] != "INACTIVE" || p["createdBy"] != "00u1" ||
		dig(t, p, "_links", "activate") == nil || p["created"] == nil {
		t.Errorf("portal %v", p)
	}
	iframe := as[map[string]any](t, as[[]any](t, p["scopes"])[1])
	if iframe["type"] != "IFRAME_EMBED" || len(as[[]any](t, iframe["allowedOktaApps"])) != 1 {
		t.Errorf("iframe scope %v", iframe)
	}

	empty := startSim(t, NewOrg(), Options{})
	r = admin(t, empty, "GET", "/api/v1/trustedOrigins", nil)
	wantStatus(t, r, 200)
	if got := r.list(t); len(got) != 0 || strings.TrimSpace(string(r.body)) != "[]" {
		t.Errorf("an org without trusted origins: %s", r.body)
	}
}
