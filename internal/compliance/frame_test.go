package compliance

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// exceptionFacts: two users without factors, so each is a violation of MFA.
func exceptionFacts(at time.Time) *Facts {
	users := []okta.User{
		userWithEmail("00uCarol", "carol", "Carol@Acme.com", UserActive),
		user("00uDan", "dan@acme.com", UserActive),
	}
	return &Facts{Now: at, Users: users, Factors: factorsByUser(users)}
}

func TestExceptions(t *testing.T) {
	endOfDay := time.Date(2026, 10, 1, 23, 59, 59, 999999999, time.UTC)
	tests := []struct {
		name        string
		at          time.Time
		exc         Exception
		want        []string // remaining violations
		applied     bool
		expiredWarn string
		otherWarn   string // the one warning when expiredWarn is empty
		unused      bool
	}{
		{
			name: "by login, other case", at: now,
			exc:     Exception{Subject: "CAROL", Reason: "on leave", Expires: "2026-10-01"},
			want:    []string{"dan@acme.com (00uDan): no ACTIVE factor of an allowed type"},
			applied: true,
		},
		{
			name: "by email, other case", at: now,
			exc:     Exception{Subject: "carol@acme.COM", Expires: "2026-10-01"},
			want:    []string{"dan@acme.com (00uDan): no ACTIVE factor of an allowed type"},
			applied: true,
		},
		{
			name: "by id, other case", at: now,
			exc:     Exception{Subject: "00ucarol", Expires: "2026-10-01"},
			want:    []string{"dan@acme.com (00uDan): no ACTIVE factor of an allowed type"},
			applied: true,
		},
		{
			name: "last instant of the expiry day still applies", at: endOfDay,
			exc:     Exception{Subject: "carol", Expires: "2026-10-01"},
			want:    []string{"dan@acme.com (00uDan): no ACTIVE factor of an allowed type"},
			applied: true,
			otherWarn: "exception for carol expires on 2026-10-01, the plan's day: review it, then renew " +
				"it with a later expires date or fix the violations it waives",
		},
		{
			name: "expiry day in another time zone is judged in UTC", at: time.Date(2026, 10, 1, 20, 0, 0, 0, time.FixedZone("PDT", -7*3600)),
			exc: Exception{Subject: "carol", Expires: "2026-10-01"},
			want: []string{
				"carol (00uCarol): no ACTIVE factor of an allowed type",
				"dan@acme.com (00uDan): no ACTIVE factor of an allowed type",
			},
			expiredWarn: "exception for carol expired on 2026-10-01; it no longer applies",
		},
		{
			name: "expired the next day", at: endOfDay.Add(time.Nanosecond),
			exc: Exception{Subject: "carol@acme.com", Expires: "2026-10-01"},
			want: []string{
				"carol (00uCarol): no ACTIVE factor of an allowed type",
				"dan@acme.com (00uDan): no ACTIVE factor of an allowed type",
			},
			expiredWarn: "exception for carol@acme.com expired on 2026-10-01; it no longer applies",
		},
		{
			name: "matches nothing", at: now,
			exc: Exception{Subject: "nobody@acme.com", Expires: "2026-10-01"},
			want: []string{
				"carol (00uCarol): no ACTIVE factor of an allowed type",
				"dan@acme.com (00uDan): no ACTIVE factor of an allowed type",
			},
			unused: true,
			otherWarn: "exception for nobody@acme.com (expires 2026-10-01) waives nothing: no violation of this " +
				"check matches it; remove it, or correct its subject (a user's login, email or id; another " +
				"subject's name or id as the violations show it)",
		},
		{
			name: "a partial subject does not match", at: now,
			exc: Exception{Subject: "acme.com", Expires: "2026-10-01"},
			want: []string{
				"carol (00uCarol): no ACTIVE factor of an allowed type",
				"dan@acme.com (00uDan): no ACTIVE factor of an allowed type",
			},
			unused:    true,
			otherWarn: "exception for acme.com (expires 2026-10-01) waives nothing",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := MFA(exceptionFacts(tt.at), MFAInput{Exceptions: []Exception{tt.exc}})
			if err != nil {
				t.Fatal(err)
			}
			assertLines(t, r.Violations, tt.want...)
			if got := len(r.ExceptionsApplied) == 1; got != tt.applied {
				t.Errorf("applied = %v, want %v", r.ExceptionsApplied, tt.applied)
			}
			if tt.applied && (r.ExceptionsApplied[0].Exception != tt.exc || len(r.ExceptionsApplied[0].Violations) != 1) {
				t.Errorf("applied %+v", r.ExceptionsApplied)
			}
			if tt.expiredWarn != "" {
				if !slices.Contains(r.Warnings, tt.expiredWarn) || len(r.ExceptionsExpired) != 1 {
					t.Errorf("warnings %q expired %v, want %q", r.Warnings, r.ExceptionsExpired, tt.expiredWarn)
				}
				if !strings.Contains(r.Evidence, `"expired":[{"expires":"2026-10-01"`) {
					t.Errorf("evidence does not record the expired exception: %s", r.Evidence)
				}
			} else if len(r.ExceptionsExpired) != 0 {
				t.Errorf("unexpected expired %v", r.ExceptionsExpired)
			} else if tt.otherWarn == "" && len(r.Warnings) != 0 ||
				tt.otherWarn != "" && (len(r.Warnings) != 1 || !strings.HasPrefix(r.Warnings[0], tt.otherWarn)) {
				t.Errorf("warnings %q, want %q", r.Warnings, tt.otherWarn)
			}
			if got := len(r.ExceptionsUnused) == 1; got != tt.unused {
				t.Errorf("unused = %v, want %v", r.ExceptionsUnused, tt.unused)
			}
			if len(r.Notes) != 0 {
				t.Errorf("notes %q: an unused exception is a warning", r.Notes)
			}
		})
	}
}

func TestExceptionsAllPassAndFingerprint(t *testing.T) {
	excs := []Exception{
		{Subject: "carol", Reason: "leave", Expires: "2026-12-31"},
		{Subject: "dan@acme.com", Reason: "new", Expires: "2026-06-30"},
	}
	r := mustOK(t)(MFA(exceptionFacts(now), MFAInput{Exceptions: excs}))
	if r.Status != StatusPass || len(r.ExceptionsApplied) != 2 {
		t.Fatalf("status %s applied %v", r.Status, r.ExceptionsApplied)
	}
	// Order of the exception blocks does not matter.
	r2 := mustOK(t)(MFA(exceptionFacts(now), MFAInput{Exceptions: []Exception{excs[1], excs[0]}}))
	if r2.Fingerprint != r.Fingerprint {
		t.Error("exception order changed the fingerprint")
	}
	// A day later, nothing changed: same fingerprint (no evaluation time in it).
	r3 := mustOK(t)(MFA(exceptionFacts(now.AddDate(0, 0, 1)), MFAInput{Exceptions: excs}))
	if r3.Fingerprint != r.Fingerprint {
		t.Error("evaluation time changed the fingerprint")
	}
	// Once one has expired, the evidence says so.
	r4 := mustOK(t)(MFA(exceptionFacts(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)), MFAInput{Exceptions: excs}))
	if r4.Fingerprint == r.Fingerprint || r4.Status != StatusFail {
		t.Error("an expired exception did not change the result")
	}
}

func TestExceptionValidation(t *testing.T) {
	for _, e := range []Exception{
		{Subject: "", Expires: "2026-01-01"},
		{Subject: "carol", Expires: ""},
		{Subject: "carol", Expires: "2026-1-1"},
		{Subject: "carol", Expires: "2026-02-30"},
		{Subject: "carol", Expires: "01/02/2026"},
		{Subject: "carol", Expires: "2026-01-01T00:00:00Z"},
	} {
		if _, err := MFA(exceptionFacts(now), MFAInput{Exceptions: []Exception{e}}); err == nil {
			t.Errorf("%+v: want an error", e)
		}
	}
	f := exceptionFacts(time.Time{})
	if _, err := MFA(f, MFAInput{}); err == nil {
		t.Error("zero Now: want an error")
	}
}

func TestParseDate(t *testing.T) {
	d, err := ParseDate("2024-02-29")
	if err != nil || !d.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("got %v, %v", d, err)
	}
	for _, s := range []string{"2023-02-29", "2024-13-01", " 2024-01-01", "2024-01-01 ", "+024-01-01", ""} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("%q: want an error", s)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-10-01", "2024-02-29", "0000-01-01", "9999-12-31", "2026-1-01", "２０２６-01-01", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		// Whatever parses is exactly one canonical date, midnight UTC.
		if got := d.Format(time.DateOnly); got != s {
			t.Fatalf("ParseDate(%q) = %s, does not round-trip", s, got)
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%q) = %v, not midnight UTC", s, d)
		}
		e := Exception{Subject: "x", Expires: s}
		if err := e.Validate(); err != nil {
			t.Fatalf("valid date %q rejected by Validate: %v", s, err)
		}
		if !e.activeAt(d.Add(24*time.Hour-1)) || e.activeAt(d.Add(24*time.Hour)) {
			t.Fatalf("%q: the expiry day boundary is wrong", s)
		}
	})
}

func TestFormat(t *testing.T) {
	var r Result
	for i := range 23 {
		r.Violations = append(r.Violations, Violation{Subject: fmt.Sprintf("u%02d@acme.com", i), SubjectID: fmt.Sprintf("00u%02d", i), Reason: "no ACTIVE factor of an allowed type"})
	}
	out := Format("oktagate_mfa_check.all", r, 20)
	lines := strings.Split(out, "\n")
	if len(lines) != 22 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	if lines[0] != "oktagate_mfa_check.all: 23 violations" {
		t.Errorf("header %q", lines[0])
	}
	if lines[1] != "u00@acme.com (00u00): no ACTIVE factor of an allowed type" || lines[20] != "u19@acme.com (00u19): no ACTIVE factor of an allowed type" {
		t.Errorf("lines %q … %q", lines[1], lines[20])
	}
	if lines[21] != "…and 3 more" {
		t.Errorf("last %q", lines[21])
	}
	if got := Format("a.b", r, 0); strings.Count(got, "\n") != 21 {
		t.Errorf("limit 0 should mean %d:\n%s", DefaultMaxListed, got)
	}

	one := Result{Violations: []Violation{{Subject: "Billing", SubjectID: "0oa1", Reason: "grant okta.users.manage is outside the allowed scopes"}, {SubjectID: "x", Reason: "y"}, {Subject: "s", Reason: "z"}}}
	want := "c.x: 3 violations\nBilling (0oa1): grant okta.users.manage is outside the allowed scopes\nx: y\ns: z"
	if got := Format("c.x", one, 20); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	exact := Result{Violations: r.Violations[:20]}
	if got := Format("c.x", exact, 20); strings.Contains(got, "more") || !strings.HasPrefix(got, "c.x: 20 violations\n") {
		t.Errorf("exactly 20: %s", got)
	}
	if got := Format("c.x", Result{Violations: r.Violations[:1]}, 20); !strings.HasPrefix(got, "c.x: 1 violation\n") {
		t.Errorf("one: %s", got)
	}
}

func TestControls(t *testing.T) {
	for _, c := range []string{CheckMFA, CheckOffboarding, CheckUniqueEmail, CheckAccessReview, CheckScope} {
		cs := Controls(c, nil)
		if len(cs) == 0 || !slices.IsSorted(cs) {
			t.Errorf("%s: controls %v", c, cs)
		}
		for _, s := range cs {
			if _, ok := LookupRequirement(s); !ok {
				t.Errorf("%s: control %q is not in the catalog", c, s)
			}
		}
	}
	if got := Controls(CheckOffboarding, nil); !slices.Contains(got, "SOC2 CC6.2") || !slices.Contains(got, "SOC2 CC6.3") {
		t.Errorf("offboarding controls %v", got)
	}
	// Conditional mappings are not among the controls whatever the inputs.
	if got := Controls(CheckOffboarding, nil); slices.Contains(got, "PCIDSS4.0.1 8.2.5") {
		t.Errorf("offboarding controls %v list a conditional mapping", got)
	}
	if got := Controls(CheckMFA, []string{FrameworkHIPAA}); !slices.Equal(got, []string{"HIPAA 164.312(d)"}) {
		t.Errorf("MFA controls in HIPAA only: %v", got)
	}
	if got := Controls("oktagate_no_such_check", nil); got != nil {
		t.Errorf("unknown check: %v", got)
	}
	// The table is not handed out for modification.
	Controls(CheckMFA, nil)[0] = "changed"
	if Controls(CheckMFA, nil)[0] == "changed" {
		t.Error("Controls returned the table itself")
	}
}

// TestEvidenceHoldsViolationsByDigest: the evidence names the violations by
// the SHA-256 of their canonical JSON instead of repeating them (Terraform
// draws a changed evidence string as a JSON diff, quadratic in a list's
// length), and the fingerprint still changes with any violation.
func TestEvidenceHoldsViolationsByDigest(t *testing.T) {
	r := mustOK(t)(MFA(exceptionFacts(now), MFAInput{}))
	if len(r.Violations) != 2 {
		t.Fatalf("violations %v, want carol and dan", r.Violations)
	}
	ev := map[string]any{}
	if err := json.Unmarshal([]byte(r.Evidence), &ev); err != nil {
		t.Fatal(err)
	}
	if _, repeated := ev["violations"]; repeated {
		t.Errorf("evidence repeats the violations: %s", r.Evidence)
	}
	if ev["version"] != float64(2) || ev["violation_count"] != float64(2) {
		t.Errorf("version %v, violation_count %v; want 2 and 2", ev["version"], ev["violation_count"])
	}
	// The digest is over exactly these bytes, which a reader rebuilds from
	// the `violations` attribute (`jq -cS '[.violations[] | {reason, subject, subject_id}]'`).
	canonical := `[{"reason":"no ACTIVE factor of an allowed type","subject":"carol","subject_id":"00uCarol"},` +
		`{"reason":"no ACTIVE factor of an allowed type","subject":"dan@acme.com","subject_id":"00uDan"}]`
	if got := string(CanonicalViolations(r.Violations)); got != canonical {
		t.Fatalf("canonical violations\n got %s\nwant %s", got, canonical)
	}
	sum := sha256.Sum256([]byte(canonical))
	if want := hex.EncodeToString(sum[:]); ev["violations_sha256"] != want || ViolationsDigest(r.Violations) != want {
		t.Errorf("violations_sha256 %v, ViolationsDigest %s; want %s", ev["violations_sha256"], ViolationsDigest(r.Violations), want)
	}
	// One violation fewer (an exception waives dan): another digest and fingerprint.
	r2 := mustOK(t)(MFA(exceptionFacts(now), MFAInput{Exceptions: []Exception{{Subject: "dan@acme.com", Reason: "new", Expires: "2026-06-30"}}}))
	if ViolationsDigest(r2.Violations) == ViolationsDigest(r.Violations) || r2.Fingerprint == r.Fingerprint {
		t.Error("waiving a violation changed neither the digest nor the fingerprint")
	}
}
