package okta

import (
	"context"
	"net/http"
	"time"
)

// TokenNetwork is an API token's network condition.
type TokenNetwork struct {
	Connection string // ANYWHERE or ZONE
	Include    []string
	Exclude    []string
}

// APIToken is the metadata of an SSWS API token (/api/v1/api-tokens); the secret
// itself is never returned by Okta.
type APIToken struct {
	ID          string
	Name        string
	UserID      string
	ClientName  string
	TokenWindow string
	Created     time.Time
	ExpiresAt   time.Time
	LastUpdated time.Time
	Network     TokenNetwork
}

type wireNetwork struct {
	Connection string   `json:"connection,omitempty"`
	Include    []string `json:"include,omitempty"`
	Exclude    []string `json:"exclude,omitempty"`
}

type wireAPIToken struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	UserID      string       `json:"userId"`
	ClientName  string       `json:"clientName"`
	TokenWindow string       `json:"tokenWindow"`
	Created     wireTime     `json:"created"`
	ExpiresAt   wireTime     `json:"expiresAt"`
	LastUpdated wireTime     `json:"lastUpdated"`
	Network     *wireNetwork `json:"network"`
}

func (w wireAPIToken) model() APIToken {
	t := APIToken{
		ID: w.ID, Name: w.Name, UserID: w.UserID, ClientName: w.ClientName, TokenWindow: w.TokenWindow,
		Created: w.Created.utc(), ExpiresAt: w.ExpiresAt.utc(), LastUpdated: w.LastUpdated.utc(),
	}
	if w.Network != nil {
		t.Network = TokenNetwork{Connection: w.Network.Connection, Include: w.Network.Include, Exclude: w.Network.Exclude}
	}
	return t
}

// ListAPITokens lists the org's API tokens' metadata (GET
// /api/v1/api-tokens); Okta never returns a token's secret.
func (c *Client) ListAPITokens(ctx context.Context) ([]APIToken, error) {
	ws, err := listAll[wireAPIToken](ctx, c, "/api/v1/api-tokens", callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]APIToken, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}

// GetAPIToken reads one API token's metadata (GET
// /api/v1/api-tokens/{apiTokenId}).
func (c *Client) GetAPIToken(ctx context.Context, tokenID string) (APIToken, error) {
	var w wireAPIToken
	if _, err := c.call(ctx, http.MethodGet, "/api/v1/api-tokens/"+escape(tokenID), nil, &w, callOpts{}); err != nil {
		return APIToken{}, err
	}
	return w.model(), nil
}

// UpsertAPIToken sets an API token's name and network condition
// (PUT /api/v1/api-tokens/{id}). Okta cannot mint tokens over the API; this
// governs an existing one.
func (c *Client) UpsertAPIToken(ctx context.Context, tokenID, name string, network TokenNetwork) (APIToken, error) {
	body := struct {
		Name    string      `json:"name,omitempty"`
		Network wireNetwork `json:"network"`
	}{Name: name, Network: wireNetwork(network)}
	var w wireAPIToken
	if _, err := c.call(ctx, http.MethodPut, "/api/v1/api-tokens/"+escape(tokenID), body, &w, callOpts{}); err != nil {
		return APIToken{}, err
	}
	return w.model(), nil
}

// RevokeAPIToken revokes an API token.
func (c *Client) RevokeAPIToken(ctx context.Context, tokenID string) error {
	_, err := c.call(ctx, http.MethodDelete, "/api/v1/api-tokens/"+escape(tokenID), nil, nil, callOpts{})
	return err
}
