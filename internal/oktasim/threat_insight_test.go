package oktasim

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestThreatInsightEndpoint: a new org serves ThreatInsight off (action none,
// excludeZones an empty array, never null); a configured one serves its
// action and excluded zones in Okta's field names; the route wants
// okta.threatInsights.read (okta.networkZones.read is not enough).
func TestThreatInsightEndpoint(t *testing.T) {
	c := newRSAClient(t, "0oati")
	o := NewOrg()
	serviceApp(t, o, "0oati", c, []string{"okta.threatInsights.read", "okta.networkZones.read"}, "READ_ONLY_ADMIN")
	s := startSim(t, o, Options{})

	r := admin(t, s, "GET", "/api/v1/threats/configuration", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), `"excludeZones":[]`) {
		t.Errorf("a new org's excludeZones is not an empty array: %s", r.body)
	}
	if got := r.object(t); got["action"] != "none" || dig(t, got, "_links", "self", "href") == nil {
		t.Errorf("a new org's configuration %v", got)
	}

	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	o.Lock()
	o.ThreatInsight = &ThreatInsight{Action: "audit", ExcludeZones: []string{"nzo1", "nzo2"}, Created: at, LastUpdated: at}
	o.Unlock()
	got := admin(t, s, "GET", "/api/v1/threats/configuration", nil).object(t)
	zones, _ := got["excludeZones"].([]any)
	if got["action"] != "audit" || !slices.Equal(zones, []any{"nzo1", "nzo2"}) || got["lastUpdated"] != "2026-05-01T08:00:00.000Z" {
		t.Errorf("configured %v", got)
	}

	aud := s.URL() + "/oauth2/v1/token"
	token := func(scope string) string {
		_, tok := accessTokenOf(t, tokenRequest(t, s, c.assertion(t, aud, nil), scope))
		return "Bearer " + tok
	}
	if r := send(t, "GET", s.URL()+"/api/v1/threats/configuration", token("okta.networkZones.read"), nil); r.status != 403 ||
		!strings.Contains(r.header.Get("WWW-Authenticate"), "insufficient_scope") {
		t.Errorf("without okta.threatInsights.read: %d %s", r.status, r.body)
	}
	if r := send(t, "GET", s.URL()+"/api/v1/threats/configuration", token("okta.threatInsights.read"), nil); r.status != 200 {
		t.Errorf("with okta.threatInsights.read: %d %s", r.status, r.body)
	}
}
