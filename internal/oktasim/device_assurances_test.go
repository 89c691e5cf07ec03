package oktasim

import (
	"strings"
	"testing"
	"time"
)

// TestDeviceAssurancesEndpoint: the policies are served in one array sorted
// by id with their platform fields in Okta's names; the route wants
// okta.deviceAssurance.read (okta.policies.read is not enough).
func TestDeviceAssurancesEndpoint(t *testing.T) {
	c := newRSAClient(t, "0oada")
	o := NewOrg()
	serviceApp(t, o, "0oada", c, []string{"okta.deviceAssurance.read", "okta.policies.read"}, "READ_ONLY_ADMIN")
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	o.DeviceAssurances = []*DeviceAssurance{
		{ID: "dae2", Name: "Windows", Platform: "WINDOWS", Created: at, LastUpdated: at,
			Settings: map[string]any{"osVersion": map[string]any{"minimum": "10.0.19045"}}},
		{ID: "dae1", Name: "Mac", Platform: "MACOS", Created: at, LastUpdated: at,
			Settings: map[string]any{"diskEncryptionType": map[string]any{"include": []string{"ALL_INTERNAL_VOLUMES"}}}},
	}
	s := startSim(t, o, Options{})
	r := admin(t, s, "GET", "/api/v1/device-assurances", nil)
	wantStatus(t, r, 200)
	if r.header.Get("Link") != "" {
		t.Errorf("the list pages (Link %q); Okta's does not", r.header.Get("Link"))
	}
	body := string(r.body)
	if i, j := strings.Index(body, `"id":"dae1"`), strings.Index(body, `"id":"dae2"`); i < 0 || j < i ||
		!strings.Contains(body, `"diskEncryptionType":{"include":["ALL_INTERNAL_VOLUMES"]}`) ||
		!strings.Contains(body, `"lastUpdate":"2026-05-01T08:00:00.000Z"`) {
		t.Errorf("policies %s", body)
	}

	aud := s.URL() + "/oauth2/v1/token"
	token := func(scope string) string {
		_, tok := accessTokenOf(t, tokenRequest(t, s, c.assertion(t, aud, nil), scope))
		return "Bearer " + tok
	}
	if r := send(t, "GET", s.URL()+"/api/v1/device-assurances", token("okta.policies.read"), nil); r.status != 403 ||
		!strings.Contains(r.header.Get("WWW-Authenticate"), "insufficient_scope") {
		t.Errorf("without okta.deviceAssurance.read: %d %s", r.status, r.body)
	}
	if r := send(t, "GET", s.URL()+"/api/v1/device-assurances", token("okta.deviceAssurance.read"), nil); r.status != 200 {
		t.Errorf("with okta.deviceAssurance.read: %d %s", r.status, r.body)
	}
}
