package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// demoRuleID is the id of the demo org's rule of that name in the policy.
func demoRuleID(org *oktasim.Org, policyID, name string) string {
	for _, p := range org.Policies {
		if p.ID != policyID {
			continue
		}
		for _, r := range p.Rules {
			if r.Name == name {
				return r.ID
			}
		}
	}
	panic("the demo org's policy " + policyID + " has no rule " + name)
}

// TestAccDeviceAssuranceCheck runs against the demo org (a macOS policy at
// 14.4, no Windows one; the Admin Console's allowing rule names no device
// assurance policy) through one-item pages and a 429 on the first request to
// each endpoint: WINDOWS and the rule violate, macOS passes. Requiring macOS
// 15 fails macOS too; a Windows policy and the rule naming the macOS policy
// (changed in the simulator) pass. An Android policy without disk
// encryption that admits rooted devices fails the default posture, passes
// without it; secure hardware, asked for, fails the policies that lack it; a
// bad platform is refused.
func TestAccDeviceAssuranceCheck(t *testing.T) {
	t.Parallel()
	org := fixtures.DemoOrg(1, time.Now().UTC())
	admin := demoPolicyID(org, "ACCESS_POLICY", fixtures.DemoAdminConsolePolicy)
	rule := demoRuleID(org, admin, "Admin App Policy")
	s, provider := startThrottledSim(t, org, 1, first429("/api/v1/device-assurances", "/api/v1/policies")...)
	const addr = "oktagate_device_assurance_check.da"
	config := func(body string) string {
		return provider + "resource \"oktagate_device_assurance_check\" \"da\" {\n" + body + "}\n"
	}
	fix := func() {
		org.Lock()
		defer org.Unlock()
		mac := org.DeviceAssurances[0].ID
		org.DeviceAssurances = append(org.DeviceAssurances, &oktasim.DeviceAssurance{ID: "daeWindows", Name: "Windows baseline",
			Platform: "WINDOWS", Settings: map[string]any{"osVersion": map[string]any{"minimum": "10.0.22631"},
				"diskEncryptionType": map[string]any{"include": []string{"ALL_INTERNAL_VOLUMES"}},
				"screenLockType":     map[string]any{"include": []string{"PASSCODE", "BIOMETRIC"}}}})
		for _, p := range org.Policies {
			for i := range p.Rules {
				if p.Rules[i].ID == rule {
					p.Rules[i].Conditions["device"] = map[string]any{"assurance": map[string]any{"include": []string{mac, "daeWindows"}}}
				}
			}
		}
	}
	addMobile := func() {
		org.Lock()
		defer org.Unlock()
		no := false
		org.DeviceAssurances = append(org.DeviceAssurances,
			&oktasim.DeviceAssurance{ID: "daeAndroid", Name: "Android BYOD", Platform: "ANDROID",
				Settings: map[string]any{"screenLockType": map[string]any{"include": []string{"PASSCODE"}}}},
			&oktasim.DeviceAssurance{ID: "daeIOS", Name: "iPhone", Platform: "IOS",
				Settings: map[string]any{"screenLockType": map[string]any{"include": []string{"BIOMETRIC"}}, "jailbreak": no}})
	}
	const posturePass = "  min_os_versions = { MACOS = \"14\", WINDOWS = \"10.0.19045\" }\n" +
		"  require_disk_encryption = false\n  require_no_jailbreak = false\n"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config("  enforcement = \"warn\"\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr, [2]string{fixtures.DemoAdminConsolePolicy + " / Admin App Policy", rule}, [2]string{"WINDOWS", ""}),
					// Two platforms, the macOS policy's posture, the rule.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("required_platforms"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("MACOS"), knownvalue.StringExact("WINDOWS")})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"status":              "fail",
						"violations.1.reason": "no device assurance policy for this platform: its devices are admitted whatever their posture",
					}),
					func(*terraform.State) error {
						var throttled int
						for _, r := range s.Requests() {
							if r.Method != http.MethodGet {
								return fmt.Errorf("a compliance check wrote to Okta: %s %s", r.Method, r.Path)
							}
							if r.Status == http.StatusTooManyRequests {
								throttled++
							}
						}
						if throttled != 2 {
							return fmt.Errorf("the run met %d 429s, want 2; the test proves nothing", throttled)
						}
						return nil
					},
				),
			},
			{
				Config:      config("  required_platforms = [\"MACOS\"]\n  app_policy_names = []\n  min_os_versions = { MACOS = \"15\" }\n"),
				ExpectError: phrases("(1 violation,", "MACOS: no device assurance policy requires osVersion 15 or later", "macOS baseline: 14.4"),
			},
			{
				PreConfig: fix,
				Config:    config("  min_os_versions = { MACOS = \"14\", WINDOWS = \"10.0.19045\" }\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pass")),
				},
			},
			{
				// A BYOD Android policy asks only for a screen lock: no disk
				// encryption, jailbroken devices admitted; the iPhone policy
				// asks for all iOS defines. The defaults fail the Android one.
				PreConfig: addMobile,
				Config:    config("  min_os_versions = { MACOS = \"14\", WINDOWS = \"10.0.19045\" }\n"),
				ExpectError: phrases("(1 violation,", "Android BYOD (daeAndroid): ANDROID policy requires no disk encryption",
					"(require_disk_encryption); admits jailbroken or rooted devices"),
			},
			{
				Config: config(posturePass),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("require_screen_lock"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("require_secure_hardware"), knownvalue.Bool(false)),
				},
			},
			{
				// Secure hardware, asked for: the demo's macOS policy has it,
				// the others do not.
				Config: config("  enforcement = \"warn\"\n  require_secure_hardware = true\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					violationPairs(addr, [2]string{"Android BYOD", "daeAndroid"}, [2]string{"Windows baseline", "daeWindows"}),
				},
			},
			{
				// Last but one: the destroy needs the valid configuration above.
				Config:      config("  required_platforms = [\"LINUX\"]\n"),
				ExpectError: phrases("required_platforms", "MACOS", "WINDOWS"),
			},
			{Config: config("  enforcement = \"warn\"\n  require_secure_hardware = true\n"), PlanOnly: true},
		},
	})
}

// TestAccDeviceAssuranceCheckForbidden: without okta.deviceAssurance.read the
// plan fails naming the scope and the request.
func TestAccDeviceAssuranceCheckForbidden(t *testing.T) {
	t.Parallel()
	_, provider := startForbiddenSim(t, fixtures.DemoOrg(1, time.Now().UTC()), "/api/v1/device-assurances")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config:      provider + "resource \"oktagate_device_assurance_check\" \"da\" {}\n",
			ExpectError: phrases("Missing Okta scope or admin role", "okta.deviceAssurance.read", "GET /api/v1/device-assurances"),
		}},
	})
}
