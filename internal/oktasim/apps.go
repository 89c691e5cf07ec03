package oktasim

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
)

func appKey(a *App) string             { return a.ID }
func appUserKey(au AppUser) string     { return au.UserID }
func appGroupKey(ag AppGroup) string   { return ag.GroupID }
func grantKey(g Grant) string          { return g.ID }
func appUserPtrKey(au *AppUser) string { return au.UserID }

// App returns the app with id, or nil.
func (o *Org) App(id string) *App {
	if i := findSorted(o.Apps, id, appKey); i >= 0 {
		return o.Apps[i]
	}
	return nil
}

// AppUser returns a's stored app user for userID (a direct assignment, or a
// group's as its fixture recorded it), or nil.
func (a *App) AppUser(userID string) *AppUser {
	if i := findSorted(a.Users, userID, appUserKey); i >= 0 {
		return &a.Users[i]
	}
	return nil
}

// AddAppUser stores au among a's app users, kept sorted by user id; the caller
// makes sure the user has none yet.
func (a *App) AddAppUser(au AppUser) { a.Users = insertSorted(a.Users, au, appUserKey) }

// RemoveAppUser removes userID's app user from a; it reports whether there
// was one.
func (a *App) RemoveAppUser(userID string) bool {
	i := findSorted(a.Users, userID, appUserKey)
	if i < 0 {
		return false
	}
	a.Users = removeAt(a.Users, i)
	return true
}

// appByClientID returns the OIDC app whose client_id is id, or nil.
func (o *Org) appByClientID(id string) *App {
	for _, a := range o.Apps {
		if a.OAuth != nil && a.OAuth.ClientID == id {
			return a
		}
	}
	return nil
}

// effectiveAppUsers returns an app's users: its direct assignments plus the
// members of its assigned groups, the latter with scope GROUP; a user assigned
// both ways keeps the direct assignment. Computed at read time, so group
// membership changes show up at once. Sorted by user id.
func (o *Org) effectiveAppUsers(a *App) []*AppUser {
	out := make([]*AppUser, 0, len(a.Users))
	seen := make(map[string]bool, len(a.Users))
	for i := range a.Users {
		out = append(out, &a.Users[i])
		seen[a.Users[i].UserID] = true
	}
	for _, ag := range a.Groups {
		g := o.Group(ag.GroupID)
		if g == nil {
			continue
		}
		for _, uid := range g.MemberIDs {
			if seen[uid] {
				continue
			}
			seen[uid] = true
			out = append(out, &AppUser{UserID: uid, Scope: "GROUP", Status: "ACTIVE", SyncState: "DISABLED",
				Created: ag.LastUpdated, LastUpdated: ag.LastUpdated, Profile: map[string]any{}})
		}
	}
	if len(a.Groups) > 0 {
		sort.Slice(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	}
	return out
}

func renderApp(base string, a *App) obj {
	self := base + "/api/v1/apps/" + a.ID
	appSettings := a.Settings
	if appSettings == nil {
		appSettings = map[string]any{}
	}
	settings := obj{
		"app":                appSettings,
		"notifications":      obj{"vpn": obj{"network": obj{"connection": "DISABLED"}, "message": nil, "helpUrl": nil}},
		"manualProvisioning": false,
		"implicitAssignment": false,
		"notes":              obj{"admin": nil, "enduser": nil},
	}
	credentials := obj{
		"userNameTemplate": obj{"template": "${source.login}", "type": "BUILT_IN"},
		"signing":          obj{},
	}
	if oc := a.OAuth; oc != nil {
		creds := obj{
			"autoKeyRotation":            true,
			"client_id":                  oc.ClientID,
			"token_endpoint_auth_method": oc.TokenEndpointAuthMethod,
			"pkce_required":              oc.PKCERequired,
		}
		if oc.ClientSecret != "" {
			creds["client_secret"] = oc.ClientSecret
		}
		credentials["oauthClient"] = creds
		sc := obj{
			"client_uri":                nil,
			"logo_uri":                  nil,
			"redirect_uris":             strList(oc.RedirectURIs),
			"post_logout_redirect_uris": strList(oc.PostLogoutRedirectURIs),
			"response_types":            strList(oc.ResponseTypes),
			"grant_types":               strList(oc.GrantTypes),
			"application_type":          oc.ApplicationType,
			"consent_method":            "REQUIRED",
			"issuer_mode":               "DYNAMIC",
			"idp_initiated_login":       obj{"mode": "DISABLED", "default_scope": []string{}},
			"wildcard_redirect":         "DISABLED",
			"dpop_bound_access_tokens":  oc.DPoPBound,
		}
		if len(oc.JWKS) > 0 {
			sc["jwks"] = obj{"keys": oc.JWKS}
		}
		settings["oauthClient"] = sc
	}
	lifecycle := "deactivate"
	if a.Status != "ACTIVE" {
		lifecycle = "activate"
	}
	return obj{
		"id":          a.ID,
		"name":        a.Name,
		"label":       a.Label,
		"status":      a.Status,
		"created":     ts(a.Created),
		"lastUpdated": ts(a.LastUpdated),
		"signOnMode":  a.SignOnMode,
		"features":    []string{},
		"accessibility": obj{
			"selfService": false, "errorRedirectUrl": nil, "loginRedirectUrl": nil,
		},
		"visibility": obj{
			"autoSubmitToolbar": false,
			"hide":              obj{"iOS": false, "web": false},
			"appLinks":          obj{},
		},
		"credentials": credentials,
		"settings":    settings,
		"_links": obj{
			"appLinks":  []obj{},
			"groups":    href(self + "/groups"),
			"users":     href(self + "/users"),
			"logo":      []obj{},
			"lifecycle": obj{lifecycle: href(self + "/lifecycle/" + lifecycle)},
		},
	}
}

func appAttr(a *App) func(string) (any, bool) {
	return func(attr string) (any, bool) {
		switch attr {
		case "id":
			return a.ID, true
		case "name":
			return a.Name, true
		case "label":
			return a.Label, true
		case "status":
			return a.Status, true
		case "signOnMode":
			return a.SignOnMode, true
		case "created":
			return a.Created, !a.Created.IsZero()
		case "lastUpdated":
			return a.LastUpdated, !a.LastUpdated.IsZero()
		case "credentials.oauthClient.client_id":
			if a.OAuth == nil {
				return nil, false
			}
			return a.OAuth.ClientID, true
		}
		return nil, false
	}
}

// userIDFilter is Okta's filter of the apps a user is assigned to, directly or
// through a group: user.id eq "00u…". It matches only on its own.
var userIDFilter = regexp.MustCompile(`^\s*user\.id\s+eq\s+"([^"]+)"\s*$`)

// assigned reports whether a user is one of a's app users.
func (o *Org) assigned(a *App, userID string) bool {
	for _, au := range o.effectiveAppUsers(a) {
		if au.UserID == userID {
			return true
		}
	}
	return false
}

func listApps(c *call) (int, any) {
	if m := userIDFilter.FindStringSubmatch(c.query("filter")); m != nil {
		var apps []*App
		for _, a := range c.org.Apps {
			if c.org.assigned(a, m[1]) {
				apps = append(apps, a)
			}
		}
		return appPage(c, apps)
	}
	var expr *Expr
	if f := c.query("filter"); f != "" {
		e, err := ParseSearch(f)
		if err != nil {
			return 0, errBadSearch(err)
		}
		expr = e
	}
	q := strings.ToLower(c.query("q"))
	apps := make([]*App, 0, len(c.org.Apps))
	for _, a := range c.org.Apps {
		if expr != nil && !expr.Match(appAttr(a)) {
			continue
		}
		if q != "" && !strings.HasPrefix(strings.ToLower(a.Label), q) && !strings.HasPrefix(strings.ToLower(a.Name), q) {
			continue
		}
		apps = append(apps, a)
	}
	return appPage(c, apps)
}

// appPage answers with the page of apps the request asks for.
func appPage(c *call, apps []*App) (int, any) {
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, apps, appKey, 20, 200)
	out := make([]obj, 0, len(page))
	for _, a := range page {
		out = append(out, renderApp(c.base(), a))
	}
	return http.StatusOK, out
}

func lookupApp(c *call) (*App, *apiError) {
	id := c.path("id")
	a := c.org.App(id)
	if a == nil {
		return nil, errNotFound(id, "App")
	}
	return a, nil
}

func getApp(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	return http.StatusOK, renderApp(c.base(), a)
}

// appBody is the part of an application request the simulator understands.
type appBody struct {
	Name       string `json:"name"`
	Label      string `json:"label"`
	SignOnMode string `json:"signOnMode"`
	Settings   struct {
		App         map[string]any `json:"app"`
		OAuthClient *struct {
			RedirectURIs           []string  `json:"redirect_uris"`
			PostLogoutRedirectURIs []string  `json:"post_logout_redirect_uris"`
			ResponseTypes          []string  `json:"response_types"`
			GrantTypes             []string  `json:"grant_types"`
			ApplicationType        string    `json:"application_type"`
			DPoPBound              *bool     `json:"dpop_bound_access_tokens"`
			JWKS                   *jwksBody `json:"jwks"`
		} `json:"oauthClient"`
	} `json:"settings"`
	Credentials struct {
		OAuthClient *struct {
			ClientID                string    `json:"client_id"`
			TokenEndpointAuthMethod string    `json:"token_endpoint_auth_method"`
			PKCERequired            *bool     `json:"pkce_required"`
			JWKS                    *jwksBody `json:"jwks"`
		} `json:"oauthClient"`
	} `json:"credentials"`
}

type jwksBody struct {
	Keys []map[string]any `json:"keys"`
}

var secretAuthMethods = map[string]bool{"client_secret_basic": true, "client_secret_post": true, "client_secret_jwt": true}

// oauthFromBody builds and validates an OAuth client from an app request;
// prev is the client being updated (nil on create).
func oauthFromBody(b *appBody, appID string, prev *OAuthClient) (*OAuthClient, *apiError) {
	sc := b.Settings.OAuthClient
	if sc == nil {
		return nil, errValidation("settings.oauthClient", "settings.oauthClient: The field cannot be left blank")
	}
	oc := &OAuthClient{
		ApplicationType:        sc.ApplicationType,
		RedirectURIs:           sc.RedirectURIs,
		PostLogoutRedirectURIs: sc.PostLogoutRedirectURIs,
		ResponseTypes:          sc.ResponseTypes,
		GrantTypes:             sc.GrantTypes,
	}
	switch oc.ApplicationType {
	case "web", "browser", "native":
		if len(oc.GrantTypes) == 0 {
			oc.GrantTypes = []string{"authorization_code"}
		}
		if len(oc.ResponseTypes) == 0 {
			oc.ResponseTypes = []string{"code"}
		}
	case "service":
		if len(oc.GrantTypes) == 0 {
			oc.GrantTypes = []string{"client_credentials"}
		}
		if len(oc.ResponseTypes) == 0 {
			oc.ResponseTypes = []string{"token"}
		}
	default:
		return nil, errValidation("application_type", "application_type: must be one of web, browser, service or native")
	}
	if sc.DPoPBound != nil {
		oc.DPoPBound = *sc.DPoPBound
	}

	var cc struct {
		ClientID, Method string
		PKCE             *bool
		JWKS             *jwksBody
	}
	if b.Credentials.OAuthClient != nil {
		x := b.Credentials.OAuthClient
		cc.ClientID, cc.Method, cc.PKCE, cc.JWKS = x.ClientID, x.TokenEndpointAuthMethod, x.PKCERequired, x.JWKS
	}
	oc.TokenEndpointAuthMethod = cc.Method
	if oc.TokenEndpointAuthMethod == "" {
		oc.TokenEndpointAuthMethod = "client_secret_basic"
		if oc.ApplicationType == "browser" {
			oc.TokenEndpointAuthMethod = "none"
		}
	}
	switch m := oc.TokenEndpointAuthMethod; {
	case m == "none":
		if oc.ApplicationType != "browser" && oc.ApplicationType != "native" {
			return nil, errValidation("token_endpoint_auth_method", "token_endpoint_auth_method: none is allowed only for browser and native apps")
		}
	case oc.ApplicationType == "browser":
		return nil, errValidation("token_endpoint_auth_method", "token_endpoint_auth_method: browser apps must use none")
	case m == "private_key_jwt" || secretAuthMethods[m]:
	default:
		return nil, errValidation("token_endpoint_auth_method", "token_endpoint_auth_method: unsupported value "+m)
	}
	oc.PKCERequired = oc.ApplicationType == "browser"
	if cc.PKCE != nil {
		oc.PKCERequired = *cc.PKCE
	}
	if oc.ApplicationType == "browser" && !oc.PKCERequired {
		return nil, errValidation("pkce_required", "pkce_required: browser apps must require PKCE")
	}

	jwks := sc.JWKS
	if jwks == nil {
		jwks = cc.JWKS
	}
	if jwks != nil {
		for _, k := range jwks.Keys {
			jk, err := parseJWK(k)
			if err != nil || !jk.IsPublic() {
				return nil, errValidation("jwks", "jwks: every key must be a valid public JWK")
			}
		}
		oc.JWKS = jwks.Keys
	}
	if oc.TokenEndpointAuthMethod == "private_key_jwt" && len(oc.JWKS) == 0 {
		return nil, errValidation("jwks", "jwks: private_key_jwt requires at least one key")
	}
	for _, gt := range oc.GrantTypes {
		if (gt == "authorization_code" || gt == "implicit") && len(oc.RedirectURIs) == 0 {
			return nil, errValidation("redirect_uris", "redirect_uris: The field cannot be left blank for the "+gt+" grant")
		}
	}

	oc.ClientID = cc.ClientID
	switch {
	case prev != nil:
		oc.ClientID = prev.ClientID
		oc.ClientSecret = prev.ClientSecret
	case oc.ClientID == "":
		oc.ClientID = appID
	}
	if !secretAuthMethods[oc.TokenEndpointAuthMethod] {
		oc.ClientSecret = ""
	} else if oc.ClientSecret == "" {
		oc.ClientSecret = randomToken(48)
	}
	return oc, nil
}

func createApp(c *call) (int, any) {
	var body appBody
	if e := decodeBody(c.r, &body); e != nil {
		return 0, e
	}
	if body.Label == "" {
		return 0, errValidation("label", "label: The field cannot be left blank")
	}
	if body.Name == "" {
		return 0, errValidation("name", "name: The field cannot be left blank")
	}
	a := &App{
		ID: c.s.newID("0oa"), Name: body.Name, Label: body.Label, SignOnMode: body.SignOnMode,
		Status: "ACTIVE", Created: c.now, LastUpdated: c.now, Settings: body.Settings.App,
	}
	if !boolParam(c.r, "activate", true) {
		a.Status = "INACTIVE"
	}
	if body.Name == "oidc_client" {
		oc, e := oauthFromBody(&body, a.ID, nil)
		if e != nil {
			return 0, e
		}
		if c.org.appByClientID(oc.ClientID) != nil {
			return 0, errValidation("client_id", "client_id: An object with this field already exists in the current organization")
		}
		a.OAuth = oc
		a.SignOnMode = "OPENID_CONNECT"
	}
	if a.SignOnMode == "" {
		return 0, errValidation("signOnMode", "signOnMode: The field cannot be left blank")
	}
	c.org.Apps = insertSorted(c.org.Apps, a, appKey)
	c.logAppCreated(a)
	return http.StatusOK, renderApp(c.base(), a)
}

func updateApp(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	var body appBody
	if e := decodeBody(c.r, &body); e != nil {
		return 0, e
	}
	if body.Label == "" {
		return 0, errValidation("label", "label: The field cannot be left blank")
	}
	if a.OAuth != nil {
		oc, e := oauthFromBody(&body, a.ID, a.OAuth)
		if e != nil {
			return 0, e
		}
		a.OAuth = oc
	}
	a.Label = body.Label
	if body.Settings.App != nil {
		a.Settings = body.Settings.App
	}
	a.LastUpdated = c.now
	c.logEvent(EventAppUpdate, AppParty(a))
	return http.StatusOK, renderApp(c.base(), a)
}

func appLifecycle(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	status := ""
	switch c.path("op") {
	case "activate":
		status = "ACTIVE"
	case "deactivate":
		status = "INACTIVE"
	default:
		return 0, errNoEndpoint()
	}
	if a.Status != status {
		a.Status = status
		a.LastUpdated = c.now
		c.logEvent(map[string]string{"ACTIVE": EventAppActivate, "INACTIVE": EventAppDeactivate}[status], AppParty(a))
	}
	return http.StatusOK, obj{}
}

func deleteApp(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	if a.Status == "ACTIVE" {
		return 0, &apiError{status: http.StatusForbidden, code: "E0000056", summary: "Delete application forbidden.",
			causes: []string{"The application must be deactivated before it can be deleted."}}
	}
	c.org.Apps = removeAt(c.org.Apps, findSorted(c.org.Apps, a.ID, appKey))
	c.logEvent(EventAppDelete, AppParty(a))
	if a.OAuth != nil {
		delete(c.org.ClientRoles, a.OAuth.ClientID)
	}
	return http.StatusNoContent, nil
}

func renderAppUser(base string, a *App, au *AppUser, u *User) obj {
	profile := au.Profile
	if profile == nil {
		profile = map[string]any{}
	}
	return obj{
		"id":              au.UserID,
		"externalId":      nil,
		"created":         ts(au.Created),
		"lastUpdated":     ts(au.LastUpdated),
		"scope":           au.Scope,
		"status":          au.Status,
		"statusChanged":   ts(au.LastUpdated),
		"passwordChanged": nil,
		"syncState":       au.SyncState,
		"credentials":     obj{"userName": profileString(u.Profile, "login")},
		"profile":         profile,
		"_links": obj{
			"app":  href(base + "/api/v1/apps/" + a.ID),
			"user": href(base + "/api/v1/users/" + au.UserID),
		},
	}
}

func listAppUsers(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	all := c.org.effectiveAppUsers(a)
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, all, appUserPtrKey, 50, 500)
	out := make([]obj, 0, len(page))
	for _, au := range page {
		if u := c.org.user(au.UserID); u != nil {
			out = append(out, renderAppUser(c.base(), a, au, u))
		}
	}
	return http.StatusOK, out
}

func getAppUser(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	uid := c.path("uid")
	u := c.org.user(uid)
	if u == nil {
		return 0, errNotFound(uid, "User")
	}
	for _, au := range c.org.effectiveAppUsers(a) {
		if au.UserID == uid {
			return http.StatusOK, renderAppUser(c.base(), a, au, u)
		}
	}
	return 0, errNotFound(uid, "AppUser")
}

// assignAppUser assigns a user directly (POST /apps/{id}/users with the user id
// in the body, or PUT/POST /apps/{id}/users/{uid}); an existing direct
// assignment has its profile updated.
func assignAppUser(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	var body struct {
		ID      string         `json:"id"`
		Profile map[string]any `json:"profile"`
	}
	if e := decodeBody(c.r, &body); e != nil {
		return 0, e
	}
	uid := c.path("uid")
	if uid == "" {
		uid = body.ID
	}
	if uid == "" {
		return 0, errValidation("id", "id: The field cannot be left blank")
	}
	u := c.org.user(uid)
	if u == nil {
		return 0, errNotFound(uid, "User")
	}
	if i := findSorted(a.Users, uid, appUserKey); i >= 0 {
		au := &a.Users[i]
		if body.Profile != nil {
			au.Profile = body.Profile
		}
		au.LastUpdated = c.now
		c.logEvent(EventAppUserUpdate, UserParty(u), AppParty(a))
		return http.StatusOK, renderAppUser(c.base(), a, au, u)
	}
	profile := body.Profile
	if profile == nil {
		profile = map[string]any{}
	}
	au := AppUser{UserID: uid, Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED",
		Created: c.now, LastUpdated: c.now, Profile: profile}
	a.Users = insertSorted(a.Users, au, appUserKey)
	c.logEvent(EventAppUserAdd, UserParty(u), AppParty(a))
	return http.StatusOK, renderAppUser(c.base(), a, &au, u)
}

func unassignAppUser(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	uid := c.path("uid")
	i := findSorted(a.Users, uid, appUserKey)
	if i < 0 {
		for _, au := range c.org.effectiveAppUsers(a) {
			if au.UserID == uid {
				return 0, errValidation("user", "The user is assigned to the app through a group; remove the group assignment instead.")
			}
		}
		return 0, errNotFound(uid, "AppUser")
	}
	a.Users = removeAt(a.Users, i)
	if u := c.org.user(uid); u != nil {
		c.logEvent(EventAppUserRemove, UserParty(u), AppParty(a))
	}
	return http.StatusNoContent, nil
}

func renderAppGroup(base string, a *App, ag *AppGroup) obj {
	return obj{
		"id":          ag.GroupID,
		"priority":    ag.Priority,
		"lastUpdated": ts(ag.LastUpdated),
		"profile":     obj{},
		"_links": obj{
			"app":   href(base + "/api/v1/apps/" + a.ID),
			"group": href(base + "/api/v1/groups/" + ag.GroupID),
		},
	}
}

func listAppGroups(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, a.Groups, appGroupKey, 20, 200)
	out := make([]obj, 0, len(page))
	for i := range page {
		out = append(out, renderAppGroup(c.base(), a, &page[i]))
	}
	return http.StatusOK, out
}

func getAppGroup(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	gid := c.path("gid")
	i := findSorted(a.Groups, gid, appGroupKey)
	if i < 0 {
		return 0, errNotFound(gid, "ApplicationGroupAssignment")
	}
	return http.StatusOK, renderAppGroup(c.base(), a, &a.Groups[i])
}

func assignAppGroup(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	gid := c.path("gid")
	if c.org.Group(gid) == nil {
		return 0, errNotFound(gid, "UserGroup")
	}
	var body struct {
		Priority *int `json:"priority"`
	}
	if e := decodeBody(c.r, &body); e != nil {
		return 0, e
	}
	if i := findSorted(a.Groups, gid, appGroupKey); i >= 0 {
		ag := &a.Groups[i]
		if body.Priority != nil {
			ag.Priority = *body.Priority
		}
		ag.LastUpdated = c.now
		c.logEvent(EventGroupAppAssignUpdate, AppParty(a), GroupParty(c.org.Group(gid)))
		return http.StatusOK, renderAppGroup(c.base(), a, ag)
	}
	ag := AppGroup{GroupID: gid, LastUpdated: c.now}
	if body.Priority != nil {
		ag.Priority = *body.Priority
	} else {
		for _, other := range a.Groups {
			if other.Priority >= ag.Priority {
				ag.Priority = other.Priority + 1
			}
		}
	}
	a.Groups = insertSorted(a.Groups, ag, appGroupKey)
	c.logEvent(EventGroupAppAssignAdd, AppParty(a), GroupParty(c.org.Group(gid)))
	return http.StatusOK, renderAppGroup(c.base(), a, &ag)
}

func unassignAppGroup(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	gid := c.path("gid")
	i := findSorted(a.Groups, gid, appGroupKey)
	if i < 0 {
		return 0, errNotFound(gid, "ApplicationGroupAssignment")
	}
	a.Groups = removeAt(a.Groups, i)
	if g := c.org.Group(gid); g != nil {
		c.logEvent(EventGroupAppAssignRemove, AppParty(a), GroupParty(g))
	}
	return http.StatusNoContent, nil
}

func renderGrant(base string, a *App, g *Grant) obj {
	status := g.Status
	if status == "" {
		status = "ACTIVE"
	}
	source := g.Source
	if source == "" {
		source = "ADMIN"
	}
	self := base + "/api/v1/apps/" + a.ID + "/grants/" + g.ID
	return obj{
		"id":          g.ID,
		"status":      status,
		"created":     ts(g.Created),
		"lastUpdated": ts(g.Created),
		"issuer":      g.Issuer,
		"clientId":    g.ClientID,
		"scopeId":     g.ScopeID,
		"source":      source,
		"_embedded":   obj{"scope": obj{"id": g.ScopeID}},
		"_links": obj{
			"self":   href(self),
			"app":    href(base + "/api/v1/apps/" + a.ID),
			"client": href(base + "/oauth2/v1/clients/" + g.ClientID),
			"scope":  href(base + "/api/v1/scopes/" + g.ScopeID),
		},
	}
}

func listGrants(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	out := []obj{}
	for i := range a.Grants {
		out = append(out, renderGrant(c.base(), a, &a.Grants[i]))
	}
	return http.StatusOK, out
}

func getGrant(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	id := c.path("grantId")
	for i := range a.Grants {
		if a.Grants[i].ID == id {
			return http.StatusOK, renderGrant(c.base(), a, &a.Grants[i])
		}
	}
	return 0, errNotFound(id, "OAuth2ScopeConsentGrant")
}

func createGrant(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	if a.OAuth == nil {
		return 0, errValidation("app", "Scope grants exist only for OAuth 2.0 client apps.")
	}
	var body struct {
		Issuer  string `json:"issuer"`
		ScopeID string `json:"scopeId"`
	}
	if e := decodeBody(c.r, &body); e != nil {
		return 0, e
	}
	if body.Issuer == "" {
		return 0, errValidation("issuer", "issuer: The field cannot be left blank")
	}
	if !strings.HasPrefix(body.ScopeID, "okta.") {
		return 0, errValidation("scopeId", "scopeId: Invalid scope: "+body.ScopeID)
	}
	for _, g := range a.Grants {
		if g.ScopeID == body.ScopeID && (g.Status == "" || g.Status == "ACTIVE") {
			return 0, errValidation("scopeId", "scopeId: The scope has already been granted to the client")
		}
	}
	g := Grant{ID: c.s.newID("oag"), ClientID: a.OAuth.ClientID, ScopeID: body.ScopeID, Issuer: body.Issuer,
		Status: "ACTIVE", Source: "ADMIN", Created: c.now}
	a.Grants = insertSorted(a.Grants, g, grantKey)
	a.LastUpdated = c.now
	c.logEvent(EventConsentGrant, AppParty(a), scopeParty(&g))
	return http.StatusCreated, renderGrant(c.base(), a, &g)
}

func deleteGrant(c *call) (int, any) {
	a, e := lookupApp(c)
	if e != nil {
		return 0, e
	}
	id := c.path("grantId")
	for i := range a.Grants {
		if a.Grants[i].ID == id {
			c.logEvent(EventConsentRevoke, AppParty(a), scopeParty(&a.Grants[i]))
			a.Grants = removeAt(a.Grants, i)
			return http.StatusNoContent, nil
		}
	}
	return 0, errNotFound(id, "OAuth2ScopeConsentGrant")
}
