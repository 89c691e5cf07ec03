package provider

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

const snapshotAddr = "oktagate_snapshot.org"

// snapshotConfig is a gate that keeps its snapshot in the state: the snapshot
// resource, and an MFA check planned after it.
func snapshotConfig(provider, snapshotBody string) string {
	return provider + `
resource "oktagate_snapshot" "org" {
` + snapshotBody + `}

resource "oktagate_mfa_check" "staff" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}
`
}

// enrollFrank gives frank an ACTIVE factor and logs it as Okta would.
func enrollFrank(org *oktasim.Org) {
	org.Lock()
	defer org.Unlock()
	// A little in the past: a plan reads the log up to the start of its own
	// second, and Okta publishes events with a delay too.
	now := time.Now().UTC().Add(-2 * time.Second)
	org.Factors[uFrank] = append(org.Factors[uFrank], &oktasim.Factor{
		ID: "fufsnap0000000000001", UserID: uFrank, FactorType: "webauthn", Provider: "FIDO", VendorName: "FIDO",
		Status: "ACTIVE", Created: now, LastUpdated: now, Profile: map[string]any{"authenticatorName": "YubiKey"},
	})
	org.Logs = append(org.Logs, &oktasim.LogEvent{
		UUID: "snapshot-test-factor-activate", Published: now, EventType: "user.mfa.factor.activate",
		Severity: "INFO", OutcomeResult: "SUCCESS", Actor: oktasim.LogParty{ID: uFrank, Type: "User"},
		Targets: []oktasim.LogParty{{ID: uFrank, Type: "User", AlternateID: "frank@initech.example"}},
	})
}

// listedWhole fails when the simulator saw a request that lists a whole
// collection a stored snapshot holds: users, group members or app users.
func listedWhole(s *oktasim.Server) error {
	for _, r := range s.Requests() {
		whole := r.Path == "/api/v1/users" ||
			(strings.HasPrefix(r.Path, "/api/v1/groups/") && strings.HasSuffix(r.Path, "/users")) ||
			(strings.HasPrefix(r.Path, "/api/v1/apps/") && strings.HasSuffix(r.Path, "/users"))
		if r.Method == http.MethodGet && whole {
			return fmt.Errorf("the plan listed %s although the snapshot holds it", r.Path)
		}
	}
	return nil
}

func TestAccSnapshotReplaysTheSystemLog(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	s, provider := startCheckSim(t, org)
	// Each changes at every step that adds it.
	cursor := statecheck.CompareValue(compare.ValuesDiffer())
	fingerprint := statecheck.CompareValue(compare.ValuesDiffer())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				// The first apply reads the whole org and stores it.
				Config:            snapshotConfig(provider, ""),
				ConfigStateChecks: []statecheck.StateCheck{cursor.AddStateValue(snapshotAddr, tfjsonpath.New("log_cursor")), fingerprint.AddStateValue(snapshotAddr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(snapshotAddr, map[string]string{
						"id":    org.ID,
						"users": strconv.Itoa(len(org.Users)),
						"apps":  strconv.Itoa(len(org.Apps)),
					}),
					resource.TestMatchResourceAttr(snapshotAddr, "fingerprint", regexp.MustCompile(`^[0-9a-f]{64}$`)),
					resource.TestMatchResourceAttr(snapshotAddr, "factors", regexp.MustCompile(`^[1-9][0-9]*$`)),
					checkAttrs("oktagate_mfa_check.staff", map[string]string{"violation_count": "2"}),
				),
			},
			{
				// Nothing happened in the org: no change, and nothing listed.
				PreConfig: s.ResetRequests,
				Config:    snapshotConfig(provider, ""),
				PlanOnly:  true,
			},
			{
				// Frank enrolls a factor. The plan replays the log: the snapshot
				// moves its cursor, the check sees frank's factor, and no whole
				// collection is listed again.
				PreConfig: func() {
					if err := listedWhole(s); err != nil {
						t.Errorf("unchanged org: %v", err)
					}
					enrollFrank(org)
					s.ResetRequests()
				},
				Config: snapshotConfig(provider, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(snapshotAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{cursor.AddStateValue(snapshotAddr, tfjsonpath.New("log_cursor")), fingerprint.AddStateValue(snapshotAddr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs("oktagate_mfa_check.staff", map[string]string{
						"violation_count":      "1",
						"violations.0.subject": "erin@initech.example",
					}),
					func(*terraform.State) error { return listedWhole(s) },
					func(*terraform.State) error {
						for _, r := range s.Requests() {
							if r.Path == "/api/v1/users/"+uFrank+"/factors" {
								return nil
							}
						}
						return fmt.Errorf("frank's factors were not read again")
					},
				),
			},
		},
	})
}

func TestAccSnapshotCacheDirServesPlansThatAreNeverApplied(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	s, provider := startCheckSim(t, org)
	dir := t.TempDir()
	config := snapshotConfig(provider, fmt.Sprintf("  cache_dir    = %q\n  rescan_after = \"720h\"\n", dir))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				// The first plan reads the whole org and writes the cache file.
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// The next plan starts from the file: no whole list is read again,
				// and frank's new factor reaches the check through the log.
				PreConfig: func() {
					files, _ := filepath.Glob(filepath.Join(dir, "oktagate-snapshot-*[0-9a-f].gz"))
					if len(files) != 1 {
						t.Errorf("cache_dir holds %v, want one snapshot file", files)
					}
					enrollFrank(org)
					s.ResetRequests()
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					if err := listedWhole(s); err != nil {
						t.Errorf("plan from cache_dir: %v", err)
					}
					// A corrupt file is reported and the plan reads the org.
					files, _ := filepath.Glob(filepath.Join(dir, "oktagate-snapshot-*[0-9a-f].gz"))
					for _, f := range files {
						if err := os.WriteFile(f, []byte("not a snapshot"), 0o600); err != nil {
							t.Error(err)
						}
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// TestAccSnapshotIsStoredWhenTheOrgChangesBeforeApply: Terraform plans every
// changed resource again when it applies a saved plan. When the org changed
// in between, a check's results differ from its plan and Terraform stops,
// as the CI guide says; the snapshot, applied first, is stored all the same,
// and the next plan starts from it instead of reading the org again.
func TestAccSnapshotIsStoredWhenTheOrgChangesBeforeApply(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	s, provider := startCheckSim(t, org)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: snapshotConfig(provider, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(snapshotAddr, plancheck.ResourceActionCreate),
					planCheckFunc(func(plancheck.CheckPlanRequest) error { enrollFrank(org); return nil }), // between the plan and the apply
				}},
				ExpectError: regexp.MustCompile(`inconsistent final plan`),
			},
			{
				PreConfig: s.ResetRequests,
				Config:    snapshotConfig(provider, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// Stored by the failed apply: not planned as a create.
					planCheckFunc(func(req plancheck.CheckPlanRequest) error {
						for _, rc := range req.Plan.ResourceChanges {
							if rc.Address == snapshotAddr && rc.Change.Actions.Create() {
								return fmt.Errorf("%s is planned as a create: the failed apply did not store it", snapshotAddr)
							}
						}
						return nil
					}),
					// The plan starts from the stored snapshot. (Not the apply:
					// the snapshot has no change, so Terraform does not plan it
					// again there, and the check created there reads the org.)
					planCheckFunc(func(plancheck.CheckPlanRequest) error { return listedWhole(s) }),
				}},
				Check: checkAttrs("oktagate_mfa_check.staff", map[string]string{"violation_count": "1"}),
			},
		},
	})
}

// enrollWebAuthn gives a user an ACTIVE factor and logs it, published at the
// given time, as Okta would.
func enrollWebAuthn(org *oktasim.Org, userID, login, factorID string, published time.Time) {
	org.Lock()
	defer org.Unlock()
	org.Factors[userID] = append(org.Factors[userID], &oktasim.Factor{
		ID: factorID, UserID: userID, FactorType: "webauthn", Provider: "FIDO", VendorName: "FIDO",
		Status: "ACTIVE", Created: published, LastUpdated: published, Profile: map[string]any{"authenticatorName": "YubiKey"},
	})
	org.Logs = append(org.Logs, &oktasim.LogEvent{
		UUID: "as-of-test-" + factorID, Published: published, EventType: "user.mfa.factor.activate",
		Severity: "INFO", OutcomeResult: "SUCCESS", Actor: oktasim.LogParty{ID: userID, Type: "User"},
		Targets: []oktasim.LogParty{{ID: userID, Type: "User", AlternateID: login}},
	})
}

// TestAccAsOfKeepsTheApplyConsistentWithItsPlan: a stored snapshot, a change
// the plan sees (frank enrolls), and one made after the plan, before the
// apply (erin enrolls). Terraform plans the changed check again when it
// applies the saved plan. With as_of = plantimestamp() the snapshot is brought
// to the plan's instant in the apply too, so the check's results are the
// plan's and the apply succeeds; erin's change waits for the next plan.
// Without as_of the same sequence stops the apply, which shows the test can
// fail.
func TestAccAsOfKeepsTheApplyConsistentWithItsPlan(t *testing.T) {
	t.Parallel()
	for _, asOf := range []bool{true, false} {
		t.Run(fmt.Sprintf("as_of=%t", asOf), func(t *testing.T) {
			t.Parallel()
			org := newTestOrg()
			_, provider := startCheckSim(t, org)
			if asOf {
				provider = strings.Replace(provider, "  api_token", "  as_of     = plantimestamp()\n  api_token", 1)
			}
			config := snapshotConfig(provider, "")
			second := resource.TestStep{
				PreConfig: func() {
					// Before the plan: in its window.
					enrollWebAuthn(org, uFrank, "frank@initech.example", "fufasof0000000000001", time.Now().UTC().Add(-2*time.Second))
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("oktagate_mfa_check.staff", plancheck.ResourceActionUpdate),
					// After the plan, before the apply.
					planCheckFunc(func(plancheck.CheckPlanRequest) error {
						// Past the plan's second; and the apply, which reads the
						// log up to the start of its own second, starts a
						// second later still.
						time.Sleep(1100 * time.Millisecond)
						enrollWebAuthn(org, uErin, "erin@initech.example", "fufasof0000000000002", time.Now().UTC())
						time.Sleep(1100 * time.Millisecond)
						return nil
					}),
				}},
			}
			if asOf {
				second.Check = checkAttrs("oktagate_mfa_check.staff", map[string]string{
					"violation_count":      "1",
					"violations.0.subject": "erin@initech.example",
				})
				second.ExpectNonEmptyPlan = true // erin's factor, for the next plan
			} else {
				second.ExpectError = regexp.MustCompile(`inconsistent final plan`)
			}
			steps := []resource.TestStep{
				{Config: config, Check: checkAttrs("oktagate_mfa_check.staff", map[string]string{"violation_count": "2"})},
				second,
			}
			if asOf {
				// The next plan sees erin's factor.
				steps = append(steps, resource.TestStep{
					Config: config,
					Check:  checkAttrs("oktagate_mfa_check.staff", map[string]string{"violation_count": "0"}),
				})
			}
			resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(nil), Steps: steps})
		})
	}
}

// wholeLists counts the requests that list a whole collection (see
// listedWhole).
func wholeLists(s *oktasim.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == http.MethodGet && (r.Path == "/api/v1/users" ||
			(strings.HasPrefix(r.Path, "/api/v1/groups/") && strings.HasSuffix(r.Path, "/users")) ||
			(strings.HasPrefix(r.Path, "/api/v1/apps/") && strings.HasSuffix(r.Path, "/users"))) {
			n++
		}
	}
	return n
}

// TestAccApplyStartsFromThePlansSnapshot: applying a saved plan, Terraform
// plans each changed resource again in a new provider process. With as_of =
// plantimestamp(), the snapshot that the apply creates, and a check that
// changed while the snapshot did not, start from the snapshot the plan left
// (plan_handoff.go) instead of reading the whole org again: without it, the
// first apply read the org twice, and a new check's apply once more.
func TestAccApplyStartsFromThePlansSnapshot(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	s, provider := startCheckSim(t, org)
	provider = strings.Replace(provider, "  api_token", "  as_of     = plantimestamp()\n  api_token", 1)
	config := snapshotConfig(provider, "")
	withNewCheck := config + `
resource "oktagate_inactive_users_check" "stale" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}
`
	planned := 0
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				PreConfig: s.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planCheckFunc(func(plancheck.CheckPlanRequest) error {
						if planned = wholeLists(s); planned == 0 {
							return errors.New("the first plan listed nothing whole: it cannot have read the org")
						}
						return nil
					}),
				}},
				Check: func(*terraform.State) error {
					if n := wholeLists(s); n != planned {
						return fmt.Errorf("the apply listed %d collections whole again (the plan: %d)", n-planned, planned)
					}
					return nil
				},
			},
			{
				PreConfig: s.ResetRequests,
				Config:    withNewCheck,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(snapshotAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("oktagate_inactive_users_check.stale", plancheck.ResourceActionCreate),
					planCheckFunc(func(plancheck.CheckPlanRequest) error { return listedWhole(s) }),
				}},
				Check: func(*terraform.State) error { return listedWhole(s) },
			},
			{
				// The org changed: the plan replays the log into the stored
				// snapshot and leaves no handoff, since the apply plans the
				// snapshot again from the same state before the checks; and
				// the apply reads nothing whole.
				PreConfig: func() {
					_ = os.Remove(handoffFile(s.URL()))
					s.ResetRequests()
					enrollFrank(org)
				},
				Config: withNewCheck,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(snapshotAddr, plancheck.ResourceActionUpdate),
					planCheckFunc(func(plancheck.CheckPlanRequest) error {
						switch _, err := os.Stat(handoffFile(s.URL())); {
						case err == nil:
							return errors.New("a plan replayed from the state left a handoff")
						case !errors.Is(err, os.ErrNotExist):
							return fmt.Errorf("looking for the handoff: %w", err)
						}
						return listedWhole(s)
					}),
				}},
				Check: func(*terraform.State) error { return listedWhole(s) },
			},
		},
	})
}
