package compliance

import (
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func inactiveFacts() *Facts {
	daysAgo := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	active := func(id, login string, created, activated, lastLogin time.Time) okta.User {
		u := user(id, login, UserActive)
		u.Created, u.Activated, u.LastLogin = created, activated, lastLogin
		return u
	}
	users := []okta.User{
		active("00u1", "alice@acme.com", daysAgo(400), daysAgo(399), daysAgo(1)),            // recent
		active("00u2", "bob@acme.com", daysAgo(400), daysAgo(399), daysAgo(91)),             // stale
		active("00u3", "carol@acme.com", daysAgo(200), daysAgo(120), time.Time{}),           // never signed in, activated long ago
		active("00u4", "dave@acme.com", daysAgo(50), daysAgo(40), time.Time{}),              // never signed in, activated 40 days ago
		active("00u5", "erin@acme.com", daysAgo(100), time.Time{}, time.Time{}),             // only created
		active("00u6", "frank@acme.com", daysAgo(400), daysAgo(399), daysAgo(36)),           // stale for the STIG only
		{ID: "00u7", Status: UserSuspended, Created: daysAgo(900), LastLogin: daysAgo(800)}, // out of scope
	}
	return &Facts{Now: now, Users: users, GroupMembers: map[string][]string{"00gSvc": {"00u5"}}}
}

func TestInactiveUsers(t *testing.T) {
	date := func(d int) string { return now.AddDate(0, 0, -d).Format(time.DateOnly) }
	tests := []struct {
		name      string
		in        InactiveUsersInput
		evaluated int
		want      []string
		stig      bool
	}{
		{
			name:      "defaults",
			evaluated: 6,
			want: []string{
				"bob@acme.com (00u2): last signed in on " + date(91) + ", more than 90 days before the plan",
				"carol@acme.com (00u3): never signed in; activated on " + date(120) + ", more than 90 days before the plan",
				"erin@acme.com (00u5): never signed in or activated; created on " + date(100) + ", more than 90 days before the plan",
			},
		},
		{
			name:      "STIG's 35 days, service accounts excluded",
			in:        InactiveUsersInput{MaxInactiveDays: 35, UserScope: UserScope{ExcludeGroupIDs: []string{"00gSvc"}}},
			evaluated: 5,
			want: []string{
				"bob@acme.com (00u2): last signed in on " + date(91) + ", more than 35 days before the plan",
				"carol@acme.com (00u3): never signed in; activated on " + date(120) + ", more than 35 days before the plan",
				"dave@acme.com (00u4): never signed in; activated on " + date(40) + ", more than 35 days before the plan",
				"frank@acme.com (00u6): last signed in on " + date(36) + ", more than 35 days before the plan",
			},
			stig: true,
		},
		{
			name:      "suspended users in scope",
			in:        InactiveUsersInput{UserScope: UserScope{Statuses: []string{"suspended"}}},
			evaluated: 1,
			want:      []string{"00u7: last signed in on " + date(800) + ", more than 90 days before the plan"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(InactiveUsers(inactiveFacts(), tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != tt.evaluated {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tt.evaluated)
			}
			has := strings.Contains(strings.Join(r.Controls, "|"), STIGInactiveAccounts)
			if has != tt.stig || !strings.Contains(strings.Join(r.Controls, "|"), "SOC2 CC6.2") {
				t.Errorf("controls %v", r.Controls)
			}
		})
	}
}

func TestInactiveUsersFingerprint(t *testing.T) {
	base := mustOK(t)(InactiveUsers(inactiveFacts(), InactiveUsersInput{}))
	// An active user signing in again changes nothing the check judges.
	f := inactiveFacts()
	f.Users[0].LastLogin = now.Add(-time.Hour)
	if r := mustOK(t)(InactiveUsers(f, InactiveUsersInput{})); r.Fingerprint != base.Fingerprint {
		t.Error("a sign-in by an active user changed the fingerprint")
	}
	// A stale user signing in does.
	f = inactiveFacts()
	f.Users[1].LastLogin = now.Add(-time.Hour)
	if r := mustOK(t)(InactiveUsers(f, InactiveUsersInput{})); r.Fingerprint == base.Fingerprint || len(r.Violations) != 2 {
		t.Errorf("bob signing in: %d violations, fingerprint unchanged %v", len(r.Violations), r.Fingerprint == base.Fingerprint)
	}
	if _, err := InactiveUsers(inactiveFacts(), InactiveUsersInput{MaxInactiveDays: -3}); err == nil {
		t.Error("negative max_inactive_days: want an error")
	}
}
