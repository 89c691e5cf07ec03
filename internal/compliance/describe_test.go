package compliance

import (
	"strings"
	"testing"
)

// Every check type has its own sentence: a check added without one would read
// as the generic fallback in the auditor's report.
func TestDescribeEveryCheck(t *testing.T) {
	checks := []string{CheckMFA, CheckOffboarding, CheckUniqueEmail, CheckAccessReview, CheckScope,
		CheckPasswordPolicy, CheckSessionPolicy, CheckInactiveUsers, CheckAdminRoles, CheckAPIToken,
		CheckAuthenticationPolicy, CheckNetworkZone, CheckAuthenticator, CheckLogStream,
		// Posture checks (issue #18).
		CheckThreatInsight, CheckBehaviorDetection}
	seen := map[string]string{}
	for _, c := range checks {
		d := Describe(c)
		if strings.Contains(d, c) || !strings.HasSuffix(d, ".") {
			t.Errorf("Describe(%q) = %q, want a sentence of its own", c, d)
		}
		if prev, ok := seen[d]; ok {
			t.Errorf("%s and %s share a description", prev, c)
		}
		seen[d] = c
	}
	if d := Describe("oktagate_future_check"); !strings.Contains(d, "oktagate_future_check") {
		t.Errorf("Describe of an unknown type = %q, want it to name the type", d)
	}
}
