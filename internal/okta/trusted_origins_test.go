package okta

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestListTrustedOrigins follows one-item pages and keeps each origin's
// scopes, the iframe scope's allowed Okta apps included.
func TestListTrustedOrigins(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	org := oktasim.NewOrg()
	org.TrustedOrigins = []*oktasim.TrustedOrigin{
		{ID: "tos2", Name: "Portal", Origin: "https://*.example.com", Status: "INACTIVE", Created: at, LastUpdated: at,
			Scopes: []oktasim.TrustedOriginScope{{Type: "IFRAME_EMBED", AllowedOktaApps: []string{"OKTA_ENDUSER"}}}},
		{ID: "tos1", Name: "App", Origin: "https://app.example.com", Status: "ACTIVE", Created: at, LastUpdated: at,
			Scopes: []oktasim.TrustedOriginScope{{Type: "CORS"}, {Type: "REDIRECT"}}},
	}
	got, err := postureClient(t, org).ListTrustedOrigins(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d trusted origins over one-item pages, want 2: %+v", len(got), got)
	}
	app, portal := got[0], got[1]
	if app.ID != "tos1" || app.Name != "App" || app.Origin != "https://app.example.com" || app.Status != "ACTIVE" || !app.Created.Equal(at) {
		t.Errorf("app %+v", app)
	}
	if len(app.Scopes) != 2 || app.Scopes[0].Type != TrustedOriginCORS || app.Scopes[1].Type != TrustedOriginRedirect {
		t.Errorf("app scopes %+v", app.Scopes)
	}
	if len(portal.Scopes) != 1 || portal.Scopes[0].Type != TrustedOriginIframeEmbed ||
		!slices.Equal(portal.Scopes[0].AllowedOktaApps, []string{"OKTA_ENDUSER"}) || portal.Origin != "https://*.example.com" {
		t.Errorf("portal %+v", portal)
	}
}

// TestTrustedOriginDecoding: Okta's documented example, with members it may
// leave out or null.
func TestTrustedOriginDecoding(t *testing.T) {
	var w wireTrustedOrigin
	body := `{"id":"tosue7JvguwJ7U6s30g3","name":"New Trusted Origin","origin":"http://example.com",
		"scopes":[{"type":"CORS"},{"type":"REDIRECT"},{"type":"IFRAME_EMBED","allowedOktaApps":[]}],
		"status":"ACTIVE","created":"2018-01-13T01:22:10.000Z","createdBy":"00ut5t92p6IEOi4bu0g3",
		"lastUpdated":null,"lastUpdatedBy":"00ut5t92p6IEOi4bu0g3",
		"_links":{"self":{"href":"https://example.okta.com/api/v1/trustedOrigins/tosue7JvguwJ7U6s30g3","hints":{"allow":["GET","PUT","DELETE"]}}}}`
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		t.Fatal(err)
	}
	got := w.model()
	if got.Origin != "http://example.com" || len(got.Scopes) != 3 || got.Scopes[2].Type != "IFRAME_EMBED" ||
		len(got.Scopes[2].AllowedOktaApps) != 0 || !got.LastUpdated.IsZero() || got.Created.Year() != 2018 {
		t.Errorf("%+v", got)
	}
	var bare wireTrustedOrigin
	if err := json.Unmarshal([]byte(`{"id":"tos9","origin":"https://a.example","scopes":null}`), &bare); err != nil {
		t.Fatal(err)
	}
	if got := bare.model(); got.Scopes != nil || got.Status != "" {
		t.Errorf("%+v", got)
	}
}

func TestScopeForTrustedOrigins(t *testing.T) {
	if got := ScopeFor("GET", "/api/v1/trustedOrigins"); got != "okta.trustedOrigins.read" {
		t.Errorf("ScopeFor(GET /api/v1/trustedOrigins) = %q, want okta.trustedOrigins.read", got)
	}
}
