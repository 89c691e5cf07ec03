package compliance

// descriptions say in one sentence, for a reader who does not know Terraform
// (an auditor reading the evidence report), what each check verifies. The
// thresholds are named by the check's arguments, whose values the report shows
// from the evidence's inputs.
var descriptions = map[string]string{
	CheckMFA: "Every in-scope user has at least min_factors active factors of an allowed type " +
		"(only phishing-resistant ones when phishing_resistant is set); pending or unenrolled factors never count.",
	CheckOffboarding: "Every listed leaver, once their offboarding date and the grace period have passed, " +
		"is deprovisioned and holds no app assignment and no group membership.",
	CheckUniqueEmail: "No two accounts share an email address, and every email is in an allowed domain when domains are listed.",
	CheckAccessReview: "Every assignment to the application was approved in a review (directly or through an approved group), " +
		"and the review is no older than max_review_age_days.",
	CheckScope:          "OAuth service apps hold only the allowed (by default read-only) API scopes and the allowed client admin roles.",
	CheckPasswordPolicy: "Every active password policy meets the minimum length, complexity, history, age and lockout thresholds, and HealthInsight's recovery, unlock and name-exclusion settings.",
	CheckSessionPolicy: "Every active sign-on rule that allows sign-in limits idle and total session time " +
		"and requires a second factor when require_mfa is set.",
	CheckInactiveUsers: "No in-scope user has gone without signing in for more than max_inactive_days.",
	CheckAdminRoles: "Every administrator role is held by a user, group or OAuth client an approved entry grants it to, " +
		"and no more users than max_super_admins are Super Administrators.",
	CheckAPIToken: "Every API token is owned by an allowed, active owner with only allowed roles, " +
		"is restricted to a network zone when required, and is not expired or about to expire.",
	CheckAuthenticationPolicy: "Every active rule of the selected authentication policies that allows access requires " +
		"the required assurance (multiple factors, phishing resistance, re-authentication interval, network).",
	CheckNetworkZone: "An active blocklist network zone blocks every anonymizing proxy, Tor included, before authentication.",
	CheckAuthenticator: "The org's authenticators are as required: the required ones active, the forbidden ones not, " +
		"and Okta Verify limited to FIPS-compliant devices when required.",
	CheckLogStream: "At least one active log stream sends the System Log to a central log server.",
	CheckTrustedOrigin: "Every active trusted origin is an encrypted origin without a wildcard host, in an allowed domain, " +
		"trusted only for the allowed scopes (by default not to frame the sign-in page).",
	CheckAppSignOn: "Every active app signs in with an allowed, by default federated, sign-on mode rather than a stored password, " +
		"its OAuth client allows no forbidden grant (implicit, password), and it is assigned to someone.",
	CheckThreatInsight: "ThreatInsight blocks sign-in requests from suspicious IP addresses (or at least logs them when " +
		"require_block is false) and exempts no network zone beyond allowed_excluded_zone_ids.",
	CheckBehaviorDetection: "Behavior detection rules of the required kinds (new country, device, IP, velocity…) are " +
		"active and, when require_policy_use is set, every active one is used by an active sign-in policy rule.",

	CheckResidualAccess: "No suspended or deprovisioned user, once the grace period after their status changed has passed, " +
		"still holds an app assignment or a group membership.",
	CheckPrivilegedAccounts: "Every administrator has enough active factors, a phishing-resistant one among them, " +
		"a password younger than the limit and a recent sign-in, and no more users hold admin roles than the limit.",

	CheckFactorEnrollment: "Every active authenticator enrollment policy forbids the weak authenticators (SMS and voice, " +
		"security questions) not allowed, requires a second factor and, when required, a phishing-resistant one.",
	CheckDeviceAssurance: "Every required platform has a device assurance policy (with a recent enough OS version when " +
		"required), and the selected authentication policies admit only devices that meet one.",
}

// Describe says in one sentence what a check verifies, given its resource type
// (e.g. "oktagate_mfa_check"). An unknown type gets a generic sentence rather
// than nothing, so a report written by an older build still reads.
func Describe(check string) string {
	if d, ok := descriptions[check]; ok {
		return d
	}
	return "A compliance check of the Okta org (" + check + "); its evidence lists its inputs and findings."
}
