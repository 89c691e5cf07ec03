package oktasim

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
)

// ChurnKind is one kind of change Churn makes to a user.
type ChurnKind string

// The kinds of change Churn makes, each logged with Okta's event types.
const (
	ChurnSignIn         ChurnKind = "sign_in"         // user.session.start (and auth_via_mfa); lastLogin
	ChurnProfileUpdated ChurnKind = "profile_updated" // user.account.update_profile: a new email
	ChurnGroupAdded     ChurnKind = "group_added"     // group.user_membership.add (OKTA_GROUP)
	ChurnGroupRemoved   ChurnKind = "group_removed"   // group.user_membership.remove (OKTA_GROUP)
	ChurnAppAssigned    ChurnKind = "app_assigned"    // application.user_membership.add (direct)
	ChurnAppUnassigned  ChurnKind = "app_unassigned"  // application.user_membership.remove (direct)
	ChurnFactorEnrolled ChurnKind = "factor_enrolled" // user.mfa.factor.activate: a new ACTIVE factor
	ChurnFactorRemoved  ChurnKind = "factor_removed"  // user.mfa.factor.deactivate: the factor is gone
	ChurnSuspended      ChurnKind = "suspended"       // user.lifecycle.suspend
	ChurnUnsuspended    ChurnKind = "unsuspended"     // user.lifecycle.unsuspend
	ChurnDeactivated    ChurnKind = "deactivated"     // user.lifecycle.deactivate, then its direct app assignments removed
	ChurnReactivated    ChurnKind = "reactivated"     // user.lifecycle.activate of a DEPROVISIONED user
	ChurnRoleGranted    ChurnKind = "role_granted"    // user.account.privilege.grant of a standard role
)

// churnMix is how often each kind happens, per thousand changes: mostly
// sign-ins, then membership, assignment and factor changes, a few status
// changes and, rarely, an admin role.
var churnMix = []struct {
	kind   ChurnKind
	weight int
}{
	{ChurnSignIn, 400},
	{ChurnGroupAdded, 90},
	{ChurnProfileUpdated, 80},
	{ChurnAppAssigned, 70},
	{ChurnFactorEnrolled, 70},
	{ChurnGroupRemoved, 60},
	{ChurnAppUnassigned, 45},
	{ChurnFactorRemoved, 40},
	{ChurnDeactivated, 40},
	{ChurnSuspended, 30},
	{ChurnUnsuspended, 25},
	{ChurnReactivated, 15},
	{ChurnRoleGranted, 5},
}

// churnRoles are the roles Churn may grant: never SUPER_ADMIN or ORG_ADMIN.
var churnRoles = []string{"HELP_DESK_ADMIN", "READ_ONLY_ADMIN", "REPORT_ADMIN", "APP_ADMIN", "USER_ADMIN", "GROUP_MEMBERSHIP_ADMIN"}

// ChurnOptions say how much of an org changes, and when.
type ChurnOptions struct {
	// Fraction is the share of users changed, each once; 0 means 0.01.
	Fraction float64
	// Now is when the churn ends; the zero time means time.Now().
	Now time.Time
	// Span is how long before Now the changes start; 0 means 24 hours.
	Span time.Duration
	// Seed makes the churn deterministic: the same org, options and seed
	// give the same changes.
	Seed int64
}

// ChurnChange is one change Churn made.
type ChurnChange struct {
	Kind   ChurnKind
	UserID string
	At     time.Time
	// ObjectID is the group, app, factor or role assignment added or
	// removed; "" for sign-ins, profile and status changes.
	ObjectID string
}

// ChurnKindReport counts one kind's changes and names the users they touched.
type ChurnKindReport struct {
	Count   int
	UserIDs []string // sorted
}

// ChurnReport says what Churn changed.
type ChurnReport struct {
	Since, Until time.Time     // every change happened in [Since, Until]
	Changes      []ChurnChange // in the order they happened
	Kinds        map[ChurnKind]ChurnKindReport
	Events       int // System Log events logged
}

// UserIDs returns every user Churn touched, sorted.
func (r ChurnReport) UserIDs() []string {
	ids := make([]string, 0, len(r.Changes))
	for _, c := range r.Changes {
		ids = append(ids, c.UserID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// churnPlan is a change chosen before any is made: each user changes once, so
// what it needs holds until it is made, in time order.
type churnPlan struct {
	kind   ChurnKind
	u      *User
	at     time.Time
	group  *Group
	app    *App
	factor *Factor // to remove
	enroll string  // factor kind to enroll
	role   string
}

type churner struct {
	o        *Org
	g        *seedGen
	now      time.Time
	since    time.Time
	reserve  time.Duration // room after a change for the events that follow it
	admin    LogActor
	adminIP  string
	touched  map[string]bool
	excluded map[string]bool   // API token owners: the org's machinery, never churned
	roles    map[string]bool   // users holding a role directly: never suspended or deactivated
	groups   []*Group          // OKTA_GROUPs holding no admin role
	apps     []*App            // ACTIVE apps people are assigned to
	appsOf   map[string][]*App // by group id: the apps it is assigned to
	direct   map[string][]*App // by user id: apps it is assigned to directly
	inGroups map[string]bool   // users in one of groups
	pools    map[ChurnKind]*churnPool
}

// churnPool draws users eligible for a kind at random without repeats: a
// lazy Fisher–Yates shuffle.
type churnPool struct {
	idx  []int32
	next int
}

// Churn changes opts.Fraction of the org's users, each once, as an org changes
// in a day: sign-ins, factor enrollments and removals, suspensions,
// deactivations (DEPROVISIONED, group memberships kept and direct app
// assignments removed, as Okta does), reactivations, email changes, OKTA_GROUP
// membership changes, direct app assignments and, rarely, an admin role. Each
// change updates the org as the API would and logs Okta's events at its time;
// the changes are spread over [Now-Span, Now] in order. Users owning API tokens
// are never changed, nor are holders of a direct role suspended or deactivated.
func (o *Org) Churn(opts ChurnOptions) ChurnReport {
	o.Lock()
	defer o.Unlock()
	if opts.Fraction <= 0 {
		opts.Fraction = 0.01
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Span <= 0 {
		opts.Span = 24 * time.Hour
	}
	ch := newChurner(o, opts)
	n := min(len(o.Users), int(math.Round(opts.Fraction*float64(len(o.Users)))))
	if n == 0 && len(o.Users) > 0 {
		n = 1
	}

	total := 0
	for _, m := range churnMix {
		total += m.weight
	}
	var plans []churnPlan
	for len(plans) < n {
		kind := churnMix[len(churnMix)-1].kind
		r := ch.g.rng.IntN(total)
		for _, m := range churnMix {
			if r < m.weight {
				kind = m.kind
				break
			}
			r -= m.weight
		}
		p, ok := ch.plan(kind)
		if !ok {
			// No user is left for this kind; an email change fits almost
			// anyone, and when even that fails the org has run out.
			if p, ok = ch.plan(ChurnProfileUpdated); !ok {
				break
			}
		}
		ch.touched[p.u.ID] = true
		plans = append(plans, p)
	}
	slices.SortStableFunc(plans, func(a, b churnPlan) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.u.ID, b.u.ID))
	})

	report := ChurnReport{Since: ch.since, Until: ch.now, Kinds: map[ChurnKind]ChurnKindReport{}}
	var events []*LogEvent
	for _, p := range plans {
		objectID, evs := ch.apply(p)
		events = append(events, evs...)
		report.Changes = append(report.Changes, ChurnChange{Kind: p.kind, UserID: p.u.ID, At: p.at, ObjectID: objectID})
		k := report.Kinds[p.kind]
		k.Count++
		k.UserIDs = append(k.UserIDs, p.u.ID)
		report.Kinds[p.kind] = k
	}
	for kind, k := range report.Kinds {
		slices.Sort(k.UserIDs)
		report.Kinds[kind] = k
	}
	o.appendLogs(events...)
	report.Events = len(events)
	return report
}

func newChurner(o *Org, opts ChurnOptions) *churner {
	// The churn's stream differs from Generate's for the same seed.
	g := newSeedGen(opts.Seed^0x636875726e, opts.Now)
	ch := &churner{
		o: o, g: g, now: g.now, since: g.now.Add(-opts.Span).Truncate(time.Millisecond),
		reserve: min(10*time.Second, opts.Span/10),
		admin:   systemActor, adminIP: "198.51.100.10",
		touched: map[string]bool{}, excluded: map[string]bool{}, roles: map[string]bool{},
		appsOf: map[string][]*App{}, direct: map[string][]*App{}, inGroups: map[string]bool{},
		pools: map[ChurnKind]*churnPool{},
	}
	for _, t := range o.APITokens {
		ch.excluded[t.UserID] = true
	}
	for uid, rs := range o.UserRoles {
		if len(rs) > 0 {
			ch.roles[uid] = true
		}
	}
	// Changes made by an admin name the first active super or org admin.
	for _, u := range o.Users {
		if u.Status != "ACTIVE" {
			continue
		}
		if slices.ContainsFunc(o.UserRoles[u.ID], func(r *RoleAssignment) bool {
			return activeRole(r) && (r.Type == "SUPER_ADMIN" || r.Type == "ORG_ADMIN")
		}) {
			ch.admin, ch.adminIP = userActor(u), seedClientIP(u)
			break
		}
	}
	for _, gr := range o.Groups {
		if gr.Type == "OKTA_GROUP" && len(o.GroupRoles[gr.ID]) == 0 {
			ch.groups = append(ch.groups, gr)
			for _, uid := range gr.MemberIDs {
				ch.inGroups[uid] = true
			}
		}
	}
	for _, a := range o.Apps {
		for _, ag := range a.Groups {
			ch.appsOf[ag.GroupID] = append(ch.appsOf[ag.GroupID], a)
		}
		if a.Status == "ACTIVE" && (a.OAuth == nil || a.OAuth.ApplicationType != "service") {
			ch.apps = append(ch.apps, a)
			for _, au := range a.Users {
				if au.Scope == "USER" {
					ch.direct[au.UserID] = append(ch.direct[au.UserID], a)
				}
			}
		}
	}
	return ch
}

// eligible is the cheap test of whether u can undergo kind; plan makes the
// rest of the choice.
func (ch *churner) eligible(kind ChurnKind, u *User) bool {
	if ch.excluded[u.ID] {
		return false
	}
	switch kind {
	case ChurnSignIn, ChurnFactorEnrolled:
		return u.Status == "ACTIVE"
	case ChurnRoleGranted:
		return u.Status == "ACTIVE" && !ch.roles[u.ID]
	case ChurnSuspended:
		return u.Status == "ACTIVE" && !ch.roles[u.ID]
	case ChurnUnsuspended:
		return u.Status == "SUSPENDED"
	case ChurnDeactivated:
		return u.Status != "DEPROVISIONED" && !ch.roles[u.ID]
	case ChurnReactivated:
		return u.Status == "DEPROVISIONED"
	case ChurnFactorRemoved:
		return u.Status != "DEPROVISIONED" && len(ch.o.Factors[u.ID]) > 0
	case ChurnGroupRemoved:
		return u.Status != "DEPROVISIONED" && ch.inGroups[u.ID]
	case ChurnAppUnassigned:
		return u.Status != "DEPROVISIONED" && len(ch.direct[u.ID]) > 0
	}
	return u.Status != "DEPROVISIONED"
}

// draw returns an untouched user eligible for kind, or nil.
func (ch *churner) draw(kind ChurnKind) *User {
	p := ch.pools[kind]
	if p == nil {
		p = &churnPool{}
		for i, u := range ch.o.Users {
			if ch.eligible(kind, u) {
				p.idx = append(p.idx, int32(i))
			}
		}
		ch.pools[kind] = p
	}
	for p.next < len(p.idx) {
		j := p.next + ch.g.rng.IntN(len(p.idx)-p.next)
		p.idx[p.next], p.idx[j] = p.idx[j], p.idx[p.next]
		u := ch.o.Users[p.idx[p.next]]
		p.next++
		if !ch.touched[u.ID] {
			return u
		}
	}
	return nil
}

// plan picks a user for kind and what changes; it fails when no user is left
// for the kind.
func (ch *churner) plan(kind ChurnKind) (churnPlan, bool) {
	for {
		u := ch.draw(kind)
		if u == nil {
			return churnPlan{}, false
		}
		p := churnPlan{kind: kind, u: u}
		if ch.choose(&p) {
			p.at = ch.timeFor(u)
			return p, true
		}
	}
}

// choose picks the group, app, factor or role a change of p.u involves.
func (ch *churner) choose(p *churnPlan) bool {
	o, g, u := ch.o, ch.g, p.u
	switch p.kind {
	case ChurnGroupAdded:
		p.group = pickFunc(g, ch.groups, func(gr *Group) bool { return !containsSorted(gr.MemberIDs, u.ID) })
		return p.group != nil
	case ChurnGroupRemoved:
		p.group = pickFunc(g, ch.groups, func(gr *Group) bool { return containsSorted(gr.MemberIDs, u.ID) })
		return p.group != nil
	case ChurnAppAssigned:
		p.app = pickFunc(g, ch.apps, func(a *App) bool {
			i := findSorted(a.Users, u.ID, appUserKey)
			return i < 0 || a.Users[i].Scope != "USER"
		})
		return p.app != nil
	case ChurnAppUnassigned:
		// Only a direct assignment no assigned group also gives.
		p.app = pickFunc(g, ch.direct[u.ID], func(a *App) bool { return !ch.viaGroup(a, u.ID, nil) })
		return p.app != nil
	case ChurnFactorEnrolled:
		have := o.Factors[u.ID]
		for range 10 {
			kind := g.pick(seedGenFactorKinds)
			k := seedFactorKinds[kind]
			if !slices.ContainsFunc(have, func(f *Factor) bool { return f.FactorType == k.factorType && f.Provider == k.provider }) {
				p.enroll = kind
				return true
			}
		}
		return false
	case ChurnFactorRemoved:
		fs := o.Factors[u.ID]
		p.factor = fs[g.rng.IntN(len(fs))]
	case ChurnRoleGranted:
		p.role = g.pick(churnRoles)
	}
	return true
}

// pickFunc returns a random item satisfying ok: a few random tries, then a
// scan from a random start; nil when none does.
func pickFunc[T any](g *seedGen, items []T, ok func(T) bool) T {
	var zero T
	if len(items) == 0 {
		return zero
	}
	for range 8 {
		if it := items[g.rng.IntN(len(items))]; ok(it) {
			return it
		}
	}
	start := g.rng.IntN(len(items))
	for k := range items {
		if it := items[(start+k)%len(items)]; ok(it) {
			return it
		}
	}
	return zero
}

// viaGroup reports whether a group assigned to a, other than except, holds
// userID.
func (ch *churner) viaGroup(a *App, userID string, except *Group) bool {
	for _, ag := range a.Groups {
		if except != nil && ag.GroupID == except.ID {
			continue
		}
		if gr := ch.o.group(ag.GroupID); gr != nil && containsSorted(gr.MemberIDs, userID) {
			return true
		}
	}
	return false
}

// timeFor is a random time in the window, after everything already recorded
// about u so its timestamps only move forward, and early enough to leave
// room for the events that follow a change.
func (ch *churner) timeFor(u *User) time.Time {
	lo, hi := ch.since, ch.now.Add(-ch.reserve)
	latest := seedLatest(&u.LastUpdated, u.LastLogin, u.StatusChanged)
	for _, f := range ch.o.Factors[u.ID] {
		latest = seedLatest(&latest, &f.LastUpdated)
	}
	if !latest.Before(lo) {
		lo = latest.Add(time.Millisecond)
	}
	if !lo.Before(hi) {
		return hi
	}
	return lo.Add(ch.g.dur(0, hi.Sub(lo)))
}

// apply makes a planned change and returns the id of what it added or
// removed and its events, in order.
func (ch *churner) apply(p churnPlan) (string, []*LogEvent) {
	o, g, u, t := ch.o, ch.g, p.u, p.at
	byAdmin := func(eventType string, targets ...LogTarget) *LogEvent {
		return newLogEvent(t, eventType, ch.admin, ch.adminIP, targets...)
	}
	self := func(at time.Time, eventType string, targets ...LogTarget) *LogEvent {
		return newLogEvent(at, eventType, userActor(u), seedClientIP(u), targets...)
	}
	switch p.kind {
	case ChurnSignIn:
		u.LastLogin = &t
		evs := []*LogEvent{self(t, EventSessionStart)}
		for _, f := range o.Factors[u.ID] {
			if f.Status == "ACTIVE" && f.FactorType != "question" {
				at := t.Add(time.Duration(2+g.rng.IntN(8)) * time.Second)
				evs = append(evs, self(at, EventAuthViaMFA,
					LogTarget{ID: f.ID, Type: "AuthenticatorEnrollment", AlternateID: f.FactorType, DisplayName: f.FactorType}))
				break
			}
		}
		return "", evs

	case ChurnProfileUpdated:
		profile := make(map[string]any, len(u.Profile))
		for k, v := range u.Profile {
			profile[k] = v
		}
		addr := profileString(u.Profile, "email")
		if addr == "" {
			addr = profileString(u.Profile, "login")
		}
		local, domain, _ := strings.Cut(addr, "@")
		local, _, _ = strings.Cut(local, "+")
		profile["email"] = local + "+" + strings.ToLower(g.str(6)) + "@" + domain
		u.Profile = profile
		u.LastUpdated = t
		return "", []*LogEvent{byAdmin(EventUserUpdateProfile, userTarget(u))}

	case ChurnGroupAdded:
		addMember(p.group, u.ID, t)
		// Every member of a group assigned to an app is one of its app users.
		for _, a := range ch.appsOf[p.group.ID] {
			if findSorted(a.Users, u.ID, appUserKey) < 0 {
				a.Users = insertSorted(a.Users, AppUser{UserID: u.ID, Scope: "GROUP", Status: "ACTIVE", SyncState: "DISABLED",
					Created: t, LastUpdated: t}, appUserKey)
			}
		}
		return p.group.ID, []*LogEvent{byAdmin(EventGroupMemberAdd, userTarget(u), groupTarget(p.group))}

	case ChurnGroupRemoved:
		removeMember(p.group, u.ID, t)
		for _, a := range ch.appsOf[p.group.ID] {
			if i := findSorted(a.Users, u.ID, appUserKey); i >= 0 && a.Users[i].Scope == "GROUP" && !ch.viaGroup(a, u.ID, p.group) {
				a.Users = removeAt(a.Users, i)
			}
		}
		return p.group.ID, []*LogEvent{byAdmin(EventGroupMemberRemove, userTarget(u), groupTarget(p.group))}

	case ChurnAppAssigned:
		a := p.app
		if i := findSorted(a.Users, u.ID, appUserKey); i >= 0 {
			a.Users[i].Scope, a.Users[i].LastUpdated = "USER", t
		} else {
			a.Users = insertSorted(a.Users, AppUser{UserID: u.ID, Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED",
				Created: t, LastUpdated: t, Profile: map[string]any{}}, appUserKey)
		}
		return a.ID, []*LogEvent{byAdmin(EventAppUserAdd, userTarget(u), appTarget(a))}

	case ChurnAppUnassigned:
		a := p.app
		a.Users = removeAt(a.Users, findSorted(a.Users, u.ID, appUserKey))
		return a.ID, []*LogEvent{byAdmin(EventAppUserRemove, userTarget(u), appTarget(a))}

	case ChurnFactorEnrolled:
		f := g.factor(u, p.enroll, "ACTIVE")
		for slices.ContainsFunc(o.Factors[u.ID], func(x *Factor) bool { return x.ID == f.ID }) {
			f.ID = g.id(f.ID[:3])
		}
		f.Created, f.LastUpdated = t, t
		o.Factors[u.ID] = insertSorted(o.Factors[u.ID], f, func(f *Factor) string { return f.ID })
		return f.ID, []*LogEvent{self(t, EventFactorActivate, userTarget(u))}

	case ChurnFactorRemoved:
		fs := o.Factors[u.ID]
		fs = removeAt(fs, slices.Index(fs, p.factor))
		if len(fs) == 0 {
			delete(o.Factors, u.ID)
		} else {
			o.Factors[u.ID] = fs
		}
		return p.factor.ID, []*LogEvent{byAdmin(EventFactorDeactivate, userTarget(u))}

	case ChurnSuspended:
		setStatus(u, "SUSPENDED", t)
		return "", []*LogEvent{byAdmin(EventUserSuspend, userTarget(u))}

	case ChurnUnsuspended:
		setStatus(u, "ACTIVE", t)
		return "", []*LogEvent{byAdmin(EventUserUnsuspend, userTarget(u))}

	case ChurnDeactivated:
		setStatus(u, "DEPROVISIONED", t)
		evs := []*LogEvent{byAdmin(EventUserDeactivate, userTarget(u))}
		// Okta removes a deactivated user's assignments to active apps; its
		// group memberships stay (and with them what groups assign).
		for _, a := range ch.direct[u.ID] {
			if i := findSorted(a.Users, u.ID, appUserKey); i >= 0 && a.Users[i].Scope == "USER" {
				if ch.viaGroup(a, u.ID, nil) {
					a.Users[i].Scope, a.Users[i].LastUpdated = "GROUP", t
				} else {
					a.Users = removeAt(a.Users, i)
				}
				evs = append(evs, byAdmin(EventAppUserRemove, userTarget(u), appTarget(a)))
			}
		}
		return "", evs

	case ChurnReactivated:
		activate(u, t)
		return "", []*LogEvent{byAdmin(EventUserActivate, userTarget(u))}

	case ChurnRoleGranted:
		ra := &RoleAssignment{ID: g.id("ra1"), Type: p.role, Label: roleLabels[p.role], Status: "ACTIVE",
			AssignmentType: "USER", Created: t, LastUpdated: t}
		o.UserRoles[u.ID] = append(o.UserRoles[u.ID], ra)
		return ra.ID, []*LogEvent{byAdmin(EventUserPrivilegeGrant, userTarget(u))}
	}
	return "", nil
}
