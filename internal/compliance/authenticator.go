package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// AuthenticatorInput is the oktagate_authenticator_check's arguments.
type AuthenticatorInput struct {
	// RequireActive are authenticator keys (smart_card_idp, webauthn…) of
	// which an ACTIVE authenticator must exist.
	RequireActive []string
	// ForbidActive are authenticator keys that must not be ACTIVE
	// (security_question, phone_number…).
	ForbidActive []string
	// RequireOktaVerifyFIPS requires an ACTIVE Okta Verify to accept only
	// FIPS-compliant devices (settings.compliance.fips REQUIRED).
	RequireOktaVerifyFIPS bool
	// SmartCardTrustedIssuers, when not empty, are the distinguished names
	// of the certificate authorities Smart Card (X509) identity providers
	// may trust: at least one such IdP must be ACTIVE, and every ACTIVE
	// one's certificate issuer (protocol.credentials.trust.issuer) must equal
	// an entry or lie under it (dnUnder: "O=U.S. Government, C=US" trusts
	// every CA below it).
	SmartCardTrustedIssuers []string
	Exceptions              []Exception
}

// SmartCardIdPsSubject is the subject of the violation "no ACTIVE Smart Card
// identity provider": the IdP type, as a missing authenticator's is its key.
const SmartCardIdPsSubject = okta.IdPTypeX509

// ReadsIdentityProviders reports whether the check judges the Smart Card
// identity providers (and so needs Facts.IdentityProviders).
func (in AuthenticatorInput) ReadsIdentityProviders() bool {
	return len(in.SmartCardTrustedIssuers) > 0
}

// Normalized folds the keys (trimmed, lower case), sorts them and refuses a
// key both required and forbidden; it rewrites each trusted issuer in its
// canonical spelling (formatDN), sorted and deduplicated, and refuses one
// that is not a distinguished name.
func (in AuthenticatorInput) Normalized() (AuthenticatorInput, error) {
	out := in
	out.RequireActive, out.ForbidActive = foldedSet(in.RequireActive), foldedSet(in.ForbidActive)
	for _, k := range out.RequireActive {
		if slices.Contains(out.ForbidActive, k) {
			return AuthenticatorInput{}, fmt.Errorf("authenticator %q is both in require_active and in forbid_active", k)
		}
	}
	issuers := make([]string, 0, len(in.SmartCardTrustedIssuers))
	for _, dn := range in.SmartCardTrustedIssuers {
		c, err := canonicalDN(dn)
		if err != nil {
			return AuthenticatorInput{}, fmt.Errorf("smart_card_trusted_issuers: %q is not a distinguished name: %w", dn, err)
		}
		issuers = append(issuers, c)
	}
	out.SmartCardTrustedIssuers = sortedSet(issuers)
	return out, nil
}

func authenticatorActive(a okta.Authenticator) bool { return strings.EqualFold(a.Status, "ACTIVE") }

// Authenticator judges the org's authenticators: for every key in
// RequireActive an authenticator with that key must be ACTIVE; no
// authenticator whose key is in ForbidActive may be ACTIVE; with
// RequireOktaVerifyFIPS an ACTIVE Okta Verify must have
// settings.compliance.fips REQUIRED (an Okta Verify that is not ACTIVE
// connects no device and passes, with a note). One violation per
// authenticator (subject: its name; subject_id: its id; an exception may
// also name its key) listing every reason; a required key the org has no
// authenticator for is a violation whose subject is the key. Every
// authenticator is a subject evaluated.
//
// With SmartCardTrustedIssuers it also reads Facts.IdentityProviders and
// judges every ACTIVE Smart Card (X509) identity provider, one more subject
// evaluated each: one whose certificate issuer is missing, is not a
// distinguished name or lies under no trusted entry is a violation (subject:
// its name; subject_id: its id) naming the issuer and the trusted entries.
// An INACTIVE one signs nobody in and is only noted; with none ACTIVE the
// violation's subject is "X509" (SmartCardIdPsSubject). Without the input the
// evidence is the same as before it existed.
func Authenticator(f *Facts, in AuthenticatorInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	auths := f.Authenticators
	if auths == nil {
		return Result{}, missing("authenticators")
	}
	byKey := map[string][]okta.Authenticator{}
	reasons := map[string][]string{} // by authenticator id
	var rows []any
	var active []string
	for _, a := range auths {
		k := fold(a.Key)
		byKey[k] = append(byKey[k], a)
		rows = append(rows, map[string]any{
			"id": a.ID, "key": a.Key, "name": a.Name, "type": a.Type, "status": a.Status, "fips": a.FIPS,
			"provider_type": a.ProviderType, "provider_idp_ids": sortedSet(a.ProviderIdPIDs),
		})
		if authenticatorActive(a) {
			active = append(active, a.Key)
			if slices.Contains(in.ForbidActive, k) {
				reasons[a.ID] = append(reasons[a.ID], a.Key+" is ACTIVE, want it INACTIVE (forbid_active)")
			}
		}
	}
	var findings []finding
	for _, k := range in.RequireActive {
		as := byKey[k]
		switch {
		case len(as) == 0:
			findings = append(findings, finding{
				Violation: Violation{Subject: k, Reason: "the org has no " + k + " authenticator, want one ACTIVE (require_active)"},
				keys:      []string{k},
			})
		case !slices.ContainsFunc(as, authenticatorActive):
			for _, a := range as {
				reasons[a.ID] = append(reasons[a.ID], fmt.Sprintf("%s is %s, want ACTIVE (require_active)", a.Key, orNotSet(strings.ToUpper(a.Status))))
			}
		}
	}
	var notes []string
	if in.RequireOktaVerifyFIPS {
		verify := byKey[okta.AuthenticatorOktaVerify]
		if !slices.ContainsFunc(verify, authenticatorActive) {
			notes = append(notes, "require_okta_verify_fips: Okta Verify is not ACTIVE, so no device connects through it")
		}
		for _, a := range verify {
			if authenticatorActive(a) && !strings.EqualFold(a.FIPS, okta.FIPSRequired) {
				reasons[a.ID] = append(reasons[a.ID], "Okta Verify accepts devices that are not FIPS-compliant: settings.compliance.fips is "+
					orNotSet(strings.ToUpper(a.FIPS))+", want REQUIRED")
			}
		}
	}
	for _, a := range auths {
		if rs := reasons[a.ID]; len(rs) > 0 {
			subject := cmp.Or(a.Name, a.Key, a.ID)
			findings = append(findings, finding{
				Violation: Violation{Subject: subject, SubjectID: a.ID, Reason: strings.Join(rs, "; ")},
				keys:      []string{fold(subject), fold(a.ID), fold(a.Key)},
			})
			delete(reasons, a.ID) // two entries with one id report once
		}
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	inputs := map[string]any{
		"require_active": nonNil(in.RequireActive), "forbid_active": nonNil(in.ForbidActive),
		"require_okta_verify_fips": in.RequireOktaVerifyFIPS,
	}
	facts := map[string]string{"authenticators": fp}
	details := map[string]any{"active_keys": sortedSet(active)}
	evaluated := len(auths)
	// The Smart Card IdPs enter the evidence only when judged, so a check
	// without smart_card_trusted_issuers keeps the evidence (and fingerprint)
	// it had.
	if in.ReadsIdentityProviders() {
		sc, err := judgeSmartCardIdPs(f, in.SmartCardTrustedIssuers)
		if err != nil {
			return Result{}, err
		}
		inputs["smart_card_trusted_issuers"] = in.SmartCardTrustedIssuers
		facts["smart_card_idps"] = sc.fingerprint
		details["active_smart_card_idps"] = sc.active
		evaluated += len(sc.active)
		findings = append(findings, sc.findings...)
		notes = append(notes, sc.notes...)
	}
	return finish(f, evaluation{
		check:     CheckAuthenticator,
		inputs:    inputs,
		evaluated: evaluated,
		findings:  findings,
		facts:     facts,
		details:   details,
		input:     in,
		notes:     notes,
	}, in.Exceptions)
}

// smartCardVerdict is what judgeSmartCardIdPs found.
type smartCardVerdict struct {
	active      []string // the ACTIVE Smart Card IdPs' ids, sorted
	findings    []finding
	notes       []string
	fingerprint string // of every Smart Card IdP, ACTIVE or not
}

// judgeSmartCardIdPs judges the Smart Card (X509) identity providers
// against trusted, the canonical trusted issuers.
func judgeSmartCardIdPs(f *Facts, trusted []string) (smartCardVerdict, error) {
	if f.IdentityProviders == nil {
		return smartCardVerdict{}, missing("Smart Card (X509) identity providers")
	}
	bases := make([][]rdn, len(trusted))
	for i, dn := range trusted {
		b, err := parseDN(dn)
		if err != nil { // Normalized already parsed them
			return smartCardVerdict{}, fmt.Errorf("smart_card_trusted_issuers: %q: %w", dn, err)
		}
		bases[i] = b
	}
	want := "want an issuer under a trusted CA (smart_card_trusted_issuers: " + quoteList(trusted) + ")"
	var v smartCardVerdict
	var rows []any
	var inactive []string
	for _, p := range f.IdentityProviders {
		if !strings.EqualFold(p.Type, okta.IdPTypeX509) {
			continue
		}
		rows = append(rows, map[string]any{
			"id": p.ID, "name": p.Name, "status": p.Status, "protocol_type": p.ProtocolType,
			"issuer": p.TrustIssuer, "kid": p.TrustKID, "revocation": p.Revocation,
			"revocation_cache_lifetime": p.RevocationCacheLifetime,
		})
		subject := cmp.Or(p.Name, p.ID)
		if !strings.EqualFold(p.Status, "ACTIVE") {
			inactive = append(inactive, subject)
			continue
		}
		v.active = append(v.active, p.ID)
		var reason string
		idp := `Smart Card IdP "` + subject + `"`
		issuer, err := parseDN(p.TrustIssuer)
		switch {
		case strings.TrimSpace(p.TrustIssuer) == "":
			reason = idp + " has no certificate issuer (protocol.credentials.trust.issuer), " + want
		case err != nil:
			reason = fmt.Sprintf(`%s trusts certificates issued by "%s", which is not a distinguished name (%v), %s`, idp, p.TrustIssuer, err, want)
		case !slices.ContainsFunc(bases, func(b []rdn) bool { return dnUnder(issuer, b) }):
			reason = fmt.Sprintf(`%s trusts certificates issued by "%s", %s`, idp, p.TrustIssuer, want)
		default:
			continue
		}
		v.findings = append(v.findings, finding{
			Violation: Violation{Subject: subject, SubjectID: p.ID, Reason: reason},
			keys:      []string{fold(subject), fold(p.ID)},
		})
	}
	if len(v.active) == 0 {
		v.findings = append(v.findings, finding{
			Violation: Violation{Subject: SmartCardIdPsSubject, Reason: "the org has no ACTIVE Smart Card identity provider (type X509), " +
				"want one whose certificate issuer is under a trusted CA (smart_card_trusted_issuers)"},
			keys: []string{fold(SmartCardIdPsSubject)},
		})
	}
	if len(inactive) > 0 {
		slices.Sort(inactive)
		v.notes = append(v.notes, "smart_card_trusted_issuers: INACTIVE Smart Card identity providers sign nobody in and are not judged: "+
			strings.Join(inactive, ", "))
	}
	slices.Sort(v.active)
	v.active = nonNil(v.active)
	var err error
	v.fingerprint, err = factsFingerprint(rows)
	return v, err
}

// quoteList renders strings as a comma-separated list, each in double
// quotes (as they are: a distinguished name's own escapes stay readable).
func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, ", ")
}
