package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// leaver picks a plain ACTIVE user with a direct app assignment and an
// OKTA_GROUP membership, gives it open sessions, and returns it with the
// state keys offboarding it must change (and nothing else).
func leaver(t *testing.T, o *oktasim.Org, not ...string) (*oktasim.User, []string) {
	t.Helper()
	directApps := func(id string) []string {
		var keys []string
		for _, a := range o.Apps {
			for _, au := range a.Users {
				if au.UserID == id && au.Scope == "USER" {
					keys = append(keys, "app "+a.ID)
				}
			}
		}
		return keys
	}
	oktaGroups := func(id string) []string {
		var keys []string
		for _, g := range o.Groups {
			if g.Type == "OKTA_GROUP" && isMemberOfLocked(g, id) {
				keys = append(keys, "group "+g.ID)
			}
		}
		return keys
	}
	u := plainUser(t, o, func(u *oktasim.User) bool {
		for _, n := range not {
			if u.ID == n {
				return false
			}
		}
		return len(directApps(u.ID)) > 0 && len(oktaGroups(u.ID)) > 0
	})
	if o.Sessions == nil {
		o.Sessions = map[string]int{}
	}
	o.Sessions[u.ID] = 2
	want := append(append([]string{"user " + u.ID, "sessions " + u.ID}, directApps(u.ID)...), oktaGroups(u.ID)...)
	return u, want
}

func isMemberOfLocked(g *oktasim.Group, id string) bool {
	for _, m := range g.MemberIDs {
		if m == id {
			return true
		}
	}
	return false
}

// TestAccActionOffboardUser: offboarding a user of a generated org revokes
// its sessions, removes it from its OKTA_GROUPs (keeping Everyone), removes
// its direct app assignments and deprovisions it, changing nothing else; a
// second invocation writes nothing. final_status = "SUSPENDED" suspends
// instead.
func TestAccActionOffboardUser(t *testing.T) {
	o := actionOrg(t, 2026)
	u, want := leaver(t, o)
	u3, want3 := leaver(t, o, u.ID)
	s, provider := startSim(t, o, oktasim.Options{Unlimited: true})
	r := newActionRun(t, provider+fmt.Sprintf(`
action "oktagate_offboard_user" "leo" {
  config {
    user = %q
  }
}

action "oktagate_offboard_user" "suspend" {
  config {
    user         = %q
    final_status = "SUSPENDED"
  }
}
`, login(u), u3.ID))

	out := invokeOnce(t, r, s, "oktagate_offboard_user.leo", want...)
	for _, step := range []string{"sessions: revoked", "groups: removed from", "groups: kept Everyone (BUILT_IN", "apps: unassigned from", "status: ACTIVE → DEPROVISIONED"} {
		if !strings.Contains(out, step) {
			t.Errorf("the output lacks %q\n%s", step, out)
		}
	}
	if i, j := strings.Index(out, "sessions: revoked"), strings.Index(out, "status: ACTIVE"); i < 0 || j < i {
		t.Errorf("steps out of order\n%s", out)
	}
	out = invokeAgain(t, r, s, "oktagate_offboard_user.leo")
	if !strings.Contains(out, "status: already DEPROVISIONED") || !strings.Contains(out, "groups: no group to leave") {
		t.Fatalf("second invocation:\n%s", out)
	}

	// SUSPENDED: the same steps, and the user suspended.
	out = invokeOnce(t, r, s, "oktagate_offboard_user.suspend", want3...)
	if !strings.Contains(out, "status: ACTIVE → SUSPENDED") {
		t.Fatalf("final_status SUSPENDED:\n%s", out)
	}
	out = invokeAgain(t, r, s, "oktagate_offboard_user.suspend")
	if !strings.Contains(out, "sessions: SUSPENDED, so Okta already ended them") || !strings.Contains(out, "status: already SUSPENDED") {
		t.Fatalf("second SUSPENDED invocation:\n%s", out)
	}
}

// TestAccActionOffboardUserResumes: after a failure at the apps step, the org
// holds exactly the steps before it; invoking again completes the rest and
// changes only what was left.
func TestAccActionOffboardUserResumes(t *testing.T) {
	o := actionOrg(t, 4242)
	u, want := leaver(t, o)
	faults := &oktasim.Faults{}
	s, provider := startSim(t, o, oktasim.Options{Unlimited: true, Faults: faults})
	r := newActionRun(t, provider+fmt.Sprintf("action \"oktagate_offboard_user\" \"x\" {\n  config {\n    user = %q\n  }\n}\n", u.ID))
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultForbidden, Method: "DELETE", PathPrefix: "/api/v1/apps/", Count: 1})
	before := orgState(t, s)
	out, err := r.invoke("oktagate_offboard_user.x")
	if err == nil {
		t.Fatalf("the apps step did not fail\n%s", out)
	}
	for _, m := range []string{"Offboarding stopped at the apps step", "done before it: sessions revoked", "removed from group", "Invoke the action again to complete the rest", "okta.apps.manage"} {
		if !strings.Contains(out, m) {
			t.Errorf("the failure lacks %q\n%s", m, out)
		}
	}
	var groupsAndSessions, rest []string
	for _, k := range want {
		if strings.HasPrefix(k, "group ") || strings.HasPrefix(k, "sessions ") {
			groupsAndSessions = append(groupsAndSessions, k)
		} else {
			rest = append(rest, k)
		}
	}
	if got := changed(before, orgState(t, s)); strings.Join(got, ",") != strings.Join(sortedCopy(groupsAndSessions), ",") {
		t.Fatalf("after the failure changed %v, want the sessions and groups steps only %v", got, groupsAndSessions)
	}
	out = invokeOnce(t, r, s, "oktagate_offboard_user.x", rest...)
	if !strings.Contains(out, "status: ACTIVE → DEPROVISIONED") || !strings.Contains(out, "groups: no group to leave") {
		t.Fatalf("resumed:\n%s", out)
	}
	invokeAgain(t, r, s, "oktagate_offboard_user.x")
}
