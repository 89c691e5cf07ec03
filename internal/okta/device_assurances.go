package okta

import (
	"context"
	"strings"
)

// Device assurance platforms (/api/v1/device-assurances platform).
const (
	PlatformAndroid  = "ANDROID"
	PlatformChromeOS = "CHROMEOS"
	PlatformIOS      = "IOS"
	PlatformMacOS    = "MACOS"
	PlatformWindows  = "WINDOWS"
)

// DeviceAssurance is a device assurance policy: the posture a device of one
// platform must have for an authentication policy rule that names it to
// admit it. A field the platform does not define, or the policy does not
// set, is empty (nil for the booleans).
type DeviceAssurance struct {
	ID, Name, Platform string
	// OSVersionMinimum is osVersion.minimum; Windows may instead hold one
	// minimum per major version (osVersionConstraints[].minimum), kept in
	// OSVersionMinimums. Dynamic requirements are kept as DynamicOSVersion
	// (their type, e.g. MINIMUM).
	OSVersionMinimum  string
	OSVersionMinimums []string
	DynamicOSVersion  string
	// DiskEncryption and ScreenLock are diskEncryptionType.include and
	// screenLockType.include.
	DiskEncryption []string
	ScreenLock     []string
	// Jailbreak false requires a device that is not jailbroken or rooted;
	// SecureHardwarePresent true requires a TPM or Secure Enclave.
	Jailbreak             *bool
	SecureHardwarePresent *bool
}

type wireOSVersion struct {
	Minimum                   string `json:"minimum"`
	DynamicVersionRequirement *struct {
		Type string `json:"type"`
	} `json:"dynamicVersionRequirement"`
}

type wireDeviceAssurance struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Platform    string         `json:"platform"`
	OSVersion   *wireOSVersion `json:"osVersion"`
	Constraints []struct {
		wireOSVersion
		MajorVersionConstraint string `json:"majorVersionConstraint"`
	} `json:"osVersionConstraints"`
	DiskEncryptionType *struct {
		Include []string `json:"include"`
	} `json:"diskEncryptionType"`
	ScreenLockType *struct {
		Include []string `json:"include"`
	} `json:"screenLockType"`
	Jailbreak             *bool `json:"jailbreak"`
	SecureHardwarePresent *bool `json:"secureHardwarePresent"`
}

func (w wireDeviceAssurance) model() DeviceAssurance {
	d := DeviceAssurance{ID: w.ID, Name: w.Name, Platform: strings.ToUpper(w.Platform),
		Jailbreak: w.Jailbreak, SecureHardwarePresent: w.SecureHardwarePresent}
	if w.OSVersion != nil {
		d.OSVersionMinimum = w.OSVersion.Minimum
		if w.OSVersion.DynamicVersionRequirement != nil {
			d.DynamicOSVersion = w.OSVersion.DynamicVersionRequirement.Type
		}
	}
	for _, c := range w.Constraints {
		if c.Minimum != "" {
			d.OSVersionMinimums = append(d.OSVersionMinimums, c.Minimum)
		}
		if c.DynamicVersionRequirement != nil && d.DynamicOSVersion == "" {
			d.DynamicOSVersion = c.DynamicVersionRequirement.Type
		}
	}
	if w.DiskEncryptionType != nil {
		d.DiskEncryption = w.DiskEncryptionType.Include
	}
	if w.ScreenLockType != nil {
		d.ScreenLock = w.ScreenLockType.Include
	}
	return d
}

// ListDeviceAssurances lists the org's device assurance policies (GET
// /api/v1/device-assurances, scope okta.deviceAssurance.read). Okta's spec
// gives the list no paging parameters; Link pages are followed should it
// send them.
func (c *Client) ListDeviceAssurances(ctx context.Context) ([]DeviceAssurance, error) {
	ws, err := listAll[wireDeviceAssurance](ctx, c, "/api/v1/device-assurances", callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]DeviceAssurance, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}
