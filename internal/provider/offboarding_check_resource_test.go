package provider

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// TestAccOffboardingCheck on Initech: heidi left cleanly (DEPROVISIONED, only
// in Everyone); grace is SUSPENDED; frank is still LOCKED_OUT and assigned to
// Legacy Payroll; nobody@ was deleted, as the System Log records; carol
// leaves in the future.
func TestAccOffboardingCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	deleted := time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Second)
	org.Logs = append(org.Logs, &oktasim.LogEvent{
		UUID: "initech-delete-nobody", Published: deleted, EventType: "user.lifecycle.delete.completed",
		DisplayMessage: "Delete Okta user completed", Severity: "INFO", OutcomeResult: "SUCCESS",
		Actor:   oktasim.LogParty{ID: uAlice, Type: "User", AlternateID: "alice@initech.example"},
		Targets: []oktasim.LogParty{{ID: "00u00000000000000099", Type: "User", AlternateID: "nobody@initech.example"}},
	})
	s, provider := startCheckSim(t, org)
	const addr = "oktagate_offboarding_check.leavers"
	// The fingerprint changes at every step that adds it.
	fp := statecheck.CompareValue(compare.ValuesDiffer())
	config := func(body string) string {
		return provider + `
resource "oktagate_offboarding_check" "leavers" {
  offboarded = [
    { login = "heidi@initech.example", date = "2025-03-01" },
    { login = "Grace@Initech.example", date = "2025-03-02" },
    { login = "frank@initech.example", date = "2025-03-03" },
    { login = "nobody@initech.example", date = "2025-03-04" },
    { login = "carol@initech.example", date = "2099-01-01" },
  ]
` + body + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config(`  enforcement = "warn"` + "\n"),
				Check: resource.ComposeAggregateTestCheckFunc(resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
					return expectContains(v, `"uuid":"initech-delete-nobody"},"login":"nobody@initech.example","state":"deleted","user_id":"00u00000000000000099"`)
				}), checkAttrs(addr, map[string]string{
					"grace_period":            "24h",
					"allow_suspended":         "false",
					"status":                  "fail",
					"subjects_evaluated":      "4",
					"violation_count":         "2",
					"violations.0.subject":    "frank@initech.example",
					"violations.0.subject_id": uFrank,
					"violations.0.reason":     "offboarded 2025-03-03: status LOCKED_OUT, not DEPROVISIONED; still assigned to 1 app: Legacy Payroll",
					"violations.1.subject":    "grace@initech.example",
					"violations.1.reason":     "offboarded 2025-03-02: status SUSPENDED, not DEPROVISIONED",
					"controls.#":              "9",
					"controls.6":              "PCIDSS4.0.1 8.2.5", // grace_period 24h
				})),
			},

			{
				Config:   config(`  enforcement = "warn"` + "\n"),
				PlanOnly: true,
			},
			{
				Config:      config(""),
				ExpectError: phrases("Compliance check failed: oktagate_offboarding_check of 5 offboarded users (2 violations", "frank@initech.example", "grace@initech.example"),
			},
			{
				// grace passes once SUSPENDED is allowed; frank's exception has expired.
				Config:      config("  allow_suspended = true\n" + exception("frank@initech.example", longAgo)),
				ExpectError: phrases("(1 violation,", "frank@initech.example ("+uFrank+"): offboarded 2025-03-03"),
			},
			{
				Config:            config("  allow_suspended = true\n" + exception("frank@initech.example", farFuture)),
				ConfigPlanChecks:  updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"status":                            "pass",
						"violation_count":                   "0",
						"exceptions_applied.#":              "1",
						"exceptions_applied.0.subject":      "frank@initech.example",
						"exceptions_applied.0.violations.#": "1",
					}),
				),
			},
			{
				// frank is deprovisioned and unassigned in Okta: the check updates
				// in place though its configuration did not change.
				PreConfig: func() {
					org := s.Org()
					org.Lock()
					defer org.Unlock()
					for _, u := range org.Users {
						if u.ID == uFrank {
							u.Status = "DEPROVISIONED"
						}
					}
					for _, a := range org.Apps {
						if a.ID == aLegacy {
							a.Users = nil
						}
					}
				},
				Config:            config("  allow_suspended = true\n" + exception("frank@initech.example", farFuture)),
				ConfigPlanChecks:  updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{"status": "pass", "violation_count": "0", "exceptions_applied.#": "0"}),
					resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
						return expectContains(v, `"unused":[{"expires":"`+farFuture+`"`)
					}),
					onlyReads(s),
				),
			},
		},
	})
}

// deleteUserInSim deletes a user through the simulator's API as an admin
// would (a second DELETE deletes a user the first deactivated), so the
// System Log records it as Okta does; the requests are then forgotten.
func deleteUserInSim(t *testing.T, s *oktasim.Server, login string) (id string) {
	t.Helper()
	org := s.Org()
	deletes := 2
	org.RLock()
	for _, u := range org.Users {
		if u.Profile["login"] == login {
			id = u.ID
			if u.Status == "DEPROVISIONED" {
				deletes = 1
			}
		}
	}
	org.RUnlock()
	if id == "" {
		t.Fatalf("no user %s in the simulator", login)
	}
	for range deletes {
		req, err := http.NewRequest(http.MethodDelete, s.URL()+"/api/v1/users/"+id, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "SSWS "+s.AdminToken())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("DELETE user %s: HTTP %d", login, resp.StatusCode)
		}
	}
	s.ResetRequests()
	// The plan's instant is whole seconds and the System Log's until is
	// exclusive: a deletion logged within the second the plan starts in is not
	// in its window yet (as on Okta, where events land a little late). Start
	// the plan in a later second than the deletion.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
	return id
}

// deletionEvent returns the System Log's completed deletion of user id, and
// with forget, removes every event that names the user, as if the deletion
// were older than the log keeps.
func deletionEvent(t *testing.T, s *oktasim.Server, id string, forget bool) *oktasim.LogEvent {
	t.Helper()
	org := s.Org()
	org.Lock()
	defer org.Unlock()
	var found *oktasim.LogEvent
	kept := org.Logs[:0]
	for _, e := range org.Logs {
		names := slices.ContainsFunc(e.Targets, func(tg oktasim.LogParty) bool { return tg.ID == id })
		if names && e.EventType == "user.lifecycle.delete.completed" {
			found = e
		}
		if !forget || !names {
			kept = append(kept, e)
		}
	}
	org.Logs = kept
	if found == nil {
		t.Fatalf("the System Log records no deletion of %s", id)
	}
	return found
}

// logQueries fails unless every System Log request asked for completed user
// deletions in a bounded window, and there were want of them (-1: any but 0).
func logQueries(s *oktasim.Server, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n := 0
		for _, r := range s.Requests() {
			if r.Path != "/api/v1/logs" {
				continue
			}
			n++
			q, err := url.ParseQuery(r.RawQuery)
			if err != nil {
				return err
			}
			if q.Get("since") == "" || q.Get("until") == "" || q.Get("filter") != `eventType eq "user.lifecycle.delete.completed"` {
				return fmt.Errorf("System Log query %s: want since, until and the deletion filter", r.RawQuery)
			}
		}
		if (want < 0 && n == 0) || (want >= 0 && n != want) {
			return fmt.Errorf("%d System Log requests, want %d", n, want)
		}
		return nil
	}
}

// TestAccOffboardingCheckFindsLeavers reproduces issue #15 on the demo org.
// HR's export lists mallory@acme.co (a typo of mallory@acme.com, who still
// has Salesforce) and dana.reyes@gmail.com (Dana's email; her login is
// dana@acme.com): both used to pass in block mode without a word. The typo is
// now a violation, Dana is found and judged, peggy (deleted, the System Log
// records it) passes with the event cited, and tina (deleted before the log's
// window) is a violation.
func TestAccOffboardingCheckFindsLeavers(t *testing.T) {
	t.Parallel()
	s, provider := startCheckSim(t, fixtures.DemoOrg(1, time.Now().UTC()))
	peggy := deleteUserInSim(t, s, fixtures.DemoCleanLeaver)
	tina := deleteUserInSim(t, s, "tina@acme.com")
	cited := deletionEvent(t, s, peggy, false)
	deletionEvent(t, s, tina, true)
	var dana string
	for _, u := range s.Org().Users {
		if u.Profile["login"] == fixtures.DemoExternalEmailLogin {
			dana = u.ID
		}
	}
	const addr = "oktagate_offboarding_check.leavers"
	left := daysAgo(10)
	config := func(enforcement, extra string, entries ...string) string {
		body := provider + "resource \"oktagate_offboarding_check\" \"leavers\" {\n  enforcement = \"" + enforcement + "\"\n  offboarded = [\n"
		for _, e := range entries {
			body += "    { login = \"" + e + "\", date = \"" + left + "\" },\n"
		}
		return body + "  ]\n" + extra + "}\n"
	}
	leavers := []string{"mallory@acme.co", "dana.reyes@gmail.com", "peggy@acme.com", "tina@acme.com"}
	notFound := func(key string) string {
		return "offboarded " + left + ": not found in the org by login, email or id, and no " +
			"user.lifecycle.delete.completed event of the System Log's last 89 days names this login or id: a " +
			"typo, or deleted? Correct the entry to the user's login, email or Okta id; if the user was deleted " +
			"before then, or is listed by an email (deletion events name the login), add an exception for " + key
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				// Block mode fails, naming the typo and Dana.
				Config: config("block", "", leavers...),
				ExpectError: phrases("Compliance check failed: oktagate_offboarding_check of 4 offboarded users (3 violations",
					"dana@acme.com ("+dana+"): offboarded "+left+" (listed as dana.reyes@gmail.com): status ACTIVE, not DEPROVISIONED",
					"mallory@acme.co: offboarded "+left+": not found in the org by login, email or id",
					"a typo, or deleted? Correct the entry", "add an exception for mallory@acme.co",
					"tina@acme.com: offboarded"),
			},
			{
				Config: config("warn", "", leavers...),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("fail")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"subject":    knownvalue.StringExact(fixtures.DemoExternalEmailLogin),
							"subject_id": knownvalue.StringExact(dana),
							"reason":     knownvalue.StringRegexp(regexp.MustCompile(`^offboarded ` + left + ` \(listed as dana\.reyes@gmail\.com\): status ACTIVE, not DEPROVISIONED; still assigned to`)),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"subject": knownvalue.StringExact("mallory@acme.co"), "subject_id": knownvalue.StringExact(""),
							"reason": knownvalue.StringExact(notFound("mallory@acme.co")),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"subject": knownvalue.StringExact("tina@acme.com"), "subject_id": knownvalue.StringExact(""),
							"reason": knownvalue.StringExact(notFound("tina@acme.com")),
						}),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					// peggy passes, and the evidence cites her deletion.
					resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
						return expectContains(v, `"deletion":{"actor":"`+fixtures.DemoSuperAdminLogin+`","actor_id":"`,
							`"event_type":"user.lifecycle.delete.completed","published":"`+cited.Published.UTC().Format(time.RFC3339)+`","uuid":"`+cited.UUID+`"},"login":"peggy@acme.com","state":"deleted","user_id":"`+peggy+`"`,
							`"login":"dana.reyes@gmail.com","matched_by":"email","state":"evaluated","user_id":"`+dana+`"`)
					}),
					logQueries(s, -1),
					onlyReads(s),
				),
			},
			{
				// Every leaver found: the System Log is not read.
				PreConfig: s.ResetRequests,
				Config:    config("warn", "", "mallory@acme.com", "DANA.REYES@gmail.com"),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{"violation_count": "2", "violations.1.subject": "mallory@acme.com"}),
					logQueries(s, 0),
				),
			},
			{
				// The typo fixed and tina, deleted long ago, waived: what
				// remains is mallory, still assigned to Salesforce.
				Config: config("block", exception("tina@acme.com", farFuture),
					"mallory@acme.com", "peggy@acme.com", "tina@acme.com"),
				ExpectError: phrases("(1 violation,", "mallory@acme.com (", "still assigned to 2 apps: Salesforce"),
			},
		},
	})
}

// TestAccOffboardingCheckScopes: as an OAuth service app, the check needs
// okta.logs.read only when a leaver past the grace period names no user;
// without it, such a plan fails naming the scope, never passes.
func TestAccOffboardingCheckScopes(t *testing.T) {
	t.Parallel()
	key, keyPEM := testKey(t)
	org := newTestOrg()
	clientID := oauthServiceApp(t, org, key, "okta.apps.read", "okta.logs.read")
	s, _ := startSim(t, org, oktasim.Options{Unlimited: true})
	config := func(scopes string, leavers ...string) string {
		body := fmt.Sprintf(`provider "oktagate" {
  org_url        = %q
  client_id      = %q
  private_key    = %q
  private_key_id = "gate-1"
  scopes         = %s
}

resource "oktagate_offboarding_check" "leavers" {
  enforcement = "warn"
  offboarded = [
`, s.URL(), clientID, keyPEM, scopes)
		for _, l := range leavers {
			body += "    { login = \"" + l + "\", date = \"2025-03-01\" },\n"
		}
		return body + "  ]\n}\n"
	}
	const addr = "oktagate_offboarding_check.leavers"
	without := `["okta.users.read", "okta.groups.read", "okta.apps.read"]`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				// Every leaver found (heidi by login, frank by id): no log read.
				Config: config(without, "heidi@initech.example", uFrank),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{"violation_count": "1", "violations.0.subject_id": uFrank}),
					logQueries(s, 0),
				),
			},
			{
				Config:      config(without, "heidi@initech.example", "ghost@initech.example"),
				ExpectError: phrases("Missing Okta scope or admin role", "okta.logs.read", "GET /api/v1/logs"),
			},
			{
				Config: config(`["okta.users.read", "okta.groups.read", "okta.apps.read", "okta.logs.read"]`, "heidi@initech.example", "ghost@initech.example"),
				Check: checkAttrs(addr, map[string]string{
					"violation_count": "1", "violations.0.subject": "ghost@initech.example", "violations.0.subject_id": "",
				}),
			},
		},
	})
}
