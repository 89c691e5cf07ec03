package compliance

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// now is the evaluation time of most tests.
var now = time.Date(2026, 5, 22, 15, 30, 0, 0, time.UTC)

func user(id, login, status string) okta.User {
	return okta.User{ID: id, Status: status, Profile: map[string]string{"login": login, "email": login}}
}

func userWithEmail(id, login, email, status string) okta.User {
	return okta.User{ID: id, Status: status, Profile: map[string]string{"login": login, "email": email}}
}

func factor(id, userID, typ, status string) okta.Factor {
	return okta.Factor{ID: id, UserID: userID, FactorType: typ, Status: status}
}

// factorsByUser groups factors by user and marks every listed user as loaded.
func factorsByUser(users []okta.User, fs ...okta.Factor) map[string][]okta.Factor {
	m := map[string][]okta.Factor{}
	for _, u := range users {
		m[u.ID] = nil
	}
	for _, f := range fs {
		m[f.UserID] = append(m[f.UserID], f)
	}
	return m
}

// violationLines renders violations as "subject (id): reason" lines.
func violationLines(vs []Violation) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.String())
	}
	return out
}

// mustOK checks the invariants every Result keeps; use as mustOK(t)(Rule(f, in)).
func mustOK(t *testing.T) func(Result, error) Result {
	t.Helper()
	return func(r Result, err error) Result {
		t.Helper()
		return checkResult(t, r, err)
	}
}

func checkResult(t *testing.T, r Result, err error) Result {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if r.Fingerprint == "" || r.Evidence == "" {
		t.Fatalf("result has no evidence/fingerprint: %+v", r)
	}
	if hashHex([]byte(r.Evidence)) != r.Fingerprint {
		t.Fatalf("fingerprint is not the SHA-256 of the evidence")
	}
	if !slices.IsSortedFunc(r.Violations, compareViolations) {
		t.Fatalf("violations not sorted: %v", r.Violations)
	}
	want := StatusPass
	if len(r.Violations) > 0 {
		want = StatusFail
	}
	if r.Status != want {
		t.Fatalf("status %q with %d violations", r.Status, len(r.Violations))
	}
	if strings.Contains(r.Evidence, now.Format(time.RFC3339)) || strings.Contains(r.Evidence, "15:30") {
		t.Fatalf("evidence contains the evaluation time: %s", r.Evidence)
	}
	return r
}

func assertLines(t *testing.T, got []Violation, want ...string) {
	t.Helper()
	g := violationLines(got)
	if len(want) == 0 {
		want = []string{}
	}
	if !slices.Equal(g, want) {
		t.Errorf("violations:\n got %q\nwant %q", g, want)
	}
}

// soc2AndSTIG keeps the SOC 2 and STIG controls: the rules' own tests pin
// those (the STIG ids their thresholds earn), and TestCatalog walks every
// framework's mappings through the rules.
func soc2AndSTIG(cs []string) []string {
	out := []string{}
	for _, c := range cs {
		if strings.HasPrefix(c, FrameworkSOC2+" ") || strings.HasPrefix(c, FrameworkSTIG+" ") {
			out = append(out, c)
		}
	}
	return out
}
