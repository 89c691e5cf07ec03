package directory

import (
	"slices"
	"testing"
	"time"
)

// The user list feeds the factor lists, the bulk of a large org's scan:
// LoadAll starts the group member lists, whose pages are whole users, only
// once every user page is in.
func TestLoadAllListsUsersBeforeGroupMembers(t *testing.T) {
	f := seededFake()
	f.slow = map[string]time.Duration{MethodListUsers: 50 * time.Millisecond}
	if err := New(f, Options{}).LoadAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	lastList := -1
	for i, m := range f.order {
		if m == MethodListUsers {
			lastList = i
		}
	}
	if lastList < 0 {
		t.Fatal("LoadAll did not list users")
	}
	for _, later := range []string{MethodListGroupMemberIDs} {
		first := slices.Index(f.order, later)
		if first < 0 {
			t.Errorf("LoadAll made no %s call", later)
			continue
		}
		if first < lastList {
			t.Errorf("%s call #%d came before the last %s call (#%d): %v", later, first, MethodListUsers, lastList, f.order)
		}
	}
}

// A scan reads every user anyway: the admins' logins come from the user list,
// not from one GET per admin.
func TestLoadAllReadsAdminsFromTheUserList(t *testing.T) {
	f := newEvidenceFake()
	f.slow = map[string]time.Duration{MethodListUsers: 20 * time.Millisecond}
	s := New(f, Options{})
	if err := s.LoadAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	roles, err := s.AdminRoles(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(roles.Admins) == 0 {
		t.Fatal("the fake org has no admins; the test proves nothing")
	}
	if n := f.total(MethodGetUser); n != 0 {
		t.Errorf("LoadAll made %d GetUser calls for %d admins, want none", n, len(roles.Admins))
	}
}
