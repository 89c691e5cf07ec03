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
			}}
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
		`{"factors":{"okta_otp":{"enroll":{"self":"REQUIRED"}},"okta_sms":{"enroll":{"self":"OPTIONAL"}}}}`)}}
	if r := mustOK(t)(FactorEnrollment(f, in)); r.Status != StatusPass || len(r.ExceptionsApplied) != 1 {
		t.Errorf("exception: %+v", r)
	}
}
