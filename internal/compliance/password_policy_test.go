package compliance

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// passwordPolicy builds a PASSWORD policy with Okta's settings shape.
func passwordPolicy(id, name, status string, minLength, minSymbol int, excludeCommon bool, maxAge, minAge, history, lockout int) okta.Policy {
	settings := map[string]any{"password": map[string]any{
		"complexity": map[string]any{
			"minLength": minLength, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1, "minSymbol": minSymbol,
			"excludeUsername": true, "excludeAttributes": []string{"firstName", "lastName"},
			"dictionary": map[string]any{"common": map[string]any{"exclude": excludeCommon}},
		},
		"age":     map[string]any{"maxAgeDays": maxAge, "minAgeMinutes": minAge, "historyCount": history},
		"lockout": map[string]any{"maxAttempts": lockout, "showLockoutFailures": lockout > 0},
	}}
	raw, err := json.Marshal(settings)
	if err != nil {
		panic(err)
	}
	return okta.Policy{ID: id, Name: name, Type: PolicyPassword, Status: status, Settings: raw}
}

func passwordFacts() *Facts {
	return &Facts{Now: now, Policies: []okta.Policy{
		passwordPolicy("00p2", "Default Policy", "ACTIVE", 14, 1, true, 0, 60, 5, 5),
		passwordPolicy("00p1", "Contractors", "ACTIVE", 8, 0, false, 0, 0, 0, 0),
		passwordPolicy("00p3", "STIG", "ACTIVE", 15, 1, true, 60, 1440, 5, 3),
		passwordPolicy("00p4", "Old", "INACTIVE", 4, 0, false, 0, 0, 0, 0),
		{ID: "00p5", Name: "Broken", Type: PolicyPassword, Status: "ACTIVE", Settings: json.RawMessage(`{"password":{"complexity":{"minLength":"long"}}}`)},
		{ID: "00p6", Name: "Empty", Type: PolicyPassword, Status: "ACTIVE"},
	}}
}

func TestPasswordPolicy(t *testing.T) {
	stig := PasswordPolicyInput{MinLength: 15, MinLowerCase: 1, MinUpperCase: 1, MinNumber: 1, MinSymbol: 1,
		ExcludeUsername: true, ExcludeCommon: true, MaxAgeDays: 60, MinAgeMinutes: 1440, MinHistory: 5, MaxLockoutAttempts: 3}
	tests := []struct {
		name     string
		in       PasswordPolicyInput
		want     []string
		controls []string
	}{
		{
			name: "defaults",
			in:   DefaultPasswordPolicyInput(),
			want: []string{
				"Broken (00p5): settings unreadable: json: cannot unmarshal string into Go struct field .password.complexity.minLength of type int",
				"Contractors (00p1): minLength 8 < 12; minSymbol 0 < 1; common passwords allowed; historyCount 0 < 4; lockout after unlimited attempts > 10",
				"Empty (00p6): minLength 0 < 12; minLowerCase 0 < 1; minUpperCase 0 < 1; minNumber 0 < 1; minSymbol 0 < 1; username allowed in passwords; common passwords allowed; historyCount 0 < 4; lockout after unlimited attempts > 10; firstName allowed in passwords; lastName allowed in passwords",
			},
			controls: []string{"SOC2 CC6.1", STIGPasswordUpperCase, STIGPasswordLowerCase, STIGPasswordNumber, STIGPasswordSymbol, STIGPasswordCommon},
		},
		{
			name: "STIG values",
			in:   stig,
			want: []string{
				"Broken (00p5): settings unreadable: json: cannot unmarshal string into Go struct field .password.complexity.minLength of type int",
				"Contractors (00p1): minLength 8 < 15; minSymbol 0 < 1; common passwords allowed; passwords never expire > 60 days; minAgeMinutes 0 < 1440; historyCount 0 < 5; lockout after unlimited attempts > 3",
				"Default Policy (00p2): minLength 14 < 15; passwords never expire > 60 days; minAgeMinutes 60 < 1440; lockout after 5 attempts > 3",
				"Empty (00p6): minLength 0 < 15; minLowerCase 0 < 1; minUpperCase 0 < 1; minNumber 0 < 1; minSymbol 0 < 1; username allowed in passwords; common passwords allowed; passwords never expire > 60 days; minAgeMinutes 0 < 1440; historyCount 0 < 5; lockout after unlimited attempts > 3",
			},
			controls: []string{"SOC2 CC6.1", STIGLockout, STIGPasswordMinLength, STIGPasswordUpperCase, STIGPasswordLowerCase,
				STIGPasswordNumber, STIGPasswordSymbol, STIGPasswordMinAge, STIGPasswordMaxAge, STIGPasswordCommon, STIGPasswordHistory},
		},
		{
			name:     "every threshold off",
			in:       PasswordPolicyInput{},
			want:     []string{"Broken (00p5): settings unreadable: json: cannot unmarshal string into Go struct field .password.complexity.minLength of type int"},
			controls: []string{"SOC2 CC6.1"},
		},
		{
			name: "a shorter maximum age than the policy's",
			in:   PasswordPolicyInput{MaxAgeDays: 30, Exceptions: []Exception{{Subject: "broken", Reason: "r", Expires: "2027-01-31"}, {Subject: "00P6", Reason: "r", Expires: "2027-01-31"}}},
			want: []string{
				"Contractors (00p1): passwords never expire > 30 days",
				"Default Policy (00p2): passwords never expire > 30 days",
				"STIG (00p3): maxAgeDays 60 > 30",
			},
			controls: []string{"SOC2 CC6.1", STIGPasswordMaxAge}, // stricter than the STIG's 60 days
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(PasswordPolicy(passwordFacts(), tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != 5 {
				t.Errorf("evaluated %d, want 5 (the ACTIVE policies)", r.SubjectsEvaluated)
			}
			want := slices.Clone(tt.controls)
			slices.Sort(want)
			if !slices.Equal(soc2AndSTIG(r.Controls), want) {
				t.Errorf("controls %q, want %q", r.Controls, want)
			}
			if !strings.Contains(r.Evidence, `"controls":["`+r.Controls[0]) {
				t.Errorf("evidence does not carry the controls: %s", r.Evidence)
			}
		})
	}
}

func TestPasswordPolicyErrorsAndFingerprint(t *testing.T) {
	if _, err := PasswordPolicy(passwordFacts(), PasswordPolicyInput{MinLength: -1}); err == nil || !strings.Contains(err.Error(), "min_length") {
		t.Errorf("negative min_length: %v", err)
	}
	var mf *MissingFactsError
	if _, err := PasswordPolicy(&Facts{Now: now}, DefaultPasswordPolicyInput()); !asMissing(err, &mf) {
		t.Errorf("policies not loaded: %v", err)
	}
	base := mustOK(t)(PasswordPolicy(passwordFacts(), DefaultPasswordPolicyInput()))
	f := passwordFacts()
	slices.Reverse(f.Policies)
	if again := mustOK(t)(PasswordPolicy(f, DefaultPasswordPolicyInput())); again.Fingerprint != base.Fingerprint {
		t.Error("the order of the policies changed the fingerprint")
	}
	f = passwordFacts()
	f.Policies[2] = passwordPolicy("00p3", "STIG", "ACTIVE", 16, 1, true, 60, 1440, 5, 3) // passes either way
	if again := mustOK(t)(PasswordPolicy(f, DefaultPasswordPolicyInput())); again.Fingerprint == base.Fingerprint {
		t.Error("a changed policy setting did not change the fingerprint")
	}
	// An inactive policy is not evidence.
	f = passwordFacts()
	f.Policies[3].Name = "Renamed"
	if again := mustOK(t)(PasswordPolicy(f, DefaultPasswordPolicyInput())); again.Fingerprint != base.Fingerprint {
		t.Error("an INACTIVE policy changed the fingerprint")
	}
}

// withAuthProvider gives a policy conditions.authProvider.provider.
func withAuthProvider(p okta.Policy, provider string) okta.Policy {
	p.Conditions = json.RawMessage(`{"people":{"groups":{"include":["00g1"]}},"authProvider":{"provider":"` + provider + `"}}`)
	return p
}

// adPasswordFacts are passwordFacts with two weak ACTIVE policies for users
// sourced from Active Directory (one INACTIVE besides), one weak policy Okta
// enforces by name, and one whose conditions cannot be read.
func adPasswordFacts() *Facts {
	f := passwordFacts()
	f.Policies = append(f.Policies,
		withAuthProvider(passwordPolicy("00p9", "AD Staff", "ACTIVE", 0, 0, false, 0, 0, 0, 0), "ACTIVE_DIRECTORY"),
		withAuthProvider(passwordPolicy("00p8", "AD Admins", "ACTIVE", 7, 0, true, 0, 0, 4, 10), "ACTIVE_DIRECTORY"),
		withAuthProvider(passwordPolicy("00pa", "AD Old", "INACTIVE", 1, 0, false, 0, 0, 0, 0), "ACTIVE_DIRECTORY"),
		withAuthProvider(passwordPolicy("00pb", "Okta Named", "ACTIVE", 8, 1, true, 0, 0, 4, 10), "OKTA"),
	)
	unreadable := passwordPolicy("00pc", "Odd Conditions", "ACTIVE", 9, 1, true, 0, 0, 4, 10)
	unreadable.Conditions = json.RawMessage(`{"authProvider":"ACTIVE_DIRECTORY"}`) // not an object: judged, failing closed
	f.Policies = append(f.Policies, unreadable)
	return f
}

func TestPasswordPolicyActiveDirectory(t *testing.T) {
	byOkta := []string{
		"Broken (00p5): settings unreadable: json: cannot unmarshal string into Go struct field .password.complexity.minLength of type int",
		"Contractors (00p1): minLength 8 < 12; minSymbol 0 < 1; common passwords allowed; historyCount 0 < 4; lockout after unlimited attempts > 10",
		"Empty (00p6): minLength 0 < 12; minLowerCase 0 < 1; minUpperCase 0 < 1; minNumber 0 < 1; minSymbol 0 < 1; username allowed in passwords; common passwords allowed; historyCount 0 < 4; lockout after unlimited attempts > 10; firstName allowed in passwords; lastName allowed in passwords",
		"Odd Conditions (00pc): minLength 9 < 12",
		"Okta Named (00pb): minLength 8 < 12",
	}
	judged := append([]string{
		"AD Admins (00p8): minLength 7 < 12; minSymbol 0 < 1",
		"AD Staff (00p9): minLength 0 < 12; minSymbol 0 < 1; common passwords allowed; historyCount 0 < 4; lockout after unlimited attempts > 10",
	}, byOkta...)
	delegated := `"delegated_to_active_directory":[{"id":"00p8","name":"AD Admins","priority":0},{"id":"00p9","name":"AD Staff","priority":0}]`
	for _, tc := range []struct {
		name      string
		judge     bool
		want      []string
		evaluated int
		note      string
	}{
		{"reported apart by default", false, byOkta, 7, `"note":"Active Directory, not Okta, enforces the password rules of these policies`},
		{"judged when asked", true, judged, 9, `"note":"these policies' authProvider is ACTIVE_DIRECTORY`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := DefaultPasswordPolicyInput()
			in.JudgeActiveDirectory = tc.judge
			r := mustOK(t)(PasswordPolicy(adPasswordFacts(), in))
			assertLines(t, r.Violations, tc.want...)
			if r.SubjectsEvaluated != tc.evaluated {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tc.evaluated)
			}
			for _, want := range []string{delegated, tc.note, fmt.Sprintf(`"judge_active_directory":%t`, tc.judge)} {
				if !strings.Contains(r.Evidence, want) {
					t.Errorf("evidence lacks %s: %s", want, r.Evidence)
				}
			}
			if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "2 PASSWORD policies delegated to Active Directory, AD Admins (00p8), AD Staff (00p9)") {
				t.Errorf("notes %q", r.Notes)
			}
		})
	}

	// Without a policy delegated to AD the evidence has no details.
	if r := mustOK(t)(PasswordPolicy(passwordFacts(), DefaultPasswordPolicyInput())); strings.Contains(r.Evidence, `"details"`) || len(r.Notes) != 0 {
		t.Errorf("details or notes without an AD policy: %s %q", r.Evidence, r.Notes)
	}

	// Unjudged, an AD policy's settings are not facts of the check; its name
	// and its delegation are.
	base := mustOK(t)(PasswordPolicy(adPasswordFacts(), DefaultPasswordPolicyInput()))
	f := adPasswordFacts()
	f.Policies[6] = withAuthProvider(passwordPolicy("00p9", "AD Staff", "ACTIVE", 20, 1, true, 0, 0, 9, 3), "ACTIVE_DIRECTORY")
	if again := mustOK(t)(PasswordPolicy(f, DefaultPasswordPolicyInput())); again.Fingerprint != base.Fingerprint {
		t.Error("an unjudged AD policy's settings changed the fingerprint")
	}
	f.Policies[6] = withAuthProvider(passwordPolicy("00p9", "AD Staff", "ACTIVE", 0, 0, false, 0, 0, 0, 0), "OKTA")
	if again := mustOK(t)(PasswordPolicy(f, DefaultPasswordPolicyInput())); again.Fingerprint == base.Fingerprint || len(again.Violations) != len(base.Violations)+1 {
		t.Errorf("a policy moved from AD to Okta: fingerprint unchanged or violations %d, want %d", len(again.Violations), len(base.Violations)+1)
	}
}

// healthInsightPolicy builds a PASSWORD policy that meets every threshold of
// the defaults, then lets edit change its HealthInsight settings.
func healthInsightPolicy(id, name string, edit func(pw, age, lock, factors map[string]any)) okta.Policy {
	complexity := map[string]any{
		"minLength": 14, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1, "minSymbol": 1, "excludeUsername": true,
		"excludeAttributes": []string{"firstName", "lastName"}, "dictionary": map[string]any{"common": map[string]any{"exclude": true}},
	}
	age := map[string]any{"maxAgeDays": 90, "expireWarnDays": 7, "historyCount": 5}
	lock := map[string]any{"maxAttempts": 5, "autoUnlockMinutes": 0, "showLockoutFailures": true}
	factors := map[string]any{
		"okta_email": map[string]any{"status": "ACTIVE"}, "okta_sms": map[string]any{"status": "INACTIVE"},
		"okta_call": map[string]any{"status": "INACTIVE"}, "recovery_question": map[string]any{"status": "INACTIVE"},
	}
	edit(complexity, age, lock, factors)
	raw, err := json.Marshal(map[string]any{
		"password": map[string]any{"complexity": complexity, "age": age, "lockout": lock},
		"recovery": map[string]any{"factors": factors},
	})
	if err != nil {
		panic(err)
	}
	return okta.Policy{ID: id, Name: name, Type: PolicyPassword, Status: PolicyActive, Settings: raw}
}

func TestPasswordPolicyHealthInsight(t *testing.T) {
	active := map[string]any{"status": "ACTIVE"}
	f := &Facts{Now: now, Policies: []okta.Policy{
		healthInsightPolicy("00h1", "Clean", func(_, _, _, _ map[string]any) {}),
		healthInsightPolicy("00h2", "Phone Recovery", func(_, _, _, fs map[string]any) {
			fs["okta_sms"], fs["okta_call"], fs["recovery_question"] = active, active, map[string]any{"status": "active"}
		}),
		healthInsightPolicy("00h3", "Loose Lockout", func(_, _, lock, _ map[string]any) {
			lock["autoUnlockMinutes"], lock["showLockoutFailures"] = 30, false
		}),
		// Without a lockout, unlocking and lockout failures have no meaning.
		healthInsightPolicy("00h4", "No Lockout", func(_, _, lock, _ map[string]any) {
			lock["maxAttempts"], lock["autoUnlockMinutes"], lock["showLockoutFailures"] = 0, 30, false
		}),
		healthInsightPolicy("00h5", "Names Allowed", func(c, age, _, _ map[string]any) {
			c["excludeAttributes"], age["expireWarnDays"] = []string{"lastName"}, 2
		}),
		// Passwords that never expire need no warning.
		healthInsightPolicy("00h6", "Never Expires", func(_, age, _, fs map[string]any) {
			age["maxAgeDays"], age["expireWarnDays"] = 0, 0
			delete(fs, "okta_email")
		}),
	}}
	lenient := DefaultPasswordPolicyInput()
	lenient.MaxLockoutAttempts = 0
	strict := lenient
	strict.DenyEmailRecovery, strict.MinExpireWarnDays = true, 5
	tests := []struct {
		name string
		in   PasswordPolicyInput
		want []string
	}{
		{name: "defaults", in: lenient, want: []string{
			"Loose Lockout (00h3): locked accounts unlock after 30 minutes; lockout failures not shown",
			"Names Allowed (00h5): firstName allowed in passwords",
			"Phone Recovery (00h2): recovery by SMS allowed; recovery by voice call allowed; recovery by security question allowed",
		}},
		{name: "email recovery denied and a warning required", in: strict, want: []string{
			"Clean (00h1): recovery by email allowed",
			"Loose Lockout (00h3): locked accounts unlock after 30 minutes; lockout failures not shown; recovery by email allowed",
			"Names Allowed (00h5): firstName allowed in passwords; expireWarnDays 2 < 5; recovery by email allowed",
			"No Lockout (00h4): recovery by email allowed",
			"Phone Recovery (00h2): recovery by SMS allowed; recovery by voice call allowed; recovery by security question allowed; recovery by email allowed",
		}},
		{name: "zero input requires none of them", in: PasswordPolicyInput{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(PasswordPolicy(f, tt.in))
			assertLines(t, r.Violations, tt.want...)
		})
	}
	if _, err := PasswordPolicy(f, PasswordPolicyInput{MinExpireWarnDays: -1}); err == nil || !strings.Contains(err.Error(), "min_expire_warn_days") {
		t.Errorf("negative min_expire_warn_days: %v", err)
	}
}
