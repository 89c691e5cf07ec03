package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

// checkResources lists the compliance check resources.
func checkResources() []func() resource.Resource {
	return []func() resource.Resource{
		newMFACheckResource,
		newOffboardingCheckResource,
		newUniqueEmailCheckResource,
		newAccessReviewResource,
		newScopeCheckResource,
		newPasswordPolicyCheckResource,
		newSessionPolicyCheckResource,
		newInactiveUsersCheckResource,
		newAdminRolesCheckResource,
		newAPITokenCheckResource,
		newAuthenticationPolicyCheckResource,
		newNetworkZoneCheckResource,
		newAuthenticatorCheckResource,
		newLogStreamCheckResource,
		newTrustedOriginCheckResource,
		newAppSignOnCheckResource,
		// Posture checks (issue #18).
		newThreatInsightCheckResource,
		newBehaviorDetectionCheckResource,
		newResidualAccessCheckResource,
		newPrivilegedAccountsCheckResource,
		newFactorEnrollmentCheckResource,
		newDeviceAssuranceCheckResource,
	}
}
