package oktasim

import (
	"net/http"
	"time"
)

// DeviceAssurance is a device assurance policy (/api/v1/device-assurances).
type DeviceAssurance struct {
	ID          string // dae…
	Name        string
	Platform    string // ANDROID, CHROMEOS, IOS, MACOS, WINDOWS
	Created     time.Time
	LastUpdated time.Time
	// Settings are the platform's fields as Okta serves them: osVersion,
	// osVersionConstraints (WINDOWS), diskEncryptionType, screenLockType,
	// jailbreak, secureHardwarePresent, thirdPartySignalProviders.
	Settings map[string]any
}

func renderDeviceAssurance(base string, d *DeviceAssurance) obj {
	o := obj{}
	for k, v := range d.Settings {
		o[k] = v
	}
	o["id"], o["name"], o["platform"] = d.ID, d.Name, d.Platform
	o["createdBy"], o["lastUpdatedBy"] = "00u1admin", "00u1admin"
	o["createdDate"], o["lastUpdate"] = ts(d.Created), ts(d.LastUpdated)
	o["_links"] = obj{"self": obj{"href": base + "/api/v1/device-assurances/" + d.ID,
		"hints": obj{"allow": []string{"GET", "PUT", "DELETE"}}}}
	return o
}

// listDeviceAssurances serves every policy in one array, sorted by id: Okta's
// spec gives the list no paging.
func listDeviceAssurances(c *call) (int, any) {
	list := append([]*DeviceAssurance(nil), c.org.DeviceAssurances...)
	sortStable(list, func(d *DeviceAssurance) string { return d.ID })
	out := make([]obj, 0, len(list))
	for _, d := range list {
		out = append(out, renderDeviceAssurance(c.base(), d))
	}
	return http.StatusOK, out
}
