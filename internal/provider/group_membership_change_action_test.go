package provider

import (
	"fmt"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestAccActionGroupMembershipChange: adding one user and removing another
// changes that group only; a second invocation writes nothing; a privileged
// user among them stops the whole action before the first change; a
// BUILT_IN group is refused.
func TestAccActionGroupMembershipChange(t *testing.T) {
	o := actionOrg(t, 808)
	var g, everyone *oktasim.Group
	for _, x := range o.Groups {
		if x.Type == "OKTA_GROUP" && len(o.GroupRoles[x.ID]) == 0 && g == nil {
			g = x
		}
		if x.Type == "BUILT_IN" {
			everyone = x
		}
	}
	outsider := plainUser(t, o, func(u *oktasim.User) bool { return !isMemberOfLocked(g, u.ID) })
	member := plainUser(t, o, func(u *oktasim.User) bool { return u.ID != outsider.ID })
	g.AddMember(member.ID, g.Created)
	s, provider := startSim(t, o, oktasim.Options{Unlimited: true})
	r := newActionRun(t, provider+fmt.Sprintf(`
action "oktagate_group_membership_change" "x" {
  config {
    group_id = %q
    add      = [%q]
    remove   = [%q]
  }
}

action "oktagate_group_membership_change" "privileged" {
  config {
    group_id = %q
    add      = [%q, %q]
  }
}

action "oktagate_group_membership_change" "everyone" {
  config {
    group_id = %q
    remove   = [%q]
  }
}
`, g.ID, login(outsider), member.ID, g.ID, outsider.ID, o.Users[2].ID, everyone.ID, outsider.ID))
	invokeOnce(t, r, s, "oktagate_group_membership_change.x", "group "+g.ID)
	if !isMemberOf(o, g.ID, outsider.ID) || isMemberOf(o, g.ID, member.ID) {
		t.Fatal("membership not changed")
	}
	invokeAgain(t, r, s, "oktagate_group_membership_change.x")
	invokeRefused(t, r, s, "oktagate_group_membership_change.privileged", "SUPER_ADMIN")
	invokeRefused(t, r, s, "oktagate_group_membership_change.everyone", "is of type BUILT_IN")
}
