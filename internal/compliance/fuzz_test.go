package compliance

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// FuzzExceptionMatch: an exception waives exactly the findings whose login,
// email or id equals its subject up to case and surrounding space; the
// violations it does not waive stay, in order; the result is the same whatever
// the subject's case; and evidence stays canonical JSON.
func FuzzExceptionMatch(f *testing.F) {
	for _, seed := range []struct{ login, email, id, subject string }{
		{"carol@acme.com", "carol@acme.com", "00u1", "carol@acme.com"},
		{"carol@acme.com", "c.smith@acme.com", "00u1", "  C.Smith@ACME.com "},
		{"carol@acme.com", "carol@acme.com", "00u1", "00U1"},
		{"carol@acme.com", "carol@acme.com", "00u1", "carol"},
		{"", "", "", " "},
		{"İstanbul@acme.com", "ı@acme.com", "00u2", "i̇stanbul@acme.com"},
		{"ǅ@acme.com", "\u212a@acme.com", "00u3", "k@acme.com"},
		{"a\x00b", "a b", "00u\t4", "A\x00B"},
	} {
		f.Add(seed.login, seed.email, seed.id, seed.subject)
	}
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, login, email, id, subject string) {
		target := finding{Violation: Violation{Subject: login, SubjectID: id, Reason: "no ACTIVE factor"}, keys: userKeys(login, email, id)}
		other := finding{Violation: Violation{Subject: "zz-other", SubjectID: "00uOTHER", Reason: "no ACTIVE factor"},
			keys: userKeys("zz-other", "zz-other@example.invalid", "00uOTHER")}
		ev := evaluation{check: "oktagate_mfa_check", evaluated: 2, findings: []finding{target, other}, facts: map[string]string{}}
		exc := Exception{Subject: subject, Reason: "ticket", Expires: "2027-01-31"}
		r, err := finish(&Facts{Now: now}, ev, []Exception{exc})
		if strings.TrimSpace(subject) == "" {
			if err == nil {
				t.Fatalf("an exception with a blank subject %q was accepted", subject)
			}
			return
		}
		if err != nil {
			t.Fatalf("finish: %v", err)
		}

		s := fold(subject)
		want := s == fold(login) || s == fold(email) || s == fold(id)
		if got := target.matches(subject); got != want {
			t.Fatalf("matches(%q) = %v for login %q email %q id %q, want %v", subject, got, login, email, id, want)
		}
		// The other finding is waived only by a subject that names it.
		otherWaived := s == "zz-other" || s == "zz-other@example.invalid" || s == "00uother"
		var wantViolations []Violation
		if !want {
			wantViolations = append(wantViolations, target.Violation)
		}
		if !otherWaived {
			wantViolations = append(wantViolations, other.Violation)
		}
		wantViolations = sortedViolations(wantViolations)
		if len(r.Violations) != len(wantViolations) {
			t.Fatalf("subject %q: %d violations left, want %d", subject, len(r.Violations), len(wantViolations))
		}
		for i := range wantViolations {
			if r.Violations[i] != wantViolations[i] {
				t.Fatalf("subject %q: violation %d = %+v, want %+v", subject, i, r.Violations[i], wantViolations[i])
			}
		}
		if applied := len(r.ExceptionsApplied) == 1; applied != (want || otherWaived) {
			t.Fatalf("subject %q: applied = %v, want %v", subject, applied, want || otherWaived)
		}
		if unused := len(r.ExceptionsUnused) == 1; unused == (want || otherWaived) {
			t.Fatalf("subject %q: unused = %v", subject, unused)
		}
		// Case and surrounding space never change the outcome.
		for _, variant := range []string{strings.ToUpper(subject), strings.ToLower(subject), " " + subject + "\t"} {
			if fold(variant) != s {
				continue // Unicode case mappings that change the folded form
			}
			r2, err := finish(&Facts{Now: now}, ev, []Exception{{Subject: variant, Reason: "ticket", Expires: "2027-01-31"}})
			if err != nil {
				t.Fatalf("variant %q: %v", variant, err)
			}
			if len(r2.Violations) != len(r.Violations) || r2.Status != r.Status {
				t.Fatalf("subject %q and %q disagree", subject, variant)
			}
		}
		// The evidence is canonical: encoding it again changes nothing.
		var decoded any
		if err := json.Unmarshal([]byte(r.Evidence), &decoded); err != nil {
			t.Fatalf("evidence is not JSON: %v", err)
		}
		again, err := Canonical(decoded)
		if err != nil {
			t.Fatalf("Canonical(evidence): %v", err)
		}
		if string(again) != r.Evidence {
			t.Fatalf("evidence is not canonical:\n%s\n%s", r.Evidence, again)
		}
	})
}

// FuzzParseGracePeriod: whatever parses is a non-negative duration that reads
// back the same way; "Nd" is exactly N days; everything else is refused with
// a message that says what is expected.
func FuzzParseGracePeriod(f *testing.F) {
	for _, s := range []string{"24h", "36h", "7d", "0d", "0", "1h30m", " 7d ", "-1h", "-1d", "7D", "1.5d", "d", "",
		"36500d", "36501d", "9223372036854775807ns", "9223372036854775808ns", "+7d", "07d", "1e3d", "7 d", "1h-1m", "٣d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseGracePeriod(s)
		if err != nil {
			if !strings.Contains(err.Error(), "grace_period") {
				t.Fatalf("ParseGracePeriod(%q): the error does not name grace_period: %v", s, err)
			}
			return
		}
		if d < 0 {
			t.Fatalf("ParseGracePeriod(%q) = %v, negative", s, d)
		}
		trimmed := strings.TrimSpace(s)
		if days, ok := strings.CutSuffix(trimmed, "d"); ok {
			if d%(24*time.Hour) != 0 || d > 36500*24*time.Hour {
				t.Fatalf("ParseGracePeriod(%q) = %v, not a whole number of days up to 100 years", s, d)
			}
			// The day count reads back.
			back, err := ParseGracePeriod(strings.TrimLeft(days, "+0") + "d")
			if strings.TrimLeft(days, "+0") == "" {
				back, err = ParseGracePeriod("0d")
			}
			if err != nil || back != d {
				t.Fatalf("ParseGracePeriod(%q) = %v, but its canonical form gives %v, %v", s, d, back, err)
			}
			return
		}
		// A Go duration: its String form parses to the same value.
		back, err := ParseGracePeriod(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseGracePeriod(%q) = %v; ParseGracePeriod(%q) = %v, %v", s, d, d.String(), back, err)
		}
		// And the offboarding input accepts it.
		in := OffboardingInput{Offboarded: []Offboarded{{Login: "x@acme.com", Date: "2026-01-01"}}, GracePeriod: s}
		if _, err := in.Normalized(); err != nil {
			t.Fatalf("grace period %q parses but the input is refused: %v", s, err)
		}
	})
}
