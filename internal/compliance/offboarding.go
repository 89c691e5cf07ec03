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

// GroupTypeBuiltIn is the type of Okta's built-in groups (Everyone), which no
// one can be removed from: the rule reads the members of every other group.
const GroupTypeBuiltIn = "BUILT_IN"

// EventUserDeleteCompleted is the System Log event Okta publishes once a
// user's deletion is done; its User target carries the user's id and, as
// alternateId, the login. Only these events clear an entry that names no
// user.
const EventUserDeleteCompleted = "user.lifecycle.delete.completed"

// Offboarded is one person who left and the date they left. Login names the
// user by login, email or Okta id (HR exports carry emails).
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
	// AllowEmpty lets an empty Offboarded list pass. By default it fails: an
	// HR feed that lists nobody is likelier broken than a period nobody left.
	AllowEmpty bool
	Exceptions []Exception
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

// Where an offboarded entry stands.
const (
	offPending   = "pending"   // within its grace period: not evaluated
	offEvaluated = "evaluated" // a user of the org: judged
	offSameUser  = "same_user" // names the user another entry names: judged once, at the earliest date
	offAmbiguous = "ambiguous" // an email several users share: a violation
	offNotFound  = "not_found" // no such user, and no deletion recorded: a violation
	offDeleted   = "deleted"   // no such user; the System Log records the deletion: passes, cited
)

// offboardState is where one offboarded entry stands.
type offboardState struct {
	entry      Offboarded
	user       okta.User
	matchedBy  string      // evaluated, same_user: "login", "email" or "id"
	candidates []okta.User // ambiguous: the users who share the email
	deletion   *okta.LogEvent
	state      string
}

// resolveLeaver finds the user an entry names, case-insensitively: by login
// (unique in Okta), then by Okta id, then by email. HR exports carry emails,
// and an email need not be unique: several users sharing it resolve to none,
// and are returned as candidates.
func resolveLeaver(f *Facts, key string) (u okta.User, by string, candidates []okta.User) {
	if u, ok := f.UserByLogin(key); ok {
		return u, "login", nil
	}
	// Okta ids are case-sensitive, but people paste them in any case.
	if u, ok := f.userNames().byFold[fold(key)]; ok {
		return *u, "id", nil
	}
	switch us := f.UsersByEmail(key); len(us) {
	case 0:
		return okta.User{}, "", nil
	case 1:
		return us[0], "email", nil
	default:
		return okta.User{}, "", us
	}
}

// states resolves every entry against the users. Deletions are not looked
// at: an entry no user matches is not_found until matchDeletions.
func (in OffboardingInput) states(f *Facts) ([]offboardState, error) {
	grace, err := ParseGracePeriod(in.GracePeriod)
	if err != nil {
		return nil, err
	}
	out := make([]offboardState, 0, len(in.Offboarded))
	first := map[string]int{} // user id → the entry that judges the user
	for _, o := range in.Offboarded {
		date, _ := ParseDate(o.Date) // validated by Normalized
		st := offboardState{entry: o}
		if !f.Now.After(date.Add(grace)) {
			st.state = offPending
			out = append(out, st)
			continue
		}
		u, by, candidates := resolveLeaver(f, o.Login)
		switch {
		case len(candidates) > 0:
			st.state, st.candidates = offAmbiguous, candidates
		case by == "":
			st.state = offNotFound
		default:
			st.state, st.user, st.matchedBy = offEvaluated, u, by
			// A login and an email of one person: judge them once, by the
			// earliest date (the strictest deadline).
			if j, seen := first[u.ID]; seen {
				if o.Date < out[j].entry.Date {
					out[j].state = offSameUser
					first[u.ID] = len(out)
				} else {
					st.state = offSameUser
				}
			} else {
				first[u.ID] = len(out)
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// matchDeletions turns a not_found entry into deleted when the System Log
// records the deletion of a user whose login or id the entry names (the
// event's User target carries both; it carries no email). It needs
// UserDeletions only when some entry is not found.
func matchDeletions(f *Facts, sts []offboardState) error {
	if !slices.ContainsFunc(sts, func(st offboardState) bool { return st.state == offNotFound }) {
		return nil
	}
	if f.UserDeletions == nil {
		return missing("the System Log's user deletions")
	}
	if f.UserDeletionLookback <= 0 {
		return missing("how far back the System Log's user deletions reach")
	}
	for i := range sts {
		if sts[i].state != offNotFound {
			continue
		}
		if e := deletionOf(f.UserDeletions, sts[i].entry.Login); e != nil {
			sts[i].state, sts[i].deletion = offDeleted, e
		}
	}
	return nil
}

// deletionOf returns the latest successful deletion of a user whose login or
// id is key, or nil.
func deletionOf(events []okta.LogEvent, key string) *okta.LogEvent {
	key = fold(key)
	var latest *okta.LogEvent
	for i := range events {
		e := &events[i]
		if e.EventType != EventUserDeleteCompleted || e.OutcomeResult != "SUCCESS" {
			continue
		}
		if !slices.ContainsFunc(e.Targets, func(t okta.LogParty) bool {
			return t.Type == "User" && (fold(t.ID) == key || fold(t.AlternateID) == key)
		}) {
			continue
		}
		if latest == nil || e.Published.After(latest.Published) ||
			(e.Published.Equal(latest.Published) && e.UUID > latest.UUID) {
			latest = e
		}
	}
	return latest
}

// deletedUserID is the id of the User a deletion event targets.
func deletedUserID(e *okta.LogEvent) string {
	for _, t := range e.Targets {
		if t.Type == "User" {
			return t.ID
		}
	}
	return ""
}

// DueUserIDs returns the ids of the offboarded users whose grace period has
// passed and who exist in the org, sorted. When it is empty the rule needs
// only Users, so the provider may skip loading assignments and memberships.
func (in OffboardingInput) DueUserIDs(f *Facts) ([]string, error) {
	return in.dueWhere(f, func(st offboardState) string {
		if st.state == offEvaluated {
			return st.user.ID
		}
		return ""
	})
}

// NotFound returns the entries (as listed, sorted) whose grace period has
// passed and that match no user by login, email or id. When it is empty the
// rule does not read the System Log, so the provider need not load
// UserDeletions (nor hold okta.logs.read).
func (in OffboardingInput) NotFound(f *Facts) ([]string, error) {
	return in.dueWhere(f, func(st offboardState) string {
		if st.state == offNotFound {
			return st.entry.Login
		}
		return ""
	})
}

func (in OffboardingInput) dueWhere(f *Facts, pick func(offboardState) string) ([]string, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	sts, err := n.states(f)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, st := range sts {
		out = append(out, pick(st))
	}
	return sortedSet(out), nil
}

// Offboarding finds offboarded users who, past their date plus the grace
// period, still exist without being DEPROVISIONED (or SUSPENDED when allowed),
// are still assigned to an app, or are still members of a group that is not
// BUILT_IN: one violation per user naming every problem.
//
// An entry names a user by login, Okta id or email, case-insensitively; an
// email several users share is a violation naming them. An entry that names
// no user is a violation (a typo, or a deleted user?) unless the System Log
// records the deletion of a user with that login or id: then it passes and
// the evidence cites the event. An entry still within its grace period is not
// evaluated.
//
// It reads Users; when a user is due (see DueUserIDs), Apps with the AppUsers
// of every app, and Groups with the GroupMembers of every group that is not
// BUILT_IN; when an entry is not found (see NotFound), UserDeletions and
// UserDeletionLookback.
func Offboarding(f *Facts, in OffboardingInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	sts, err := in.states(f)
	if err != nil {
		return Result{}, err
	}
	if err := matchDeletions(f, sts); err != nil {
		return Result{}, err
	}
	due := slices.ContainsFunc(sts, func(st offboardState) bool { return st.state == offEvaluated })

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
			if g.Type == GroupTypeBuiltIn {
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
	var rows, cited []any
	details := make([]any, 0, len(sts))
	evaluated := 0
	for _, st := range sts {
		key := fold(st.entry.Login)
		d := map[string]any{"login": key, "date": st.entry.Date, "state": st.state, "user_id": st.user.ID}
		if st.matchedBy != "" {
			d["matched_by"] = st.matchedBy
		}
		details = append(details, d)
		switch st.state {
		case offPending, offSameUser:
			continue
		case offAmbiguous:
			evaluated++
			names := make([]string, 0, len(st.candidates))
			ids := make([]any, 0, len(st.candidates))
			for _, u := range st.candidates {
				names = append(names, userSubject(u)+" ("+u.ID+")")
				ids = append(ids, u.ID)
			}
			d["candidate_ids"] = ids
			findings = append(findings, finding{
				Violation: Violation{
					Subject: key,
					Reason: fmt.Sprintf("offboarded %s: the email %s is shared by %d users, %s: list the leaver by login or Okta id instead",
						st.entry.Date, key, len(st.candidates), listed(names, 10)),
				},
				keys: []string{key},
			})
			continue
		case offNotFound:
			evaluated++
			findings = append(findings, finding{
				Violation: Violation{
					Subject: key,
					Reason: fmt.Sprintf("offboarded %s: not found in the org by login, email or id, and no %s event "+
						"of the System Log's last %d days names this login or id: a typo, or deleted? Correct the entry "+
						"to the user's login, email or Okta id; if the user was deleted before then, or is listed by an "+
						"email (deletion events name the login), add an exception for %s",
						st.entry.Date, EventUserDeleteCompleted, int(f.UserDeletionLookback/(24*time.Hour)), key),
				},
				keys: []string{key},
			})
			continue
		case offDeleted:
			evaluated++
			e := st.deletion
			d["user_id"] = deletedUserID(e)
			d["deletion"] = map[string]any{
				"uuid": e.UUID, "event_type": e.EventType, "published": e.Published.UTC().Format(time.RFC3339),
				"actor": e.Actor.AlternateID, "actor_id": e.Actor.ID,
			}
			cited = append(cited, map[string]any{"login": key, "uuid": e.UUID, "user_id": deletedUserID(e)})
			notes = append(notes, fmt.Sprintf("offboarded %s: deleted on %s by %s (System Log event %s)",
				key, e.Published.UTC().Format(time.RFC3339), actorName(e.Actor), e.UUID))
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
		// The violation names the user by login; say how the entry named them
		// when it was otherwise, so the reader can tie it to the HR export.
		listedAs := ""
		if st.matchedBy != "login" {
			listedAs = " (listed as " + st.entry.Login + ")"
		}
		findings = append(findings, finding{
			Violation: Violation{
				Subject:   userSubject(u),
				SubjectID: u.ID,
				Reason:    "offboarded " + st.entry.Date + listedAs + ": " + strings.Join(problems, "; "),
			},
			keys: userKeys(u.Login(), u.Email(), u.ID),
		})
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	facts := map[string]string{"offboarded_users": fp}
	if f.UserDeletions != nil {
		if facts["user_deletions"], err = factsFingerprint(cited); err != nil {
			return Result{}, err
		}
	}
	grace, _ := ParseGracePeriod(in.GracePeriod)
	offboarded := make([]any, 0, len(in.Offboarded))
	for _, o := range in.Offboarded {
		offboarded = append(offboarded, map[string]any{"login": fold(o.Login), "date": o.Date})
	}
	ev := evaluation{
		check: CheckOffboarding,
		input: in,
		inputs: map[string]any{
			"offboarded":           offboarded,
			"grace_period_seconds": int64(grace / time.Second),
			"allow_suspended":      in.AllowSuspended,
		},
		evaluated: evaluated,
		findings:  findings,
		facts:     facts,
		details:   map[string]any{"offboarded": details},
		notes:     notes,
	}
	if len(in.Offboarded) == 0 {
		ev.requireSubjects(in.AllowEmpty, "offboarded", "",
			"offboarded lists nobody; check that the list is fed from your HR system's leavers (an empty export "+
				"is likelier a broken feed than a period in which nobody left)")
	} else {
		// Every entry is still within its grace period: nobody is due yet,
		// which is a good state, not a blind spot.
		ev.noneIsPass("every listed leaver is still within grace_period; each is judged once it has passed")
	}
	return finish(f, ev, in.Exceptions)
}

// actorName names a System Log actor: its alternateId (a login), else its
// display name, else its id.
func actorName(a okta.LogParty) string {
	for _, s := range []string{a.AlternateID, a.DisplayName, a.ID} {
		if s != "" {
			return s
		}
	}
	return "an unknown actor"
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
