package compliance

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func residualFacts() *Facts {
	changed := func(u okta.User, ago time.Duration) okta.User {
		u.StatusChanged = now.Add(-ago)
		return u
	}
	users := []okta.User{
		user("00u1", "ann@acme.com", UserActive),                                   // active: not judged
		changed(user("00u2", "bob@acme.com", UserSuspended), 10*24*time.Hour),      // in Sales and Salesforce
		changed(user("00u3", "carol@acme.com", UserDeprovisioned), 3*24*time.Hour), // in Parking only
		changed(user("00u4", "dave@acme.com", UserDeprovisioned), 30*24*time.Hour), // clean: Everyone only
		changed(user("00u5", "erin@acme.com", UserSuspended), 2*time.Hour),         // within the grace period
		user("00u6", "frank@acme.com", UserDeprovisioned),                          // statusChanged unknown: judged
		changed(user("00u7", "gina@acme.com", UserSuspended), 36*time.Hour),        // past 24h, within 2d
		changed(user("00u8", "hal@acme.com", UserLockedOut), 100*24*time.Hour),     // not a residual status
	}
	return &Facts{
		Now:   now,
		Users: users,
		Groups: []okta.Group{
			{ID: "00gAll", Name: "Everyone", Type: GroupTypeBuiltIn},
			{ID: "00gSales", Name: "Sales", Type: "OKTA_GROUP"},
			{ID: "00gPark", Name: "Parking", Type: "OKTA_GROUP"},
		},
		GroupMembers: map[string][]string{
			"00gAll":   {"00u1", "00u2", "00u3", "00u4", "00u5", "00u6", "00u7", "00u8"},
			"00gSales": {"00u1", "00u2", "00u5", "00u7", "00u8"},
			"00gPark":  {"00u3"},
		},
		Apps: []okta.App{{ID: "0oaSF", Label: "Salesforce", Status: "ACTIVE"}, {ID: "0oaSl", Label: "Slack", Status: "ACTIVE"}},
		AppUsers: map[string][]okta.AppUser{
			"0oaSF": {{UserID: "00u1"}, {UserID: "00u2", Scope: "GROUP"}, {UserID: "00u6", Scope: "USER"}},
			"0oaSl": {{UserID: "00u2"}, {UserID: "00u8"}},
		},
	}
}

func TestResidualAccess(t *testing.T) {
	d := func(ago time.Duration) string { return now.Add(-ago).UTC().Format(time.DateOnly) }
	def := DefaultResidualAccessInput()
	edit := func(e func(*ResidualAccessInput)) ResidualAccessInput {
		in := DefaultResidualAccessInput()
		e(&in)
		return in
	}
	tests := []struct {
		name      string
		in        ResidualAccessInput
		evaluated int
		want      []string
	}{
		{
			name:      "defaults",
			in:        def,
			evaluated: 5, // bob, carol, dave, frank, gina
			want: []string{
				"bob@acme.com (00u2): SUSPENDED (since " + d(10*24*time.Hour) + ", past grace_period 24h), still assigned to 2 apps: Salesforce, Slack; in 1 group: Sales",
				"carol@acme.com (00u3): DEPROVISIONED (since " + d(3*24*time.Hour) + ", past grace_period 24h), still in 1 group: Parking",
				"frank@acme.com (00u6): DEPROVISIONED (statusChanged unknown, past grace_period 24h), still assigned to 1 app: Salesforce",
				"gina@acme.com (00u7): SUSPENDED (since " + d(36*time.Hour) + ", past grace_period 24h), still in 1 group: Sales",
			},
		},
		{
			name:      "a longer grace period spares the recent",
			in:        edit(func(in *ResidualAccessInput) { in.GracePeriod = "2d" }),
			evaluated: 4,
			want: []string{
				"bob@acme.com (00u2): SUSPENDED (since " + d(10*24*time.Hour) + ", past grace_period 2d), still assigned to 2 apps: Salesforce, Slack; in 1 group: Sales",
				"carol@acme.com (00u3): DEPROVISIONED (since " + d(3*24*time.Hour) + ", past grace_period 2d), still in 1 group: Parking",
				"frank@acme.com (00u6): DEPROVISIONED (statusChanged unknown, past grace_period 2d), still assigned to 1 app: Salesforce",
			},
		},
		{
			name: "apps only, SUSPENDED only",
			in: edit(func(in *ResidualAccessInput) {
				in.CheckGroups, in.Statuses = false, []string{"suspended"}
			}),
			evaluated: 2,
			want: []string{
				"bob@acme.com (00u2): SUSPENDED (since " + d(10*24*time.Hour) + ", past grace_period 24h), still assigned to 2 apps: Salesforce, Slack",
			},
		},
		{
			name:      "groups only, a parking group excluded",
			in:        edit(func(in *ResidualAccessInput) { in.CheckApps, in.ExcludeGroupIDs = false, []string{"00gPark"} }),
			evaluated: 5,
			want: []string{
				"bob@acme.com (00u2): SUSPENDED (since " + d(10*24*time.Hour) + ", past grace_period 24h), still in 1 group: Sales",
				"gina@acme.com (00u7): SUSPENDED (since " + d(36*time.Hour) + ", past grace_period 24h), still in 1 group: Sales",
			},
		},
		{
			name: "exceptions by login and id",
			in: edit(func(in *ResidualAccessInput) {
				in.Exceptions = []Exception{
					{Subject: "BOB@acme.com", Reason: "legal hold", Expires: "2026-06-30"},
					{Subject: "00u6", Reason: "SCIM cleanup ticket", Expires: "2026-06-30"},
				}
			}),
			evaluated: 5,
			want: []string{
				"carol@acme.com (00u3): DEPROVISIONED (since " + d(3*24*time.Hour) + ", past grace_period 24h), still in 1 group: Parking",
				"gina@acme.com (00u7): SUSPENDED (since " + d(36*time.Hour) + ", past grace_period 24h), still in 1 group: Sales",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(ResidualAccess(residualFacts(), tt.in))
			if r.Check != CheckResidualAccess {
				t.Errorf("check %q", r.Check)
			}
			if r.SubjectsEvaluated != tt.evaluated {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tt.evaluated)
			}
			if got := violationLines(r.Violations); !slices.Equal(got, tt.want) {
				t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestResidualAccessNoneIsPass: an org with no suspended or deprovisioned
// user past the grace period passes, and says why; it needs neither apps nor
// groups loaded.
func TestResidualAccessNoneIsPass(t *testing.T) {
	f := &Facts{Now: now, Users: []okta.User{user("00u1", "ann@acme.com", UserActive)}}
	r := mustOK(t)(ResidualAccess(f, DefaultResidualAccessInput()))
	if r.Status != StatusPass || r.SubjectsEvaluated != 0 {
		t.Fatalf("status %s, evaluated %d", r.Status, r.SubjectsEvaluated)
	}
	if !strings.Contains(r.Evidence, "nobody can hold residual access") {
		t.Errorf("evidence has no note: %s", r.Evidence)
	}
	ids, err := DefaultResidualAccessInput().DueUserIDs(f)
	if err != nil || len(ids) != 0 {
		t.Errorf("DueUserIDs = %v, %v", ids, err)
	}
}

func TestResidualAccessMissingFacts(t *testing.T) {
	f := residualFacts()
	delete(f.AppUsers, "0oaSl")
	_, err := ResidualAccess(f, DefaultResidualAccessInput())
	var mf *MissingFactsError
	if !errors.As(err, &mf) {
		t.Fatalf("error %v, want a MissingFactsError", err)
	}
	f = residualFacts()
	delete(f.GroupMembers, "00gPark")
	if _, err := ResidualAccess(f, DefaultResidualAccessInput()); !errors.As(err, &mf) {
		t.Fatalf("error %v, want a MissingFactsError", err)
	}
	// Excluded, the group's members are not needed.
	in := DefaultResidualAccessInput()
	in.ExcludeGroupIDs = []string{"00gPark"}
	mustOK(t)(ResidualAccess(f, in))
}

func TestResidualAccessInputErrors(t *testing.T) {
	for name, in := range map[string]ResidualAccessInput{
		"ACTIVE status":    {Statuses: []string{"ACTIVE"}, CheckApps: true},
		"bad grace":        {GracePeriod: "soon", CheckApps: true},
		"negative grace":   {GracePeriod: "-1h", CheckApps: true},
		"nothing to check": {},
	} {
		if _, err := in.Normalized(); err == nil {
			t.Errorf("%s: no error", name)
		}
		if _, err := ResidualAccess(residualFacts(), in); err == nil {
			t.Errorf("%s: the rule ran", name)
		}
	}
	n, err := ResidualAccessInput{CheckGroups: true}.Normalized()
	if err != nil || !slices.Equal(n.Statuses, []string{UserDeprovisioned, UserSuspended}) || n.GracePeriod != DefaultGracePeriod {
		t.Errorf("defaults: %+v, %v", n, err)
	}
}

func TestResidualAccessDueUserIDs(t *testing.T) {
	ids, err := DefaultResidualAccessInput().DueUserIDs(residualFacts())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"00u2", "00u3", "00u4", "00u6", "00u7"}; !slices.Equal(ids, want) {
		t.Errorf("due %v, want %v", ids, want)
	}
	in := DefaultResidualAccessInput()
	in.ExcludeGroupIDs = []string{"00gSales"}
	if got := in.JudgedGroupIDs(residualFacts().Groups); !slices.Equal(got, []string{"00gPark"}) {
		t.Errorf("judged groups %v", got)
	}
}
