package compliance

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
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
	Exceptions            []Exception
}

// Normalized folds the keys (trimmed, lower case), sorts them and refuses a
// key both required and forbidden.
func (in AuthenticatorInput) Normalized() (AuthenticatorInput, error) {
	out := in
	out.RequireActive, out.ForbidActive = foldedSet(in.RequireActive), foldedSet(in.ForbidActive)
	for _, k := range out.RequireActive {
		if slices.Contains(out.ForbidActive, k) {
			return AuthenticatorInput{}, fmt.Errorf("authenticator %q is both in require_active and in forbid_active", k)
		}
	}
	return out, nil
}

func (in AuthenticatorInput) stigControls() []string {
	var cs []string
	if slices.Contains(in.RequireActive, okta.AuthenticatorSmartCard) {
		cs = append(cs, STIGSmartCard)
	}
	if in.RequireOktaVerifyFIPS {
		cs = append(cs, STIGOktaVerifyFIPS)
	}
	return cs
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
	return finish(f, evaluation{
		check: CheckAuthenticator,
		inputs: map[string]any{
			"require_active": nonNil(in.RequireActive), "forbid_active": nonNil(in.ForbidActive),
			"require_okta_verify_fips": in.RequireOktaVerifyFIPS,
		},
		evaluated: len(auths),
		findings:  findings,
		facts:     map[string]string{"authenticators": fp},
		details:   map[string]any{"active_keys": sortedSet(active)},
		controls:  in.stigControls(),
		notes:     notes,
	}, in.Exceptions)
}

// LoadAuthenticator loads the org's authenticators into Facts.Authenticators.
func LoadAuthenticator(ctx context.Context, s *directory.Snapshot, now time.Time, in AuthenticatorInput) (*Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	as, err := s.Authenticators(ctx)
	if err != nil {
		return nil, err
	}
	return &Facts{Now: now, Authenticators: nonNil(as)}, nil
}
