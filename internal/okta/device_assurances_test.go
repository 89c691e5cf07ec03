package okta

import (
	"slices"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestListDeviceAssurances reads each platform's fields as Okta's spec names
// them: a static and a dynamic osVersion, Windows' per-major-version
// constraints, disk encryption, screen lock, jailbreak and secure hardware.
func TestListDeviceAssurances(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	org := oktasim.NewOrg()
	org.DeviceAssurances = []*oktasim.DeviceAssurance{
		{ID: "dae1", Name: "Mac", Platform: "MACOS", Created: at, LastUpdated: at, Settings: map[string]any{
			"osVersion":             map[string]any{"minimum": "14.4"},
			"diskEncryptionType":    map[string]any{"include": []string{"ALL_INTERNAL_VOLUMES"}},
			"screenLockType":        map[string]any{"include": []string{"PASSCODE", "BIOMETRIC"}},
			"secureHardwarePresent": true,
		}},
		{ID: "dae2", Name: "Windows", Platform: "WINDOWS", Created: at, LastUpdated: at, Settings: map[string]any{
			"osVersionConstraints": []any{
				map[string]any{"majorVersionConstraint": "WINDOWS_11", "minimum": "10.0.22631"},
				map[string]any{"majorVersionConstraint": "WINDOWS_10", "dynamicVersionRequirement": map[string]any{"type": "MINIMUM"}},
			},
		}},
		{ID: "dae3", Name: "Phones", Platform: "IOS", Created: at, LastUpdated: at, Settings: map[string]any{
			"jailbreak": false, "osVersion": map[string]any{"dynamicVersionRequirement": map[string]any{"type": "EXACT_ANY_SUPPORTED"}},
		}},
	}
	ds, err := postureClient(t, org).ListDeviceAssurances(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 3 {
		t.Fatalf("got %d policies, want 3: %+v", len(ds), ds)
	}
	mac, win, ios := ds[0], ds[1], ds[2]
	if mac.Platform != PlatformMacOS || mac.OSVersionMinimum != "14.4" || !slices.Equal(mac.DiskEncryption, []string{"ALL_INTERNAL_VOLUMES"}) ||
		!slices.Equal(mac.ScreenLock, []string{"PASSCODE", "BIOMETRIC"}) || mac.SecureHardwarePresent == nil || !*mac.SecureHardwarePresent || mac.Jailbreak != nil {
		t.Errorf("macOS %+v", mac)
	}
	if win.OSVersionMinimum != "" || !slices.Equal(win.OSVersionMinimums, []string{"10.0.22631"}) || win.DynamicOSVersion != "MINIMUM" {
		t.Errorf("Windows %+v", win)
	}
	if ios.Jailbreak == nil || *ios.Jailbreak || ios.DynamicOSVersion != "EXACT_ANY_SUPPORTED" {
		t.Errorf("iOS %+v", ios)
	}
}
