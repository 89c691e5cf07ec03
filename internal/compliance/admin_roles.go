package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Principal types of an admin role assignment.
const (
	PrincipalUser   = "USER"
	PrincipalGroup  = "GROUP"
	PrincipalClient = "CLIENT"
)

// RoleAssignment is one admin role held by one principal: a user (directly), a
// group (its members inherit it) or an OAuth client. Its fields are those of
// the snapshot's assignment, so that the loader converts one into the other.
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

// AdminRoleAssignments is every admin role assignment of the org and every
// user who holds a role (Facts.AdminRoles). Assignments are sorted by
// principal type, principal id, role type, then role id; admins by user id.
type AdminRoleAssignments struct {
	Assignments []RoleAssignment
	Admins      []Admin
}

// RoleSuperAdmin is Okta's super administrator role type.
const RoleSuperAdmin = "SUPER_ADMIN"

// DefaultMaxSuperAdmins is the admin roles check's default limit.
const DefaultMaxSuperAdmins = 3

// ApprovedRoles grants roles to one principal.
type ApprovedRoles struct {
	// Subject names a user (login, email or id), a group (id or name) or an
	// OAuth client (app id, client id or label), case-insensitively.
	Subject string
	// Roles are role types (SUPER_ADMIN, READ_ONLY_ADMIN…) or, for custom
	// roles, the role's id or label; case-insensitive.
	Roles []string
}

// AdminRolesInput is the oktagate_admin_roles_check's arguments.
type AdminRolesInput struct {
	Approved []ApprovedRoles
	// MaxSuperAdmins is how many users may hold SUPER_ADMIN, directly or
	// through groups; nil means DefaultMaxSuperAdmins.
	MaxSuperAdmins *int
	Exceptions     []Exception
}

// Normalized trims and sorts the entries, merging entries of the same subject,
// and fills in the default limit.
func (in AdminRolesInput) Normalized() (AdminRolesInput, error) {
	out := AdminRolesInput{Exceptions: in.Exceptions}
	bySubject := map[string]*ApprovedRoles{}
	for _, a := range in.Approved {
		s := strings.TrimSpace(a.Subject)
		if s == "" {
			return AdminRolesInput{}, fmt.Errorf("approved: an entry has an empty subject")
		}
		e, ok := bySubject[fold(s)]
		if !ok {
			e = &ApprovedRoles{Subject: s}
			bySubject[fold(s)] = e
		}
		for _, r := range a.Roles {
			if r = strings.TrimSpace(r); r == "" {
				return AdminRolesInput{}, fmt.Errorf("approved: the entry for %s has an empty role", s)
			}
			e.Roles = append(e.Roles, r)
		}
	}
	for _, e := range bySubject {
		e.Roles = sortedSet(e.Roles)
		out.Approved = append(out.Approved, *e)
	}
	slices.SortFunc(out.Approved, func(a, b ApprovedRoles) int {
		return cmp.Or(cmp.Compare(fold(a.Subject), fold(b.Subject)), cmp.Compare(a.Subject, b.Subject))
	})
	limit := DefaultMaxSuperAdmins
	if in.MaxSuperAdmins != nil {
		limit = *in.MaxSuperAdmins
	}
	if limit < 0 {
		return AdminRolesInput{}, fmt.Errorf("max_super_admins must not be negative, got %d", limit)
	}
	out.MaxSuperAdmins = &limit
	return out, nil
}

// principal is one holder of roles, with the names an approved entry or an
// exception may use for it.
type principal struct {
	kind, id, name string
	keys           []string
	roles          []RoleAssignment
}

func assignmentRoleName(r RoleAssignment) string {
	if strings.EqualFold(r.RoleType, "CUSTOM") && r.RoleLabel != "" {
		return "CUSTOM (" + r.RoleLabel + ")"
	}
	return r.RoleType
}

func grants(roles []string, r RoleAssignment) bool {
	for _, g := range roles {
		g = fold(g)
		if g == fold(r.RoleType) || g == fold(r.RoleID) || (r.RoleLabel != "" && g == fold(r.RoleLabel)) {
			return true
		}
	}
	return false
}

// AdminRoles finds users, groups and OAuth clients holding a role that no
// approved entry grants them (a role held through a group is judged on the
// group), and more users holding SUPER_ADMIN, directly or through groups,
// than MaxSuperAdmins.
//
// It reads AdminRoles and Users (to resolve approved emails).
func AdminRoles(f *Facts, in AdminRolesInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.AdminRoles == nil {
		return Result{}, missing("admin role assignments")
	}

	// Group the assignments by principal.
	var principals []*principal
	byKey := map[string]*principal{}
	for _, a := range f.AdminRoles.Assignments {
		k := a.PrincipalType + "\x00" + a.PrincipalID
		p, ok := byKey[k]
		if !ok {
			p = &principal{kind: a.PrincipalType, id: a.PrincipalID, name: a.PrincipalName}
			switch a.PrincipalType {
			case PrincipalUser:
				email := ""
				if u, ok := f.UserByID(a.PrincipalID); ok {
					email = u.Email()
					if p.name == "" {
						p.name = u.Login()
					}
				}
				p.keys = userKeys(p.name, email, a.PrincipalID)
			case PrincipalClient:
				p.keys = []string{fold(a.PrincipalName), fold(a.PrincipalID), fold(a.ClientID)}
			default:
				p.keys = []string{fold(a.PrincipalName), fold(a.PrincipalID)}
			}
			p.keys = sortedSet(p.keys)
			byKey[k] = p
			principals = append(principals, p)
		}
		p.roles = append(p.roles, a)
	}

	matched := map[string]bool{}
	var findings []finding
	rows := make([]any, 0, len(principals))
	for _, p := range principals {
		var granted []string
		for _, e := range in.Approved {
			if slices.Contains(p.keys, fold(e.Subject)) {
				granted = append(granted, e.Roles...)
				matched[fold(e.Subject)] = true
			}
		}
		var held, unapproved []string
		for _, r := range p.roles {
			held = append(held, assignmentRoleName(r)+" "+r.RoleID+" "+r.Status)
			if !grants(granted, r) {
				unapproved = append(unapproved, assignmentRoleName(r))
			}
		}
		rows = append(rows, map[string]any{"type": p.kind, "id": p.id, "name": p.name, "roles": sortedSet(held)})
		if len(unapproved) == 0 {
			continue
		}
		findings = append(findings, finding{
			Violation: Violation{Subject: cmp.Or(p.name, p.id), SubjectID: p.id, Reason: unapprovedReason(p, sortedSet(unapproved))},
			keys:      p.keys,
		})
	}

	var notes []string
	for _, e := range in.Approved {
		if !matched[fold(e.Subject)] {
			notes = append(notes, "approved: "+e.Subject+" holds no admin role")
		}
	}

	var supers []string
	for _, a := range f.AdminRoles.Admins {
		rows = append(rows, map[string]any{"type": "ADMIN", "id": a.UserID, "name": a.Login,
			"roles": sortedSet(a.RoleTypes), "via_group_ids": sortedSet(a.ViaGroupIDs)})
		if slices.Contains(a.RoleTypes, RoleSuperAdmin) {
			supers = append(supers, cmp.Or(a.Login, a.UserID))
		}
	}
	supers = sortedSet(supers)
	if len(supers) > *in.MaxSuperAdmins {
		findings = append(findings, finding{
			Violation: Violation{Subject: RoleSuperAdmin, SubjectID: RoleSuperAdmin, Reason: fmt.Sprintf(
				"%s hold %s, more than %d: %s", plural(len(supers), "user", "users"), RoleSuperAdmin, *in.MaxSuperAdmins, listed(supers, 10))},
			keys: []string{fold(RoleSuperAdmin)},
		})
	}

	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	approved := make([]any, 0, len(in.Approved))
	for _, e := range in.Approved {
		approved = append(approved, map[string]any{"subject": e.Subject, "roles": e.Roles})
	}
	ev := evaluation{
		check:     CheckAdminRoles,
		input:     in,
		inputs:    map[string]any{"approved": approved, "max_super_admins": *in.MaxSuperAdmins},
		evaluated: len(principals),
		findings:  findings,
		facts:     map[string]string{"admin_roles": fp},
		details:   map[string]any{"super_admins": supers},
		notes:     notes,
	}
	ev.emptyIsImpossible("admin role assignments", "", "Okta returned no admin role assignment at all, "+
		"yet every org has a SUPER_ADMIN: the read is incomplete; check that the API token may list "+
		"role assignments (its admin must hold a role that can read them)")
	return finish(f, ev, in.Exceptions)
}

func unapprovedReason(p *principal, roles []string) string {
	list := strings.Join(roles, ", ")
	switch p.kind {
	case PrincipalUser:
		return "holds " + list + " directly; no approved entry grants it"
	case PrincipalGroup:
		return "group holds " + list + " (its members inherit it); no approved entry grants it"
	case PrincipalClient:
		return "OAuth client holds " + list + "; no approved entry grants it"
	}
	return "holds " + list + "; no approved entry grants it"
}
