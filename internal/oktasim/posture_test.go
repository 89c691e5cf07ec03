package oktasim

import (
	"strings"
	"testing"
	"time"
)

// postureIssuer is the CA postureOrg's active Smart Card IdP trusts.
const postureIssuer = "CN=DOD ID CA-70, OU=PKI, OU=DoD, O=U.S. Government, C=US"

// postureOrg has authenticators (one over the smart card IdP 0oaidp1),
// two log streams and identity providers: two Smart Card IdPs (one ACTIVE)
// and a SAML one.
func postureOrg() *Org {
	o := NewOrg()
	at := testNow.Add(-30 * 24 * time.Hour)
	auth := func(id, key, typ, status string, settings map[string]any) *Authenticator {
		return &Authenticator{ID: id, Key: key, Name: key, Type: typ, Status: status, Created: at, LastUpdated: at, Settings: settings}
	}
	card := auth("aut4", "smart_card_idp", "federated", "ACTIVE", nil)
	card.ProviderType, card.ProviderIdPIDs = "SMART_CARD", []string{"0oaidp1"}
	o.Authenticators = []*Authenticator{
		auth("aut1", "okta_password", "password", "ACTIVE", nil),
		auth("aut2", "okta_verify", "app", "ACTIVE", map[string]any{"compliance": map[string]any{"fips": "OPTIONAL"}}),
		auth("aut3", "phone_number", "phone", "INACTIVE", map[string]any{"allowedFor": "none"}),
		card,
	}
	o.LogStreams = []*LogStream{
		{ID: "0oals1", Name: "Security SIEM", Type: "splunk_cloud_logstreaming", Status: "ACTIVE",
			Created: at, LastUpdated: at, SplunkHost: "acme.splunkcloud.com", SplunkEdition: "aws"},
		{ID: "0oals2", Name: "Data lake", Type: "aws_eventbridge", Status: "INACTIVE",
			Created: at, LastUpdated: at, AWSAccountID: "123456789012", AWSRegion: "us-east-2", AWSEventSourceName: "okta-system-log"},
	}
	o.IdentityProviders = []*IdentityProvider{
		{ID: "0oaidp1", Name: "DoD CAC", Type: "X509", Status: "ACTIVE", Created: at, LastUpdated: at,
			Issuer: postureIssuer, KID: "3c6c5e1a-7d0a-4a53-9f5e-2f1f6a1c0d70", Revocation: "CRL", RevocationCacheLifetime: 2880},
		{ID: "0oaidp2", Name: "PIV pilot", Type: "X509", Status: "INACTIVE", Created: at, LastUpdated: at,
			Issuer: "CN=Acme Issuing CA 1, O=Acme Corp, C=US", KID: "9a1f0b7e-2c4d-4e8f-a1b2-c3d4e5f60718", Revocation: "OCSP", RevocationCacheLifetime: 1440},
		{ID: "0oaidp3", Name: "Partner SAML", Type: "SAML2", Status: "ACTIVE", Created: at, LastUpdated: at,
			Issuer: "https://sso.partner.example/saml2", KID: "5e7d9c1b-3a2f-4d6e-8b0a-1c2d3e4f5a6b"},
	}
	return o
}

// TestPostureEndpoints: an org's authenticators (one list), its log streams
// (cursor pages, no Splunk token) and the Admin Console settings (Okta's
// defaults; only admin-console exists).
func TestPostureEndpoints(t *testing.T) {
	org := postureOrg()
	s := startSim(t, org, Options{PageSizeCap: 1})

	r := admin(t, s, "GET", "/api/v1/authenticators", nil)
	wantStatus(t, r, 200)
	list := r.list(t)
	if r.nextLink() != "" || len(list) != len(org.Authenticators) {
		t.Fatalf("authenticators are one unpaged list of %d, got %d (next %q)", len(org.Authenticators), len(list), r.nextLink())
	}
	byKey := map[string]map[string]any{}
	for _, a := range list {
		byKey[as[string](t, a["key"])] = a
	}
	verify := byKey["okta_verify"]
	if verify["status"] != "ACTIVE" || dig(t, verify, "settings", "compliance", "fips") != "OPTIONAL" {
		t.Errorf("Okta Verify %v", verify)
	}
	card := byKey["smart_card_idp"]
	if card["type"] != "federated" || card["status"] != "ACTIVE" || dig(t, card, "provider", "type") != "SMART_CARD" {
		t.Errorf("smart card %v", card)
	}
	if dig(t, byKey["phone_number"], "_links", "activate") == nil {
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
			if l["status"] != "ACTIVE" || dig(t, l, "settings", "host") != "acme.splunkcloud.com" {
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
