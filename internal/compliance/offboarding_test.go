package compliance

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func offboardingFacts(at time.Time) *Facts {
	return &Facts{
		Now: at,
		Users: []okta.User{
			user("00uA", "alice@acme.com", UserDeprovisioned),                           // clean
			user("00uB", "bob@acme.com", UserActive),                                    // still active, in apps and groups
			user("00uC", "carol@acme.com", UserSuspended),                               // suspended, clean
			user("00uD", "dan@acme.com", UserDeprovisioned),                             // deprovisioned but still assigned
			user("00uE", "erin@acme.com", UserActive),                                   // only in Everyone
			userWithEmail("00uF", "fay@acme.com", "fay.l@gmail.com", UserActive),        // her email is not her login
			userWithEmail("00uG", "gus@acme.com", "shared@acme.com", UserDeprovisioned), // two users share an email
			userWithEmail("00uH", "hal@acme.com", "Shared@acme.com", UserActive),
			user("00uI", "ivy@acme.com", UserActive), // her login is another user's email
			userWithEmail("00uJ", "jon@acme.com", "IVY@acme.com", UserActive),
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
			"0oaZoom":  {{AppID: "0oaZoom", UserID: "00uB", Scope: "USER"}, {AppID: "0oaZoom", UserID: "00uF", Scope: "USER"}},
		},
		UserDeletionLookback: 89 * 24 * time.Hour,
		UserDeletions: []okta.LogEvent{
			deletion("evt-zed-old", "00uZ", "zed@acme.com", "SUCCESS", "user.lifecycle.delete.completed", 3),
			deletion("evt-zed", "00uZ", "zed@acme.com", "SUCCESS", "user.lifecycle.delete.completed", 2),
			deletion("evt-yan", "00uY", "yan@acme.com", "FAILURE", "user.lifecycle.delete.completed", 2),
			deletion("evt-xi", "00uX", "xi@acme.com", "SUCCESS", "user.lifecycle.delete.initiated", 2),
		},
	}
}

// deletion is a System Log event deleting a user, daysBefore now, by alice.
func deletion(uuid, userID, login, outcome, eventType string, daysBefore int) okta.LogEvent {
	return okta.LogEvent{
		UUID: uuid, Published: time.Date(2026, 5, 22-daysBefore, 9, 0, 0, 0, time.UTC), EventType: eventType, OutcomeResult: outcome,
		Actor:   okta.LogParty{ID: "00uA", Type: "User", AlternateID: "alice@acme.com"},
		Targets: []okta.LogParty{{ID: userID, Type: "User", AlternateID: login, DisplayName: "Someone"}},
	}
}

// notFound is the violation of an entry offboarded on 2026-05-01 that no user
// and no deletion matches.
func notFound(key string) string {
	return key + ": offboarded 2026-05-01: not found in the org by login, email or id, and no " +
		"user.lifecycle.delete.completed event of the System Log's last 89 days names this login or id: a typo, " +
		"or deleted? Correct the entry to the user's login, email or Okta id; if the user was deleted before then, " +
		"or is listed by an email (deletion events name the login), add an exception for " + key
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
			name:      "unknown login is a violation",
			in:        OffboardingInput{Offboarded: left("ghost@acme.com")},
			evaluated: 1,
			want:      []string{notFound("ghost@acme.com")},
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

// TestOffboardingMatching: an entry names a user by login, id or email; what
// names nobody fails unless the System Log records the user's deletion.
func TestOffboardingMatching(t *testing.T) {
	on := func(date string, keys ...string) []Offboarded {
		var out []Offboarded
		for _, k := range keys {
			out = append(out, Offboarded{Login: k, Date: date})
		}
		return out
	}
	tests := []struct {
		name      string
		in        []Offboarded
		excs      []Exception
		evaluated int
		want      []string
		evidence  []string // substrings of the evidence
		notes     []string
	}{
		{
			name:      "a typo of a leaver's email is not found",
			in:        on("2026-05-01", "dan@acme.co"),
			evaluated: 1,
			want:      []string{notFound("dan@acme.co")},
			evidence:  []string{`{"date":"2026-05-01","login":"dan@acme.co","state":"not_found","user_id":""}`},
		},
		{
			name:      "by email whose login differs, any case",
			in:        on("2026-05-01", "FAY.L@gmail.com"),
			evaluated: 1,
			want:      []string{"fay@acme.com (00uF): offboarded 2026-05-01 (listed as FAY.L@gmail.com): status ACTIVE, not DEPROVISIONED; still assigned to 1 app: Zoom"},
			evidence:  []string{`"login":"fay.l@gmail.com","matched_by":"email","state":"evaluated","user_id":"00uF"`},
		},
		{
			name:      "by Okta id, any case",
			in:        on("2026-05-01", "00ue"),
			evaluated: 1,
			want:      []string{"erin@acme.com (00uE): offboarded 2026-05-01 (listed as 00ue): status ACTIVE, not DEPROVISIONED"},
			evidence:  []string{`"matched_by":"id"`},
		},
		{
			name:      "a login wins over another user's email",
			in:        on("2026-05-01", "Ivy@acme.com"),
			evaluated: 1,
			want:      []string{"ivy@acme.com (00uI): offboarded 2026-05-01: status ACTIVE, not DEPROVISIONED"},
		},
		{
			name:      "an email two users share is ambiguous",
			in:        on("2026-05-01", "SHARED@acme.com"),
			evaluated: 1,
			want: []string{"shared@acme.com: offboarded 2026-05-01: the email shared@acme.com is shared by 2 users, " +
				"gus@acme.com (00uG), hal@acme.com (00uH): list the leaver by login or Okta id instead"},
			evidence: []string{`"candidate_ids":["00uG","00uH"]`, `"state":"ambiguous"`},
		},
		{
			name:      "deleted, with the System Log's event: passes and cites the latest",
			in:        on("2026-05-01", "Zed@acme.com"),
			evaluated: 1,
			evidence: []string{`"deletion":{"actor":"alice@acme.com","actor_id":"00uA","event_type":"user.lifecycle.delete.completed","published":"2026-05-20T09:00:00Z","uuid":"evt-zed"}`,
				`"state":"deleted","user_id":"00uZ"`},
			notes: []string{"offboarded zed@acme.com: deleted on 2026-05-20T09:00:00Z by alice@acme.com (System Log event evt-zed)"},
		},
		{
			name:      "deleted, listed by id",
			in:        on("2026-05-01", "00uz"),
			evaluated: 1,
			evidence:  []string{`"uuid":"evt-zed"`},
			notes:     []string{"offboarded 00uz: deleted on 2026-05-20T09:00:00Z by alice@acme.com (System Log event evt-zed)"},
		},
		{
			name:      "a failed deletion or one only initiated proves nothing",
			in:        on("2026-05-01", "yan@acme.com", "xi@acme.com"),
			evaluated: 2,
			want:      []string{notFound("xi@acme.com"), notFound("yan@acme.com")},
		},
		{
			name:      "login and email of one person: judged once, at the earliest date",
			in:        append(on("2026-05-10", "fay@acme.com"), on("2026-05-01", "fay.l@gmail.com")...),
			evaluated: 1,
			want:      []string{"fay@acme.com (00uF): offboarded 2026-05-01 (listed as fay.l@gmail.com): status ACTIVE, not DEPROVISIONED; still assigned to 1 app: Zoom"},
			evidence:  []string{`"login":"fay@acme.com","matched_by":"login","state":"same_user","user_id":"00uF"`},
		},
		{
			name:      "an exception for the entry waives not found",
			in:        on("2026-05-01", "Ghost@acme.com", "shared@acme.com"),
			excs:      []Exception{{Subject: "ghost@acme.com", Reason: "deleted in 2025, SEC-9", Expires: "2026-12-31"}},
			evaluated: 2,
			want: []string{"shared@acme.com: offboarded 2026-05-01: the email shared@acme.com is shared by 2 users, " +
				"gus@acme.com (00uG), hal@acme.com (00uH): list the leaver by login or Okta id instead"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(Offboarding(offboardingFacts(now), OffboardingInput{Offboarded: tt.in, Exceptions: tt.excs}))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != tt.evaluated {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tt.evaluated)
			}
			for _, e := range tt.evidence {
				if !strings.Contains(r.Evidence, e) {
					t.Errorf("evidence lacks %s: %s", e, r.Evidence)
				}
			}
			for _, n := range tt.notes {
				if !slices.Contains(r.Notes, n) {
					t.Errorf("notes %q lack %q", r.Notes, n)
				}
			}
		})
	}
}

// TestOffboardingDeletionsLoadedOnlyWhenNotFound: the System Log is read only
// for an entry past its grace period that names no user; without it loaded,
// such an entry is a provider bug, never a pass.
func TestOffboardingDeletionsLoadedOnlyWhenNotFound(t *testing.T) {
	f := offboardingFacts(now)
	f.UserDeletions = nil
	found := OffboardingInput{Offboarded: []Offboarded{
		{Login: "alice@acme.com", Date: "2026-05-01"}, {Login: "fay.l@gmail.com", Date: "2026-05-01"},
		{Login: "ghost@acme.com", Date: "2026-05-22"}, // within grace: not looked for yet
	}}
	if nf, err := found.NotFound(f); err != nil || len(nf) != 0 {
		t.Errorf("not found %v, %v", nf, err)
	}
	r := mustOK(t)(Offboarding(f, found))
	if strings.Contains(r.Evidence, "user_deletions") {
		t.Errorf("evidence cites deletions that were not read: %s", r.Evidence)
	}
	missingOne := OffboardingInput{Offboarded: []Offboarded{{Login: "alice@acme.com", Date: "2026-05-01"}, {Login: " Ghost@acme.com", Date: "2026-05-01"}}}
	if nf, err := missingOne.NotFound(f); err != nil || strings.Join(nf, ",") != "Ghost@acme.com" {
		t.Errorf("not found %v, %v", nf, err)
	}
	var mf *MissingFactsError
	if _, err := Offboarding(f, missingOne); !errors.As(err, &mf) {
		t.Errorf("deletions not loaded: %v, want a MissingFactsError", err)
	}
	f = offboardingFacts(now)
	f.UserDeletions = []okta.LogEvent{}
	r = mustOK(t)(Offboarding(f, missingOne))
	assertLines(t, r.Violations, notFound("ghost@acme.com"))

	// The violation names the window the loader read, which the rule cannot
	// know by itself: deletions without it are a provider bug.
	f = offboardingFacts(now)
	f.UserDeletionLookback = 0
	if _, err := Offboarding(f, missingOne); !errors.As(err, &mf) || !strings.Contains(err.Error(), "how far back") {
		t.Errorf("deletions without their lookback: %v, want a MissingFactsError", err)
	}
	f.UserDeletionLookback = 30 * 24 * time.Hour
	r = mustOK(t)(Offboarding(f, missingOne))
	assertLines(t, r.Violations, strings.Replace(notFound("ghost@acme.com"), "last 89 days", "last 30 days", 1))
}

// TestOffboardingDeletionFingerprint: the evidence changes when the cited
// deletion does, not when an unrelated one is logged.
func TestOffboardingDeletionFingerprint(t *testing.T) {
	in := OffboardingInput{Offboarded: []Offboarded{{Login: "zed@acme.com", Date: "2026-05-01"}}}
	base := mustOK(t)(Offboarding(offboardingFacts(now), in))
	f := offboardingFacts(now)
	f.UserDeletions = append(f.UserDeletions, deletion("evt-wu", "00uW", "wu@acme.com", "SUCCESS", "user.lifecycle.delete.completed", 1))
	if r := mustOK(t)(Offboarding(f, in)); r.Fingerprint != base.Fingerprint {
		t.Error("an unrelated deletion changed the evidence")
	}
	f = offboardingFacts(now)
	f.UserDeletions = append(f.UserDeletions, deletion("evt-zed-again", "00uZ", "zed@acme.com", "SUCCESS", "user.lifecycle.delete.completed", 1))
	if r := mustOK(t)(Offboarding(f, in)); r.Fingerprint == base.Fingerprint || !strings.Contains(r.Evidence, "evt-zed-again") {
		t.Errorf("a later deletion of the leaver is not cited: %s", r.Evidence)
	}
}
