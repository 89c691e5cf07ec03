package oktasim

import (
	"net/http"
	"time"
)

// IdentityProvider is one of the org's identity providers (/api/v1/idps). A
// Smart Card IdP (type X509, protocol MTLS) trusts the CA certificate chain
// held in the IdP key KID, whose issuing CA is Issuer; SAML2 IdPs carry an
// issuer (the IdP's entity id) and a key too. Other types render their
// protocol type only.
type IdentityProvider struct {
	ID          string // 0oa…
	Name        string
	Type        string // X509, SAML2, OIDC, GOOGLE…
	Status      string // ACTIVE, INACTIVE
	Created     time.Time
	LastUpdated time.Time

	// Issuer is protocol.credentials.trust.issuer: a Smart Card IdP's CA
	// distinguished name ("CN=DOD ID CA-70, OU=PKI, OU=DoD, O=U.S.
	// Government, C=US"), a SAML2 IdP's entity id.
	Issuer string
	// KID is protocol.credentials.trust.kid: the IdP key credential holding
	// the certificate chain.
	KID string
	// Revocation (CRL, DELTA_CRL, OCSP) and RevocationCacheLifetime
	// (minutes) are a Smart Card IdP's revocation checking; not sent when
	// empty and 0.
	Revocation              string
	RevocationCacheLifetime int
}

func idpProtocolType(typ string) string {
	switch typ {
	case "X509":
		return "MTLS"
	case "SAML2":
		return "SAML2"
	case "OIDC":
		return "OIDC"
	}
	return "OAUTH2" // the social IdPs
}

func renderIdentityProvider(base string, p *IdentityProvider) obj {
	self := base + "/api/v1/idps/" + p.ID
	links := obj{
		"users": obj{"href": self + "/users", "hints": obj{"allow": []string{"GET"}}},
	}
	if p.Status == "ACTIVE" {
		links["deactivate"] = obj{"href": self + "/lifecycle/deactivate", "hints": obj{"allow": []string{"POST"}}}
	} else {
		links["activate"] = obj{"href": self + "/lifecycle/activate", "hints": obj{"allow": []string{"POST"}}}
	}
	protocol := obj{"type": idpProtocolType(p.Type)}
	switch p.Type {
	case "X509":
		trust := obj{"issuer": p.Issuer, "kid": p.KID}
		if p.Revocation != "" {
			trust["revocation"] = p.Revocation
		}
		if p.RevocationCacheLifetime > 0 {
			trust["revocationCacheLifetime"] = p.RevocationCacheLifetime
		}
		protocol["endpoints"] = obj{"sso": obj{"url": base + "/login/cert"}}
		protocol["credentials"] = obj{"trust": trust}
	case "SAML2":
		protocol["credentials"] = obj{"trust": obj{"issuer": p.Issuer, "kid": p.KID}}
	}
	o := obj{
		"id":          p.ID,
		"name":        p.Name,
		"type":        p.Type,
		"status":      p.Status,
		"created":     ts(p.Created),
		"lastUpdated": ts(p.LastUpdated),
		"protocol":    protocol,
		"_links":      links,
	}
	if p.Type == "X509" {
		// The Admin Console's "IdP username" and "Match against".
		o["policy"] = obj{"subject": obj{
			"userNameTemplate": obj{"template": "idpuser.subjectAltNameUpn"},
			"matchType":        "USERNAME",
		}}
	}
	return o
}

// listIdentityProviders serves the identity providers in cursor pages
// (default 20, at most 200 a page), only those of the type query parameter
// when it is given (an exact match: X509, SAML2…).
func listIdentityProviders(c *call) (int, any) {
	list := append([]*IdentityProvider(nil), c.org.IdentityProviders...)
	cursor := func(p *IdentityProvider) string { return p.ID }
	sortStable(list, cursor)
	typ := c.query("type")
	keep := func(p *IdentityProvider) (*IdentityProvider, bool) { return p, typ == "" || p.Type == typ }
	page := paginateFunc(c.s.opts.PageSizeCap, c.w, c.r, list, cursor, keep, 20, 200)
	out := make([]obj, 0, len(page))
	for _, p := range page {
		out = append(out, renderIdentityProvider(c.base(), p))
	}
	return http.StatusOK, out
}

// DemoDoDIssuer is the CA the demo org's active Smart Card IdP trusts: a DoD
// PKI identity CA, under "OU=PKI, OU=DoD, O=U.S. Government, C=US".
const DemoDoDIssuer = "CN=DOD ID CA-70, OU=PKI, OU=DoD, O=U.S. Government, C=US"

// demoIdentityProviders: the smart card authenticator's IdP trusts a DoD
// identity CA and is ACTIVE; a pilot Smart Card IdP over a commercial CA was
// left INACTIVE; partners sign in over SAML.
func demoIdentityProviders(g *seedGen, auths []*Authenticator) []*IdentityProvider {
	var cardIdPID string
	for _, a := range auths {
		if a.Key == "smart_card_idp" && len(a.ProviderIdPIDs) > 0 {
			cardIdPID = a.ProviderIdPIDs[0]
		}
	}
	if cardIdPID == "" {
		cardIdPID = g.id("0oa")
	}
	created := g.now.Add(-380 * 24 * time.Hour).Truncate(time.Millisecond)
	updated := g.now.Add(-50 * 24 * time.Hour).Truncate(time.Millisecond)
	return []*IdentityProvider{
		{ID: cardIdPID, Name: "DoD CAC", Type: "X509", Status: "ACTIVE", Created: created, LastUpdated: updated,
			Issuer: DemoDoDIssuer, KID: "3c6c5e1a-7d0a-4a53-9f5e-2f1f6a1c0d70", Revocation: "CRL", RevocationCacheLifetime: 2880},
		{ID: g.id("0oa"), Name: "PIV pilot", Type: "X509", Status: "INACTIVE", Created: created, LastUpdated: updated,
			Issuer: "CN=Acme Issuing CA 1, O=Acme Corp, C=US", KID: "9a1f0b7e-2c4d-4e8f-a1b2-c3d4e5f60718",
			Revocation: "OCSP", RevocationCacheLifetime: 1440},
		{ID: g.id("0oa"), Name: "Partner SAML", Type: "SAML2", Status: "ACTIVE", Created: created, LastUpdated: updated,
			Issuer: "https://sso.partner.example/saml2", KID: "5e7d9c1b-3a2f-4d6e-8b0a-1c2d3e4f5a6b"},
	}
}
