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
