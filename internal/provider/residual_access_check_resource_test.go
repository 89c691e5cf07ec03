package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// uIvo is a user suspended an hour ago: within the default grace period.
const uIvo = "00u0000000000000009i"

// addResidualCast leaves access behind in the test org: Grace (SUSPENDED
// since March 2025) is still in Engineering, and so assigned to the Initech
// Portal through it; Heidi (DEPROVISIONED) is still directly assigned to
// Expense Reports; Ivo, suspended an hour ago, is still in Engineering.
func addResidualCast(org *oktasim.Org) {
	now := time.Now().UTC()
	suspended := now.Add(-time.Hour)
	org.Users = append(org.Users, &oktasim.User{ID: uIvo, Status: "SUSPENDED", Created: ts(1, 20), Activated: tsp(1, 21),
		StatusChanged: &suspended, LastUpdated: suspended,
		Profile: map[string]any{"login": "ivo@initech.example", "email": "ivan@initech.example"}})
	for _, g := range org.Groups {
		switch g.ID {
		case gEveryone:
			g.MemberIDs = append(g.MemberIDs, uIvo)
		case gEng:
			g.MemberIDs = append(g.MemberIDs, uGrace, uIvo)
			slices.Sort(g.MemberIDs)
		}
	}
	for _, a := range org.Apps {
		switch a.ID {
		case aPortal:
			a.Users = append(a.Users,
				oktasim.AppUser{UserID: uGrace, Scope: "GROUP", Status: "ACTIVE", SyncState: "DISABLED", Created: ts(9, 6), LastUpdated: ts(9, 6)},
				oktasim.AppUser{UserID: uIvo, Scope: "GROUP", Status: "ACTIVE", SyncState: "DISABLED", Created: ts(9, 6), LastUpdated: ts(9, 6)})
		case aBookmark:
			a.Users = append(a.Users,
				oktasim.AppUser{UserID: uHeidi, Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED", Created: ts(10, 7), LastUpdated: ts(10, 7)})
		}
		slices.SortFunc(a.Users, func(x, y oktasim.AppUser) int { return strings.Compare(x.UserID, y.UserID) })
	}
	slices.SortFunc(org.Users, func(x, y *oktasim.User) int { return strings.Compare(x.ID, y.ID) })
}

// clearResidualAccess removes what addResidualCast left behind.
func clearResidualAccess(org *oktasim.Org) {
	gone := func(id string) bool { return id == uGrace || id == uHeidi || id == uIvo }
	for _, g := range org.Groups {
		if g.Type != "BUILT_IN" {
			g.MemberIDs = slices.DeleteFunc(g.MemberIDs, gone)
		}
	}
	for _, a := range org.Apps {
		a.Users = slices.DeleteFunc(a.Users, func(u oktasim.AppUser) bool { return gone(u.UserID) })
	}
}

const (
	graceResidual = "SUSPENDED (since 2025-03-04, past grace_period 24h), still assigned to 1 app: Initech Portal; in 1 group: Engineering"
	heidiResidual = "DEPROVISIONED (since 2025-03-04, past grace_period 24h), still assigned to 1 app: Expense Reports"
)

func TestAccResidualAccessCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addResidualCast(org)
	checkLifecycle{
		typ: "oktagate_residual_access_check", name: "leavers", org: org,
		warn: map[string]string{
			"subjects_evaluated":      "2", // Ivo is within the grace period
			"violation_count":         "2",
			"violations.0.subject":    "grace@initech.example",
			"violations.0.subject_id": uGrace,
			"violations.0.reason":     graceResidual,
			"violations.1.subject":    "heidi@initech.example",
			"violations.1.subject_id": uHeidi,
			"violations.1.reason":     heidiResidual,
			"statuses.#":              "2",
			"grace_period":            "24h",
			"check_groups":            "true",
			"check_apps":              "true",
			"controls.#":              "8",
			"controls.5":              "PCIDSS4.0.1 8.2.5",
		},
		blocked: []string{"(2 violations,", "grace@initech.example (" + uGrace + "): SUSPENDED", "heidi@initech.example (" + uHeidi + "): DEPROVISIONED"},
		waive:   []string{"grace@initech.example", uHeidi},
		fix:     clearResidualAccess,
		more: func(provider string) []resource.TestStep {
			cfg := func(body string) string {
				return provider + "resource \"oktagate_residual_access_check\" \"leavers\" {\n" + body + "}\n"
			}
			return []resource.TestStep{
				{Config: cfg("  statuses = [\"ACTIVE\"]\n"), ExpectError: phrase("value must be one of")},
				{Config: cfg("  grace_period = \"soon\"\n"), ExpectError: phrase("grace_period")},
				{
					Config:      cfg("  check_groups = false\n  check_apps = false\n"),
					ExpectError: phrases("check_groups and check_apps are both false", "set at least one"),
				},
				// Last, as the destroy needs a valid configuration: nobody left behind passes, with a note.
				{
					Config: cfg("  grace_period = \"2d\"\n"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("oktagate_residual_access_check.leavers", tfjsonpath.New("status"), knownvalue.StringExact("pass")),
						statecheck.ExpectKnownValue("oktagate_residual_access_check.leavers", tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(2)),
						statecheck.ExpectKnownValue("oktagate_residual_access_check.leavers", tfjsonpath.New("controls"),
							knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.StringExact("CISv8.1 6.2")})),
					},
				},
			}
		},
	}.run(t)
}

// TestAccResidualAccessCheckThroughPagesAndRateLimits: on the test org with
// a dozen more leavers, through pages of at most 2 items and a 429 on every
// 5th request, the check finds exactly the users left with access.
func TestAccResidualAccessCheckThroughPagesAndRateLimits(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addResidualCast(org)
	var want []string
	for i := range 12 {
		id := fmt.Sprintf("00u3%016d", i)
		login := fmt.Sprintf("leaver%02d@initech.example", i)
		status := []string{"SUSPENDED", "DEPROVISIONED"}[i%2]
		org.Users = append(org.Users, &oktasim.User{ID: id, Status: status, Created: ts(2, 1), Activated: tsp(2, 2),
			StatusChanged: tsp(20, 1), LastUpdated: ts(20, 1), Profile: map[string]any{"login": login, "email": login}})
		org.Groups[0].MemberIDs = append(org.Groups[0].MemberIDs, id) // Everyone: never residual
		switch i % 3 {
		case 0: // still in Engineering
			org.Groups[1].MemberIDs = append(org.Groups[1].MemberIDs, id)
			want = append(want, login)
		case 1: // still assigned to Expense Reports
			org.Apps[1].Users = append(org.Apps[1].Users, oktasim.AppUser{UserID: id, Scope: "USER", Status: "ACTIVE",
				SyncState: "DISABLED", Created: ts(10, 6), LastUpdated: ts(10, 6)})
			want = append(want, login)
		}
	}
	want = append(want, "grace@initech.example", "heidi@initech.example")
	slices.Sort(want)
	s, provider := startThrottledSim(t, org, 2, every429(5))
	addr := "oktagate_residual_access_check.t"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + "resource \"oktagate_residual_access_check\" \"t\" {\n  enforcement = \"warn\"\n}\n",
			ConfigStateChecks: []statecheck.StateCheck{
				violationSubjects(addr, want...),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(14)),
			},
			Check: pagedAndThrottled(s),
		}},
	})
}

// TestAccResidualAccessCheckForbidden: without okta.apps.read the plan fails
// naming the scope and the request; without okta.groups.read too, once apps
// are not checked.
func TestAccResidualAccessCheckForbidden(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addResidualCast(org)
	_, provider := startForbiddenSim(t, org, "/api/v1/apps", "/api/v1/groups")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config:      provider + "resource \"oktagate_residual_access_check\" \"t\" {\n  check_groups = false\n}\n",
				ExpectError: phrases("Missing Okta scope or admin role", "okta.apps.read", "GET /api/v1/apps"),
			},
			{
				Config:      provider + "resource \"oktagate_residual_access_check\" \"t\" {\n  check_apps = false\n}\n",
				ExpectError: phrases("Missing Okta scope or admin role", "okta.groups.read", "GET /api/v1/groups"),
			},
		},
	})
}

// TestAccResidualAccessCheckDemoOrg: on the demo org the check fails on the
// two suspended users and the deprovisioned one who kept their groups and
// apps, and passes the deprovisioned leaver who left nothing behind
// (fixtures.DemoCleanLeaver). Planned beside examples/demo's checks, it adds
// no request: the offboarding check already read the lists it reads.
func TestAccResidualAccessCheckDemoOrg(t *testing.T) {
	t.Parallel()
	const check = "resource \"oktagate_residual_access_check\" \"org\" {\n  enforcement = \"warn\"\n}\n"
	_, provider := startCheckSim(t, fixtures.DemoOrg(1, time.Now().UTC()))
	addr := "oktagate_residual_access_check.org"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + check,
			ConfigStateChecks: []statecheck.StateCheck{
				violationSubjects(addr, fixtures.DemoDeprovisionedLeaver, fixtures.DemoSuspendedLeaver, "trent@acme.com"),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(4)),
			},
		}},
	})

	demo := demoExample(t, "main.tf", "checks.tf", "evidence_checks.tf")
	with, withTotal := planRequestsByQuery(t, demo+check)
	without, withoutTotal := planRequestsByQuery(t, demo)
	alone, aloneTotal := planRequestsByQuery(t, check)
	t.Logf("the residual access check alone on the demo org: %d requests per plan: %s", aloneTotal, summarizeQueries(alone))
	added := map[string]int{}
	for k, n := range with {
		if d := n - without[k]; d > 0 {
			added[k] = d
		}
	}
	t.Logf("requests per plan on the demo org: examples/demo %d, with the residual access check %d", withoutTotal, withTotal)
	if len(added) > 0 {
		t.Errorf("the residual access check added requests to examples/demo's plan: %s", summarizeQueries(added))
	}
}
