package oktasim

import (
	"strings"
	"testing"
)

// TestBehaviorsEndpoint: the behavior detection rules in cursor pages with
// Okta's fields and settings, an INACTIVE one linking its activation; the
// route wants okta.behaviors.read.
func TestBehaviorsEndpoint(t *testing.T) {
	c := newRSAClient(t, "0oabeh")
	o := NewOrg()
	serviceApp(t, o, "0oabeh", c, []string{"okta.behaviors.read", "okta.policies.read"}, "READ_ONLY_ADMIN")
	o.Behaviors = []*Behavior{
		{ID: "abr2", Name: "Velocity", Type: "VELOCITY", Status: "INACTIVE", Created: testNow, LastUpdated: testNow,
			Settings: map[string]any{"velocityKph": 805}},
		{ID: "abr1", Name: "New Country", Type: "ANOMALOUS_LOCATION", Status: "ACTIVE", Created: testNow, LastUpdated: testNow,
			Settings: map[string]any{"granularity": "COUNTRY", "maxEventsUsedForEvaluation": 20, "minEventsNeededForEvaluation": 0}},
	}
	s := startSim(t, o, Options{PageSizeCap: 1})
	r := admin(t, s, "GET", "/api/v1/behaviors", nil)
	wantStatus(t, r, 200)
	first := r.list(t)
	next := r.nextLink()
	if len(first) != 1 || next == "" || first[0]["id"] != "abr1" || dig(t, first[0], "settings", "granularity") != "COUNTRY" {
		t.Fatalf("first page %v, next %q", first, next)
	}
	r = send(t, "GET", next, "SSWS "+s.AdminToken(), nil)
	wantStatus(t, r, 200)
	second := r.list(t)
	if len(second) != 1 || second[0]["type"] != "VELOCITY" || dig(t, second[0], "_links", "activate") == nil || r.nextLink() != "" {
		t.Fatalf("second page %v", second)
	}

	aud := s.URL() + "/oauth2/v1/token"
	token := func(scope string) string {
		_, tok := accessTokenOf(t, tokenRequest(t, s, c.assertion(t, aud, nil), scope))
		return "Bearer " + tok
	}
	if r := send(t, "GET", s.URL()+"/api/v1/behaviors", token("okta.policies.read"), nil); r.status != 403 ||
		!strings.Contains(r.header.Get("WWW-Authenticate"), "insufficient_scope") {
		t.Errorf("without okta.behaviors.read: %d %s", r.status, r.body)
	}
	if r := send(t, "GET", s.URL()+"/api/v1/behaviors", token("okta.behaviors.read"), nil); r.status != 200 {
		t.Errorf("with okta.behaviors.read: %d %s", r.status, r.body)
	}
}
