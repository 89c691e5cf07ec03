package compliance

import (
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func uniqueEmailFacts() *Facts {
	return &Facts{
		Now: now,
		Users: []okta.User{
			userWithEmail("00u1", "alice", "alice@acme.com", UserActive),
			userWithEmail("00u2", "alice.admin", "Alice@ACME.com", UserActive),
			userWithEmail("00u3", "alice.old", "alice@acme.com", UserDeprovisioned),
			userWithEmail("00u4", "bob", "bob@gmail.com", UserStaged),
			userWithEmail("00u5", "carol", "carol@Sub.Acme.com", UserSuspended),
			userWithEmail("00u6", "dan", "dan@acme.com", UserActive),
			userWithEmail("00u7", "dan.svc", "DAN@acme.com", UserActive),
			userWithEmail("00u8", "dan.test", "dan@acme.com", UserProvisioned),
		},
	}
}

func TestUniqueEmail(t *testing.T) {
	tests := []struct {
		name      string
		in        UniqueEmailInput
		evaluated int
		want      []string
	}{
		{
			name:      "duplicates case-insensitive, deprovisioned ignored",
			evaluated: 7,
			want: []string{
				"alice (00u1): email alice@acme.com is also used by alice.admin",
				"alice.admin (00u2): email alice@acme.com is also used by alice",
				"dan (00u6): email dan@acme.com is also used by dan.svc, dan.test",
				"dan.svc (00u7): email dan@acme.com is also used by dan, dan.test",
				"dan.test (00u8): email dan@acme.com is also used by dan, dan.svc",
			},
		},
		{
			name:      "status scope and domains",
			in:        UniqueEmailInput{Statuses: []string{"staged", "suspended", "deprovisioned"}, AllowedDomains: []string{"@ACME.com", "sub.acme.com"}},
			evaluated: 3,
			want: []string{
				"bob (00u4): email bob@gmail.com is outside the allowed domains",
			},
		},
		{
			name:      "a parent domain does not allow subdomains",
			in:        UniqueEmailInput{Statuses: []string{"SUSPENDED", "DEPROVISIONED", "ACTIVE"}, AllowedDomains: []string{"acme.com"}},
			evaluated: 6,
			want: []string{
				"alice (00u1): email alice@acme.com is also used by alice.admin, alice.old",
				"alice.admin (00u2): email alice@acme.com is also used by alice, alice.old",
				"alice.old (00u3): email alice@acme.com is also used by alice, alice.admin",
				"carol (00u5): email carol@sub.acme.com is outside the allowed domains",
				"dan (00u6): email dan@acme.com is also used by dan.svc",
				"dan.svc (00u7): email dan@acme.com is also used by dan",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(UniqueEmail(uniqueEmailFacts(), tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != tt.evaluated {
				t.Errorf("evaluated %d", r.SubjectsEvaluated)
			}
		})
	}
}

func TestUniqueEmailExceptionAndFingerprint(t *testing.T) {
	in := UniqueEmailInput{Exceptions: []Exception{{Subject: "DAN.SVC", Reason: "service account", Expires: "2026-12-31"}}}
	r := mustOK(t)(UniqueEmail(uniqueEmailFacts(), in))
	if len(r.Violations) != 4 || len(r.ExceptionsApplied) != 1 {
		t.Fatalf("violations %v applied %v", r.Violations, r.ExceptionsApplied)
	}
	// An email changing case only changes nothing the check looks at.
	f := uniqueEmailFacts()
	f.Users[0].Profile["email"] = "ALICE@acme.com"
	if r2 := mustOK(t)(UniqueEmail(f, in)); r2.Fingerprint != r.Fingerprint {
		t.Error("email case changed the fingerprint")
	}
	f.Users[0].Profile["email"] = "alice2@acme.com"
	if r2 := mustOK(t)(UniqueEmail(f, in)); r2.Fingerprint == r.Fingerprint || len(r2.Violations) != 2 {
		t.Errorf("a changed email: %v", r2.Violations)
	}
}
