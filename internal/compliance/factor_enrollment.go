package compliance

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// PolicyMFAEnroll is the policy type of the authenticator (Classic: MFA)
// enrollment policies.
const PolicyMFAEnroll = "MFA_ENROLL"

// Weak authenticators, named by their Identity Engine keys: the values
// allowed_weak_authenticators takes. Classic factors map onto them (okta_sms
// and okta_call are phone_number, okta_question is security_question).
// Email is not counted weak: Identity Engine enrolls it for recovery, and
// HealthInsight names SMS, voice and security questions.
const (
	WeakPhoneNumber      = "phone_number"      // SMS and voice codes, interceptable and SIM-swappable
	WeakSecurityQuestion = "security_question" // a knowledge factor, guessable and reused
)

// WeakAuthenticators are the values allowed_weak_authenticators accepts.
var WeakAuthenticators = []string{WeakPhoneNumber, WeakSecurityQuestion}

// classicWeak maps a Classic factor key (settings.factors) to the weak
// authenticator it is.
var classicWeak = map[string]string{
	"okta_sms": WeakPhoneNumber, "okta_call": WeakPhoneNumber, "okta_question": WeakSecurityQuestion,
}

// Phishing-resistant authenticators an enrollment policy can require:
// Identity Engine's webauthn (FIDO2 passkeys, security keys) and Classic's
// fido_webauthn and fido_u2f. Okta Verify is not counted: whether FastPass is
// phishing-resistant is decided by the authentication policy's constraints,
// not by enrollment.
var phishingResistantKeys = []string{"webauthn", "fido_webauthn", "fido_u2f"}

// Enrollment requirements (enroll.self).
const (
	enrollRequired   = "REQUIRED"
	enrollOptional   = "OPTIONAL"
	enrollNotAllowed = "NOT_ALLOWED"
)

// FactorEnrollmentInput is the oktagate_factor_enrollment_check's arguments.
type FactorEnrollmentInput struct {
	// AllowedWeakAuthenticators are the weak authenticators (WeakAuthenticators)
	// a policy may offer (OPTIONAL) or require; any other one it does not
	// forbid (NOT_ALLOWED) is a violation. Empty: none.
	AllowedWeakAuthenticators []string
	// RequirePhishingResistant wants every policy to require (REQUIRED) a
	// phishing-resistant authenticator (webauthn; Classic fido_webauthn,
	// fido_u2f).
	RequirePhishingResistant bool
	// RequireMFAEnrollment wants every policy to require at least one
	// authenticator besides the password, as HealthInsight's "Okta MFA
	// access" recommends.
	RequireMFAEnrollment bool
	Exceptions           []Exception
}

// DefaultFactorEnrollmentInput is the check's input with every default (the
// provider's schema defaults): no weak authenticator allowed, an MFA factor
// required, phishing resistance not required.
func DefaultFactorEnrollmentInput() FactorEnrollmentInput {
	return FactorEnrollmentInput{RequireMFAEnrollment: true}
}

// Normalized lower-cases, sorts and deduplicates the allowed weak
// authenticators and refuses a name that is not one of WeakAuthenticators.
func (in FactorEnrollmentInput) Normalized() (FactorEnrollmentInput, error) {
	out := in
	names := make([]string, 0, len(in.AllowedWeakAuthenticators))
	for _, n := range in.AllowedWeakAuthenticators {
		n = strings.ToLower(strings.TrimSpace(n))
		if !slices.Contains(WeakAuthenticators, n) {
			return out, fmt.Errorf("allowed_weak_authenticators: %q is not a weak authenticator; want one of %s",
				n, strings.Join(WeakAuthenticators, ", "))
		}
		names = append(names, n)
	}
	out.AllowedWeakAuthenticators = sortedSet(names)
	return out, nil
}

// enrollmentEntry is one authenticator (or Classic factor) of a policy's
// settings with its enroll.self.
type enrollmentEntry struct {
	Key  string // as Okta names it: phone_number, okta_sms…
	Self string // REQUIRED, OPTIONAL, NOT_ALLOWED
}

type enrollmentSelf struct {
	Enroll struct {
		Self string `json:"self"`
	} `json:"enroll"`
}

// decodeEnrollmentSettings reads settings.authenticators[] (Identity Engine)
// or settings.factors{} (Classic, and the default type FACTORS), sorted by
// key. An absent enroll.self is NOT_ALLOWED, the spec's default.
func decodeEnrollmentSettings(raw json.RawMessage) (kind string, entries []enrollmentEntry, err error) {
	var s struct {
		Type           string `json:"type"`
		Authenticators []struct {
			Key string `json:"key"`
			enrollmentSelf
		} `json:"authenticators"`
		Factors map[string]enrollmentSelf `json:"factors"`
	}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", nil, err
		}
	}
	self := func(v string) string {
		if v = strings.ToUpper(strings.TrimSpace(v)); v == "" {
			return enrollNotAllowed
		}
		return v
	}
	if strings.EqualFold(s.Type, "AUTHENTICATORS") || (s.Type == "" && len(s.Authenticators) > 0) {
		for _, a := range s.Authenticators {
			entries = append(entries, enrollmentEntry{Key: strings.ToLower(a.Key), Self: self(a.Enroll.Self)})
		}
		kind = "AUTHENTICATORS"
	} else {
		for k, f := range s.Factors {
			entries = append(entries, enrollmentEntry{Key: strings.ToLower(k), Self: self(f.Enroll.Self)})
		}
		kind = "FACTORS"
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Key < entries[j].Key })
	return kind, entries, nil
}

// weakName is the weak authenticator a key is, "" when it is not weak.
func weakName(key string) string {
	if slices.Contains(WeakAuthenticators, key) {
		return key
	}
	return classicWeak[key]
}

func (in FactorEnrollmentInput) shortfalls(entries []enrollmentEntry) []string {
	var out []string
	mfa, resistant := false, false
	for _, e := range entries {
		if e.Self == enrollRequired && e.Key != "okta_password" {
			mfa = true
			resistant = resistant || slices.Contains(phishingResistantKeys, e.Key)
		}
		w := weakName(e.Key)
		if w == "" || e.Self == enrollNotAllowed || slices.Contains(in.AllowedWeakAuthenticators, w) {
			continue
		}
		name := e.Key
		if name != w {
			name += " (" + w + ")"
		}
		out = append(out, fmt.Sprintf("weak authenticator %s is %s, want NOT_ALLOWED", name, e.Self))
	}
	if in.RequireMFAEnrollment && !mfa {
		out = append(out, "no authenticator besides the password is REQUIRED: users are not made to enroll a "+
			"second factor (require_mfa_enrollment)")
	}
	if in.RequirePhishingResistant && !resistant {
		out = append(out, "no phishing-resistant authenticator (webauthn; Classic fido_webauthn, fido_u2f) is "+
			"REQUIRED (require_phishing_resistant)")
	}
	return out
}

// FactorEnrollment judges the ACTIVE authenticator enrollment (MFA_ENROLL)
// policies among Facts.Policies: each one that offers (OPTIONAL) or requires a
// weak authenticator not in AllowedWeakAuthenticators, requires no factor
// besides the password (RequireMFAEnrollment), or requires no
// phishing-resistant authenticator (RequirePhishingResistant) is one
// violation (subject: the policy's name; subject id: its id) whose reason
// lists every shortfall; with RequireMFAEnrollment, a policy none of whose
// ACTIVE rules (Facts.PolicyRules) prompts enrollment is one too. Identity
// Engine settings (authenticators) and
// Classic ones (factors) are both read. The active policies are the subjects
// evaluated; the org cannot have none (the default policy is always there).
func FactorEnrollment(f *Facts, in FactorEnrollmentInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.Policies == nil {
		return Result{}, missing("MFA_ENROLL policies")
	}
	var findings []finding
	rows := []any{}
	active := activePolicies(f, PolicyMFAEnroll)
	for _, p := range active {
		row := map[string]any{"id": p.ID, "name": p.Name, "priority": p.Priority}
		kind, entries, err := decodeEnrollmentSettings(p.Settings)
		var reasons []string
		if err != nil {
			reasons = []string{"settings unreadable: " + err.Error()}
			row["settings"] = string(p.Settings)
		} else {
			listed := make([]any, len(entries))
			for i, e := range entries {
				listed[i] = map[string]any{"key": e.Key, "self": e.Self}
			}
			row["settings_type"], row["enroll"] = kind, listed
			reasons = in.shortfalls(entries)
		}
		if in.RequireMFAEnrollment {
			rules, ok := f.PolicyRules[p.ID]
			if !ok {
				return Result{}, missing("rules of MFA_ENROLL policy %s", p.ID)
			}
			prompts, selves := enrollmentPrompts(rules)
			row["rules_enroll_self"] = selves
			if !prompts {
				reasons = append(reasons, "no ACTIVE rule prompts enrollment (actions.enroll.self CHALLENGE or LOGIN): "+
					"users are never asked to enroll what the policy requires (require_mfa_enrollment)")
			}
		}
		rows = append(rows, row)
		if len(reasons) > 0 {
			findings = append(findings, policyFinding(p.Name, p.ID, strings.Join(reasons, "; ")))
		}
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	ev := evaluation{
		check: CheckFactorEnrollment,
		input: in,
		inputs: map[string]any{
			"allowed_weak_authenticators": nonNil(in.AllowedWeakAuthenticators),
			"require_phishing_resistant":  in.RequirePhishingResistant,
			"require_mfa_enrollment":      in.RequireMFAEnrollment,
		},
		evaluated: len(active),
		findings:  findings,
		facts:     map[string]string{"mfa_enroll_policies": fp},
	}
	ev.emptyIsImpossible(PolicyMFAEnroll, "", "no ACTIVE MFA_ENROLL policy was read, yet every org has its "+
		"default authenticator enrollment policy; check the token's okta.policies.read scope")
	return finish(f, ev, in.Exceptions)
}

// enrollmentPrompts reports whether an ACTIVE rule of an authenticator
// enrollment policy prompts users to enroll (actions.enroll.self CHALLENGE
// or LOGIN; NEVER and NEVER_INCLUDING_RECOVERY do not), with each ACTIVE
// rule's enroll.self for the evidence. An unreadable rule's actions count as
// no prompt.
func enrollmentPrompts(rules []okta.PolicyRule) (bool, []string) {
	prompts := false
	selves := []string{}
	for _, r := range rules {
		if !strings.EqualFold(r.Status, PolicyActive) {
			continue
		}
		var a struct {
			Enroll struct {
				Self string `json:"self"`
			} `json:"enroll"`
		}
		if len(r.Actions) > 0 {
			_ = json.Unmarshal(r.Actions, &a)
		}
		self := strings.ToUpper(a.Enroll.Self)
		selves = append(selves, r.Name+": "+orNotSet(self))
		prompts = prompts || self == "CHALLENGE" || self == "LOGIN"
	}
	slices.Sort(selves)
	return prompts, selves
}
