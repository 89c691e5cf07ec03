package directory

import (
	"errors"
	"slices"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// A search goes through the Source once per distinct query, is counted in
// Stats, and comes back sorted by id.
func TestSearchesAreMemoizedPerQuery(t *testing.T) {
	ctx := t.Context()
	f := seededFake()
	s := New(f, Options{})

	for range 2 {
		us, err := s.SearchUsers(ctx, `status eq "DEPROVISIONED"`)
		if err != nil {
			t.Fatal(err)
		}
		if got := userIDs(us); !slices.Equal(got, []string{"00u4", "00u5"}) {
			t.Errorf("SearchUsers = %v, want [00u4 00u5]", got)
		}
	}
	if _, err := s.SearchUsers(ctx, `status eq "SUSPENDED"`); err != nil {
		t.Fatal(err)
	}
	if n := f.count(MethodListUsers, `status eq "DEPROVISIONED"`); n != 1 {
		t.Errorf("the DEPROVISIONED search reached the source %d times, want 1", n)
	}
	if n := f.count(MethodListUsers, `status eq "SUSPENDED"`); n != 1 {
		t.Errorf("the SUSPENDED search reached the source %d times, want 1", n)
	}

	for range 2 {
		gs, err := s.SearchGroups(ctx, okta.GroupQuery{Q: "E"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, g := range gs {
			ids = append(ids, g.ID)
		}
		if !slices.Equal(ids, []string{"00g0", "00g2", "00g3"}) {
			t.Errorf("SearchGroups = %v, want [00g0 00g2 00g3]", ids)
		}
	}
	for range 2 {
		as, err := s.SearchApps(ctx, okta.AppQuery{Q: "W"})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || as[0].ID != "0oa3" {
			t.Errorf("SearchApps = %+v, want 0oa3", as)
		}
	}
	for range 2 {
		u, err := s.LookupUser(ctx, "bob@acme.com")
		if err != nil {
			t.Fatal(err)
		}
		if u.ID != "00u2" {
			t.Errorf("LookupUser = %s, want 00u2", u.ID)
		}
	}

	st := s.Stats()
	if st[MethodListUsers] != 2 || st[MethodListGroups] != 1 || st[MethodListApps] != 1 || st[MethodGetUser] != 1 {
		t.Errorf("Stats %v, want 2 ListUsers, 1 ListGroups, 1 ListApps, 1 GetUser", st)
	}
}

// An empty query is the whole collection, shared with Users, Groups and Apps.
func TestEmptySearchIsTheCollection(t *testing.T) {
	ctx := t.Context()
	f := seededFake()
	s := New(f, Options{})
	us, err := s.SearchUsers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := userIDs(us); !slices.Equal(got, []string{"00u1", "00u2", "00u3", "00u4", "00u5"}) {
		t.Errorf("SearchUsers(\"\") = %v, want every user", got)
	}
	if _, err := s.Users(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SearchGroups(ctx, okta.GroupQuery{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Groups(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SearchApps(ctx, okta.AppQuery{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apps(ctx); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st[MethodListUsers] != 2 || st[MethodListGroups] != 1 || st[MethodListApps] != 1 {
		t.Errorf("Stats %v: an empty search fetched its collection again", st)
	}
}

// LookupUser hands Okta's error back (a 404 included) and does not keep it.
func TestLookupUserReportsOktasError(t *testing.T) {
	ctx := t.Context()
	f := seededFake()
	s := New(f, Options{})
	_, err := s.LookupUser(ctx, "nobody@acme.com")
	if !okta.IsNotFound(err) {
		t.Fatalf("LookupUser of an unknown login: %v, want Okta's 404", err)
	}
	f.setErr(MethodGetUser, "00u1", errBoom)
	if _, err := s.LookupUser(ctx, "00u1"); !errors.Is(err, errBoom) {
		t.Fatalf("LookupUser: %v, want the source's error", err)
	}
	f.setErr(MethodGetUser, "00u1", nil)
	if u, err := s.LookupUser(ctx, "00u1"); err != nil || u.ID != "00u1" {
		t.Fatalf("LookupUser after the failure: %v, %v", u.ID, err)
	}
}
