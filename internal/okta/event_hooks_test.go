package okta

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestListEventHooks reads every hook with where it delivers and what it
// subscribes to.
func TestListEventHooks(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	org := oktasim.NewOrg()
	org.EventHooks = []*oktasim.EventHook{
		{ID: "who2", Name: "Zap", Status: "INACTIVE", VerificationStatus: "UNVERIFIED", URI: "https://hooks.Zapier.example/x",
			Events: []string{"user.lifecycle.create"}, Created: at, LastUpdated: at},
		{ID: "who1", Name: "SIEM", Status: "ACTIVE", VerificationStatus: "VERIFIED", URI: "https://siem.example.com:8443/okta",
			Events: []string{"user.session.start", "user.account.lock"}, Created: at, LastUpdated: at},
	}
	got, err := postureClient(t, org).ListEventHooks(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d event hooks, want 2: %+v", len(got), got)
	}
	siem, zap := got[0], got[1]
	if siem.ID != "who1" || siem.Status != "ACTIVE" || siem.VerificationStatus != EventHookVerified ||
		siem.Host != "siem.example.com" || siem.URI != "https://siem.example.com:8443/okta" ||
		!slices.Equal(siem.Events, []string{"user.session.start", "user.account.lock"}) || !siem.Created.Equal(at) {
		t.Errorf("siem %+v", siem)
	}
	if zap.Host != "hooks.zapier.example" || zap.VerificationStatus != EventHookUnverified || zap.Status != "INACTIVE" {
		t.Errorf("zap %+v", zap)
	}
}

// TestEventHookDecoding: Okta's documented shape, with members it may leave
// out or null, and a URI that is not one.
func TestEventHookDecoding(t *testing.T) {
	var w wireEventHook
	body := `{"id":"whoquCeb6tFSjgE4Y0g3","status":"ACTIVE","verificationStatus":"VERIFIED","name":"Event Hook Test",
		"description":null,"created":"2018-05-15T01:23:08.000Z","lastUpdated":null,
		"events":{"type":"EVENT_TYPE","items":["user.lifecycle.create","user.lifecycle.activate"],"filter":null},
		"channel":{"type":"HTTP","version":"1.0.0","config":{"uri":"https://www.example.com/eventHooks",
		"headers":[{"key":"X-Other-Header","value":"my-header-value"}],"method":"POST",
		"authScheme":{"type":"HEADER","key":"Authorization"}}},"_links":{}}`
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		t.Fatal(err)
	}
	got := w.model()
	if got.Host != "www.example.com" || len(got.Events) != 2 || !got.LastUpdated.IsZero() || got.Created.Year() != 2018 {
		t.Errorf("%+v", got)
	}
	var bare wireEventHook
	if err := json.Unmarshal([]byte(`{"id":"who1","channel":{"config":{"uri":"::not a uri"}}}`), &bare); err != nil {
		t.Fatal(err)
	}
	if m := bare.model(); m.Host != "" || m.URI != "::not a uri" || m.Events != nil {
		t.Errorf("bare %+v", m)
	}
}
