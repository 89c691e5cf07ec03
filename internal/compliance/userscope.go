package compliance

import (
	"cmp"
	"slices"

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

// allStatusesButDeprovisioned is the unique email check's default scope.
var allStatusesButDeprovisioned = []string{
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
	var out []okta.User
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
