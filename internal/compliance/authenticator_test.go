package compliance

import (
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func authn(id, key, name, status, fips string) okta.Authenticator {
	return okta.Authenticator{ID: id, Key: key, Name: name, Status: status, FIPS: fips}
}

func TestAuthenticator(t *testing.T) {
	password := authn("autP", "okta_password", "Password", "ACTIVE", "")
	verify := authn("autV", "okta_verify", "Okta Verify", "ACTIVE", "OPTIONAL")
	verifyFIPS := authn("autV", "okta_verify", "Okta Verify", "ACTIVE", "REQUIRED")
	verifyOff := authn("autV", "okta_verify", "Okta Verify", "INACTIVE", "")
	question := authn("autQ", "security_question", "Security Question", "ACTIVE", "")
	cardOff := authn("autS", "smart_card_idp", "Smart Card IdP", "INACTIVE", "")
	cardOn := authn("autS", "smart_card_idp", "Smart Card IdP", "ACTIVE", "")
	stig := AuthenticatorInput{RequireActive: []string{"smart_card_idp"}, RequireOktaVerifyFIPS: true}
	tests := []struct {
		name     string
		auths    []okta.Authenticator
		in       AuthenticatorInput
		want     []string
		notes    []string // substrings, one per note
		controls []string
	}{
		{name: "defaults judge nothing", auths: []okta.Authenticator{password, verify, question, cardOff},
			controls: []string{"SOC2 CC6.1"}},
		{name: "STIG values met", auths: []okta.Authenticator{password, verifyFIPS, cardOn}, in: stig,
			controls: []string{"SOC2 CC6.1", STIGSmartCard, STIGOktaVerifyFIPS}},
		{name: "STIG values missed", auths: []okta.Authenticator{password, verify, cardOff}, in: stig,
			want: []string{
				"Okta Verify (autV): Okta Verify accepts devices that are not FIPS-compliant: settings.compliance.fips is OPTIONAL, want REQUIRED",
				"Smart Card IdP (autS): smart_card_idp is INACTIVE, want ACTIVE (require_active)",
			},
			controls: []string{"SOC2 CC6.1", STIGSmartCard, STIGOktaVerifyFIPS}},
		{name: "no smart card authenticator at all, FIPS not set", in: stig,
			auths: []okta.Authenticator{password, authn("autV", "okta_verify", "Okta Verify", "ACTIVE", "")},
			want: []string{
				"Okta Verify (autV): Okta Verify accepts devices that are not FIPS-compliant: settings.compliance.fips is not set, want REQUIRED",
				"smart_card_idp: the org has no smart_card_idp authenticator, want one ACTIVE (require_active)",
			},
			controls: []string{"SOC2 CC6.1", STIGSmartCard, STIGOktaVerifyFIPS}},
		{name: "inactive Okta Verify connects no device", auths: []okta.Authenticator{password, verifyOff},
			in: AuthenticatorInput{RequireOktaVerifyFIPS: true}, notes: []string{"Okta Verify is not ACTIVE"},
			controls: []string{"SOC2 CC6.1", STIGOktaVerifyFIPS}},
		{name: "forbidden and required keys, folded", auths: []okta.Authenticator{password, verify, question},
			in: AuthenticatorInput{RequireActive: []string{" WebAuthn ", "okta_verify"}, ForbidActive: []string{"Security_Question", "phone_number"}},
			want: []string{
				"Security Question (autQ): security_question is ACTIVE, want it INACTIVE (forbid_active)",
				"webauthn: the org has no webauthn authenticator, want one ACTIVE (require_active)",
			},
			controls: []string{"SOC2 CC6.1"}},
		{name: "every reason of one authenticator in one violation", auths: []okta.Authenticator{verify},
			in: AuthenticatorInput{ForbidActive: []string{"okta_verify"}, RequireOktaVerifyFIPS: true},
			want: []string{"Okta Verify (autV): okta_verify is ACTIVE, want it INACTIVE (forbid_active); " +
				"Okta Verify accepts devices that are not FIPS-compliant: settings.compliance.fips is OPTIONAL, want REQUIRED"},
			controls: []string{"SOC2 CC6.1", STIGOktaVerifyFIPS}},
		{name: "exceptions by key and by name", auths: []okta.Authenticator{verify, cardOff},
			in: AuthenticatorInput{RequireActive: []string{"smart_card_idp", "webauthn"}, RequireOktaVerifyFIPS: true,
				Exceptions: []Exception{
					{Subject: "SMART_CARD_IDP", Reason: "PIV rollout in Q3", Expires: "2099-01-01"},
					{Subject: "okta verify", Reason: "FIPS devices on order", Expires: "2099-01-01"},
					{Subject: "webauthn", Reason: "keys on order", Expires: "2099-01-01"},
				}},
			controls: []string{"SOC2 CC6.1", STIGSmartCard, STIGOktaVerifyFIPS}},
		{name: "an exception on another key waives nothing", auths: []okta.Authenticator{verify},
			in: AuthenticatorInput{RequireOktaVerifyFIPS: true,
				Exceptions: []Exception{{Subject: "okta_password", Reason: "r", Expires: "2099-01-01"}}},
			want:     []string{"Okta Verify (autV): Okta Verify accepts devices that are not FIPS-compliant: settings.compliance.fips is OPTIONAL, want REQUIRED"},
			notes:    []string{"exception for okta_password (expires 2099-01-01) matches no violation"},
			controls: []string{"SOC2 CC6.1", STIGOktaVerifyFIPS}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: tt.auths}, tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != len(tt.auths) {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, len(tt.auths))
			}
			want := slices.Clone(tt.controls)
			slices.Sort(want)
			if !slices.Equal(r.Controls, want) {
				t.Errorf("controls %q, want %q", r.Controls, want)
			}
			if len(r.Notes) != len(tt.notes) {
				t.Fatalf("notes %q, want %d", r.Notes, len(tt.notes))
			}
			for i, n := range tt.notes {
				if !strings.Contains(r.Notes[i], n) {
					t.Errorf("note %q lacks %q", r.Notes[i], n)
				}
			}
		})
	}
}

func TestAuthenticatorApplied(t *testing.T) {
	f := &Facts{Now: now, Authenticators: []okta.Authenticator{authn("autS", "smart_card_idp", "Smart Card IdP", "INACTIVE", "")}}
	r := mustOK(t)(Authenticator(f, AuthenticatorInput{RequireActive: []string{"smart_card_idp"},
		Exceptions: []Exception{{Subject: "smart_card_idp", Reason: "PIV rollout", Expires: "2099-01-01"}}}))
	if r.Status != StatusPass || len(r.ExceptionsApplied) != 1 || r.ExceptionsApplied[0].Violations[0].SubjectID != "autS" {
		t.Errorf("the key should waive the smart card's violation: %+v", r)
	}
	if !strings.Contains(r.Evidence, `"active_keys":[]`) || !strings.Contains(r.Evidence, `"require_active":["smart_card_idp"]`) {
		t.Errorf("evidence %s", r.Evidence)
	}
}

func TestAuthenticatorErrors(t *testing.T) {
	if _, err := Authenticator(&Facts{Now: now, Authenticators: []okta.Authenticator{}},
		AuthenticatorInput{RequireActive: []string{"webauthn"}, ForbidActive: []string{"WEBAUTHN"}}); err == nil ||
		!strings.Contains(err.Error(), `"webauthn" is both in require_active and in forbid_active`) {
		t.Errorf("required and forbidden: %v", err)
	}
	var mf *MissingFactsError
	if _, err := Authenticator(&Facts{Now: now}, AuthenticatorInput{}); !asMissing(err, &mf) {
		t.Errorf("authenticators not loaded: %v", err)
	}
	// An org without authenticators loaded as an empty list is judged.
	r := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: []okta.Authenticator{}}, AuthenticatorInput{RequireOktaVerifyFIPS: true}))
	if r.Status != StatusPass || len(r.Notes) != 1 {
		t.Errorf("empty org: %+v", r)
	}
}

func TestAuthenticatorEvidenceOrderFree(t *testing.T) {
	a := []okta.Authenticator{authn("autP", "okta_password", "Password", "ACTIVE", ""), authn("autV", "okta_verify", "Okta Verify", "ACTIVE", "OPTIONAL")}
	b := []okta.Authenticator{a[1], a[0]}
	ra := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: a}, AuthenticatorInput{RequireOktaVerifyFIPS: true}))
	rb := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: b}, AuthenticatorInput{RequireOktaVerifyFIPS: true}))
	if ra.Fingerprint != rb.Fingerprint {
		t.Error("the fingerprint depends on the order authenticators came in")
	}
	c := []okta.Authenticator{a[0], authn("autV", "okta_verify", "Okta Verify", "ACTIVE", "REQUIRED")}
	rc := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: c}, AuthenticatorInput{}))
	rd := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: a}, AuthenticatorInput{}))
	if rc.Fingerprint == rd.Fingerprint {
		t.Error("a change of Okta Verify's FIPS setting leaves the fingerprint unchanged")
	}
}
