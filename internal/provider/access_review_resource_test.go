package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// accessReviewOrg is Initech with erin assigned directly to the Initech Portal,
// whose users are otherwise alice (directly, but a member of Engineering) and
// carol and dave (through the Engineering group).
func accessReviewOrg() *oktasim.Org {
	org := newTestOrg()
	portal := org.Apps[0]
	portal.Users = append(portal.Users, oktasim.AppUser{UserID: uErin, Scope: "USER", Status: "ACTIVE",
		SyncState: "DISABLED", Created: ts(16, 1), LastUpdated: ts(16, 1)})
	return org
}

func TestAccAccessReview(t *testing.T) {
	t.Parallel()
	s, provider := startCheckSim(t, accessReviewOrg())
	const addr = "oktagate_access_review.portal"
	// The fingerprint changes at every step that adds it.
	fp := statecheck.CompareValue(compare.ValuesDiffer())
	recent, stale := daysAgo(10), daysAgo(200)
	config := func(reviewedOn, body string) string {
		return provider + `
resource "oktagate_access_review" "portal" {
  app_id             = "` + aPortal + `"
  approved_group_ids = ["` + gEng + `"]
  reviewed_by        = "alice@initech.example"
  reviewed_on        = "` + reviewedOn + `"
` + body + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config(recent, `  enforcement = "warn"`+"\n"),
				Check: checkAttrs(addr, map[string]string{
					"max_review_age_days":     "90",
					"status":                  "fail",
					"subjects_evaluated":      "5", // four users and one group
					"violation_count":         "1",
					"violations.0.subject":    "erin@initech.example",
					"violations.0.subject_id": uErin,
					"violations.0.reason":     "assigned directly (scope USER), not an approved user or member of an approved group",
					"controls.#":              "8",
					"controls.4":              "NIST800-53r5 AC-6(7)",
				}),
			},
			{
				Config:   config(recent, `  enforcement = "warn"`+"\n"),
				PlanOnly: true,
			},
			{
				Config:      config(recent, ""),
				ExpectError: phrases("Compliance check failed: oktagate_access_review of Initech Portal ("+aPortal+") (1 violation", "erin@initech.example ("+uErin+"): assigned directly"),
			},
			{
				// A stale review is itself a violation, whatever the exceptions.
				Config:      config(stale, exception("erin@initech.example", farFuture)),
				ExpectError: phrases("(1 violation,", "Initech Portal ("+aPortal+"): review on "+stale, "days old, limit 90"),
			},
			{
				Config:      provider + "resource \"oktagate_access_review\" \"portal\" {\n  app_id = \"0oa9999999999999999x\"\n  reviewed_on = \"" + recent + "\"\n}\n",
				ExpectError: phrases("Cannot evaluate oktagate_access_review of app 0oa9999999999999999x", "no app 0oa9999999999999999x in the org"),
			},
			{
				// Approving erin by login (in any case) passes the review.
				Config:            config(recent, `  enforcement = "warn"`+"\n  approved_users = [\"ERIN@initech.example\"]\n"),
				ConfigPlanChecks:  updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{"status": "pass", "violation_count": "0", "violations.#": "0"}),
				),
			},
			{
				// Someone assigns frank to the app in Okta: the review's plan shows it.
				PreConfig: func() {
					org := s.Org()
					org.Lock()
					defer org.Unlock()
					portal := org.Apps[0]
					portal.Users = append(portal.Users, oktasim.AppUser{UserID: uFrank, Scope: "USER", Status: "ACTIVE",
						SyncState: "DISABLED", Created: ts(17, 1), LastUpdated: ts(17, 1)})
				},
				Config:            config(recent, `  enforcement = "warn"`+"\n  approved_users = [\"ERIN@initech.example\"]\n"),
				ConfigPlanChecks:  updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{"status": "fail", "violation_count": "1", "violations.0.subject": "frank@initech.example"}),
					onlyReads(s),
				),
			},
		},
	})
}
