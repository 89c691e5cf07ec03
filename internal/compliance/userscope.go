package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Okta user statuses.
const (
	UserStaged          = "STAGED"
	UserProvisioned     = "PROVISIONED"
	UserActive          = "ACTIVE"
	UserRecovery        = "RECOVERY"
	UserPasswordExpired = "PASSWORD_EXPIRED"
	UserLockedOut       = "LOCKED_OUT"
	UserSuspended       = "SUSPENDED"
	UserDeprovisioned   = "DEPROVISIONED"
)

// DefaultSignInStatuses are the statuses of users who can sign in, or are one
// step from it: the default scope of the MFA check (and, later, of the inactive
// users check).
var DefaultSignInStatuses = []string{UserActive, UserPasswordExpired, UserLockedOut, UserRecovery}

// DefaultUniqueEmailStatuses is the unique email check's default scope: every
// status but DEPROVISIONED.
var DefaultUniqueEmailStatuses = []string{
	UserStaged, UserProvisioned, UserActive, UserRecovery,
	UserPasswordExpired, UserLockedOut, UserSuspended,
}

// UserScope selects the users a user-centric check evaluates: those whose
// status is in Statuses, who are members of any of GroupIDs (all users when
// empty), and who are neither members of any of ExcludeGroupIDs nor listed in
// ExcludeLogins (matched case-insensitively against login, email or id).
type UserScope struct {
	Statuses        []string
	GroupIDs        []string
	ExcludeGroupIDs []string
	ExcludeLogins   []string
}

// normalize sorts and de-duplicates every list and fills in default statuses
// when none are given.
func (s UserScope) normalize(defaultStatuses []string) UserScope {
	st := upperSet(s.Statuses)
	if len(st) == 0 {
		st = upperSet(defaultStatuses)
	}
	return UserScope{
		Statuses:        st,
		GroupIDs:        sortedSet(s.GroupIDs),
		ExcludeGroupIDs: sortedSet(s.ExcludeGroupIDs),
		ExcludeLogins:   foldedSet(s.ExcludeLogins),
	}
}

func (s UserScope) evidence() map[string]any {
	return map[string]any{
		"statuses":          s.Statuses,
		"group_ids":         s.GroupIDs,
		"exclude_group_ids": s.ExcludeGroupIDs,
		"exclude_logins":    s.ExcludeLogins,
	}
}

// users returns the users in scope, sorted by id, and notes about excluded
// logins that match no user. s must be normalized. It needs Users and the
// GroupMembers of every group in GroupIDs and ExcludeGroupIDs.
func (s UserScope) users(f *Facts) ([]okta.User, []string, error) {
	include := map[string]bool{}
	for _, gid := range s.GroupIDs {
		ms, err := f.members(gid)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range ms {
			include[id] = true
		}
	}
	exclude := map[string]bool{}
	for _, gid := range s.ExcludeGroupIDs {
		ms, err := f.members(gid)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range ms {
			exclude[id] = true
		}
	}
	excludedLogin := map[string]bool{}
	var notes []string
	for _, l := range s.ExcludeLogins {
		if u, ok := f.FindUser(l); ok {
			excludedLogin[u.ID] = true
		} else {
			notes = append(notes, "exclude_logins: "+l+" matches no user")
		}
	}
	out := make([]okta.User, 0, len(f.Users)) // most users are in scope: no regrowth
	for _, u := range f.Users {
		switch {
		case !slices.Contains(s.Statuses, u.Status),
			len(s.GroupIDs) > 0 && !include[u.ID],
			exclude[u.ID],
			excludedLogin[u.ID]:
			continue
		}
		out = append(out, u)
	}
	sortUsers(out)
	return out, notes, nil
}

func sortUsers(us []okta.User) {
	slices.SortFunc(us, func(a, b okta.User) int { return cmp.Compare(a.ID, b.ID) })
}

func userIDs(us []okta.User) []string {
	ids := make([]string, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	return ids
}

// emptySubject names the scope in the violation of a scope that matched nobody.
func (s UserScope) emptySubject() string {
	if len(s.GroupIDs) > 0 {
		return "scope: members of " + listed(s.GroupIDs, 5)
	}
	return "scope: every user"
}

// whyEmpty explains why the scope matched no user, narrowing step by step as
// users does (the user list, statuses, group_ids, the exclusions), and names
// the arguments to check. s must be normalized and its groups' members loaded.
func (s UserScope) whyEmpty(f *Facts) string {
	if len(f.Users) == 0 {
		return "Okta returned no user at all (an empty or null user list), and an org always has users: " +
			"check that the API token can list users"
	}
	withStatus := 0
	inGroups := 0
	for _, u := range f.Users {
		if !slices.Contains(s.Statuses, u.Status) {
			continue
		}
		withStatus++
		for _, gid := range s.GroupIDs {
			if ms, _ := f.members(gid); slices.Contains(ms, u.ID) {
				inGroups++
				break
			}
		}
	}
	members := 0
	for _, gid := range s.GroupIDs {
		ms, _ := f.members(gid)
		members += len(ms)
	}
	statuses := "statuses " + strings.Join(s.Statuses, ", ")
	switch {
	case len(s.GroupIDs) > 0 && members == 0:
		return fmt.Sprintf("group_ids %s %s no member; check group_ids", listed(s.GroupIDs, 5),
			map[bool]string{true: "has", false: "have"}[len(s.GroupIDs) == 1])
	case withStatus == 0:
		return fmt.Sprintf("none of the org's %s has a status in %s; check statuses",
			plural(len(f.Users), "user", "users"), statuses)
	case len(s.GroupIDs) > 0 && inGroups == 0:
		return fmt.Sprintf("no member of group_ids %s has a status in %s (%d users in the org do); check "+
			"group_ids and statuses", listed(s.GroupIDs, 5), statuses, withStatus)
	case len(s.GroupIDs) > 0:
		return fmt.Sprintf("each of the %d members of group_ids %s with a status in %s is excluded by "+
			"exclude_group_ids or exclude_logins; check group_ids, exclude_group_ids and exclude_logins",
			inGroups, listed(s.GroupIDs, 5), statuses)
	default:
		return fmt.Sprintf("each of the org's %d users with a status in %s is excluded by exclude_group_ids or "+
			"exclude_logins; check exclude_group_ids and exclude_logins", withStatus, statuses)
	}
}

// requireUsers is requireSubjects for a check over the users of scope s.
func (s UserScope) requireUsers(ev *evaluation, f *Facts, allow bool) {
	why := ""
	if ev.evaluated == 0 {
		why = s.whyEmpty(f)
	}
	ev.requireSubjects(allow, s.emptySubject(), "", why)
}
