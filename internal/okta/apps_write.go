package okta

import (
	"context"
	"net/http"
	"strconv"
)

// Writes for OIDC apps, their scope grants and their client admin roles, used
// by the oidc_app resource. okta-sdk-golang/v2's application models decode the
// oauthClient parts lossily, so these go through the RequestExecutor with our
// own structs, like the rest of the package.

// OIDCAppSpec is what the provider manages on an OIDC app.
type OIDCAppSpec struct {
	Label                   string
	ApplicationType         string // web, browser or service
	RedirectURIs            []string
	PostLogoutRedirectURIs  []string
	TokenEndpointAuthMethod string // client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt, none
	PKCERequired            bool
	JWKS                    []JWK
}

// grantAndResponseTypes are the OAuth flows each application type uses: the
// authorization code flow for web and browser apps, client credentials for
// service apps.
func (s OIDCAppSpec) grantAndResponseTypes() (grants, responses []string) {
	if s.ApplicationType == "service" {
		return []string{"client_credentials"}, []string{"token"}
	}
	return []string{"authorization_code"}, []string{"code"}
}

type wireJWKOut struct {
	KID string `json:"kid,omitempty"`
	KTY string `json:"kty"`
	Alg string `json:"alg,omitempty"`
	Use string `json:"use,omitempty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
}

type wireJWKSOut struct {
	Keys []wireJWKOut `json:"keys"`
}

type wireOAuthSettingsOut struct {
	RedirectURIs           []string     `json:"redirect_uris"`
	PostLogoutRedirectURIs []string     `json:"post_logout_redirect_uris,omitempty"`
	ResponseTypes          []string     `json:"response_types"`
	GrantTypes             []string     `json:"grant_types"`
	ApplicationType        string       `json:"application_type"`
	ConsentMethod          string       `json:"consent_method"`
	JWKS                   *wireJWKSOut `json:"jwks,omitempty"`
}

type wireOAuthCredentialsOut struct {
	TokenEndpointAuthMethod string `json:"token_endpoint_auth_method"`
	PKCERequired            bool   `json:"pkce_required"`
	AutoKeyRotation         bool   `json:"autoKeyRotation"`
}

type wireOIDCAppOut struct {
	Name        string `json:"name"`
	Label       string `json:"label"`
	SignOnMode  string `json:"signOnMode"`
	Credentials struct {
		OAuthClient wireOAuthCredentialsOut `json:"oauthClient"`
	} `json:"credentials"`
	Settings struct {
		OAuthClient wireOAuthSettingsOut `json:"oauthClient"`
	} `json:"settings"`
}

func (s OIDCAppSpec) wire() wireOIDCAppOut {
	var w wireOIDCAppOut
	w.Name = "oidc_client"
	w.Label = s.Label
	w.SignOnMode = "OPENID_CONNECT"
	w.Credentials.OAuthClient = wireOAuthCredentialsOut{
		TokenEndpointAuthMethod: s.TokenEndpointAuthMethod,
		PKCERequired:            s.PKCERequired,
		AutoKeyRotation:         true,
	}
	grants, responses := s.grantAndResponseTypes()
	redirects := s.RedirectURIs
	if redirects == nil {
		redirects = []string{}
	}
	w.Settings.OAuthClient = wireOAuthSettingsOut{
		RedirectURIs:           redirects,
		PostLogoutRedirectURIs: s.PostLogoutRedirectURIs,
		ResponseTypes:          responses,
		GrantTypes:             grants,
		ApplicationType:        s.ApplicationType,
		ConsentMethod:          "REQUIRED",
	}
	if len(s.JWKS) > 0 {
		keys := make([]wireJWKOut, len(s.JWKS))
		for i, k := range s.JWKS {
			keys[i] = wireJWKOut(k)
		}
		w.Settings.OAuthClient.JWKS = &wireJWKSOut{Keys: keys}
	}
	return w
}

// CreateOIDCApp creates an OIDC app. activate=false leaves it INACTIVE.
func (c *Client) CreateOIDCApp(ctx context.Context, spec OIDCAppSpec, activate bool) (App, error) {
	target := withQuery("/api/v1/apps", limitQuery(0, "activate", strconv.FormatBool(activate)))
	var w wireApp
	if _, err := c.call(ctx, http.MethodPost, target, spec.wire(), &w, callOpts{}); err != nil {
		return App{}, err
	}
	return w.model(), nil
}

// UpdateOIDCApp replaces an OIDC app's label and OAuth settings (PUT: Okta
// replaces the whole app). The client id and secret are kept.
func (c *Client) UpdateOIDCApp(ctx context.Context, appID string, spec OIDCAppSpec) (App, error) {
	var w wireApp
	if _, err := c.call(ctx, http.MethodPut, "/api/v1/apps/"+escape(appID), spec.wire(), &w, callOpts{}); err != nil {
		return App{}, err
	}
	return w.model(), nil
}

// ActivateApp makes an app ACTIVE.
func (c *Client) ActivateApp(ctx context.Context, appID string) error {
	_, err := c.call(ctx, http.MethodPost, "/api/v1/apps/"+escape(appID)+"/lifecycle/activate", nil, nil, callOpts{})
	return err
}

// DeactivateApp makes an app INACTIVE; Okta deletes only inactive apps.
func (c *Client) DeactivateApp(ctx context.Context, appID string) error {
	_, err := c.call(ctx, http.MethodPost, "/api/v1/apps/"+escape(appID)+"/lifecycle/deactivate", nil, nil, callOpts{})
	return err
}

// DeleteApp deletes an INACTIVE app.
func (c *Client) DeleteApp(ctx context.Context, appID string) error {
	_, err := c.call(ctx, http.MethodDelete, "/api/v1/apps/"+escape(appID), nil, nil, callOpts{})
	return err
}

// GrantScope grants an okta.* scope to an OAuth app. issuer is the org URL
// (the org authorization server that issues tokens for the Okta API).
func (c *Client) GrantScope(ctx context.Context, appID, issuer, scope string) (Grant, error) {
	body := map[string]string{"issuer": issuer, "scopeId": scope}
	var w wireGrant
	if _, err := c.call(ctx, http.MethodPost, "/api/v1/apps/"+escape(appID)+"/grants", body, &w, callOpts{}); err != nil {
		return Grant{}, err
	}
	return Grant{ID: w.ID, AppID: appID, ClientID: w.ClientID, ScopeID: w.ScopeID, Issuer: w.Issuer,
		Status: w.Status, Source: w.Source, Created: w.Created.utc()}, nil
}

// RevokeGrant revokes a scope grant by its id.
func (c *Client) RevokeGrant(ctx context.Context, appID, grantID string) error {
	_, err := c.call(ctx, http.MethodDelete, "/api/v1/apps/"+escape(appID)+"/grants/"+escape(grantID), nil, nil, callOpts{})
	return err
}

// AssignClientRole assigns a standard admin role to an OAuth service app's
// client (/oauth2/v1/clients/{clientId}/roles).
func (c *Client) AssignClientRole(ctx context.Context, clientID, roleType string) (Role, error) {
	var w wireRole
	if _, err := c.call(ctx, http.MethodPost, "/oauth2/v1/clients/"+escape(clientID)+"/roles", map[string]string{"type": roleType}, &w, callOpts{}); err != nil {
		return Role{}, err
	}
	return w.model(), nil
}

// UnassignClientRole removes a role assignment (by its id) from an OAuth client.
func (c *Client) UnassignClientRole(ctx context.Context, clientID, roleID string) error {
	_, err := c.call(ctx, http.MethodDelete, "/oauth2/v1/clients/"+escape(clientID)+"/roles/"+escape(roleID), nil, nil, callOpts{})
	return err
}
