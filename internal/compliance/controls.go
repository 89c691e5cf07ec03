package compliance

import "slices"

// Check type names: the Terraform resource types of the checks, which also name
// the check in its evidence.
const (
	CheckMFA          = "oktagate_mfa_check"
	CheckOffboarding  = "oktagate_offboarding_check"
	CheckUniqueEmail  = "oktagate_unique_email_check"
	CheckAccessReview = "oktagate_access_review"
	CheckScope        = "oktagate_scope_check"
)

// controls maps each check to the controls it gives evidence for. Only mappings
// the check really supports are listed: SOC 2 trust services criteria (CC6.1
// logical access security, CC6.2 registering and deregistering users, CC6.3
// granting and removing access by role and least privilege) and Drata tests or
// controls whose published description is the same test over the identity
// provider. DISA Okta IDaaS STIG rules are not listed for these checks: the
// STIG's MFA rules (V-273193, V-273194) judge authentication policies, not
// users' enrolled factors.
var controls = map[string][]string{
	CheckMFA: {
		"SOC2 CC6.1",
		"Drata Test 86: MFA on Identity Provider",
	},
	CheckOffboarding: {
		"SOC2 CC6.2",
		"SOC2 CC6.3",
		"Drata control: Terminated Employee Access Revoked Within One Business Day",
	},
	CheckUniqueEmail: {
		"SOC2 CC6.1",
		"Drata Test 96: Employees have Unique Email Accounts",
	},
	CheckAccessReview: {
		"SOC2 CC6.2",
		"SOC2 CC6.3",
	},
	CheckScope: {
		"SOC2 CC6.1",
		"SOC2 CC6.3",
	},
}

// Controls returns the controls a check maps to, sorted; nil for an unknown check.
func Controls(check string) []string {
	cs := slices.Clone(controls[check])
	slices.Sort(cs)
	return cs
}
