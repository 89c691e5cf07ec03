package oktasim

import (
	"net/http"
	"sort"
	"strings"
	"time"
)

func groupKey(g *Group) string { return g.ID }

// Group returns the group with id, or nil.
func (o *Org) Group(id string) *Group {
	if i := findSorted(o.Groups, id, groupKey); i >= 0 {
		return o.Groups[i]
	}
	return nil
}

// AddMember adds userID to g's sorted members and notes when; it reports
// whether it was new.
func (g *Group) AddMember(userID string, now time.Time) bool {
	i := sort.SearchStrings(g.MemberIDs, userID)
	if i < len(g.MemberIDs) && g.MemberIDs[i] == userID {
		return false
	}
	g.MemberIDs = append(g.MemberIDs, "")
	copy(g.MemberIDs[i+1:], g.MemberIDs[i:])
	g.MemberIDs[i] = userID
	g.LastMembershipUpdated = now
	return true
}

// RemoveMember removes userID from g's members and notes when; it reports
// whether it was a member.
func (g *Group) RemoveMember(userID string, now time.Time) bool {
	i := sort.SearchStrings(g.MemberIDs, userID)
	if i == len(g.MemberIDs) || g.MemberIDs[i] != userID {
		return false
	}
	g.MemberIDs = removeAt(g.MemberIDs, i)
	g.LastMembershipUpdated = now
	return true
}

// HasMember reports whether userID is one of g's members.
func (g *Group) HasMember(userID string) bool { return containsSorted(g.MemberIDs, userID) }

func renderGroup(base string, g *Group) obj {
	objectClass := "okta:user_group"
	if g.Type == "APP_GROUP" {
		objectClass = "okta:windows_security_principal"
	}
	self := base + "/api/v1/groups/" + g.ID
	return obj{
		"id":                    g.ID,
		"created":               ts(g.Created),
		"lastUpdated":           ts(g.LastUpdated),
		"lastMembershipUpdated": ts(g.LastMembershipUpdated),
		"objectClass":           []string{objectClass},
		"type":                  g.Type,
		"profile":               obj{"name": g.Name, "description": nullable(g.Description)},
		"_links": obj{
			"logo":  []obj{},
			"users": href(self + "/users"),
			"apps":  href(self + "/apps"),
		},
	}
}

func groupAttr(g *Group) func(string) (any, bool) {
	return func(attr string) (any, bool) {
		switch attr {
		case "id":
			return g.ID, true
		case "type":
			return g.Type, true
		case "profile.name":
			return g.Name, true
		case "profile.description":
			return g.Description, g.Description != ""
		case "created":
			return g.Created, !g.Created.IsZero()
		case "lastUpdated":
			return g.LastUpdated, !g.LastUpdated.IsZero()
		case "lastMembershipUpdated":
			return g.LastMembershipUpdated, !g.LastMembershipUpdated.IsZero()
		}
		return nil, false
	}
}

func listGroups(c *call) (int, any) {
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
	q := strings.ToLower(c.query("q"))
	groups := make([]*Group, 0, len(c.org.Groups))
	for _, g := range c.org.Groups {
		if expr != nil && !expr.Match(groupAttr(g)) {
			continue
		}
		if q != "" && !strings.HasPrefix(strings.ToLower(g.Name), q) {
			continue
		}
		groups = append(groups, g)
	}
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, groups, groupKey, 10000, 10000)
	out := make([]obj, 0, len(page))
	for _, g := range page {
		out = append(out, renderGroup(c.base(), g))
	}
	return http.StatusOK, out
}

// lookupGroup is the group the route's {id} names.
func lookupGroup(c *call) (*Group, *apiError) {
	id := c.path("id")
	g := c.org.Group(id)
	if g == nil {
		return nil, errNotFound(id, "UserGroup")
	}
	return g, nil
}

func getGroup(c *call) (int, any) {
	g, e := lookupGroup(c)
	if e != nil {
		return 0, e
	}
	return http.StatusOK, renderGroup(c.base(), g)
}

func createGroup(c *call) (int, any) {
	var body struct {
		Profile struct {
			Name        string `json:"name"`
			Description string `json:"description"`
		} `json:"profile"`
	}
	if e := decodeBody(c.r, &body); e != nil {
		return 0, e
	}
	if body.Profile.Name == "" {
		return 0, errValidation("name", "name: The field cannot be left blank")
	}
	for _, g := range c.org.Groups {
		if g.Type == "OKTA_GROUP" && strings.EqualFold(g.Name, body.Profile.Name) {
			return 0, errValidation("name", "name: An object with this field already exists in the current organization")
		}
	}
	g := &Group{
		ID: c.s.newID("00g"), Type: "OKTA_GROUP", Name: body.Profile.Name, Description: body.Profile.Description,
		Created: c.now, LastUpdated: c.now, LastMembershipUpdated: c.now,
	}
	c.org.Groups = insertSorted(c.org.Groups, g, groupKey)
	c.logEvent(EventGroupCreate, GroupParty(g))
	return http.StatusOK, renderGroup(c.base(), g)
}

func deleteGroup(c *call) (int, any) {
	g, e := lookupGroup(c)
	if e != nil {
		return 0, e
	}
	if g.Type != "OKTA_GROUP" {
		return 0, errForbidden()
	}
	c.logEvent(EventGroupDelete, GroupParty(g))
	o := c.org
	o.Groups = removeAt(o.Groups, findSorted(o.Groups, g.ID, groupKey))
	delete(o.GroupRoles, g.ID)
	for _, a := range o.Apps {
		if i := findSorted(a.Groups, g.ID, appGroupKey); i >= 0 {
			a.Groups = removeAt(a.Groups, i)
		}
	}
	return http.StatusNoContent, nil
}

func listGroupUsers(c *call) (int, any) {
	g, e := lookupGroup(c)
	if e != nil {
		return 0, e
	}
	member := func(id string) (*User, bool) {
		u := c.org.user(id)
		return u, u != nil
	}
	// MemberIDs is sorted, and a member's cursor is its user id.
	page := paginateFunc(c.s.opts.PageSizeCap, c.w, c.r, g.MemberIDs, func(id string) string { return id }, member, 1000, 1000)
	return http.StatusOK, renderUsers(c.base(), page)
}

// membershipTarget resolves the group and user of a membership write. Only
// OKTA_GROUP memberships can be changed over the API.
func membershipTarget(c *call) (*Group, *User, *apiError) {
	g, e := lookupGroup(c)
	if e != nil {
		return nil, nil, e
	}
	uid := c.path("uid")
	u := c.org.user(uid)
	if u == nil {
		return nil, nil, errNotFound(uid, "User")
	}
	if g.Type != "OKTA_GROUP" {
		return nil, nil, &apiError{status: http.StatusBadRequest, code: "E0000001",
			summary: "Api validation failed: group", causes: []string{"Memberships of " + g.Type + " groups cannot be changed."}}
	}
	return g, u, nil
}

func addGroupUser(c *call) (int, any) {
	g, u, e := membershipTarget(c)
	if e != nil {
		return 0, e
	}
	if g.AddMember(u.ID, c.now) {
		c.logEvent(EventGroupMemberAdd, UserParty(u), GroupParty(g))
	}
	return http.StatusNoContent, nil
}

func removeGroupUser(c *call) (int, any) {
	g, u, e := membershipTarget(c)
	if e != nil {
		return 0, e
	}
	if g.RemoveMember(u.ID, c.now) {
		c.logEvent(EventGroupMemberRemove, UserParty(u), GroupParty(g))
	}
	return http.StatusNoContent, nil
}
