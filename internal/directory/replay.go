package directory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// ReplayOverlap is how far before the stored cursor a replay starts reading:
// Okta publishes some events a little after the instant they carry, and reading
// an event twice is harmless (a replay refetches what an event names, or
// applies it idempotently).
const ReplayOverlap = 10 * time.Minute

// replayPrefixes are the System Log event types that change what a compact
// snapshot holds.
var replayPrefixes = []string{
	"user.lifecycle.", "user.account.", "user.mfa.factor.",
	"group.user_membership.", "group.lifecycle.", "group.profile.", "group.application_assignment.", "group.privilege.",
	"application.user_membership.", "application.lifecycle.",
	"app.oauth2.client.privilege.", "app.oauth2.as.consent.",
}

// ReplayFilter is the System Log filter a replay reads with: every event type
// above, and successful sign-ins (which move a user's last sign-in).
func ReplayFilter() string {
	terms := make([]string, 0, len(replayPrefixes)+1)
	for _, p := range replayPrefixes {
		terms = append(terms, "eventType sw "+strconv.Quote(p))
	}
	terms = append(terms, `eventType eq "user.session.start"`)
	return strings.Join(terms, " or ")
}

// ErrLogGap reports that the System Log no longer covers the time since a
// stored snapshot was brought current: a full scan is needed.
var ErrLogGap = errors.New("the System Log does not reach back to the stored snapshot")

// ReplayStats says what a replay read and refetched.
type ReplayStats struct {
	Events                   int // events read
	Users, Factors           int // users and factor lists refetched
	AppUsers, Apps, Groups   int // single app assignments, apps and group lists refetched
	MembershipsApplied       int // group membership events applied without a request
	SignInsApplied           int // sign-ins applied to last sign-in without a request
	RoleListsInvalidated     int // admin role lists dropped to be read again
	GrantListsInvalidated    int // scope grant lists dropped to be read again
	AssignmentListsRefetched int
}

// Changed reports whether the replay found anything to apply.
func (r ReplayStats) Changed() bool { return r.Events > 0 }

// Replay brings a seeded snapshot current: it reads the System Log events of
// [since-ReplayOverlap, until) that change users, factors, memberships,
// assignments, grants or roles, and refetches exactly what they name. Group
// memberships and sign-ins are applied from the events themselves. It returns
// ErrLogGap when since is older than the log keeps.
//
// Replay must run before anything reads the snapshot (it replaces collections
// in place), which is how the provider uses it: the snapshot resource seeds,
// replays and exports before any check is planned.
//
// seen are the ids of events already replayed into the snapshot (those of the
// overlap before since); they are skipped, so that reading an event again does
// not count as a change. The second result is the seen list for until.
func (s *Snapshot) Replay(ctx context.Context, since, until time.Time, seen []string) (ReplayStats, []string, error) {
	var st ReplayStats
	from := since.Add(-ReplayOverlap)
	if !from.After(until.Add(-LogRetention).Add(time.Minute)) {
		return st, nil, fmt.Errorf("%w: it was brought current at %s, and the log keeps 90 days", ErrLogGap, rfc3339(since))
	}
	if !until.After(from) {
		return st, seen, nil
	}
	res, err := s.Logs(ctx, LogWindow{Since: from, Until: until, Filter: ReplayFilter()}, 0)
	if err != nil {
		return st, nil, err
	}
	skip := make(map[string]bool, len(seen))
	for _, id := range seen {
		skip[id] = true
	}
	var fresh []*okta.LogEvent
	var next []string
	for i := range res.Events {
		e := &res.Events[i]
		if !e.Published.Before(until.Add(-ReplayOverlap)) && e.UUID != "" {
			next = append(next, e.UUID)
		}
		if e.UUID == "" || !skip[e.UUID] {
			fresh = append(fresh, e)
		}
	}
	slices.Sort(next)
	st.Events = len(fresh)
	if st.Events == 0 {
		return st, next, nil
	}
	users, ok := s.users.peek("")
	if !ok {
		return st, nil, errors.New("directory: Replay needs a seeded snapshot")
	}
	r := newReplayer(s, users)
	for _, e := range fresh {
		r.apply(e, &st)
	}
	if err := r.refetch(ctx, &st); err != nil {
		return st, nil, err
	}
	r.commit(&st)
	return st, next, nil
}

// replayer collects what a replay's events name.
type replayer struct {
	s         *Snapshot
	users     map[string]okta.User // by id, the seeded list
	appGroups map[string][]string  // group id → apps it is assigned to

	dirtyUsers    map[string]bool
	dirtyFactors  map[string]bool
	dirtyAppUsers map[[2]string]bool // app id, user id
	dirtyApps     map[string]bool
	groupsChanged bool
	memberChanges map[string]map[string]bool // group id → user id → member after the events
	signIns       map[string]time.Time
}

func newReplayer(s *Snapshot, users []okta.User) *replayer {
	r := &replayer{
		s: s, users: make(map[string]okta.User, len(users)), appGroups: map[string][]string{},
		dirtyUsers: map[string]bool{}, dirtyFactors: map[string]bool{}, dirtyAppUsers: map[[2]string]bool{},
		dirtyApps: map[string]bool{}, memberChanges: map[string]map[string]bool{}, signIns: map[string]time.Time{},
	}
	for _, u := range users {
		r.users[u.ID] = u
	}
	for appID, gs := range s.appGroups.values() {
		for _, g := range gs {
			r.appGroups[g.GroupID] = append(r.appGroups[g.GroupID], appID)
		}
	}
	return r
}

func target(e *okta.LogEvent, typ string) string {
	for _, t := range e.Targets {
		if t.Type == typ {
			return t.ID
		}
	}
	return ""
}

func (r *replayer) apply(e *okta.LogEvent, st *ReplayStats) {
	typ := e.EventType
	user, group, app := target(e, "User"), target(e, "UserGroup"), target(e, "AppInstance")
	switch {
	case typ == "user.session.start":
		if e.OutcomeResult == "SUCCESS" && e.Actor.ID != "" && e.Published.After(r.signIns[e.Actor.ID]) {
			r.signIns[e.Actor.ID] = e.Published
		}
	case strings.HasPrefix(typ, "user.lifecycle."), strings.HasPrefix(typ, "user.account.privilege."):
		if user != "" {
			r.dirtyUsers[user], r.dirtyFactors[user] = true, true
			if strings.HasPrefix(typ, "user.account.privilege.") {
				r.s.userRoles.drop(user)
				st.RoleListsInvalidated++
			}
		}
	case strings.HasPrefix(typ, "user.account."):
		if user != "" {
			r.dirtyUsers[user] = true
		}
	case strings.HasPrefix(typ, "user.mfa.factor."):
		if user != "" {
			r.dirtyFactors[user] = true
		}
	case strings.HasPrefix(typ, "group.user_membership."):
		if user == "" || group == "" {
			return
		}
		if r.memberChanges[group] == nil {
			r.memberChanges[group] = map[string]bool{}
		}
		r.memberChanges[group][user] = strings.HasSuffix(typ, ".add")
		// A group assigned to apps gives its members those apps.
		for _, appID := range r.appGroups[group] {
			r.dirtyAppUsers[[2]string{appID, user}] = true
		}
	case strings.HasPrefix(typ, "group.lifecycle."), strings.HasPrefix(typ, "group.profile."):
		r.groupsChanged = true
		if group != "" {
			r.s.members.drop(group)
			delete(r.memberChanges, group)
		}
	case strings.HasPrefix(typ, "group.application_assignment."), strings.HasPrefix(typ, "application.lifecycle."):
		if app != "" {
			r.dirtyApps[app] = true
		}
	case strings.HasPrefix(typ, "group.privilege."):
		// Members inherit a group's roles: every user's list may change.
		if group != "" {
			r.s.groupRoles.drop(group)
		}
		st.RoleListsInvalidated += len(r.s.userRoles.values()) + 1
		r.s.userRoles.dropAll()
	case strings.HasPrefix(typ, "application.user_membership."):
		if app != "" && user != "" {
			r.dirtyAppUsers[[2]string{app, user}] = true
		}
	case strings.HasPrefix(typ, "app.oauth2.client.privilege."):
		if app != "" {
			r.s.clientRoles.dropAll() // keyed by client id; few, and the event names the app
			st.RoleListsInvalidated++
		}
	case strings.HasPrefix(typ, "app.oauth2.as.consent."):
		if app != "" {
			r.s.appGrants.drop(app)
			st.GrantListsInvalidated++
		}
	}
}

// refetch reads what the events named, concurrently within the snapshot's
// bound. A user or app that is gone (404) is removed.
func (r *replayer) refetch(ctx context.Context, st *ReplayStats) error {
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.s.opts.Concurrency)
	gone := map[string]bool{}
	fetchedUsers := map[string]okta.User{}
	for id := range r.dirtyUsers {
		g.Go(func() error {
			u, err := r.s.src.getUser(gctx, id)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case okta.IsNotFound(err):
				gone[id] = true
			case err != nil:
				return fmt.Errorf("replaying the System Log: reading user %s: %w", id, err)
			default:
				fetchedUsers[id] = u
			}
			st.Users++
			return nil
		})
	}
	for id := range r.dirtyFactors {
		g.Go(func() error {
			r.s.factors.drop(id)
			_, err := r.s.Factors(gctx, id)
			if okta.IsNotFound(err) {
				return nil // the user is gone; failures are not memoized
			}
			if err != nil {
				return fmt.Errorf("replaying the System Log: %w", err)
			}
			mu.Lock()
			st.Factors++
			mu.Unlock()
			return nil
		})
	}
	for appID := range r.dirtyApps {
		g.Go(func() error {
			app, err := r.s.src.getApp(gctx, appID)
			mu.Lock()
			st.Apps++
			mu.Unlock()
			if okta.IsNotFound(err) {
				r.s.appUsers.drop(appID)
				r.s.appGroups.drop(appID)
				r.s.appGrants.drop(appID)
				r.removeApp(appID)
				return nil
			}
			if err != nil {
				return fmt.Errorf("replaying the System Log: reading app %s: %w", appID, err)
			}
			r.putApp(app)
			// Its assignments (a group added or removed changes whom it reaches)
			// are read again in full.
			r.s.appUsers.drop(appID)
			r.s.appGroups.drop(appID)
			if _, err := r.s.AppUsers(gctx, appID); err != nil {
				return err
			}
			if _, err := r.s.AppGroups(gctx, appID); err != nil {
				return err
			}
			mu.Lock()
			st.AssignmentListsRefetched++
			mu.Unlock()
			return nil
		})
	}
	if r.groupsChanged {
		g.Go(func() error {
			r.s.groups.drop("")
			if _, err := r.s.Groups(gctx); err != nil {
				return fmt.Errorf("replaying the System Log: %w", err)
			}
			mu.Lock()
			st.Groups++
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}

	// Single app assignments, after the apps whose lists were read whole.
	type change struct {
		key [2]string
		au  *okta.AppUser // nil: not assigned
	}
	var changes []change
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(r.s.opts.Concurrency)
	for key := range r.dirtyAppUsers {
		if r.dirtyApps[key[0]] || gone[key[1]] {
			continue
		}
		g.Go(func() error {
			au, err := r.s.src.getAppUser(gctx, key[0], key[1])
			mu.Lock()
			defer mu.Unlock()
			st.AppUsers++
			switch {
			case okta.IsNotFound(err):
				changes = append(changes, change{key: key})
			case err != nil:
				return fmt.Errorf("replaying the System Log: reading the assignment of user %s to app %s: %w", key[1], key[0], err)
			default:
				if au.AppID == "" {
					au.AppID = key[0]
				}
				changes = append(changes, change{key: key, au: &au})
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	byApp := map[string][]change{}
	for _, c := range changes {
		byApp[c.key[0]] = append(byApp[c.key[0]], c)
	}
	for appID, cs := range byApp {
		cur, ok := r.s.appUsers.peek(appID)
		if !ok {
			continue // never listed: read whole when first needed
		}
		m := make(map[string]okta.AppUser, len(cur)+len(cs))
		for _, au := range cur {
			m[au.UserID] = au
		}
		for _, c := range cs {
			if c.au == nil {
				delete(m, c.key[1])
			} else {
				m[c.key[1]] = *c.au
			}
		}
		next := make([]okta.AppUser, 0, len(m))
		for _, au := range m {
			next = append(next, au)
		}
		r.s.appUsers.put(appID, sortedUniqueBy(next, func(u okta.AppUser) string { return u.UserID }))
	}
	for id, u := range fetchedUsers {
		r.users[id] = u
		r.s.trimmed.forget(id)
	}
	for id := range gone {
		delete(r.users, id)
		r.s.factors.drop(id)
		r.s.userRoles.drop(id)
		for groupID := range r.s.members.values() {
			if r.memberChanges[groupID] == nil {
				r.memberChanges[groupID] = map[string]bool{}
			}
			r.memberChanges[groupID][id] = false
		}
		for appID := range r.s.appUsers.values() {
			r.dropAppUser(appID, id)
		}
	}
	return nil
}

func (r *replayer) dropAppUser(appID, userID string) {
	cur, ok := r.s.appUsers.peek(appID)
	if !ok {
		return
	}
	i := slices.IndexFunc(cur, func(au okta.AppUser) bool { return au.UserID == userID })
	if i >= 0 {
		r.s.appUsers.put(appID, slices.Delete(slices.Clone(cur), i, i+1))
	}
}

func (r *replayer) putApp(app okta.App) {
	apps, _ := r.s.apps.peek("")
	next := slices.DeleteFunc(slices.Clone(apps), func(a okta.App) bool { return a.ID == app.ID })
	next = append(next, app)
	r.s.apps.put("", sortedUniqueBy(next, func(a okta.App) string { return a.ID }))
}

func (r *replayer) removeApp(appID string) {
	apps, _ := r.s.apps.peek("")
	r.s.apps.put("", slices.DeleteFunc(slices.Clone(apps), func(a okta.App) bool { return a.ID == appID }))
}

// commit writes the users, sign-ins and memberships back and drops the indexes
// built over the old collections.
func (r *replayer) commit(st *ReplayStats) {
	for id, at := range r.signIns {
		if u, ok := r.users[id]; ok && at.After(u.LastLogin) && !r.dirtyUsers[id] {
			u.LastLogin = at
			r.users[id] = u
			st.SignInsApplied++
		}
	}
	users := make([]okta.User, 0, len(r.users))
	for _, u := range r.users {
		users = append(users, u)
	}
	r.s.users.put("", sortedUniqueBy(users, func(u okta.User) string { return u.ID }))

	for groupID, changes := range r.memberChanges {
		cur, ok := r.s.members.peek(groupID)
		if !ok {
			continue // never listed: read whole when first needed
		}
		set := make(map[string]bool, len(cur)+len(changes))
		for _, id := range cur {
			set[id] = true
		}
		for id, member := range changes {
			if set[id] != member {
				st.MembershipsApplied++
			}
			set[id] = member
		}
		next := make([]string, 0, len(set))
		for id, member := range set {
			if member {
				next = append(next, id)
			}
		}
		slices.Sort(next)
		r.s.members.put(groupID, next)
	}
	r.s.dropDerived()
}
