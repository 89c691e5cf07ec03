package compliance

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
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
	// MaxAdminConsoleIdleMinutes > 0 requires the Okta Admin Console's own
	// sessionIdleTimeoutMinutes to be at most this; 0 sets no limit.
	MaxAdminConsoleIdleMinutes int
	// MaxAdminConsoleLifetimeMinutes > 0 requires the Okta Admin Console's
	// sessionMaxLifetimeMinutes to be at most this; 0 sets no limit. With
	// both 0 the Admin Console settings are not read.
	MaxAdminConsoleLifetimeMinutes int
	// RequireNetworkZone requires every ACTIVE OKTA_SIGN_ON policy to have at
	// least one ACTIVE rule whose conditions.network.connection is ZONE with
	// a zone in include or exclude: an IP-based allow or deny, whichever the
	// access control policy chose. It meets STIG V-279691.
	RequireNetworkZone bool
	Exceptions         []Exception
}

// AdminConsoleSubject and AdminConsoleSubjectID name the Okta Admin Console
// in a session policy violation (the id is Okta's first-party app name).
const (
	AdminConsoleSubject   = "Okta Admin Console"
	AdminConsoleSubjectID = "admin-console"
)

// ReadsAdminConsole reports whether the check judges the Okta Admin
// Console's session settings.
func (in SessionPolicyInput) ReadsAdminConsole() bool {
	return in.MaxAdminConsoleIdleMinutes > 0 || in.MaxAdminConsoleLifetimeMinutes > 0
}

// RulePolicyIDs returns the ids of the policies whose rules (PolicyRules) the
// check reads: every ACTIVE OKTA_SIGN_ON policy among f.Policies. It reads
// only f.Policies, so the loader can ask it before loading the rules.
func (in SessionPolicyInput) RulePolicyIDs(f *Facts) []string {
	var ids []string
	for _, p := range activePolicies(f, PolicySignOn) {
		ids = append(ids, p.ID)
	}
	return ids
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
	if in.MaxAdminConsoleIdleMinutes < 0 {
		return SessionPolicyInput{}, fmt.Errorf("max_admin_console_idle_minutes must not be negative, got %d", in.MaxAdminConsoleIdleMinutes)
	}
	if in.MaxAdminConsoleLifetimeMinutes < 0 {
		return SessionPolicyInput{}, fmt.Errorf("max_admin_console_lifetime_minutes must not be negative, got %d", in.MaxAdminConsoleLifetimeMinutes)
	}
	return in, nil
}

// zoneRule reports whether a rule's network condition is IP-based: ZONE
// with at least one zone included or excluded.
func zoneRule(c accessConditions) bool {
	n := c.Network
	return n != nil && strings.EqualFold(n.Connection, "ZONE") && len(n.Include)+len(n.Exclude) > 0
}

// networkZoneFinding judges one ACTIVE OKTA_SIGN_ON policy for
// RequireNetworkZone: it returns each ACTIVE rule's network condition for
// the evidence, and a violation (subject: the policy) when none of them
// conditions on a network zone. Whether the rule allows or denies does not
// matter; a rule whose conditions cannot be decoded does not count.
func networkZoneFinding(p okta.Policy, rules []okta.PolicyRule) ([]any, *finding) {
	var rows []any
	var unreadable []string
	zoned := false
	for _, r := range rules {
		if !strings.EqualFold(r.Status, PolicyActive) {
			continue
		}
		rows = append(rows, map[string]any{
			"policy_id": p.ID, "rule_id": r.ID, "subject": p.Name + " / " + r.Name,
			"network": networkEvidence(r.Conditions),
		})
		var c accessConditions
		if err := decodeRaw(r.Conditions, &c); err != nil {
			unreadable = append(unreadable, fmt.Sprintf("rule %q conditions unreadable: %v", r.Name, err))
			continue
		}
		zoned = zoned || zoneRule(c)
	}
	if zoned {
		return rows, nil
	}
	reason := fmt.Sprintf("policy %q: none of its ACTIVE rules conditions on a network zone "+
		"(want conditions.network.connection ZONE with a zone in include or exclude)", p.Name)
	if len(unreadable) > 0 {
		reason += "; " + strings.Join(unreadable, "; ")
	}
	f := policyFinding(p.Name, p.ID, reason)
	return rows, &f
}

// adminConsoleShortfalls lists every limit the Okta Admin Console's session
// settings miss. Okta always sends both (defaults 15 and 720); a value
// missing or 0 is reported as not set.
func (in SessionPolicyInput) adminConsoleShortfalls(ac okta.AdminConsoleSettings) []string {
	var out []string
	limit := func(what, field string, got, ceiling int) {
		switch {
		case ceiling <= 0:
		case got <= 0:
			out = append(out, fmt.Sprintf("%s not set (%s), want at most %d minutes", what, field, ceiling))
		case got > ceiling:
			out = append(out, fmt.Sprintf("%s %d > %d minutes", what, got, ceiling))
		}
	}
	limit("Admin Console idle session", "sessionIdleTimeoutMinutes", ac.SessionIdleTimeoutMinutes, in.MaxAdminConsoleIdleMinutes)
	limit("Admin Console session lifetime", "sessionMaxLifetimeMinutes", ac.SessionMaxLifetimeMinutes, in.MaxAdminConsoleLifetimeMinutes)
	return out
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
	limit := func(what string, got, ceiling int) {
		switch {
		case ceiling <= 0:
		case got <= 0:
			out = append(out, fmt.Sprintf("%s unlimited > %d minutes", what, ceiling))
		case got > ceiling:
			out = append(out, fmt.Sprintf("%s %d > %d minutes", what, got, ceiling))
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
// When an Admin Console limit is set, the Okta Admin Console's own session
// settings are judged too: one more subject evaluated, and one violation
// (subject "Okta Admin Console", subject_id "admin-console") listing every
// limit they exceed.
//
// When RequireNetworkZone is set, each ACTIVE OKTA_SIGN_ON policy is one
// more subject evaluated, and one violation (subject: the policy name;
// subject_id: the policy id) when none of its ACTIVE rules, allowing or
// denying, has conditions.network ZONE with a zone included or excluded.
// The zones themselves are not read.
//
// It reads Policies and the PolicyRules of every ACTIVE OKTA_SIGN_ON policy,
// and AdminConsole when an Admin Console limit is set.
func SessionPolicy(f *Facts, in SessionPolicyInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.Policies == nil {
		return Result{}, missing("OKTA_SIGN_ON policies")
	}
	var findings []finding
	var rows, networkRows []any
	evaluated := 0
	for _, p := range activePolicies(f, PolicySignOn) {
		rules, ok := f.PolicyRules[p.ID]
		if !ok {
			return Result{}, missing("rules of policy %s", p.ID)
		}
		if in.RequireNetworkZone {
			nr, nf := networkZoneFinding(p, rules)
			networkRows = append(networkRows, nr...)
			evaluated++
			if nf != nil {
				findings = append(findings, *nf)
			}
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
	inputs := map[string]any{
		"max_idle_minutes": in.MaxIdleMinutes, "max_lifetime_minutes": in.MaxLifetimeMinutes,
		"require_mfa": in.RequireMFA, "allow_persistent_cookie": in.AllowPersistentCookie,
	}
	facts := map[string]string{"sign_on_rules": fp}
	// Likewise the network conditions enter only when judged.
	if in.RequireNetworkZone {
		inputs["require_network_zone"] = true
		if facts["sign_on_networks"], err = factsFingerprint(networkRows); err != nil {
			return Result{}, err
		}
	}
	// The Admin Console enters the evidence only when judged, so a check that
	// sets no Admin Console limit keeps the evidence (and fingerprint) it had.
	if in.ReadsAdminConsole() {
		ac := f.AdminConsole
		if ac == nil {
			return Result{}, missing("the Okta Admin Console settings")
		}
		inputs["max_admin_console_idle_minutes"] = in.MaxAdminConsoleIdleMinutes
		inputs["max_admin_console_lifetime_minutes"] = in.MaxAdminConsoleLifetimeMinutes
		if facts["admin_console"], err = factsFingerprint([]any{map[string]any{
			"session_idle_timeout_minutes": ac.SessionIdleTimeoutMinutes,
			"session_max_lifetime_minutes": ac.SessionMaxLifetimeMinutes,
		}}); err != nil {
			return Result{}, err
		}
		evaluated++
		if reasons := in.adminConsoleShortfalls(*ac); len(reasons) > 0 {
			findings = append(findings, policyFinding(AdminConsoleSubject, AdminConsoleSubjectID, strings.Join(reasons, "; ")))
		}
	}
	return finish(f, evaluation{
		check:     CheckSessionPolicy,
		inputs:    inputs,
		evaluated: evaluated,
		findings:  findings,
		facts:     facts,
		input:     in,
	}, in.Exceptions)
}
