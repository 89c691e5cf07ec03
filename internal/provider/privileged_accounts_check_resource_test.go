package provider

import (
	"fmt"
	"regexp"
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

// In the test org the admins are Alice (SUPER_ADMIN directly; push and
// webauthn ACTIVE), and, through Engineering's READ_ONLY_ADMIN, Carol
// (PROVISIONED, no factor) and Dave (totp and question ACTIVE). Every
// password and sign-in dates from March 2025.
const (
	aliceStale = "admin (READ_ONLY_ADMIN, SUPER_ADMIN): password last changed on 2025-03-02, more than 180 days before " +
		"the plan; dormant: last signed in on 2025-03-20, more than 90 days before the plan"
	carolWeak = "admin (READ_ONLY_ADMIN): 0 ACTIVE factors, fewer than 2; no ACTIVE phishing-resistant factor " +
		"(signed_nonce, u2f, webauthn); dormant: never signed in or activated; created on 2025-03-01, more than 90 days before the plan"
)

// refreshAdmins makes the test org's admins pass: recent sign-ins and
// passwords, and a FIDO2 key beside each one's factors.
func refreshAdmins(org *oktasim.Org) {
	now := time.Now().UTC().Add(-time.Hour)
	for _, u := range org.Users {
		if u.ID == uAlice || u.ID == uCarol || u.ID == uDave {
			u.LastLogin, u.PasswordChanged, u.Activated = &now, &now, &now
		}
	}
	for i, id := range []string{uCarol, uDave} {
		for j, typ := range []string{"webauthn", "push"} {
			org.Factors[id] = append(org.Factors[id], &oktasim.Factor{ID: fmt.Sprintf("fwf00000000000000%d%d0", i, j), UserID: id,
				FactorType: typ, Provider: "FIDO", VendorName: "FIDO", Status: "ACTIVE", Created: now, LastUpdated: now})
		}
	}
}

func TestAccPrivilegedAccountsCheck(t *testing.T) {
	t.Parallel()
	addr := "oktagate_privileged_accounts_check.admins"
	checkLifecycle{
		typ: "oktagate_privileged_accounts_check", name: "admins", org: newTestOrg(),
		warn: map[string]string{
			"subjects_evaluated":         "3",
			"violation_count":            "3",
			"violations.0.subject":       "alice@initech.example",
			"violations.0.subject_id":    uAlice,
			"violations.0.reason":        aliceStale,
			"violations.1.subject":       "carol@initech.example",
			"violations.1.reason":        carolWeak,
			"violations.2.subject":       "dave@initech.example",
			"violations.2.subject_id":    uDave,
			"min_factors":                "2",
			"require_phishing_resistant": "true",
			"max_password_age_days":      "180",
			"max_inactive_days":          "90",
			"max_privileged_users":       "25",
			"controls.#":                 "9",
		},
		blocked: []string{"(3 violations,", "alice@initech.example (" + uAlice + "): admin", "carol@initech.example", "dave@initech.example"},
		waive:   []string{"alice@initech.example", uCarol, "dave@initech.example"},
		fix:     refreshAdmins,
		more: func(provider string) []resource.TestStep {
			cfg := func(body string) string {
				return provider + "resource \"oktagate_privileged_accounts_check\" \"admins\" {\n" + body + "}\n"
			}
			return []resource.TestStep{
				{Config: cfg("  min_factors = -1\n"), ExpectError: phrase("value must be at least 0")},
				{
					// Carol and Dave hold READ_ONLY_ADMIN; Alice, a super admin, is not counted.
					Config: cfg("  max_privileged_users = 1\n"),
					ExpectError: phrases("Compliance check failed: oktagate_privileged_accounts_check",
						"privileged users: 2 users hold an admin role (SUPER_ADMIN holders not counted), more than 1: carol@initech.example, dave@initech.example"),
				},
				// Last, as the destroy needs a valid configuration.
				{
					Config: cfg("  enforcement = \"warn\"\n  max_privileged_users = 1\n  min_factors = 3\n"),
					ConfigStateChecks: []statecheck.StateCheck{
						// Dave has four ACTIVE factors by now; Alice two, Carol two.
						violationSubjects(addr, "alice@initech.example", "carol@initech.example", "privileged users"),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations").AtSliceIndex(2).AtMapKey("subject_id"), knownvalue.StringExact("")),
					},
				},
			}
		},
	}.run(t)
}

// TestAccPrivilegedAccountsCheckThroughPagesAndRateLimits: with a help desk
// group of 27 admins, through pages of at most 2 items and a 429 on every
// 5th request, the check finds exactly the admins without two factors or a
// phishing-resistant one, and too many privileged users.
func TestAccPrivilegedAccountsCheckThroughPagesAndRateLimits(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	refreshAdmins(org)
	now := time.Now().UTC().Add(-time.Hour)
	const gHelp = "00g0000000000000help"
	help := &oktasim.Group{ID: gHelp, Type: "OKTA_GROUP", Name: "Help desk", Created: ts(1, 1), LastUpdated: ts(1, 1), LastMembershipUpdated: ts(1, 1)}
	want := []string{}
	for i := range 27 {
		id := fmt.Sprintf("00u4%016d", i)
		login := fmt.Sprintf("hd%02d@initech.example", i)
		org.Users = append(org.Users, &oktasim.User{ID: id, Status: "ACTIVE", Created: ts(2, 1), Activated: &now, LastLogin: &now,
			PasswordChanged: &now, LastUpdated: now, Profile: map[string]any{"login": login, "email": login}})
		help.MemberIDs = append(help.MemberIDs, id)
		org.Groups[0].MemberIDs = append(org.Groups[0].MemberIDs, id)
		types := [][]string{{"webauthn", "push"}, {"push"}, {"signed_nonce", "sms"}}[i%3]
		if i%3 == 1 {
			want = append(want, login)
		}
		for j, typ := range types {
			org.Factors[id] = append(org.Factors[id], &oktasim.Factor{ID: fmt.Sprintf("fhd%015d%d", i, j), UserID: id,
				FactorType: typ, Provider: "OKTA", VendorName: "OKTA", Status: "ACTIVE", Created: now, LastUpdated: now})
		}
	}
	org.Groups = append(org.Groups, help)
	org.GroupRoles[gHelp] = []*oktasim.RoleAssignment{{ID: "ra0000000000000000hd", Type: "HELP_DESK_ADMIN", Status: "ACTIVE",
		AssignmentType: "GROUP", Created: ts(2, 3), LastUpdated: ts(2, 3)}}
	want = append(want, "privileged users")
	s, provider := startThrottledSim(t, org, 2, every429(5))
	addr := "oktagate_privileged_accounts_check.t"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + "resource \"oktagate_privileged_accounts_check\" \"t\" {\n  enforcement = \"warn\"\n}\n",
			ConfigStateChecks: []statecheck.StateCheck{
				violationSubjects(addr, want...),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(30)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations").AtSliceIndex(len(want)-1).AtMapKey("reason"),
					knownvalue.StringRegexp(phrase("29 users hold an admin role (SUPER_ADMIN holders not counted), more than 25"))),
			},
			Check: pagedAndThrottled(s),
		}},
	})
}

// TestAccPrivilegedAccountsCheckForbidden: without okta.roles.read, or
// without okta.users.read on an admin's factors, the plan fails naming the
// scope and the request.
func TestAccPrivilegedAccountsCheckForbidden(t *testing.T) {
	t.Parallel()
	_, rolesProvider := startForbiddenSim(t, newTestOrg(), "/api/v1/iam/assignees/users")
	_, factorsProvider := startForbiddenSim(t, newTestOrg(), "/api/v1/users/"+uDave+"/factors")
	const check = "resource \"oktagate_privileged_accounts_check\" \"t\" {}\n"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config:      rolesProvider + check,
				ExpectError: phrases("Missing Okta scope or admin role", "okta.roles.read", "GET /api/v1/iam/assignees/users"),
			},
			{
				Config:      factorsProvider + check,
				ExpectError: phrases("Missing Okta scope or admin role", "okta.users.read", "GET /api/v1/users/"+uDave+"/factors"),
			},
		},
	})
}

// TestAccPrivilegedAccountsCheckDemoOrg: on the demo org the super admin
// with a FIDO2 key and FastPass (fixtures.DemoSuperAdminLogin) and the
// network engineer with FastPass and push pass; every other admin lacks a
// second factor or a phishing-resistant one, and one super admin's password
// is too old (fixtures.DemoStalePasswordAdmin). The log gives the requests the
// check adds to a plan of examples/demo.
func TestAccPrivilegedAccountsCheckDemoOrg(t *testing.T) {
	t.Parallel()
	const check = "resource \"oktagate_privileged_accounts_check\" \"admins\" {\n  enforcement = \"warn\"\n}\n"
	_, provider := startCheckSim(t, fixtures.DemoOrg(1, time.Now().UTC()))
	addr := "oktagate_privileged_accounts_check.admins"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + check,
			ConfigStateChecks: []statecheck.StateCheck{
				violationSubjects(addr, "bob@acme.com", fixtures.DemoStalePasswordAdmin, "heidi@acme.com", "ivan@acme.com", "judy@acme.com",
					"kevin@acme.com", fixtures.DemoServiceAccountLogin, "trent@acme.com"),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(10)),
				// The super admin with the stale password fails on it too.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations").AtSliceIndex(1).AtMapKey("reason"),
					knownvalue.StringRegexp(regexp.MustCompile(`^admin \(SUPER_ADMIN\): no ACTIVE phishing-resistant factor \([^)]*\); `+
						`password last changed on \d{4}-\d{2}-\d{2}, more than 180 days before the plan$`))),
			},
		}},
	})

	demo := demoExample(t, "main.tf", "checks.tf", "evidence_checks.tf")
	with, withTotal := planRequestsByQuery(t, demo+check)
	without, withoutTotal := planRequestsByQuery(t, demo)
	alone, aloneTotal := planRequestsByQuery(t, check)
	t.Logf("the privileged accounts check alone on the demo org: %d requests per plan: %s", aloneTotal, summarizeQueries(alone))
	added := map[string]int{}
	for k, n := range with {
		if d := n - without[k]; d > 0 {
			added[k] = d
		}
	}
	t.Logf("requests per plan on the demo org: examples/demo %d, with the privileged accounts check %d (+%d): %s",
		withoutTotal, withTotal, withTotal-withoutTotal, summarizeQueries(added))
}

// TestAccSnapshotServesResidualAndPrivilegedChecks: with oktagate_snapshot,
// a re-plan of an unchanged org reads no factor list (the admins' factors
// are per-user facts the stored snapshot holds) and lists no user, group
// members or app users again, for either check.
func TestAccSnapshotServesResidualAndPrivilegedChecks(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addResidualCast(org)
	s, provider := startCheckSim(t, org)
	config := provider + `
resource "oktagate_snapshot" "org" {}

resource "oktagate_privileged_accounts_check" "admins" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_residual_access_check" "leavers" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}
`
	replanReadsNothingStored := func() {
		if len(s.Requests()) == 0 {
			t.Error("the re-plan made no request at all; the test proves nothing")
		}
		if err := listedWhole(s); err != nil {
			t.Error(err)
		}
		for _, r := range s.Requests() {
			if strings.HasSuffix(r.Path, "/factors") {
				t.Errorf("the re-plan read %s although the snapshot holds it", r.Path)
			}
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					// Grace and Ivo, in Engineering, hold its READ_ONLY_ADMIN too.
					checkAttrs("oktagate_privileged_accounts_check.admins", map[string]string{"violation_count": "5"}),
					checkAttrs("oktagate_residual_access_check.leavers", map[string]string{"violation_count": "2"}),
				),
			},
			{PreConfig: s.ResetRequests, Config: config, PlanOnly: true},
			{PreConfig: replanReadsNothingStored, Config: config, PlanOnly: true},
		},
	})
}
