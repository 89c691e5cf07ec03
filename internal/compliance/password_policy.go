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
	// HealthInsight's password items. Each is off at its zero value, so
	// PasswordPolicyInput{} still requires nothing; the provider's allow_*
	// arguments are their negations.
	//
	// Deny*Recovery forbid self-service recovery by that factor
	// (settings.recovery.factors.<factor>.status ACTIVE).
	DenySMSRecovery      bool // okta_sms
	DenyVoiceRecovery    bool // okta_call
	DenyQuestionRecovery bool // recovery_question
	DenyEmailRecovery    bool // okta_email
	// DenyAutoUnlock forbids a locked account unlocking by itself
	// (lockout.autoUnlockMinutes above 0). Judged only where the policy locks
	// accounts (lockout.maxAttempts above 0): without a lockout there is
	// nothing to unlock.
	DenyAutoUnlock bool
	// RequireLockoutFailureDisplay requires lockout.showLockoutFailures, also
	// only where the policy locks accounts.
	RequireLockoutFailureDisplay bool
	// MinExpireWarnDays requires age.expireWarnDays at least this where
	// passwords expire (age.maxAgeDays above 0); 0 does not require a warning.
	MinExpireWarnDays int
	// ExcludeFirstLastName requires complexity.excludeAttributes to hold
	// firstName and lastName.
	ExcludeFirstLastName bool
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
		// HealthInsight: no recovery by SMS, voice call or security question,
		// no automatic unlock, show lockout failures, exclude first and last
		// name. Email recovery stays allowed: it is Okta's default recovery
		// path, and forbidding it by default would fail most orgs' only
		// recovery factor.
		DenySMSRecovery: true, DenyVoiceRecovery: true, DenyQuestionRecovery: true,
		DenyAutoUnlock: true, RequireLockoutFailureDisplay: true, ExcludeFirstLastName: true,
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
		{"min_expire_warn_days", in.MinExpireWarnDays},
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
			MinLength         int      `json:"minLength"`
			MinLowerCase      int      `json:"minLowerCase"`
			MinUpperCase      int      `json:"minUpperCase"`
			MinNumber         int      `json:"minNumber"`
			MinSymbol         int      `json:"minSymbol"`
			ExcludeUsername   bool     `json:"excludeUsername"`
			ExcludeAttributes []string `json:"excludeAttributes"`
			Dictionary        struct {
				Common struct {
					Exclude bool `json:"exclude"`
				} `json:"common"`
			} `json:"dictionary"`
		} `json:"complexity"`
		Age struct {
			MaxAgeDays     int `json:"maxAgeDays"`
			ExpireWarnDays int `json:"expireWarnDays"`
			MinAgeMinutes  int `json:"minAgeMinutes"`
			HistoryCount   int `json:"historyCount"`
		} `json:"age"`
		Lockout struct {
			MaxAttempts         int  `json:"maxAttempts"`
			AutoUnlockMinutes   int  `json:"autoUnlockMinutes"`
			ShowLockoutFailures bool `json:"showLockoutFailures"`
		} `json:"lockout"`
	} `json:"password"`
	// Recovery.Factors holds each recovery factor's status; an absent factor
	// is not ACTIVE.
	Recovery struct {
		Factors map[string]struct {
			Status string `json:"status"`
		} `json:"factors"`
	} `json:"recovery"`
}

// Okta's names of the password recovery factors (settings.recovery.factors).
const (
	recoverySMS      = "okta_sms"
	recoveryVoice    = "okta_call"
	recoveryQuestion = "recovery_question"
	recoveryEmail    = "okta_email"
)

// recoveryActive reports whether a recovery factor's status is ACTIVE.
func (s passwordSettings) recoveryActive(factor string) bool {
	return strings.EqualFold(s.Recovery.Factors[factor].Status, PolicyActive)
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
		"exclude_attributes":   p.Complexity.ExcludeAttributes, "expire_warn_days": p.Age.ExpireWarnDays,
		"auto_unlock_minutes": p.Lockout.AutoUnlockMinutes, "show_lockout_failures": p.Lockout.ShowLockoutFailures,
		"sms_recovery": s.recoveryActive(recoverySMS), "voice_recovery": s.recoveryActive(recoveryVoice),
		"question_recovery": s.recoveryActive(recoveryQuestion), "email_recovery": s.recoveryActive(recoveryEmail),
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
	return append(out, in.healthInsightShortfalls(s)...)
}

// healthInsightShortfalls lists, after the thresholds above, the HealthInsight
// items the settings miss.
func (in PasswordPolicyInput) healthInsightShortfalls(s passwordSettings) []string {
	var out []string
	c, age, lock := s.Password.Complexity, s.Password.Age, s.Password.Lockout
	if in.ExcludeFirstLastName {
		for _, attr := range []string{"firstName", "lastName"} {
			if !slices.Contains(c.ExcludeAttributes, attr) {
				out = append(out, attr+" allowed in passwords")
			}
		}
	}
	if in.MinExpireWarnDays > 0 && age.MaxAgeDays > 0 && age.ExpireWarnDays < in.MinExpireWarnDays {
		out = append(out, fmt.Sprintf("expireWarnDays %d < %d", age.ExpireWarnDays, in.MinExpireWarnDays))
	}
	if lock.MaxAttempts > 0 {
		if in.DenyAutoUnlock && lock.AutoUnlockMinutes > 0 {
			out = append(out, fmt.Sprintf("locked accounts unlock after %d minutes", lock.AutoUnlockMinutes))
		}
		if in.RequireLockoutFailureDisplay && !lock.ShowLockoutFailures {
			out = append(out, "lockout failures not shown")
		}
	}
	for _, r := range []struct {
		deny         bool
		factor, what string
	}{
		{in.DenySMSRecovery, recoverySMS, "SMS"}, {in.DenyVoiceRecovery, recoveryVoice, "voice call"},
		{in.DenyQuestionRecovery, recoveryQuestion, "security question"}, {in.DenyEmailRecovery, recoveryEmail, "email"},
	} {
		if r.deny && s.recoveryActive(r.factor) {
			out = append(out, "recovery by "+r.what+" allowed")
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
			"allow_sms_recovery":     !in.DenySMSRecovery, "allow_voice_recovery": !in.DenyVoiceRecovery,
			"allow_question_recovery": !in.DenyQuestionRecovery, "allow_email_recovery": !in.DenyEmailRecovery,
			"allow_auto_unlock": !in.DenyAutoUnlock, "require_lockout_failure_display": in.RequireLockoutFailureDisplay,
			"min_expire_warn_days": in.MinExpireWarnDays, "exclude_first_last_name": in.ExcludeFirstLastName,
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
