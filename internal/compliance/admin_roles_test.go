package compliance

import (
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func adminRolesFacts() *Facts {
	assign := func(kind, id, name, client, roleType, roleID, label string) RoleAssignment {
		return RoleAssignment{PrincipalType: kind, PrincipalID: id, PrincipalName: name, ClientID: client,
			RoleType: roleType, RoleID: roleID, RoleLabel: label, Status: "ACTIVE"}
	}
	return &Facts{
		Now: now,
		Users: []okta.User{
			user("00u1", "alice@acme.com", UserActive),
			userWithEmail("00u2", "bob", "bob@acme.com", UserActive),
			user("00u3", "carol@acme.com", UserActive),
			user("00u4", "dave@acme.com", UserActive),
		},
		AdminRoles: &AdminRoleAssignments{
			Assignments: []RoleAssignment{
				assign("USER", "00u1", "alice@acme.com", "", "SUPER_ADMIN", "ra1", ""),
				assign("USER", "00u2", "bob", "", "SUPER_ADMIN", "ra2", ""),
				assign("USER", "00u2", "bob", "", "REPORT_ADMIN", "ra3", ""),
				assign("USER", "00u3", "carol@acme.com", "", "CUSTOM", "cr0audit", "Auditor"),
				assign("GROUP", "00gA", "Okta Admins", "", "ORG_ADMIN", "irb1", ""),
				assign("GROUP", "00gS", "Super Admins", "", "SUPER_ADMIN", "irb2", ""),
				assign("CLIENT", "0oaS", "Scanner", "0oaSclient", "READ_ONLY_ADMIN", "ra4", ""),
				assign("CLIENT", "0oaH", "HR Sync", "0oaHclient", "ORG_ADMIN", "ra5", ""),
			},
			Admins: []Admin{
				{UserID: "00u1", Login: "alice@acme.com", Status: "ACTIVE", RoleTypes: []string{"SUPER_ADMIN"}},
				{UserID: "00u2", Login: "bob", Status: "ACTIVE", RoleTypes: []string{"REPORT_ADMIN", "SUPER_ADMIN"}},
				{UserID: "00u3", Login: "carol@acme.com", Status: "ACTIVE", RoleTypes: []string{"CUSTOM", "ORG_ADMIN"}, ViaGroupIDs: []string{"00gA"}},
				{UserID: "00u4", Login: "dave@acme.com", Status: "ACTIVE", RoleTypes: []string{"SUPER_ADMIN"}, ViaGroupIDs: []string{"00gS"}},
				{UserID: "00u5", Login: "erin@acme.com", Status: "ACTIVE", RoleTypes: []string{"SUPER_ADMIN"}, ViaGroupIDs: []string{"00gS"}},
			},
		},
	}
}

func TestAdminRoles(t *testing.T) {
	every := []ApprovedRoles{
		{Subject: "ALICE@acme.com", Roles: []string{"super_admin"}},
		{Subject: "bob@acme.com", Roles: []string{"SUPER_ADMIN"}}, // by email
		{Subject: "00u2", Roles: []string{"REPORT_ADMIN"}},        // the same user by id: merged
		{Subject: "carol@acme.com", Roles: []string{"auditor"}},   // a custom role by label
		{Subject: "Okta Admins", Roles: []string{"ORG_ADMIN"}},    // a group by name
		{Subject: "00gS", Roles: []string{"SUPER_ADMIN"}},         // a group by id
		{Subject: "0oaSclient", Roles: []string{"READ_ONLY_ADMIN"}},
		{Subject: "HR Sync", Roles: []string{"ORG_ADMIN"}},
	}
	four := 4
	const superAdmins = "SUPER_ADMIN: 4 users hold SUPER_ADMIN, more than 3: alice@acme.com, bob, dave@acme.com, erin@acme.com"
	tests := []struct {
		name  string
		in    AdminRolesInput
		want  []string
		notes int
	}{
		{
			name: "nothing approved",
			want: []string{
				"HR Sync (0oaH): OAuth client holds ORG_ADMIN; no approved entry grants it",
				"Okta Admins (00gA): group holds ORG_ADMIN (its members inherit it); no approved entry grants it",
				superAdmins,
				"Scanner (0oaS): OAuth client holds READ_ONLY_ADMIN; no approved entry grants it",
				"Super Admins (00gS): group holds SUPER_ADMIN (its members inherit it); no approved entry grants it",
				"alice@acme.com (00u1): holds SUPER_ADMIN directly; no approved entry grants it",
				"bob (00u2): holds REPORT_ADMIN, SUPER_ADMIN directly; no approved entry grants it",
				"carol@acme.com (00u3): holds CUSTOM (Auditor) directly; no approved entry grants it",
			},
		},
		{
			name:  "every role approved, four super admins allowed",
			in:    AdminRolesInput{Approved: every, MaxSuperAdmins: &four},
			notes: 0,
		},
		{
			name: "every role approved, default limit: dave and erin through a group make four",
			in:   AdminRolesInput{Approved: every},
			want: []string{superAdmins},
		},
		{
			name: "partly approved, stale entries noted, the limit waived",
			in: AdminRolesInput{
				Approved: []ApprovedRoles{
					{Subject: "bob", Roles: []string{"SUPER_ADMIN"}},
					{Subject: "0oaH", Roles: []string{"READ_ONLY_ADMIN"}},
					{Subject: "nobody@acme.com", Roles: []string{"ORG_ADMIN"}},
				},
				Exceptions: []Exception{{Subject: "super_admin", Reason: "r", Expires: "2027-01-31"}, {Subject: "okta admins", Reason: "r", Expires: "2027-01-31"}},
			},
			want: []string{
				"HR Sync (0oaH): OAuth client holds ORG_ADMIN; no approved entry grants it",
				"Scanner (0oaS): OAuth client holds READ_ONLY_ADMIN; no approved entry grants it",
				"Super Admins (00gS): group holds SUPER_ADMIN (its members inherit it); no approved entry grants it",
				"alice@acme.com (00u1): holds SUPER_ADMIN directly; no approved entry grants it",
				"bob (00u2): holds REPORT_ADMIN directly; no approved entry grants it",
				"carol@acme.com (00u3): holds CUSTOM (Auditor) directly; no approved entry grants it",
			},
			notes: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(AdminRoles(adminRolesFacts(), tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != 7 {
				t.Errorf("evaluated %d principals, want 7", r.SubjectsEvaluated)
			}
			if len(r.Notes) != tt.notes {
				t.Errorf("notes %q", r.Notes)
			}
		})
	}
}

func TestAdminRolesErrors(t *testing.T) {
	neg := -1
	if _, err := AdminRoles(adminRolesFacts(), AdminRolesInput{MaxSuperAdmins: &neg}); err == nil {
		t.Error("negative max_super_admins: want an error")
	}
	if _, err := AdminRoles(adminRolesFacts(), AdminRolesInput{Approved: []ApprovedRoles{{Subject: " "}}}); err == nil {
		t.Error("empty subject: want an error")
	}
	var mf *MissingFactsError
	if _, err := AdminRoles(&Facts{Now: now}, AdminRolesInput{}); !asMissing(err, &mf) {
		t.Errorf("roles not loaded: %v", err)
	}
	zero := 0
	r := mustOK(t)(AdminRoles(adminRolesFacts(), AdminRolesInput{MaxSuperAdmins: &zero}))
	if !strings.Contains(r.Evidence, `"max_super_admins":0`) {
		t.Errorf("evidence lacks the limit: %s", r.Evidence)
	}
}
