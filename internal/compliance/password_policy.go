package compliance

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Policy types and statuses the policy checks read.
const (
	PolicyPassword = "PASSWORD"
	PolicySignOn   = "OKTA_SIGN_ON"
	PolicyActive   = "ACTIVE"
)

// Defaults of the password policy check.
const (
	DefaultPasswordMinLength   = 12
	DefaultPasswordMinHistory  = 4
	DefaultPasswordMaxLockout  = 10
	DefaultPasswordMinPerClass = 1
)

// PasswordPolicyInput is the oktagate_password_policy_check's arguments. Every
// threshold is taken as given: the provider fills in the documented defaults
// (DefaultPasswordPolicyInput), and 0 disables a threshold.
type PasswordPolicyInput struct {
	MinLength    int // settings.password.complexity.minLength at least this
	MinLowerCase int // …minLowerCase at least this
	MinUpperCase int
	MinNumber    int
	MinSymbol    int
	// ExcludeUsername requires complexity.excludeUsername; ExcludeCommon
	// requires complexity.dictionary.common.exclude.
	ExcludeUsername bool
	ExcludeCommon   bool
	// MaxAgeDays > 0 requires passwords to expire (age.maxAgeDays between 1
	// and this); 0 does not require expiry.
	MaxAgeDays int
	// MinAgeMinutes requires age.minAgeMinutes at least this.
	MinAgeMinutes int
	// MinHistory requires age.historyCount at least this.
	MinHistory int
	// MaxLockoutAttempts > 0 requires lockout.maxAttempts between 1 and this
	// (0 in Okta means no lockout); 0 does not require a lockout.
	MaxLockoutAttempts int
	// JudgeActiveDirectory judges the policies whose authProvider is
	// ACTIVE_DIRECTORY like the others; false reports them apart, unjudged.
	JudgeActiveDirectory bool
	Exceptions           []Exception
}

// AuthProviderActiveDirectory is conditions.authProvider.provider of a
// PASSWORD policy for users sourced from Active Directory: AD, not Okta,
// enforces their password rules (Okta's settings then hold only what AD
// delegates, such as recovery), so the policy's complexity, age and lockout
// settings are not the org's password rules.
const AuthProviderActiveDirectory = "ACTIVE_DIRECTORY"

// policyAuthProvider returns conditions.authProvider.provider, "" when absent
// or unreadable: such a policy is judged as Okta's, failing closed.
func policyAuthProvider(p okta.Policy) string {
	var c struct {
		AuthProvider struct {
			Provider string `json:"provider"`
		} `json:"authProvider"`
	}
	if len(p.Conditions) == 0 || json.Unmarshal(p.Conditions, &c) != nil {
		return ""
	}
	return c.AuthProvider.Provider
}

// DefaultPasswordPolicyInput is the check's input with every default.
func DefaultPasswordPolicyInput() PasswordPolicyInput {
	return PasswordPolicyInput{
		MinLength:    DefaultPasswordMinLength,
		MinLowerCase: DefaultPasswordMinPerClass, MinUpperCase: DefaultPasswordMinPerClass,
		MinNumber: DefaultPasswordMinPerClass, MinSymbol: DefaultPasswordMinPerClass,
		ExcludeUsername: true, ExcludeCommon: true,
		MinHistory: DefaultPasswordMinHistory, MaxLockoutAttempts: DefaultPasswordMaxLockout,
	}
}

// Normalized checks the thresholds: none may be negative.
func (in PasswordPolicyInput) Normalized() (PasswordPolicyInput, error) {
	for _, t := range []struct {
		name string
		v    int
	}{
		{"min_length", in.MinLength}, {"min_lower_case", in.MinLowerCase}, {"min_upper_case", in.MinUpperCase},
		{"min_number", in.MinNumber}, {"min_symbol", in.MinSymbol}, {"max_age_days", in.MaxAgeDays},
		{"min_age_minutes", in.MinAgeMinutes}, {"min_history", in.MinHistory}, {"max_lockout_attempts", in.MaxLockoutAttempts},
	} {
		if t.v < 0 {
			return PasswordPolicyInput{}, fmt.Errorf("%s must not be negative, got %d", t.name, t.v)
		}
	}
	return in, nil
}

// passwordSettings is the part of a PASSWORD policy's settings the check reads.
// Absent numbers read as 0 and absent booleans as false, which is how Okta
// treats them.
type passwordSettings struct {
	Password struct {
		Complexity struct {
			MinLength       int  `json:"minLength"`
			MinLowerCase    int  `json:"minLowerCase"`
			MinUpperCase    int  `json:"minUpperCase"`
			MinNumber       int  `json:"minNumber"`
			MinSymbol       int  `json:"minSymbol"`
			ExcludeUsername bool `json:"excludeUsername"`
			Dictionary      struct {
				Common struct {
					Exclude bool `json:"exclude"`
				} `json:"common"`
			} `json:"dictionary"`
		} `json:"complexity"`
		Age struct {
			MaxAgeDays    int `json:"maxAgeDays"`
			MinAgeMinutes int `json:"minAgeMinutes"`
			HistoryCount  int `json:"historyCount"`
		} `json:"age"`
		Lockout struct {
			MaxAttempts int `json:"maxAttempts"`
		} `json:"lockout"`
	} `json:"password"`
}

func decodePasswordSettings(raw json.RawMessage) (passwordSettings, error) {
	var s passwordSettings
	if len(raw) == 0 || string(raw) == "null" {
		return s, nil
	}
	err := json.Unmarshal(raw, &s)
	return s, err
}

func (s passwordSettings) evidence() map[string]any {
	p := s.Password
	return map[string]any{
		"min_length": p.Complexity.MinLength, "min_lower_case": p.Complexity.MinLowerCase,
		"min_upper_case": p.Complexity.MinUpperCase, "min_number": p.Complexity.MinNumber,
		"min_symbol": p.Complexity.MinSymbol, "exclude_username": p.Complexity.ExcludeUsername,
		"exclude_common": p.Complexity.Dictionary.Common.Exclude, "max_age_days": p.Age.MaxAgeDays,
		"min_age_minutes": p.Age.MinAgeMinutes, "history_count": p.Age.HistoryCount,
		"max_lockout_attempts": p.Lockout.MaxAttempts,
	}
}

// shortfalls lists, in a fixed order, every threshold the settings miss, each
// with the value found and the threshold.
func (in PasswordPolicyInput) shortfalls(s passwordSettings) []string {
	var out []string
	c, age, lock := s.Password.Complexity, s.Password.Age, s.Password.Lockout
	atLeast := func(name string, got, want int) {
		if got < want {
			out = append(out, fmt.Sprintf("%s %d < %d", name, got, want))
		}
	}
	atLeast("minLength", c.MinLength, in.MinLength)
	atLeast("minLowerCase", c.MinLowerCase, in.MinLowerCase)
	atLeast("minUpperCase", c.MinUpperCase, in.MinUpperCase)
	atLeast("minNumber", c.MinNumber, in.MinNumber)
	atLeast("minSymbol", c.MinSymbol, in.MinSymbol)
	if in.ExcludeUsername && !c.ExcludeUsername {
		out = append(out, "username allowed in passwords")
	}
	if in.ExcludeCommon && !c.Dictionary.Common.Exclude {
		out = append(out, "common passwords allowed")
	}
	if in.MaxAgeDays > 0 {
		switch {
		case age.MaxAgeDays <= 0:
			out = append(out, fmt.Sprintf("passwords never expire > %d days", in.MaxAgeDays))
		case age.MaxAgeDays > in.MaxAgeDays:
			out = append(out, fmt.Sprintf("maxAgeDays %d > %d", age.MaxAgeDays, in.MaxAgeDays))
		}
	}
	atLeast("minAgeMinutes", age.MinAgeMinutes, in.MinAgeMinutes)
	atLeast("historyCount", age.HistoryCount, in.MinHistory)
	if in.MaxLockoutAttempts > 0 {
		switch {
		case lock.MaxAttempts <= 0:
			out = append(out, fmt.Sprintf("lockout after unlimited attempts > %d", in.MaxLockoutAttempts))
		case lock.MaxAttempts > in.MaxLockoutAttempts:
			out = append(out, fmt.Sprintf("lockout after %d attempts > %d", lock.MaxAttempts, in.MaxLockoutAttempts))
		}
	}
	return out
}

// PasswordPolicy finds ACTIVE PASSWORD policies weaker than a threshold: one
// violation per policy (subject: its name; subject_id: its id) whose reason
// lists every shortfall. A policy whose settings cannot be decoded violates.
// A policy whose authProvider is ACTIVE_DIRECTORY is, unless
// in.JudgeActiveDirectory, neither judged nor counted: the evidence's details
// list it under delegated_to_active_directory.
//
// It reads Policies (those of another type or status are skipped).
func PasswordPolicy(f *Facts, in PasswordPolicyInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.Policies == nil {
		return Result{}, missing("PASSWORD policies")
	}
	var findings []finding
	var rows []any
	var delegated []okta.Policy // ACTIVE_DIRECTORY policies, unjudged or judged
	evaluated := 0
	for _, p := range activePolicies(f, PolicyPassword) {
		row := map[string]any{"id": p.ID, "name": p.Name, "priority": p.Priority}
		if strings.EqualFold(policyAuthProvider(p), AuthProviderActiveDirectory) {
			delegated = append(delegated, p)
			if !in.JudgeActiveDirectory {
				// Its settings are not read: AD's rules are not in them.
				row["auth_provider"] = AuthProviderActiveDirectory
				rows = append(rows, row)
				continue
			}
		}
		evaluated++
		s, err := decodePasswordSettings(p.Settings)
		var reasons []string
		if err != nil {
			reasons = []string{"settings unreadable: " + err.Error()}
			row["settings"] = string(p.Settings)
		} else {
			reasons = in.shortfalls(s)
			row["settings"] = s.evidence()
		}
		rows = append(rows, row)
		if len(reasons) == 0 {
			continue
		}
		findings = append(findings, policyFinding(p.Name, p.ID, strings.Join(reasons, "; ")))
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	var details map[string]any
	var notes []string
	if len(delegated) > 0 {
		slices.SortFunc(delegated, func(a, b okta.Policy) int { return strings.Compare(a.ID, b.ID) })
		listed := make([]any, len(delegated))
		names := make([]string, len(delegated))
		for i, p := range delegated {
			listed[i] = map[string]any{"id": p.ID, "name": p.Name, "priority": p.Priority}
			names[i] = p.Name + " (" + p.ID + ")"
		}
		note := "Active Directory, not Okta, enforces the password rules of these policies (authProvider " +
			"ACTIVE_DIRECTORY), so they were not judged; judge them with judge_active_directory = true"
		if in.JudgeActiveDirectory {
			note = "these policies' authProvider is ACTIVE_DIRECTORY, so Active Directory enforces their users' " +
				"password rules; they were judged like Okta's as judge_active_directory = true asks"
		}
		details = map[string]any{"delegated_to_active_directory": listed, "note": note}
		notes = append(notes, fmt.Sprintf("%s delegated to Active Directory, %s: %s",
			plural(len(delegated), "PASSWORD policy", "PASSWORD policies"), strings.Join(names, ", "), note))
	}
	return finish(f, evaluation{
		check: CheckPasswordPolicy,
		inputs: map[string]any{
			"min_length": in.MinLength, "min_lower_case": in.MinLowerCase, "min_upper_case": in.MinUpperCase,
			"min_number": in.MinNumber, "min_symbol": in.MinSymbol, "exclude_username": in.ExcludeUsername,
			"exclude_common": in.ExcludeCommon, "max_age_days": in.MaxAgeDays, "min_age_minutes": in.MinAgeMinutes,
			"min_history": in.MinHistory, "max_lockout_attempts": in.MaxLockoutAttempts,
			"judge_active_directory": in.JudgeActiveDirectory,
		},
		evaluated: evaluated,
		findings:  findings,
		facts:     map[string]string{"password_policies": fp},
		details:   details,
		input:     in,
		notes:     notes,
	}, in.Exceptions)
}

// policyFinding is a violation by a policy or rule: an exception may name it
// by subject or id.
func policyFinding(subject, id, reason string) finding {
	if subject == "" {
		subject = id
	}
	return finding{
		Violation: Violation{Subject: subject, SubjectID: id, Reason: reason},
		keys:      []string{fold(subject), fold(id)},
	}
}

// activePolicies returns the ACTIVE policies of one type among those loaded.
func activePolicies(f *Facts, policyType string) []okta.Policy {
	var out []okta.Policy
	for _, p := range f.Policies {
		if strings.EqualFold(p.Type, policyType) && strings.EqualFold(p.Status, PolicyActive) {
			out = append(out, p)
		}
	}
	return out
}
