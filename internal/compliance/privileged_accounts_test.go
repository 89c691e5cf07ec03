package compliance

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// privilegedFacts: five admins and one user without a role.
//
//	ann   SUPER_ADMIN           webauthn + push, fresh password, recent sign-in: passes
//	bob   ORG_ADMIN via group   push + sms: no phishing-resistant factor
//	cat   APP_ADMIN             signed_nonce only; password 200 days old
//	dan   READ_ONLY_ADMIN       u2f + totp, never signed in, activated 120 days ago
//	eve   HELP_DESK_ADMIN       SUSPENDED, webauthn ACTIVE + u2f PENDING_ACTIVATION
//	fay   no role               no factor at all: not judged
func privilegedFacts() *Facts {
	daysAgo := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	u := func(id, login, status string, pw, last, activated time.Time) okta.User {
		x := user(id, login, status)
		x.Created, x.Activated, x.PasswordChanged, x.LastLogin = daysAgo(900), activated, pw, last
		return x
	}
	users := []okta.User{
		u("00u1", "ann@acme.com", UserActive, daysAgo(10), daysAgo(1), daysAgo(800)),
		u("00u2", "bob@acme.com", UserActive, daysAgo(179), daysAgo(89), daysAgo(800)),
		u("00u3", "cat@acme.com", UserActive, daysAgo(200), daysAgo(2), daysAgo(800)),
		u("00u4", "dan@acme.com", UserActive, time.Time{}, time.Time{}, daysAgo(120)),
		u("00u5", "eve@acme.com", UserSuspended, daysAgo(30), daysAgo(20), daysAgo(800)),
		u("00u6", "fay@acme.com", UserActive, daysAgo(500), daysAgo(400), daysAgo(800)),
	}
	admin := func(id, login, status string, roles ...string) Admin {
		return Admin{UserID: id, Login: login, Status: status, RoleTypes: roles}
	}
	admins := []Admin{
		admin("00u1", "ann@acme.com", UserActive, RoleSuperAdmin),
		admin("00u2", "bob@acme.com", UserActive, "ORG_ADMIN"),
		admin("00u3", "cat@acme.com", UserActive, "APP_ADMIN"),
		admin("00u4", "dan@acme.com", UserActive, "READ_ONLY_ADMIN"),
		admin("00u5", "eve@acme.com", UserSuspended, "HELP_DESK_ADMIN"),
	}
	admins[1].ViaGroupIDs = []string{"00gAdmins"}
	return &Facts{
		Now:        now,
		Users:      users,
		AdminRoles: &AdminRoleAssignments{Admins: admins},
		Factors: factorsByUser(users[:5],
			factor("f1", "00u1", FactorWebAuthn, "ACTIVE"), factor("f2", "00u1", "push", "ACTIVE"),
			factor("f3", "00u2", "push", "ACTIVE"), factor("f4", "00u2", "sms", "ACTIVE"),
			factor("f5", "00u3", FactorSignedNonce, "ACTIVE"),
			factor("f6", "00u4", FactorU2F, "ACTIVE"), factor("f7", "00u4", "token:software:totp", "ACTIVE"),
			factor("f8", "00u5", FactorWebAuthn, "ACTIVE"), factor("f9", "00u5", FactorU2F, "PENDING_ACTIVATION"),
		),
	}
}

func TestPrivilegedAccounts(t *testing.T) {
	date := func(d int) string { return now.AddDate(0, 0, -d).Format(time.DateOnly) }
	edit := func(e func(*PrivilegedAccountsInput)) PrivilegedAccountsInput {
		in := DefaultPrivilegedAccountsInput()
		e(&in)
		return in
	}
	const noPR = "no ACTIVE phishing-resistant factor (signed_nonce, u2f, webauthn)"
	tests := []struct {
		name string
		in   PrivilegedAccountsInput
		want []string
	}{
		{
			name: "defaults",
			in:   DefaultPrivilegedAccountsInput(),
			want: []string{
				"bob@acme.com (00u2): admin (ORG_ADMIN): " + noPR,
				"cat@acme.com (00u3): admin (APP_ADMIN): 1 ACTIVE factor, fewer than 2; password last changed on " + date(200) + ", more than 180 days before the plan",
				"dan@acme.com (00u4): admin (READ_ONLY_ADMIN): dormant: never signed in; activated on " + date(120) + ", more than 90 days before the plan",
				"eve@acme.com (00u5): admin (HELP_DESK_ADMIN): 1 ACTIVE factor, fewer than 2",
			},
		},
		{
			name: "stricter: 88 days, 3 factors, passwords of 150 days",
			in: edit(func(in *PrivilegedAccountsInput) {
				in.MaxInactiveDays, in.MinFactors, in.MaxPasswordAgeDays = 88, 3, 150
			}),
			want: []string{
				"ann@acme.com (00u1): admin (SUPER_ADMIN): 2 ACTIVE factors, fewer than 3",
				"bob@acme.com (00u2): admin (ORG_ADMIN): 2 ACTIVE factors, fewer than 3; " + noPR +
					"; password last changed on " + date(179) + ", more than 150 days before the plan; dormant: last signed in on " +
					date(89) + ", more than 88 days before the plan",
				"cat@acme.com (00u3): admin (APP_ADMIN): 1 ACTIVE factor, fewer than 3; password last changed on " + date(200) + ", more than 150 days before the plan",
				"dan@acme.com (00u4): admin (READ_ONLY_ADMIN): 2 ACTIVE factors, fewer than 3; dormant: never signed in; activated on " + date(120) + ", more than 88 days before the plan",
				"eve@acme.com (00u5): admin (HELP_DESK_ADMIN): 1 ACTIVE factor, fewer than 3",
			},
		},
		{
			name: "everything off but the count, which 3 exceeds",
			in:   PrivilegedAccountsInput{MaxPrivilegedUsers: 3},
			want: []string{
				"privileged users: 4 users hold an admin role (SUPER_ADMIN holders not counted), more than 3: " +
					"bob@acme.com, cat@acme.com, dan@acme.com, eve@acme.com",
			},
		},
		{
			name: "exceptions by login, id and the count's subject",
			in: edit(func(in *PrivilegedAccountsInput) {
				in.MaxPrivilegedUsers = 1
				in.Exceptions = []Exception{
					{Subject: "bob@acme.com", Reason: "key on order", Expires: "2026-06-30"},
					{Subject: "00u3", Reason: "rotating", Expires: "2026-06-30"},
					{Subject: "Privileged Users", Reason: "reorg", Expires: "2026-06-30"},
				}
			}),
			want: []string{
				"dan@acme.com (00u4): admin (READ_ONLY_ADMIN): dormant: never signed in; activated on " + date(120) + ", more than 90 days before the plan",
				"eve@acme.com (00u5): admin (HELP_DESK_ADMIN): 1 ACTIVE factor, fewer than 2",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(PrivilegedAccounts(privilegedFacts(), tt.in))
			if r.Check != CheckPrivilegedAccounts || r.SubjectsEvaluated != 5 {
				t.Errorf("check %q evaluated %d, want 5", r.Check, r.SubjectsEvaluated)
			}
			if got := violationLines(r.Violations); !slices.Equal(got, tt.want) {
				t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestPrivilegedAccountsCount: 25 admins besides the super admins pass, 26
// fail; super admins are never counted.
func TestPrivilegedAccountsCount(t *testing.T) {
	in := PrivilegedAccountsInput{MaxPrivilegedUsers: DefaultMaxPrivilegedUsers}
	build := func(n, supers int) *Facts {
		f := &Facts{Now: now, AdminRoles: &AdminRoleAssignments{}}
		for i := range n + supers {
			id := fmt.Sprintf("00u%03d", i)
			role := "USER_ADMIN"
			if i >= n {
				role = RoleSuperAdmin
			}
			f.Users = append(f.Users, user(id, id+"@acme.com", UserActive))
			f.AdminRoles.Admins = append(f.AdminRoles.Admins, Admin{UserID: id, Status: UserActive, RoleTypes: []string{role}})
		}
		return f
	}
	if r := mustOK(t)(PrivilegedAccounts(build(25, 10), in)); r.Status != StatusPass {
		t.Errorf("25 admins and 10 super admins: %v", r.Violations)
	}
	r := mustOK(t)(PrivilegedAccounts(build(26, 0), in))
	if len(r.Violations) != 1 || r.Violations[0].Subject != SubjectPrivilegedUsers || r.Violations[0].SubjectID != "" ||
		!strings.HasPrefix(r.Violations[0].Reason, "26 users hold an admin role") {
		t.Errorf("26 admins: %v", r.Violations)
	}
}

func TestPrivilegedAccountsFacts(t *testing.T) {
	// The factors of an admin are needed only when a factor requirement is on.
	f := privilegedFacts()
	delete(f.Factors, "00u4")
	var mf *MissingFactsError
	if _, err := PrivilegedAccounts(f, DefaultPrivilegedAccountsInput()); !errors.As(err, &mf) {
		t.Fatalf("error %v, want a MissingFactsError", err)
	}
	in := DefaultPrivilegedAccountsInput()
	in.MinFactors, in.RequirePhishingResistant = 0, false
	if in.ReadsFactors() {
		t.Fatal("ReadsFactors with both requirements off")
	}
	mustOK(t)(PrivilegedAccounts(f, in))
	if _, err := PrivilegedAccounts(&Facts{Now: now}, in); !errors.As(err, &mf) {
		t.Fatalf("error %v, want a MissingFactsError for the admin roles", err)
	}
	if got := AdminUserIDs(privilegedFacts()); !slices.Equal(got, []string{"00u1", "00u2", "00u3", "00u4", "00u5"}) {
		t.Errorf("AdminUserIDs = %v", got)
	}

	// No admin at all is impossible (every org has a super admin): a violation.
	r := mustOK(t)(PrivilegedAccounts(&Facts{Now: now, AdminRoles: &AdminRoleAssignments{}}, in))
	if len(r.Violations) != 1 || !strings.Contains(r.Violations[0].Reason, "every org has a SUPER_ADMIN") {
		t.Errorf("no admin: %v", r.Violations)
	}
	// An admin missing from the users is judged on factors only, with a note.
	f = privilegedFacts()
	f.Users = f.Users[1:]
	r = mustOK(t)(PrivilegedAccounts(f, DefaultPrivilegedAccountsInput()))
	if !slices.ContainsFunc(r.Notes, func(n string) bool {
		return strings.Contains(n, "admin ann@acme.com (00u1) is not among the users read")
	}) {
		t.Errorf("notes %q", r.Notes)
	}
}

func TestPrivilegedAccountsInputErrors(t *testing.T) {
	for _, in := range []PrivilegedAccountsInput{{MinFactors: -1}, {MaxPasswordAgeDays: -1}, {MaxInactiveDays: -1}, {MaxPrivilegedUsers: -1}} {
		if _, err := PrivilegedAccounts(privilegedFacts(), in); err == nil || !strings.Contains(err.Error(), "must not be negative") {
			t.Errorf("%+v: error %v", in, err)
		}
	}
}
