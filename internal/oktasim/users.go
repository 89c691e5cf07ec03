package oktasim

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

func userKey(u *User) string { return u.ID }

// user returns the user with id, or nil.
func (o *Org) user(id string) *User {
	if i := findSorted(o.Users, id, userKey); i >= 0 {
		return o.Users[i]
	}
	return nil
}

// userByIDOrLogin resolves an id or, case-insensitively, a login.
func (o *Org) userByIDOrLogin(key string) *User {
	if u := o.user(key); u != nil {
		return u
	}
	for _, u := range o.Users {
		if login, _ := u.Profile["login"].(string); strings.EqualFold(login, key) {
			return u
		}
	}
	return nil
}

// groupIDsOf returns the ids of the groups u belongs to, in id order.
func (o *Org) groupIDsOf(userID string) []string {
	var ids []string
	for _, g := range o.Groups {
		if containsSorted(g.MemberIDs, userID) {
			ids = append(ids, g.ID)
		}
	}
	return ids
}

func profileString(p map[string]any, key string) string {
	s, _ := p[key].(string)
	return s
}

func renderUser(base string, u *User) obj {
	profile := u.Profile
	if profile == nil {
		profile = map[string]any{}
	}
	self := base + "/api/v1/users/" + u.ID
	creds := obj{
		"emails":   []obj{{"value": profileString(profile, "email"), "status": "VERIFIED", "type": "PRIMARY"}},
		"provider": obj{"type": "OKTA", "name": "OKTA"},
	}
	out := obj{
		"id":              u.ID,
		"status":          u.Status,
		"created":         ts(u.Created),
		"activated":       tsp(u.Activated),
		"statusChanged":   tsp(u.StatusChanged),
		"lastLogin":       tsp(u.LastLogin),
		"lastUpdated":     ts(u.LastUpdated),
		"passwordChanged": tsp(u.PasswordChanged),
		"type":            obj{"id": nullable(u.TypeID)},
		"profile":         profile,
		"credentials":     creds,
		"_links":          obj{"self": href(self)},
	}
	if u.Password != "" {
		creds["password"] = obj{}
	}
	if u.TransitioningToStatus != "" {
		out["transitioningToStatus"] = u.TransitioningToStatus
	}
	return out
}

func renderUsers(base string, users []*User) []obj {
	out := make([]obj, 0, len(users))
	for _, u := range users {
		out = append(out, renderUser(base, u))
	}
	return out
}

// userAttr exposes a user's attributes to Expr.Match.
func userAttr(u *User) func(string) (any, bool) {
	return func(attr string) (any, bool) {
		switch attr {
		case "id":
			return u.ID, true
		case "status":
			return u.Status, true
		case "created":
			return u.Created, !u.Created.IsZero()
		case "lastUpdated":
			return u.LastUpdated, !u.LastUpdated.IsZero()
		case "activated":
			return timeAttr(u.Activated)
		case "statusChanged":
			return timeAttr(u.StatusChanged)
		case "lastLogin":
			return timeAttr(u.LastLogin)
		case "passwordChanged":
			return timeAttr(u.PasswordChanged)
		case "type.id":
			return u.TypeID, u.TypeID != ""
		}
		if name, ok := strings.CutPrefix(attr, "profile."); ok {
			v, ok := u.Profile[name]
			if !ok || v == nil {
				return nil, false
			}
			return normalize(v), true
		}
		return nil, false
	}
}

// qMatchesUser is Okta's q: a case-insensitive prefix of firstName, lastName,
// email or login.
func qMatchesUser(u *User, q string) bool {
	q = strings.ToLower(q)
	for _, k := range []string{"firstName", "lastName", "email", "login"} {
		if strings.HasPrefix(strings.ToLower(profileString(u.Profile, k)), q) {
			return true
		}
	}
	return false
}

func listUsers(c *call) (int, any) {
	var expr *Expr
	for _, param := range []string{"search", "filter"} {
		if v := c.query(param); v != "" {
			e, err := ParseSearch(v)
			if err != nil {
				return 0, errBadSearch(err)
			}
			expr = e
			break
		}
	}
	q := c.query("q")
	listed := func(u *User) (*User, bool) {
		switch {
		case expr != nil:
			return u, expr.Match(userAttr(u))
		case u.Status == "DEPROVISIONED":
			return nil, false
		case q != "" && !qMatchesUser(u, q):
			return nil, false
		}
		return u, true
	}
	page := paginateFunc(c.s.opts.PageSizeCap, c.w, c.r, c.org.Users, userKey, listed, 200, 200)
	return http.StatusOK, renderUsers(c.base(), page)
}

// lookupUser resolves the {id} path value ("me" is the token's owner).
func lookupUser(c *call) (*User, *apiError) {
	key := c.path("id")
	if key == "me" && c.p != nil && c.p.userID != "" {
		key = c.p.userID
	}
	u := c.org.userByIDOrLogin(key)
	if u == nil {
		return nil, errNotFound(key, "User")
	}
	return u, nil
}

func getUser(c *call) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	return http.StatusOK, renderUser(c.base(), u)
}

// userBody is the part of a user request body the simulator understands.
type userBody struct {
	Profile     map[string]any `json:"profile"`
	Credentials *struct {
		Password *struct {
			Value string `json:"value"`
		} `json:"password"`
	} `json:"credentials"`
	GroupIDs []string `json:"groupIds"`
	Type     *struct {
		ID string `json:"id"`
	} `json:"type"`
}

func (b *userBody) password() string {
	if b.Credentials == nil || b.Credentials.Password == nil {
		return ""
	}
	return b.Credentials.Password.Value
}

// checkProfile validates the required attributes and login uniqueness (self is
// the user being updated, nil on create).
func checkProfile(o *Org, p map[string]any, self *User) *apiError {
	login := profileString(p, "login")
	if login == "" {
		return errValidation("login", "login: The field cannot be left blank")
	}
	if profileString(p, "email") == "" {
		return errValidation("email", "email: The field cannot be left blank")
	}
	for _, u := range o.Users {
		if u != self && strings.EqualFold(profileString(u.Profile, "login"), login) {
			return errValidation("login", "login: An object with this field already exists in the current organization")
		}
	}
	return nil
}

func createUser(c *call) (int, any) {
	var body userBody
	if e := decodeBody(c.r, &body); e != nil {
		return 0, e
	}
	if body.Profile == nil {
		return 0, errValidation("profile", "profile: The field cannot be left blank")
	}
	if e := checkProfile(c.org, body.Profile, nil); e != nil {
		return 0, e
	}
	for _, gid := range body.GroupIDs {
		if c.org.Group(gid) == nil {
			return 0, errNotFound(gid, "UserGroup")
		}
	}
	now := c.now
	u := &User{
		ID:          c.s.newID("00u"),
		Status:      "STAGED",
		Created:     now,
		LastUpdated: now,
		Profile:     body.Profile,
		Password:    body.password(),
	}
	if body.Type != nil {
		u.TypeID = body.Type.ID
	}
	if u.TypeID == "" {
		u.TypeID = defaultUserTypeID(c.org)
	}
	if u.Password != "" {
		u.PasswordChanged = &now
	}
	if boolParam(c.r, "activate", true) {
		u.Activate(now)
	}
	c.org.Users = insertSorted(c.org.Users, u, userKey)
	for _, gid := range body.GroupIDs {
		c.org.Group(gid).AddMember(u.ID, now)
	}
	c.logUserCreated(u, body.GroupIDs)
	return http.StatusOK, renderUser(c.base(), u)
}

// defaultUserTypeID is the type Okta gives a user created without one: the
// org's default user type (every Okta user has a type.id). The simulator's org
// has no type list; the default is the type its users already have.
func defaultUserTypeID(o *Org) string {
	for _, u := range o.Users {
		if u.TypeID != "" {
			return u.TypeID
		}
	}
	return "oty00000000000000000"
}

// Activate moves a user to ACTIVE, or PROVISIONED when it has no password yet
// (it must finish activation itself), as Okta does.
func (u *User) Activate(now time.Time) {
	status := "ACTIVE"
	if u.Password == "" {
		status = "PROVISIONED"
	}
	u.SetStatus(status, now)
	u.Activated = &now
}

// SetStatus moves a user to status at now, as a lifecycle operation does.
func (u *User) SetStatus(status string, now time.Time) {
	u.Status = status
	u.TransitioningToStatus = ""
	u.StatusChanged = &now
	u.LastUpdated = now
}

func updateUserPartial(c *call) (int, any) { return updateUser(c, false) }
func updateUserFull(c *call) (int, any)    { return updateUser(c, true) }

// updateUser merges (POST) or replaces (PUT) the profile and may set a password.
func updateUser(c *call, replace bool) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	var body userBody
	if e := decodeBody(c.r, &body); e != nil {
		return 0, e
	}
	profile := map[string]any{}
	if !replace {
		for k, v := range u.Profile {
			profile[k] = v
		}
	}
	for k, v := range body.Profile {
		profile[k] = v
	}
	if replace && body.Profile == nil {
		profile = u.Profile
	}
	if e := checkProfile(c.org, profile, u); e != nil {
		return 0, e
	}
	c.logUserUpdated(u, profile, body.password() != "")
	u.Profile = profile
	if pw := body.password(); pw != "" {
		u.Password = pw
		now := c.now
		u.PasswordChanged = &now
	}
	u.LastUpdated = c.now
	return http.StatusOK, renderUser(c.base(), u)
}

func lifecycleError(summary string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "E0000001", summary: "Api validation failed: " + summary, causes: []string{summary}}
}

func userLifecycle(c *call) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	now := c.now
	switch op := c.path("op"); op {
	case "activate":
		if u.Status != "STAGED" && u.Status != "DEPROVISIONED" {
			return 0, &apiError{status: http.StatusForbidden, code: "E0000016",
				summary: "Activation failed because the user is already active"}
		}
		u.Activate(now)
		c.logEvent(EventUserActivate, UserParty(u))
		if boolParam(c.r, "sendEmail", true) {
			return http.StatusOK, obj{}
		}
		token := fmt.Sprintf("sim-activation-%s", c.s.newID(""))
		return http.StatusOK, obj{"activationUrl": c.base() + "/welcome/" + token, "activationToken": token}
	case "reactivate":
		// Okta: only PROVISIONED or RECOVERY users; it restarts activation.
		if u.Status != "PROVISIONED" && u.Status != "RECOVERY" {
			return 0, lifecycleError("This operation is not allowed in the user's current status.")
		}
		u.SetStatus("PROVISIONED", now)
		c.logEvent(EventUserReactivate, UserParty(u))
		if !boolParam(c.r, "sendEmail", false) {
			token := fmt.Sprintf("sim-activation-%s", c.s.newID(""))
			return http.StatusOK, obj{"activationUrl": c.base() + "/welcome/" + token, "activationToken": token}
		}
	case "deactivate":
		if u.Status != "DEPROVISIONED" {
			u.SetStatus("DEPROVISIONED", now)
			c.logEvent(EventUserDeactivate, UserParty(u))
		}
	case "suspend":
		if u.Status != "ACTIVE" {
			return 0, lifecycleError("Cannot suspend a user that is not active")
		}
		u.SetStatus("SUSPENDED", now)
		c.logEvent(EventUserSuspend, UserParty(u))
	case "unsuspend":
		if u.Status != "SUSPENDED" {
			return 0, lifecycleError("Cannot unsuspend a user that is not suspended")
		}
		u.SetStatus("ACTIVE", now)
		c.logEvent(EventUserUnsuspend, UserParty(u))
	case "expire_password":
		// Okta expires the password of a user who has one and can sign in.
		switch u.Status {
		case "ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "RECOVERY":
		default:
			return 0, lifecycleError("This operation is not allowed in the user's current status.")
		}
		u.SetStatus("PASSWORD_EXPIRED", now)
		c.logEvent(EventUserExpirePassword, UserParty(u))
		return http.StatusOK, renderUser(c.base(), u)
	case "reset_password":
		// Okta moves the user to RECOVERY; without sendEmail it returns the
		// one-time reset link instead of mailing it.
		switch u.Status {
		case "ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "RECOVERY", "PROVISIONED":
		default:
			return 0, &apiError{status: http.StatusForbidden, code: "E0000038",
				summary: "This operation is not allowed in the user's current status."}
		}
		u.SetStatus("RECOVERY", now)
		c.logEvent(EventUserResetPassword, UserParty(u))
		if !boolParam(c.r, "sendEmail", true) {
			token := fmt.Sprintf("sim-reset-%s", c.s.newID(""))
			return http.StatusOK, obj{"resetPasswordUrl": c.base() + "/signin/reset-password/" + token}
		}
	case "reset_factors":
		if len(c.org.Factors[u.ID]) > 0 {
			delete(c.org.Factors, u.ID)
			c.logEvent(EventFactorResetAll, UserParty(u))
		}
	case "unlock":
		if u.Status != "LOCKED_OUT" {
			return 0, &apiError{status: http.StatusBadRequest, code: "E0000032", summary: "Unlock is not allowed for this user."}
		}
		u.SetStatus("ACTIVE", now)
		c.logEvent(EventUserUnlockByAdmin, UserParty(u))
	default:
		return 0, errNoEndpoint()
	}
	return http.StatusOK, obj{}
}

// deleteUser deactivates a user that is not DEPROVISIONED yet and deletes one
// that is, as Okta's DELETE does.
func deleteUser(c *call) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	if u.Status != "DEPROVISIONED" {
		u.SetStatus("DEPROVISIONED", c.now)
		c.logEvent(EventUserDeactivate, UserParty(u))
		return http.StatusNoContent, nil
	}
	c.logEvents(spec(EventUserDeleteInitiated, UserParty(u)), spec(EventUserDeleteCompleted, UserParty(u)))
	o := c.org
	o.Users = removeAt(o.Users, findSorted(o.Users, u.ID, userKey))
	delete(o.Factors, u.ID)
	delete(o.UserRoles, u.ID)
	for _, g := range o.Groups {
		g.RemoveMember(u.ID, c.now)
	}
	for _, a := range o.Apps {
		if i := findSorted(a.Users, u.ID, appUserKey); i >= 0 {
			a.Users = removeAt(a.Users, i)
		}
	}
	kept := o.APITokens[:0]
	for _, t := range o.APITokens {
		if t.UserID != u.ID {
			kept = append(kept, t)
		}
	}
	o.APITokens = kept
	return http.StatusNoContent, nil
}

func renderFactor(base string, f *Factor) obj {
	profile := f.Profile
	if profile == nil {
		profile = map[string]any{}
	}
	return obj{
		"id":          f.ID,
		"factorType":  f.FactorType,
		"provider":    f.Provider,
		"vendorName":  f.VendorName,
		"status":      f.Status,
		"created":     ts(f.Created),
		"lastUpdated": ts(f.LastUpdated),
		"profile":     profile,
		"_links": obj{
			"self": href(base + "/api/v1/users/" + f.UserID + "/factors/" + f.ID),
			"user": href(base + "/api/v1/users/" + f.UserID),
		},
	}
}

func listFactors(c *call) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	out := []obj{}
	for _, f := range c.org.Factors[u.ID] {
		out = append(out, renderFactor(c.base(), f))
	}
	return http.StatusOK, out
}

func listUserGroups(c *call) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	out := []obj{}
	for _, gid := range c.org.groupIDsOf(u.ID) {
		out = append(out, renderGroup(c.base(), c.org.Group(gid)))
	}
	return http.StatusOK, out
}

// resetFactor unenrolls one factor (DELETE /users/{id}/factors/{factorId}).
func resetFactor(c *call) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	fid := c.path("factorId")
	fs := c.org.Factors[u.ID]
	for i, f := range fs {
		if f.ID != fid {
			continue
		}
		c.org.Factors[u.ID] = append(fs[:i:i], fs[i+1:]...)
		if len(c.org.Factors[u.ID]) == 0 {
			delete(c.org.Factors, u.ID)
		}
		c.logEvent(EventFactorDeactivate, UserParty(u))
		return http.StatusNoContent, nil
	}
	return 0, errNotFound(fid, "UserFactor")
}

// revokeSessions ends a user's sessions (DELETE /users/{id}/sessions): 204
// whether or not any were open, as Okta answers; the System Log records the
// clearing either way.
func revokeSessions(c *call) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	delete(c.org.Sessions, u.ID)
	c.logEvent(EventSessionClear, UserParty(u))
	return http.StatusNoContent, nil
}
