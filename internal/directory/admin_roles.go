package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Principal types of an admin role assignment.
const (
	PrincipalUser   = "USER"
	PrincipalGroup  = "GROUP"
	PrincipalClient = "CLIENT"
)

// RoleAssignment is one admin role held by one principal: a user (directly), a
// group (its members inherit it) or an OAuth client.
type RoleAssignment struct {
	PrincipalType string // PrincipalUser, PrincipalGroup or PrincipalClient
	PrincipalID   string // user id, group id, or the OAuth app's id
	PrincipalName string // login, group name or app label ("" when unknown)
	ClientID      string // OAuth client id, for PrincipalClient
	RoleType      string
	RoleID        string
	RoleLabel     string
	Status        string
}

// Admin is a user who holds at least one admin role, directly or through
// groups.
type Admin struct {
	UserID      string
	Login       string // "" when the user could not be read
	Status      string
	RoleTypes   []string // every role type held, directly or through a group; sorted
	DirectTypes []string // the role types held directly; sorted
	ViaGroupIDs []string // the groups through which roles are held; sorted
}

// AdminRoles is every admin role assignment of the org and every user who
// holds a role. Assignments are sorted by principal type, principal id, role
// type, then role id; admins by user id.
type AdminRoles struct {
	Assignments []RoleAssignment
	Admins      []Admin
}

// AdminRoles loads the org's admin role assignments, once per snapshot.
//
// Okta has no single list of assignments, so it is assembled from:
//   - /api/v1/iam/assignees/users: the users who hold a role, directly or
//     through a group (paged, 100 to a page);
//   - each such user's roles: assignmentType USER is held directly; GROUP is
//     inherited, and its _links.assignee names the group;
//   - each group found that way: its own roles (one request per such group);
//   - every OAuth app's client roles (one request per OAuth app).
//
// This costs about admins + role-holding groups + OAuth apps requests. The
// alternative, every group's roles, costs one request per group in the org,
// which is far more in any org with many groups. Where Okta sends no assignee
// link, the user's groups are listed and the group holding the role is found
// among their roles. The documented API cannot reveal a group that holds a
// role but has no members; such a group confers the role on nobody.
//
// A role held through a group is reported as the group's assignment, never
// as the user's own; the user appears in Admins with the group in ViaGroupIDs.
func (s *Snapshot) AdminRoles(ctx context.Context) (*AdminRoles, error) {
	return s.ev.adminRoles.get(ctx, "", s.loadAdminRoles)
}

// RoleAssigneeUserIDs returns the ids of the users who hold an admin role,
// directly or through a group, sorted.
func (s *Snapshot) RoleAssigneeUserIDs(ctx context.Context) ([]string, error) {
	es := s.src.src
	return s.ev.assignees.get(ctx, "", func(ctx context.Context) ([]string, error) {
		ids, err := call(ctx, s.src, MethodListRoleAssigneeUsers, func() ([]string, error) { return es.ListRoleAssigneeUsers(ctx) })
		if err != nil {
			return nil, fmt.Errorf("listing the users who hold admin roles: %w", err)
		}
		return uniqueStrings(ids), nil
	})
}

// UserGroupIDsOf returns the ids of the groups one user belongs to, sorted, from
// /api/v1/users/{id}/groups (one request, memoized per user). Prefer
// UserGroupIDs when memberships of many users are needed.
func (s *Snapshot) UserGroupIDsOf(ctx context.Context, userID string) ([]string, error) {
	es := s.src.src
	return s.ev.userGroups.get(ctx, userID, func(ctx context.Context) ([]string, error) {
		gs, err := call(ctx, s.src, MethodListUserGroups, func() ([]okta.Group, error) { return es.ListUserGroups(ctx, userID) })
		if err != nil {
			return nil, fmt.Errorf("listing the groups of user %s: %w", userID, err)
		}
		ids := make([]string, len(gs))
		for i, g := range gs {
			ids[i] = g.ID
		}
		return uniqueStrings(ids), nil
	})
}

func isGroupAssignment(r okta.Role) bool { return strings.EqualFold(r.AssignmentType, PrincipalGroup) }

func (s *Snapshot) loadAdminRoles(ctx context.Context) (*AdminRoles, error) {
	userIDs, err := s.RoleAssigneeUserIDs(ctx)
	if err != nil {
		return nil, err
	}
	userRoles, err := s.UserRolesOf(ctx, userIDs)
	if err != nil {
		return nil, err
	}

	out := &AdminRoles{}
	via := map[string][]string{}           // user id → groups it holds roles through
	unresolved := map[string][]okta.Role{} // user id → GROUP roles without an assignee link
	var roleGroups []string
	for _, uid := range userIDs {
		for _, r := range userRoles[uid] {
			if !isGroupAssignment(r) {
				out.Assignments = append(out.Assignments, RoleAssignment{
					PrincipalType: PrincipalUser, PrincipalID: uid,
					RoleType: r.Type, RoleID: r.ID, RoleLabel: r.Label, Status: r.Status,
				})
				continue
			}
			if r.AssigneeID != "" && r.AssigneeID != uid {
				via[uid] = append(via[uid], r.AssigneeID)
				roleGroups = append(roleGroups, r.AssigneeID)
				continue
			}
			unresolved[uid] = append(unresolved[uid], r)
		}
	}

	// Roles Okta did not say the group of: look among the user's groups.
	if len(unresolved) > 0 {
		found, err := s.resolveGroupRoles(ctx, unresolved)
		if err != nil {
			return nil, err
		}
		for uid, gids := range found {
			via[uid] = append(via[uid], gids...)
			roleGroups = append(roleGroups, gids...)
		}
	}

	groupRoles, err := s.GroupRolesOf(ctx, roleGroups)
	if err != nil {
		return nil, err
	}
	// A group's own list is authoritative; a role a member's list shows
	// through the group but the group's list lacks (a change between the two
	// reads) is still the group's.
	byGroup := map[string]map[string]okta.Role{}
	for gid, rs := range groupRoles {
		byGroup[gid] = map[string]okta.Role{}
		for _, r := range rs {
			byGroup[gid][r.ID] = r
		}
	}
	for _, uid := range userIDs {
		for _, r := range userRoles[uid] {
			if isGroupAssignment(r) && r.AssigneeID != "" && r.AssigneeID != uid {
				if held := byGroup[r.AssigneeID]; held != nil && !holdsRole(held, r) {
					held[r.ID] = r
				}
			}
		}
	}
	for gid, rs := range byGroup {
		g, _, err := s.GroupByID(ctx, gid)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out.Assignments = append(out.Assignments, RoleAssignment{
				PrincipalType: PrincipalGroup, PrincipalID: gid, PrincipalName: g.Name,
				RoleType: r.Type, RoleID: r.ID, RoleLabel: r.Label, Status: r.Status,
			})
		}
	}

	clients, err := s.clientAssignments(ctx)
	if err != nil {
		return nil, err
	}
	out.Assignments = append(out.Assignments, clients...)

	users, err := fanOut(ctx, s.opts.Concurrency, userIDs, func(ctx context.Context, id string) (okta.User, error) {
		u, _, err := s.User(ctx, id)
		return u, err
	})
	if err != nil {
		return nil, err
	}
	logins := map[string]string{}
	for i, uid := range userIDs {
		u := users[i]
		logins[uid] = u.Login()
		a := Admin{UserID: uid, Login: u.Login(), Status: u.Status, ViaGroupIDs: uniqueStrings(via[uid])}
		for _, r := range userRoles[uid] {
			a.RoleTypes = append(a.RoleTypes, r.Type)
			if !isGroupAssignment(r) {
				a.DirectTypes = append(a.DirectTypes, r.Type)
			}
		}
		a.RoleTypes, a.DirectTypes = uniqueStrings(a.RoleTypes), uniqueStrings(a.DirectTypes)
		out.Admins = append(out.Admins, a)
	}
	for i := range out.Assignments {
		if a := &out.Assignments[i]; a.PrincipalType == PrincipalUser {
			a.PrincipalName = logins[a.PrincipalID]
		}
	}
	slices.SortFunc(out.Assignments, func(a, b RoleAssignment) int {
		return cmp.Or(cmp.Compare(principalOrder(a.PrincipalType), principalOrder(b.PrincipalType)),
			cmp.Compare(a.PrincipalID, b.PrincipalID), cmp.Compare(a.RoleType, b.RoleType), cmp.Compare(a.RoleID, b.RoleID))
	})
	return out, nil
}

// holdsRole reports whether a group's roles include r: the same assignment
// id, or the same standard role type (a group holds a standard role once;
// custom roles are told apart by id only).
func holdsRole(held map[string]okta.Role, r okta.Role) bool {
	if _, ok := held[r.ID]; ok {
		return true
	}
	if strings.EqualFold(r.Type, "CUSTOM") {
		return false
	}
	for _, h := range held {
		if h.Type == r.Type {
			return true
		}
	}
	return false
}

// principalOrder sorts USER, GROUP, CLIENT in that order, anything else after.
func principalOrder(t string) int {
	switch t {
	case PrincipalUser:
		return 0
	case PrincipalGroup:
		return 1
	case PrincipalClient:
		return 2
	}
	return 3
}

// resolveGroupRoles finds, for roles a user holds through a group that Okta
// did not name, the groups among the user's that hold them: a group role with
// the same id, or failing that the same type.
func (s *Snapshot) resolveGroupRoles(ctx context.Context, unresolved map[string][]okta.Role) (map[string][]string, error) {
	userIDs := make([]string, 0, len(unresolved))
	for uid := range unresolved {
		userIDs = append(userIDs, uid)
	}
	memberships, err := fanOutMap(ctx, s.opts.Concurrency, userIDs, s.UserGroupIDsOf)
	if err != nil {
		return nil, err
	}
	var candidates []string
	for _, gids := range memberships {
		candidates = append(candidates, gids...)
	}
	groupRoles, err := s.GroupRolesOf(ctx, candidates)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, uid := range uniqueStrings(userIDs) {
		for _, r := range unresolved[uid] {
			var byID, byType []string
			for _, gid := range memberships[uid] {
				for _, gr := range groupRoles[gid] {
					if gr.ID == r.ID {
						byID = append(byID, gid)
					} else if gr.Type == r.Type {
						byType = append(byType, gid)
					}
				}
			}
			if len(byID)+len(byType) == 0 {
				return nil, fmt.Errorf("user %s holds role %s (%s) through a group, but none of its groups holds that role; the assignments changed while they were read, try again", uid, r.Type, r.ID)
			}
			if len(byID) > 0 {
				out[uid] = append(out[uid], byID...)
			} else {
				out[uid] = append(out[uid], byType...)
			}
		}
	}
	return out, nil
}

// clientAssignments lists the admin roles of every OAuth app's client.
func (s *Snapshot) clientAssignments(ctx context.Context) ([]RoleAssignment, error) {
	apps, err := s.OAuthApps(ctx)
	if err != nil {
		return nil, err
	}
	var clientIDs []string
	for _, a := range apps {
		if a.OAuth.ClientID != "" {
			clientIDs = append(clientIDs, a.OAuth.ClientID)
		}
	}
	roles, err := s.ClientRolesOf(ctx, clientIDs)
	if err != nil {
		return nil, err
	}
	var out []RoleAssignment
	for _, a := range apps {
		if a.OAuth.ClientID == "" {
			continue
		}
		for _, r := range roles[a.OAuth.ClientID] {
			out = append(out, RoleAssignment{
				PrincipalType: PrincipalClient, PrincipalID: a.ID, PrincipalName: a.Label, ClientID: a.OAuth.ClientID,
				RoleType: r.Type, RoleID: r.ID, RoleLabel: r.Label, Status: r.Status,
			})
		}
	}
	return out, nil
}
