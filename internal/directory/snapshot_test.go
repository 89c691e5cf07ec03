package directory

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func userIDs(us []okta.User) []string { return ids(us, func(u okta.User) string { return u.ID }) }

// TestEachCollectionFetchedOnce runs 50 concurrent callers per collection and
// checks the source was asked once per key.
func TestEachCollectionFetchedOnce(t *testing.T) {
	f := seededFake()
	f.delay = 2 * time.Millisecond // widen the window in which callers overlap
	s := New(f, Options{})
	ctx := t.Context()

	cases := []struct {
		name   string
		get    func() error
		method string
		keys   []string
	}{
		{"Users", func() error { _, err := s.Users(ctx); return err }, MethodListUsers, []string{"", `status eq "DEPROVISIONED"`}},
		{"Factors", func() error { _, err := s.Factors(ctx, "00u1"); return err }, MethodListUserFactors, []string{"00u1"}},
		{"FactorsOf", func() error { _, err := s.FactorsOf(ctx, []string{"00u2", "00u3"}); return err }, MethodListUserFactors, []string{"00u2", "00u3"}},
		{"Groups", func() error { _, err := s.Groups(ctx); return err }, MethodListGroups, []string{""}},
		{"GroupMemberIDs", func() error { _, err := s.GroupMemberIDs(ctx, "00g1"); return err }, MethodListGroupMemberIDs, []string{"00g1"}},
		{"UserGroupIDs", func() error { _, err := s.UserGroupIDs(ctx); return err }, MethodListGroupMemberIDs, []string{"00g0", "00g1", "00g2", "00g3"}},
		{"Apps", func() error { _, err := s.Apps(ctx); return err }, MethodListApps, []string{""}},
		{"AppUsers", func() error { _, err := s.AppUsers(ctx, "0oa1"); return err }, MethodListAppUsers, []string{"0oa1"}},
		{"AppGroups", func() error { _, err := s.AppGroups(ctx, "0oa1"); return err }, MethodListAppGroups, []string{"0oa1"}},
		{"AppGrants", func() error { _, err := s.AppGrants(ctx, "0oa1"); return err }, MethodListAppGrants, []string{"0oa1"}},
		{"ClientRoles", func() error { _, err := s.ClientRoles(ctx, "cli1"); return err }, MethodListClientRoles, []string{"cli1"}},
		{"UserRoles", func() error { _, err := s.UserRoles(ctx, "00u1"); return err }, MethodListUserRoles, []string{"00u1"}},
		{"GroupRoles", func() error { _, err := s.GroupRoles(ctx, "00g1"); return err }, MethodListGroupRoles, []string{"00g1"}},
		{"APITokens", func() error { _, err := s.APITokens(ctx); return err }, MethodListAPITokens, []string{""}},
		{"Org", func() error { _, err := s.Org(ctx); return err }, MethodGetOrgMetadata, []string{""}},
		{"AllAppAssignments", func() error { _, _, err := s.AllAppAssignments(ctx, []string{"0oa1", "0oa2"}); return err }, MethodListAppUsers, []string{"0oa1", "0oa2"}},
		{"UserByLogin", func() error { _, _, err := s.UserByLogin(ctx, "bob@acme.com"); return err }, MethodListUsers, []string{"", `status eq "DEPROVISIONED"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var wg sync.WaitGroup
			errs := make(chan error, 50)
			for range 50 {
				wg.Go(func() { errs <- tc.get() })
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			for _, k := range tc.keys {
				if n := f.count(tc.method, k); n != 1 {
					t.Errorf("%s %q called %d times, want 1", tc.method, k, n)
				}
			}
		})
	}
	if n := f.count(MethodListGroups, ""); n != 1 {
		t.Errorf("ListGroups called %d times after UserGroupIDs, want 1", n)
	}
}

func TestUsersIncludesDeprovisioned(t *testing.T) {
	f := seededFake()
	s := New(f, Options{})
	got, err := s.Users(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"00u1", "00u2", "00u3", "00u4", "00u5"}
	if !slices.Equal(userIDs(got), want) {
		t.Fatalf("Users = %v, want %v", userIDs(got), want)
	}
	if n := f.count(MethodListUsers, `status eq "DEPROVISIONED"`); n != 1 {
		t.Errorf("deprovisioned search made %d times, want 1", n)
	}
	if !maps.Equal(s.Stats(), map[string]int64{MethodListUsers: 2}) {
		t.Errorf("Stats = %v", s.Stats())
	}
	// The fake's own slice keeps its order: the snapshot sorts a copy.
	if f.users[0].ID != "00u3" {
		t.Errorf("source slice was reordered: %v", userIDs(f.users))
	}
}

func TestMergeUsersPrefersLatestCopy(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	older := okta.User{ID: "00u1", Status: "ACTIVE", LastUpdated: t0}
	newer := okta.User{ID: "00u1", Status: "DEPROVISIONED", LastUpdated: t0.Add(time.Minute)}
	other := okta.User{ID: "00u0", Status: "ACTIVE"}
	got := mergeUsers([]okta.User{older, other}, []okta.User{newer, newer})
	if len(got) != 2 || got[0].ID != "00u0" || got[1].Status != "DEPROVISIONED" {
		t.Fatalf("mergeUsers = %+v", got)
	}
	got = mergeUsers([]okta.User{newer}, []okta.User{older})
	if len(got) != 1 || got[0].Status != "DEPROVISIONED" {
		t.Fatalf("mergeUsers (reversed) = %+v", got)
	}
}

// TestFailureNotCachedAndShared blocks one fetch with several callers waiting
// on it, fails it, and checks every waiter got the error and the next caller
// fetched again.
func TestFailureNotCachedAndShared(t *testing.T) {
	f := seededFake()
	f.gate = make(chan struct{})
	f.setErr(MethodListGroups, "", errBoom)
	s := New(f, Options{})
	ctx := t.Context()

	const callers = 10
	errs := make(chan error, callers)
	for range callers {
		go func() {
			_, err := s.Groups(ctx)
			errs <- err
		}()
	}
	waitFor(t, "callers to join the fetch", func() bool { return waiters(&s.groups, "") == callers })
	close(f.gate)
	for range callers {
		if err := <-errs; !errors.Is(err, errBoom) {
			t.Fatalf("waiter got %v, want %v", err, errBoom)
		}
	}
	if n := f.count(MethodListGroups, ""); n != 1 {
		t.Fatalf("ListGroups called %d times for one shared fetch", n)
	}

	f.setErr(MethodListGroups, "", nil)
	groups, err := s.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 4 {
		t.Fatalf("got %d groups", len(groups))
	}
	if n := f.count(MethodListGroups, ""); n != 2 {
		t.Fatalf("ListGroups called %d times, want a retry after the failure", n)
	}
	if _, err := s.Groups(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.count(MethodListGroups, ""); n != 2 {
		t.Fatalf("success not cached: ListGroups called %d times", n)
	}
}

func TestUsersFailsWhenEitherListFails(t *testing.T) {
	f := seededFake()
	f.setErr(MethodListUsers, `status eq "DEPROVISIONED"`, errBoom)
	s := New(f, Options{})
	if _, err := s.Users(t.Context()); !errors.Is(err, errBoom) {
		t.Fatalf("Users error = %v, want %v", err, errBoom)
	}
	if _, _, err := s.UserByID(t.Context(), "00u1"); !errors.Is(err, errBoom) {
		t.Fatalf("UserByID error = %v, want %v", err, errBoom)
	}
	f.setErr(MethodListUsers, `status eq "DEPROVISIONED"`, nil)
	u, ok, err := s.UserByID(t.Context(), "00u4")
	if err != nil || !ok || u.Status != "DEPROVISIONED" {
		t.Fatalf("UserByID after recovery = %+v, %v, %v", u, ok, err)
	}
}

func TestFactorsMemoizedAcrossCalls(t *testing.T) {
	f := seededFake()
	s := New(f, Options{Concurrency: 2})
	ctx := t.Context()

	got, err := s.FactorsOf(ctx, []string{"00u3", "00u1", "00u2", "00u1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("FactorsOf returned %d users, want 3", len(got))
	}
	if fs := ids(got["00u1"], func(f okta.Factor) string { return f.ID }); !slices.Equal(fs, []string{"f1", "f2"}) {
		t.Errorf("factors of 00u1 = %v, want sorted [f1 f2]", fs)
	}
	if fs, ok := got["00u2"]; !ok || len(fs) != 0 {
		t.Errorf("user without factors: %v, %v", fs, ok)
	}
	if _, err := s.Factors(ctx, "00u1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FactorsOf(ctx, []string{"00u2", "00u3"}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"00u1", "00u2", "00u3"} {
		if n := f.count(MethodListUserFactors, id); n != 1 {
			t.Errorf("factors of %s fetched %d times, want 1", id, n)
		}
	}
	if n := s.Stats()[MethodListUserFactors]; n != 3 {
		t.Errorf("Stats[ListUserFactors] = %d, want 3", n)
	}
}

func TestFactorsOfFirstErrorStopsTheRest(t *testing.T) {
	f := seededFake()
	var all []string
	for i := range 20 {
		all = append(all, "u"+string(rune('a'+i)))
	}
	f.setErr(MethodListUserFactors, "uf", errBoom) // the sixth user
	// With one worker the run is sequential, so exactly the users before the
	// failing one and the failing one itself are fetched.
	s := New(f, Options{Concurrency: 1})
	if _, err := s.FactorsOf(t.Context(), all); !errors.Is(err, errBoom) {
		t.Fatalf("FactorsOf error = %v, want %v", err, errBoom)
	}
	if n := f.total(MethodListUserFactors); n != 6 {
		t.Fatalf("ListUserFactors called %d times, want 6", n)
	}

	// The failure is not cached; the successes are.
	f.setErr(MethodListUserFactors, "uf", nil)
	if _, err := s.FactorsOf(t.Context(), all); err != nil {
		t.Fatal(err)
	}
	if n := f.count(MethodListUserFactors, "uf"); n != 2 {
		t.Errorf("failed user fetched %d times, want 2", n)
	}
	if n := f.count(MethodListUserFactors, "ua"); n != 1 {
		t.Errorf("succeeded user fetched %d times, want 1", n)
	}
	if n := f.total(MethodListUserFactors); n != 21 {
		t.Errorf("ListUserFactors called %d times in all, want 21", n)
	}
}

func TestFactorsOfFirstErrorCancelsInFlight(t *testing.T) {
	// "bad" fails, but only once the three other fetches are in flight; those
	// block until their context ends.
	slow := newFake()
	slow.gate = make(chan struct{})
	fast := newFake()
	fast.setErr(MethodListUserFactors, "bad", errBoom)
	src := splitSource{fakeSource: slow, fast: fast, fastKey: "bad", before: func() {
		// Runs on a fetch goroutine, so it cannot fail the test itself; if the
		// others never start, the cancellation checks below fail instead.
		pollUntil(func() bool { return slow.current() == 3 })
	}}
	s := New(src, Options{Concurrency: 4})
	_, err := s.FactorsOf(t.Context(), []string{"a", "b", "bad", "c"})
	if !errors.Is(err, errBoom) {
		t.Fatalf("FactorsOf error = %v, want %v", err, errBoom)
	}
	// Their only waiter left, so each blocked fetch saw its context cancelled.
	for _, id := range []string{"a", "b", "c"} {
		waitFor(t, "fetch of "+id+" to be cancelled", func() bool { return slow.sawCancel(MethodListUserFactors, id) == 1 })
	}
}

// splitSource answers ListUserFactors for fastKey from fast (after calling
// before) and everything else from the embedded fake.
type splitSource struct {
	*fakeSource
	fast    *fakeSource
	fastKey string
	before  func()
}

func (s splitSource) ListUserFactors(ctx context.Context, userID string) ([]okta.Factor, error) {
	if userID == s.fastKey {
		s.before()
		return s.fast.ListUserFactors(ctx, userID)
	}
	return s.fakeSource.ListUserFactors(ctx, userID)
}

func TestConcurrencyBound(t *testing.T) {
	f := seededFake()
	f.gate = make(chan struct{})
	var users []string
	for i := range 40 {
		users = append(users, "u"+strings.Repeat("x", i))
	}
	s := New(f, Options{Concurrency: 3})
	ctx := t.Context()

	// Two fan-outs at once still share one bound.
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	wg.Go(func() { _, err := s.FactorsOf(ctx, users); errs <- err })
	wg.Go(func() { _, err := s.UserRolesOf(ctx, users); errs <- err })
	wg.Go(func() { _, err := s.UserGroupIDs(ctx); errs <- err })
	waitFor(t, "the pool to fill", func() bool { return f.current() == 3 })
	close(f.gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if m := f.max(); m != 3 {
		t.Fatalf("max in-flight calls = %d, want 3", m)
	}
	if n := f.total(MethodListUserFactors) + f.total(MethodListUserRoles); n != 80 {
		t.Fatalf("made %d factor and role calls, want 80", n)
	}
}

// TestCallerCancelDoesNotBreakOthers cancels one of two callers waiting on the
// same fetch: the other still gets the value and the fetch is not cancelled.
func TestCallerCancelDoesNotBreakOthers(t *testing.T) {
	f := seededFake()
	f.gate = make(chan struct{})
	s := New(f, Options{})

	cctx, cancel := context.WithCancel(t.Context())
	cancelled := make(chan error, 1)
	go func() { _, err := s.Apps(cctx); cancelled <- err }()
	// The caller that will cancel starts the fetch, so a fetch run on its
	// context would be cancelled too.
	waitFor(t, "the first caller to start the fetch", func() bool { return waiters(&s.apps, "") == 1 })
	kept := make(chan []okta.App, 1)
	keptErr := make(chan error, 1)
	go func() {
		apps, err := s.Apps(t.Context())
		kept <- apps
		keptErr <- err
	}()
	waitFor(t, "both callers to join", func() bool { return waiters(&s.apps, "") == 2 })

	cancel()
	if err := <-cancelled; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller got %v, want context.Canceled", err)
	}
	close(f.gate)
	apps, err := <-kept, <-keptErr
	if err != nil {
		t.Fatalf("other caller got %v", err)
	}
	if len(apps) != 3 {
		t.Fatalf("other caller got %d apps", len(apps))
	}
	if n := f.sawCancel(MethodListApps, ""); n != 0 {
		t.Fatalf("fetch saw cancellation %d times", n)
	}
	if n := f.count(MethodListApps, ""); n != 1 {
		t.Fatalf("ListApps called %d times", n)
	}
}

// TestLastCallerCancelStopsFetch: when the only waiter leaves, the fetch is
// cancelled and a later caller fetches afresh.
func TestLastCallerCancelStopsFetch(t *testing.T) {
	f := seededFake()
	f.gate = make(chan struct{})
	s := New(f, Options{})

	cctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := s.APITokens(cctx); done <- err }()
	waitFor(t, "the caller to join", func() bool { return waiters(&s.tokens, "") == 1 })
	waitFor(t, "the fetch to start", func() bool { return f.count(MethodListAPITokens, "") == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	waitFor(t, "the abandoned fetch to see its cancellation", func() bool { return f.sawCancel(MethodListAPITokens, "") == 1 })

	close(f.gate)
	tokens, err := s.APITokens(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(tokens, func(t okta.APIToken) string { return t.ID }); !slices.Equal(got, []string{"tok1", "tok2"}) {
		t.Fatalf("APITokens = %v", got)
	}
	if n := f.count(MethodListAPITokens, ""); n != 2 {
		t.Fatalf("ListAPITokens called %d times, want 2", n)
	}
}

// TestAlreadyCancelledCallerMakesNoCalls: a cancelled caller costs no request,
// whether it asks for one collection (the memo's guard, proved deterministically
// by TestAlreadyCancelledCallerStartsNothing) or fans out over keys.
func TestAlreadyCancelledCallerMakesNoCalls(t *testing.T) {
	f := seededFake()
	s := New(f, Options{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.Org(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if _, err := s.FactorsOf(ctx, []string{"00u1"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("FactorsOf got %v", err)
	}
	if st := s.Stats(); len(st) != 0 {
		t.Fatalf("calls made for a cancelled caller: %v", st)
	}
}

func TestUserGroupIDsInverted(t *testing.T) {
	f := seededFake()
	s := New(f, Options{})
	ctx := t.Context()
	got, err := s.UserGroupIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"00u1": {"00g0", "00g1", "00g2"},
		"00u2": {"00g0"},
		"00u3": {"00g0", "00g2"},
	}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("UserGroupIDs = %v, want %v", got, want)
	}
	// The members lists fetched for the inversion serve GroupMemberIDs.
	members, err := s.GroupMemberIDs(ctx, "00g2")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(members, []string{"00u1", "00u3"}) {
		t.Errorf("GroupMemberIDs(00g2) = %v, want sorted and deduplicated", members)
	}
	if n := f.total(MethodListGroupMemberIDs); n != 4 {
		t.Errorf("ListGroupMemberIDs called %d times, want 4 (one per group)", n)
	}
	if n := f.total(MethodListUserFactors) + f.total(MethodGetUser); n != 0 {
		t.Errorf("made %d per-user calls", n)
	}
}

func TestSortedOutputs(t *testing.T) {
	f := seededFake()
	s := New(f, Options{})
	ctx := t.Context()

	groups, err := s.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(groups, func(g okta.Group) string { return g.ID }); !slices.Equal(got, []string{"00g0", "00g1", "00g2", "00g3"}) {
		t.Errorf("Groups = %v", got)
	}
	apps, err := s.Apps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(apps, func(a okta.App) string { return a.ID }); !slices.Equal(got, []string{"0oa1", "0oa2", "0oa3"}) {
		t.Errorf("Apps = %v", got)
	}
	appUsers, err := s.AppUsers(ctx, "0oa1")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(appUsers, func(u okta.AppUser) string { return u.UserID }); !slices.Equal(got, []string{"00u1", "00u3"}) {
		t.Errorf("AppUsers = %v", got)
	}
	appGroups, err := s.AppGroups(ctx, "0oa1")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(appGroups, func(g okta.AppGroup) string { return g.GroupID }); !slices.Equal(got, []string{"00g1", "00g2"}) {
		t.Errorf("AppGroups = %v", got)
	}
	grants, err := s.AppGrants(ctx, "0oa1")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(grants, func(g okta.Grant) string { return g.ScopeID + "/" + g.ID }); !slices.Equal(got, []string{"okta.groups.read/gr2", "okta.users.read/gr1", "okta.users.read/gr3"}) {
		t.Errorf("AppGrants = %v", got)
	}
	if grants[0].AppID != "0oa1" {
		t.Errorf("grant AppID not filled: %+v", grants[0])
	}
	roles, err := s.ClientRoles(ctx, "cli1")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(roles, func(r okta.Role) string { return r.ID }); !slices.Equal(got, []string{"ra1", "ra2"}) {
		t.Errorf("ClientRoles = %v", got)
	}
	uroles, err := s.UserRoles(ctx, "00u1")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(uroles, func(r okta.Role) string { return r.ID }); !slices.Equal(got, []string{"ra5", "ra9"}) {
		t.Errorf("UserRoles = %v", got)
	}
	org, err := s.Org(ctx)
	if err != nil || org.Subdomain != "acme" {
		t.Errorf("Org = %+v, %v", org, err)
	}
	// The source's slices are left as they were.
	if f.groups[0].ID != "00g2" || f.appGrants["0oa1"][0].ID != "gr3" || f.appGrants["0oa1"][0].AppID != "" {
		t.Errorf("source slices were modified")
	}
}

func TestLookups(t *testing.T) {
	f := seededFake()
	s := New(f, Options{})
	ctx := t.Context()

	if u, ok, err := s.UserByLogin(ctx, "alice@acme.COM"); err != nil || !ok || u.ID != "00u1" {
		t.Errorf("UserByLogin = %+v, %v, %v", u, ok, err)
	}
	if _, ok, err := s.UserByLogin(ctx, "nobody@acme.com"); err != nil || ok {
		t.Errorf("UserByLogin(nobody) = %v, %v", ok, err)
	}
	if u, ok, err := s.UserByID(ctx, "00u5"); err != nil || !ok || u.Login() != "erin@acme.com" {
		t.Errorf("UserByID = %+v, %v, %v", u, ok, err)
	}
	if g, ok, err := s.GroupByID(ctx, "00g1"); err != nil || !ok || g.Name != "Admins" {
		t.Errorf("GroupByID = %+v, %v, %v", g, ok, err)
	}
	if g, ok, err := s.GroupByName(ctx, "Engineering"); err != nil || !ok || g.ID != "00g2" {
		t.Errorf("GroupByName = %+v, %v, %v", g, ok, err)
	}
	if a, ok, err := s.AppByID(ctx, "0oa3"); err != nil || !ok || a.Label != "Wiki" {
		t.Errorf("AppByID = %+v, %v, %v", a, ok, err)
	}
	if a, ok, err := s.AppByClientID(ctx, "cli1"); err != nil || !ok || a.ID != "0oa1" {
		t.Errorf("AppByClientID = %+v, %v, %v", a, ok, err)
	}
	if _, ok, err := s.AppByClientID(ctx, "nope"); err != nil || ok {
		t.Errorf("AppByClientID(nope) = %v, %v", ok, err)
	}
	active, err := s.ActiveApps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(active, func(a okta.App) string { return a.ID }); !slices.Equal(got, []string{"0oa1", "0oa2"}) {
		t.Errorf("ActiveApps = %v", got)
	}
	oauth, err := s.OAuthApps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(oauth, func(a okta.App) string { return a.ID }); !slices.Equal(got, []string{"0oa1"}) {
		t.Errorf("OAuthApps = %v", got)
	}
	want := map[string]int64{MethodListUsers: 2, MethodListGroups: 1, MethodListApps: 1}
	if !maps.Equal(s.Stats(), want) {
		t.Errorf("Stats = %v, want %v (indexes built once from the memoized lists)", s.Stats(), want)
	}
}

func TestUserWithoutListing(t *testing.T) {
	f := seededFake()
	s := New(f, Options{})
	ctx := t.Context()

	u, ok, err := s.User(ctx, "bob@acme.com")
	if err != nil || !ok || u.ID != "00u2" {
		t.Fatalf("User = %+v, %v, %v", u, ok, err)
	}
	if _, ok, err := s.User(ctx, "nobody@acme.com"); err != nil || ok {
		t.Fatalf("User(nobody) = %v, %v", ok, err)
	}
	if _, _, err := s.User(ctx, "bob@acme.com"); err != nil {
		t.Fatal(err)
	}
	if want := map[string]int64{MethodGetUser: 2}; !maps.Equal(s.Stats(), want) {
		t.Fatalf("Stats = %v, want %v", s.Stats(), want)
	}

	// Once the list is loaded, lookups come from it.
	if _, err := s.Users(ctx); err != nil {
		t.Fatal(err)
	}
	if u, ok, err := s.User(ctx, "00u4"); err != nil || !ok || u.Status != "DEPROVISIONED" {
		t.Fatalf("User(00u4) = %+v, %v, %v", u, ok, err)
	}
	if u, ok, err := s.User(ctx, "CAROL@acme.com"); err != nil || !ok || u.ID != "00u3" {
		t.Fatalf("User(CAROL) = %+v, %v, %v", u, ok, err)
	}
	if n := f.total(MethodGetUser); n != 2 {
		t.Fatalf("GetUser called %d times, want 2", n)
	}
}

func TestAllAppAssignments(t *testing.T) {
	f := seededFake()
	s := New(f, Options{Concurrency: 2})
	users, groups, err := s.AllAppAssignments(t.Context(), []string{"0oa2", "0oa1", "0oa2", "0oa3"})
	if err != nil {
		t.Fatal(err)
	}
	gotUsers := ids(users, func(u okta.AppUser) string { return u.AppID + "/" + u.UserID })
	if want := []string{"0oa1/00u1", "0oa1/00u3", "0oa2/00u2"}; !slices.Equal(gotUsers, want) {
		t.Errorf("users = %v, want %v", gotUsers, want)
	}
	gotGroups := ids(groups, func(g okta.AppGroup) string { return g.AppID + "/" + g.GroupID })
	if want := []string{"0oa1/00g1", "0oa1/00g2", "0oa2/00g0"}; !slices.Equal(gotGroups, want) {
		t.Errorf("groups = %v, want %v", gotGroups, want)
	}
	for _, app := range []string{"0oa1", "0oa2", "0oa3"} {
		if f.count(MethodListAppUsers, app) != 1 || f.count(MethodListAppGroups, app) != 1 {
			t.Errorf("app %s: users fetched %d times, groups %d", app, f.count(MethodListAppUsers, app), f.count(MethodListAppGroups, app))
		}
	}

	f.setErr(MethodListAppGroups, "0oa4", errBoom)
	if _, _, err := s.AllAppAssignments(t.Context(), []string{"0oa1", "0oa4"}); !errors.Is(err, errBoom) {
		t.Errorf("error = %v, want %v", err, errBoom)
	}
}

func TestPanicInFetchBecomesError(t *testing.T) {
	f := seededFake()
	f.panic[callKey(MethodGetOrgMetadata, "")] = true
	s := New(f, Options{})
	_, err := s.Org(t.Context())
	if err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Fatalf("got %v, want an internal error", err)
	}
	delete(f.panic, callKey(MethodGetOrgMetadata, ""))
	if _, err := s.Org(t.Context()); err != nil {
		t.Fatalf("retry after panic: %v", err)
	}
}
