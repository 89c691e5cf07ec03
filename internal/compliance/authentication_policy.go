package compliance

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// PolicyAccess is the type of Okta Identity Engine authentication policies
// (app sign-on policies).
const PolicyAccess = "ACCESS_POLICY"

// The names Okta gives the authentication policies of its two first-party
// apps, which the DISA STIG judges.
const (
	OktaDashboardPolicy    = "Okta Dashboard"
	OktaAdminConsolePolicy = "Okta Admin Console"
)

// DISA Okta IDaaS STIG rules the authentication policy check can meet (see
// AuthenticationPolicyInput).
const (
	STIGDashboardPhishingResistant    = "STIG V-273190" // Okta Dashboard: phishing-resistant authenticators
	STIGAdminConsolePhishingResistant = "STIG V-273191" // Okta Admin Console: phishing-resistant authenticators
	STIGAdminConsoleMFA               = "STIG V-273193" // Okta Admin Console: multifactor authentication
	STIGDashboardMFA                  = "STIG V-273194" // Okta Dashboard: multifactor authentication
	STIGAppNetworkZones               = "STIG V-279693" // every app's authentication policy restricts network zones (V1R2)
)

// DefaultAuthenticationPolicyNames are the policies the check judges by
// default: the authentication policies of the Okta Dashboard and the Okta
// Admin Console.
func DefaultAuthenticationPolicyNames() []string {
	return []string{OktaDashboardPolicy, OktaAdminConsolePolicy}
}

// AuthenticationPolicyInput is the oktagate_authentication_policy_check's
// arguments. Every threshold is taken as given: the provider fills in the
// documented defaults (DefaultAuthenticationPolicyInput).
type AuthenticationPolicyInput struct {
	// PolicyNames and PolicyIDs select ACCESS_POLICY policies (names match
	// case-insensitively, ids exactly). Each one named must exist and be
	// ACTIVE, or it is itself a violation.
	PolicyNames []string
	PolicyIDs   []string
	// AllPolicies adds every ACTIVE ACCESS_POLICY policy to the selection.
	AllPolicies bool
	// RequireMFA requires verificationMethod.factorMode 2FA on every rule
	// that allows access. With the Okta Admin Console's policy selected it
	// meets STIG V-273193; with the Okta Dashboard's, V-273194.
	RequireMFA bool
	// PhishingResistant requires possession.phishingResistant REQUIRED in
	// every constraint alternative of every rule that allows access (Okta
	// accepts any one alternative). With the Okta Admin Console's policy
	// selected it meets STIG V-273191; with the Okta Dashboard's, V-273190.
	PhishingResistant bool
	// MaxReauthenticateMinutes > 0 requires reauthenticateIn (the
	// verification method's, and each constraint's where set) of at most
	// this; 0 sets no limit.
	MaxReauthenticateMinutes int
	// RequireNetworkZone requires conditions.network.connection ZONE with
	// included zones on every rule that allows access. With AllPolicies it
	// meets STIG V-279693.
	RequireNetworkZone bool
	Exceptions         []Exception
}

// DefaultAuthenticationPolicyInput is the check's input with every default.
func DefaultAuthenticationPolicyInput() AuthenticationPolicyInput {
	return AuthenticationPolicyInput{PolicyNames: DefaultAuthenticationPolicyNames(), RequireMFA: true}
}

// Normalized trims and deduplicates the selection and checks the threshold:
// it must not be negative, and something must be selected.
func (in AuthenticationPolicyInput) Normalized() (AuthenticationPolicyInput, error) {
	if in.MaxReauthenticateMinutes < 0 {
		return AuthenticationPolicyInput{}, fmt.Errorf("max_reauthenticate_minutes must not be negative, got %d", in.MaxReauthenticateMinutes)
	}
	clean := func(arg string, ss []string) ([]string, error) {
		out := make([]string, 0, len(ss))
		for _, s := range ss {
			s = strings.TrimSpace(s)
			if s == "" {
				return nil, fmt.Errorf("%s must not contain an empty string", arg)
			}
			out = append(out, s)
		}
		return out, nil
	}
	names, err := clean("policy_names", in.PolicyNames)
	if err != nil {
		return AuthenticationPolicyInput{}, err
	}
	// Names match case-insensitively: keep one spelling of each.
	slices.SortFunc(names, func(a, b string) int {
		if c := strings.Compare(fold(a), fold(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	names = slices.CompactFunc(names, func(a, b string) bool { return fold(a) == fold(b) })
	ids, err := clean("policy_ids", in.PolicyIDs)
	if err != nil {
		return AuthenticationPolicyInput{}, err
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(names) == 0 && len(ids) == 0 && !in.AllPolicies {
		return AuthenticationPolicyInput{}, errors.New("policy_names, policy_ids or all_policies must select at least one authentication policy")
	}
	in.PolicyNames, in.PolicyIDs = names, ids
	return in, nil
}

// RulePolicyIDs returns the ids of the policies whose rules (PolicyRules) the
// check reads: the ACTIVE ACCESS_POLICY policies among f.Policies that the
// (normalized) input selects. It reads only f.Policies, so the loader can ask
// it before loading the rules.
func (in AuthenticationPolicyInput) RulePolicyIDs(f *Facts) []string {
	selected, _, _ := in.selected(f)
	ids := make([]string, 0, len(selected))
	for _, p := range selected {
		ids = append(ids, p.ID)
	}
	return ids
}

// selected returns the ACTIVE ACCESS_POLICY policies the input selects, by
// priority then id as loaded, and a finding for every name or id that
// selects no ACTIVE policy. It reads only f.Policies.
func (in AuthenticationPolicyInput) selected(f *Facts) ([]okta.Policy, []finding, []any) {
	var access []okta.Policy
	for _, p := range f.Policies {
		if strings.EqualFold(p.Type, PolicyAccess) {
			access = append(access, p)
		}
	}
	active := func(p okta.Policy) bool { return strings.EqualFold(p.Status, PolicyActive) }
	chosen := map[string]bool{}
	var findings []finding
	var rows []any
	for _, name := range in.PolicyNames {
		var found []okta.Policy
		for _, p := range access {
			if fold(p.Name) == fold(name) {
				found = append(found, p)
			}
		}
		n := 0
		for _, p := range found {
			if active(p) {
				chosen[p.ID] = true
				n++
			}
		}
		switch {
		case len(found) == 0:
			findings = append(findings, policyFinding(name, "", fmt.Sprintf("no %s (authentication) policy named %q was found", PolicyAccess, name)))
			rows = append(rows, map[string]any{"selected_by": "name", "name": name, "found": false})
		case n == 0:
			for _, p := range found {
				findings = append(findings, policyFinding(p.Name, p.ID, "the policy is "+strings.ToUpper(p.Status)+", not ACTIVE: its rules are not enforced"))
				rows = append(rows, map[string]any{"selected_by": "name", "name": name, "policy_id": p.ID, "status": p.Status})
			}
		}
	}
	for _, id := range in.PolicyIDs {
		i := slices.IndexFunc(access, func(p okta.Policy) bool { return p.ID == id })
		switch {
		case i < 0:
			findings = append(findings, policyFinding(id, id, fmt.Sprintf("no %s (authentication) policy with this id was found", PolicyAccess)))
			rows = append(rows, map[string]any{"selected_by": "id", "policy_id": id, "found": false})
		case !active(access[i]):
			p := access[i]
			findings = append(findings, policyFinding(p.Name, p.ID, "the policy is "+strings.ToUpper(p.Status)+", not ACTIVE: its rules are not enforced"))
			rows = append(rows, map[string]any{"selected_by": "id", "name": p.Name, "policy_id": p.ID, "status": p.Status})
		default:
			chosen[id] = true
		}
	}
	var out []okta.Policy
	for _, p := range access {
		if active(p) && (in.AllPolicies || chosen[p.ID]) {
			out = append(out, p)
		}
	}
	return out, findings, rows
}

// judged is what the catalog's conditions read: the input and the folded
// names of the policies judged (the named ones, found or not, and those
// selected by id or by all_policies).
func (in AuthenticationPolicyInput) judged(policies []okta.Policy) judgedAuthenticationPolicies {
	names := map[string]bool{}
	for _, n := range in.PolicyNames {
		names[fold(n)] = true
	}
	for _, p := range policies {
		names[fold(p.Name)] = true
	}
	return judgedAuthenticationPolicies{AuthenticationPolicyInput: in, names: names}
}

// accessConstraint is one alternative of a verification method: a knowledge
// and/or a possession constraint, each satisfied by one authenticator.
type accessConstraint struct {
	Knowledge *struct {
		ReauthenticateIn *string `json:"reauthenticateIn"`
	} `json:"knowledge"`
	Possession *struct {
		Required          *bool   `json:"required"`
		PhishingResistant string  `json:"phishingResistant"`
		ReauthenticateIn  *string `json:"reauthenticateIn"`
	} `json:"possession"`
}

// accessActions is the part of an ACCESS_POLICY rule's actions the check
// reads.
type accessActions struct {
	AppSignOn struct {
		Access             string `json:"access"`
		VerificationMethod struct {
			Type             string             `json:"type"`
			FactorMode       string             `json:"factorMode"`
			ReauthenticateIn *string            `json:"reauthenticateIn"`
			Constraints      []accessConstraint `json:"constraints"`
		} `json:"verificationMethod"`
	} `json:"appSignOn"`
}

// accessConditions is the part of an ACCESS_POLICY rule's conditions the check
// reads.
type accessConditions struct {
	Network *struct {
		Connection string   `json:"connection"`
		Include    []string `json:"include"`
		Exclude    []string `json:"exclude"`
	} `json:"network"`
}

// decodeRaw decodes a raw JSON member into v; absent or null leaves v zero.
func decodeRaw(raw json.RawMessage, v any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return json.Unmarshal(raw, v)
}

// rawEvidence decodes a raw JSON member for the evidence; nil when absent.
func rawEvidence(raw json.RawMessage, member string) any {
	var m map[string]any
	if decodeRaw(raw, &m) != nil {
		return string(raw)
	}
	return m[member]
}

// shortfalls lists every requirement a rule that allows access misses.
func (in AuthenticationPolicyInput) shortfalls(a accessActions, c accessConditions) []string {
	var out []string
	vm := a.AppSignOn.VerificationMethod
	if vm.Type != "" && !strings.EqualFold(vm.Type, "ASSURANCE") {
		// Authentication method chains have no factorMode or constraints: the
		// check cannot judge them, and a gate must not pass what it cannot judge.
		out = append(out, fmt.Sprintf("verificationMethod type %s is not judged (only ASSURANCE is); review it and waive it with an exception", vm.Type))
		return out
	}
	if in.RequireMFA && !strings.EqualFold(vm.FactorMode, "2FA") {
		out = append(out, "factorMode "+orNotSet(vm.FactorMode)+", want 2FA")
	}
	if in.PhishingResistant {
		if len(vm.Constraints) == 0 {
			out = append(out, "no constraints (any authenticator satisfies the rule), want possession.phishingResistant REQUIRED")
		}
		for i, alt := range vm.Constraints {
			p := alt.Possession
			switch {
			case p == nil:
				out = append(out, fmt.Sprintf("constraints[%d] has no possession constraint, want possession.phishingResistant REQUIRED", i))
			case p.Required != nil && !*p.Required:
				out = append(out, fmt.Sprintf("constraints[%d] possession.required false, want a required phishing-resistant possession factor", i))
			case !strings.EqualFold(p.PhishingResistant, "REQUIRED"):
				out = append(out, fmt.Sprintf("constraints[%d] possession.phishingResistant %s, want REQUIRED", i, orNotSet(p.PhishingResistant)))
			}
		}
	}
	out = append(out, in.reauthShortfalls(a)...)
	if in.RequireNetworkZone {
		switch n := c.Network; {
		case n == nil || n.Connection == "" || strings.EqualFold(n.Connection, "ANYWHERE"):
			out = append(out, "network ANYWHERE, want ZONE with included zones")
		case !strings.EqualFold(n.Connection, "ZONE"):
			out = append(out, "network "+n.Connection+", want ZONE with included zones")
		case len(n.Include) == 0:
			out = append(out, "network ZONE with exclusions only (every other network is allowed), want ZONE with included zones")
		}
	}
	return out
}

// reauthShortfalls lists the reauthentication periods of a's verification
// method that are unset or longer than MaxReauthenticateMinutes, when that is
// set.
func (in AuthenticationPolicyInput) reauthShortfalls(a accessActions) []string {
	maxMin := in.MaxReauthenticateMinutes
	if maxMin <= 0 {
		return nil
	}
	vm := a.AppSignOn.VerificationMethod
	var out []string
	limit := func(what string, v *string, required bool) {
		if v == nil {
			if required {
				out = append(out, fmt.Sprintf("%s not set, want at most %d minutes", what, maxMin))
			}
			return
		}
		d, err := parseISODuration(*v)
		switch {
		case err != nil:
			out = append(out, fmt.Sprintf("%s %q unreadable (%v), want at most %d minutes", what, *v, err, maxMin))
		case d > time.Duration(maxMin)*time.Minute:
			out = append(out, fmt.Sprintf("%s %s (%s) > %d minutes", what, *v, minutes(d), maxMin))
		}
	}
	limit("reauthenticateIn", vm.ReauthenticateIn, true)
	for i, alt := range vm.Constraints {
		if alt.Knowledge != nil {
			limit(fmt.Sprintf("constraints[%d] knowledge.reauthenticateIn", i), alt.Knowledge.ReauthenticateIn, false)
		}
		if alt.Possession != nil {
			limit(fmt.Sprintf("constraints[%d] possession.reauthenticateIn", i), alt.Possession.ReauthenticateIn, false)
		}
	}
	return out
}

func orNotSet(s string) string {
	if s == "" {
		return "not set"
	}
	return s
}

// minutes renders a duration in minutes, with seconds when it is not whole.
func minutes(d time.Duration) string {
	if d%time.Minute == 0 {
		m := int64(d / time.Minute)
		if m == 1 {
			return "1 minute"
		}
		return strconv.FormatInt(m, 10) + " minutes"
	}
	return d.String()
}

// isoUnit is a designator of an ISO 8601 duration and its length.
type isoUnit struct {
	c byte
	d time.Duration
}

// The designators parseISODuration accepts, in the order ISO 8601 requires;
// each at most once.
var (
	dateUnits = []isoUnit{{'W', 7 * 24 * time.Hour}, {'D', 24 * time.Hour}}
	timeUnits = []isoUnit{{'H', time.Hour}, {'M', time.Minute}, {'S', time.Second}}
)

// parseISODuration parses the ISO 8601 durations Okta writes for reauthenticateIn
// ("PT2H", "PT43800H", "PT0S", "P1D", "PT1H30M"): P, then weeks and days, then
// T and hours, minutes and seconds, each a whole number. Years and months have
// no fixed length and are refused, as are fractions and signs.
func parseISODuration(s string) (time.Duration, error) {
	rest, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(s)), "P")
	if !ok {
		return 0, errors.New("an ISO 8601 duration starts with P")
	}
	if rest == "" || rest == "T" {
		return 0, errors.New("no duration after P")
	}
	var total time.Duration
	inTime := false
	next := 0 // index of the next designator allowed in the current part
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, errors.New("the time designator T appears twice")
			}
			inTime, next, rest = true, 0, rest[1:]
			if rest == "" {
				return 0, errors.New("no time after T")
			}
			continue
		}
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("a number is expected at %q", rest)
		}
		if i == len(rest) {
			return 0, fmt.Errorf("%q lacks a unit", rest)
		}
		n, err := strconv.ParseInt(rest[:i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is out of range", rest[:i])
		}
		c := rest[i]
		rest = rest[i+1:]
		units := dateUnits
		if inTime {
			units = timeUnits
		}
		j := slices.IndexFunc(units, func(u isoUnit) bool { return u.c == c })
		switch {
		case j < 0 && !inTime && (c == 'Y' || c == 'M'):
			return 0, errors.New("years and months have no fixed length; use weeks, days or hours")
		case j < 0 && (c == '.' || c == ','):
			return 0, errors.New("fractions are not supported")
		case j < 0:
			return 0, fmt.Errorf("unit %q is not valid here", string(c))
		case j < next:
			return 0, fmt.Errorf("unit %q is out of order or repeated", string(c))
		}
		next = j + 1
		if n > int64(math.MaxInt64/units[j].d) {
			return 0, errors.New("the duration is too long")
		}
		add := time.Duration(n) * units[j].d
		if total > math.MaxInt64-add {
			return 0, errors.New("the duration is too long")
		}
		total += add
	}
	return total, nil
}

// AuthenticationPolicy judges the ACTIVE rules of the ACTIVE ACCESS_POLICY
// (authentication) policies the input selects. A rule that allows access
// (actions.appSignOn.access ALLOW) violates when it signs in with one factor
// while MFA is required, accepts a constraint alternative without a
// phishing-resistant possession factor when those are required, lets users go
// longer than the limit without re-authenticating, or allows access from any
// network when zones are required. Rules that deny access are not judged; a
// rule whose access is neither ALLOW nor DENY, or whose actions cannot be
// decoded, violates. One violation per rule (subject: "policy / rule";
// subject_id: the rule id), and one per selected name or id that matches no
// ACTIVE policy.
//
// It reads Policies and the PolicyRules of every selected ACTIVE policy.
func AuthenticationPolicy(f *Facts, in AuthenticationPolicyInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.Policies == nil {
		return Result{}, missing("%s policies", PolicyAccess)
	}
	policies, findings, selectionRows := in.selected(f)
	evaluated := len(findings)
	var rows []any
	for _, p := range policies {
		rules, ok := f.PolicyRules[p.ID]
		if !ok {
			return Result{}, missing("rules of policy %s", p.ID)
		}
		for _, r := range rules {
			if !strings.EqualFold(r.Status, PolicyActive) {
				continue
			}
			subject := p.Name + " / " + r.Name
			row := map[string]any{
				"policy_id": p.ID, "rule_id": r.ID, "subject": subject,
				"app_sign_on": rawEvidence(r.Actions, "appSignOn"), "network": networkEvidence(r.Conditions),
			}
			var a accessActions
			var c accessConditions
			var reasons []string
			errA, errC := decodeRaw(r.Actions, &a), decodeRaw(r.Conditions, &c)
			access := strings.ToUpper(a.AppSignOn.Access)
			switch {
			case errA != nil:
				reasons = []string{"actions unreadable: " + errA.Error()}
			case access == "DENY":
				continue // a rule that denies access lets no one in
			case access != "ALLOW":
				reasons = []string{"appSignOn.access " + orNotSet(a.AppSignOn.Access) + " is neither ALLOW nor DENY"}
			case errC != nil && in.RequireNetworkZone:
				reasons = []string{"conditions unreadable: " + errC.Error()}
			default:
				reasons = in.shortfalls(a, c)
			}
			evaluated++
			rows = append(rows, row)
			if len(reasons) > 0 {
				findings = append(findings, policyFinding(subject, r.ID, strings.Join(reasons, "; ")))
			}
		}
	}
	fp, err := factsFingerprint(append(rows, selectionRows...))
	if err != nil {
		return Result{}, err
	}
	return finish(f, evaluation{
		check: CheckAuthenticationPolicy,
		inputs: map[string]any{
			"policy_names": in.PolicyNames, "policy_ids": in.PolicyIDs, "all_policies": in.AllPolicies,
			"require_mfa": in.RequireMFA, "phishing_resistant": in.PhishingResistant,
			"max_reauthenticate_minutes": in.MaxReauthenticateMinutes, "require_network_zone": in.RequireNetworkZone,
		},
		evaluated: evaluated,
		findings:  findings,
		facts:     map[string]string{"authentication_policy_rules": fp},
		input:     in.judged(policies),
	}, in.Exceptions)
}

// networkEvidence is a rule's conditions.network for the evidence.
func networkEvidence(raw json.RawMessage) any {
	return rawEvidence(raw, "network")
}
