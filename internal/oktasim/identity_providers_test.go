package oktasim

import (
	"strings"
	"testing"
)

// TestIdentityProvidersEndpoint: an org's identity providers in cursor
// pages, the type filter, a Smart Card IdP's trust and the smart card
// authenticator pointing at the ACTIVE one.
func TestIdentityProvidersEndpoint(t *testing.T) {
	org := postureOrg()
	s := startSim(t, org, Options{PageSizeCap: 1})

	walk := func(path string) []map[string]any {
		t.Helper()
		r := admin(t, s, "GET", path, nil)
		wantStatus(t, r, 200)
		all := r.list(t)
		for next := r.nextLink(); next != ""; next = r.nextLink() {
			r = send(t, "GET", next, "SSWS "+s.AdminToken(), nil)
			wantStatus(t, r, 200)
			page := r.list(t)
			if len(page) != 1 {
				t.Fatalf("a page of %d, want 1: %s", len(page), r.body)
			}
			if !strings.Contains(next, "type=X509") && strings.Contains(path, "type=X509") {
				t.Errorf("the next link %q drops the type filter", next)
			}
			all = append(all, page...)
		}
		return all
	}
	if all := walk("/api/v1/idps"); len(all) != 3 {
		t.Fatalf("%d identity providers, want 3", len(all))
	}
	cards := walk("/api/v1/idps?type=X509")
	if len(cards) != 2 {
		t.Fatalf("%d X509 identity providers, want 2: %v", len(cards), cards)
	}
	var active map[string]any
	for _, c := range cards {
		if c["type"] != "X509" {
			t.Errorf("type filter let through %v", c)
		}
		if c["status"] == "ACTIVE" {
			active = c
		}
	}
	if active == nil {
		t.Fatalf("no ACTIVE Smart Card IdP: %v", cards)
	}
	protocol := as[map[string]any](t, active["protocol"])
	trust := as[map[string]any](t, dig(t, protocol, "credentials", "trust"))
	if protocol["type"] != "MTLS" || trust["issuer"] != postureIssuer || trust["kid"] == "" ||
		trust["revocation"] != "CRL" || trust["revocationCacheLifetime"] != float64(2880) {
		t.Errorf("Smart Card IdP protocol %v", protocol)
	}
	if dig(t, active, "_links", "deactivate") == nil {
		t.Errorf("an ACTIVE IdP links its deactivation: %v", active["_links"])
	}
	var card *Authenticator
	for _, a := range org.Authenticators {
		if a.Key == "smart_card_idp" {
			card = a
		}
	}
	if card == nil || len(card.ProviderIdPIDs) != 1 || card.ProviderIdPIDs[0] != active["id"] {
		t.Errorf("the smart card authenticator should verify with the ACTIVE IdP %v: %+v", active["id"], card)
	}
	if got := walk("/api/v1/idps?type=OIDC"); len(got) != 0 {
		t.Errorf("OIDC: %v", got)
	}
}
