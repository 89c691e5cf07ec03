package directory

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

func simClient(t *testing.T, sim *oktasim.Server) *okta.Client {
	t.Helper()
	c, err := okta.New(okta.Config{OrgURL: sim.URL(), APIToken: sim.AdminToken(), MaxConcurrency: 16})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fullCompact is what a fresh full scan of the simulated org exports.
func fullCompact(t *testing.T, sim *oktasim.Server) (*Compact, map[string]int64) {
	t.Helper()
	s := New(simClient(t, sim), Options{Concurrency: 16})
	if err := s.LoadAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	c, err := s.Export("org", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return c, s.Stats()
}

func logEvent(org *oktasim.Org, at time.Time, typ string, actor string, targets ...oktasim.LogParty) {
	org.Logs = append(org.Logs, &oktasim.LogEvent{
		UUID: fmt.Sprintf("replay-%d-%s", len(org.Logs), typ), Published: at.UTC(), EventType: typ,
		Severity: "INFO", OutcomeResult: "SUCCESS", Actor: oktasim.LogParty{ID: actor, Type: "User"}, Targets: targets,
	})
}

// TestReplayEqualsAFullScan changes a simulated org the way a day of activity
// does, logs each change as Okta would, and checks that a snapshot seeded from
// before the changes and brought current by Replay equals a fresh full scan,
// for far fewer requests.
func TestReplayEqualsAFullScan(t *testing.T) {
	now := time.Now().UTC()
	org := fixtures.Generate(fixtures.GenerateOptions{Users: 300, Groups: 20, Apps: 15, Seed: 7, Now: now.Add(-time.Hour)})
	sim, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, Concurrency: ratelimit.DefaultConcurrency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)

	before, firstStats := fullCompact(t, sim)
	taken := time.Now().UTC()
	encoded, err := before.Encode()
	if err != nil {
		t.Fatal(err)
	}

	// A day of changes, each with its event.
	org.Lock()
	at := taken
	var active []*oktasim.User
	for _, u := range org.Users {
		if u.Status == "ACTIVE" {
			active = append(active, u)
		}
	}
	userTarget := func(u *oktasim.User) oktasim.LogParty { return oktasim.LogParty{ID: u.ID, Type: "User"} }
	// A factor enrolled.
	enrolled := active[0]
	org.Factors[enrolled.ID] = append(org.Factors[enrolled.ID], &oktasim.Factor{
		ID: "mfzreplay0000000001", UserID: enrolled.ID, FactorType: "webauthn", Provider: "FIDO", Status: "ACTIVE", Created: at, LastUpdated: at,
	})
	logEvent(org, at, "user.mfa.factor.activate", enrolled.ID, userTarget(enrolled))
	// A user suspended.
	suspended := active[1]
	suspended.Status, suspended.LastUpdated = "SUSPENDED", at
	suspended.StatusChanged = &at
	logEvent(org, at, "user.lifecycle.suspend", "admin", userTarget(suspended))
	// A sign-in.
	signedIn := active[2]
	signedIn.LastLogin = &at
	logEvent(org, at, "user.session.start", signedIn.ID)
	// A membership added to a group that is assigned to an app, and one removed.
	var assigned *oktasim.Group
	var viaApp *oktasim.App
	for _, a := range org.Apps {
		for _, ag := range a.Groups {
			for _, g := range org.Groups {
				if g.ID == ag.GroupID && g.Type == "OKTA_GROUP" && !slices.Contains(g.MemberIDs, active[3].ID) {
					assigned, viaApp = g, a
				}
			}
		}
	}
	if assigned == nil {
		t.Fatal("the generated org has no OKTA_GROUP assigned to an app")
	}
	joiner := active[3]
	i, _ := slices.BinarySearch(assigned.MemberIDs, joiner.ID)
	assigned.MemberIDs = slices.Insert(assigned.MemberIDs, i, joiner.ID)
	logEvent(org, at, "group.user_membership.add", "admin", userTarget(joiner), oktasim.LogParty{ID: assigned.ID, Type: "UserGroup"})
	leaver := assigned.MemberIDs[0]
	if leaver == joiner.ID {
		leaver = assigned.MemberIDs[1]
	}
	assigned.MemberIDs = slices.DeleteFunc(assigned.MemberIDs, func(id string) bool { return id == leaver })
	logEvent(org, at, "group.user_membership.remove", "admin", oktasim.LogParty{ID: leaver, Type: "User"}, oktasim.LogParty{ID: assigned.ID, Type: "UserGroup"})
	// A direct app assignment removed.
	var direct *oktasim.App
	for _, a := range org.Apps {
		if len(a.Users) > 0 && a != viaApp {
			direct = a
			break
		}
	}
	if direct == nil {
		t.Fatal("the generated org has no direct app assignment")
	}
	removed := direct.Users[0].UserID
	direct.Users = direct.Users[1:]
	logEvent(org, at, "application.user_membership.remove", "admin", oktasim.LogParty{ID: removed, Type: "User"}, oktasim.LogParty{ID: direct.ID, Type: "AppInstance"})
	// Noise the replay must not read.
	logEvent(org, at, "policy.lifecycle.update", "admin")
	org.Unlock()

	after, _ := fullCompact(t, sim)

	stored, err := DecodeCompact(encoded)
	if err != nil {
		t.Fatal(err)
	}
	s := New(simClient(t, sim), Options{Concurrency: 16})
	s.Seed(stored)
	st, seen, err := s.Replay(t.Context(), taken, time.Now().Add(2*time.Second), nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Events != 6 {
		t.Errorf("events replayed: %d, want the 6 relevant ones (%+v)", st.Events, st)
	}
	if len(seen) != 6 {
		t.Errorf("seen after the replay: %v, want the 6 events of the last %s", seen, ReplayOverlap)
	}
	again, _, err := New(simClient(t, sim), Options{}).withSeed(stored).Replay(t.Context(), taken, time.Now().Add(2*time.Second), seen)
	if err != nil || again.Events != 0 {
		t.Errorf("replaying with the seen list: %+v, %v; want no event to apply", again, err)
	}
	if st.SignInsApplied != 1 || st.MembershipsApplied != 2 {
		t.Errorf("applied without requests: %+v, want 1 sign-in and 2 memberships", st)
	}
	got, err := s.Export("org", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	compareCompact(t, got, after)

	stats := s.Stats()
	var replayed, first int64
	for _, n := range stats {
		replayed += n
	}
	for _, n := range firstStats {
		first += n
	}
	// The log read, two users refetched (suspended; the enrolled user's factors),
	// their factor lists, and one assignment per changed membership of an
	// app-assigned group plus the removed direct assignment.
	if replayed > 12 {
		t.Errorf("replay made %d source calls (%v); the full scan made %d", replayed, stats, first)
	}
	if stats[MethodListUsers] != 0 || stats[MethodListGroupMemberIDs] != 0 || stats[MethodListAppUsers] != 0 {
		t.Errorf("replay listed whole collections: %v", stats)
	}
}

func compareCompact(t *testing.T, got, want *Compact) {
	t.Helper()
	if !reflect.DeepEqual(got.Users, want.Users) {
		for i := range min(len(got.Users), len(want.Users)) {
			if !reflect.DeepEqual(got.Users[i], want.Users[i]) {
				t.Errorf("user %d: got %+v, want %+v", i, got.Users[i], want.Users[i])
				break
			}
		}
		t.Errorf("users differ (%d vs %d)", len(got.Users), len(want.Users))
	}
	for name, pair := range map[string][2]any{
		"factors":    {got.Factors, want.Factors},
		"members":    {got.Members, want.Members},
		"app users":  {got.AppUsers, want.AppUsers},
		"app groups": {got.AppGroups, want.AppGroups},
		"groups":     {got.Groups, want.Groups},
		"apps":       {got.Apps, want.Apps},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s differ from a full scan", name)
		}
	}
}

func TestReplayReportsALogGap(t *testing.T) {
	s := New(seededFake(), Options{})
	now := time.Now()
	_, _, err := s.Replay(t.Context(), now.Add(-91*24*time.Hour), now, nil)
	if !errors.Is(err, ErrLogGap) {
		t.Fatalf("err %v, want ErrLogGap", err)
	}
}

func TestCompactRoundTripTrimsProfilesAndSecrets(t *testing.T) {
	f := seededFake()
	f.users[0].Profile["mobilePhone"] = "+1 555 0100"
	f.apps[1].OAuth.ClientSecret = "s3cret"
	s := New(f, Options{})
	ctx := t.Context()
	if _, err := s.Users(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserGroupIDs(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AllAppAssignments(ctx, []string{"0oa1", "0oa2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apps(ctx); err != nil {
		t.Fatal(err)
	}
	c, err := s.Export("00o1", time.Unix(100, 0), time.Unix(200, 0))
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeCompact(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range back.Users {
		if _, ok := u.Profile["mobilePhone"]; ok {
			t.Errorf("user %s kept a profile attribute oktagate does not read", u.ID)
		}
		if u.Profile["login"] == "" {
			t.Errorf("user %s lost its login", u.ID)
		}
	}
	for _, a := range back.Apps {
		if a.OAuth != nil && a.OAuth.ClientSecret != "" {
			t.Errorf("app %s kept its client secret", a.ID)
		}
	}
	if f.apps[1].OAuth.ClientSecret != "s3cret" {
		t.Error("Export changed the snapshot's own app")
	}
	if len(back.Members["00g2"]) != 2 || back.OrgID != "00o1" || !back.Cursor.Equal(time.Unix(200, 0)) {
		t.Errorf("round trip lost data: members %v, org %q, cursor %v", back.Members["00g2"], back.OrgID, back.Cursor)
	}

	// A seeded snapshot answers without a request.
	f2 := newFake()
	s2 := New(f2, Options{})
	s2.Seed(back)
	users, err := s2.Users(ctx)
	if err != nil || len(users) != 5 {
		t.Fatalf("seeded users: %d, %v", len(users), err)
	}
	if ms, err := s2.GroupMemberIDs(ctx, "00g2"); err != nil || len(ms) != 2 {
		t.Fatalf("seeded members: %v, %v", ms, err)
	}
	if n := f2.total(MethodListUsers) + f2.total(MethodListGroupMemberIDs); n != 0 {
		t.Errorf("a seeded snapshot made %d requests", n)
	}

	if _, err := DecodeCompact([]byte("not gzip")); !errors.Is(err, ErrCompactUnusable) {
		t.Errorf("corrupt data: %v, want ErrCompactUnusable", err)
	}
}

func (s *Snapshot) withSeed(c *Compact) *Snapshot {
	s.Seed(c)
	return s
}
