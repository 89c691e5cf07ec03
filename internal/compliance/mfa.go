package compliance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Factor types and statuses the MFA check knows by name.
const (
	FactorQuestion    = "question"
	FactorWebAuthn    = "webauthn"
	FactorU2F         = "u2f"
	FactorSignedNonce = "signed_nonce"
	FactorActive      = "ACTIVE"
)

// PhishingResistantFactorTypes are the factor types phishing_resistant allows:
// WebAuthn/FIDO2, U2F and Okta FastPass (signed_nonce).
var PhishingResistantFactorTypes = []string{FactorSignedNonce, FactorU2F, FactorWebAuthn}

// DefaultMinFactors is how many counting factors a user needs when
// MinFactors is left at 0.
const DefaultMinFactors = 1

// MFAInput is the oktagate_mfa_check's arguments.
type MFAInput struct {
	// Scope; Statuses default to DefaultSignInStatuses.
	UserScope
	// AllowedFactorTypes lists the factor types that count; empty means every
	// type but "question".
	AllowedFactorTypes []string
	// PhishingResistant narrows the allowed types to
	// PhishingResistantFactorTypes.
	PhishingResistant bool
	// MinFactors is how many ACTIVE factors of an allowed type each user needs;
	// 0 means 1.
	MinFactors int
	// AllowEmpty makes a scope that matches no user a pass; otherwise it is a
	// violation saying why the scope is empty.
	AllowEmpty bool
	Exceptions []Exception
}

// Normalized returns the input with defaults filled in and every list sorted and
// de-duplicated (factor types lower-cased, statuses upper-cased). When
// AllowedFactorTypes stays empty, every type but "question" is allowed.
func (in MFAInput) Normalized() (MFAInput, error) {
	out := in
	out.UserScope = in.normalize(DefaultSignInStatuses)
	out.AllowedFactorTypes = foldedSet(in.AllowedFactorTypes)
	if in.PhishingResistant {
		if len(out.AllowedFactorTypes) == 0 {
			out.AllowedFactorTypes = slices.Clone(PhishingResistantFactorTypes)
		} else {
			out.AllowedFactorTypes = slices.DeleteFunc(out.AllowedFactorTypes, func(t string) bool {
				return !slices.Contains(PhishingResistantFactorTypes, t)
			})
			if len(out.AllowedFactorTypes) == 0 {
				return MFAInput{}, fmt.Errorf("allowed_factor_types %s has no phishing-resistant type (%s)",
					strings.Join(foldedSet(in.AllowedFactorTypes), ", "), strings.Join(PhishingResistantFactorTypes, ", "))
			}
		}
	}
	switch {
	case in.MinFactors < 0:
		return MFAInput{}, fmt.Errorf("min_factors must not be negative, got %d", in.MinFactors)
	case in.MinFactors == 0:
		out.MinFactors = DefaultMinFactors
	}
	return out, nil
}

// allows reports whether a factor type counts. in must be normalized.
func (in MFAInput) allows(factorType string) bool {
	t := fold(factorType)
	if len(in.AllowedFactorTypes) == 0 {
		return t != FactorQuestion
	}
	return slices.Contains(in.AllowedFactorTypes, t)
}

// ScopeUserIDs returns the ids of the users the check evaluates, sorted: the
// users whose factors the provider must load into Facts.Factors. It needs Users
// and the GroupMembers of the scope's groups.
func (in MFAInput) ScopeUserIDs(f *Facts) ([]string, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	us, _, err := n.users(f)
	if err != nil {
		return nil, err
	}
	return userIDs(us), nil
}

// MFA finds in-scope users with fewer than MinFactors ACTIVE factors of an
// allowed type; factors in any other status (PENDING_ACTIVATION, NOT_SETUP…)
// never count.
//
// It reads Users, the GroupMembers of the scope's groups and the Factors of every
// in-scope user (see ScopeUserIDs).
func MFA(f *Facts, in MFAInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	users, notes, err := in.users(f)
	if err != nil {
		return Result{}, err
	}
	var findings []finding
	rows := make([]any, 0, len(users))
	for _, u := range users {
		factors, err := f.factorsOf(u.ID)
		if err != nil {
			return Result{}, err
		}
		var counted int
		var activeTypes, seen []string
		for _, fc := range factors {
			t := fold(fc.FactorType)
			active := strings.EqualFold(fc.Status, FactorActive)
			if active {
				activeTypes = append(activeTypes, t)
			}
			if active && in.allows(t) {
				counted++
			}
			seen = append(seen, describeFactor(t, fc.Status, active))
		}
		rows = append(rows, map[string]any{
			"id":                  u.ID,
			"login":               u.Login(),
			"email":               u.Email(),
			"status":              u.Status,
			"active_factor_types": sortedSet(activeTypes),
		})
		if counted >= in.MinFactors {
			continue
		}
		findings = append(findings, finding{
			Violation: Violation{Subject: userSubject(u), SubjectID: u.ID, Reason: mfaReason(counted, in.MinFactors, sortedSet(seen))},
			keys:      userKeys(u.Login(), u.Email(), u.ID),
		})
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}

	inputs := in.evidence()
	inputs["min_factors"] = in.MinFactors
	inputs["phishing_resistant"] = in.PhishingResistant
	if len(in.AllowedFactorTypes) == 0 {
		inputs["allowed_factor_types"] = []string{"*"}
		inputs["excluded_factor_types"] = []string{FactorQuestion}
	} else {
		inputs["allowed_factor_types"] = in.AllowedFactorTypes
		inputs["excluded_factor_types"] = []string{}
	}
	ev := evaluation{
		check:     CheckMFA,
		input:     in,
		inputs:    inputs,
		evaluated: len(users),
		findings:  findings,
		facts:     map[string]string{"users_factors": fp},
		notes:     notes,
	}
	in.requireUsers(&ev, f, in.AllowEmpty)
	return finish(f, ev, in.Exceptions)
}

func describeFactor(factorType, status string, active bool) string {
	if active {
		return factorType
	}
	return factorType + " (" + strings.ToUpper(status) + ")"
}

func mfaReason(counted, required int, seen []string) string {
	var b strings.Builder
	switch counted {
	case 0:
		b.WriteString("no ACTIVE factor of an allowed type")
	case 1:
		fmt.Fprintf(&b, "1 ACTIVE factor of an allowed type, %d required", required)
	default:
		fmt.Fprintf(&b, "%d ACTIVE factors of an allowed type, %d required", counted, required)
	}
	if len(seen) == 0 {
		return b.String()
	}
	if counted == 0 {
		b.WriteString("; only ")
	} else {
		b.WriteString("; found ")
	}
	b.WriteString(listed(seen, 10))
	return b.String()
}

// userSubject is how a user is named in a violation: its login, or its id when
// it has none.
func userSubject(u okta.User) string {
	if l := u.Login(); l != "" {
		return l
	}
	return u.ID
}
