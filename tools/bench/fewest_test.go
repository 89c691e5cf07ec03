package main

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func TestAccountBeyondFactors(t *testing.T) {
	org := &oktasim.Org{}
	for i := range 460 {
		status := "ACTIVE"
		if i < 3 {
			status = "DEPROVISIONED"
		}
		org.Users = append(org.Users, &oktasim.User{ID: fmt.Sprintf("00u%017d", i), Status: status})
	}
	big := &oktasim.Group{ID: "00gbig"}
	for _, u := range org.Users[:401] {
		big.MemberIDs = append(big.MemberIDs, u.ID)
	}
	org.Groups = []*oktasim.Group{big, {ID: "00gempty"}}
	app := &oktasim.App{ID: "0oaone"}
	for _, u := range org.Users[:451] {
		app.Users = append(app.Users, oktasim.AppUser{UserID: u.ID})
	}
	org.Apps = []*oktasim.App{app}

	get := func(path, query string, status int) oktasim.RequestRecord {
		return oktasim.RequestRecord{Method: http.MethodGet, Path: path, RawQuery: query, Status: status}
	}
	recs := []oktasim.RequestRecord{
		// 457 listed users at 200 a page: 3 pages; the DEPROVISIONED search: 1.
		get("/api/v1/users", "limit=200", 200),
		get("/api/v1/users", "limit=200&after=a", 200),
		get("/api/v1/users", "limit=200&after=a", http.StatusTooManyRequests), // a retry is not a page
		get("/api/v1/users", "limit=200&after=b", 200),
		get("/api/v1/users", "search=status+eq+%22DEPROVISIONED%22", 200),
		// 401 members: 3 pages, read in 4 (one too many).
		get("/api/v1/groups/00gbig/users", "limit=200", 200),
		get("/api/v1/groups/00gbig/users", "limit=200&after=x", 200),
		get("/api/v1/groups/00gbig/users", "limit=200&after=y", 200),
		get("/api/v1/groups/00gbig/users", "limit=200&after=z", 200),
		// An empty list is still one request.
		get("/api/v1/groups/00gempty/users", "limit=200", 200),
		// 451 app users at 500 a page: 1.
		get("/api/v1/apps/0oaone/users", "limit=500", 200),
		// Per user: factors are not counted, roles are, anything else is flagged.
		get("/api/v1/users/00u00000000000000005/factors", "", 200),
		get("/api/v1/users/00u00000000000000005/roles", "", 200),
		get("/api/v1/users/00u00000000000000006/roles", "", 200),
		get("/api/v1/users/00u00000000000000007", "", 200),
		// An unpaged list.
		get("/api/v1/policies", "type=PASSWORD", 200),
	}
	got := accountBeyondFactors(org, recs)
	want := beyond{roleLists: 2, otherPerUser: 1, listsMade: 11, listsFewest: 3 + 1 + 3 + 1 + 1 + 1, listsDistinct: 6}
	if got != want {
		t.Errorf("accountBeyondFactors = %+v, want %+v", got, want)
	}
}

func TestRoleHoldersCountsDirectAndGroupHolders(t *testing.T) {
	org := &oktasim.Org{
		UserRoles:  map[string][]*oktasim.RoleAssignment{"00ua": {{Type: "SUPER_ADMIN"}}, "00ub": {}},
		GroupRoles: map[string][]*oktasim.RoleAssignment{"00gadmins": {{Type: "ORG_ADMIN"}}},
		Groups: []*oktasim.Group{
			{ID: "00gadmins", MemberIDs: []string{"00ua", "00uc", "00ud"}},
			{ID: "00gstaff", MemberIDs: []string{"00ue"}},
		},
	}
	if got := roleHolders(org); got != 3 {
		t.Errorf("roleHolders = %d, want 3 (00ua directly and through the group, 00uc, 00ud)", got)
	}
}
