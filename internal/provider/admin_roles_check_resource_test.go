package provider

import (
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// adminRolesBody approves every role of the Initech + Globex org but eve's
// ORG_ADMIN and the Org admins group's, and allows one super admin.
const adminRolesBody = `  max_super_admins = 1
  approved = [
    { subject = "alice@initech.example", roles = ["SUPER_ADMIN"] },
    { subject = "ANN@globex.example", roles = ["super_admin"] },
    { subject = "Engineering", roles = ["READ_ONLY_ADMIN"] },
    { subject = "` + uGxCat + `", roles = ["READ_ONLY_ADMIN"] },
    { subject = "Help desk", roles = ["HELP_DESK_ADMIN"] },
    { subject = "0oascannerclient0gx1", roles = ["READ_ONLY_ADMIN"] },
    { subject = "left@globex.example", roles = ["ORG_ADMIN"] },
  ]
`

// TestAccAdminRolesCheck: roles held directly, through groups (judged on the
// group: ben, who holds ORG_ADMIN only through Org admins, is never named)
// and by an OAuth client; two users holding SUPER_ADMIN where one is allowed.
func TestAccAdminRolesCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addGlobexRoles(org)
	checkLifecycle{
		typ: "oktagate_admin_roles_check", name: "admins", org: org,
		body: adminRolesBody,
		warn: map[string]string{
			// alice, ann, cat, eve; Engineering, Org admins, Help desk; the scanner.
			"subjects_evaluated":      "8",
			"violation_count":         "3",
			"violations.0.subject":    "Org admins",
			"violations.0.subject_id": gGxOrgAdmins,
			"violations.0.reason":     "group holds ORG_ADMIN, REPORT_ADMIN (its members inherit it); no approved entry grants it",
			"violations.1.subject":    "SUPER_ADMIN",
			"violations.1.reason":     "2 users hold SUPER_ADMIN, more than 1: alice@initech.example, ann@globex.example",
			"violations.2.subject":    "eve@globex.example",
			"violations.2.subject_id": uGxEve,
			"violations.2.reason":     "holds ORG_ADMIN directly; no approved entry grants it",
			"approved.#":              "7",
			"controls.#":              "7",
			"controls.3":              "NIST800-53r5 AC-6(5)",
		},
		blocked: []string{"(3 violations,", "Org admins (" + gGxOrgAdmins + "): group holds ORG_ADMIN, REPORT_ADMIN", "SUPER_ADMIN: 2 users hold SUPER_ADMIN",
			"eve@globex.example (" + uGxEve + "): holds ORG_ADMIN directly"},
		waive: []string{gGxOrgAdmins, "super_admin", "eve@globex.example"},
		fix: func(org *oktasim.Org) {
			delete(org.UserRoles, uGxEve)
			delete(org.UserRoles, uGxAnn)
			delete(org.GroupRoles, gGxOrgAdmins)
		},
	}.run(t)
}
