package compliance

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func reviewFacts(at time.Time) *Facts {
	return &Facts{
		Now: at,
		Users: []okta.User{
			user("00u1", "alice@acme.com", UserActive),
			user("00u2", "bob@acme.com", UserActive),
			user("00u3", "carol@acme.com", UserActive),
			user("00u4", "dan@acme.com", UserActive),
			user("00u5", "erin@acme.com", UserActive),
		},
		Groups: []okta.Group{
			{ID: "00gFin", Name: "Finance", Type: "OKTA_GROUP"},
			{ID: "00gSales", Name: "Sales", Type: "OKTA_GROUP"},
			{ID: "00gAud", Name: "Auditors", Type: "OKTA_GROUP"},
		},
		GroupMembers: map[string][]string{
			"00gFin":   {"00u2", "00u3"},
			"00gSales": {"00u3", "00u4"},
			"00gAud":   {"00u5"},
		},
		Apps: []okta.App{{ID: "0oaNS", Label: "NetSuite"}},
		AppUsers: map[string][]okta.AppUser{"0oaNS": {
			{AppID: "0oaNS", UserID: "00u1", Scope: "USER"},  // approved by login
			{AppID: "0oaNS", UserID: "00u2", Scope: "GROUP"}, // through Finance: approved
			{AppID: "0oaNS", UserID: "00u3", Scope: "GROUP"}, // Finance and Sales: approved
			{AppID: "0oaNS", UserID: "00u4", Scope: "GROUP"}, // Sales only: not approved
			{AppID: "0oaNS", UserID: "00u5", Scope: "USER"},  // direct, in Auditors
			{AppID: "0oaNS", UserID: "00uX", Scope: "USER"},  // unknown user
		}},
		AppGroups: map[string][]okta.AppGroup{"0oaNS": {
			{AppID: "0oaNS", GroupID: "00gFin"},
			{AppID: "0oaNS", GroupID: "00gSales"},
		}},
	}
}

func TestAccessReview(t *testing.T) {
	base := AccessReviewInput{
		AppID:            "0oaNS",
		ApprovedUsers:    []string{"ALICE@acme.com", "frank@acme.com"},
		ApprovedGroupIDs: []string{"00gFin"},
		ReviewedBy:       "ciso@acme.com",
		ReviewedOn:       "2026-04-01",
	}
	tests := []struct {
		name     string
		at       time.Time
		edit     func(*AccessReviewInput)
		want     []string
		notes    []string
		warnings []string // exactly these
	}{
		{
			name: "group-approved and login-approved assignments",
			at:   now,
			want: []string{
				"00uX: assigned directly (scope USER), not an approved user or member of an approved group",
				"Sales (00gSales): group assignment not approved",
				"dan@acme.com (00u4): assigned through a group that is not approved, and not an approved user",
				"erin@acme.com (00u5): assigned directly (scope USER), not an approved user or member of an approved group",
			},
			warnings: []string{"approved_users: frank@acme.com is no user of the org (no login or user id matches); correct it or remove it"},
		},
		{
			name: "approved users of the org already assigned; an unknown approved group is a warning",
			at:   now,
			edit: func(in *AccessReviewInput) {
				in.ApprovedUsers = []string{"alice@acme.com", "bob@acme.com"}
				in.ApprovedGroupIDs = []string{"00gFin", "00gNope"}
			},
			want: []string{
				"00uX: assigned directly (scope USER), not an approved user or member of an approved group",
				"Sales (00gSales): group assignment not approved",
				"dan@acme.com (00u4): assigned through a group that is not approved, and not an approved user",
				"erin@acme.com (00u5): assigned directly (scope USER), not an approved user or member of an approved group",
			},
			warnings: []string{"approved_group_ids: 00gNope is no group of the org; correct it or remove it"},
		},
		{
			name: "direct assignment approved by membership of an approved group, even one not assigned",
			at:   now,
			edit: func(in *AccessReviewInput) {
				in.ApprovedGroupIDs = append(in.ApprovedGroupIDs, "00gSales", "00gAud")
				in.ApprovedUsers = []string{"alice@acme.com", "00ux", "00uX"}
			},
		},
		{
			name: "an exception for a group assignment, by group name",
			at:   now,
			edit: func(in *AccessReviewInput) {
				in.ApprovedGroupIDs = []string{"00gFin", "00gAud"}
				in.ApprovedUsers = []string{"alice@acme.com", "00uX"}
				in.AppID = "0oaNS"
				in.Exceptions = []Exception{{Subject: "sales", Reason: "temporary", Expires: "2026-06-01"}}
			},
			want: []string{
				"dan@acme.com (00u4): assigned through a group that is not approved, and not an approved user",
			},
			warnings: []string{"exception for sales expires on 2026-06-01, 10 days after the plan: review it, " +
				"then renew it with a later expires date or fix the violations it waives"},
		},
		{
			name: "stale review",
			at:   time.Date(2026, 8, 19, 9, 0, 0, 0, time.UTC),
			edit: func(in *AccessReviewInput) {
				in.ApprovedGroupIDs = []string{"00gFin", "00gSales", "00gAud"}
				in.ApprovedUsers = []string{"alice@acme.com", "00uX"}
			},
			want: []string{"NetSuite (0oaNS): review on 2026-04-01 is 140 days old, limit 90"},
		},
		{
			name: "review exactly at the limit",
			at:   time.Date(2026, 6, 30, 23, 0, 0, 0, time.UTC),
			edit: func(in *AccessReviewInput) {
				in.ApprovedGroupIDs = []string{"00gFin", "00gSales", "00gAud"}
				in.ApprovedUsers = []string{"alice@acme.com", "00uX"}
			},
		},
		{
			name: "custom limit",
			at:   now,
			edit: func(in *AccessReviewInput) {
				in.ApprovedGroupIDs = []string{"00gFin", "00gSales", "00gAud"}
				in.ApprovedUsers = []string{"alice@acme.com", "00uX"}
				in.MaxReviewAgeDays = 30
			},
			want: []string{"NetSuite (0oaNS): review on 2026-04-01 is 51 days old, limit 30"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			in.ApprovedUsers = slices.Clone(base.ApprovedUsers)
			in.ApprovedGroupIDs = slices.Clone(base.ApprovedGroupIDs)
			if tt.edit != nil {
				tt.edit(&in)
			}
			r := mustOK(t)(AccessReview(reviewFacts(tt.at), in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != 8 {
				t.Errorf("evaluated %d, want 8 assignments", r.SubjectsEvaluated)
			}
			for _, n := range tt.notes {
				if !slices.Contains(r.Notes, n) {
					t.Errorf("notes %q lack %q", r.Notes, n)
				}
			}
			if !slices.Equal(r.Warnings, tt.warnings) {
				t.Errorf("warnings %q, want %q", r.Warnings, tt.warnings)
			}
		})
	}
}

func TestAccessReviewEvidenceAndErrors(t *testing.T) {
	in := AccessReviewInput{AppID: "0oaNS", ApprovedGroupIDs: []string{"00gFin", "00gSales", "00gAud"}, ApprovedUsers: []string{"alice@acme.com", "00uX"}, ReviewedBy: "ciso", ReviewedOn: "2026-04-01"}
	r := mustOK(t)(AccessReview(reviewFacts(now), in))
	if !strings.Contains(r.Evidence, `"reviewed_by":"ciso"`) || !strings.Contains(r.Evidence, `"max_review_age_days":90`) {
		t.Errorf("evidence %s", r.Evidence)
	}
	// Someone joining an approved group the app is assigned to changes the facts.
	f := reviewFacts(now)
	f.GroupMembers["00gFin"] = append(f.GroupMembers["00gFin"], "00u1")
	if r2 := mustOK(t)(AccessReview(f, in)); r2.Fingerprint == r.Fingerprint {
		t.Error("membership change did not change the fingerprint")
	}
	r3 := mustOK(t)(AccessReview(reviewFacts(now.Add(time.Hour)), in))
	if r3.Fingerprint != r.Fingerprint {
		t.Error("evaluation time changed the fingerprint")
	}
	future := in
	future.ReviewedOn = "2026-06-01"
	// A review dated after the plan cannot have happened: the plan fails.
	if _, err := AccessReview(reviewFacts(now), future); err == nil ||
		!strings.Contains(err.Error(), "reviewed_on 2026-06-01 is after the plan's date 2026-05-22") {
		t.Errorf("future review: error %v", err)
	}
	// The plan's own day is not the future.
	today := in
	today.ReviewedOn = "2026-05-22"
	mustOK(t)(AccessReview(reviewFacts(now), today))

	for _, bad := range []AccessReviewInput{
		{ReviewedOn: "2026-04-01"},
		{AppID: "0oaNS"},
		{AppID: "0oaNS", ReviewedOn: "April 1"},
		{AppID: "0oaNS", ReviewedOn: "2026-04-01", MaxReviewAgeDays: -1},
		{AppID: "0oaMissing", ReviewedOn: "2026-04-01"},
		{AppID: "0oaNS", ReviewedOn: "2026-04-01", ApprovedGroupIDs: []string{"00gNotLoaded"}},
	} {
		f := reviewFacts(now)
		// A group of the org whose members were not loaded is the loader's bug.
		f.Groups = append(f.Groups, okta.Group{ID: "00gNotLoaded", Name: "Not loaded"})
		if _, err := AccessReview(f, bad); err == nil {
			t.Errorf("%+v: want an error", bad)
		}
	}
}

func TestAccessReviewGroupScopeNeedsAnAssignedApprovedGroup(t *testing.T) {
	f := reviewFacts(now)
	aus := f.AppUsers["0oaNS"]
	aus[4].Scope = "GROUP" // erin, a member of Auditors, which is approved but not assigned
	in := AccessReviewInput{AppID: "0oaNS", ApprovedGroupIDs: []string{"00gFin", "00gSales", "00gAud"}, ApprovedUsers: []string{"alice@acme.com", "00uX"}, ReviewedOn: "2026-04-01"}
	r := mustOK(t)(AccessReview(f, in))
	assertLines(t, r.Violations, "erin@acme.com (00u5): assigned through a group that is not approved, and not an approved user")
	in.ApprovedUsers = append(in.ApprovedUsers, "Erin@Acme.com")
	r = mustOK(t)(AccessReview(f, in))
	assertLines(t, r.Violations)
}
