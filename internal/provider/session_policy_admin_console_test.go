package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestAccSessionPolicyAdminConsole judges the Okta Admin Console's own
// session settings (STIG V-273187) beside the global session policy.
func TestAccSessionPolicyAdminConsole(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	org.AdminConsole = &oktasim.AdminConsoleSettings{SessionIdleTimeoutMinutes: 30, SessionMaxLifetimeMinutes: 1440}
	checkLifecycle{
		typ: "oktagate_session_policy_check", name: "admin", org: org,
		body: `  max_admin_console_idle_minutes     = 15
  max_admin_console_lifetime_minutes = 720
`,
		warn: map[string]string{
			"subjects_evaluated":      "1", // the test org has no sign-on policy
			"violation_count":         "1",
			"violations.0.subject":    "Okta Admin Console",
			"violations.0.subject_id": "admin-console",
			"violations.0.reason":     "Admin Console idle session 30 > 15 minutes; Admin Console session lifetime 1440 > 720 minutes",
			"controls.#":              "5",
			"controls.3":              "SOC2 CC6.1",
			"controls.4":              "STIG V-273187",
		},
		blocked: []string{"(1 violation,", "Okta Admin Console (admin-console): Admin Console idle session 30 > 15 minutes"},
		waive:   []string{"admin-console"},
		fix: func(org *oktasim.Org) {
			org.AdminConsole = nil // Okta's defaults: 15 and 720
		},
		more: func(provider string) []resource.TestStep {
			return []resource.TestStep{{
				// Without an Admin Console limit the settings are not judged.
				Config: provider + "resource \"oktagate_session_policy_check\" \"admin\" {\n}\n",
				Check: checkAttrs("oktagate_session_policy_check.admin", map[string]string{
					"subjects_evaluated": "0", "controls.#": "4", "controls.3": "SOC2 CC6.1", "status": "pass",
				}),
			}}
		},
	}.run(t)
}
