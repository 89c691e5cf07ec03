package directory

import (
	"context"
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
	ctx := context.Background()
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
	ctx := context.Background()
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
	ctx := context.Background()
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
	ctx := context.Background()
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
	ctx := context.Background()
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
