package compliance

import (
	"slices"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// The control catalog: for every check, the framework requirements it gives
// evidence for, each with the source of the mapping and, where the check's
// thresholds decide whether it meets the requirement, the condition on its
// normalized input. A Result's Controls are exactly the mappings that apply
// to its input (in the frameworks Facts.Frameworks selects): a check never
// claims a requirement its thresholds do not meet, e.g. PCI DSS 8.2.8 asks
// for a 15-minute idle timeout, so the session policy check's default of 120
// minutes does not list it.

// Framework ids: the first word of a control, "SOC2 CC6.1".
const (
	FrameworkSOC2     = "SOC2"
	FrameworkISO27001 = "ISO27001:2022"
	FrameworkNIST     = "NIST800-53r5"
	FrameworkCIS      = "CISv8.1"
	FrameworkPCIDSS   = "PCIDSS4.0.1"
	FrameworkHIPAA    = "HIPAA"
	FrameworkSTIG     = "STIG"
)

// Framework is a standard whose requirements checks give evidence for.
type Framework struct {
	ID      string // as in controls: "SOC2"
	Title   string
	Version string
}

var frameworks = []Framework{
	{FrameworkSOC2, "AICPA SOC 2 Trust Services Criteria", "2017 (revised points of focus, 2022)"},
	{FrameworkISO27001, "ISO/IEC 27001 Annex A", "2022"},
	{FrameworkNIST, "NIST SP 800-53 Security and Privacy Controls", "Revision 5"},
	{FrameworkCIS, "CIS Critical Security Controls", "8.1"},
	{FrameworkPCIDSS, "PCI Data Security Standard", "4.0.1"},
	{FrameworkHIPAA, "HIPAA Security Rule (45 CFR Part 164, Subpart C)", "as amended 2013"},
	{FrameworkSTIG, "DISA Okta IDaaS Security Technical Implementation Guide", "V1R2 (benchmark date 5 January 2026)"},
}

// Frameworks returns the frameworks of the catalog in display order.
func Frameworks() []Framework { return slices.Clone(frameworks) }

// FrameworkIDs returns the frameworks' ids in display order: the values the
// provider's frameworks argument accepts.
func FrameworkIDs() []string {
	ids := make([]string, 0, len(frameworks))
	for _, f := range frameworks {
		ids = append(ids, f.ID)
	}
	return ids
}

// Requirement is one requirement of a framework.
type Requirement struct {
	Framework string // a Framework's ID
	ID        string // "CC6.1", "A.8.5", "IA-2(1)", "V-273193"
	Title     string // short
	// Source is where the mapping of a check to this requirement comes from:
	// a crosswalk's URL, or "standard text: …" where it was read from the
	// standard itself.
	Source string
}

// Control is the requirement as a check's controls list it: "SOC2 CC6.1".
func (r Requirement) Control() string { return r.Framework + " " + r.ID }

// Mapping is one requirement a check evidences, and when.
type Mapping struct {
	Requirement
	// When says in words when the check meets the requirement; "" means
	// whatever its inputs.
	When    string
	applies func(input any) bool // nil: always
}

// Applies reports whether a check with this (normalized) input meets the
// requirement. A conditional mapping given an input of another type does not
// apply: a mismatch fails closed, and the catalog test catches it.
func (m Mapping) Applies(input any) bool { return m.applies == nil || m.applies(input) }

// Conditional reports whether the mapping depends on the check's input.
func (m Mapping) Conditional() bool { return m.applies != nil }

// condition is a typed predicate over a check's normalized input (T is the
// type the rule hands to the frame) and its wording for the guide.
type condition struct {
	text string
	test func(any) bool
}

func when[T any](text string, f func(T) bool) condition {
	return condition{text: text, test: func(x any) bool {
		in, ok := x.(T)
		return ok && f(in)
	}}
}

func (m Mapping) when(c condition) Mapping {
	m.When, m.applies = c.text, c.test
	return m
}

func req(framework, id, title, source string) Mapping {
	return Mapping{Requirement: Requirement{Framework: framework, ID: id, Title: title, Source: source}}
}

// stig maps a STIG rule given as its control constant ("STIG V-273195").
func stig(control, title string) Mapping {
	id, _ := strings.CutPrefix(control, FrameworkSTIG+" ")
	return req(FrameworkSTIG, id, title, srcSTIG+id)
}

// Sources of the mappings.
const (
	srcSCF           = "https://scfconnect.com/controls/iac/"
	srcCMMFA         = "https://control-map.pages.dev/controls/multi-factor-auth"
	srcCMAccess      = "https://control-map.pages.dev/controls/access-control"
	srcAskMeIdentity = "https://askmeidentity.com/resources/compliance/iso-27001-iam/"
	srcControlFreak  = "https://controlfreak.risk-redux.io/controls/AC-06(07)"
	srcCloudawarePCI = "https://ce.prod.cloudaware.com/frameworks/pci-dss-v4.0.1/08/03"
	srcMyCtrlPCI828  = "https://myctrl.tools/frameworks/pci-dss-v4/8-2-8"
	srcCyberdayCIS55 = "https://www.cyberday.ai/requirement/cis-18-5-5-establish-and-maintain-an-inventory-of-service-accounts"
	srcSTIG          = "standard text: DISA Okta IDaaS STIG V1R2, rule "
	std              = "standard text: "
)

// Conditions: the thresholds at which a check meets a requirement. Each
// reads the input the check's rule hands to the frame, after Normalized.
var (
	mfaPhishingResistant = when("phishing_resistant = true (challenge-response authenticators only)",
		func(in MFAInput) bool { return in.PhishingResistant })

	offboardingSameDay = when("grace_period of 24h or less (PCI DSS asks that access be revoked immediately)",
		func(in OffboardingInput) bool {
			d, err := ParseGracePeriod(in.GracePeriod)
			return err == nil && d <= 24*time.Hour
		})

	residualSameDay = when("grace_period of 24h or less (PCI DSS asks that access be revoked immediately)",
		func(in ResidualAccessInput) bool {
			d, err := ParseGracePeriod(in.GracePeriod)
			return err == nil && d <= 24*time.Hour
		})

	privilegedMFA = when("min_factors ≥ 1 or require_phishing_resistant",
		func(in PrivilegedAccountsInput) bool { return in.ReadsFactors() })
	privilegedDormant = when("max_inactive_days ≥ 1",
		func(in PrivilegedAccountsInput) bool { return in.MaxInactiveDays >= 1 })
	privilegedDormant90 = when("max_inactive_days between 1 and 90",
		func(in PrivilegedAccountsInput) bool { return in.MaxInactiveDays >= 1 && in.MaxInactiveDays <= 90 })

	enrollmentMFA = when("require_mfa_enrollment",
		func(in FactorEnrollmentInput) bool { return in.RequireMFAEnrollment })
	enrollmentPhishingResistant = when("require_phishing_resistant",
		func(in FactorEnrollmentInput) bool { return in.RequirePhishingResistant })

	reviewQuarterly = when("max_review_age_days ≤ 90 (at least quarterly)",
		func(in AccessReviewInput) bool { return in.MaxReviewAgeDays >= 1 && in.MaxReviewAgeDays <= 90 })
	reviewHalfYearly = when("max_review_age_days ≤ 180 (at least every six months)",
		func(in AccessReviewInput) bool { return in.MaxReviewAgeDays >= 1 && in.MaxReviewAgeDays <= 180 })

	pwMinLength15 = when("min_length ≥ 15", func(in PasswordPolicyInput) bool { return in.MinLength >= 15 })
	pwMinLength14 = when("min_length ≥ 14 (CIS's length for accounts without MFA)",
		func(in PasswordPolicyInput) bool { return in.MinLength >= 14 })
	pwUpper  = when("min_upper_case ≥ 1", func(in PasswordPolicyInput) bool { return in.MinUpperCase >= 1 })
	pwLower  = when("min_lower_case ≥ 1", func(in PasswordPolicyInput) bool { return in.MinLowerCase >= 1 })
	pwNumber = when("min_number ≥ 1", func(in PasswordPolicyInput) bool { return in.MinNumber >= 1 })
	pwSymbol = when("min_symbol ≥ 1", func(in PasswordPolicyInput) bool { return in.MinSymbol >= 1 })
	pwPCI836 = when("min_length ≥ 12, min_number ≥ 1 and min_lower_case or min_upper_case ≥ 1",
		func(in PasswordPolicyInput) bool {
			return in.MinLength >= 12 && in.MinNumber >= 1 && (in.MinLowerCase >= 1 || in.MinUpperCase >= 1)
		})
	pwMinAge24h  = when("min_age_minutes ≥ 1440", func(in PasswordPolicyInput) bool { return in.MinAgeMinutes >= 24*60 })
	pwMaxAge60   = when("max_age_days 1–60", func(in PasswordPolicyInput) bool { return in.MaxAgeDays >= 1 && in.MaxAgeDays <= 60 })
	pwMaxAge90   = when("max_age_days 1–90", func(in PasswordPolicyInput) bool { return in.MaxAgeDays >= 1 && in.MaxAgeDays <= 90 })
	pwLockout3   = when("max_lockout_attempts 1–3", func(in PasswordPolicyInput) bool { return in.MaxLockoutAttempts >= 1 && in.MaxLockoutAttempts <= 3 })
	pwCommon     = when("exclude_common = true", func(in PasswordPolicyInput) bool { return in.ExcludeCommon })
	pwHistory4   = when("min_history ≥ 4", func(in PasswordPolicyInput) bool { return in.MinHistory >= 4 })
	pwHistory5   = when("min_history ≥ 5", func(in PasswordPolicyInput) bool { return in.MinHistory >= 5 })
	sessIdleSet  = when("max_idle_minutes set (≥ 1)", func(in SessionPolicyInput) bool { return in.MaxIdleMinutes >= 1 })
	sessIdle15   = when("max_idle_minutes 1–15", func(in SessionPolicyInput) bool { return in.MaxIdleMinutes >= 1 && in.MaxIdleMinutes <= 15 })
	sessLimitSet = when("max_idle_minutes or max_lifetime_minutes set (≥ 1)",
		func(in SessionPolicyInput) bool { return in.MaxIdleMinutes >= 1 || in.MaxLifetimeMinutes >= 1 })
	sessLifetime18h = when("max_lifetime_minutes 1–1080",
		func(in SessionPolicyInput) bool { return in.MaxLifetimeMinutes >= 1 && in.MaxLifetimeMinutes <= 18*60 })
	sessNoPersistentCookie = when("allow_persistent_cookie = false",
		func(in SessionPolicyInput) bool { return !in.AllowPersistentCookie })
	sessAdminConsoleIdle15 = when("max_admin_console_idle_minutes 1–15",
		func(in SessionPolicyInput) bool {
			return in.MaxAdminConsoleIdleMinutes >= 1 && in.MaxAdminConsoleIdleMinutes <= 15
		})
	sessNetworkZone = when("require_network_zone = true", func(in SessionPolicyInput) bool { return in.RequireNetworkZone })

	inactive35 = when("max_inactive_days ≤ 35", func(in InactiveUsersInput) bool { return in.MaxInactiveDays <= 35 })
	inactive45 = when("max_inactive_days ≤ 45", func(in InactiveUsersInput) bool { return in.MaxInactiveDays <= 45 })
	inactive90 = when("max_inactive_days ≤ 90", func(in InactiveUsersInput) bool { return in.MaxInactiveDays <= 90 })

	tokenNetwork = when("require_network_restriction = true",
		func(in APITokenInput) bool { return in.RequireNetworkRestriction })
	tokenOwners = when("allowed_owner_ids set (the dedicated service accounts)",
		func(in APITokenInput) bool { return len(in.AllowedOwnerIDs) > 0 })

	authnAdminConsoleMFA = when(`require_mfa = true with the "Okta Admin Console" policy judged`,
		func(in judgedAuthenticationPolicies) bool { return in.RequireMFA && in.judges(OktaAdminConsolePolicy) })
	authnDashboardMFA = when(`require_mfa = true with the "Okta Dashboard" policy judged`,
		func(in judgedAuthenticationPolicies) bool { return in.RequireMFA && in.judges(OktaDashboardPolicy) })
	authnAdminConsolePR = when(`phishing_resistant = true with the "Okta Admin Console" policy judged`,
		func(in judgedAuthenticationPolicies) bool {
			return in.PhishingResistant && in.judges(OktaAdminConsolePolicy)
		})
	authnDashboardPR = when(`phishing_resistant = true with the "Okta Dashboard" policy judged`,
		func(in judgedAuthenticationPolicies) bool {
			return in.PhishingResistant && in.judges(OktaDashboardPolicy)
		})
	authnPhishingResistant = when("phishing_resistant = true",
		func(in judgedAuthenticationPolicies) bool { return in.PhishingResistant })
	authnEveryAppMFA = when("require_mfa = true and all_policies = true",
		func(in judgedAuthenticationPolicies) bool { return in.RequireMFA && in.AllPolicies })
	authnEveryAppZone = when("require_network_zone = true and all_policies = true",
		func(in judgedAuthenticationPolicies) bool { return in.RequireNetworkZone && in.AllPolicies })
	authnMFAOrPR = when("require_mfa = true or phishing_resistant = true",
		func(in judgedAuthenticationPolicies) bool { return in.RequireMFA || in.PhishingResistant })

	authenticatorSmartCard = when(`require_active includes "smart_card_idp"`,
		func(in AuthenticatorInput) bool {
			return slices.Contains(in.RequireActive, okta.AuthenticatorSmartCard)
		})
	authenticatorFIPS = when("require_okta_verify_fips = true",
		func(in AuthenticatorInput) bool { return in.RequireOktaVerifyFIPS })
	authenticatorIssuers = when("smart_card_trusted_issuers set",
		func(in AuthenticatorInput) bool { return in.ReadsIdentityProviders() })
)

// Conditions of the posture checks (issue #18).
var (
	threatInsightBlock = when("require_block = true",
		func(in ThreatInsightInput) bool { return in.RequireBlock })
	behaviorPolicyUse = when("require_policy_use = true",
		func(in BehaviorDetectionInput) bool { return in.RequirePolicyUse })

	// HealthInsight's password items. Only the lockout ones meet a
	// requirement of their own: PCI DSS 8.3.4 asks for a lockout after at most
	// 10 attempts lasting 30 minutes or until the user's identity is
	// confirmed, which a policy without automatic unlock meets (an admin or
	// the user's self-service unlock, through a recovery factor, releases
	// it). No recovery by SMS, voice or question, the expiry warning, the
	// lockout display and the first/last-name exclusion strengthen what the
	// check already evidences whatever its inputs (SOC 2 CC6.1, ISO A.5.17,
	// NIST IA-5) and no framework of the catalog names them.
	pwLockoutSet = when("max_lockout_attempts ≥ 1", func(in PasswordPolicyInput) bool { return in.MaxLockoutAttempts >= 1 })
	pwPCI834     = when("max_lockout_attempts 1–10 and allow_auto_unlock = false (locked until an admin or the user's verified self-service unlock releases it)",
		func(in PasswordPolicyInput) bool {
			return in.MaxLockoutAttempts >= 1 && in.MaxLockoutAttempts <= 10 && in.DenyAutoUnlock
		})

	deviceDiskEncryption = when("require_disk_encryption = true",
		func(in DeviceAssuranceInput) bool { return in.RequireDiskEncryption })
	deviceScreenLock = when("require_screen_lock = true",
		func(in DeviceAssuranceInput) bool { return in.RequireScreenLock })

	// An event hook delivers only the event types it subscribes to: a check
	// that accepts one as offloading no longer shows that the whole audit
	// trail leaves Okta.
	logWholeTrail = when("accept_event_hooks = false (an event hook delivers only the event types it subscribes to, not the whole System Log)",
		func(in LogStreamInput) bool { return !in.AcceptEventHooks })
)

// judgedAuthenticationPolicies is what the authentication policy check hands
// to the frame: its input and the folded names of the policies it judged
// (those named, found or not, and those selected by id or all_policies), as
// the STIG's rules name the Okta Admin Console's and the Okta Dashboard's.
type judgedAuthenticationPolicies struct {
	AuthenticationPolicyInput
	names map[string]bool
}

func (j judgedAuthenticationPolicies) judges(policy string) bool { return j.names[fold(policy)] }

var catalog = map[string][]Mapping{
	CheckMFA: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", srcCMMFA),
		req(FrameworkISO27001, "A.8.5", "Secure authentication", srcCMMFA),
		req(FrameworkNIST, "IA-2(1)", "Multi-factor authentication to privileged accounts", srcSCF+"iac-06"),
		req(FrameworkNIST, "IA-2(2)", "Multi-factor authentication to non-privileged accounts", srcSCF+"iac-06"),
		req(FrameworkNIST, "IA-2(8)", "Access to accounts: replay resistant",
			std+"NIST SP 800-53 Rev. 5 IA-2(8); SP 800-63B §5.2.8 (phishing-resistant authenticators are challenge-response)").
			when(mfaPhishingResistant),
		req(FrameworkCIS, "6.3", "Require MFA for externally-exposed applications", srcSCF+"iac-06"),
		req(FrameworkPCIDSS, "8.4.2", "MFA for all access into the CDE", srcCMMFA),
		req(FrameworkHIPAA, "164.312(d)", "Person or entity authentication", srcCMMFA),
	},
	CheckOffboarding: {
		req(FrameworkSOC2, "CC6.2", "Registration, authorization and deregistration of users", srcSCF+"iac-07"),
		req(FrameworkSOC2, "CC6.3", "Access granted and removed by role and least privilege", srcSCF+"iac-07.1"),
		req(FrameworkISO27001, "A.5.16", "Identity management", srcSCF+"iac-07"),
		req(FrameworkISO27001, "A.5.18", "Access rights", srcSCF+"iac-07.1"),
		req(FrameworkNIST, "AC-2", "Account management", srcCMAccess),
		req(FrameworkNIST, "PS-4", "Personnel termination: disable system access", std+"NIST SP 800-53 Rev. 5 PS-4 a"),
		req(FrameworkCIS, "6.2", "Establish an access revoking process", srcSCF+"iac-07"),
		req(FrameworkPCIDSS, "8.2.5", "Access for terminated users is immediately revoked", srcSCF+"iac-07.1").
			when(offboardingSameDay),
		req(FrameworkHIPAA, "164.308(a)(3)(ii)(C)", "Termination procedures", std+"45 CFR 164.308(a)(3)(ii)(C)"),
	},
	CheckUniqueEmail: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", srcSCF+"iac-02"),
		req(FrameworkISO27001, "A.5.16", "Identity management", srcAskMeIdentity),
		req(FrameworkNIST, "IA-2", "Identification and authentication (organizational users)", srcSCF+"iac-02"),
		req(FrameworkPCIDSS, "8.2.1", "All users are assigned a unique ID", srcCMAccess),
		req(FrameworkHIPAA, "164.312(a)(2)(i)", "Unique user identification", srcCMAccess),
	},
	CheckAccessReview: {
		req(FrameworkSOC2, "CC6.2", "Registration, authorization and deregistration of users", srcSCF+"iac-15.7"),
		req(FrameworkSOC2, "CC6.3", "Access granted and removed by role and least privilege", std+"AICPA TSC 2017 CC6.3, point of focus \"Reviews Access Roles and Rules\""),
		req(FrameworkISO27001, "A.5.18", "Access rights", srcAskMeIdentity),
		req(FrameworkNIST, "AC-2", "Account management", std+"NIST SP 800-53 Rev. 5 AC-2 j"),
		req(FrameworkNIST, "AC-6(7)", "Least privilege: review of user privileges", srcControlFreak),
		req(FrameworkCIS, "5.1", "Inventory of accounts, validated at least quarterly", srcSCF+"iac-16.1").when(reviewQuarterly),
		req(FrameworkPCIDSS, "7.2.4", "User accounts and access privileges reviewed at least every six months", srcSCF+"iac-16.1").
			when(reviewHalfYearly),
		req(FrameworkHIPAA, "164.308(a)(4)(ii)(C)", "Access establishment and modification: review of access", std+"45 CFR 164.308(a)(4)(ii)(C)"),
	},
	CheckScope: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkSOC2, "CC6.3", "Access granted and removed by role and least privilege", std+"AICPA TSC 2017 CC6.3"),
		req(FrameworkISO27001, "A.8.2", "Privileged access rights", std+"ISO/IEC 27001:2022 Annex A 8.2 (client admin roles)"),
		req(FrameworkNIST, "AC-6", "Least privilege", std+"NIST SP 800-53 Rev. 5 AC-6"),
		req(FrameworkPCIDSS, "7.2.5", "Application and system accounts assigned least privileges", std+"PCI DSS v4.0.1 7.2.5"),
		req(FrameworkHIPAA, "164.312(a)(1)", "Access control: software programs granted access rights", std+"45 CFR 164.312(a)(1)"),
	},
	CheckPasswordPolicy: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkISO27001, "A.5.17", "Authentication information", srcAskMeIdentity),
		req(FrameworkNIST, "IA-5", "Authenticator management", std+"NIST SP 800-53 Rev. 5 IA-5"),
		req(FrameworkNIST, "IA-5(1)", "Password-based authentication: screened against common passwords",
			std+"NIST SP 800-53 Rev. 5 IA-5(1)(a)").when(pwCommon),
		req(FrameworkNIST, "AC-7", "Unsuccessful logon attempts", std+"NIST SP 800-53 Rev. 5 AC-7").when(pwLockoutSet),
		req(FrameworkCIS, "5.2", "Use unique passwords", std+"CIS Controls v8.1 Safeguard 5.2").when(pwMinLength14),
		req(FrameworkPCIDSS, "8.3.6", "Passwords of at least 12 characters, numeric and alphabetic", srcCloudawarePCI).when(pwPCI836),
		req(FrameworkPCIDSS, "8.3.7", "New password differs from the last four", srcCloudawarePCI).when(pwHistory4),
		req(FrameworkPCIDSS, "8.3.9", "Passwords changed at least every 90 days", srcCloudawarePCI).when(pwMaxAge90),
		req(FrameworkPCIDSS, "8.3.4", "Lockout after at most 10 invalid attempts, for 30 minutes or until identity is confirmed",
			srcCloudawarePCI).when(pwPCI834),
		req(FrameworkHIPAA, "164.308(a)(5)(ii)(D)", "Password management", std+"45 CFR 164.308(a)(5)(ii)(D)"),
		stig(STIGLockout, "Lock out after 3 consecutive invalid attempts").when(pwLockout3),
		stig(STIGPasswordMinLength, "Passwords of at least 15 characters").when(pwMinLength15),
		stig(STIGPasswordUpperCase, "At least one upper-case character").when(pwUpper),
		stig(STIGPasswordLowerCase, "At least one lower-case character").when(pwLower),
		stig(STIGPasswordNumber, "At least one numeric character").when(pwNumber),
		stig(STIGPasswordSymbol, "At least one special character").when(pwSymbol),
		stig(STIGPasswordMinAge, "Minimum password lifetime of 24 hours").when(pwMinAge24h),
		stig(STIGPasswordMaxAge, "Maximum password lifetime of 60 days").when(pwMaxAge60),
		stig(STIGPasswordCommon, "Passwords are checked against a list of common passwords").when(pwCommon),
		stig(STIGPasswordHistory, "Passwords cannot be reused for 5 generations").when(pwHistory5),
	},
	CheckSessionPolicy: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkISO27001, "A.8.5", "Secure authentication",
			std+"ISO/IEC 27002:2022 8.5 guidance").when(sessIdleSet),
		req(FrameworkNIST, "AC-12", "Session termination", srcSCF+"iac-25").when(sessLimitSet),
		req(FrameworkPCIDSS, "8.2.8", "Re-authentication after 15 minutes idle", srcMyCtrlPCI828).when(sessIdle15),
		req(FrameworkHIPAA, "164.312(a)(2)(iii)", "Automatic logoff", std+"45 CFR 164.312(a)(2)(iii)").when(sessIdleSet),
		stig(STIGSessionIdle, "Global session ends after 15 minutes of inactivity").when(sessIdle15),
		stig(STIGAdminConsoleIdle, "Okta Admin Console session ends after 15 minutes of inactivity").when(sessAdminConsoleIdle15),
		stig(STIGSessionLifetime, "Global session lifetime of at most 18 hours").when(sessLifetime18h),
		stig(STIGPersistentCookie, "Global session cookies do not persist across browser sessions").when(sessNoPersistentCookie),
		stig(STIGSessionNetworkZone, "Global session policy allows or denies access by IP").when(sessNetworkZone),
	},
	CheckInactiveUsers: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkSOC2, "CC6.2", "Registration, authorization and deregistration of users", srcSCF+"iac-15.3"),
		req(FrameworkISO27001, "A.5.16", "Identity management", srcSCF+"iac-15.3"),
		req(FrameworkNIST, "AC-2(3)", "Disable accounts: inactive", srcSCF+"iac-15.3"),
		req(FrameworkCIS, "5.3", "Disable dormant accounts after 45 days", srcSCF+"iac-15.3").when(inactive45),
		req(FrameworkPCIDSS, "8.2.6", "Inactive accounts removed or disabled within 90 days", srcSCF+"iac-15.3").when(inactive90),
		stig(STIGInactiveAccounts, "Accounts are disabled after 35 days of inactivity").when(inactive35),
	},
	CheckAdminRoles: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", srcSCF+"iac-16"),
		req(FrameworkSOC2, "CC6.3", "Access granted and removed by role and least privilege", std+"AICPA TSC 2017 CC6.3"),
		req(FrameworkISO27001, "A.8.2", "Privileged access rights", srcSCF+"iac-16"),
		req(FrameworkNIST, "AC-6", "Least privilege", srcSCF+"iac-21.3"),
		req(FrameworkNIST, "AC-6(5)", "Least privilege: privileged accounts", srcSCF+"iac-21.3"),
		req(FrameworkPCIDSS, "7.2.2", "Access assigned by job function, least privileges", srcCMAccess),
		req(FrameworkHIPAA, "164.308(a)(4)(ii)(B)", "Access authorization", std+"45 CFR 164.308(a)(4)(ii)(B)"),
	},
	CheckAPIToken: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkSOC2, "CC6.3", "Access granted and removed by role and least privilege", std+"AICPA TSC 2017 CC6.3"),
		req(FrameworkISO27001, "A.5.17", "Authentication information", srcAskMeIdentity),
		req(FrameworkISO27001, "A.8.2", "Privileged access rights", srcAskMeIdentity),
		req(FrameworkNIST, "IA-5", "Authenticator management", std+"NIST SP 800-53 Rev. 5 IA-5"),
		req(FrameworkNIST, "AC-6", "Least privilege", std+"NIST SP 800-53 Rev. 5 AC-6"),
		req(FrameworkCIS, "5.5", "Inventory of service accounts", srcCyberdayCIS55).when(tokenOwners),
		req(FrameworkPCIDSS, "7.2.5", "Application and system accounts assigned least privileges", std+"PCI DSS v4.0.1 7.2.5"),
		req(FrameworkHIPAA, "164.312(a)(1)", "Access control: software programs granted access rights", std+"45 CFR 164.312(a)(1)"),
		stig(STIGTokenNetworkZone, "API tokens are restricted to network zones").when(tokenNetwork),
		stig(STIGTokenDedicatedOwner, "API tokens are created under dedicated user accounts").when(tokenOwners),
	},
	CheckAuthenticationPolicy: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkISO27001, "A.8.5", "Secure authentication", std+"ISO/IEC 27001:2022 Annex A 8.5").when(authnMFAOrPR),
		req(FrameworkNIST, "IA-2(1)", "Multi-factor authentication to privileged accounts", srcSCF+"iac-06").when(authnAdminConsoleMFA),
		req(FrameworkNIST, "IA-2(2)", "Multi-factor authentication to non-privileged accounts", srcSCF+"iac-06").when(authnDashboardMFA),
		req(FrameworkNIST, "IA-2(8)", "Access to accounts: replay resistant",
			std+"NIST SP 800-53 Rev. 5 IA-2(8); SP 800-63B §5.2.8 (phishing-resistant authenticators are challenge-response)").
			when(authnPhishingResistant),
		req(FrameworkCIS, "6.3", "Require MFA for externally-exposed applications", srcSCF+"iac-06").when(authnEveryAppMFA),
		req(FrameworkCIS, "6.5", "Require MFA for administrative access", srcCMMFA).when(authnAdminConsoleMFA),
		req(FrameworkPCIDSS, "8.4.2", "MFA for all access into the CDE", srcCMMFA).when(authnEveryAppMFA),
		req(FrameworkHIPAA, "164.312(d)", "Person or entity authentication", srcCMMFA),
		stig(STIGDashboardPhishingResistant, "Okta Dashboard: phishing-resistant authenticators only").when(authnDashboardPR),
		stig(STIGAdminConsolePhishingResistant, "Okta Admin Console: phishing-resistant authenticators only").when(authnAdminConsolePR),
		stig(STIGAdminConsoleMFA, "Okta Admin Console: multifactor authentication").when(authnAdminConsoleMFA),
		stig(STIGDashboardMFA, "Okta Dashboard: multifactor authentication").when(authnDashboardMFA),
		stig(STIGAppNetworkZones, "Every app's authentication policy restricts network zones").when(authnEveryAppZone),
	},
	CheckNetworkZone: {
		req(FrameworkSOC2, "CC6.6", "Logical access from outside the system boundaries", std+"AICPA TSC 2017 CC6.6"),
		req(FrameworkNIST, "SC-7", "Boundary protection", std+"NIST SP 800-53 Rev. 5 SC-7 (anonymizer traffic denied at the sign-in interface)"),
		stig(STIGAnonymizerBlocklist, "Network zones block anonymizing proxies"),
	},
	CheckAuthenticator: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkISO27001, "A.8.5", "Secure authentication", std+"ISO/IEC 27001:2022 Annex A 8.5"),
		req(FrameworkNIST, "IA-2(12)", "Acceptance of PIV credentials", std+"NIST SP 800-53 Rev. 5 IA-2(12)").when(authenticatorSmartCard),
		req(FrameworkNIST, "IA-5(2)", "Public key-based authentication: path to an accepted trust anchor",
			std+"NIST SP 800-53 Rev. 5 IA-5(2)(a)(1)").when(authenticatorIssuers),
		req(FrameworkNIST, "SC-13", "Cryptographic protection (FIPS-validated)", std+"NIST SP 800-53 Rev. 5 SC-13").when(authenticatorFIPS),
		req(FrameworkHIPAA, "164.312(d)", "Person or entity authentication", std+"45 CFR 164.312(d)"),
		stig(STIGSmartCard, "PIV/CAC credentials are accepted").when(authenticatorSmartCard),
		stig(STIGOktaVerifyFIPS, "Okta Verify connects only to FIPS-compliant devices").when(authenticatorFIPS),
		stig(STIGSmartCardCA, "Only DOD-approved certificate authorities are used").when(authenticatorIssuers),
	},
	// Off-loading the audit trail to a central log server.
	CheckLogStream: {
		req(FrameworkSOC2, "CC7.2", "System components are monitored for anomalies", std+"AICPA TSC 2017 CC7.2"),
		req(FrameworkISO27001, "A.8.15", "Logging: logs stored and protected", std+"ISO/IEC 27001:2022 Annex A 8.15").when(logWholeTrail),
		req(FrameworkNIST, "AU-4(1)", "Transfer audit logs to alternate storage", std+"NIST SP 800-53 Rev. 5 AU-4(1)").when(logWholeTrail),
		req(FrameworkNIST, "AU-9(2)", "Store audit records on separate physical systems", std+"NIST SP 800-53 Rev. 5 AU-9(2)").when(logWholeTrail),
		req(FrameworkCIS, "8.9", "Centralize audit logs", std+"CIS Controls v8.1 Safeguard 8.9").when(logWholeTrail),
		req(FrameworkPCIDSS, "10.3.3", "Audit logs promptly backed up to a central log server", std+"PCI DSS v4.0.1 10.3.3").when(logWholeTrail),
		req(FrameworkHIPAA, "164.312(b)", "Audit controls", std+"45 CFR 164.312(b)"),
		stig(STIGLogOffload, "Audit records are off-loaded to a central log server").when(logWholeTrail),
	},
	// Which web origins may call Okta from a browser, receive its redirects
	// or frame its sign-in page.
	CheckTrustedOrigin: {
		req(FrameworkSOC2, "CC6.6", "Logical access from outside the system boundaries", std+"AICPA TSC 2017 CC6.6"),
		req(FrameworkISO27001, "A.8.26", "Application security requirements", std+"ISO/IEC 27001:2022 Annex A 8.26"),
		req(FrameworkNIST, "AC-4", "Information flow enforcement", std+"NIST SP 800-53 Rev. 5 AC-4 (cross-origin flows to the sign-in service)"),
		req(FrameworkNIST, "SC-8", "Transmission confidentiality and integrity", std+"NIST SP 800-53 Rev. 5 SC-8 (no plain http origins)"),
	},
	// Apps sign in through federation, not stored passwords; OAuth clients
	// use no deprecated grant; no app sits unassigned.
	CheckAppSignOn: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkISO27001, "A.8.5", "Secure authentication", std+"ISO/IEC 27001:2022 Annex A 8.5"),
		req(FrameworkNIST, "IA-2", "Identification and authentication (organizational users)", std+"NIST SP 800-53 Rev. 5 IA-2"),
		req(FrameworkNIST, "IA-5", "Authenticator management", std+"NIST SP 800-53 Rev. 5 IA-5 (no passwords stored for replay)"),
		req(FrameworkCIS, "6.7", "Centralize access control", std+"CIS Controls v8.1 Safeguard 6.7 (access through an SSO provider)"),
	},
	// Posture checks (issue #18).
	// ThreatInsight: sign-in requests from IP addresses known for
	// credential-based attacks are logged (audit) and denied (block).
	CheckThreatInsight: {
		req(FrameworkSOC2, "CC6.6", "Logical access from outside the system boundaries", std+"AICPA TSC 2017 CC6.6"),
		req(FrameworkSOC2, "CC7.2", "System components are monitored for anomalies", std+"AICPA TSC 2017 CC7.2"),
		req(FrameworkISO27001, "A.8.16", "Monitoring activities", std+"ISO/IEC 27001:2022 Annex A 8.16"),
		req(FrameworkNIST, "SI-4", "System monitoring", std+"NIST SP 800-53 Rev. 5 SI-4 (suspicious sign-in sources detected)"),
		req(FrameworkNIST, "SC-7", "Boundary protection",
			std+"NIST SP 800-53 Rev. 5 SC-7 (requests from known-malicious addresses denied at the sign-in interface)").when(threatInsightBlock),
	},
	// Behavior detection: sign-ins from a new country, device or IP, or at
	// an impossible velocity, are detected and, used by a policy, challenged.
	CheckBehaviorDetection: {
		req(FrameworkSOC2, "CC7.2", "System components are monitored for anomalies", std+"AICPA TSC 2017 CC7.2"),
		req(FrameworkISO27001, "A.8.16", "Monitoring activities", std+"ISO/IEC 27001:2022 Annex A 8.16"),
		req(FrameworkNIST, "AC-2(12)", "Account monitoring for atypical usage", std+"NIST SP 800-53 Rev. 5 AC-2(12)"),
		req(FrameworkNIST, "IA-10", "Adaptive authentication",
			std+"NIST SP 800-53 Rev. 5 IA-10 (further authentication when a sign-in is atypical)").when(behaviorPolicyUse),
	},
	CheckResidualAccess: {
		req(FrameworkSOC2, "CC6.2", "Registration, authorization and deregistration of users", srcSCF+"iac-07"),
		req(FrameworkSOC2, "CC6.3", "Access granted and removed by role and least privilege", srcSCF+"iac-07.1"),
		req(FrameworkISO27001, "A.5.18", "Access rights", srcSCF+"iac-07.1"),
		req(FrameworkNIST, "AC-2", "Account management", srcCMAccess),
		req(FrameworkNIST, "PS-4", "Personnel termination: disable system access", std+"NIST SP 800-53 Rev. 5 PS-4 a"),
		req(FrameworkCIS, "6.2", "Establish an access revoking process", srcSCF+"iac-07"),
		req(FrameworkPCIDSS, "8.2.5", "Access for terminated users is immediately revoked", srcSCF+"iac-07.1").
			when(residualSameDay),
		req(FrameworkHIPAA, "164.308(a)(3)(ii)(C)", "Termination procedures", std+"45 CFR 164.308(a)(3)(ii)(C)"),
	},
	CheckPrivilegedAccounts: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkSOC2, "CC6.3", "Access granted and removed by role and least privilege", std+"AICPA TSC 2017 CC6.3"),
		req(FrameworkISO27001, "A.8.2", "Privileged access rights", srcSCF+"iac-16"),
		req(FrameworkISO27001, "A.8.5", "Secure authentication", std+"ISO/IEC 27001:2022 Annex A 8.5").when(privilegedMFA),
		req(FrameworkNIST, "AC-6(5)", "Least privilege: privileged accounts", srcSCF+"iac-21.3"),
		req(FrameworkNIST, "IA-2(1)", "Multi-factor authentication to privileged accounts", srcSCF+"iac-06").when(privilegedMFA),
		req(FrameworkNIST, "AC-2(3)", "Disable accounts: inactive", srcSCF+"iac-15.3").when(privilegedDormant),
		req(FrameworkCIS, "6.5", "Require MFA for administrative access", std+"CIS Controls v8.1 Safeguard 6.5").when(privilegedMFA),
		req(FrameworkPCIDSS, "8.2.6", "Inactive accounts removed or disabled within 90 days", srcSCF+"iac-15.3").
			when(privilegedDormant90),
	},

	// Factor enrollment: users enroll a second factor, no weak one (SMS,
	// voice, security question) and, when required, a phishing-resistant one.
	CheckFactorEnrollment: {
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkISO27001, "A.8.5", "Secure authentication", std+"ISO/IEC 27001:2022 Annex A 8.5"),
		req(FrameworkNIST, "IA-5", "Authenticator management", std+"NIST SP 800-53 Rev. 5 IA-5"),
		req(FrameworkNIST, "IA-2(1)", "Multi-factor authentication to privileged accounts",
			std+"NIST SP 800-53 Rev. 5 IA-2(1) (a second factor enrolled)").when(enrollmentMFA),
		req(FrameworkNIST, "IA-2(8)", "Access to accounts: replay resistant",
			std+"NIST SP 800-53 Rev. 5 IA-2(8) (phishing-resistant authenticator enrolled)").when(enrollmentPhishingResistant),
	},
	// Device assurance: devices are admitted only with a managed posture
	// (OS version, disk encryption, screen lock…).
	CheckDeviceAssurance: {
		req(FrameworkSOC2, "CC6.8", "Prevent or detect unauthorized or malicious software", std+"AICPA TSC 2017 CC6.8"),
		req(FrameworkSOC2, "CC6.1", "Logical access security", std+"AICPA TSC 2017 CC6.1"),
		req(FrameworkISO27001, "A.8.1", "User endpoint devices", std+"ISO/IEC 27001:2022 Annex A 8.1"),
		req(FrameworkNIST, "AC-19", "Access control for mobile devices", std+"NIST SP 800-53 Rev. 5 AC-19"),
		req(FrameworkNIST, "CM-6", "Configuration settings", std+"NIST SP 800-53 Rev. 5 CM-6 (device posture enforced at sign-in)"),
		req(FrameworkCIS, "3.6", "Encrypt data on end-user devices", std+"CIS Controls v8.1 Safeguard 3.6").when(deviceDiskEncryption),
		req(FrameworkCIS, "4.3", "Configure automatic session locking on enterprise assets",
			std+"CIS Controls v8.1 Safeguard 4.3 (a screen lock required of the devices admitted)").when(deviceScreenLock),
	},
}

// Checks returns the checks of the catalog, sorted.
func Checks() []string {
	cs := make([]string, 0, len(catalog))
	for c := range catalog {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	return cs
}

// CatalogFor returns the mappings of a check, in framework display order,
// then by requirement; nil for an unknown check.
func CatalogFor(check string) []Mapping {
	ms := slices.Clone(catalog[check])
	slices.SortStableFunc(ms, func(a, b Mapping) int {
		if c := frameworkRank(a.Framework) - frameworkRank(b.Framework); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return ms
}

func frameworkRank(id string) int {
	return slices.IndexFunc(frameworks, func(f Framework) bool { return f.ID == id })
}

// LookupRequirement returns the requirement a control names ("SOC2 CC6.1"),
// as the catalog maps it (the first check's source where several map it).
func LookupRequirement(control string) (Requirement, bool) {
	for _, check := range Checks() {
		for _, m := range catalog[check] {
			if m.Control() == control {
				return m.Requirement, true
			}
		}
	}
	return Requirement{}, false
}

// Controls returns the requirements a check lists whatever its inputs, in
// the given frameworks (nil: all), as controls, sorted; nil for an unknown
// check. A Result's Controls add those its inputs meet.
func Controls(check string, frameworks []string) []string {
	var cs []string
	for _, m := range catalog[check] {
		if !m.Conditional() && inFrameworks(m.Framework, frameworks) {
			cs = append(cs, m.Control())
		}
	}
	slices.Sort(cs)
	return cs
}

// ControlsDependOnInputs reports whether some of a check's controls depend on
// its inputs, so that they are unknown while the inputs are.
func ControlsDependOnInputs(check string) bool {
	return slices.ContainsFunc(catalog[check], Mapping.Conditional)
}

// applicableControls are the controls of the check's mappings that apply to
// its normalized input, in the given frameworks (nil: all), sorted.
func applicableControls(check string, input any, frameworks []string) []string {
	cs := []string{}
	for _, m := range catalog[check] {
		if inFrameworks(m.Framework, frameworks) && m.Applies(input) {
			cs = append(cs, m.Control())
		}
	}
	return sortedSet(cs)
}

func inFrameworks(id string, frameworks []string) bool {
	return frameworks == nil || slices.Contains(frameworks, id)
}
