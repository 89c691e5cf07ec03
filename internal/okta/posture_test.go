package okta

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func postureClient(t *testing.T, org *oktasim.Org) *Client {
	t.Helper()
	s, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, PageSizeCap: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := New(Config{OrgURL: s.URL(), APIToken: s.AdminToken(), retryBase: time.Millisecond, RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestListAuthenticators reads Okta Verify's FIPS setting and the smart card
// authenticator's identity providers.
func TestListAuthenticators(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	org := oktasim.NewOrg()
	org.Authenticators = []*oktasim.Authenticator{
		{ID: "aut1", Key: "okta_verify", Name: "Okta Verify", Type: "app", Status: "ACTIVE", Created: at, LastUpdated: at,
			Settings: map[string]any{"compliance": map[string]any{"fips": "REQUIRED"}, "userVerification": "PREFERRED"}},
		{ID: "aut2", Key: "smart_card_idp", Name: "Smart Card IdP", Type: "federated", Status: "INACTIVE", Created: at, LastUpdated: at,
			ProviderType: "SMART_CARD", ProviderIdPIDs: []string{"0oaIdP1"}},
		{ID: "aut3", Key: "okta_password", Name: "Password", Type: "password", Status: "ACTIVE", Created: at, LastUpdated: at},
	}
	as, err := postureClient(t, org).ListAuthenticators(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 3 {
		t.Fatalf("got %d authenticators, want 3 (the list is not paged): %+v", len(as), as)
	}
	v, sc, pw := as[0], as[1], as[2]
	if v.Key != AuthenticatorOktaVerify || v.FIPS != FIPSRequired || v.Status != "ACTIVE" || !v.Created.Equal(at) {
		t.Errorf("Okta Verify %+v", v)
	}
	if sc.Key != AuthenticatorSmartCard || sc.Type != "federated" || sc.ProviderType != "SMART_CARD" ||
		!slices.Equal(sc.ProviderIdPIDs, []string{"0oaIdP1"}) || sc.Status != "INACTIVE" {
		t.Errorf("smart card %+v", sc)
	}
	if pw.FIPS != "" || pw.ProviderType != "" || pw.ProviderIdPIDs != nil {
		t.Errorf("password %+v", pw)
	}
}

// TestListLogStreams follows one-item pages and keeps where each stream
// goes, never a Splunk token.
func TestListLogStreams(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	org := oktasim.NewOrg()
	org.LogStreams = []*oktasim.LogStream{
		{ID: "0oa1", Name: "SIEM", Type: "splunk_cloud_logstreaming", Status: "ACTIVE", Created: at, LastUpdated: at,
			SplunkHost: "acme.splunkcloud.com", SplunkEdition: "aws"},
		{ID: "0oa2", Name: "Lake", Type: "aws_eventbridge", Status: "INACTIVE", Created: at, LastUpdated: at,
			AWSAccountID: "123456789012", AWSRegion: "us-east-2", AWSEventSourceName: "okta"},
	}
	ls, err := postureClient(t, org).ListLogStreams(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 2 {
		t.Fatalf("got %d log streams over one-item pages, want 2: %+v", len(ls), ls)
	}
	if ls[0].Type != LogStreamSplunkCloud || ls[0].Status != "ACTIVE" || ls[0].Destination != "splunk acme.splunkcloud.com" {
		t.Errorf("Splunk stream %+v", ls[0])
	}
	if ls[1].Type != LogStreamAWSEventBridge || ls[1].Destination != "aws 123456789012 us-east-2 okta" || !ls[1].LastUpdated.Equal(at) {
		t.Errorf("EventBridge stream %+v", ls[1])
	}
}

func TestGetAdminConsoleSettings(t *testing.T) {
	org := oktasim.NewOrg()
	c := postureClient(t, org)
	got, err := c.GetAdminConsoleSettings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got != (AdminConsoleSettings{SessionIdleTimeoutMinutes: 15, SessionMaxLifetimeMinutes: 720}) {
		t.Errorf("defaults %+v, want Okta's 15 and 720", got)
	}
	org.Lock()
	org.AdminConsole = &oktasim.AdminConsoleSettings{SessionIdleTimeoutMinutes: 45, SessionMaxLifetimeMinutes: 1440}
	org.Unlock()
	if got, err = c.GetAdminConsoleSettings(context.Background()); err != nil || got.SessionIdleTimeoutMinutes != 45 || got.SessionMaxLifetimeMinutes != 1440 {
		t.Errorf("settings %+v, %v", got, err)
	}
}

func TestScopeForPosture(t *testing.T) {
	for path, want := range map[string]string{
		"/api/v1/authenticators":                         "okta.authenticators.read",
		"/api/v1/logStreams":                             "okta.logStreams.read",
		"/api/v1/first-party-app-settings/admin-console": "okta.apps.read",
	} {
		if got := ScopeFor("GET", path); got != want {
			t.Errorf("ScopeFor(GET %s) = %q, want %q", path, got, want)
		}
	}
}
