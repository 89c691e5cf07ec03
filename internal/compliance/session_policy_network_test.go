package compliance

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// networkRule is an OKTA_SIGN_ON rule with a conditions.network; network nil
// leaves the conditions out.
func networkRule(id, name, status, access string, network map[string]any) okta.PolicyRule {
	r := signOnRule(id, name, status, access, true, 15, 1080, false)
	if network != nil {
		raw, err := json.Marshal(map[string]any{"network": network})
		if err != nil {
			panic(err)
		}
		r.Conditions = raw
	}
	return r
}

// networkFacts is one ACTIVE OKTA_SIGN_ON policy with the given rules, and an
// INACTIVE one whose only rule allows from anywhere.
func networkFacts(rules ...okta.PolicyRule) *Facts {
	return &Facts{
		Now: now,
		Policies: []okta.Policy{
			{ID: "00pG", Name: "Global", Type: PolicySignOn, Status: "ACTIVE", Priority: 1},
			{ID: "00pR", Name: "Retired", Type: PolicySignOn, Status: "INACTIVE", Priority: 2},
		},
		PolicyRules: map[string][]okta.PolicyRule{
			"00pG": rules,
			"00pR": {networkRule("0prR1", "Anywhere", "ACTIVE", "ALLOW", map[string]any{"connection": "ANYWHERE"})},
		},
	}
}

func TestSessionPolicyNetworkZone(t *testing.T) {
	anywhere := map[string]any{"connection": "ANYWHERE"}
	include := map[string]any{"connection": "ZONE", "include": []string{"nzoCorp"}}
	excludeOnly := map[string]any{"connection": "ZONE", "exclude": []string{"nzoBlocked"}}
	violation := `Global (00pG): policy "Global": none of its ACTIVE rules conditions on a network zone ` +
		`(want conditions.network.connection ZONE with a zone in include or exclude)`
	in := SessionPolicyInput{AllowPersistentCookie: true, RequireNetworkZone: true}
	tests := []struct {
		name      string
		rules     []okta.PolicyRule
		evaluated int
		want      []string
	}{
		{name: "no network condition", rules: []okta.PolicyRule{networkRule("0prG1", "MFA", "ACTIVE", "ALLOW", nil)},
			evaluated: 2, want: []string{violation}},
		{name: "ANYWHERE only", rules: []okta.PolicyRule{networkRule("0prG1", "MFA", "ACTIVE", "ALLOW", anywhere)},
			evaluated: 2, want: []string{violation}},
		{name: "ZONE with include", rules: []okta.PolicyRule{
			networkRule("0prG1", "Corporate", "ACTIVE", "ALLOW", include),
			networkRule("0prG2", "Catch-all", "ACTIVE", "ALLOW", anywhere),
		}, evaluated: 3},
		{name: "ZONE with exclude only: an IP-based deny", rules: []okta.PolicyRule{
			networkRule("0prG1", "MFA", "ACTIVE", "ALLOW", anywhere),
			networkRule("0prG2", "Deny blocked", "ACTIVE", "DENY", excludeOnly),
		}, evaluated: 2},
		{name: "ZONE without zones", rules: []okta.PolicyRule{networkRule("0prG1", "MFA", "ACTIVE", "ALLOW",
			map[string]any{"connection": "ZONE", "include": []string{}})},
			evaluated: 2, want: []string{violation}},
		{name: "an INACTIVE rule with a zone does not count", rules: []okta.PolicyRule{
			networkRule("0prG1", "MFA", "ACTIVE", "ALLOW", anywhere),
			networkRule("0prG2", "Corporate", "INACTIVE", "ALLOW", include),
		}, evaluated: 2, want: []string{violation}},
		{name: "unreadable conditions do not count", rules: []okta.PolicyRule{
			{ID: "0prG1", Name: "Broken", Status: "ACTIVE", Conditions: json.RawMessage(`{"network":{"connection":7}}`)},
		}, evaluated: 1, want: []string{violation + `; rule "Broken" conditions unreadable: json: cannot unmarshal number into Go struct field .network.connection of type string`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(SessionPolicy(networkFacts(tt.rules...), in))
			assertLines(t, r.Violations, tt.want...)
			// The policy itself and its ACTIVE rules that allow sign-in; the
			// INACTIVE policy is not judged.
			if r.SubjectsEvaluated != tt.evaluated {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tt.evaluated)
			}
			if !slices.Contains(r.Controls, STIGSessionNetworkZone) {
				t.Errorf("controls %q lack %s", r.Controls, STIGSessionNetworkZone)
			}
			for _, s := range []string{`"require_network_zone":true`, `"sign_on_networks":"`} {
				if !strings.Contains(r.Evidence, s) {
					t.Errorf("evidence lacks %s: %s", s, r.Evidence)
				}
			}
		})
	}
}

// TestSessionPolicyNetworkZoneEvidence: the evidence carries each ACTIVE
// rule's network condition, so a change to one changes the fingerprint; with
// the argument false the network conditions are neither judged nor in the
// evidence, which stays as it was.
func TestSessionPolicyNetworkZoneEvidence(t *testing.T) {
	anywhere := map[string]any{"connection": "ANYWHERE"}
	in := SessionPolicyInput{AllowPersistentCookie: true, RequireNetworkZone: true}
	a := mustOK(t)(SessionPolicy(networkFacts(networkRule("0prG1", "MFA", "ACTIVE", "ALLOW", anywhere)), in))
	b := mustOK(t)(SessionPolicy(networkFacts(networkRule("0prG1", "MFA", "ACTIVE", "ALLOW",
		map[string]any{"connection": "ZONE", "include": []string{"nzoCorp"}})), in))
	if a.Fingerprint == b.Fingerprint {
		t.Errorf("a rule's network condition changed without changing the fingerprint")
	}
	// A DENY rule's network condition is in the evidence too.
	c := mustOK(t)(SessionPolicy(networkFacts(networkRule("0prG1", "MFA", "ACTIVE", "ALLOW", anywhere),
		networkRule("0prG2", "Deny", "ACTIVE", "DENY", anywhere)), in))
	d := mustOK(t)(SessionPolicy(networkFacts(networkRule("0prG1", "MFA", "ACTIVE", "ALLOW", anywhere),
		networkRule("0prG2", "Deny", "ACTIVE", "DENY", map[string]any{"connection": "ZONE", "exclude": []string{"nzoX"}})), in))
	if c.Fingerprint == d.Fingerprint || len(d.Violations) != 0 {
		t.Errorf("a DENY rule's zone: fingerprint changed %v, violations %v", c.Fingerprint != d.Fingerprint, d.Violations)
	}

	off := in
	off.RequireNetworkZone = false
	plain := mustOK(t)(SessionPolicy(networkFacts(networkRule("0prG1", "MFA", "ACTIVE", "ALLOW", anywhere)), off))
	zoned := mustOK(t)(SessionPolicy(networkFacts(networkRule("0prG1", "MFA", "ACTIVE", "ALLOW",
		map[string]any{"connection": "ZONE", "include": []string{"nzoCorp"}})), off))
	assertLines(t, plain.Violations)
	if plain.Fingerprint != zoned.Fingerprint {
		t.Errorf("the network conditions changed the evidence of a check that does not judge them: %s", zoned.Evidence)
	}
	for _, s := range []string{"require_network_zone", "sign_on_networks", "network"} {
		if strings.Contains(plain.Evidence, s) {
			t.Errorf("evidence without the argument mentions %s: %s", s, plain.Evidence)
		}
	}
	if plain.SubjectsEvaluated != 1 || slices.Contains(plain.Controls, STIGSessionNetworkZone) {
		t.Errorf("argument false: evaluated %d, controls %q", plain.SubjectsEvaluated, plain.Controls)
	}
	// The existing facts keep their evidence: nothing new without the argument.
	if base := mustOK(t)(SessionPolicy(sessionFacts(), DefaultSessionPolicyInput())); strings.Contains(base.Evidence, "network") {
		t.Errorf("default evidence mentions the network: %s", base.Evidence)
	}
}
