package oktasim

import (
	"strings"
	"testing"
	"time"
)

// TestPostureEndpoints: the demo org's authenticators (one list), its log
// streams (cursor pages, no Splunk token) and the Admin Console settings
// (Okta's defaults; only admin-console exists).
func TestPostureEndpoints(t *testing.T) {
	s := startSim(t, DemoOrg(1, time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)), Options{PageSizeCap: 1})

	r := admin(t, s, "GET", "/api/v1/authenticators", nil)
	wantStatus(t, r, 200)
	list := r.list(t)
	if r.nextLink() != "" || len(list) != 7 {
		t.Fatalf("authenticators are one unpaged list of 7, got %d (next %q)", len(list), r.nextLink())
	}
	byKey := map[string]map[string]any{}
	for _, a := range list {
		byKey[a["key"].(string)] = a
	}
	verify := byKey["okta_verify"]
	if verify["status"] != "ACTIVE" || verify["settings"].(map[string]any)["compliance"].(map[string]any)["fips"] != "OPTIONAL" {
		t.Errorf("Okta Verify %v", verify)
	}
	card := byKey["smart_card_idp"]
	if card["type"] != "federated" || card["status"] != "ACTIVE" || card["provider"].(map[string]any)["type"] != "SMART_CARD" {
		t.Errorf("smart card %v", card)
	}
	if byKey["phone_number"]["_links"].(map[string]any)["activate"] == nil {
		t.Errorf("an INACTIVE authenticator links its activation: %v", byKey["phone_number"])
	}

	r = admin(t, s, "GET", "/api/v1/logStreams", nil)
	wantStatus(t, r, 200)
	first := r.list(t)
	next := r.nextLink()
	if len(first) != 1 || next == "" {
		t.Fatalf("log streams page %d items, next %q", len(first), next)
	}
	r = send(t, "GET", next, "SSWS "+s.AdminToken(), nil)
	wantStatus(t, r, 200)
	second := r.list(t)
	if len(second) != 1 || first[0]["id"] == second[0]["id"] {
		t.Fatalf("second page %v", second)
	}
	for _, l := range append(first, second...) {
		if l["type"] == "splunk_cloud_logstreaming" {
			if l["status"] != "ACTIVE" || l["settings"].(map[string]any)["host"] != "acme.splunkcloud.com" {
				t.Errorf("Splunk stream %v", l)
			}
			if _, ok := l["settings"].(map[string]any)["token"]; ok {
				t.Errorf("Okta never sends a Splunk stream's token back: %v", l)
			}
		}
	}

	r = admin(t, s, "GET", "/api/v1/first-party-app-settings/admin-console", nil)
	wantStatus(t, r, 200)
	if o := r.object(t); o["sessionIdleTimeoutMinutes"] != float64(15) || o["sessionMaxLifetimeMinutes"] != float64(720) {
		t.Errorf("admin console %s", r.body)
	}
	r = admin(t, s, "GET", "/api/v1/first-party-app-settings/dashboard", nil)
	wantStatus(t, r, 404)
	if !strings.Contains(string(r.body), "E0000007") {
		t.Errorf("unknown first-party app %s", r.body)
	}
}
