package provider

import (
	"slices"
	"strings"
	"testing"
)

// TestAccPostureChecksShareOneSnapshot plans the whole demo example with and
// without its posture_checks.tf (the eight posture checks of issue #18):
// every request is made once per plan, and the checks add only the
// endpoints no earlier check reads (ThreatInsight, behaviors, trusted
// origins, device assurances, and the policy types and rules no earlier
// check judged), since the users, factors, apps, groups and roles come from
// the one snapshot the others already read.
func TestAccPostureChecksShareOneSnapshot(t *testing.T) {
	t.Parallel()
	base := demoExample(t, "main.tf", "checks.tf", "evidence_checks.tf", "stig_checks.tf")
	posture := demoExample(t, "posture_checks.tf")
	for _, typ := range []string{
		"oktagate_threat_insight_check", "oktagate_behavior_detection_check", "oktagate_trusted_origin_check",
		"oktagate_app_sign_on_check", "oktagate_residual_access_check", "oktagate_privileged_accounts_check",
		"oktagate_factor_enrollment_check", "oktagate_device_assurance_check",
	} {
		if !strings.Contains(posture, "resource \""+typ+"\"") {
			t.Errorf("examples/demo/posture_checks.tf does not use %s", typ)
		}
	}
	before, beforeTotal := planRequestsByQuery(t, base)
	after, afterTotal := planRequestsByQuery(t, base+posture)
	var added []string
	for k, n := range after {
		if n != 1 {
			t.Errorf("%s requested %d times in one plan", k, n)
		}
		if before[k] == 0 {
			added = append(added, k)
		}
	}
	for k := range before {
		if after[k] == 0 {
			t.Errorf("%s was read without the posture checks but not with them", k)
		}
	}
	slices.Sort(added)
	for _, want := range []string{"/api/v1/threats/configuration", "/api/v1/behaviors", "/api/v1/trustedOrigins", "/api/v1/device-assurances"} {
		if !slices.ContainsFunc(added, func(k string) bool { return strings.HasPrefix(k, want) }) {
			t.Errorf("the posture checks did not read %s; they added %v", want, added)
		}
	}
	for _, k := range added {
		if strings.HasPrefix(k, "/api/v1/users/") && strings.HasSuffix(strings.SplitN(k, "?", 2)[0], "/factors") {
			continue // an admin's factors, when no earlier check read them
		}
		if strings.HasPrefix(k, "/api/v1/users?") || strings.HasPrefix(k, "/api/v1/apps?") || strings.HasPrefix(k, "/api/v1/groups?") {
			t.Errorf("%s: a whole list the snapshot already held was read again", k)
		}
	}
	t.Logf("requests of one plan of examples/demo without posture_checks.tf: %d; with it: %d (added: %s)",
		beforeTotal, afterTotal, strings.Join(added, ", "))
}
