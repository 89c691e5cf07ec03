package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
)

// schemaDefaults returns the default of every input of a check that has one
// (the frame's own arguments aside), as Go values: int64, bool, string, or a
// []string (sorted when the attribute is a set).
func schemaDefaults(t *testing.T, def map[string]schema.Attribute) map[string]any {
	t.Helper()
	ctx := t.Context()
	out := map[string]any{}
	for name, a := range def {
		p := path.Root(name)
		switch a := a.(type) {
		case schema.Int64Attribute:
			if a.Default != nil {
				var r defaults.Int64Response
				a.Default.DefaultInt64(ctx, defaults.Int64Request{Path: p}, &r)
				out[name] = r.PlanValue.ValueInt64()
			}
		case schema.BoolAttribute:
			if a.Default != nil {
				var r defaults.BoolResponse
				a.Default.DefaultBool(ctx, defaults.BoolRequest{Path: p}, &r)
				out[name] = r.PlanValue.ValueBool()
			}
		case schema.StringAttribute:
			if a.Default != nil {
				var r defaults.StringResponse
				a.Default.DefaultString(ctx, defaults.StringRequest{Path: p}, &r)
				out[name] = r.PlanValue.ValueString()
			}
		case schema.SetAttribute:
			if a.Default != nil {
				var r defaults.SetResponse
				a.Default.DefaultSet(ctx, defaults.SetRequest{Path: p}, &r)
				var diags diag.Diagnostics
				out[name] = readStrings(ctx, r.PlanValue, &diags)
			}
		case schema.ListAttribute:
			if a.Default != nil {
				var r defaults.ListResponse
				a.Default.DefaultList(ctx, defaults.ListRequest{Path: p}, &r)
				var diags diag.Diagnostics
				out[name] = readStrings(ctx, r.PlanValue, &diags)
			}
		}
	}
	return out
}

// TestCheckSchemaDefaultsAreTheRules: every default of a check's schema is
// the default its rule fills in (normalizing a zero input) or, for a rule
// that takes its thresholds as given, its Default*Input; and every such
// default is listed here, so a default added to a schema without its rule's
// value fails. The two cannot drift.
func TestCheckSchemaDefaultsAreTheRules(t *testing.T) {
	mfa := must[compliance.MFAInput](t)(compliance.MFAInput{}.Normalized())
	off := must[compliance.OffboardingInput](t)(compliance.OffboardingInput{Offboarded: []compliance.Offboarded{{Login: "x", Date: "2026-01-01"}}}.Normalized())
	ue := must[compliance.UniqueEmailInput](t)(compliance.UniqueEmailInput{}.Normalized())
	ar := must[compliance.AccessReviewInput](t)(compliance.AccessReviewInput{AppID: "0oa1", ReviewedOn: "2026-01-01"}.Normalized())
	sc := must[compliance.ScopeInput](t)(compliance.ScopeInput{AppIDs: []string{"0oa1"}}.Normalized())
	pw := must[compliance.PasswordPolicyInput](t)(compliance.DefaultPasswordPolicyInput().Normalized())
	se := must[compliance.SessionPolicyInput](t)(compliance.DefaultSessionPolicyInput().Normalized())
	iu := must[compliance.InactiveUsersInput](t)(compliance.InactiveUsersInput{}.Normalized())
	adm := must[compliance.AdminRolesInput](t)(compliance.AdminRolesInput{}.Normalized())
	tok := must[compliance.APITokenInput](t)(compliance.DefaultAPITokenInput().Normalized())
	ap := must[compliance.AuthenticationPolicyInput](t)(compliance.DefaultAuthenticationPolicyInput().Normalized())
	au := must[compliance.AuthenticatorInput](t)(compliance.AuthenticatorInput{}.Normalized())
	ra := must[compliance.ResidualAccessInput](t)(compliance.DefaultResidualAccessInput().Normalized())
	pa := must[compliance.PrivilegedAccountsInput](t)(compliance.DefaultPrivilegedAccountsInput().Normalized())

	want := map[string]map[string]any{
		compliance.CheckMFA: {
			"statuses": mfa.Statuses, "min_factors": int64(mfa.MinFactors),
			"phishing_resistant": mfa.PhishingResistant, "allow_empty": mfa.AllowEmpty,
		},
		compliance.CheckOffboarding: {
			"grace_period": off.GracePeriod, "allow_suspended": off.AllowSuspended, "allow_empty": off.AllowEmpty,
		},
		compliance.CheckUniqueEmail:  {"statuses": ue.Statuses, "allow_empty": ue.AllowEmpty},
		compliance.CheckAccessReview: {"max_review_age_days": int64(ar.MaxReviewAgeDays), "allow_empty": ar.AllowEmpty},
		compliance.CheckScope:        {"allowed_scopes": sc.AllowedScopes, "allowed_client_roles": sc.AllowedClientRoles},
		compliance.CheckPasswordPolicy: {
			"min_length": int64(pw.MinLength), "min_lower_case": int64(pw.MinLowerCase),
			"min_upper_case": int64(pw.MinUpperCase), "min_number": int64(pw.MinNumber),
			"min_symbol": int64(pw.MinSymbol), "exclude_username": pw.ExcludeUsername,
			"exclude_common": pw.ExcludeCommon, "max_age_days": int64(pw.MaxAgeDays),
			"min_age_minutes": int64(pw.MinAgeMinutes), "min_history": int64(pw.MinHistory),
			"max_lockout_attempts": int64(pw.MaxLockoutAttempts), "judge_active_directory": pw.JudgeActiveDirectory,
			"allow_sms_recovery": !pw.DenySMSRecovery, "allow_voice_recovery": !pw.DenyVoiceRecovery,
			"allow_question_recovery": !pw.DenyQuestionRecovery, "allow_email_recovery": !pw.DenyEmailRecovery,
			"allow_auto_unlock": !pw.DenyAutoUnlock, "require_lockout_failure_display": pw.RequireLockoutFailureDisplay,
			"min_expire_warn_days": int64(pw.MinExpireWarnDays), "exclude_first_last_name": pw.ExcludeFirstLastName,
		},
		compliance.CheckSessionPolicy: {
			"max_idle_minutes": int64(se.MaxIdleMinutes), "max_lifetime_minutes": int64(se.MaxLifetimeMinutes),
			"require_mfa": se.RequireMFA, "allow_persistent_cookie": se.AllowPersistentCookie,
			"require_network_zone": se.RequireNetworkZone,
		},
		compliance.CheckInactiveUsers: {
			"statuses": iu.Statuses, "max_inactive_days": int64(iu.MaxInactiveDays), "allow_empty": iu.AllowEmpty,
		},
		compliance.CheckAdminRoles: {"max_super_admins": int64(*adm.MaxSuperAdmins)},
		compliance.CheckAPIToken: {
			"require_network_restriction": tok.RequireNetworkRestriction,
			"min_days_to_expiry":          int64(tok.MinDaysToExpiry), "allowed_owner_roles": tok.AllowedOwnerRoles,
		},
		compliance.CheckAuthenticationPolicy: {
			"policy_names": ap.PolicyNames, "all_policies": ap.AllPolicies, "require_mfa": ap.RequireMFA,
			"phishing_resistant": ap.PhishingResistant, "max_reauthenticate_minutes": int64(ap.MaxReauthenticateMinutes),
			"require_network_zone": ap.RequireNetworkZone,
		},
		compliance.CheckAuthenticator: {"require_okta_verify_fips": au.RequireOktaVerifyFIPS},
		compliance.CheckLogStream:     {"accept_event_hooks": compliance.LogStreamInput{}.AcceptEventHooks},
		compliance.CheckNetworkZone:   {},
		// Posture checks (issue #18).
		compliance.CheckThreatInsight: {"require_block": compliance.DefaultThreatInsightInput().RequireBlock},
		compliance.CheckBehaviorDetection: {
			"required_types":     compliance.DefaultBehaviorDetectionInput().RequiredTypes,
			"require_policy_use": compliance.DefaultBehaviorDetectionInput().RequirePolicyUse,
		},
	}
	to := must[compliance.TrustedOriginInput](t)(compliance.DefaultTrustedOriginInput().Normalized())
	want[compliance.CheckTrustedOrigin] = map[string]any{
		"allowed_scopes": to.AllowedScopes, "allow_localhost": to.AllowLocalhost, "allow_wildcards": to.AllowWildcards,
	}
	so := must[compliance.AppSignOnInput](t)(compliance.DefaultAppSignOnInput().Normalized())
	want[compliance.CheckAppSignOn] = map[string]any{
		"allowed_sign_on_modes": so.AllowedSignOnModes, "forbidden_grant_types": so.ForbiddenGrantTypes,
		"allow_unassigned": so.AllowUnassigned,
	}
	want[compliance.CheckResidualAccess] = map[string]any{
		"statuses": ra.Statuses, "grace_period": ra.GracePeriod, "check_groups": ra.CheckGroups, "check_apps": ra.CheckApps,
	}
	want[compliance.CheckPrivilegedAccounts] = map[string]any{
		"min_factors": int64(pa.MinFactors), "require_phishing_resistant": pa.RequirePhishingResistant,
		"max_password_age_days": int64(pa.MaxPasswordAgeDays), "max_inactive_days": int64(pa.MaxInactiveDays),
		"max_privileged_users": int64(pa.MaxPrivilegedUsers),
	}
	fe := compliance.DefaultFactorEnrollmentInput()
	want[compliance.CheckFactorEnrollment] = map[string]any{
		"require_phishing_resistant": fe.RequirePhishingResistant, "require_mfa_enrollment": fe.RequireMFAEnrollment,
	}
	da := must[compliance.DeviceAssuranceInput](t)(compliance.DefaultDeviceAssuranceInput().Normalized())
	want[compliance.CheckDeviceAssurance] = map[string]any{
		"required_platforms": da.RequiredPlatforms, "app_policy_names": da.AppPolicyNames,
		"require_disk_encryption": da.RequireDiskEncryption, "require_screen_lock": da.RequireScreenLock,
		"require_no_jailbreak": da.RequireNoJailbreak, "require_secure_hardware": da.RequireSecureHardware,
	}
	for _, f := range checkResources() {
		r := f()
		var m resource.MetadataResponse
		r.Metadata(t.Context(), resource.MetadataRequest{ProviderTypeName: "oktagate"}, &m)
		w, ok := want[m.TypeName]
		if !ok {
			t.Errorf("%s: no rule defaults listed in this test", m.TypeName)
			continue
		}
		got := schemaDefaults(t, checkInputs(t, r))
		for name, g := range got {
			wv, ok := w[name]
			switch {
			case !ok:
				t.Errorf("%s.%s: schema default %#v has no rule default listed here", m.TypeName, name, g)
			case !sameDefault(g, wv):
				t.Errorf("%s.%s: schema default %#v, rule default %#v", m.TypeName, name, g, wv)
			}
		}
		for name := range w {
			if _, ok := got[name]; !ok {
				t.Errorf("%s.%s: the rule has a default, the schema none", m.TypeName, name)
			}
		}
	}
}

// sameDefault compares two defaults; lists of strings as sets, since a
// normalized rule input is sorted (and case-folded) while a schema list keeps
// its order.
func sameDefault(a, b any) bool {
	as, ok1 := a.([]string)
	bs, ok2 := b.([]string)
	if ok1 && ok2 {
		as, bs = slices.Clone(as), slices.Clone(bs)
		slices.Sort(as)
		slices.Sort(bs)
		return slices.Equal(as, bs)
	}
	return a == b
}

// must returns a Normalized result, failing the test on its error.
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// checkInputs returns a check's own arguments: its schema without the
// frame's attributes.
func checkInputs(t *testing.T, r resource.Resource) map[string]schema.Attribute {
	t.Helper()
	var resp resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	out := map[string]schema.Attribute{}
	frame := checkFrameAttributes()
	for name, a := range resp.Schema.Attributes {
		if _, ok := frame[name]; !ok {
			out[name] = a
		}
	}
	return out
}

// TestCheckDescriptionsStateTheDefaults: a check argument whose description
// states its default ("Default 90", "Default true", "Default `[…]`") states
// the schema's default, which TestCheckSchemaDefaultsAreTheRules holds to the
// rule's.
func TestCheckDescriptionsStateTheDefaults(t *testing.T) {
	stated := regexp.MustCompile("Default (-?[0-9]+|true|false|`\\[[^`]*\\]`)")
	checked := 0
	for _, f := range checkResources() {
		r := f()
		var m resource.MetadataResponse
		r.Metadata(t.Context(), resource.MetadataRequest{ProviderTypeName: "oktagate"}, &m)
		inputs := checkInputs(t, r)
		defaults := schemaDefaults(t, inputs)
		for name, a := range inputs {
			def, ok := defaults[name]
			if !ok {
				continue
			}
			s := stated.FindStringSubmatch(a.GetMarkdownDescription())
			if s == nil {
				continue
			}
			checked++
			var want string
			switch d := def.(type) {
			case []string:
				var listed []string
				if err := json.Unmarshal([]byte(strings.Trim(s[1], "`")), &listed); err != nil {
					t.Errorf("%s.%s: stated default %s is not a list: %v", m.TypeName, name, s[1], err)
					continue
				}
				if !sameDefault(listed, d) {
					t.Errorf("%s.%s: description says %s, schema default %q", m.TypeName, name, s[1], d)
				}
				continue
			default:
				want = fmt.Sprint(d)
			}
			if s[1] != want {
				t.Errorf("%s.%s: description says Default %s, schema default %s", m.TypeName, name, s[1], want)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d stated defaults checked; the description walk is broken", checked)
	}
}
