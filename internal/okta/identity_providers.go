package okta

import (
	"context"
	"math"
	"time"
)

// Identity provider types (/api/v1/idps, the type filter) the checks read.
const (
	// IdPTypeX509 is a Smart Card identity provider: users sign in with a
	// PIV/CAC certificate checked against a CA certificate chain.
	IdPTypeX509 = "X509"
)

// pageIdentityProviders is the largest page of identity providers Okta serves.
const pageIdentityProviders = 200

// IdentityProvider is one of the org's identity providers. Only what the
// checks judge is kept: who issues the certificates it trusts and how their
// revocation is checked. An OIDC or social IdP's client credentials
// (protocol.credentials.client) are never read.
type IdentityProvider struct {
	ID, Name, Type, Status string
	// ProtocolType is protocol.type (MTLS for a Smart Card IdP; SAML2, OIDC,
	// OAUTH2 for the others).
	ProtocolType string
	// TrustIssuer is protocol.credentials.trust.issuer: for a Smart Card IdP,
	// the distinguished name of the CA that issues the users' certificates
	// (the end of its certificate chain), e.g. "CN=DOD ID CA-70, OU=PKI,
	// OU=DoD, O=U.S. Government, C=US". Empty when not set.
	TrustIssuer string
	// TrustKID is protocol.credentials.trust.kid: the IdP key credential
	// (/api/v1/idps/credentials/keys/{kid}) holding the certificate chain.
	TrustKID string
	// Revocation is protocol.credentials.trust.revocation (CRL, DELTA_CRL or
	// OCSP) and RevocationCacheLifetime its cache lifetime in minutes; empty
	// and 0 when not set.
	Revocation              string
	RevocationCacheLifetime int
	Created, LastUpdated    time.Time
}

type wireIdentityProvider struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Status   string `json:"status"`
	Protocol *struct {
		Type        string `json:"type"`
		Credentials *struct {
			Trust *struct {
				Issuer     string `json:"issuer"`
				Kid        string `json:"kid"`
				Revocation string `json:"revocation"`
				// Okta's current spec types it as a number, the older one as
				// an integer: a float decodes both.
				RevocationCacheLifetime float64 `json:"revocationCacheLifetime"`
			} `json:"trust"`
		} `json:"credentials"`
	} `json:"protocol"`
	Created     wireTime `json:"created"`
	LastUpdated wireTime `json:"lastUpdated"`
}

func (w wireIdentityProvider) model() IdentityProvider {
	idp := IdentityProvider{ID: w.ID, Name: w.Name, Type: w.Type, Status: w.Status,
		Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc()}
	if p := w.Protocol; p != nil {
		idp.ProtocolType = p.Type
		if p.Credentials != nil && p.Credentials.Trust != nil {
			t := p.Credentials.Trust
			idp.TrustIssuer, idp.TrustKID, idp.Revocation = t.Issuer, t.Kid, t.Revocation
			idp.RevocationCacheLifetime = int(math.Round(t.RevocationCacheLifetime))
		}
	}
	return idp
}

// ListIdentityProviders lists the org's identity providers
// (/api/v1/idps, every page), only those of idpType (X509, SAML2, OIDC…)
// when it is not empty. Scope okta.idps.read.
func (c *Client) ListIdentityProviders(ctx context.Context, idpType string) ([]IdentityProvider, error) {
	target := withQuery("/api/v1/idps", limitQuery(pageIdentityProviders, "type", idpType))
	ws, err := listAll[wireIdentityProvider](ctx, c, target, callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]IdentityProvider, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}
