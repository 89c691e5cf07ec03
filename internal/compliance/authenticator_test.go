package compliance

import (
	"fmt"
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
		warnings []string // substrings, one per warning
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
					{Subject: "SMART_CARD_IDP", Reason: "PIV rollout in Q3", Expires: "2027-01-31"},
					{Subject: "okta verify", Reason: "FIPS devices on order", Expires: "2027-01-31"},
					{Subject: "webauthn", Reason: "keys on order", Expires: "2027-01-31"},
				}},
			controls: []string{"SOC2 CC6.1", STIGSmartCard, STIGOktaVerifyFIPS}},
		{name: "an exception on another key waives nothing", auths: []okta.Authenticator{verify},
			in: AuthenticatorInput{RequireOktaVerifyFIPS: true,
				Exceptions: []Exception{{Subject: "okta_password", Reason: "r", Expires: "2027-01-31"}}},
			want:     []string{"Okta Verify (autV): Okta Verify accepts devices that are not FIPS-compliant: settings.compliance.fips is OPTIONAL, want REQUIRED"},
			warnings: []string{"exception for okta_password (expires 2027-01-31) waives nothing"},
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
			if !slices.Equal(soc2AndSTIG(r.Controls), want) {
				t.Errorf("controls %q, want %q", r.Controls, want)
			}
			if len(r.Notes) != len(tt.notes) {
				t.Fatalf("notes %q, want %d", r.Notes, len(tt.notes))
			}
			if len(r.Warnings) != len(tt.warnings) {
				t.Fatalf("warnings %q, want %d", r.Warnings, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if !strings.Contains(r.Warnings[i], w) {
					t.Errorf("warning %q lacks %q", r.Warnings[i], w)
				}
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
		Exceptions: []Exception{{Subject: "smart_card_idp", Reason: "PIV rollout", Expires: "2027-01-31"}}}))
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

func cardIdP(id, name, status, issuer string) okta.IdentityProvider {
	return okta.IdentityProvider{ID: id, Name: name, Type: okta.IdPTypeX509, Status: status, ProtocolType: "MTLS",
		TrustIssuer: issuer, TrustKID: "kid-" + id, Revocation: "CRL", RevocationCacheLifetime: 2880}
}

func TestAuthenticatorSmartCardIssuers(t *testing.T) {
	const (
		dodRoot = "OU=PKI, OU=DoD, O=U.S. Government, C=US"
		acmeCA  = "CN=Acme Issuing CA 1, O=Acme Corp, C=US"
	)
	auths := []okta.Authenticator{authn("autS", "smart_card_idp", "Smart Card IdP", "ACTIVE", "")}
	cac := cardIdP("0oa1", "DoD CAC", "ACTIVE", dodCA)
	pilotOff := cardIdP("0oa2", "PIV pilot", "INACTIVE", acmeCA)
	pilotOn := cardIdP("0oa2", "PIV pilot", "ACTIVE", acmeCA)
	trusted := AuthenticatorInput{SmartCardTrustedIssuers: []string{dodRoot}}
	wantAcme := `PIV pilot (0oa2): Smart Card IdP "PIV pilot" trusts certificates issued by "` + acmeCA +
		`", want an issuer under a trusted CA (smart_card_trusted_issuers: "` + dodRoot + `")`
	tests := []struct {
		name      string
		idps      []okta.IdentityProvider
		in        AuthenticatorInput
		want      []string
		notes     []string
		evaluated int
	}{
		{name: "a trusted issuer passes", idps: []okta.IdentityProvider{cac}, in: trusted, evaluated: 2},
		{name: "an exact entry, spelled otherwise, passes", idps: []okta.IdentityProvider{cac}, evaluated: 2,
			in: AuthenticatorInput{SmartCardTrustedIssuers: []string{"cn=DOD ID CA-70,ou=PKI,ou=DoD,o=U.S. Government,c=US"}}},
		{name: "an INACTIVE untrusted IdP is ignored", idps: []okta.IdentityProvider{cac, pilotOff}, in: trusted, evaluated: 2,
			notes: []string{"not judged: PIV pilot"}},
		{name: "an ACTIVE untrusted IdP violates", idps: []okta.IdentityProvider{cac, pilotOn}, in: trusted, evaluated: 3,
			want: []string{wantAcme}},
		{name: "either entry trusts", idps: []okta.IdentityProvider{cac, pilotOn}, evaluated: 3,
			in: AuthenticatorInput{SmartCardTrustedIssuers: []string{dodRoot, "O=Acme Corp, C=US"}}},
		{name: "no ACTIVE Smart Card IdP", idps: []okta.IdentityProvider{pilotOff}, in: trusted, evaluated: 1,
			want:  []string{"X509: the org has no ACTIVE Smart Card identity provider (type X509), want one whose certificate issuer is under a trusted CA (smart_card_trusted_issuers)"},
			notes: []string{"not judged: PIV pilot"}},
		{name: "no identity provider at all", idps: []okta.IdentityProvider{}, in: trusted, evaluated: 1,
			want: []string{"X509: the org has no ACTIVE Smart Card identity provider (type X509), want one whose certificate issuer is under a trusted CA (smart_card_trusted_issuers)"}},
		{name: "an issuer missing or unreadable", in: trusted, evaluated: 4,
			idps: []okta.IdentityProvider{cac, cardIdP("0oa3", "", "ACTIVE", ""), cardIdP("0oa4", "Broken", "ACTIVE", "DoD CA")},
			want: []string{
				`0oa3: Smart Card IdP "0oa3" has no certificate issuer (protocol.credentials.trust.issuer), want an issuer under a trusted CA (smart_card_trusted_issuers: "` + dodRoot + `")`,
				`Broken (0oa4): Smart Card IdP "Broken" trusts certificates issued by "DoD CA", which is not a distinguished name ("DoD CA" has no "="), want an issuer under a trusted CA (smart_card_trusted_issuers: "` + dodRoot + `")`,
			}},
		{name: "other IdP types are not judged", in: trusted, evaluated: 2,
			idps: []okta.IdentityProvider{cac, {ID: "0oa5", Name: "Partner", Type: "SAML2", Status: "ACTIVE", TrustIssuer: "https://idp.example"}}},
		{name: "exceptions by IdP name, id and the type", in: AuthenticatorInput{SmartCardTrustedIssuers: []string{dodRoot},
			Exceptions: []Exception{{Subject: "piv PILOT", Reason: "retiring", Expires: "2027-01-31"}}},
			idps: []okta.IdentityProvider{cac, pilotOn}, evaluated: 3},
		{name: "an exception for the type waives the missing IdP", in: AuthenticatorInput{SmartCardTrustedIssuers: []string{dodRoot},
			Exceptions: []Exception{{Subject: "x509", Reason: "CAC rollout", Expires: "2027-01-31"}}},
			idps: []okta.IdentityProvider{}, evaluated: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: auths, IdentityProviders: tt.idps}, tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != tt.evaluated {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tt.evaluated)
			}
			if !slices.Contains(r.Controls, STIGSmartCardCA) {
				t.Errorf("controls %q lack %s", r.Controls, STIGSmartCardCA)
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

// TestAuthenticatorSmartCardEvidence: without smart_card_trusted_issuers
// the evidence has no trace of identity providers (an upgrade changes no
// fingerprint); with it, the canonical entries and every Smart Card IdP's
// trust are in it.
func TestAuthenticatorSmartCardEvidence(t *testing.T) {
	auths := []okta.Authenticator{authn("autV", "okta_verify", "Okta Verify", "ACTIVE", "REQUIRED")}
	idps := []okta.IdentityProvider{cardIdP("0oa1", "DoD CAC", "ACTIVE", dodCA)}
	plain := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: auths, IdentityProviders: idps}, AuthenticatorInput{}))
	bare := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: auths}, AuthenticatorInput{}))
	if plain.Fingerprint != bare.Fingerprint || strings.Contains(plain.Evidence, "smart_card") || slices.Contains(plain.Controls, STIGSmartCardCA) {
		t.Errorf("identity providers leak into a check that does not judge them: %s %q", plain.Evidence, plain.Controls)
	}
	in := AuthenticatorInput{SmartCardTrustedIssuers: []string{"o=U.S. Government,c=US", "O=U.S. Government, C=US"}}
	r := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: auths, IdentityProviders: idps}, in))
	if err := expectIn(r.Evidence, `"smart_card_trusted_issuers":["O=U.S. Government, C=US"]`, `"active_smart_card_idps":["0oa1"]`, `"smart_card_idps":"`); err != nil {
		t.Error(err)
	}
	idps2 := []okta.IdentityProvider{cardIdP("0oa1", "DoD CAC", "ACTIVE", dodCA)}
	idps2[0].TrustKID = "a-new-chain"
	r2 := mustOK(t)(Authenticator(&Facts{Now: now, Authenticators: auths, IdentityProviders: idps2}, in))
	if r2.Fingerprint == r.Fingerprint {
		t.Error("a new certificate chain (kid) leaves the fingerprint unchanged")
	}
}

func TestAuthenticatorSmartCardErrors(t *testing.T) {
	_, err := AuthenticatorInput{SmartCardTrustedIssuers: []string{"O=U.S. Government, C=US", "DoD"}}.Normalized()
	if err == nil || !strings.Contains(err.Error(), `smart_card_trusted_issuers: "DoD" is not a distinguished name: "DoD" has no "="`) {
		t.Errorf("a bad entry: %v", err)
	}
	var mf *MissingFactsError
	if _, err := Authenticator(&Facts{Now: now, Authenticators: []okta.Authenticator{}},
		AuthenticatorInput{SmartCardTrustedIssuers: []string{"C=US"}}); !asMissing(err, &mf) || !strings.Contains(err.Error(), "X509") {
		t.Errorf("identity providers not loaded: %v", err)
	}
}

func expectIn(s string, parts ...string) error {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return fmt.Errorf("%q not in %s", p, s)
		}
	}
	return nil
}
