package okta

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// Page sizes: the largest Okta serves for each list.
const (
	pageApps      = 200
	pageAppUsers  = 500
	pageAppGroups = 200
)

// OAuthClient is the oauthClient part of an OIDC app (settings.oauthClient and
// credentials.oauthClient), which the SDK's models decode lossily.
type OAuthClient struct {
	ClientID                string
	ClientSecret            string
	TokenEndpointAuthMethod string
	ApplicationType         string // web, browser, service, native
	RedirectURIs            []string
	PostLogoutRedirectURIs  []string
	GrantTypes              []string
	ResponseTypes           []string
	PKCERequired            bool
	JWKS                    []JWK
}

// JWK is one public key of a service app's jwks.
type JWK struct {
	KID string
	KTY string
	Alg string
	Use string
	N   string
	E   string
	Crv string
	X   string
	Y   string
}

// App is an Okta application. OAuth is nil for apps that are not OIDC.
type App struct {
	ID          string
	Name        string
	Label       string
	Status      string
	SignOnMode  string
	Created     time.Time
	LastUpdated time.Time
	OAuth       *OAuthClient
}

// AppUser is one user assigned to an app, directly (Scope USER) or through a
// group (Scope GROUP).
type AppUser struct {
	AppID     string
	UserID    string
	Scope     string
	Status    string
	SyncState string
}

// AppGroup is one group assigned to an app.
type AppGroup struct {
	AppID    string
	GroupID  string
	Priority int
}

// Grant is an OAuth scope consent grant on an app (/api/v1/apps/{id}/grants).
type Grant struct {
	ID       string
	AppID    string
	ClientID string
	ScopeID  string
	Issuer   string
	Status   string
	Source   string
	Created  time.Time
}

// AppQuery selects apps.
type AppQuery struct {
	Filter string
	Q      string
}

type wireJWK struct {
	KID string `json:"kid"`
	KTY string `json:"kty"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

type wireApp struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Label       string   `json:"label"`
	Status      string   `json:"status"`
	SignOnMode  string   `json:"signOnMode"`
	Created     wireTime `json:"created"`
	LastUpdated wireTime `json:"lastUpdated"`
	Settings    struct {
		OAuthClient *struct {
			RedirectURIs           []string `json:"redirect_uris"`
			PostLogoutRedirectURIs []string `json:"post_logout_redirect_uris"`
			ResponseTypes          []string `json:"response_types"`
			GrantTypes             []string `json:"grant_types"`
			ApplicationType        string   `json:"application_type"`
			JWKS                   *struct {
				Keys []wireJWK `json:"keys"`
			} `json:"jwks"`
		} `json:"oauthClient"`
	} `json:"settings"`
	Credentials struct {
		OAuthClient *struct {
			ClientID                string `json:"client_id"`
			ClientSecret            string `json:"client_secret"`
			TokenEndpointAuthMethod string `json:"token_endpoint_auth_method"`
			PKCERequired            bool   `json:"pkce_required"`
		} `json:"oauthClient"`
	} `json:"credentials"`
}

func (w wireApp) model() App {
	a := App{
		ID: w.ID, Name: w.Name, Label: w.Label, Status: w.Status, SignOnMode: w.SignOnMode,
		Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc(),
	}
	s, cr := w.Settings.OAuthClient, w.Credentials.OAuthClient
	if s == nil && cr == nil {
		return a
	}
	oc := &OAuthClient{}
	if cr != nil {
		oc.ClientID = cr.ClientID
		oc.ClientSecret = cr.ClientSecret
		oc.TokenEndpointAuthMethod = cr.TokenEndpointAuthMethod
		oc.PKCERequired = cr.PKCERequired
	}
	if s != nil {
		oc.ApplicationType = s.ApplicationType
		oc.RedirectURIs = s.RedirectURIs
		oc.PostLogoutRedirectURIs = s.PostLogoutRedirectURIs
		oc.GrantTypes = s.GrantTypes
		oc.ResponseTypes = s.ResponseTypes
		if s.JWKS != nil {
			for _, k := range s.JWKS.Keys {
				oc.JWKS = append(oc.JWKS, JWK(k))
			}
		}
	}
	a.OAuth = oc
	return a
}

type wireAppUser struct {
	ID        string `json:"id"`
	Scope     string `json:"scope"`
	Status    string `json:"status"`
	SyncState string `json:"syncState"`
}

type wireAppGroup struct {
	ID       string `json:"id"`
	Priority int    `json:"priority"`
}

type wireGrant struct {
	ID       string   `json:"id"`
	ClientID string   `json:"clientId"`
	ScopeID  string   `json:"scopeId"`
	Issuer   string   `json:"issuer"`
	Status   string   `json:"status"`
	Source   string   `json:"source"`
	Created  wireTime `json:"created"`
}

// ListApps lists the apps matching q (GET /api/v1/apps), every page.
func (c *Client) ListApps(ctx context.Context, q AppQuery) ([]App, error) {
	target := withQuery("/api/v1/apps", limitQuery(pageApps, "filter", q.Filter, "q", q.Q))
	ws, err := listAll[wireApp](ctx, c, target, callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]App, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}

// GetApp reads one app (GET /api/v1/apps/{appId}).
func (c *Client) GetApp(ctx context.Context, appID string) (App, error) {
	var w wireApp
	if _, err := c.call(ctx, http.MethodGet, "/api/v1/apps/"+escape(appID), nil, &w, callOpts{}); err != nil {
		return App{}, err
	}
	return w.model(), nil
}

// ListAppUsers lists an app's user assignments (GET
// /api/v1/apps/{appId}/users), every page.
func (c *Client) ListAppUsers(ctx context.Context, appID string) ([]AppUser, error) {
	target := withQuery("/api/v1/apps/"+escape(appID)+"/users", limitQuery(pageAppUsers))
	ws, err := listAll[wireAppUser](ctx, c, target, callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]AppUser, len(ws))
	for i, w := range ws {
		out[i] = AppUser{AppID: appID, UserID: w.ID, Scope: w.Scope, Status: w.Status, SyncState: w.SyncState}
	}
	return out, nil
}

// GetAppUser reads one user's assignment to an app (direct or through a group);
// a user who is not assigned is a 404 (IsNotFound).
func (c *Client) GetAppUser(ctx context.Context, appID, userID string) (AppUser, error) {
	var w wireAppUser
	if _, err := c.call(ctx, http.MethodGet, "/api/v1/apps/"+escape(appID)+"/users/"+escape(userID), nil, &w, callOpts{}); err != nil {
		return AppUser{}, err
	}
	return AppUser{AppID: appID, UserID: w.ID, Scope: w.Scope, Status: w.Status, SyncState: w.SyncState}, nil
}

// ListAppGroups lists an app's group assignments (GET
// /api/v1/apps/{appId}/groups), every page.
func (c *Client) ListAppGroups(ctx context.Context, appID string) ([]AppGroup, error) {
	target := withQuery("/api/v1/apps/"+escape(appID)+"/groups", limitQuery(pageAppGroups))
	ws, err := listAll[wireAppGroup](ctx, c, target, callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]AppGroup, len(ws))
	for i, w := range ws {
		out[i] = AppGroup{AppID: appID, GroupID: w.ID, Priority: w.Priority}
	}
	return out, nil
}

// ListAppGrants lists the OAuth scopes granted to an app (GET
// /api/v1/apps/{appId}/grants).
func (c *Client) ListAppGrants(ctx context.Context, appID string) ([]Grant, error) {
	ws, err := listAll[wireGrant](ctx, c, "/api/v1/apps/"+escape(appID)+"/grants", callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]Grant, len(ws))
	for i, w := range ws {
		out[i] = Grant{ID: w.ID, AppID: appID, ClientID: w.ClientID, ScopeID: w.ScopeID, Issuer: w.Issuer,
			Status: w.Status, Source: w.Source, Created: w.Created.utc()}
	}
	return out, nil
}

// Writes for OIDC apps and their scope grants, used by the oidc_app resource.

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
