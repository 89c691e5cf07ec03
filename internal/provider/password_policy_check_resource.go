package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type passwordPolicyCheckModel struct {
	checkFrameModel
	MinLength            types.Int64 `tfsdk:"min_length"`
	MinLowerCase         types.Int64 `tfsdk:"min_lower_case"`
	MinUpperCase         types.Int64 `tfsdk:"min_upper_case"`
	MinNumber            types.Int64 `tfsdk:"min_number"`
	MinSymbol            types.Int64 `tfsdk:"min_symbol"`
	ExcludeUsername      types.Bool  `tfsdk:"exclude_username"`
	ExcludeCommon        types.Bool  `tfsdk:"exclude_common"`
	MaxAgeDays           types.Int64 `tfsdk:"max_age_days"`
	MinAgeMinutes        types.Int64 `tfsdk:"min_age_minutes"`
	MinHistory           types.Int64 `tfsdk:"min_history"`
	MaxLockoutAttempts   types.Int64 `tfsdk:"max_lockout_attempts"`
	JudgeActiveDirectory types.Bool  `tfsdk:"judge_active_directory"`
	// HealthInsight's password items.
	AllowSMSRecovery             types.Bool  `tfsdk:"allow_sms_recovery"`
	AllowVoiceRecovery           types.Bool  `tfsdk:"allow_voice_recovery"`
	AllowQuestionRecovery        types.Bool  `tfsdk:"allow_question_recovery"`
	AllowEmailRecovery           types.Bool  `tfsdk:"allow_email_recovery"`
	AllowAutoUnlock              types.Bool  `tfsdk:"allow_auto_unlock"`
	RequireLockoutFailureDisplay types.Bool  `tfsdk:"require_lockout_failure_display"`
	MinExpireWarnDays            types.Int64 `tfsdk:"min_expire_warn_days"`
	ExcludeFirstLastName         types.Bool  `tfsdk:"exclude_first_last_name"`
}

func newPasswordPolicyCheckResource() resource.Resource {
	return &checkResource[passwordPolicyCheckModel]{def: checkDef[passwordPolicyCheckModel]{
		check: compliance.CheckPasswordPolicy,
		description: "Fails the plan when an ACTIVE `PASSWORD` policy is weaker than a threshold: one violation per " +
			"policy (`subject`: its name; `subject_id`: its id) whose reason lists every shortfall with the value " +
			"found and the threshold, e.g. `minLength 8 < 12; common passwords allowed; lockout after unlimited " +
			"attempts > 10`. Reads `settings.password` (`complexity`, `age`, `lockout`) of every policy; a policy " +
			"whose settings cannot be read violates. A policy for users sourced from Active Directory " +
			"(`conditions.authProvider.provider` `ACTIVE_DIRECTORY`) is not judged: Active Directory, not Okta, " +
			"enforces those users' password rules. It is reported apart, neither a violation nor counted in " +
			"`subjects_evaluated`: `evidence` lists it under `details.delegated_to_active_directory` with a note; " +
			"`judge_active_directory = true` judges it like the others. `controls` lists the DISA Okta IDaaS STIG rules whose value " +
			"the thresholds meet (`min_length` ≥ 15 → V-273195, `max_lockout_attempts` 1–3 → V-273189, " +
			"`max_age_days` 1–60 → V-273201, `min_age_minutes` ≥ 1440 → V-273200, `min_history` ≥ 5 → V-273209, " +
			"`exclude_common` → V-273208, one of each character class → V-273196 to V-273199). It also judges Okta " +
			"HealthInsight's password items: recovery factors (`settings.recovery.factors`), automatic unlock and " +
			"lockout failure display (`lockout`, only where the policy locks accounts), the expiry warning " +
			"(`age.expireWarnDays`, only where passwords expire) and first and last name exclusion " +
			"(`complexity.excludeAttributes`).",
		inputs:  passwordPolicyCheckInputs(),
		prepare: preparePasswordPolicy,
	}}
}

// thresholdInput is an optional non-negative whole-number threshold with a
// default.
func thresholdInput(doc string, def int64) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: doc,
		Optional:            true,
		Computed:            true,
		Default:             int64default.StaticInt64(def),
		Validators:          []validator.Int64{int64validator.AtLeast(0)},
	}
}

// flagInput is an optional boolean with a default.
func flagInput(doc string, def bool) schema.BoolAttribute {
	return schema.BoolAttribute{MarkdownDescription: doc, Optional: true, Computed: true, Default: booldefault.StaticBool(def)}
}

func passwordPolicyCheckInputs() map[string]schema.Attribute {
	d := compliance.DefaultPasswordPolicyInput()
	class := func(what, field string) schema.Int64Attribute {
		return thresholdInput("The fewest "+what+" a password must contain (`complexity."+field+"` at least this). "+
			"Default "+strconv.Itoa(compliance.DefaultPasswordMinPerClass)+"; 0 does not require any.", compliance.DefaultPasswordMinPerClass)
	}
	return map[string]schema.Attribute{
		"min_length": thresholdInput("The shortest password allowed (`complexity.minLength` at least this). "+
			"Default "+strconv.Itoa(d.MinLength)+"; the STIG's value is 15.", int64(d.MinLength)),
		"min_lower_case": class("lower-case letters", "minLowerCase"),
		"min_upper_case": class("upper-case letters", "minUpperCase"),
		"min_number":     class("digits", "minNumber"),
		"min_symbol":     class("symbols", "minSymbol"),
		"exclude_username": flagInput("Require passwords not to contain the username "+
			"(`complexity.excludeUsername`). Default true.", d.ExcludeUsername),
		"exclude_common": flagInput("Require the common password check (`complexity.dictionary.common.exclude`). "+
			"Default true.", d.ExcludeCommon),
		"max_age_days": thresholdInput("When above 0, passwords must expire after at most this many days "+
			"(`age.maxAgeDays` between 1 and this). Default 0: expiry not required; the STIG's value is 60.", int64(d.MaxAgeDays)),
		"min_age_minutes": thresholdInput("The shortest time between password changes "+
			"(`age.minAgeMinutes` at least this). Default 0; the STIG's value is 1440 (24 hours).", int64(d.MinAgeMinutes)),
		"min_history": thresholdInput("How many previous passwords may not be reused (`age.historyCount` at "+
			"least this). Default "+strconv.Itoa(d.MinHistory)+"; the STIG's value is 5.", int64(d.MinHistory)),
		"max_lockout_attempts": thresholdInput("When above 0, accounts must lock after at most this many failed "+
			"attempts (`lockout.maxAttempts` between 1 and this; Okta's 0 means never). Default "+strconv.Itoa(d.MaxLockoutAttempts)+"; the STIG's "+
			"value is 3; 0 does not require a lockout.", int64(d.MaxLockoutAttempts)),
		"judge_active_directory": flagInput("Judge the policies whose `conditions.authProvider.provider` is "+
			"`ACTIVE_DIRECTORY` like the others. Default false: Active Directory enforces their users' password "+
			"rules, so their Okta settings say nothing of them; `evidence` lists them under "+
			"`details.delegated_to_active_directory`, and the AD domain's password policy is to be checked there.", d.JudgeActiveDirectory),
		"allow_sms_recovery": flagInput("Allow self-service password recovery by SMS "+
			"(`recovery.factors.okta_sms.status` `ACTIVE`). Default false, as HealthInsight recommends.", !d.DenySMSRecovery),
		"allow_voice_recovery": flagInput("Allow self-service password recovery by voice call "+
			"(`recovery.factors.okta_call.status` `ACTIVE`). Default false, as HealthInsight recommends.", !d.DenyVoiceRecovery),
		"allow_question_recovery": flagInput("Allow self-service password recovery by security question "+
			"(`recovery.factors.recovery_question.status` `ACTIVE`). Default false, as HealthInsight recommends.", !d.DenyQuestionRecovery),
		"allow_email_recovery": flagInput("Allow self-service password recovery by email "+
			"(`recovery.factors.okta_email.status` `ACTIVE`). Default true: email is Okta's default recovery "+
			"factor, often the only one; false requires another way to recover.", !d.DenyEmailRecovery),
		"allow_auto_unlock": flagInput("Allow a locked account to unlock by itself (`lockout.autoUnlockMinutes` "+
			"above 0). Default false, as HealthInsight recommends; judged only where the policy locks accounts.", !d.DenyAutoUnlock),
		"require_lockout_failure_display": flagInput("Require the lockout failures to be shown to the user "+
			"(`lockout.showLockoutFailures`). Default true, as HealthInsight recommends; judged only where the "+
			"policy locks accounts.", d.RequireLockoutFailureDisplay),
		"min_expire_warn_days": thresholdInput("The fewest days before a password expires that the user is "+
			"warned (`age.expireWarnDays` at least this), judged only where passwords expire. Default 0: no "+
			"warning required.", int64(d.MinExpireWarnDays)),
		"exclude_first_last_name": flagInput("Require passwords not to contain the user's first or last name "+
			"(`complexity.excludeAttributes` holds `firstName` and `lastName`). Default true, as HealthInsight "+
			"recommends.", d.ExcludeFirstLastName),
	}
}

func preparePasswordPolicy(_ context.Context, m passwordPolicyCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	in := compliance.PasswordPolicyInput{
		MinLength:            int(m.MinLength.ValueInt64()),
		MinLowerCase:         int(m.MinLowerCase.ValueInt64()),
		MinUpperCase:         int(m.MinUpperCase.ValueInt64()),
		MinNumber:            int(m.MinNumber.ValueInt64()),
		MinSymbol:            int(m.MinSymbol.ValueInt64()),
		ExcludeUsername:      m.ExcludeUsername.ValueBool(),
		ExcludeCommon:        m.ExcludeCommon.ValueBool(),
		MaxAgeDays:           int(m.MaxAgeDays.ValueInt64()),
		MinAgeMinutes:        int(m.MinAgeMinutes.ValueInt64()),
		MinHistory:           int(m.MinHistory.ValueInt64()),
		MaxLockoutAttempts:   int(m.MaxLockoutAttempts.ValueInt64()),
		JudgeActiveDirectory: m.JudgeActiveDirectory.ValueBool(),
		// The arguments say what is allowed; the rule's fields what is denied.
		DenySMSRecovery:              !m.AllowSMSRecovery.ValueBool(),
		DenyVoiceRecovery:            !m.AllowVoiceRecovery.ValueBool(),
		DenyQuestionRecovery:         !m.AllowQuestionRecovery.ValueBool(),
		DenyEmailRecovery:            !m.AllowEmailRecovery.ValueBool(),
		DenyAutoUnlock:               !m.AllowAutoUnlock.ValueBool(),
		RequireLockoutFailureDisplay: m.RequireLockoutFailureDisplay.ValueBool(),
		MinExpireWarnDays:            int(m.MinExpireWarnDays.ValueInt64()),
		ExcludeFirstLastName:         m.ExcludeFirstLastName.ValueBool(),
		Exceptions:                   excs,
	}
	return ruleRun{
		label:    compliance.CheckPasswordPolicy,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadPasswordPolicy(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.PasswordPolicy(f, in) },
	}, nil
}
