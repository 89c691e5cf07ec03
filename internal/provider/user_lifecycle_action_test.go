package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func lifecycleAction(name, user, op string, extra ...string) string {
	return fmt.Sprintf("action \"oktagate_user_lifecycle\" %q {\n  config {\n    user      = %q\n    operation = %q\n%s  }\n}\n",
		name, user, op, strings.Join(extra, ""))
}

// TestAccActionUserLifecycle: against a freshly generated org, each
// operation changes that user and nothing else, says which Okta request made
// the change (and the System Log names the token's owner for it), and a
// second invocation writes nothing; the guard rails refuse the token's own
// user, a SUPER_ADMIN and an ORG_ADMIN through a group before any write.
func TestAccActionUserLifecycle(t *testing.T) {
	o := actionOrg(t, 1914)
	u := plainUser(t, o, nil)
	email, _ := u.Profile["email"].(string)
	owner := o.Users[0] // the admin token's user
	superAdmin := o.Users[2]
	var orgAdminGroup *oktasim.Group
	for gid, ras := range o.GroupRoles {
		if ras[0].Type == "ORG_ADMIN" {
			orgAdminGroup = o.Group(gid)
		}
	}
	// A user who holds ORG_ADMIN only through that group.
	viaGroup := plainUser(t, o, func(x *oktasim.User) bool { return x.ID != u.ID })
	orgAdminGroup.AddMember(viaGroup.ID, orgAdminGroup.Created)
	s, provider := startSim(t, o, oktasim.Options{Unlimited: true})
	r := newActionRun(t, provider+
		lifecycleAction("suspend", u.ID, "suspend")+
		lifecycleAction("unsuspend", login(u), "unsuspend")+
		lifecycleAction("expire", email, "expire_password")+
		lifecycleAction("reset", u.ID, "reset_password")+
		lifecycleAction("self", login(owner), "suspend")+
		lifecycleAction("super", superAdmin.ID, "suspend")+
		lifecycleAction("via_group", viaGroup.ID, "deactivate")+
		lifecycleAction("via_group_allowed", viaGroup.ID, "unlock", "    allow_privileged = true\n"))
	status := func() string {
		o.RLock()
		defer o.RUnlock()
		return userByID(o, u.ID).Status
	}
	userKey := "user " + u.ID

	out := invokeOnce(t, r, s, "oktagate_user_lifecycle.suspend", userKey)
	if status() != "SUSPENDED" || !strings.Contains(out, "suspend done (was ACTIVE; Okta request id sim") {
		t.Fatalf("after suspend: %s\n%s", status(), out)
	}
	out = invokeAgain(t, r, s, "oktagate_user_lifecycle.suspend")
	if !strings.Contains(out, "already SUSPENDED; nothing to change") {
		t.Fatalf("second suspend does not say so:\n%s", out)
	}
	invokeOnce(t, r, s, "oktagate_user_lifecycle.unsuspend", userKey) // by login
	invokeAgain(t, r, s, "oktagate_user_lifecycle.unsuspend")
	if status() != "ACTIVE" {
		t.Fatalf("after unsuspend: %s", status())
	}
	invokeOnce(t, r, s, "oktagate_user_lifecycle.expire", userKey) // by email
	invokeAgain(t, r, s, "oktagate_user_lifecycle.expire")
	if status() != "PASSWORD_EXPIRED" {
		t.Fatalf("after expire_password: %s", status())
	}
	out = invokeOnce(t, r, s, "oktagate_user_lifecycle.reset", userKey)
	if status() != "RECOVERY" || strings.Contains(out, "sim-reset") || strings.Contains(out, "resetPasswordUrl") {
		t.Fatalf("after reset_password: %s\n%s", status(), out)
	}
	invokeAgain(t, r, s, "oktagate_user_lifecycle.reset")

	invokeRefused(t, r, s, "oktagate_user_lifecycle.self", "Refused", "user of the API token this provider uses")
	invokeRefused(t, r, s, "oktagate_user_lifecycle.super", "Refused", "SUPER_ADMIN role (directly)", "allow_privileged = true")
	invokeRefused(t, r, s, "oktagate_user_lifecycle.via_group", "ORG_ADMIN role (through group "+orgAdminGroup.ID+")")
	// allow_privileged lets it through (unlock: not locked out, so no write).
	out = invokeAgain(t, r, s, "oktagate_user_lifecycle.via_group_allowed")
	if !strings.Contains(out, "nothing to unlock") {
		t.Fatalf("allowed privileged user:\n%s", out)
	}
}

// TestAccActionForbiddenNamesScope: an API token whose admin may only read
// gets Okta's 403 on each write, and the error names the scope the write
// needs; nothing changes.
func TestAccActionForbiddenNamesScope(t *testing.T) {
	o := actionOrg(t, 77)
	u := plainUser(t, o, nil)
	reader := o.Users[1] // READ_ONLY_ADMIN
	o.APITokens = append(o.APITokens, &oktasim.APIToken{ID: "00Tzzzzzzzzzzzzzzzzz", Name: "reader", UserID: reader.ID,
		ClientName: "Okta API", ExpiresAt: o.APITokens[0].ExpiresAt, Network: oktasim.TokenNetwork{Connection: "ANYWHERE"}, Secret: "00reader-token-secret"})
	var gid, appID string
	for _, g := range o.Groups {
		if g.Type == "OKTA_GROUP" {
			gid = g.ID
			break
		}
	}
	appID = o.Apps[0].ID
	s, _ := startSim(t, o, oktasim.Options{Unlimited: true})
	r := newActionRun(t, providerBlock(s.URL(), "00reader-token-secret")+
		lifecycleAction("suspend", u.ID, "suspend")+
		fmt.Sprintf("action \"oktagate_group_membership_change\" \"add\" {\n  config {\n    group_id = %q\n    add      = [%q]\n  }\n}\n", gid, u.ID)+
		fmt.Sprintf("action \"oktagate_app_assignment_change\" \"assign\" {\n  config {\n    app_id = %q\n    assign = [%q]\n  }\n}\n", appID, u.ID))
	invokeFails(t, r, s, "oktagate_user_lifecycle.suspend", false, "Missing Okta scope or admin role", okta.ScopeFor("POST", "/api/v1/users/x/lifecycle/suspend"), "okta.users.manage")
	if !isMemberOf(o, gid, u.ID) {
		invokeFails(t, r, s, "oktagate_group_membership_change.add", false, "okta.groups.manage")
	}
	invokeFails(t, r, s, "oktagate_app_assignment_change.assign", false, "okta.apps.manage")
}

func isMemberOf(o *oktasim.Org, gid, uid string) bool {
	o.RLock()
	defer o.RUnlock()
	for _, id := range o.Group(gid).MemberIDs {
		if id == uid {
			return true
		}
	}
	return false
}

// TestAccActionValidation: bad arguments fail `terraform validate`, before
// anything reaches Okta.
func TestAccActionValidation(t *testing.T) {
	for _, tc := range []struct{ config, want string }{
		{lifecycleAction("x", "00u1", "delete"), `value must be one of`},
		{lifecycleAction("x", " ", "suspend"), `must not be empty or blank`},
		{lifecycleAction("x", "00u1", "reset_password", "    send_email = false\n"), `reset_password needs send_email`},
		{"action \"oktagate_offboard_user\" \"x\" {\n  config {\n    user         = \"00u1\"\n    final_status = \"DELETED\"\n  }\n}\n", `value must be one of`},
		{"action \"oktagate_group_membership_change\" \"x\" {\n  config {\n    group_id = \"00g1\"\n  }\n}\n", `At least one of these attributes must be configured`},
		{"action \"oktagate_group_membership_change\" \"x\" {\n  config {\n    group_id = \"00g1\"\n    add = [\"a@x.example\"]\n    remove = [\"A@x.example\"]\n  }\n}\n", `both added and removed`},
		{"action \"oktagate_app_assignment_change\" \"x\" {\n  config {\n    app_id = \"Salesforce\"\n    assign = [\"00u1\"]\n  }\n}\n", `must be an Okta app id`},
		{"action \"oktagate_user_factors_reset\" \"x\" {\n  config {\n    user = \"00u1\"\n    factor_types = [\"carrier_pigeon\"]\n  }\n}\n", `value must be one of`},
	} {
		r := newActionRun(t, providerBlock("https://example.okta.com", "00token")+tc.config)
		out, err := r.run("validate", "-no-color")
		if err == nil || !strings.Contains(flatten(out), tc.want) {
			t.Errorf("validate %s: err %v, want %q in\n%s", tc.config, err, tc.want, flatten(out))
		}
	}
}
