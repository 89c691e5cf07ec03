package compliance

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func signOnRule(id, name, status, access string, mfa bool, idle, lifetime int, persistent bool) okta.PolicyRule {
	raw, err := json.Marshal(map[string]any{"signon": map[string]any{
		"access": access, "requireFactor": mfa,
		"session": map[string]any{"maxSessionIdleMinutes": idle, "maxSessionLifetimeMinutes": lifetime, "usePersistentCookie": persistent},
	}})
	if err != nil {
		panic(err)
	}
	return okta.PolicyRule{ID: id, Name: name, Status: status, Type: "SIGN_ON", Actions: raw}
}

func sessionFacts() *Facts {
	return &Facts{
		Now: now,
		Policies: []okta.Policy{
			{ID: "00pA", Name: "Admins", Type: PolicySignOn, Status: "ACTIVE", Priority: 1},
			{ID: "00pD", Name: "Default Policy", Type: PolicySignOn, Status: "ACTIVE", Priority: 2},
			{ID: "00pI", Name: "Retired", Type: PolicySignOn, Status: "INACTIVE", Priority: 3},
		},
		PolicyRules: map[string][]okta.PolicyRule{
			"00pA": {
				signOnRule("0prA1", "MFA", "ACTIVE", "ALLOW", true, 15, 1080, false),
				signOnRule("0prA2", "Deny outside", "ACTIVE", "DENY", false, 0, 0, true),
				signOnRule("0prA3", "Old", "INACTIVE", "ALLOW", false, 0, 0, true),
			},
			"00pD": {
				signOnRule("0prD1", "Default Rule", "ACTIVE", "ALLOW", false, 720, 0, true),
				{ID: "0prD2", Name: "Broken", Status: "ACTIVE", Actions: json.RawMessage(`{"signon":{"access":7}}`)},
			},
		},
	}
}

func TestSessionPolicy(t *testing.T) {
	tests := []struct {
		name     string
		in       SessionPolicyInput
		want     []string
		controls []string
	}{
		{
			name: "defaults",
			in:   DefaultSessionPolicyInput(),
			want: []string{
				"Default Policy / Broken (0prD2): actions unreadable: json: cannot unmarshal number into Go struct field .signon.access of type string",
				"Default Policy / Default Rule (0prD1): idle session 720 > 120 minutes; session lifetime unlimited > 1440 minutes; no MFA required (requireFactor false)",
			},
			controls: []string{"SOC2 CC6.1"},
		},
		{
			name: "STIG values",
			in:   SessionPolicyInput{MaxIdleMinutes: 15, MaxLifetimeMinutes: 1080, RequireMFA: true},
			want: []string{
				"Default Policy / Broken (0prD2): actions unreadable: json: cannot unmarshal number into Go struct field .signon.access of type string",
				"Default Policy / Default Rule (0prD1): idle session 720 > 15 minutes; session lifetime unlimited > 1080 minutes; no MFA required (requireFactor false); persistent session cookie allowed",
			},
			controls: []string{"SOC2 CC6.1", STIGSessionIdle, STIGSessionLifetime, STIGPersistentCookie},
		},
		{
			name: "tighter than the admins' rule, the broken rule waived",
			in: SessionPolicyInput{MaxIdleMinutes: 10, AllowPersistentCookie: true,
				Exceptions: []Exception{{Subject: "0PRD2", Reason: "r", Expires: "2027-01-31"}}},
			want: []string{
				"Admins / MFA (0prA1): idle session 15 > 10 minutes",
				"Default Policy / Default Rule (0prD1): idle session 720 > 10 minutes",
			},
			controls: []string{"SOC2 CC6.1", STIGSessionIdle},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(SessionPolicy(sessionFacts(), tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != 3 { // A1, D1, D2: DENY, INACTIVE and inactive policies' rules are not
				t.Errorf("evaluated %d, want 3", r.SubjectsEvaluated)
			}
			want := slices.Clone(tt.controls)
			slices.Sort(want)
			if !slices.Equal(soc2AndSTIG(r.Controls), want) {
				t.Errorf("controls %q, want %q", r.Controls, want)
			}
		})
	}
}

func TestSessionPolicyErrors(t *testing.T) {
	if _, err := SessionPolicy(sessionFacts(), SessionPolicyInput{MaxIdleMinutes: -1}); err == nil || !strings.Contains(err.Error(), "max_idle_minutes") {
		t.Errorf("negative idle: %v", err)
	}
	f := sessionFacts()
	delete(f.PolicyRules, "00pD")
	var mf *MissingFactsError
	if _, err := SessionPolicy(f, DefaultSessionPolicyInput()); !asMissing(err, &mf) || !strings.Contains(err.Error(), "00pD") {
		t.Errorf("rules not loaded: %v", err)
	}
	// The rules of an inactive policy are not needed.
	f = sessionFacts()
	delete(f.PolicyRules, "00pI")
	mustOK(t)(SessionPolicy(f, DefaultSessionPolicyInput()))
}

// TestSessionPolicyRulePolicyIDs: the loader is told to read the rules of
// exactly the policies the rule judges: the ACTIVE sign-on ones.
func TestSessionPolicyRulePolicyIDs(t *testing.T) {
	f := sessionFacts()
	f.Policies = append(f.Policies, okta.Policy{ID: "00pP", Name: "Passwords", Type: PolicyPassword, Status: "ACTIVE"})
	if got := DefaultSessionPolicyInput().RulePolicyIDs(f); !slices.Equal(got, []string{"00pA", "00pD"}) {
		t.Errorf("RulePolicyIDs = %q, want the ACTIVE OKTA_SIGN_ON policies 00pA and 00pD", got)
	}
	// Every policy whose rules it names is one the rule needs: without their
	// rules it refuses to judge.
	for _, id := range DefaultSessionPolicyInput().RulePolicyIDs(f) {
		g := sessionFacts()
		delete(g.PolicyRules, id)
		if _, err := SessionPolicy(g, DefaultSessionPolicyInput()); err == nil {
			t.Errorf("the rule judged without the rules of %s", id)
		}
	}
}
