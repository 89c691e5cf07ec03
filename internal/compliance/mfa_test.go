package compliance

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func mfaFacts() *Facts {
	users := []okta.User{
		user("00u1", "alice@acme.com", UserActive),          // push: passes
		user("00u2", "bob@acme.com", UserActive),            // question + pending sms: fails
		user("00u3", "carol@acme.com", UserLockedOut),       // nothing: fails
		user("00u4", "dave@acme.com", UserSuspended),        // out of scope by status
		user("00u5", "erin@acme.com", UserActive),           // webauthn: passes, even phishing-resistant
		user("00u6", "frank@acme.com", UserPasswordExpired), // sms active, webauthn pending
		user("00u7", "grace@acme.com", UserDeprovisioned),
	}
	return &Facts{
		Now:   now,
		Users: users,
		Factors: factorsByUser(users,
			factor("f1", "00u1", "push", "ACTIVE"),
			factor("f2", "00u2", "question", "ACTIVE"),
			factor("f3", "00u2", "sms", "PENDING_ACTIVATION"),
			factor("f5", "00u5", "webauthn", "ACTIVE"),
			factor("f6", "00u6", "sms", "ACTIVE"),
			factor("f7", "00u6", "webauthn", "NOT_SETUP"),
		),
		GroupMembers: map[string][]string{
			"00gEng":        {"00u1", "00u2", "00u6"},
			"00gContractor": {"00u2"},
		},
	}
}

func TestMFA(t *testing.T) {
	tests := []struct {
		name      string
		in        MFAInput
		evaluated int
		want      []string
	}{
		{
			name:      "defaults",
			evaluated: 5,
			want: []string{
				"bob@acme.com (00u2): no ACTIVE factor of an allowed type; only question, sms (PENDING_ACTIVATION)",
				"carol@acme.com (00u3): no ACTIVE factor of an allowed type",
			},
		},
		{
			name:      "phishing resistant",
			in:        MFAInput{PhishingResistant: true},
			evaluated: 5,
			want: []string{
				"alice@acme.com (00u1): no ACTIVE factor of an allowed type; only push",
				"bob@acme.com (00u2): no ACTIVE factor of an allowed type; only question, sms (PENDING_ACTIVATION)",
				"carol@acme.com (00u3): no ACTIVE factor of an allowed type",
				"frank@acme.com (00u6): no ACTIVE factor of an allowed type; only sms, webauthn (NOT_SETUP)",
			},
		},
		{
			name:      "question allowed explicitly",
			in:        MFAInput{AllowedFactorTypes: []string{"Question", "push"}, UserScope: UserScope{Statuses: []string{"active"}}},
			evaluated: 3,
			want: []string{
				"erin@acme.com (00u5): no ACTIVE factor of an allowed type; only webauthn",
			},
		},
		{
			name:      "two required",
			in:        MFAInput{MinFactors: 2, UserScope: UserScope{GroupIDs: []string{"00gEng"}}},
			evaluated: 3,
			want: []string{
				"alice@acme.com (00u1): 1 ACTIVE factor of an allowed type, 2 required; found push",
				"bob@acme.com (00u2): no ACTIVE factor of an allowed type; only question, sms (PENDING_ACTIVATION)",
				"frank@acme.com (00u6): 1 ACTIVE factor of an allowed type, 2 required; found sms, webauthn (NOT_SETUP)",
			},
		},
		{
			name:      "exclude group and logins",
			in:        MFAInput{UserScope: UserScope{ExcludeGroupIDs: []string{"00gContractor"}, ExcludeLogins: []string{"CAROL@acme.com"}}},
			evaluated: 3,
		},
		{
			name:      "status scope includes suspended",
			in:        MFAInput{UserScope: UserScope{Statuses: []string{"SUSPENDED"}}},
			evaluated: 1,
			want:      []string{"dave@acme.com (00u4): no ACTIVE factor of an allowed type"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(MFA(mfaFacts(), tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != tt.evaluated {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tt.evaluated)
			}
			if r.Check != CheckMFA || !strings.Contains(strings.Join(r.Controls, "|"), "SOC2 CC6.1") {
				t.Errorf("check %q controls %v", r.Check, r.Controls)
			}
		})
	}
}

func TestMFAErrors(t *testing.T) {
	f := mfaFacts()
	if _, err := MFA(f, MFAInput{AllowedFactorTypes: []string{"sms"}, PhishingResistant: true}); err == nil {
		t.Error("sms with phishing_resistant: want an error")
	}
	if _, err := MFA(f, MFAInput{MinFactors: -1}); err == nil {
		t.Error("negative min_factors: want an error")
	}
	if _, err := MFA(f, MFAInput{UserScope: UserScope{GroupIDs: []string{"00gUnknown"}}}); err == nil {
		t.Error("members of a group not loaded: want an error")
	}
	delete(f.Factors, "00u3")
	_, err := MFA(f, MFAInput{})
	var mf *MissingFactsError
	if err == nil || !strings.Contains(err.Error(), "00u3") || !asMissing(err, &mf) {
		t.Errorf("factors not loaded: got %v", err)
	}
}

func asMissing(err error, target **MissingFactsError) bool {
	return errors.As(err, target)
}

func TestMFAScopeUserIDs(t *testing.T) {
	ids, err := MFAInput{UserScope: UserScope{GroupIDs: []string{"00gEng"}, ExcludeLogins: []string{"00U6"}}}.ScopeUserIDs(mfaFacts())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "00u1,00u2" {
		t.Errorf("scope %v", ids)
	}
}

func TestMFAFingerprint(t *testing.T) {
	base := mustOK(t)(MFA(mfaFacts(), MFAInput{}))

	// Same facts in another order: same evidence.
	f := mfaFacts()
	rand.Shuffle(len(f.Users), func(i, j int) { f.Users[i], f.Users[j] = f.Users[j], f.Users[i] })
	for k, fs := range f.Factors {
		for i, j := 0, len(fs)-1; i < j; i, j = i+1, j-1 {
			fs[i], fs[j] = fs[j], fs[i]
		}
		f.Factors[k] = fs
	}
	f.GroupMembers["00gEng"] = []string{"00u6", "00u1", "00u2"}
	f.Now = now.AddDate(0, 1, 0)
	if r := mustOK(t)(MFA(f, MFAInput{})); r.Fingerprint != base.Fingerprint {
		t.Errorf("reordered facts or a later evaluation changed the fingerprint:\n%s\n%s", base.Evidence, r.Evidence)
	}

	// Inputs given in another order or case: same evidence.
	in1 := MFAInput{AllowedFactorTypes: []string{"push", "sms"}, UserScope: UserScope{Statuses: []string{"ACTIVE", "LOCKED_OUT"}}}
	in2 := MFAInput{AllowedFactorTypes: []string{"SMS", "push", "sms"}, UserScope: UserScope{Statuses: []string{"locked_out", "active"}}}
	r1, r2 := mustOK(t)(MFA(mfaFacts(), in1)), mustOK(t)(MFA(mfaFacts(), in2))
	if r1.Fingerprint != r2.Fingerprint {
		t.Errorf("equivalent inputs, different fingerprints:\n%s\n%s", r1.Evidence, r2.Evidence)
	}

	// A passing user enrolling another factor changes the facts, not the verdict.
	f = mfaFacts()
	f.Factors["00u1"] = append(f.Factors["00u1"], factor("f9", "00u1", "sms", "ACTIVE"))
	r := mustOK(t)(MFA(f, MFAInput{}))
	if r.Fingerprint == base.Fingerprint {
		t.Error("a new active factor did not change the fingerprint")
	}
	if len(r.Violations) != len(base.Violations) {
		t.Errorf("verdict changed: %v", r.Violations)
	}

	// A fact the check does not look at (a user's title) changes nothing.
	f = mfaFacts()
	f.Users[0].Profile["title"] = "CTO"
	if r := mustOK(t)(MFA(f, MFAInput{})); r.Fingerprint != base.Fingerprint {
		t.Error("an irrelevant profile attribute changed the fingerprint")
	}
}
