package okta

import (
	"context"
	"encoding/json"
	"time"
)

// Authenticator keys (/api/v1/authenticators) the compliance checks name.
const (
	AuthenticatorOktaVerify = "okta_verify"
	AuthenticatorSmartCard  = "smart_card_idp" // PIV/CAC through a smart card identity provider
)

// Okta Verify's settings.compliance.fips values.
const (
	FIPSRequired = "REQUIRED" // Okta Verify connects only from FIPS-compliant devices
	FIPSOptional = "OPTIONAL"
)

// Authenticator is one of the org's authenticators (Identity Engine). Key
// names the kind (okta_verify, webauthn, smart_card_idp, okta_password…);
// Type is its family (app, password, federated…).
type Authenticator struct {
	ID, Key, Name, Type, Status string
	// FIPS is settings.compliance.fips (okta_verify: REQUIRED or OPTIONAL);
	// empty when not set.
	FIPS string
	// ProviderType is provider.type (SMART_CARD, DUO…); empty when none.
	ProviderType string
	// ProviderIdPIDs are provider.configuration.idpIds: the identity
	// providers a smart card authenticator verifies certificates with.
	ProviderIdPIDs       []string
	Created, LastUpdated time.Time
}

type wireAuthenticator struct {
	ID       string `json:"id"`
	Key      string `json:"key"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Status   string `json:"status"`
	Settings *struct {
		Compliance *struct {
			FIPS string `json:"fips"`
		} `json:"compliance"`
	} `json:"settings"`
	Provider *struct {
		Type          string          `json:"type"`
		Configuration json.RawMessage `json:"configuration"`
	} `json:"provider"`
	Created     wireTime `json:"created"`
	LastUpdated wireTime `json:"lastUpdated"`
}

func (w wireAuthenticator) model() Authenticator {
	a := Authenticator{ID: w.ID, Key: w.Key, Name: w.Name, Type: w.Type, Status: w.Status,
		Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc()}
	if w.Settings != nil && w.Settings.Compliance != nil {
		a.FIPS = w.Settings.Compliance.FIPS
	}
	if p := w.Provider; p != nil {
		a.ProviderType = p.Type
		// Only the idpIds are read: other providers' configurations hold
		// secrets (Duo's secretKey) that have no business in memory.
		var cfg struct {
			IdPIDs []string `json:"idpIds"`
		}
		if len(p.Configuration) > 0 && json.Unmarshal(p.Configuration, &cfg) == nil {
			a.ProviderIdPIDs = cfg.IdPIDs
		}
	}
	return a
}

// ListAuthenticators lists the org's authenticators (/api/v1/authenticators,
// one unpaged list; Identity Engine orgs only).
func (c *Client) ListAuthenticators(ctx context.Context) ([]Authenticator, error) {
	ws, err := listAll[wireAuthenticator](ctx, c, "/api/v1/authenticators", callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]Authenticator, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}
