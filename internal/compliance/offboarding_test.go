package compliance

import (
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func offboardingFacts(at time.Time) *Facts {
	return &Facts{
		Now: at,
		Users: []okta.User{
			user("00uA", "alice@acme.com", UserDeprovisioned), // clean
			user("00uB", "bob@acme.com", UserActive),          // still active, in apps and groups
			user("00uC", "carol@acme.com", UserSuspended),     // suspended, clean
			user("00uD", "dan@acme.com", UserDeprovisioned),   // deprovisioned but still assigned
			user("00uE", "erin@acme.com", UserActive),         // only in Everyone
		},
		Groups: []okta.Group{
			{ID: "00gAll", Name: "Everyone", Type: "BUILT_IN"},
			{ID: "00gEng", Name: "Engineering", Type: "OKTA_GROUP"},
			{ID: "00gVPN", Name: "VPN", Type: "APP_GROUP"},
		},
		GroupMembers: map[string][]string{
			"00gAll": {"00uA", "00uB", "00uC", "00uD", "00uE"},
			"00gEng": {"00uB"},
			"00gVPN": {"00uB"},
		},
		Apps: []okta.App{{ID: "0oaSlack", Label: "Slack"}, {ID: "0oaZoom", Label: "Zoom"}},
		AppUsers: map[string][]okta.AppUser{
			"0oaSlack": {{AppID: "0oaSlack", UserID: "00uB", Scope: "USER"}, {AppID: "0oaSlack", UserID: "00uD", Scope: "GROUP"}},
			"0oaZoom":  {{AppID: "0oaZoom", UserID: "00uB", Scope: "USER"}},
		},
	}
}

func TestOffboarding(t *testing.T) {
	left := func(logins ...string) []Offboarded {
		var out []Offboarded
		for _, l := range logins {
			out = append(out, Offboarded{Login: l, Date: "2026-05-01"})
		}
		return out
	}
	tests := []struct {
		name      string
		in        OffboardingInput
		evaluated int
		want      []string
		notes     int
	}{
		{
			name:      "every problem of a user in one violation",
			in:        OffboardingInput{Offboarded: left("alice@acme.com", "BOB@acme.com", "carol@acme.com", "dan@acme.com", "erin@acme.com")},
			evaluated: 5,
			want: []string{
				"bob@acme.com (00uB): offboarded 2026-05-01: status ACTIVE, not DEPROVISIONED; still assigned to 2 apps: Slack, Zoom; still in 2 groups: Engineering, VPN",
				"carol@acme.com (00uC): offboarded 2026-05-01: status SUSPENDED, not DEPROVISIONED",
				"dan@acme.com (00uD): offboarded 2026-05-01: still assigned to 1 app: Slack",
				"erin@acme.com (00uE): offboarded 2026-05-01: status ACTIVE, not DEPROVISIONED",
			},
		},
		{
			name:      "suspended allowed",
			in:        OffboardingInput{Offboarded: left("carol@acme.com", "erin@acme.com"), AllowSuspended: true},
			evaluated: 2,
			want:      []string{"erin@acme.com (00uE): offboarded 2026-05-01: status ACTIVE, not DEPROVISIONED or SUSPENDED"},
		},
		{
			name:      "unknown login passes and is noted",
			in:        OffboardingInput{Offboarded: left("ghost@acme.com")},
			evaluated: 1,
			notes:     1,
		},
		{
			name:      "within the grace period",
			in:        OffboardingInput{Offboarded: []Offboarded{{Login: "bob@acme.com", Date: "2026-05-16"}}, GracePeriod: "7d"},
			evaluated: 0,
		},
		{
			name:      "grace period over",
			in:        OffboardingInput{Offboarded: []Offboarded{{Login: "erin@acme.com", Date: "2026-05-15"}}, GracePeriod: "6d"},
			evaluated: 1,
			want:      []string{"erin@acme.com (00uE): offboarded 2026-05-15: status ACTIVE, not DEPROVISIONED"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(Offboarding(offboardingFacts(now), tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != tt.evaluated || len(r.Notes) != tt.notes {
				t.Errorf("evaluated %d notes %q", r.SubjectsEvaluated, r.Notes)
			}
		})
	}
}

func TestOffboardingGraceBoundary(t *testing.T) {
	in := OffboardingInput{Offboarded: []Offboarded{{Login: "erin@acme.com", Date: "2026-05-01"}}} // default 24h
	deadline := time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)
	r := mustOK(t)(Offboarding(offboardingFacts(deadline), in))
	if len(r.Violations) != 0 || r.SubjectsEvaluated != 0 {
		t.Errorf("at the deadline: %v", r.Violations)
	}
	if !strings.Contains(r.Evidence, `"state":"pending"`) {
		t.Errorf("evidence: %s", r.Evidence)
	}
	r = mustOK(t)(Offboarding(offboardingFacts(deadline.Add(time.Second)), in))
	if len(r.Violations) != 1 {
		t.Errorf("after the deadline: %v", r.Violations)
	}
}

func TestOffboardingFactsLoadedOnlyWhenDue(t *testing.T) {
	f := offboardingFacts(now)
	f.AppUsers, f.GroupMembers = nil, nil
	pending := OffboardingInput{Offboarded: []Offboarded{{Login: "bob@acme.com", Date: "2026-05-21"}}, GracePeriod: "2d"}
	if ids, err := pending.DueUserIDs(f); err != nil || len(ids) != 0 {
		t.Errorf("due %v %v", ids, err)
	}
	mustOK(t)(Offboarding(f, pending))
	due := OffboardingInput{Offboarded: []Offboarded{{Login: "bob@acme.com", Date: "2026-05-01"}}}
	if ids, err := due.DueUserIDs(f); err != nil || strings.Join(ids, ",") != "00uB" {
		t.Errorf("due %v %v", ids, err)
	}
	if _, err := Offboarding(f, due); err == nil {
		t.Error("assignments not loaded: want an error")
	}
}

func TestOffboardingInputErrors(t *testing.T) {
	for _, in := range []OffboardingInput{
		{Offboarded: []Offboarded{{Login: "a", Date: "2026-13-01"}}},
		{Offboarded: []Offboarded{{Login: "", Date: "2026-01-01"}}},
		{Offboarded: []Offboarded{{Login: "a@x", Date: "2026-01-01"}, {Login: "A@X", Date: "2026-01-02"}}},
		{GracePeriod: "-1h"},
		{GracePeriod: "1w"},
		{GracePeriod: "1.5d"},
	} {
		if _, err := Offboarding(offboardingFacts(now), in); err == nil {
			t.Errorf("%+v: want an error", in)
		}
	}
	for s, want := range map[string]time.Duration{"24h": 24 * time.Hour, "7d": 7 * 24 * time.Hour, "0d": 0, "90m": 90 * time.Minute, " 2d ": 48 * time.Hour} {
		if d, err := ParseGracePeriod(s); err != nil || d != want {
			t.Errorf("ParseGracePeriod(%q) = %v, %v", s, d, err)
		}
	}
}

func TestOffboardingFingerprint(t *testing.T) {
	in := OffboardingInput{Offboarded: []Offboarded{{Login: "dan@acme.com", Date: "2026-05-01"}, {Login: "alice@acme.com", Date: "2026-05-01"}}}
	base := mustOK(t)(Offboarding(offboardingFacts(now), in))
	in.Offboarded[0], in.Offboarded[1] = in.Offboarded[1], in.Offboarded[0]
	if r := mustOK(t)(Offboarding(offboardingFacts(now.AddDate(0, 0, 3)), in)); r.Fingerprint != base.Fingerprint {
		t.Error("input order or evaluation time changed the fingerprint")
	}
	f := offboardingFacts(now)
	f.AppUsers["0oaSlack"] = f.AppUsers["0oaSlack"][:1] // dan's assignment removed
	r := mustOK(t)(Offboarding(f, in))
	if r.Fingerprint == base.Fingerprint || r.Status != StatusPass {
		t.Errorf("removing the assignment: status %s", r.Status)
	}
}
