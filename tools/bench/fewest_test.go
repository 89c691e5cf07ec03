package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestRoleAssigneesFewestPages: the role assignees list holds the users with
// a role directly or through a group, each once, at 100 a page.
func TestRoleAssigneesFewestPages(t *testing.T) {
	org := &oktasim.Org{
		UserRoles:  map[string][]*oktasim.RoleAssignment{"00ua": {{Type: "SUPER_ADMIN"}}, "00ub": {}},
		GroupRoles: map[string][]*oktasim.RoleAssignment{"00gadmins": {{Type: "ORG_ADMIN"}}},
		Groups: []*oktasim.Group{
			{ID: "00gadmins", MemberIDs: []string{"00ua", "00uc", "00ud"}},
			{ID: "00gstaff", MemberIDs: []string{"00ue"}},
		},
	}
	for _, id := range []string{"00ua", "00ub", "00uc", "00ud", "00ue"} {
		org.Users = append(org.Users, &oktasim.User{ID: id, Status: "ACTIVE"})
	}
	for i := range 98 { // 3 holders + 98 in the admins group: 101, two pages
		id := fmt.Sprintf("00uz%04d", i)
		org.Users = append(org.Users, &oktasim.User{ID: id, Status: "ACTIVE"})
		org.Groups[0].MemberIDs = append(org.Groups[0].MemberIDs, id)
	}
	if got := len(org.RoleHolderIDs()); got != 101 {
		t.Errorf("%d role holders, want 101 (00ua directly and through the group, 00uc, 00ud, 98 more)", got)
	}
	segs := strings.Split("api/v1/iam/assignees/users", "/")
	if got := fewestPages(org, segs, nil); got != 2 {
		t.Errorf("fewestPages(role assignees) = %d, want 2", got)
	}
}

// TestHarness keeps `make bench` alive in `make test`: a small org through the
// whole harness (the real terraform plan, apply, churn, re-plan, and a plan
// from scratch), with few apps so the apps bucket takes seconds. It
// asserts what does not depend on the machine's speed: the re-plan agrees
// with a full scan, makes fewer requests than the first plan, and no list is
// read in more pages than its items need.
func TestHarness(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform")
	}
	if _, err := findTerraform(); err != nil {
		t.Skip(err)
	}
	t.Chdir(filepath.Join("..", ".."))
	o := options{
		sizes: []int{400}, apps: 30, groups: 20, latency: time.Millisecond, window: time.Second,
		capacity: 50, concurrency: 75, maxConcurrency: 75,
		out: filepath.Join(t.TempDir(), "BENCHMARKS.md"), configDir: filepath.Join("tools", "bench", "config"),
		seed: 7, budget: time.Minute, replan: true, churn: 0.05,
	}
	results, err := run(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 {
		t.Fatalf("%d results, want 1", len(results))
	}
	r := results[0]
	if r.incr.agrees != "yes" {
		t.Errorf("re-plan agrees with a full scan: %q", r.incr.agrees)
	}
	if r.incr.churned == 0 || r.incr.events == 0 {
		t.Errorf("churn changed %d users with %d events; want some", r.incr.churned, r.incr.events)
	}
	if got, first := r.incr.replanRequests(), r.total(); got == 0 || got*5 > first {
		t.Errorf("re-plan made %d requests, first plan %d: want some, and under a fifth", got, first)
	}
	if extra := r.beyond.listsMade - r.beyond.listsFewest; extra != 0 || r.beyond.otherPerUser != 0 {
		t.Errorf("lists read in %d pages beyond the fewest, %d per-user requests beyond factors and roles", extra, r.beyond.otherPerUser)
	}
	if r.factorRequests() == 0 || r.beyond.roleLists == 0 {
		t.Errorf("factor lists %d, role lists %d: want both", r.factorRequests(), r.beyond.roleLists)
	}
	report, err := os.ReadFile(o.out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), "| 400 | ") || strings.Contains(string(report), "**Not measured:**") {
		t.Errorf("the report lacks the 400-user row or leaves checks out:\n%s", report)
	}
}
