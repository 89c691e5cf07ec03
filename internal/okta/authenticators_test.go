package okta

import (
	"slices"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

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
	as, err := postureClient(t, org).ListAuthenticators(t.Context())
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
