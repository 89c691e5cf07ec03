package compliance

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// DefaultGracePeriod is the offboarding check's default grace period.
const DefaultGracePeriod = "24h"

// groupTypeBuiltIn is the type of Okta's built-in groups (Everyone), which no
// one can be removed from.
const groupTypeBuiltIn = "BUILT_IN"

// Offboarded is one person who left: their login and the date they left.
type Offboarded struct {
	Login string
	Date  string // YYYY-MM-DD
}

// OffboardingInput is the oktagate_offboarding_check's arguments.
type OffboardingInput struct {
	Offboarded []Offboarded
	// GracePeriod is a Go duration ("36h") or a whole number of days ("7d");
	// empty means DefaultGracePeriod. The deadline is the start (UTC) of the
	// offboarding date plus the grace period.
	GracePeriod    string
	AllowSuspended bool
	Exceptions     []Exception
}

// ParseGracePeriod parses a Go duration or a whole number of days ("7d").
func ParseGracePeriod(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 36500 {
			return 0, fmt.Errorf("grace_period %q: want a Go duration (\"36h\") or whole days (\"7d\")", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("grace_period %q: want a Go duration (\"36h\") or whole days (\"7d\")", s)
		}
	}
	if d < 0 {
		return 0, fmt.Errorf("grace_period %q must not be negative", s)
	}
	return d, nil
}

// Normalized returns the input with the default grace period filled in, logins
// trimmed and the list sorted by folded login. A login listed twice, an empty
// login or a bad date is an error.
func (in OffboardingInput) Normalized() (OffboardingInput, error) {
	out := in
	out.GracePeriod = strings.TrimSpace(in.GracePeriod)
	if out.GracePeriod == "" {
		out.GracePeriod = DefaultGracePeriod
	}
	if _, err := ParseGracePeriod(out.GracePeriod); err != nil {
		return OffboardingInput{}, err
	}
	out.Offboarded = make([]Offboarded, 0, len(in.Offboarded))
	seen := map[string]bool{}
	for _, o := range in.Offboarded {
		login := strings.TrimSpace(o.Login)
		if login == "" {
			return OffboardingInput{}, errors.New("offboarded: login is required")
		}
		if seen[fold(login)] {
			return OffboardingInput{}, fmt.Errorf("offboarded: %s is listed twice", login)
		}
		seen[fold(login)] = true
		if _, err := ParseDate(o.Date); err != nil {
			return OffboardingInput{}, fmt.Errorf("offboarded %s: date: %w", login, err)
		}
		out.Offboarded = append(out.Offboarded, Offboarded{Login: login, Date: o.Date})
	}
	slices.SortFunc(out.Offboarded, func(a, b Offboarded) int { return strings.Compare(fold(a.Login), fold(b.Login)) })
	return out, nil
}

// offboardState is where one offboarded login stands.
type offboardState struct {
	entry Offboarded
	user  okta.User
	state string // "pending" (within grace), "not_found", "evaluated"
}

func (in OffboardingInput) states(f *Facts) ([]offboardState, error) {
	grace, err := ParseGracePeriod(in.GracePeriod)
	if err != nil {
		return nil, err
	}
	out := make([]offboardState, 0, len(in.Offboarded))
	for _, o := range in.Offboarded {
		date, _ := ParseDate(o.Date) // validated by Normalized
		st := offboardState{entry: o}
		u, found := f.UserByLogin(o.Login)
		switch {
		case !f.Now.After(date.Add(grace)):
			st.state = "pending"
		case !found:
			st.state = "not_found"
		default:
			st.state = "evaluated"
			st.user = u
		}
		out = append(out, st)
	}
	return out, nil
}

// DueUserIDs returns the ids of the offboarded users whose grace period has
// passed and who exist in the org, sorted. When it is empty the rule needs
// only Users, so the provider may skip loading assignments and memberships.
func (in OffboardingInput) DueUserIDs(f *Facts) ([]string, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	sts, err := n.states(f)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, st := range sts {
		if st.state == "evaluated" {
			ids = append(ids, st.user.ID)
		}
	}
	return sortedSet(ids), nil
}

// Offboarding finds offboarded users who, past their date plus the grace
// period, still exist without being DEPROVISIONED (or SUSPENDED when allowed),
// are still assigned to an app, or are still members of a group that is not
// BUILT_IN: one violation per user naming every problem. A login the org does
// not know is evaluated and passes (the user was deleted); a login still
// within its grace period is not evaluated.
//
// It reads Users (matched by login, case-insensitively) and, when a user is due
// (see DueUserIDs), Apps with the AppUsers of every app, and Groups with the
// GroupMembers of every group that is not BUILT_IN.
func Offboarding(f *Facts, in OffboardingInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	sts, err := in.states(f)
	if err != nil {
		return Result{}, err
	}
	due := slices.ContainsFunc(sts, func(st offboardState) bool { return st.state == "evaluated" })

	// Assignments and memberships by user, over every loaded app and group.
	appsOf := map[string][]string{}
	groupsOf := map[string][]string{}
	if due {
		for _, app := range f.Apps {
			aus, ok := f.AppUsers[app.ID]
			if !ok {
				return Result{}, missing("users of app %s", app.ID)
			}
			for _, au := range aus {
				appsOf[au.UserID] = append(appsOf[au.UserID], app.ID)
			}
		}
		for _, g := range f.Groups {
			if g.Type == groupTypeBuiltIn {
				continue
			}
			ms, err := f.members(g.ID)
			if err != nil {
				return Result{}, err
			}
			for _, uid := range ms {
				groupsOf[uid] = append(groupsOf[uid], g.ID)
			}
		}
	}

	allowed := []string{UserDeprovisioned}
	if in.AllowSuspended {
		allowed = append(allowed, UserSuspended)
	}
	var findings []finding
	var notes []string
	var rows []any
	details := make([]any, 0, len(sts))
	evaluated := 0
	for _, st := range sts {
		d := map[string]any{"login": fold(st.entry.Login), "date": st.entry.Date, "state": st.state, "user_id": st.user.ID}
		details = append(details, d)
		switch st.state {
		case "pending":
			continue
		case "not_found":
			evaluated++
			notes = append(notes, fmt.Sprintf("offboarded %s: no such user in the org", st.entry.Login))
			continue
		}
		evaluated++
		u := st.user
		appIDs := sortedSet(appsOf[u.ID])
		groupIDs := sortedSet(groupsOf[u.ID])
		rows = append(rows, map[string]any{
			"id": u.ID, "login": u.Login(), "email": u.Email(), "status": u.Status,
			"app_ids": appIDs, "group_ids": groupIDs,
		})
		var problems []string
		if !slices.Contains(allowed, u.Status) {
			problems = append(problems, fmt.Sprintf("status %s, not %s", u.Status, strings.Join(allowed, " or ")))
		}
		if len(appIDs) > 0 {
			problems = append(problems, "still assigned to "+plural(len(appIDs), "app", "apps")+": "+listed(appNames(f, appIDs), 10))
		}
		if len(groupIDs) > 0 {
			problems = append(problems, "still in "+plural(len(groupIDs), "group", "groups")+": "+listed(groupNames(f, groupIDs), 10))
		}
		if len(problems) == 0 {
			continue
		}
		findings = append(findings, finding{
			Violation: Violation{
				Subject:   userSubject(u),
				SubjectID: u.ID,
				Reason:    "offboarded " + st.entry.Date + ": " + strings.Join(problems, "; "),
			},
			keys: userKeys(u.Login(), u.Email(), u.ID),
		})
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	grace, _ := ParseGracePeriod(in.GracePeriod)
	offboarded := make([]any, 0, len(in.Offboarded))
	for _, o := range in.Offboarded {
		offboarded = append(offboarded, map[string]any{"login": fold(o.Login), "date": o.Date})
	}
	return finish(f, evaluation{
		check: CheckOffboarding,
		inputs: map[string]any{
			"offboarded":           offboarded,
			"grace_period_seconds": int64(grace / time.Second),
			"allow_suspended":      in.AllowSuspended,
		},
		evaluated: evaluated,
		findings:  findings,
		facts:     map[string]string{"offboarded_users": fp},
		details:   map[string]any{"offboarded": details},
		notes:     notes,
	}, in.Exceptions)
}

// appNames returns the labels of apps (their id when unknown), sorted.
func appNames(f *Facts, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if a, ok := f.AppByID(id); ok && a.Label != "" {
			out = append(out, a.Label)
		} else {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// groupNames returns the names of groups (their id when unknown), sorted.
func groupNames(f *Facts, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if g, ok := f.GroupByID(id); ok && g.Name != "" {
			out = append(out, g.Name)
		} else {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
