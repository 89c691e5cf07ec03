package compliance

import (
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// adminConsoleFacts are sessionFacts with the Admin Console's settings.
func adminConsoleFacts(idle, lifetime int) *Facts {
	f := sessionFacts()
	f.AdminConsole = &okta.AdminConsoleSettings{SessionIdleTimeoutMinutes: idle, SessionMaxLifetimeMinutes: lifetime}
	return f
}

func TestSessionPolicyAdminConsole(t *testing.T) {
	// Sign-on limits loose enough that only the Admin Console is judged.
	loose := SessionPolicyInput{AllowPersistentCookie: true,
		Exceptions: []Exception{{Subject: "0prD2", Reason: "broken rule", Expires: "2027-01-31"}}}
	with := func(idle, lifetime int) SessionPolicyInput {
		in := loose
		in.MaxAdminConsoleIdleMinutes, in.MaxAdminConsoleLifetimeMinutes = idle, lifetime
		return in
	}
	tests := []struct {
		name     string
		f        *Facts
		in       SessionPolicyInput
		want     []string
		controls []string
	}{
		{name: "Okta's defaults meet the STIG", f: adminConsoleFacts(15, 720), in: with(15, 0),
			controls: []string{"SOC2 CC6.1", STIGAdminConsoleIdle}},
		{name: "idle too long", f: adminConsoleFacts(30, 720), in: with(15, 0),
			want:     []string{"Okta Admin Console (admin-console): Admin Console idle session 30 > 15 minutes"},
			controls: []string{"SOC2 CC6.1", STIGAdminConsoleIdle}},
		{name: "both limits missed", f: adminConsoleFacts(60, 1440), in: with(30, 720),
			want:     []string{"Okta Admin Console (admin-console): Admin Console idle session 60 > 30 minutes; Admin Console session lifetime 1440 > 720 minutes"},
			controls: []string{"SOC2 CC6.1"}},
		{name: "lifetime only, settings missing from the response", f: adminConsoleFacts(0, 0), in: with(0, 720),
			want:     []string{"Okta Admin Console (admin-console): Admin Console session lifetime not set (sessionMaxLifetimeMinutes), want at most 720 minutes"},
			controls: []string{"SOC2 CC6.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(SessionPolicy(tt.f, tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != 4 { // the three sign-on rules and the Admin Console
				t.Errorf("evaluated %d, want 4", r.SubjectsEvaluated)
			}
			want := slices.Clone(tt.controls)
			slices.Sort(want)
			if !slices.Equal(r.Controls, want) {
				t.Errorf("controls %q, want %q", r.Controls, want)
			}
			if !strings.Contains(r.Evidence, `"admin_console":"`) || !strings.Contains(r.Evidence, `"max_admin_console_idle_minutes":`) {
				t.Errorf("evidence lacks the Admin Console: %s", r.Evidence)
			}
		})
	}
}

// TestSessionPolicyWithoutAdminConsole: with no Admin Console limit the
// settings are neither needed nor in the evidence, which stays as it was.
func TestSessionPolicyWithoutAdminConsole(t *testing.T) {
	plain := mustOK(t)(SessionPolicy(sessionFacts(), DefaultSessionPolicyInput()))
	loaded := mustOK(t)(SessionPolicy(adminConsoleFacts(60, 1440), DefaultSessionPolicyInput()))
	if plain.Fingerprint != loaded.Fingerprint || strings.Contains(plain.Evidence, "admin_console") {
		t.Errorf("the Admin Console settings changed the evidence of a check that does not judge them: %s", loaded.Evidence)
	}
	var mf *MissingFactsError
	if _, err := SessionPolicy(sessionFacts(), SessionPolicyInput{MaxAdminConsoleIdleMinutes: 15}); !asMissing(err, &mf) ||
		!strings.Contains(err.Error(), "Admin Console") {
		t.Errorf("Admin Console not loaded: %v", err)
	}
	if _, err := SessionPolicy(adminConsoleFacts(15, 720), SessionPolicyInput{MaxAdminConsoleLifetimeMinutes: -1}); err == nil ||
		!strings.Contains(err.Error(), "max_admin_console_lifetime_minutes") {
		t.Errorf("negative lifetime: %v", err)
	}
	// Waived by its subject id.
	r := mustOK(t)(SessionPolicy(adminConsoleFacts(60, 720), SessionPolicyInput{AllowPersistentCookie: true, MaxAdminConsoleIdleMinutes: 15,
		Exceptions: []Exception{{Subject: "0prD2", Reason: "r", Expires: "2027-01-31"}, {Subject: "ADMIN-CONSOLE", Reason: "r", Expires: "2027-01-31"}}}))
	if r.Status != StatusPass {
		t.Errorf("the Admin Console violation should be waived by its id: %v", r.Violations)
	}
}
