package compliance

// Check type names: the Terraform resource types of the checks, which also name
// the check in its evidence.
const (
	CheckMFA          = "oktagate_mfa_check"
	CheckOffboarding  = "oktagate_offboarding_check"
	CheckUniqueEmail  = "oktagate_unique_email_check"
	CheckAccessReview = "oktagate_access_review"
	CheckScope        = "oktagate_scope_check"

	CheckPasswordPolicy = "oktagate_password_policy_check"
	CheckSessionPolicy  = "oktagate_session_policy_check"
	CheckInactiveUsers  = "oktagate_inactive_users_check"
	CheckAdminRoles     = "oktagate_admin_roles_check"
	CheckAPIToken       = "oktagate_api_token_check"

	CheckAuthenticationPolicy = "oktagate_authentication_policy_check"
	CheckNetworkZone          = "oktagate_network_zone_check"
	CheckAuthenticator        = "oktagate_authenticator_check"
	CheckLogStream            = "oktagate_log_stream_check"

	CheckTrustedOrigin = "oktagate_trusted_origin_check"
	CheckAppSignOn     = "oktagate_app_sign_on_check"
)

// Posture checks (issue #18).
const (
	CheckThreatInsight      = "oktagate_threat_insight_check"
	CheckBehaviorDetection  = "oktagate_behavior_detection_check"
	CheckResidualAccess     = "oktagate_residual_access_check"
	CheckPrivilegedAccounts = "oktagate_privileged_accounts_check"

	CheckFactorEnrollment = "oktagate_factor_enrollment_check"
	CheckDeviceAssurance  = "oktagate_device_assurance_check"
)

// DISA Okta IDaaS STIG rules (V1R1; the V-2796xx rules were added in V1R2)
// that a check's thresholds can meet. A check carries the rule in its controls
// only when its inputs are at least as strict as the STIG's value: the
// catalog (catalog.go) holds the conditions.
const (
	STIGSessionIdle         = "STIG V-273186" // global session idle time 15 minutes
	STIGAdminConsoleIdle    = "STIG V-273187" // Okta Admin Console session idle time 15 minutes
	STIGInactiveAccounts    = "STIG V-273188" // accounts disabled after 35 days of inactivity
	STIGLockout             = "STIG V-273189" // lock out after 3 invalid attempts
	STIGPasswordMinLength   = "STIG V-273195" // 15 characters
	STIGPasswordUpperCase   = "STIG V-273196" // one upper-case character
	STIGPasswordLowerCase   = "STIG V-273197" // one lower-case character
	STIGPasswordNumber      = "STIG V-273198" // one digit
	STIGPasswordSymbol      = "STIG V-273199" // one special character
	STIGPasswordMinAge      = "STIG V-273200" // minimum lifetime 24 hours
	STIGPasswordMaxAge      = "STIG V-273201" // maximum lifetime 60 days
	STIGLogOffload          = "STIG V-273202" // audit records off-loaded to a central log server
	STIGSessionLifetime     = "STIG V-273203" // global session lifetime 18 hours
	STIGSmartCard           = "STIG V-273204" // PIV/CAC accepted: the Smart Card authenticator ACTIVE
	STIGOktaVerifyFIPS      = "STIG V-273205" // Okta Verify only on FIPS-compliant devices
	STIGPersistentCookie    = "STIG V-273206" // no persistent global session cookies
	STIGSmartCardCA         = "STIG V-273207" // only DOD-approved CAs: every ACTIVE Smart Card IdP's issuer trusted
	STIGPasswordCommon      = "STIG V-273208" // common password check
	STIGPasswordHistory     = "STIG V-273209" // history of 5 passwords
	STIGTokenNetworkZone    = "STIG V-279689" // API tokens restricted to network zones (V1R2)
	STIGTokenDedicatedOwner = "STIG V-279690" // API tokens created under dedicated accounts (V1R2)
	STIGSessionNetworkZone  = "STIG V-279691" // global session policy allows or denies by IP: a rule on a network zone (V1R2)
)
