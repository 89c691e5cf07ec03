package compliance

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// DefaultResidualStatuses are the statuses whose users the residual access
// check judges: users who can no longer sign in, yet whose assignments and
// memberships Okta keeps (a SUSPENDED user's return restores them; a
// DEPROVISIONED user's reactivation too).
var DefaultResidualStatuses = []string{UserSuspended, UserDeprovisioned}

// DefaultResidualAccessInput is the check's input with every default: the
// provider's schema defaults are these. A false CheckGroups or CheckApps is
// taken as given.
func DefaultResidualAccessInput() ResidualAccessInput {
	return ResidualAccessInput{
		Statuses:    slices.Clone(DefaultResidualStatuses),
		GracePeriod: DefaultGracePeriod,
		CheckGroups: true,
		CheckApps:   true,
	}
}

// ResidualAccessInput is the oktagate_residual_access_check's arguments.
type ResidualAccessInput struct {
	// Statuses are the user statuses judged, among SUSPENDED and
	// DEPROVISIONED; empty means DefaultResidualStatuses.
	Statuses []string
	// GracePeriod is how long after its status changed (statusChanged) a
	// user may still hold access, parsed as the offboarding check's; empty
	// means DefaultGracePeriod.
	GracePeriod string
	// CheckGroups judges memberships of groups that are not BUILT_IN;
	// CheckApps judges app assignments (direct or through a group). At
	// least one must be set.
	CheckGroups bool
	CheckApps   bool
	// ExcludeGroupIDs are groups whose memberships do not count, e.g. a
	// group an offboarding workflow parks leavers in; their members are not
	// read.
	ExcludeGroupIDs []string
	Exceptions      []Exception
}

// Normalized fills in the defaults, upper-cases and sorts the statuses and
// sorts the excluded groups. A status other than SUSPENDED or DEPROVISIONED,
// a bad grace period, or neither groups nor apps checked is an error.
func (in ResidualAccessInput) Normalized() (ResidualAccessInput, error) {
	out := in
	out.Statuses = upperSet(in.Statuses)
	if len(out.Statuses) == 0 {
		out.Statuses = sortedSet(slices.Clone(DefaultResidualStatuses))
	}
	for _, s := range out.Statuses {
		if !slices.Contains(DefaultResidualStatuses, s) {
			return ResidualAccessInput{}, fmt.Errorf("statuses: %q is not a status that removes access; want %s",
				s, strings.Join(DefaultResidualStatuses, " or "))
		}
	}
	out.GracePeriod = strings.TrimSpace(in.GracePeriod)
	if out.GracePeriod == "" {
		out.GracePeriod = DefaultGracePeriod
	}
	if _, err := ParseGracePeriod(out.GracePeriod); err != nil {
		return ResidualAccessInput{}, err
	}
	if !in.CheckGroups && !in.CheckApps {
		return ResidualAccessInput{}, errors.New("check_groups and check_apps are both false: the check would judge nothing; set at least one")
	}
	out.ExcludeGroupIDs = sortedSet(trimmed(in.ExcludeGroupIDs))
	return out, nil
}

// residualDue reports whether u is judged: its status is one of Statuses and
// its status changed more than grace before Now. A user whose statusChanged
// Okta did not return is judged (the grace period cannot be proven to run).
func (in ResidualAccessInput) residualDue(f *Facts, u okta.User, grace time.Duration) bool {
	if !slices.Contains(in.Statuses, u.Status) {
		return false
	}
	return u.StatusChanged.IsZero() || f.Now.After(u.StatusChanged.Add(grace))
}

// DueUserIDs returns the ids of the users the rule judges (in Statuses, past
// the grace period), sorted. When it is empty the rule reads only Users, so
// the provider may skip loading assignments and memberships.
func (in ResidualAccessInput) DueUserIDs(f *Facts) ([]string, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	grace, _ := ParseGracePeriod(n.GracePeriod)
	var ids []string
	for _, u := range f.Users {
		if n.residualDue(f, u, grace) {
			ids = append(ids, u.ID)
		}
	}
	return sortedSet(ids), nil
}

// JudgedGroupIDs returns the ids of the groups whose members the rule reads
// when CheckGroups: every group that is neither BUILT_IN nor excluded.
func (in ResidualAccessInput) JudgedGroupIDs(groups []okta.Group) []string {
	n, err := in.Normalized()
	if err != nil || !n.CheckGroups {
		return nil
	}
	var ids []string
	for _, g := range groups {
		if g.Type != GroupTypeBuiltIn && !slices.Contains(n.ExcludeGroupIDs, g.ID) {
			ids = append(ids, g.ID)
		}
	}
	return ids
}

// ResidualAccess finds, across the org, users whose status is one of Statuses
// (SUSPENDED, DEPROVISIONED) and changed more than GracePeriod before Now, who
// still hold an app assignment (CheckApps) or a membership of a group that is
// neither BUILT_IN nor in ExcludeGroupIDs (CheckGroups): one violation per
// user listing the apps (labels) and groups (names) held. Unlike the
// offboarding check, which judges the leavers it is given, it judges every
// such user of the org; an org with none passes (a good state), and the
// evidence says so.
//
// It reads Users; when a user is due (see DueUserIDs), Apps with the AppUsers
// of every app when CheckApps, and Groups with the GroupMembers of every
// judged group (see JudgedGroupIDs) when CheckGroups.
func ResidualAccess(f *Facts, in ResidualAccessInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	grace, _ := ParseGracePeriod(in.GracePeriod)
	var due []okta.User
	pending := 0
	for _, u := range f.Users {
		switch {
		case in.residualDue(f, u, grace):
			due = append(due, u)
		case slices.Contains(in.Statuses, u.Status):
			pending++
		}
	}
	sortUsers(due)

	// Assignments and memberships by user, from the app side and the group
	// side (one list per app and per group, never one request per user).
	appsOf := map[string][]string{}
	groupsOf := map[string][]string{}
	if len(due) > 0 && in.CheckApps {
		for _, app := range f.Apps {
			aus, ok := f.AppUsers[app.ID]
			if !ok {
				return Result{}, missing("users of app %s", app.ID)
			}
			for _, au := range aus {
				appsOf[au.UserID] = append(appsOf[au.UserID], app.ID)
			}
		}
	}
	if len(due) > 0 && in.CheckGroups {
		for _, gid := range in.JudgedGroupIDs(f.Groups) {
			ms, err := f.members(gid)
			if err != nil {
				return Result{}, err
			}
			for _, uid := range ms {
				groupsOf[uid] = append(groupsOf[uid], gid)
			}
		}
	}

	var findings []finding
	rows := make([]any, 0, len(due))
	for _, u := range due {
		appIDs := sortedSet(appsOf[u.ID])
		groupIDs := sortedSet(groupsOf[u.ID])
		rows = append(rows, map[string]any{
			"id": u.ID, "login": u.Login(), "status": u.Status, "app_ids": appIDs, "group_ids": groupIDs,
		})
		var held []string
		if len(appIDs) > 0 {
			held = append(held, "assigned to "+plural(len(appIDs), "app", "apps")+": "+listed(appNames(f, appIDs), 10))
		}
		if len(groupIDs) > 0 {
			held = append(held, "in "+plural(len(groupIDs), "group", "groups")+": "+listed(groupNames(f, groupIDs), 10))
		}
		if len(held) == 0 {
			continue
		}
		since := "statusChanged unknown"
		if !u.StatusChanged.IsZero() {
			since = "since " + u.StatusChanged.UTC().Format(time.DateOnly)
		}
		findings = append(findings, finding{
			Violation: Violation{
				Subject:   userSubject(u),
				SubjectID: u.ID,
				Reason:    fmt.Sprintf("%s (%s, past grace_period %s), still %s", u.Status, since, in.GracePeriod, strings.Join(held, "; ")),
			},
			keys: userKeys(u.Login(), u.Email(), u.ID),
		})
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	ev := evaluation{
		check: CheckResidualAccess,
		input: in,
		inputs: map[string]any{
			"statuses":             in.Statuses,
			"grace_period_seconds": int64(grace / time.Second),
			"check_groups":         in.CheckGroups,
			"check_apps":           in.CheckApps,
			"exclude_group_ids":    in.ExcludeGroupIDs,
		},
		evaluated: len(due),
		findings:  findings,
		facts:     map[string]string{"residual_users": fp},
		// The count of users still within the grace period: each is judged
		// once it has passed.
		details: map[string]any{"within_grace_period": pending},
	}
	ev.noneIsPass("no " + strings.Join(in.Statuses, " or ") + " user is past grace_period: nobody can hold " +
		"residual access, which is a good state, not a blind spot")
	return finish(f, ev, in.Exceptions)
}
