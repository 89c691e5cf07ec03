package compliance

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Defaults of the session policy check.
const (
	DefaultSessionMaxIdleMinutes     = 120
	DefaultSessionMaxLifetimeMinutes = 1440
)

// SessionPolicyInput is the oktagate_session_policy_check's arguments. Every
// threshold is taken as given: the provider fills in the documented defaults
// (DefaultSessionPolicyInput).
type SessionPolicyInput struct {
	// MaxIdleMinutes > 0 requires maxSessionIdleMinutes between 1 and this;
	// 0 sets no limit.
	MaxIdleMinutes int
	// MaxLifetimeMinutes > 0 requires maxSessionLifetimeMinutes between 1 and
	// this (0 in Okta means unlimited); 0 sets no limit.
	MaxLifetimeMinutes int
	// RequireMFA requires requireFactor on every rule that allows sign-in.
	RequireMFA bool
	// AllowPersistentCookie, when false, requires usePersistentCookie false.
	AllowPersistentCookie bool
	Exceptions            []Exception
}

// DefaultSessionPolicyInput is the check's input with every default.
func DefaultSessionPolicyInput() SessionPolicyInput {
	return SessionPolicyInput{
		MaxIdleMinutes: DefaultSessionMaxIdleMinutes, MaxLifetimeMinutes: DefaultSessionMaxLifetimeMinutes,
		RequireMFA: true, AllowPersistentCookie: true,
	}
}

// Normalized checks the thresholds: none may be negative.
func (in SessionPolicyInput) Normalized() (SessionPolicyInput, error) {
	if in.MaxIdleMinutes < 0 {
		return SessionPolicyInput{}, fmt.Errorf("max_idle_minutes must not be negative, got %d", in.MaxIdleMinutes)
	}
	if in.MaxLifetimeMinutes < 0 {
		return SessionPolicyInput{}, fmt.Errorf("max_lifetime_minutes must not be negative, got %d", in.MaxLifetimeMinutes)
	}
	return in, nil
}

func (in SessionPolicyInput) stigControls() []string {
	var cs []string
	if in.MaxIdleMinutes >= 1 && in.MaxIdleMinutes <= 15 {
		cs = append(cs, STIGSessionIdle)
	}
	if in.MaxLifetimeMinutes >= 1 && in.MaxLifetimeMinutes <= 18*60 {
		cs = append(cs, STIGSessionLifetime)
	}
	if !in.AllowPersistentCookie {
		cs = append(cs, STIGPersistentCookie)
	}
	return cs
}

// signOnActions is the part of an OKTA_SIGN_ON rule's actions the check reads.
type signOnActions struct {
	Signon struct {
		Access        string `json:"access"`
		RequireFactor bool   `json:"requireFactor"`
		Session       struct {
			MaxSessionIdleMinutes     int  `json:"maxSessionIdleMinutes"`
			MaxSessionLifetimeMinutes int  `json:"maxSessionLifetimeMinutes"`
			UsePersistentCookie       bool `json:"usePersistentCookie"`
		} `json:"session"`
	} `json:"signon"`
}

func decodeSignOnActions(raw json.RawMessage) (signOnActions, error) {
	var a signOnActions
	if len(raw) == 0 || string(raw) == "null" {
		return a, nil
	}
	err := json.Unmarshal(raw, &a)
	return a, err
}

// shortfalls lists every limit a sign-in rule misses.
func (in SessionPolicyInput) shortfalls(a signOnActions) []string {
	var out []string
	s := a.Signon.Session
	limit := func(what string, got, max int) {
		switch {
		case max <= 0:
		case got <= 0:
			out = append(out, fmt.Sprintf("%s unlimited > %d minutes", what, max))
		case got > max:
			out = append(out, fmt.Sprintf("%s %d > %d minutes", what, got, max))
		}
	}
	limit("idle session", s.MaxSessionIdleMinutes, in.MaxIdleMinutes)
	limit("session lifetime", s.MaxSessionLifetimeMinutes, in.MaxLifetimeMinutes)
	if in.RequireMFA && !a.Signon.RequireFactor {
		out = append(out, "no MFA required (requireFactor false)")
	}
	if !in.AllowPersistentCookie && s.UsePersistentCookie {
		out = append(out, "persistent session cookie allowed")
	}
	return out
}

// SessionPolicy finds ACTIVE rules of ACTIVE OKTA_SIGN_ON policies that allow
// sign-in (actions.signon.access ALLOW) with an idle or total session longer
// than the limit, without MFA when it is required, or with a persistent
// cookie when it is not allowed. One violation per rule (subject: "policy /
// rule"; subject_id: the rule id). A rule whose actions cannot be decoded
// violates.
//
// It reads Policies and the PolicyRules of every ACTIVE OKTA_SIGN_ON policy.
func SessionPolicy(f *Facts, in SessionPolicyInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.Policies == nil {
		return Result{}, missing("OKTA_SIGN_ON policies")
	}
	var findings []finding
	var rows []any
	evaluated := 0
	for _, p := range activePolicies(f, PolicySignOn) {
		rules, ok := f.PolicyRules[p.ID]
		if !ok {
			return Result{}, missing("rules of policy %s", p.ID)
		}
		for _, r := range rules {
			if !strings.EqualFold(r.Status, PolicyActive) {
				continue
			}
			a, err := decodeSignOnActions(r.Actions)
			subject := p.Name + " / " + r.Name
			var reasons []string
			row := map[string]any{"policy_id": p.ID, "rule_id": r.ID, "subject": subject}
			if err != nil {
				reasons = []string{"actions unreadable: " + err.Error()}
				row["actions"] = string(r.Actions)
			} else {
				if !strings.EqualFold(a.Signon.Access, "ALLOW") {
					continue // a rule that denies sign-in starts no session
				}
				reasons = in.shortfalls(a)
				row["actions"] = map[string]any{
					"require_factor":        a.Signon.RequireFactor,
					"max_idle_minutes":      a.Signon.Session.MaxSessionIdleMinutes,
					"max_lifetime_minutes":  a.Signon.Session.MaxSessionLifetimeMinutes,
					"use_persistent_cookie": a.Signon.Session.UsePersistentCookie,
					"access":                strings.ToUpper(a.Signon.Access),
				}
			}
			evaluated++
			rows = append(rows, row)
			if len(reasons) > 0 {
				findings = append(findings, policyFinding(subject, r.ID, strings.Join(reasons, "; ")))
			}
		}
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	return finish(f, evaluation{
		check: CheckSessionPolicy,
		inputs: map[string]any{
			"max_idle_minutes": in.MaxIdleMinutes, "max_lifetime_minutes": in.MaxLifetimeMinutes,
			"require_mfa": in.RequireMFA, "allow_persistent_cookie": in.AllowPersistentCookie,
		},
		evaluated: evaluated,
		findings:  findings,
		facts:     map[string]string{"sign_on_rules": fp},
		controls:  in.stigControls(),
	}, in.Exceptions)
}
