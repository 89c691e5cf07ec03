package oktasim

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"
)

// churnEvents is what each kind logs first, and the types of its targets.
var churnEvents = map[ChurnKind]struct {
	event   string
	targets []string
	byUser  bool // the user is the actor
}{
	ChurnSignIn:         {EventSessionStart, nil, true},
	ChurnProfileUpdated: {EventUserUpdateProfile, []string{"User"}, false},
	ChurnGroupAdded:     {EventGroupMemberAdd, []string{"User", "UserGroup"}, false},
	ChurnGroupRemoved:   {EventGroupMemberRemove, []string{"User", "UserGroup"}, false},
	ChurnAppAssigned:    {EventAppUserAdd, []string{"User", "AppInstance"}, false},
	ChurnAppUnassigned:  {EventAppUserRemove, []string{"User", "AppInstance"}, false},
	ChurnFactorEnrolled: {EventFactorActivate, []string{"User"}, true},
	ChurnFactorRemoved:  {EventFactorDeactivate, []string{"User"}, false},
	ChurnSuspended:      {EventUserSuspend, []string{"User"}, false},
	ChurnUnsuspended:    {EventUserUnsuspend, []string{"User"}, false},
	ChurnDeactivated:    {EventUserDeactivate, []string{"User"}, false},
	ChurnReactivated:    {EventUserActivate, []string{"User"}, false},
	ChurnRoleGranted:    {EventUserPrivilegeGrant, []string{"User"}, false},
}

func TestChurnTouchesTheFractionOnce(t *testing.T) {
	o := Generate(GenerateOptions{Users: 5000, Groups: 40, Apps: 30, Seed: 5, Now: seedTestNow})
	logsBefore := len(o.Logs)
	r := o.Churn(ChurnOptions{Fraction: 0.01, Now: seedTestNow, Seed: 1})
	if n := len(r.Changes); n != 50 {
		t.Fatalf("%d changes, want 1%% of 5000 users", n)
	}
	if n := len(r.UserIDs()); n != 50 {
		t.Fatalf("%d users touched by 50 changes, want each once", n)
	}
	total := 0
	for kind, k := range r.Kinds {
		total += k.Count
		if len(k.UserIDs) != k.Count || !slices.IsSorted(k.UserIDs) {
			t.Errorf("%s: %d changes, users %v", kind, k.Count, k.UserIDs)
		}
	}
	if total != 50 || r.Events < 50 || len(o.Logs) != logsBefore+r.Events {
		t.Errorf("kinds count %d changes, %d events logged, log grew by %d", total, r.Events, len(o.Logs)-logsBefore)
	}
	if !r.Until.Equal(seedTestNow) || !r.Since.Equal(seedTestNow.Add(-24*time.Hour)) {
		t.Errorf("window %s – %s", r.Since, r.Until)
	}
	for i, c := range r.Changes {
		if c.At.Before(r.Since) || c.At.After(r.Until) || (i > 0 && c.At.Before(r.Changes[i-1].At)) {
			t.Errorf("change %d at %s is out of the window or out of order", i, c.At)
		}
	}
	checkOrgInvariants(t, o)
}

func TestChurnIsDeterministic(t *testing.T) {
	opts := GenerateOptions{Users: 1000, Groups: 20, Apps: 10, Seed: 2, Now: seedTestNow}
	a, b, c := Generate(opts), Generate(opts), Generate(opts)
	ra := a.Churn(ChurnOptions{Fraction: 0.05, Now: seedTestNow, Seed: 7})
	rb := b.Churn(ChurnOptions{Fraction: 0.05, Now: seedTestNow, Seed: 7})
	if !reflect.DeepEqual(ra, rb) || !reflect.DeepEqual(a, b) {
		t.Fatal("the same org, options and seed churned differently")
	}
	rc := c.Churn(ChurnOptions{Fraction: 0.05, Now: seedTestNow, Seed: 8})
	if reflect.DeepEqual(ra.UserIDs(), rc.UserIDs()) {
		t.Error("another seed touched the same users")
	}
}

// TestChurnChangesAsTheAPIWould churns a generated org and checks every change
// in the store, then one change of each kind through the HTTP API: the
// object's new state and the System Log's events and targets.
func TestChurnChangesAsTheAPIWould(t *testing.T) {
	o := Generate(GenerateOptions{Users: 20000, Groups: 100, Apps: 60, Seed: 11, Now: seedTestNow})
	before := map[string]User{}
	factorsBefore := map[string][]*Factor{}
	for _, u := range o.Users {
		before[u.ID] = *u
		factorsBefore[u.ID] = slices.Clone(o.Factors[u.ID])
	}
	now := seedTestNow.Add(6 * time.Hour)
	r := o.Churn(ChurnOptions{Fraction: 0.05, Now: now, Span: 12 * time.Hour, Seed: 3})
	checkOrgInvariants(t, o)
	if len(r.Changes) != 1000 {
		t.Fatalf("%d changes, want 5%% of 20000", len(r.Changes))
	}

	// Every kind happens, about as often as in a real org's day.
	for _, m := range churnMix {
		want := float64(m.weight) / 1000
		got := float64(r.Kinds[m.kind].Count) / 1000
		if r.Kinds[m.kind].Count == 0 || math.Abs(got-want) > 0.02+want/2 {
			t.Errorf("%s: %.1f%% of changes, want about %.1f%%", m.kind, 100*got, 100*want)
		}
	}

	// Each change's events sit at its time, name the user, and its object
	// changed as the API would change it.
	byUser := map[string][]*LogEvent{}
	for _, e := range o.Logs {
		if e.Published.Before(r.Since) {
			continue
		}
		uid := e.Actor.ID
		for _, tg := range e.Targets {
			if tg.Type == "User" {
				uid = tg.ID
			}
		}
		byUser[uid] = append(byUser[uid], e)
	}
	for _, c := range r.Changes {
		u, was := o.user(c.UserID), before[c.UserID]
		want := churnEvents[c.Kind]
		var evs []*LogEvent
		for _, e := range byUser[c.UserID] {
			if e.Published.Equal(c.At) {
				evs = append(evs, e)
			}
		}
		if len(evs) == 0 || evs[0].EventType != want.event {
			t.Errorf("%s of %s at %s: events %v", c.Kind, c.UserID, c.At, evs)
			continue
		}
		e := evs[0]
		var types []string
		for _, tg := range e.Targets {
			types = append(types, tg.Type)
		}
		if !slices.Equal(types, want.targets) || (want.byUser != (e.Actor.ID == c.UserID)) {
			t.Errorf("%s of %s: targets %v, actor %s", c.Kind, c.UserID, types, e.Actor.ID)
		}
		if err := checkChurned(o, c, u, &was, factorsBefore[c.UserID], e); err != nil {
			t.Errorf("%s of %s: %v", c.Kind, c.UserID, err)
		}
	}

	// Through the API: the first change of each kind.
	s := startSim(t, o, Options{Now: func() time.Time { return now }})
	seen := map[ChurnKind]bool{}
	for _, c := range r.Changes {
		if seen[c.Kind] {
			continue
		}
		seen[c.Kind] = true
		checkChurnOverHTTP(t, s, r, c)
	}
}

// checkChurned checks a change in the store; e is its first event.
func checkChurned(o *Org, c ChurnChange, u, was *User, factorsWere []*Factor, e *LogEvent) error {
	at := func(p *time.Time) bool { return p != nil && p.Equal(c.At) }
	statusIs := func(status string) error {
		if u.Status != status || !at(u.StatusChanged) || !u.LastUpdated.Equal(c.At) {
			return fmt.Errorf("status %s changed %v, updated %s", u.Status, u.StatusChanged, u.LastUpdated)
		}
		return nil
	}
	appUser := func(appID string) *AppUser {
		a := o.app(appID)
		if i := findSorted(a.Users, u.ID, appUserKey); i >= 0 {
			return &a.Users[i]
		}
		return nil
	}
	switch c.Kind {
	case ChurnSignIn:
		if !at(u.LastLogin) || u.LastUpdated != was.LastUpdated {
			return fmt.Errorf("lastLogin %v, lastUpdated %s", u.LastLogin, u.LastUpdated)
		}
	case ChurnProfileUpdated:
		if u.Profile["email"] == was.Profile["email"] || u.Profile["login"] != was.Profile["login"] || !u.LastUpdated.Equal(c.At) {
			return fmt.Errorf("email %v (was %v), updated %s", u.Profile["email"], was.Profile["email"], u.LastUpdated)
		}
	case ChurnGroupAdded, ChurnGroupRemoved:
		g := o.group(c.ObjectID)
		if g.Type != "OKTA_GROUP" || containsSorted(g.MemberIDs, u.ID) != (c.Kind == ChurnGroupAdded) || g.LastMembershipUpdated.Before(c.At) {
			return fmt.Errorf("group %s (%s) membership %v, updated %s", g.Name, g.Type, containsSorted(g.MemberIDs, u.ID), g.LastMembershipUpdated)
		}
		if e.Targets[1].ID != g.ID || e.Targets[1].DisplayName != g.Name {
			return fmt.Errorf("group target %+v", e.Targets[1])
		}
	case ChurnAppAssigned:
		if au := appUser(c.ObjectID); au == nil || au.Scope != "USER" || au.LastUpdated != c.At {
			return fmt.Errorf("app user %+v", au)
		}
		if e.Targets[1].ID != c.ObjectID {
			return fmt.Errorf("app target %+v", e.Targets[1])
		}
	case ChurnAppUnassigned:
		if au := appUser(c.ObjectID); au != nil {
			return fmt.Errorf("still app user %+v", au)
		}
	case ChurnFactorEnrolled:
		i := slices.IndexFunc(o.Factors[u.ID], func(f *Factor) bool { return f.ID == c.ObjectID })
		if i < 0 || len(o.Factors[u.ID]) != len(factorsWere)+1 {
			return fmt.Errorf("factor %s not added", c.ObjectID)
		}
		if f := o.Factors[u.ID][i]; f.Status != "ACTIVE" || !f.Created.Equal(c.At) || f.UserID != u.ID {
			return fmt.Errorf("factor %+v", f)
		}
	case ChurnFactorRemoved:
		if slices.ContainsFunc(o.Factors[u.ID], func(f *Factor) bool { return f.ID == c.ObjectID }) || len(o.Factors[u.ID]) != len(factorsWere)-1 {
			return fmt.Errorf("factor %s not removed", c.ObjectID)
		}
	case ChurnSuspended:
		if was.Status != "ACTIVE" {
			return fmt.Errorf("suspended a %s user", was.Status)
		}
		return statusIs("SUSPENDED")
	case ChurnUnsuspended:
		return statusIs("ACTIVE")
	case ChurnDeactivated:
		for _, a := range o.Apps {
			if au := appUser(a.ID); a.Status == "ACTIVE" && au != nil && au.Scope == "USER" {
				return fmt.Errorf("still directly assigned to %s", a.Label)
			}
		}
		if len(o.UserRoles[u.ID]) > 0 {
			return fmt.Errorf("an admin was deactivated")
		}
		return statusIs("DEPROVISIONED")
	case ChurnReactivated:
		if was.Status != "DEPROVISIONED" || !at(u.Activated) {
			return fmt.Errorf("reactivated a %s user, activated %v", was.Status, u.Activated)
		}
		return statusIs("PROVISIONED")
	case ChurnRoleGranted:
		rs := o.UserRoles[u.ID]
		if len(rs) != 1 || rs[0].ID != c.ObjectID || rs[0].AssignmentType != "USER" || rs[0].Type == "SUPER_ADMIN" || rs[0].Type == "ORG_ADMIN" {
			return fmt.Errorf("roles %+v", rs)
		}
	}
	return nil
}

// checkChurnOverHTTP reads a change back through the API.
func checkChurnOverHTTP(t *testing.T, s *Server, r ChurnReport, c ChurnChange) {
	t.Helper()
	want := churnEvents[c.Kind]
	evs := listLogsAll(t, s, map[string]string{
		"since":  r.Since.Format(time.RFC3339Nano),
		"until":  r.Until.Format(time.RFC3339Nano),
		"filter": fmt.Sprintf(`eventType eq %q and (target.id eq %q or actor.id eq %q)`, want.event, c.UserID, c.UserID),
	})
	var e map[string]any
	for _, ev := range evs {
		if ev["published"] == ts(c.At) {
			e = ev
		}
	}
	if e == nil {
		t.Errorf("%s of %s: no %s event at %s among %d", c.Kind, c.UserID, want.event, ts(c.At), len(evs))
		return
	}
	var got []string
	for _, tg := range e["target"].([]any) {
		m := tg.(map[string]any)
		got = append(got, fmt.Sprint(m["type"], ":", m["id"]))
	}
	var wantT []string
	for _, typ := range want.targets {
		id := c.UserID
		if typ != "User" {
			id = c.ObjectID
		}
		wantT = append(wantT, typ+":"+id)
	}
	if !slices.Equal(got, wantT) {
		t.Errorf("%s of %s: targets %v, want %v", c.Kind, c.UserID, got, wantT)
	}

	user := admin(t, s, "GET", "/api/v1/users/"+c.UserID, nil)
	wantStatus(t, user, 200)
	uo := user.object(t)
	switch c.Kind {
	case ChurnSignIn:
		if uo["lastLogin"] != ts(c.At) {
			t.Errorf("sign-in: lastLogin %v, want %s", uo["lastLogin"], ts(c.At))
		}
	case ChurnSuspended, ChurnUnsuspended, ChurnDeactivated, ChurnReactivated:
		if uo["statusChanged"] != ts(c.At) {
			t.Errorf("%s: status %v changed %v", c.Kind, uo["status"], uo["statusChanged"])
		}
	case ChurnProfileUpdated:
		if uo["lastUpdated"] != ts(c.At) || uo["profile"].(map[string]any)["email"] == uo["profile"].(map[string]any)["login"] {
			t.Errorf("profile %v updated %v", uo["profile"], uo["lastUpdated"])
		}
	case ChurnFactorEnrolled, ChurnFactorRemoved:
		var ids []string
		for _, f := range admin(t, s, "GET", "/api/v1/users/"+c.UserID+"/factors", nil).list(t) {
			ids = append(ids, f["id"].(string))
		}
		if slices.Contains(ids, c.ObjectID) != (c.Kind == ChurnFactorEnrolled) {
			t.Errorf("%s: factor %s, factors %v", c.Kind, c.ObjectID, ids)
		}
	case ChurnGroupAdded, ChurnGroupRemoved:
		var ids []string
		for _, g := range admin(t, s, "GET", "/api/v1/users/"+c.UserID+"/groups", nil).list(t) {
			ids = append(ids, g["id"].(string))
		}
		if slices.Contains(ids, c.ObjectID) != (c.Kind == ChurnGroupAdded) {
			t.Errorf("%s: group %s, groups %v", c.Kind, c.ObjectID, ids)
		}
	case ChurnAppAssigned:
		au := admin(t, s, "GET", "/api/v1/apps/"+c.ObjectID+"/users/"+c.UserID, nil)
		wantStatus(t, au, 200)
		if au.object(t)["scope"] != "USER" {
			t.Errorf("app user %s", au.body)
		}
	case ChurnAppUnassigned:
		wantStatus(t, admin(t, s, "GET", "/api/v1/apps/"+c.ObjectID+"/users/"+c.UserID, nil), 404)
	case ChurnRoleGranted:
		roles := admin(t, s, "GET", "/api/v1/users/"+c.UserID+"/roles", nil).list(t)
		if !slices.ContainsFunc(roles, func(r map[string]any) bool { return r["id"] == c.ObjectID && r["assignmentType"] == "USER" }) {
			t.Errorf("roles %v", roles)
		}
	}
}
