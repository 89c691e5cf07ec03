package provider

import (
	"fmt"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestAccActionAppAssignmentChange: assigning one user and unassigning
// another changes that app only; a second invocation writes nothing; a user
// assigned through a group is refused before any change, naming the way out.
func TestAccActionAppAssignmentChange(t *testing.T) {
	o := actionOrg(t, 99)
	var app *oktasim.App
	var direct string
	inAppGroup := func(a *oktasim.App, uid string) bool {
		for _, ag := range a.Groups {
			if isMemberOfLocked(o.Group(ag.GroupID), uid) {
				return true
			}
		}
		return false
	}
	for _, a := range o.Apps {
		for _, au := range a.Users {
			if u := userByID(o, au.UserID); au.Scope == "USER" && u.Status == "ACTIVE" && len(o.UserRoles[u.ID]) == 0 && !inAppGroup(a, u.ID) {
				app, direct = a, au.UserID
				break
			}
		}
		if app != nil {
			break
		}
	}
	if app == nil {
		t.Fatal("no app with a direct assignment")
	}
	assigned := func(uid string) bool {
		for _, au := range app.Users {
			if au.UserID == uid {
				return true
			}
		}
		return false
	}
	newUser := plainUser(t, o, func(u *oktasim.User) bool { return !assigned(u.ID) && u.ID != direct && !inAppGroup(app, u.ID) })
	// A user assigned through a group: a plain user made a member of a group
	// some app has (and not assigned to it directly).
	var viaGroup *oktasim.App
	var viaUser string
	for _, a := range o.Apps {
		for _, ag := range a.Groups {
			if g := o.Group(ag.GroupID); viaGroup == nil && g.Type == "OKTA_GROUP" && len(o.GroupRoles[g.ID]) == 0 {
				u := plainUser(t, o, func(u *oktasim.User) bool {
					for _, au := range a.Users {
						if au.UserID == u.ID {
							return false
						}
					}
					return u.ID != newUser.ID && u.ID != direct
				})
				g.AddMember(u.ID, g.Created)
				viaGroup, viaUser = a, u.ID
			}
		}
	}
	s, provider := startSim(t, o, oktasim.Options{Unlimited: true})
	config := provider + fmt.Sprintf(`
action "oktagate_app_assignment_change" "x" {
  config {
    app_id   = %q
    assign   = [%q]
    unassign = [%q]
  }
}
`, app.ID, newUser.ID, direct)
	if viaGroup != nil {
		config += fmt.Sprintf("action \"oktagate_app_assignment_change\" \"group\" {\n  config {\n    app_id   = %q\n    unassign = [%q]\n  }\n}\n", viaGroup.ID, viaUser)
	}
	r := newActionRun(t, config)
	invokeOnce(t, r, s, "oktagate_app_assignment_change.x", "app "+app.ID)
	o.RLock()
	ok := assigned(newUser.ID) && !assigned(direct)
	o.RUnlock()
	if !ok {
		t.Fatal("assignments not changed")
	}
	invokeAgain(t, r, s, "oktagate_app_assignment_change.x")
	if viaGroup == nil {
		t.Fatal("the generated org has no user assigned through a group")
	}
	invokeRefused(t, r, s, "oktagate_app_assignment_change.group", "Assigned through a group", "oktagate_group_membership_change")
}
