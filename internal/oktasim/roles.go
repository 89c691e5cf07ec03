package oktasim

import (
	"net/http"
	"sort"
)

// roleLabels are the standard admin roles and the labels Okta gives them: the
// simulator's role catalogue, which the fixtures read through RoleLabel.
var roleLabels = map[string]string{
	"SUPER_ADMIN":                 "Super Administrator",
	"ORG_ADMIN":                   "Organizational Administrator",
	"APP_ADMIN":                   "Application Administrator",
	"USER_ADMIN":                  "Group Administrator",
	"HELP_DESK_ADMIN":             "Help Desk Administrator",
	"READ_ONLY_ADMIN":             "Read Only Administrator",
	"MOBILE_ADMIN":                "Mobile Administrator",
	"API_ACCESS_MANAGEMENT_ADMIN": "API Access Management Administrator",
	"REPORT_ADMIN":                "Report Administrator",
	"GROUP_MEMBERSHIP_ADMIN":      "Group Membership Administrator",
}

// RoleLabel is the label Okta gives a standard admin role type, or "" for a
// type the catalogue does not know.
func RoleLabel(roleType string) string { return roleLabels[roleType] }

// Active reports whether the assignment is in force (an unset status is).
func (ra *RoleAssignment) Active() bool { return ra.Status == "" || ra.Status == "ACTIVE" }

// effectiveRoleTypes returns the types of the ACTIVE roles a user holds
// directly or through its groups.
func (o *Org) effectiveRoleTypes(userID string) []string {
	var types []string
	for _, ra := range o.UserRoles[userID] {
		if ra.Active() {
			types = append(types, ra.Type)
		}
	}
	for gid, roles := range o.GroupRoles {
		g := o.Group(gid)
		if g == nil || !containsSorted(g.MemberIDs, userID) {
			continue
		}
		for _, ra := range roles {
			if ra.Active() {
				types = append(types, ra.Type)
			}
		}
	}
	return types
}

// renderRole renders an assignment; assignmentType is how the principal holds
// it (a user's role through a group is GROUP), assignee the principal's URL.
func renderRole(ra *RoleAssignment, assignmentType, assignee string) obj {
	label := ra.Label
	if label == "" {
		label = roleLabels[ra.Type]
	}
	status := ra.Status
	if status == "" {
		status = "ACTIVE"
	}
	return obj{
		"id":             ra.ID,
		"label":          label,
		"type":           ra.Type,
		"status":         status,
		"created":        ts(ra.Created),
		"lastUpdated":    ts(ra.LastUpdated),
		"assignmentType": assignmentType,
		"_links":         obj{"assignee": href(assignee)},
	}
}

type roleBody struct {
	Type string `json:"type"`
}

// newRole validates a role request body and builds the assignment.
func newRole(c *call, existing []*RoleAssignment, assignmentType string) (*RoleAssignment, *apiError) {
	var body roleBody
	if e := decodeBody(c.r, &body); e != nil {
		return nil, e
	}
	label, ok := roleLabels[body.Type]
	if !ok {
		return nil, errValidation("type", "type: Invalid or unsupported role type: "+body.Type)
	}
	for _, ra := range existing {
		if ra.Type == body.Type {
			return nil, &apiError{status: http.StatusConflict, code: "E0000090", summary: "Duplicate role assignment exception."}
		}
	}
	return &RoleAssignment{
		ID: c.s.newID("ra1"), Type: body.Type, Label: label, Status: "ACTIVE",
		AssignmentType: assignmentType, Created: c.now, LastUpdated: c.now,
	}, nil
}

// dropRole removes roleID from roles, or reports a 404.
func dropRole(roles []*RoleAssignment, roleID string) ([]*RoleAssignment, *apiError) {
	for i, ra := range roles {
		if ra.ID == roleID {
			return removeAt(roles, i), nil
		}
	}
	return roles, errNotFound(roleID, "Role")
}

func listUserRoles(c *call) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	assignee := c.base() + "/api/v1/users/" + u.ID
	out := []obj{}
	for _, ra := range c.org.UserRoles[u.ID] {
		out = append(out, renderRole(ra, "USER", assignee))
	}
	for _, gid := range c.org.groupIDsOf(u.ID) {
		for _, ra := range c.org.GroupRoles[gid] {
			out = append(out, renderRole(ra, "GROUP", c.base()+"/api/v1/groups/"+gid))
		}
	}
	return http.StatusOK, out
}

func assignUserRole(c *call) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	ra, e := newRole(c, c.org.UserRoles[u.ID], "USER")
	if e != nil {
		return 0, e
	}
	c.org.UserRoles[u.ID] = append(c.org.UserRoles[u.ID], ra)
	c.logEvent(EventUserPrivilegeGrant, UserParty(u))
	return http.StatusCreated, renderRole(ra, "USER", c.base()+"/api/v1/users/"+u.ID)
}

func unassignUserRole(c *call) (int, any) {
	u, e := lookupUser(c)
	if e != nil {
		return 0, e
	}
	roles, e := dropRole(c.org.UserRoles[u.ID], c.path("roleId"))
	if e != nil {
		return 0, e
	}
	c.logEvent(EventUserPrivilegeRevoke, UserParty(u))
	if len(roles) == 0 {
		delete(c.org.UserRoles, u.ID)
	} else {
		c.org.UserRoles[u.ID] = roles
	}
	return http.StatusNoContent, nil
}

func listGroupRoles(c *call) (int, any) {
	g, e := lookupGroup(c)
	if e != nil {
		return 0, e
	}
	out := []obj{}
	for _, ra := range c.org.GroupRoles[g.ID] {
		out = append(out, renderRole(ra, "GROUP", c.base()+"/api/v1/groups/"+g.ID))
	}
	return http.StatusOK, out
}

func assignGroupRole(c *call) (int, any) {
	g, e := lookupGroup(c)
	if e != nil {
		return 0, e
	}
	ra, e := newRole(c, c.org.GroupRoles[g.ID], "GROUP")
	if e != nil {
		return 0, e
	}
	c.org.GroupRoles[g.ID] = append(c.org.GroupRoles[g.ID], ra)
	c.logEvent(EventGroupPrivilegeGrant, GroupParty(g))
	return http.StatusCreated, renderRole(ra, "GROUP", c.base()+"/api/v1/groups/"+g.ID)
}

func unassignGroupRole(c *call) (int, any) {
	g, e := lookupGroup(c)
	if e != nil {
		return 0, e
	}
	roles, e := dropRole(c.org.GroupRoles[g.ID], c.path("roleId"))
	if e != nil {
		return 0, e
	}
	c.logEvent(EventGroupPrivilegeRevoke, GroupParty(g))
	if len(roles) == 0 {
		delete(c.org.GroupRoles, g.ID)
	} else {
		c.org.GroupRoles[g.ID] = roles
	}
	return http.StatusNoContent, nil
}

func lookupClient(c *call) (*App, *apiError) {
	id := c.path("clientId")
	app := c.org.appByClientID(id)
	if app == nil {
		return nil, errNotFound(id, "Client")
	}
	return app, nil
}

func listClientRoles(c *call) (int, any) {
	app, e := lookupClient(c)
	if e != nil {
		return 0, e
	}
	cid := app.OAuth.ClientID
	out := []obj{}
	for _, ra := range c.org.ClientRoles[cid] {
		out = append(out, renderRole(ra, "CLIENT", c.base()+"/oauth2/v1/clients/"+cid))
	}
	return http.StatusOK, out
}

func assignClientRole(c *call) (int, any) {
	app, e := lookupClient(c)
	if e != nil {
		return 0, e
	}
	cid := app.OAuth.ClientID
	ra, e := newRole(c, c.org.ClientRoles[cid], "CLIENT")
	if e != nil {
		return 0, e
	}
	c.org.ClientRoles[cid] = append(c.org.ClientRoles[cid], ra)
	c.logEvent(EventClientPrivilegeGrant, AppParty(app))
	return http.StatusCreated, renderRole(ra, "CLIENT", c.base()+"/oauth2/v1/clients/"+cid)
}

func unassignClientRole(c *call) (int, any) {
	app, e := lookupClient(c)
	if e != nil {
		return 0, e
	}
	cid := app.OAuth.ClientID
	roles, e := dropRole(c.org.ClientRoles[cid], c.path("roleId"))
	if e != nil {
		return 0, e
	}
	c.logEvent(EventClientPrivilegeRevoke, AppParty(app))
	if len(roles) == 0 {
		delete(c.org.ClientRoles, cid)
	} else {
		c.org.ClientRoles[cid] = roles
	}
	return http.StatusNoContent, nil
}

// RoleHolderIDs returns the ids of the users who hold an admin role, directly
// or through a group, sorted: what GET /api/v1/iam/assignees/users lists. The
// caller holds the org's lock while a server serves it.
func (o *Org) RoleHolderIDs() []string {
	holders := map[string]bool{}
	for uid, roles := range o.UserRoles {
		if len(roles) > 0 {
			holders[uid] = true
		}
	}
	for gid, roles := range o.GroupRoles {
		if g := o.Group(gid); g != nil && len(roles) > 0 {
			for _, uid := range g.MemberIDs {
				holders[uid] = true
			}
		}
	}
	ids := make([]string, 0, len(holders))
	for uid := range holders {
		if o.user(uid) != nil {
			ids = append(ids, uid)
		}
	}
	sort.Strings(ids)
	return ids
}

// listRoleAssignees is GET /api/v1/iam/assignees/users: users holding a role
// directly or through a group, in id order, in Okta's {value, _links} envelope.
func listRoleAssignees(c *call) (int, any) {
	ids := c.org.RoleHolderIDs()
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, ids, func(id string) string { return id }, 100, 100)
	value := make([]obj, 0, len(page))
	for _, id := range page {
		value = append(value, obj{
			"id":  id,
			"orn": "orn:okta:directory:" + c.org.ID + ":users:" + id,
			"_links": obj{
				"self":  href(c.base() + "/api/v1/users/" + id),
				"roles": href(c.base() + "/api/v1/users/" + id + "/roles"),
			},
		})
	}
	links := obj{}
	if next := parseLinkNext(c.w.Header()); next != "" {
		links["next"] = href(next)
	}
	return http.StatusOK, obj{"value": value, "_links": links}
}
