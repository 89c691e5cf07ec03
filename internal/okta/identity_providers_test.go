package okta

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestListIdentityProviders follows one-item pages with the type filter kept
// and reads a Smart Card IdP's trust.
func TestListIdentityProviders(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	org := oktasim.NewOrg()
	org.IdentityProviders = []*oktasim.IdentityProvider{
		{ID: "0oa3", Name: "Partner", Type: "SAML2", Status: "ACTIVE", Created: at, LastUpdated: at,
			Issuer: "https://sso.partner.example", KID: "k3"},
		{ID: "0oa1", Name: "CAC", Type: "X509", Status: "ACTIVE", Created: at, LastUpdated: at,
			Issuer: "CN=DOD ID CA-70, OU=PKI, OU=DoD, O=U.S. Government, C=US", KID: "k1", Revocation: "OCSP", RevocationCacheLifetime: 60},
		{ID: "0oa2", Name: "Pilot", Type: "X509", Status: "INACTIVE", Created: at, LastUpdated: at,
			Issuer: "CN=Acme CA, O=Acme, C=US", KID: "k2"},
	}
	c := postureClient(t, org)
	cards, err := c.ListIdentityProviders(t.Context(), IdPTypeX509)
	if err != nil {
		t.Fatal(err)
	}
	if len(cards) != 2 {
		t.Fatalf("got %d X509 IdPs over one-item pages, want 2: %+v", len(cards), cards)
	}
	want := IdentityProvider{ID: "0oa1", Name: "CAC", Type: "X509", Status: "ACTIVE", ProtocolType: "MTLS",
		TrustIssuer: "CN=DOD ID CA-70, OU=PKI, OU=DoD, O=U.S. Government, C=US", TrustKID: "k1",
		Revocation: "OCSP", RevocationCacheLifetime: 60, Created: at, LastUpdated: at}
	if cards[0] != want {
		t.Errorf("CAC %+v\nwant %+v", cards[0], want)
	}
	if p := cards[1]; p.Status != "INACTIVE" || p.TrustIssuer != "CN=Acme CA, O=Acme, C=US" || p.Revocation != "" || p.RevocationCacheLifetime != 0 {
		t.Errorf("pilot %+v", p)
	}
	all, err := c.ListIdentityProviders(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[2].Type != "SAML2" || all[2].ProtocolType != "SAML2" || all[2].TrustIssuer != "https://sso.partner.example" {
		t.Errorf("every IdP: %+v", all)
	}
}

// TestListIdentityProvidersDecoding: fields Okta may leave out or null, and a
// client secret that is never kept.
func TestListIdentityProvidersDecoding(t *testing.T) {
	var w wireIdentityProvider
	body := `{"id":"0oa9","name":"Google","type":"GOOGLE","status":"ACTIVE","created":"2026-03-01T12:00:00.000Z",
		"lastUpdated":null,"protocol":{"type":"OAUTH2","credentials":{"client":{"client_id":"id","client_secret":"s3cret"},"trust":null}}}`
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		t.Fatal(err)
	}
	got := w.model()
	if got.ProtocolType != "OAUTH2" || got.TrustIssuer != "" || !got.LastUpdated.IsZero() {
		t.Errorf("%+v", got)
	}
	if strings.Contains(strings.ToLower(strings.Join([]string{got.ID, got.Name, got.TrustIssuer, got.TrustKID}, " ")), "s3cret") {
		t.Error("a client secret was kept")
	}
	var card wireIdentityProvider
	if err := json.Unmarshal([]byte(`{"id":"0oa8","type":"X509","protocol":{"type":"MTLS","credentials":{"trust":{"issuer":"CN=CA","revocationCacheLifetime":2880.0}}}}`), &card); err != nil {
		t.Fatal(err)
	}
	if got := card.model(); got.RevocationCacheLifetime != 2880 || got.TrustIssuer != "CN=CA" {
		t.Errorf("%+v", got)
	}
}

func TestScopeForIdentityProviders(t *testing.T) {
	if got := ScopeFor("GET", "/api/v1/idps"); got != "okta.idps.read" {
		t.Errorf("ScopeFor(GET /api/v1/idps) = %q, want okta.idps.read", got)
	}
}
