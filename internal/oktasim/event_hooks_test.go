package oktasim

import (
	"testing"
	"time"
)

// TestEventHooks: every hook in one response sorted by id (Okta does not page
// them, so a page-size cap leaves them whole), in Okta's shape with the
// auth scheme's value never sent.
func TestEventHooks(t *testing.T) {
	at := testNow.Add(-10 * 24 * time.Hour)
	o := NewOrg()
	o.EventHooks = []*EventHook{
		{ID: "who2", Name: "Chat", Status: "INACTIVE", VerificationStatus: "UNVERIFIED", URI: "https://chat.example.net/h",
			Events: []string{"user.lifecycle.create"}, Created: at, LastUpdated: at},
		{ID: "who1", Name: "SIEM", Status: "ACTIVE", VerificationStatus: "VERIFIED", URI: "https://siem.example.com/okta",
			Events: []string{"user.session.start"}, Created: at, LastUpdated: at},
	}
	s := startSim(t, o, Options{PageSizeCap: 1})
	r := admin(t, s, "GET", "/api/v1/eventHooks", nil)
	wantStatus(t, r, 200)
	list := r.list(t)
	if len(list) != 2 || list[0]["id"] != "who1" || list[1]["id"] != "who2" || r.nextLink() != "" {
		t.Fatalf("event hooks %v, next %q", list, r.nextLink())
	}
	siem := list[0]
	if siem["verificationStatus"] != "VERIFIED" || dig(t, siem, "channel", "config", "uri") != "https://siem.example.com/okta" ||
		dig(t, siem, "_links", "deactivate") == nil || len(as[[]any](t, dig(t, siem, "events", "items"))) != 1 {
		t.Errorf("siem %v", siem)
	}
	if _, ok := as[map[string]any](t, dig(t, siem, "channel", "config", "authScheme"))["value"]; ok {
		t.Errorf("the auth scheme's value was sent: %v", siem)
	}
	if dig(t, list[1], "_links", "activate") == nil {
		t.Errorf("an INACTIVE hook links its activation: %v", list[1])
	}
}
