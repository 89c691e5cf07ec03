package compliance

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// accessRule builds an ACCESS_POLICY rule in Okta's wire shape: actions
// appSignOn {access, verificationMethod {type, factorMode, reauthenticateIn,
// constraints}} and conditions network {connection, include}.
func accessRule(id, name, status, access, factorMode, reauth string, constraints []map[string]any, network map[string]any) okta.PolicyRule {
	vm := map[string]any{"type": "ASSURANCE", "factorMode": factorMode, "constraints": constraints}
	if reauth != "" {
		vm["reauthenticateIn"] = reauth
	}
	actions, err := json.Marshal(map[string]any{"appSignOn": map[string]any{"access": access, "verificationMethod": vm}})
	if err != nil {
		panic(err)
	}
	var conditions json.RawMessage
	if network != nil {
		if conditions, err = json.Marshal(map[string]any{"network": network}); err != nil {
			panic(err)
		}
	}
	return okta.PolicyRule{ID: id, Name: name, Status: status, Type: PolicyAccess, Actions: actions, Conditions: conditions}
}

var (
	password       = map[string]any{"types": []string{"password"}}
	phishingProof  = map[string]any{"required": true, "phishingResistant": "REQUIRED", "deviceBound": "REQUIRED"}
	anyPossession  = map[string]any{"userPresence": "OPTIONAL"}
	corpZone       = map[string]any{"connection": "ZONE", "include": []string{"nzoCorp"}}
	anywhere       = map[string]any{"connection": "ANYWHERE"}
	allButBlocked  = map[string]any{"connection": "ZONE", "exclude": []string{"nzoTor"}}
	mixedAlternate = []map[string]any{{"knowledge": password, "possession": phishingProof}, {"knowledge": password, "possession": anyPossession}}
)

func authenticationFacts() *Facts {
	return &Facts{
		Now: now,
		Policies: []okta.Policy{
			{ID: "00pDash", Name: "Okta Dashboard", Type: PolicyAccess, Status: "ACTIVE", Priority: 1, System: true},
			{ID: "00pAdm", Name: "Okta Admin Console", Type: PolicyAccess, Status: "ACTIVE", Priority: 2, System: true},
			{ID: "00pApp", Name: "Salesforce", Type: PolicyAccess, Status: "ACTIVE", Priority: 3},
			{ID: "00pOld", Name: "Legacy Portal", Type: PolicyAccess, Status: "INACTIVE", Priority: 4},
			{ID: "00pBad", Name: "Broken", Type: PolicyAccess, Status: "ACTIVE", Priority: 5},
			// A global session policy of the same name is not an authentication policy.
			{ID: "00pSo", Name: "Okta Dashboard", Type: PolicySignOn, Status: "ACTIVE", Priority: 1},
		},
		PolicyRules: map[string][]okta.PolicyRule{
			"00pDash": {
				accessRule("0prD1", "Managed devices", "ACTIVE", "ALLOW", "2FA", "PT2H", mixedAlternate, corpZone),
				accessRule("0prD3", "Block TOR", "ACTIVE", "DENY", "1FA", "PT0S", nil, allButBlocked),
				accessRule("0prD4", "Old", "INACTIVE", "ALLOW", "1FA", "PT43800H", nil, nil),
				accessRule("0prD2", "Catch-all Rule", "ACTIVE", "ALLOW", "1FA", "PT12H", []map[string]any{}, nil),
			},
			"00pAdm": {
				accessRule("0prA1", "Admins", "ACTIVE", "ALLOW", "2FA", "PT0S", []map[string]any{{"possession": phishingProof}}, corpZone),
				accessRule("0prA2", "Catch-all Rule", "ACTIVE", "DENY", "2FA", "PT0S", nil, nil),
			},
			"00pApp": {
				accessRule("0prS1", "Everyone", "ACTIVE", "ALLOW", "2FA", "PT43800H",
					[]map[string]any{{"knowledge": map[string]any{"types": []string{"password"}, "reauthenticateIn": "PT30M"}, "possession": phishingProof}}, anywhere),
				accessRule("0prS2", "Outside", "ACTIVE", "ALLOW", "2FA", "PT1H",
					[]map[string]any{{"possession": map[string]any{"required": false, "phishingResistant": "REQUIRED"}}}, allButBlocked),
			},
			"00pOld": {accessRule("0prO1", "Anything", "ACTIVE", "ALLOW", "1FA", "", nil, nil)},
			"00pBad": {
				// "PTOS" (letter O) is how a duration appears in Okta's own docs.
				accessRule("0prB1", "Typo", "ACTIVE", "ALLOW", "2FA", "PTOS", []map[string]any{{"possession": phishingProof}}, corpZone),
				{ID: "0prB2", Name: "Chain", Status: "ACTIVE", Type: PolicyAccess,
					Actions: json.RawMessage(`{"appSignOn":{"access":"ALLOW","verificationMethod":{"type":"AUTH_METHOD_CHAIN","chains":[]}}}`)},
				{ID: "0prB3", Name: "Odd", Status: "ACTIVE", Type: PolicyAccess, Actions: json.RawMessage(`{"appSignOn":{"access":"CHALLENGE"}}`)},
				{ID: "0prB4", Name: "Garbled", Status: "ACTIVE", Type: PolicyAccess, Actions: json.RawMessage(`{"appSignOn":{"access":7}}`)},
			},
		},
	}
}

func TestAuthenticationPolicy(t *testing.T) {
	tests := []struct {
		name      string
		in        AuthenticationPolicyInput
		want      []string
		evaluated int
		controls  []string
	}{
		{
			name: "defaults: 2FA on the two built-in policies; deny and inactive rules are not judged",
			in:   DefaultAuthenticationPolicyInput(),
			want: []string{
				"Okta Dashboard / Catch-all Rule (0prD2): factorMode 1FA, want 2FA",
			},
			evaluated: 3, // D1, D2, A1
			controls:  []string{"SOC2 CC6.1", STIGAdminConsoleMFA, STIGDashboardMFA},
		},
		{
			name: "STIG: phishing-resistant in every alternative",
			in:   AuthenticationPolicyInput{PolicyNames: DefaultAuthenticationPolicyNames(), RequireMFA: true, PhishingResistant: true},
			want: []string{
				"Okta Dashboard / Catch-all Rule (0prD2): factorMode 1FA, want 2FA; no constraints (any authenticator satisfies the rule), want possession.phishingResistant REQUIRED",
				"Okta Dashboard / Managed devices (0prD1): constraints[1] possession.phishingResistant not set, want REQUIRED",
			},
			evaluated: 3,
			controls: []string{"SOC2 CC6.1", STIGAdminConsoleMFA, STIGDashboardMFA,
				STIGAdminConsolePhishingResistant, STIGDashboardPhishingResistant},
		},
		{
			name: "phishing resistance alone on the admin console, named in another case",
			in:   AuthenticationPolicyInput{PolicyNames: []string{"okta admin console"}, PhishingResistant: true},
			want: nil,
			// One rule: A1.
			evaluated: 1,
			controls:  []string{"SOC2 CC6.1", STIGAdminConsolePhishingResistant},
		},
		{
			name: "missing and inactive policies violate",
			in: AuthenticationPolicyInput{PolicyNames: []string{"Okta Dashboard", "No Such App", " Okta Dashboard "},
				PolicyIDs: []string{"00pOld", "00pNope", "00pSo"}, RequireMFA: true},
			want: []string{
				"00pNope: no ACCESS_POLICY (authentication) policy with this id was found",
				// An OKTA_SIGN_ON policy's id does not select it.
				"00pSo: no ACCESS_POLICY (authentication) policy with this id was found",
				"Legacy Portal (00pOld): the policy is INACTIVE, not ACTIVE: its rules are not enforced",
				`No Such App: no ACCESS_POLICY (authentication) policy named "No Such App" was found`,
				"Okta Dashboard / Catch-all Rule (0prD2): factorMode 1FA, want 2FA",
			},
			evaluated: 4 + 2, // four selections that match nothing ACTIVE, D1 and D2
			controls:  []string{"SOC2 CC6.1", STIGDashboardMFA},
		},
		{
			name: "re-authentication limit, by id; unreadable and unjudgeable rules violate",
			in:   AuthenticationPolicyInput{PolicyIDs: []string{"00pApp", "00pBad"}, MaxReauthenticateMinutes: 120},
			want: []string{
				`Broken / Chain (0prB2): verificationMethod type AUTH_METHOD_CHAIN is not judged (only ASSURANCE is); review it and waive it with an exception`,
				"Broken / Garbled (0prB4): actions unreadable: json: cannot unmarshal number into Go struct field .appSignOn.access of type string",
				"Broken / Odd (0prB3): appSignOn.access CHALLENGE is neither ALLOW nor DENY",
				`Broken / Typo (0prB1): reauthenticateIn "PTOS" unreadable (a number is expected at "OS"), want at most 120 minutes`,
				"Salesforce / Everyone (0prS1): reauthenticateIn PT43800H (2628000 minutes) > 120 minutes",
			},
			evaluated: 6,
			controls:  []string{"SOC2 CC6.1"},
		},
		{
			name: "constraint-level re-authentication overrides are judged too",
			in:   AuthenticationPolicyInput{PolicyIDs: []string{"00pApp"}, MaxReauthenticateMinutes: 20},
			want: []string{
				"Salesforce / Everyone (0prS1): reauthenticateIn PT43800H (2628000 minutes) > 20 minutes; constraints[0] knowledge.reauthenticateIn PT30M (30 minutes) > 20 minutes",
				"Salesforce / Outside (0prS2): reauthenticateIn PT1H (60 minutes) > 20 minutes",
			},
			evaluated: 2,
			controls:  []string{"SOC2 CC6.1"},
		},
		{
			name: "network zones on every app's policy, and a possession factor that is not required",
			in:   AuthenticationPolicyInput{AllPolicies: true, RequireNetworkZone: true, PhishingResistant: true, PolicyIDs: []string{"00pApp"}},
			want: []string{
				`Broken / Chain (0prB2): verificationMethod type AUTH_METHOD_CHAIN is not judged (only ASSURANCE is); review it and waive it with an exception`,
				"Broken / Garbled (0prB4): actions unreadable: json: cannot unmarshal number into Go struct field .appSignOn.access of type string",
				"Broken / Odd (0prB3): appSignOn.access CHALLENGE is neither ALLOW nor DENY",
				"Okta Dashboard / Catch-all Rule (0prD2): no constraints (any authenticator satisfies the rule), want possession.phishingResistant REQUIRED; network ANYWHERE, want ZONE with included zones",
				"Okta Dashboard / Managed devices (0prD1): constraints[1] possession.phishingResistant not set, want REQUIRED",
				"Salesforce / Everyone (0prS1): network ANYWHERE, want ZONE with included zones",
				"Salesforce / Outside (0prS2): constraints[0] possession.required false, want a required phishing-resistant possession factor; " +
					"network ZONE with exclusions only (every other network is allowed), want ZONE with included zones",
			},
			evaluated: 3 + 2 + 4, // D1, D2, A1; S1, S2; B1–B4 (the inactive policy is not selected)
			controls: []string{"SOC2 CC6.1", STIGAppNetworkZones,
				STIGAdminConsolePhishingResistant, STIGDashboardPhishingResistant},
		},
		{
			name: "exceptions by rule id, by subject and by a missing policy's name",
			in: AuthenticationPolicyInput{PolicyNames: []string{"Okta Dashboard", "No Such App"}, RequireMFA: true, PhishingResistant: true,
				Exceptions: []Exception{
					{Subject: "0PRD2", Reason: "CHG-1", Expires: "2027-01-31"},
					{Subject: "okta dashboard / managed devices", Reason: "CHG-2", Expires: "2027-01-31"},
					{Subject: "No Such App", Reason: "not yet rolled out", Expires: "2027-01-31"},
				}},
			want:      nil,
			evaluated: 3,
			controls: []string{"SOC2 CC6.1", STIGDashboardMFA,
				STIGDashboardPhishingResistant},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(AuthenticationPolicy(authenticationFacts(), tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != tt.evaluated {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tt.evaluated)
			}
			want := slices.Clone(tt.controls)
			slices.Sort(want)
			if !slices.Equal(soc2AndSTIG(r.Controls), want) {
				t.Errorf("controls %q, want %q", r.Controls, want)
			}
			if len(tt.in.Exceptions) > 0 && len(r.ExceptionsApplied) != len(tt.in.Exceptions) {
				t.Errorf("%d exceptions applied, want %d: %+v", len(r.ExceptionsApplied), len(tt.in.Exceptions), r.ExceptionsApplied)
			}
		})
	}
}

func TestAuthenticationPolicyExpiredException(t *testing.T) {
	in := DefaultAuthenticationPolicyInput()
	in.Exceptions = []Exception{{Subject: "0prD2", Reason: "CHG-1", Expires: "2026-05-21"}}
	r := mustOK(t)(AuthenticationPolicy(authenticationFacts(), in))
	assertLines(t, r.Violations, "Okta Dashboard / Catch-all Rule (0prD2): factorMode 1FA, want 2FA")
	if len(r.ExceptionsExpired) != 1 || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "0prD2") {
		t.Errorf("expired %v, warnings %q", r.ExceptionsExpired, r.Warnings)
	}
}

// TestAuthenticationPolicyEvidence: the evidence does not depend on the order
// the facts were loaded in, and changes with what the rules say.
func TestAuthenticationPolicyEvidence(t *testing.T) {
	in := AuthenticationPolicyInput{AllPolicies: true, RequireMFA: true}
	base := mustOK(t)(AuthenticationPolicy(authenticationFacts(), in))

	f := authenticationFacts()
	slices.Reverse(f.Policies)
	for id := range f.PolicyRules {
		slices.Reverse(f.PolicyRules[id])
	}
	if got := mustOK(t)(AuthenticationPolicy(f, in)); got.Fingerprint != base.Fingerprint {
		t.Errorf("fingerprint depends on load order:\n%s\n%s", base.Evidence, got.Evidence)
	}

	// A change the rule passes still changes the evidence.
	f = authenticationFacts()
	f.PolicyRules["00pAdm"][0] = accessRule("0prA1", "Admins", "ACTIVE", "ALLOW", "2FA", "PT1H", []map[string]any{{"possession": phishingProof}}, corpZone)
	changed := mustOK(t)(AuthenticationPolicy(f, in))
	if changed.Fingerprint == base.Fingerprint || len(changed.Violations) != len(base.Violations) {
		t.Errorf("a changed reauthenticateIn left the evidence as it was")
	}
	for _, want := range []string{`"policy_names":[]`, `"all_policies":true`, `"require_mfa":true`, `"authentication_policy_rules":"`} {
		if !strings.Contains(base.Evidence, want) {
			t.Errorf("evidence lacks %s: %s", want, base.Evidence)
		}
	}
}

func TestAuthenticationPolicyErrors(t *testing.T) {
	for _, tt := range []struct {
		in   AuthenticationPolicyInput
		want string
	}{
		{AuthenticationPolicyInput{PolicyNames: []string{"Okta Dashboard"}, MaxReauthenticateMinutes: -1}, "max_reauthenticate_minutes"},
		{AuthenticationPolicyInput{}, "must select at least one"},
		{AuthenticationPolicyInput{PolicyNames: []string{"  "}}, "policy_names must not contain an empty string"},
		{AuthenticationPolicyInput{PolicyIDs: []string{""}, AllPolicies: true}, "policy_ids must not contain an empty string"},
	} {
		if _, err := AuthenticationPolicy(authenticationFacts(), tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want %q", tt.in, err, tt.want)
		}
	}
	var mf *MissingFactsError
	f := authenticationFacts()
	delete(f.PolicyRules, "00pAdm")
	if _, err := AuthenticationPolicy(f, DefaultAuthenticationPolicyInput()); !asMissing(err, &mf) || !strings.Contains(err.Error(), "00pAdm") {
		t.Errorf("rules not loaded: %v", err)
	}
	// The rules of policies not selected, or not ACTIVE, are not needed.
	f = authenticationFacts()
	delete(f.PolicyRules, "00pApp")
	delete(f.PolicyRules, "00pOld")
	mustOK(t)(AuthenticationPolicy(f, AuthenticationPolicyInput{PolicyNames: []string{"Okta Dashboard"}, PolicyIDs: []string{"00pOld"}}))
	if _, err := AuthenticationPolicy(&Facts{Now: now}, DefaultAuthenticationPolicyInput()); !asMissing(err, &mf) {
		t.Errorf("policies not loaded: %v", err)
	}
	// No ACCESS_POLICY at all: the named policies are missing, which fails.
	r := mustOK(t)(AuthenticationPolicy(&Facts{Now: now, Policies: []okta.Policy{}}, DefaultAuthenticationPolicyInput()))
	if len(r.Violations) != 2 {
		t.Errorf("an org without the policies: %v", r.Violations)
	}
}

func TestParseISODuration(t *testing.T) {
	ok := map[string]time.Duration{
		"PT0S":     0,
		"PT2H":     2 * time.Hour,
		"PT43800H": 43800 * time.Hour,
		"PT1H30M":  90 * time.Minute,
		"PT90M":    90 * time.Minute,
		"PT45S":    45 * time.Second,
		"P1D":      24 * time.Hour,
		"P1W":      7 * 24 * time.Hour,
		"P1DT12H":  36 * time.Hour,
		"pt15m":    15 * time.Minute,
		" PT5M ":   5 * time.Minute,
	}
	for s, want := range ok {
		if got, err := parseISODuration(s); err != nil || got != want {
			t.Errorf("parseISODuration(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	bad := map[string]string{
		"":                       "starts with P",
		"2H":                     "starts with P",
		"P":                      "no duration",
		"PT":                     "no duration",
		"P1DT":                   "no time after T",
		"PTOS":                   "a number is expected",
		"PT2":                    "lacks a unit",
		"PT1.5H":                 "fractions",
		"P1Y":                    "years and months",
		"P1M":                    "years and months",
		"PT1D":                   `unit "D" is not valid here`,
		"P2H":                    `unit "H" is not valid here`,
		"PT30M1H":                "out of order",
		"PT1H1H":                 "out of order",
		"PT1HT1M":                "designator T appears twice",
		"P-1D":                   "a number is expected",
		"PT99999999999999999H":   "too long",
		"PT9223372036854775807S": "too long",
		"PT2562047H2562047H":     "out of order",
		"PT2562047H47M16S":       "",
		"PT2562047H47M17S":       "too long",
	}
	for s, want := range bad {
		_, err := parseISODuration(s)
		if want == "" {
			if err != nil {
				t.Errorf("parseISODuration(%q): %v", s, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseISODuration(%q) error %v, want %q", s, err, want)
		}
	}
}
