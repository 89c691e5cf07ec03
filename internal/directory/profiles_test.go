package directory

import (
	"fmt"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// withPhones gives every user of f a profile attribute the compact snapshot
// does not keep.
func withPhones(f *fakeSource) *fakeSource {
	for i := range f.users {
		f.users[i].Profile["mobilePhone"] = "+1555" + f.users[i].ID
	}
	return f
}

// seededFrom returns a snapshot over f seeded with a compact export of f.
func seededFrom(t *testing.T, f *fakeSource) *Snapshot {
	t.Helper()
	ctx := t.Context()
	first := New(f, Options{})
	if err := first.LoadAll(ctx); err != nil {
		t.Fatal(err)
	}
	c, err := first.Export("00o1", time.Unix(100, 0), time.Unix(200, 0))
	if err != nil {
		t.Fatal(err)
	}
	f.calls = map[string]int{}
	s := New(f, Options{})
	s.Seed(c)
	return s
}

func TestWithFullProfilesReadsSeededUsersAgain(t *testing.T) {
	ctx := t.Context()
	f := withPhones(seededFake())
	s := seededFrom(t, f)
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := users[0].Profile["mobilePhone"]; ok {
		t.Fatalf("a seeded user kept an attribute the compact snapshot drops: %v", users[0].Profile)
	}
	got, err := s.WithFullProfiles(ctx, users[:2])
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range got {
		if u.Profile["mobilePhone"] != "+1555"+u.ID {
			t.Errorf("user %s: profile %v lacks mobilePhone", u.ID, u.Profile)
		}
	}
	if n, lists := f.total(MethodGetUser), f.total(MethodListUsers); n != 2 || lists != 0 {
		t.Errorf("two users cost %d GETs and %d list calls, want 2 and 0", n, lists)
	}
	// Memoized: asking again costs nothing.
	if _, err := s.WithFullProfiles(ctx, users[:2]); err != nil {
		t.Fatal(err)
	}
	if n := f.total(MethodGetUser); n != 2 {
		t.Errorf("asking again made %d GETs in all, want 2", n)
	}
	if users[0].Profile["mobilePhone"] != "" {
		t.Error("WithFullProfiles changed the snapshot's own users")
	}
}

func TestWithFullProfilesListsWhenManyAreTrimmed(t *testing.T) {
	ctx := t.Context()
	f := seededFake()
	for i := range 700 {
		f.users = append(f.users, user(fmt.Sprintf("00x%04d", i), fmt.Sprintf("u%d@acme.com", i), "ACTIVE"))
	}
	withPhones(f)
	s := seededFrom(t, f)
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.WithFullProfiles(ctx, users)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range got {
		if u.Profile["mobilePhone"] != "+1555"+u.ID {
			t.Fatalf("user %s: profile %v lacks mobilePhone", u.ID, u.Profile)
		}
	}
	// 705 users: a list of 5 pages (and the DEPROVISIONED search) beats 705 GETs.
	if n, lists := f.total(MethodGetUser), f.total(MethodListUsers); n != 0 || lists != 2 {
		t.Errorf("705 users cost %d GETs and %d list calls, want 0 and 2", n, lists)
	}
}

func TestWithFullProfilesCostsNothingForUsersReadThisPlan(t *testing.T) {
	ctx := t.Context()
	f := withPhones(seededFake())
	s := New(f, Options{})
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := f.total(MethodListUsers)
	got, err := s.WithFullProfiles(ctx, users)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Profile["mobilePhone"] == "" {
		t.Errorf("profile %v lost mobilePhone", got[0].Profile)
	}
	if n, lists := f.total(MethodGetUser), f.total(MethodListUsers)-before; n != 0 || lists != 0 {
		t.Errorf("users read in this plan cost %d GETs and %d list calls, want none", n, lists)
	}
}

func TestWithFullProfilesKeepsAGoneUsersProfile(t *testing.T) {
	ctx := t.Context()
	f := withPhones(seededFake())
	s := seededFrom(t, f)
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.users = f.users[1:] // 00u3 is gone from Okta
	got, err := s.WithFullProfiles(ctx, []okta.User{users[2]})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].ID != "00u3" || got[0].Login() != "carol@acme.com" {
		t.Errorf("got %+v, want 00u3 with its stored profile", got[0])
	}
}

// withFactorProfiles gives every factor of f a profile, as Okta's are: a
// phone number, a device name, a security question.
func withFactorProfiles(f *fakeSource) *fakeSource {
	for id, fs := range f.factors {
		for i := range fs {
			fs[i].Profile = map[string]string{"phoneNumber": "+1 555 01" + fs[i].ID, "name": id + "'s iPhone", "questionText": "Favourite stapler?"}
		}
	}
	return f
}

// TestCompactKeepsOnlyWhatTheChecksRead: an export holds of a user's profile
// login and email, and no factor profile.
func TestCompactKeepsOnlyWhatTheChecksRead(t *testing.T) {
	f := withFactorProfiles(withPhones(seededFake()))
	f.users[0].Profile["firstName"] = "Carol"
	f.users[0].Profile["department"] = "Engineering"
	s := New(f, Options{})
	if err := s.LoadAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	c, err := s.Export("00o1", time.Unix(100, 0), time.Unix(200, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range c.Users {
		if len(u.Profile) != 2 || u.Profile["login"] == "" || u.Profile["email"] == "" {
			t.Errorf("user %s: stored profile %v, want login and email only", u.ID, u.Profile)
		}
	}
	n := 0
	for id, fs := range c.Factors {
		for _, fc := range fs {
			n++
			if fc.Profile != nil || fc.FactorType == "" {
				t.Errorf("user %s factor %s stored as %+v, want its type and no profile", id, fc.ID, fc)
			}
		}
	}
	if n == 0 {
		t.Fatal("no factor exported; the test proves nothing")
	}
	// The snapshot itself keeps what it read, for the data sources.
	fs, _ := s.Factors(t.Context(), "00u1")
	if fs[0].Profile["phoneNumber"] == "" {
		t.Error("Export trimmed the snapshot's own factors")
	}
}

// TestFullFactorsOfReadsSeededFactorsAgain: factors seeded from a stored
// snapshot have no profile; FullFactorsOf reads those users' lists again,
// once, and returns the snapshot's factors with Okta's profiles, while
// FactorsOf (the checks) still makes no request.
func TestFullFactorsOfReadsSeededFactorsAgain(t *testing.T) {
	ctx := t.Context()
	f := withFactorProfiles(seededFake())
	s := seededFrom(t, f)
	plain, err := s.FactorsOf(ctx, []string{"00u1", "00u3"})
	if err != nil {
		t.Fatal(err)
	}
	if plain["00u1"][0].Profile != nil || f.total(MethodListUserFactors) != 0 {
		t.Fatalf("seeded factors: %+v, %d requests", plain["00u1"], f.total(MethodListUserFactors))
	}
	for range 2 {
		// 00u2 has no factor: nothing to complete, no request.
		full, err := s.FullFactorsOf(ctx, []string{"00u1", "00u2", "00u3"})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"00u1", "00u3"} {
			if len(full[id]) != len(plain[id]) {
				t.Fatalf("user %s: %d factors, want the snapshot's %d", id, len(full[id]), len(plain[id]))
			}
			for _, fc := range full[id] {
				if fc.Profile["phoneNumber"] != "+1 555 01"+fc.ID {
					t.Errorf("user %s factor %s: profile %v", id, fc.ID, fc.Profile)
				}
			}
		}
	}
	if n := f.total(MethodListUserFactors); n != 2 {
		t.Errorf("%d factor lists read for two seeded users with factors over two calls, want 2", n)
	}
	if again, _ := s.Factors(ctx, "00u1"); again[0].Profile != nil {
		t.Error("FullFactorsOf changed the snapshot's own factors")
	}
}

// TestFullFactorsOfCostsNothingForFactorsReadThisPlan: a factor list read
// from Okta in this plan (a full scan, or a replay that named the user) has
// its profiles already.
func TestFullFactorsOfCostsNothingForFactorsReadThisPlan(t *testing.T) {
	ctx := t.Context()
	f := withFactorProfiles(seededFake())
	s := seededFrom(t, f)
	s.factors.drop("00u1") // as a replay does for a user an event names
	if _, err := s.Factors(ctx, "00u1"); err != nil {
		t.Fatal(err)
	}
	full, err := s.FullFactors(ctx, "00u1")
	if err != nil {
		t.Fatal(err)
	}
	if full[0].Profile["phoneNumber"] == "" || f.total(MethodListUserFactors) != 1 {
		t.Errorf("profile %v after %d factor lists, want it after 1", full[0].Profile, f.total(MethodListUserFactors))
	}
}
