package compliance

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// enrollPolicy is an ACTIVE MFA_ENROLL policy with the given settings.
func enrollPolicy(id, name string, settings string) okta.Policy {
	return okta.Policy{ID: id, Name: name, Type: PolicyMFAEnroll, Status: PolicyActive, Settings: json.RawMessage(settings)}
}

// promptingRules gives each policy one ACTIVE rule prompting enrollment.
func promptingRules(ids ...string) map[string][]okta.PolicyRule {
	rules := map[string][]okta.PolicyRule{}
	for _, id := range ids {
		rules[id] = []okta.PolicyRule{{ID: "0pr" + id, Name: "Prompt", Status: PolicyActive, Type: PolicyMFAEnroll,
			Actions: json.RawMessage(`{"enroll":{"self":"CHALLENGE"}}`)}}
	}
	return rules
}

// TestFactorEnrollmentRules: with require_mfa_enrollment, a policy whose
// ACTIVE rules never prompt enrollment (NEVER, NEVER_INCLUDING_RECOVERY, an
// INACTIVE prompting rule, or no rule) fails; one prompting rule (CHALLENGE
// or LOGIN) is enough; without the rules read the rule refuses to judge.
func TestFactorEnrollmentRules(t *testing.T) {
	const strong = `{"type":"AUTHENTICATORS","authenticators":[{"key":"webauthn","enroll":{"self":"REQUIRED"}}]}`
	rule := func(status, self string) okta.PolicyRule {
		return okta.PolicyRule{ID: "0pr" + self, Name: self, Status: status, Type: PolicyMFAEnroll,
			Actions: json.RawMessage(`{"enroll":{"self":"` + self + `"}}`)}
	}
	const never = "P (pol7): no ACTIVE rule prompts enrollment (actions.enroll.self CHALLENGE or LOGIN): users are never " +
		"asked to enroll what the policy requires (require_mfa_enrollment)"
	for _, tc := range []struct {
		name  string
		rules []okta.PolicyRule
		want  []string
	}{
		{"challenge", []okta.PolicyRule{rule(PolicyActive, "NEVER"), rule(PolicyActive, "CHALLENGE")}, nil},
		{"login", []okta.PolicyRule{rule(PolicyActive, "LOGIN")}, nil},
		{"never", []okta.PolicyRule{rule(PolicyActive, "NEVER"), rule(PolicyActive, "NEVER_INCLUDING_RECOVERY")}, []string{never}},
		{"prompting rule inactive", []okta.PolicyRule{rule("INACTIVE", "CHALLENGE")}, []string{never}},
		{"no rule", nil, []string{never}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &Facts{Now: now, Policies: []okta.Policy{enrollPolicy("pol7", "P", strong)},
				PolicyRules: map[string][]okta.PolicyRule{"pol7": tc.rules}}
			assertLines(t, mustOK(t)(FactorEnrollment(f, DefaultFactorEnrollmentInput())).Violations, tc.want...)
			// The rules do not matter when enrollment is not required.
			f.PolicyRules = nil
			assertLines(t, mustOK(t)(FactorEnrollment(f, FactorEnrollmentInput{})).Violations)
		})
	}
	var mf *MissingFactsError
	f := &Facts{Now: now, Policies: []okta.Policy{enrollPolicy("pol7", "P", strong)}}
	if _, err := FactorEnrollment(f, DefaultFactorEnrollmentInput()); !errors.As(err, &mf) {
		t.Errorf("without the rules: error %v, want MissingFactsError", err)
	}
}

func TestFactorEnrollment(t *testing.T) {
	const (
		oieStrong = `{"type":"AUTHENTICATORS","authenticators":[{"key":"okta_password","enroll":{"self":"REQUIRED"}},` +
			`{"key":"webauthn","enroll":{"self":"REQUIRED"}},{"key":"phone_number","enroll":{"self":"NOT_ALLOWED"}},` +
			`{"key":"okta_email","enroll":{"self":"OPTIONAL"}}]}`
		oieVerify = `{"type":"AUTHENTICATORS","authenticators":[{"key":"okta_verify","enroll":{"self":"REQUIRED"}},` +
			`{"key":"security_question"}]}`
		oieWeak = `{"type":"AUTHENTICATORS","authenticators":[{"key":"okta_password","enroll":{"self":"REQUIRED"}},` +
			`{"key":"phone_number","enroll":{"self":"OPTIONAL"}},{"key":"security_question","enroll":{"self":"REQUIRED"}}]}`
		classicWeakSettings = `{"factors":{"okta_otp":{"enroll":{"self":"REQUIRED"}},"okta_sms":{"enroll":{"self":"OPTIONAL"}},` +
			`"okta_call":{"enroll":{"self":"REQUIRED"}},"okta_question":{"enroll":{"self":"NOT_ALLOWED"}}}}`
		classicFIDO = `{"type":"FACTORS","factors":{"fido_webauthn":{"enroll":{"self":"REQUIRED"}},"okta_sms":{"enroll":{"self":"NOT_ALLOWED"}}}}`
		noMFA       = `{"type":"AUTHENTICATORS","authenticators":[{"key":"okta_password","enroll":{"self":"REQUIRED"}},` +
			`{"key":"okta_verify","enroll":{"self":"OPTIONAL"}}]}`
	)
	const noPR = "no phishing-resistant authenticator (webauthn; Classic fido_webauthn, fido_u2f) is REQUIRED (require_phishing_resistant)"
	const noSecond = "no authenticator besides the password is REQUIRED: users are not made to enroll a second factor (require_mfa_enrollment)"
	tests := []struct {
		name     string
		settings string
		in       FactorEnrollmentInput
		want     []string
	}{
		{name: "Identity Engine, strong", settings: oieStrong, in: DefaultFactorEnrollmentInput()},
		{name: "absent enroll.self is NOT_ALLOWED", settings: oieVerify, in: DefaultFactorEnrollmentInput()},
		{name: "Identity Engine, weak", settings: oieWeak, in: DefaultFactorEnrollmentInput(), want: []string{
			"P (pol1): weak authenticator phone_number is OPTIONAL, want NOT_ALLOWED; weak authenticator security_question is REQUIRED, want NOT_ALLOWED"}},
		{name: "Identity Engine, weak allowed", settings: oieWeak,
			in: FactorEnrollmentInput{AllowedWeakAuthenticators: []string{" Security_Question ", "phone_number"}, RequireMFAEnrollment: false}},
		{name: "Classic, weak", settings: classicWeakSettings, in: FactorEnrollmentInput{AllowedWeakAuthenticators: []string{"security_question"}, RequireMFAEnrollment: true},
			want: []string{"P (pol1): weak authenticator okta_call (phone_number) is REQUIRED, want NOT_ALLOWED; weak authenticator okta_sms (phone_number) is OPTIONAL, want NOT_ALLOWED"}},
		{name: "phishing resistance required, webauthn", settings: oieStrong, in: FactorEnrollmentInput{RequirePhishingResistant: true}},
		{name: "phishing resistance required, Classic FIDO", settings: classicFIDO, in: FactorEnrollmentInput{RequirePhishingResistant: true, RequireMFAEnrollment: true}},
		{name: "phishing resistance required, Okta Verify only", settings: oieVerify, in: FactorEnrollmentInput{RequirePhishingResistant: true},
			want: []string{"P (pol1): " + noPR}},
		{name: "no second factor required", settings: noMFA, in: DefaultFactorEnrollmentInput(), want: []string{"P (pol1): " + noSecond}},
		{name: "unreadable settings", settings: `{"authenticators":{}}`, in: DefaultFactorEnrollmentInput(),
			want: []string{"P (pol1): settings unreadable: json: cannot unmarshal object into Go struct field .authenticators of type []struct { Key string \"json:\\\"key\\\"\"; compliance.enrollmentSelf }"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Facts{Now: now, Policies: []okta.Policy{
				enrollPolicy("pol1", "P", tt.settings),
				{ID: "pol2", Name: "Inactive", Type: PolicyMFAEnroll, Status: "INACTIVE", Settings: json.RawMessage(oieWeak)},
				{ID: "pol3", Name: "Password", Type: PolicyPassword, Status: PolicyActive},
			}, PolicyRules: promptingRules("pol1")}
			r := mustOK(t)(FactorEnrollment(f, tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != 1 {
				t.Errorf("evaluated %d, want 1 (the active MFA_ENROLL policy)", r.SubjectsEvaluated)
			}
		})
	}
}

// TestFactorEnrollmentInputAndEmpty: an unknown weak authenticator is refused;
// no active policy is a violation; without policies the rule refuses to judge;
// an exception waives a policy by name.
func TestFactorEnrollmentInputAndEmpty(t *testing.T) {
	if _, err := (FactorEnrollmentInput{AllowedWeakAuthenticators: []string{"okta_email"}}).Normalized(); err == nil ||
		!strings.Contains(err.Error(), `"okta_email" is not a weak authenticator; want one of phone_number, security_question`) {
		t.Errorf("error %v", err)
	}
	r := mustOK(t)(FactorEnrollment(&Facts{Now: now, Policies: []okta.Policy{}}, DefaultFactorEnrollmentInput()))
	if r.Status != StatusFail || len(r.Violations) != 1 || r.Violations[0].Subject != PolicyMFAEnroll {
		t.Errorf("no policy: %+v", r.Violations)
	}
	var mf *MissingFactsError
	if _, err := FactorEnrollment(&Facts{Now: now}, DefaultFactorEnrollmentInput()); !errors.As(err, &mf) {
		t.Errorf("error %v, want MissingFactsError", err)
	}
	in := DefaultFactorEnrollmentInput()
	in.Exceptions = []Exception{{Subject: "contractor mfa", Reason: "SMS until tokens ship (SEC-12)", Expires: "2027-01-31"}}
	f := &Facts{Now: now, Policies: []okta.Policy{enrollPolicy("pol1", "Contractor MFA",
		`{"factors":{"okta_otp":{"enroll":{"self":"REQUIRED"}},"okta_sms":{"enroll":{"self":"OPTIONAL"}}}}`)},
		PolicyRules: promptingRules("pol1")}
	if r := mustOK(t)(FactorEnrollment(f, in)); r.Status != StatusPass || len(r.ExceptionsApplied) != 1 {
		t.Errorf("exception: %+v", r)
	}
}
