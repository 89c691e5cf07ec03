package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// remediationConfig is the guide's pull-request flow: the offboarding check
// (enforcement "warn", so the plan shows the findings without failing) and
// oktagate_offboard_user for each of its violations.
func remediationConfig(provider string, leavers ...string) string {
	var entries []string
	for _, l := range leavers {
		entries = append(entries, fmt.Sprintf("{ login = %q, date = \"2026-01-05\" }", l))
	}
	return provider + `
resource "oktagate_offboarding_check" "leavers" {
  enforcement = "warn"
  offboarded  = [` + strings.Join(entries, ", ") + `]
}

action "oktagate_offboard_user" "leavers" {
  for_each = { for v in oktagate_offboarding_check.leavers.violations : v.subject_id => v.reason }

  config {
    user = each.key
  }
}
`
}

// TestAccActionRemediationFlow: the offboarding check's violations drive
// oktagate_offboard_user with for_each; the configuration plans; invoking
// the action for each finding fixes it (the System Log names the token's
// owner); the next plan shows the check passing.
func TestAccActionRemediationFlow(t *testing.T) {
	o := actionOrg(t, 1901)
	u1, want1 := leaver(t, o)
	u2, want2 := leaver(t, o, u1.ID)
	wants := map[string][]string{u1.ID: want1, u2.ID: want2}
	s, provider := startSim(t, o, oktasim.Options{Unlimited: true})
	r := newActionRun(t, remediationConfig(provider, login(u1), u2.ID))

	out, err := r.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("apply of the check: %v\n%s", err, out)
	}
	state, err := r.run("show", "-no-color")
	if err != nil || !strings.Contains(state, `status             = "fail"`) && !strings.Contains(flatten(state), `status = "fail"`) {
		t.Fatalf("the check does not fail before the fix: %v\n%s", err, state)
	}
	for _, u := range []*oktasim.User{u1, u2} {
		out := invokeOnce(t, r, s, fmt.Sprintf("oktagate_offboard_user.leavers[%q]", u.ID), wants[u.ID]...)
		if !strings.Contains(out, "status: ACTIVE → DEPROVISIONED") {
			t.Fatalf("invoking for %s:\n%s", u.ID, out)
		}
	}
	out, err = r.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("apply after the fix: %v\n%s", err, out)
	}
	state, _ = r.run("show", "-no-color")
	if !strings.Contains(flatten(state), `status = "pass"`) {
		t.Fatalf("the check does not pass after the fix:\n%s", state)
	}
}

// TestAccActionTrigger: an action_trigger in a resource's lifecycle invokes
// the action during apply (the guide's "Triggering from a resource"), and
// applying again, with nothing created, invokes nothing.
func TestAccActionTrigger(t *testing.T) {
	o := actionOrg(t, 606)
	u := plainUser(t, o, nil)
	o.Sessions = map[string]int{u.ID: 1}
	s, provider := startSim(t, o, oktasim.Options{Unlimited: true})
	r := newActionRun(t, provider+fmt.Sprintf(`
action "oktagate_user_sessions_revoke" "leo" {
  config {
    user = %q
  }
}

resource "terraform_data" "incident_1234" {
  input = %q

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.oktagate_user_sessions_revoke.leo]
    }
  }
}
`, u.ID, u.ID))
	out, err := r.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil || !strings.Contains(flatten(out), "sessions revoked with OAuth tokens") {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	o.RLock()
	left := o.Sessions[u.ID]
	o.RUnlock()
	if left != 0 {
		t.Fatalf("%d sessions left", left)
	}
	s.ResetRequests()
	if out, err := r.run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil || len(writes(s, true)) > 0 {
		t.Fatalf("second apply: %v, writes %v\n%s", err, writes(s, true), out)
	}
}
