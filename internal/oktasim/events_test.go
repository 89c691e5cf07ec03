package oktasim

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestAppendLogsKeepsOrderAndUniqueUUIDs(t *testing.T) {
	o := logOrg() // ten events, testNow-10h … testNow-1h
	first := NewLogEvent(testNow, EventUserSuspend, SystemActor, "")
	second := NewLogEvent(testNow, EventUserUnsuspend, SystemActor, "")
	o.AppendLogs(first, second)
	// An event older than the newest is merged in, not appended.
	late := NewLogEvent(testNow.Add(-150*time.Minute), EventGroupCreate, SystemActor, "")
	o.AppendLogs(late)
	// A batch given out of time order is still sorted.
	b1 := NewLogEvent(testNow.Add(-30*time.Minute), EventAppCreate, SystemActor, "")
	b0 := NewLogEvent(testNow.Add(-9*time.Hour-time.Minute), EventAppDelete, SystemActor, "")
	o.AppendLogs(b1, b0)

	if len(o.Logs) != 15 {
		t.Fatalf("%d events, want 15", len(o.Logs))
	}
	seen := map[string]bool{}
	for i, e := range o.Logs {
		if seen[e.UUID] {
			t.Errorf("event %d: uuid %q repeated", i, e.UUID)
		}
		seen[e.UUID] = true
		if i > 0 && logOrder(o.Logs[i-1], e) >= 0 {
			t.Errorf("events %d and %d out of order: %s %s, %s %s", i-1, i,
				o.Logs[i-1].Published, o.Logs[i-1].UUID, e.Published, e.UUID)
		}
	}
	for _, e := range []*LogEvent{first, second, late, b0, b1} {
		if len(e.UUID) != 36 || e.UUID[14] != '4' || !strings.ContainsRune("89ab", rune(e.UUID[19])) {
			t.Errorf("uuid %q is not version-4 shaped", e.UUID)
		}
	}
	at := func(e *LogEvent) int { return slices.Index(o.Logs, e) }
	// Events logged at the same instant keep the order they were logged in.
	if at(first) != 13 || at(second) != 14 {
		t.Errorf("same-instant events at %d and %d, want 13 and 14", at(first), at(second))
	}
	if at(late) != 9 || at(b0) != 1 || at(b1) != 12 {
		t.Errorf("merged events at %d, %d, %d; want 9, 1, 12", at(late), at(b0), at(b1))
	}
	if first.DisplayMessage != "Suspend Okta user" || first.Severity != "INFO" || first.OutcomeResult != "SUCCESS" {
		t.Errorf("event shape %+v", first)
	}
	// Another org's n-th event has another uuid.
	if logUUID("00oA", 3, first) == logUUID("00oB", 3, first) {
		t.Error("uuids do not depend on the org")
	}
}

// eventOrg: an admin with an API token, two more users, a group, a bookmark
// app and an OAuth service app.
func eventOrg() *Org {
	o := NewOrg()
	addUser(o, "00u1", "ann", "ACTIVE")
	addUser(o, "00u2", "bob", "ACTIVE")
	addUser(o, "00u3", "carol", "ACTIVE")
	o.Users[1].Profile["displayName"] = "Bob Builder"
	addUserRole(o, "00u1", "rau1", "SUPER_ADMIN")
	addToken(o, "00T1", "00u1", "tok-ann")
	o.Groups = []*Group{{ID: "00g1", Type: "OKTA_GROUP", Name: "Engineering", Created: testNow.Add(-time.Hour)}}
	o.Apps = []*App{
		{ID: "0oa1", Name: "bookmark", Label: "Wiki", Status: "ACTIVE", SignOnMode: "BOOKMARK", Created: testNow.Add(-time.Hour)},
		{ID: "0oa2", Name: "oidc_client", Label: "Scanner", Status: "ACTIVE", SignOnMode: "OPENID_CONNECT", Created: testNow.Add(-time.Hour),
			OAuth: &OAuthClient{ClientID: "0oa2", ApplicationType: "service", TokenEndpointAuthMethod: "private_key_jwt"}},
	}
	return o
}

// wantTarget is a target's type, id and alternateId ("" when not checked).
type wantTarget struct{ typ, id, alt string }

func (w wantTarget) String() string { return w.typ + ":" + w.id + ":" + w.alt }

func targetsOf(e *LogEvent) []wantTarget {
	out := make([]wantTarget, 0, len(e.Targets))
	for _, tg := range e.Targets {
		out = append(out, wantTarget{tg.Type, tg.ID, tg.AlternateID})
	}
	return out
}

type wantEvent struct {
	typ     string
	targets []wantTarget
}

// logged runs write and returns the events it logged, in log order.
func logged(t *testing.T, s *Server, write func()) []*LogEvent {
	t.Helper()
	s.org.RLock()
	before := map[string]bool{}
	for _, e := range s.org.Logs {
		before[e.UUID] = true
	}
	s.org.RUnlock()
	write()
	s.org.RLock()
	defer s.org.RUnlock()
	var out []*LogEvent
	for _, e := range s.org.Logs {
		if !before[e.UUID] {
			out = append(out, e)
		}
	}
	return out
}

func checkLogged(t *testing.T, what string, got []*LogEvent, actor LogParty, want ...wantEvent) {
	t.Helper()
	if len(got) != len(want) {
		var types []string
		for _, e := range got {
			types = append(types, e.EventType)
		}
		t.Errorf("%s: logged %v, want %d events", what, types, len(want))
		return
	}
	for i, w := range want {
		e := got[i]
		if e.EventType != w.typ || fmt.Sprint(targetsOf(e)) != fmt.Sprint(w.targets) {
			t.Errorf("%s: event %d is %s %v, want %s %v", what, i, e.EventType, targetsOf(e), w.typ, w.targets)
		}
		if e.Actor != actor || !e.Published.Equal(testNow) || e.OutcomeResult != "SUCCESS" || e.DisplayMessage == "" || e.ClientIP != "127.0.0.1" {
			t.Errorf("%s: event %d actor %+v at %s, outcome %s, message %q, ip %q", what, i, e.Actor, e.Published, e.OutcomeResult, e.DisplayMessage, e.ClientIP)
		}
	}
}

func TestAPIWritesLogTheirEvents(t *testing.T) {
	s := startSim(t, eventOrg(), Options{})
	ann := LogParty{ID: "00u1", Type: "User", AlternateID: "ann@example.com", DisplayName: "Ann Tester"}
	user := func(id, login string) wantTarget { return wantTarget{"User", id, login} }
	bob, carol := user("00u2", "bob@example.com"), user("00u3", "carol@example.com")
	eng := wantTarget{"UserGroup", "00g1", "unknown"}
	wiki, scanner := wantTarget{"AppInstance", "0oa1", "Wiki"}, wantTarget{"AppInstance", "0oa2", "Scanner"}
	do := func(method, path string, body any, status int) func() {
		return func() { t.Helper(); wantStatus(t, admin(t, s, method, path, body), status) }
	}

	// A user created active, with a password, in a group.
	var dave map[string]any
	got := logged(t, s, func() {
		r := admin(t, s, "POST", "/api/v1/users?activate=true", map[string]any{
			"profile":     map[string]any{"login": "dave@example.com", "email": "dave@example.com", "firstName": "Dave", "lastName": "Doe"},
			"credentials": map[string]any{"password": map[string]any{"value": "Sup3r-secret!"}},
			"groupIds":    []string{"00g1"},
		})
		wantStatus(t, r, 200)
		dave = r.object(t)
	})
	daveID := as[string](t, dave["id"])
	daveT := user(daveID, "dave@example.com")
	checkLogged(t, "create user", got, ann,
		wantEvent{EventUserCreate, []wantTarget{daveT}},
		wantEvent{EventUserActivate, []wantTarget{daveT}},
		wantEvent{EventGroupMemberAdd, []wantTarget{daveT, eng}})
	if got[0].Targets[0].DisplayName != "Dave Doe" {
		t.Errorf("user target display name %q", got[0].Targets[0].DisplayName)
	}
	for _, e := range got {
		if strings.Contains(fmt.Sprintf("%+v", e), "Sup3r-secret!") {
			t.Fatal("a password reached the System Log")
		}
	}

	// Profile and status changes; a request that changes nothing logs nothing.
	checkLogged(t, "profile", logged(t, s, do("POST", "/api/v1/users/00u2", map[string]any{"profile": map[string]any{"email": "bob@new.example.com"}}, 200)),
		ann, wantEvent{EventUserUpdateProfile, []wantTarget{bob}})
	if got := logged(t, s, do("POST", "/api/v1/users/00u2", map[string]any{"profile": map[string]any{"email": "bob@new.example.com"}}, 200)); len(got) != 0 {
		t.Errorf("an unchanged profile logged %d events", len(got))
	}
	checkLogged(t, "password", logged(t, s, do("POST", "/api/v1/users/00u2", map[string]any{"credentials": map[string]any{"password": map[string]any{"value": "An0ther-one!"}}}, 200)),
		ann, wantEvent{EventUserUpdatePassword, []wantTarget{bob}})
	for _, step := range []struct{ op, event string }{
		{"suspend", EventUserSuspend}, {"unsuspend", EventUserUnsuspend}, {"deactivate", EventUserDeactivate}, {"activate", EventUserActivate},
	} {
		checkLogged(t, step.op, logged(t, s, do("POST", "/api/v1/users/00u3/lifecycle/"+step.op, nil, 200)),
			ann, wantEvent{step.event, []wantTarget{carol}})
	}
	if got := logged(t, s, do("POST", "/api/v1/users/00u2/lifecycle/unsuspend", nil, 400)); len(got) != 0 {
		t.Errorf("a refused unsuspend logged %d events", len(got))
	}

	// Memberships: adding a member twice logs once.
	checkLogged(t, "add member", logged(t, s, do("PUT", "/api/v1/groups/00g1/users/00u2", nil, 204)),
		ann, wantEvent{EventGroupMemberAdd, []wantTarget{bob, eng}})
	if got := logged(t, s, do("PUT", "/api/v1/groups/00g1/users/00u2", nil, 204)); len(got) != 0 {
		t.Errorf("re-adding a member logged %d events", len(got))
	}
	checkLogged(t, "remove member", logged(t, s, do("DELETE", "/api/v1/groups/00g1/users/00u2", nil, 204)),
		ann, wantEvent{EventGroupMemberRemove, []wantTarget{bob, eng}})

	// Groups.
	var sales string
	got = logged(t, s, func() {
		r := admin(t, s, "POST", "/api/v1/groups", map[string]any{"profile": map[string]any{"name": "Sales"}})
		wantStatus(t, r, 200)
		sales = as[string](t, r.object(t)["id"])
	})
	salesT := wantTarget{"UserGroup", sales, "unknown"}
	checkLogged(t, "create group", got, ann, wantEvent{EventGroupCreate, []wantTarget{salesT}})

	// App assignments.
	checkLogged(t, "assign user", logged(t, s, do("PUT", "/api/v1/apps/0oa1/users/00u2", map[string]any{}, 200)),
		ann, wantEvent{EventAppUserAdd, []wantTarget{bob, wiki}})
	checkLogged(t, "unassign user", logged(t, s, do("DELETE", "/api/v1/apps/0oa1/users/00u2", nil, 204)),
		ann, wantEvent{EventAppUserRemove, []wantTarget{bob, wiki}})
	checkLogged(t, "assign group", logged(t, s, do("PUT", "/api/v1/apps/0oa1/groups/"+sales, map[string]any{}, 200)),
		ann, wantEvent{EventGroupAppAssignAdd, []wantTarget{wiki, salesT}})
	checkLogged(t, "unassign group", logged(t, s, do("DELETE", "/api/v1/apps/0oa1/groups/"+sales, nil, 204)),
		ann, wantEvent{EventGroupAppAssignRemove, []wantTarget{wiki, salesT}})
	checkLogged(t, "delete group", logged(t, s, do("DELETE", "/api/v1/groups/"+sales, nil, 204)),
		ann, wantEvent{EventGroupDelete, []wantTarget{salesT}})

	// Roles of users, groups and clients.
	var roleID string
	got = logged(t, s, func() {
		r := admin(t, s, "POST", "/api/v1/users/00u2/roles", map[string]any{"type": "READ_ONLY_ADMIN"})
		wantStatus(t, r, 201)
		roleID = as[string](t, r.object(t)["id"])
	})
	checkLogged(t, "grant user role", got, ann, wantEvent{EventUserPrivilegeGrant, []wantTarget{bob}})
	checkLogged(t, "revoke user role", logged(t, s, do("DELETE", "/api/v1/users/00u2/roles/"+roleID, nil, 204)),
		ann, wantEvent{EventUserPrivilegeRevoke, []wantTarget{bob}})
	checkLogged(t, "grant group role", logged(t, s, do("POST", "/api/v1/groups/00g1/roles", map[string]any{"type": "HELP_DESK_ADMIN"}, 201)),
		ann, wantEvent{EventGroupPrivilegeGrant, []wantTarget{eng}})
	checkLogged(t, "grant client role", logged(t, s, do("POST", "/oauth2/v1/clients/0oa2/roles", map[string]any{"type": "READ_ONLY_ADMIN"}, 201)),
		ann, wantEvent{EventClientPrivilegeGrant, []wantTarget{scanner}})

	// Scope grants.
	var grantID string
	got = logged(t, s, func() {
		r := admin(t, s, "POST", "/api/v1/apps/0oa2/grants", map[string]any{"issuer": "https://sim.okta.com", "scopeId": "okta.users.read"})
		wantStatus(t, r, 201)
		grantID = as[string](t, r.object(t)["id"])
	})
	scope := wantTarget{"OAuth2Scope", grantID, "okta.users.read"}
	checkLogged(t, "grant scope", got, ann, wantEvent{EventConsentGrant, []wantTarget{scanner, scope}})
	checkLogged(t, "revoke scope", logged(t, s, do("DELETE", "/api/v1/apps/0oa2/grants/"+grantID, nil, 204)),
		ann, wantEvent{EventConsentRevoke, []wantTarget{scanner, scope}})

	// Apps: created active, then deactivated and deleted.
	var appID string
	got = logged(t, s, func() {
		r := admin(t, s, "POST", "/api/v1/apps", map[string]any{"name": "bookmark", "label": "Handbook", "signOnMode": "BOOKMARK",
			"settings": map[string]any{"app": map[string]any{"url": "https://handbook.example.com"}}})
		wantStatus(t, r, 200)
		appID = as[string](t, r.object(t)["id"])
	})
	handbook := wantTarget{"AppInstance", appID, "Handbook"}
	checkLogged(t, "create app", got, ann, wantEvent{EventAppCreate, []wantTarget{handbook}}, wantEvent{EventAppActivate, []wantTarget{handbook}})
	checkLogged(t, "deactivate app", logged(t, s, do("POST", "/api/v1/apps/"+appID+"/lifecycle/deactivate", nil, 200)),
		ann, wantEvent{EventAppDeactivate, []wantTarget{handbook}})
	checkLogged(t, "delete app", logged(t, s, do("DELETE", "/api/v1/apps/"+appID, nil, 204)),
		ann, wantEvent{EventAppDelete, []wantTarget{handbook}})

	// Deleting a user: first a deactivation, then the deletion.
	checkLogged(t, "delete active user", logged(t, s, do("DELETE", "/api/v1/users/"+daveID, nil, 204)),
		ann, wantEvent{EventUserDeactivate, []wantTarget{daveT}})
	checkLogged(t, "delete deprovisioned user", logged(t, s, do("DELETE", "/api/v1/users/"+daveID, nil, 204)),
		ann, wantEvent{EventUserDeleteInitiated, []wantTarget{daveT}}, wantEvent{EventUserDeleteCompleted, []wantTarget{daveT}})

	// The events come back through the System Log API, filtered by type and
	// target, with their targets.
	evs := listLogsAll(t, s, map[string]string{
		"since":  testNow.Add(-time.Minute).Format(time.RFC3339),
		"until":  testNow.Add(time.Millisecond).Format(time.RFC3339Nano),
		"filter": `eventType eq "group.user_membership.add" and target.id eq "00u2"`,
	})
	if len(evs) != 1 {
		t.Fatalf("filtered log: %d events, want bob's one membership", len(evs))
	}
	targets := as[[]any](t, evs[0]["target"])
	if len(targets) != 2 {
		t.Fatalf("targets %v", targets)
	}
	tu, tg := as[map[string]any](t, targets[0]), as[map[string]any](t, targets[1])
	if tu["type"] != "User" || tu["id"] != "00u2" || tu["alternateId"] != "bob@example.com" || tu["displayName"] != "Bob Builder" ||
		tg["type"] != "UserGroup" || tg["id"] != "00g1" || tg["displayName"] != "Engineering" {
		t.Errorf("targets %v", targets)
	}
	if a := as[map[string]any](t, evs[0]["actor"]); a["id"] != "00u1" || a["type"] != "User" || a["alternateId"] != "ann@example.com" {
		t.Errorf("actor %v", a)
	}
	all := listLogsAll(t, s, map[string]string{
		"since": testNow.Add(-time.Minute).Format(time.RFC3339), "until": testNow.Add(time.Millisecond).Format(time.RFC3339Nano),
	})
	if len(all) < 30 || all[0]["eventType"] != EventUserCreate || all[len(all)-1]["eventType"] != EventUserDeleteCompleted {
		t.Errorf("%d events from %v to %v, want the writes in the order they were made", len(all), all[0]["eventType"], all[len(all)-1]["eventType"])
	}
}

// TestWritesWithoutAUserAreTheSystems: the bootstrap token belongs to no user,
// so its writes are logged as Okta's system principal's.
func TestWritesWithoutAUserAreTheSystems(t *testing.T) {
	o := NewOrg()
	addUser(o, "00u1", "ann", "ACTIVE")
	s := startSim(t, o, Options{})
	got := logged(t, s, func() {
		wantStatus(t, admin(t, s, "POST", "/api/v1/users/00u1/lifecycle/suspend", nil), 200)
	})
	checkLogged(t, "suspend", got, SystemActor, wantEvent{EventUserSuspend, []wantTarget{{"User", "00u1", "ann@example.com"}}})
}

// listLogsAll follows a bounded log query's pages.
func listLogsAll(t *testing.T, s *Server, params map[string]string) []map[string]any {
	t.Helper()
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	q.Set("limit", "1000")
	var out []map[string]any
	next := s.URL() + "/api/v1/logs?" + q.Encode()
	for pages := 0; next != ""; pages++ {
		if pages > 100 {
			t.Fatal("log pages never end")
		}
		r := send(t, "GET", next, "SSWS "+s.AdminToken(), nil)
		wantStatus(t, r, 200)
		out = append(out, r.list(t)...)
		next = r.nextLink()
	}
	return out
}
