package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// snapshotHeldPath matches the requests that read a collection a stored
// snapshot holds: the users, groups and apps lists, factor lists, group
// members, app assignments and grants, and admin roles of users, groups and
// OAuth clients.
var snapshotHeldPath = regexp.MustCompile(`^(/api/v1/(users|groups|apps)` +
	`|/api/v1/users/[^/]+/(factors|roles)` +
	`|/api/v1/groups/[^/]+/(users|roles)` +
	`|/api/v1/apps/[^/]+/(users|groups|grants)` +
	`|/oauth2/v1/clients/[^/]+/roles)$`)

// heldReads returns the requests among recs that read what the snapshot holds,
// but for the user list and the factor lists: the stored snapshot keeps only
// what the checks read, login and email of a profile and no factor profile,
// and oktagate_users, whose profile is every attribute, lists the users again
// for theirs, as the data sources that show factors read the factor lists
// again for the factors' profiles (and the replay reads frank's, whom
// enrollFrank's event names).
func heldReads(recs []oktasim.RequestRecord) []string {
	var out []string
	for _, r := range recs {
		if r.Method == http.MethodGet && snapshotHeldPath.MatchString(r.Path) &&
			!strings.HasSuffix(r.Path, "/factors") && r.Path != "/api/v1/users" {
			out = append(out, r.Path)
		}
	}
	return out
}

// snapshotDataSourcesConfig reads every data source whose facts the snapshot
// holds, each with ref in its body, and with locals.
func snapshotDataSourcesConfig(provider, locals, ref string) string {
	return provider + locals + `
resource "oktagate_snapshot" "org" {}

data "oktagate_users" "all" {
  include_factors = true
  include_groups  = true
` + ref + `}

data "oktagate_user" "alice" {
  login = "alice@initech.example"
` + ref + `}

data "oktagate_user_factors" "dave" {
  user_id = "` + uDave + `"
` + ref + `}

data "oktagate_groups" "all" {
  include_members = true
` + ref + `}

data "oktagate_apps" "all" {
` + ref + `}

data "oktagate_app_assignments" "all" {
` + ref + `}

data "oktagate_admin_roles" "all" {
` + ref + `}
`
}

// deferredReads returns the data sources the plan reads at apply.
func deferredReads(req plancheck.CheckPlanRequest) []string {
	var out []string
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Mode == "data" && rc.Change != nil && rc.Change.Actions.Read() {
			out = append(out, rc.Address)
		}
	}
	return out
}

// planCheckFunc runs a function as a plan check.
type planCheckFunc func(plancheck.CheckPlanRequest) error

func (f planCheckFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req)
}

// TestAccDataSourcesReadAfterTheSnapshot re-plans after churn, when the
// snapshot has a change pending, with three ways of writing the data sources:
//   - snapshot_id through a local: the data sources are read in the plan,
//     after the snapshot was seeded from the state and replayed, and nothing
//     the snapshot holds is read from Okta;
//   - no snapshot_id: Terraform reads them alongside the snapshot, before the
//     seed, and they read those lists from Okta again;
//   - snapshot_id = oktagate_snapshot.org.id directly: Terraform defers every
//     one of them to the apply (their values are unknown in the plan), which is
//     why the documentation asks for a local.
func TestAccDataSourcesReadAfterTheSnapshot(t *testing.T) {
	t.Parallel()
	const viaLocal = "\nlocals {\n  snapshot_id = oktagate_snapshot.org.id\n}\n"
	cases := []struct {
		name, locals, ref string
		held              func(int) bool // what the re-plan's count of held reads must satisfy
		deferred          bool
	}{
		{"local", viaLocal, "  snapshot_id = local.snapshot_id\n", func(n int) bool { return n == 0 }, false},
		{"none", "", "", func(n int) bool { return n > 0 }, false},
		{"direct", "", "  snapshot_id = oktagate_snapshot.org.id\n", func(int) bool { return true }, true},
	}
	var mu sync.Mutex
	counts := map[string][2]int{} // case → {held reads, all requests} of the re-plan
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, tc := range cases {
			c := counts[tc.name]
			t.Logf("re-plan after churn, snapshot_id %s: %d requests, %d of them for what the snapshot holds", tc.name, c[1], c[0])
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			org := newTestOrg()
			// The org's id is the snapshot's first request, before it seeds the
			// plan's snapshot from the state. Slowing it makes sure a data
			// source that is not ordered after the snapshot reads before the
			// seed, as it usually does against a real org (the delay is no
			// assertion: ordered reads wait whatever it is).
			faults := &oktasim.Faults{}
			faults.Add(oktasim.FaultRule{Kind: oktasim.FaultLatency, PathPrefix: "/.well-known/okta-organization", Delay: 300 * time.Millisecond})
			s, provider := startSim(t, org, oktasim.Options{Unlimited: true, Faults: faults})
			config := snapshotDataSourcesConfig(provider, tc.locals, tc.ref)
			replan := planCheckFunc(func(req plancheck.CheckPlanRequest) error {
				recs := s.Requests()
				held := heldReads(recs)
				mu.Lock()
				counts[tc.name] = [2]int{len(held), len(recs)}
				mu.Unlock()
				if deferred := deferredReads(req); (len(deferred) > 0) != tc.deferred {
					return fmt.Errorf("data sources read at apply: %v; want deferred reads: %t", deferred, tc.deferred)
				}
				if !tc.held(len(held)) {
					return fmt.Errorf("the re-plan made %d requests for what the snapshot holds: %s", len(held), strings.Join(held, ", "))
				}
				return nil
			})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(nil),
				Steps: []resource.TestStep{
					{
						// The first apply reads the whole org and stores it.
						Config: config,
						Check: resource.ComposeAggregateTestCheckFunc(
							checkAttrs("data.oktagate_users.all", map[string]string{
								"users.#": "7", "users.0.factors.#": "3", "users.5.id": uFrank, "users.5.factors.#": "0",
								"users.0.group_ids.#": "2", "users.0.profile.costCenter": "CC-Eng",
							}),
							checkAttrs("data.oktagate_user.alice", map[string]string{"id": uAlice, "factors.#": "3", "group_ids.#": "2"}),
							checkAttrs("data.oktagate_user_factors.dave", map[string]string{"factors.#": "2", "active_factor_types.#": "2"}),
							checkAttrs("data.oktagate_groups.all", map[string]string{"groups.#": "3", "groups.1.member_ids.#": "3"}),
							checkAttrs("data.oktagate_apps.all", map[string]string{"apps.#": "3", "apps.0.granted_scopes.#": "2"}),
							checkAttrs("data.oktagate_app_assignments.all", map[string]string{"users.#": "5", "groups.#": "2"}),
							checkAttrs("data.oktagate_admin_roles.all", map[string]string{"assignments.#": "2"}),
						),
					},
					{
						// Frank enrolls a factor: the snapshot plans an update.
						PreConfig: func() {
							enrollFrank(org)
							s.ResetRequests()
						},
						Config:             config,
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{replan},
						},
					},
					{
						// What the data sources read is current: frank's new
						// factor is there.
						Config: config,
						Check: checkAttrs("data.oktagate_users.all", map[string]string{
							"users.5.id": uFrank, "users.5.factors.#": "1", "users.5.factors.0.factor_type": "webauthn",
							// Seeded from the state, yet every profile attribute,
							// and the factors' profiles, which the state does not hold.
							"users.0.profile.costCenter":            "CC-Eng",
							"users.0.profile.firstName":             "Alice",
							"users.0.factors.0.profile.name":        "Alice's iPhone",
							"users.0.factors.2.profile.phoneNumber": "+1 555 0100",
						}),
					},
					{
						// oktagate_user and oktagate_user_factors too.
						Config: config,
						Check: resource.ComposeAggregateTestCheckFunc(
							checkAttrs("data.oktagate_user.alice", map[string]string{
								"first_name": "Alice", "department": "Engineering",
								"factors.1.profile.authenticatorName": "YubiKey 5 NFC",
							}),
							checkAttrs("data.oktagate_user_factors.dave", map[string]string{
								"factors.1.profile.questionText": "What is your favorite stapler?",
							}),
						),
					},
				},
			})
		})
	}
}

// TestAccDataSourceSnapshotIDOfAnotherOrg: a snapshot_id that is not an org id
// fails validation; the id of another org than the one the data source reads
// (a provider alias mix-up) fails the read, naming both orgs.
func TestAccDataSourceSnapshotIDOfAnotherOrg(t *testing.T) {
	t.Parallel()
	_, provider := startCheckSim(t, newTestOrg())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: provider + `
data "oktagate_apps" "all" {
  snapshot_id = "https://initech.okta.com"
}
`,
				PlanOnly:    true,
				ExpectError: phrase("must be an org id (00o…)"),
			},
			{
				Config: provider + `
data "oktagate_admin_roles" "all" {
  snapshot_id = "00o2globex0000000000"
}
`,
				PlanOnly: true,
				ExpectError: regexp.MustCompile(phrase("snapshot_id names a snapshot of another org").String() + `(?s).*` +
					phrase("snapshot_id is 00o2globex0000000000, but the provider configuration this data source uses reads org 00o1initech000000000").String()),
			},
		},
	})
}
