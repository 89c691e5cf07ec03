package compliance

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func TestDeviceAssurance(t *testing.T) {
	mac := okta.DeviceAssurance{ID: "dae1", Name: "Mac baseline", Platform: "MACOS", OSVersionMinimum: "14.4",
		DiskEncryption: []string{"ALL_INTERNAL_VOLUMES"}, ScreenLock: []string{"PASSCODE"}}
	win := okta.DeviceAssurance{ID: "dae2", Name: "Windows", Platform: "WINDOWS", OSVersionMinimums: []string{"10.0.22631", "10.0.19045"}}
	ios := okta.DeviceAssurance{ID: "dae3", Name: "iPhone", Platform: "IOS", DynamicOSVersion: "MINIMUM"}
	allow := func(id, name, cond string) okta.PolicyRule {
		return okta.PolicyRule{ID: id, Name: name, Status: "ACTIVE", Type: PolicyAccess, Conditions: json.RawMessage(cond),
			Actions: json.RawMessage(`{"appSignOn":{"access":"ALLOW"}}`)}
	}
	policies := []okta.Policy{
		{ID: "rstA", Name: OktaAdminConsolePolicy, Type: PolicyAccess, Status: PolicyActive},
		{ID: "rstD", Name: OktaDashboardPolicy, Type: PolicyAccess, Status: "INACTIVE"},
	}
	rules := map[string][]okta.PolicyRule{"rstA": {
		allow("0pr1", "Managed", `{"device":{"assurance":{"include":["dae1"]}}}`),
		allow("0pr2", "Anywhere", `{"network":{"connection":"ANYWHERE"}}`),
		{ID: "0pr3", Name: "Old", Status: "INACTIVE", Actions: json.RawMessage(`{"appSignOn":{"access":"ALLOW"}}`)},
		{ID: "0pr4", Name: "Catch-all Rule", Status: "ACTIVE", Actions: json.RawMessage(`{"appSignOn":{"access":"DENY"}}`)},
	}}
	yes, no := true, false
	const noHardware = "requires no secure hardware, TPM or Secure Enclave (secureHardwarePresent) (require_secure_hardware)"
	const noPolicy = "no device assurance policy for this platform: its devices are admitted whatever their posture"
	const anyDevice = "the rule allows access from any device: it names no device assurance policy (conditions.device.assurance.include)"
	tests := []struct {
		name      string
		das       []okta.DeviceAssurance
		in        DeviceAssuranceInput
		want      []string
		evaluated int
	}{
		{name: "defaults: Windows missing, one rule without a policy", das: []okta.DeviceAssurance{mac}, in: DefaultDeviceAssuranceInput(),
			want: []string{"Okta Admin Console / Anywhere (0pr2): " + anyDevice, "WINDOWS: " + noPolicy}, evaluated: 5},
		{name: "platforms covered, no app policy", das: []okta.DeviceAssurance{win, mac},
			in: DeviceAssuranceInput{RequiredPlatforms: []string{"macos", "WINDOWS"}}, evaluated: 2},
		{name: "OS versions", das: []okta.DeviceAssurance{mac, win, ios},
			in: DeviceAssuranceInput{MinOSVersions: map[string]string{"macos": "15", "windows": "10.0.19045", "IOS": "18.1", "ANDROID": "14"}},
			want: []string{"ANDROID: " + noPolicy,
				"MACOS: no device assurance policy requires osVersion 15 or later (min_os_versions); minimums: Mac baseline: 14.4"},
			evaluated: 4},
		{name: "Windows: every major version's minimum must suffice", das: []okta.DeviceAssurance{win},
			in:   DeviceAssuranceInput{MinOSVersions: map[string]string{"WINDOWS": "10.0.22000"}},
			want: []string{"WINDOWS: no device assurance policy requires osVersion 10.0.22000 or later (min_os_versions); minimums: Windows: 10.0.22631, 10.0.19045"}, evaluated: 1},
		{name: "app policies missing or inactive", das: []okta.DeviceAssurance{},
			in:   DeviceAssuranceInput{AppPolicyNames: []string{OktaDashboardPolicy, "Wiki"}},
			want: []string{"Okta Dashboard (rstD): the policy is INACTIVE, not ACTIVE", "Wiki: no authentication policy has this name (app_policy_names)"}, evaluated: 2},
		{name: "posture: each setting judged only where the platform defines it", das: []okta.DeviceAssurance{mac, win, ios,
			{ID: "dae4", Name: "Android", Platform: "ANDROID", DiskEncryption: []string{"FULL"}, ScreenLock: []string{"PASSCODE"},
				Jailbreak: &no, SecureHardwarePresent: &yes},
			{ID: "dae5", Name: "Rooted", Platform: "ANDROID", Jailbreak: &yes},
			{ID: "dae6", Name: "Chromebook", Platform: "CHROMEOS"}},
			in: DeviceAssuranceInput{RequireDiskEncryption: true, RequireScreenLock: true, RequireNoJailbreak: true, RequireSecureHardware: true},
			want: []string{
				"Mac baseline (dae1): MACOS policy " + noHardware,
				"Rooted (dae5): ANDROID policy requires no disk encryption (diskEncryptionType) (require_disk_encryption); " +
					"requires no screen lock (screenLockType) (require_screen_lock); admits jailbroken or rooted devices " +
					"(jailbreak is not false) (require_no_jailbreak); " + noHardware,
				"Windows (dae2): WINDOWS policy requires no disk encryption (diskEncryptionType) (require_disk_encryption); " +
					"requires no screen lock (screenLockType) (require_screen_lock); " + noHardware,
				"iPhone (dae3): IOS policy requires no screen lock (screenLockType) (require_screen_lock); admits jailbroken " +
					"or rooted devices (jailbreak is not false) (require_no_jailbreak)",
			}, evaluated: 5},
		{name: "posture: one setting", das: []okta.DeviceAssurance{mac, win, ios},
			in:   DeviceAssuranceInput{RequireNoJailbreak: true},
			want: []string{"iPhone (dae3): IOS policy admits jailbroken or rooted devices (jailbreak is not false) (require_no_jailbreak)"}, evaluated: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Facts{Now: now, DeviceAssurances: tt.das, Policies: policies, PolicyRules: rules}
			r := mustOK(t)(DeviceAssurance(f, tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != tt.evaluated {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tt.evaluated)
			}
		})
	}
}

// TestDeviceAssuranceInputAndMissing: unknown platforms and versions are
// refused; without the facts it reads the rule refuses to judge.
func TestDeviceAssuranceInputAndMissing(t *testing.T) {
	for in, want := range map[*DeviceAssuranceInput]string{
		{RequiredPlatforms: []string{"LINUX"}}:                     `required_platforms: "LINUX" is not a platform`,
		{MinOSVersions: map[string]string{"BEOS": "5"}}:            `min_os_versions: "BEOS" is not a platform`,
		{MinOSVersions: map[string]string{"MACOS": "Sonoma"}}:      `min_os_versions["MACOS"]: "Sonoma" is not a version`,
		{MinOSVersions: map[string]string{"WINDOWS": "10..19045"}}: `"10..19045" is not a version`,
	} {
		if _, err := in.Normalized(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: error %v, want %q", *in, err, want)
		}
	}
	var mf *MissingFactsError
	if _, err := DeviceAssurance(&Facts{Now: now}, DeviceAssuranceInput{}); !errors.As(err, &mf) {
		t.Errorf("error %v, want MissingFactsError", err)
	}
	if _, err := DeviceAssurance(&Facts{Now: now, DeviceAssurances: []okta.DeviceAssurance{}}, DefaultDeviceAssuranceInput()); !errors.As(err, &mf) {
		t.Errorf("without policies: error %v, want MissingFactsError", err)
	}
}
