package oktasim

import "net/http"

// AdminConsoleSettings are the Okta Admin Console's session limits, in
// minutes (/api/v1/first-party-app-settings/admin-console).
type AdminConsoleSettings struct {
	SessionIdleTimeoutMinutes int // 5–720; Okta's default 15
	SessionMaxLifetimeMinutes int // 5–10080; Okta's default 720
}

// DefaultAdminConsoleSettings are Okta's defaults, served when an org sets
// none.
var DefaultAdminConsoleSettings = AdminConsoleSettings{SessionIdleTimeoutMinutes: 15, SessionMaxLifetimeMinutes: 720}

// getFirstPartyAppSettings serves the settings of Okta's first-party apps;
// admin-console is the only one Okta supports.
func getFirstPartyAppSettings(c *call) (int, any) {
	if name := c.path("appName"); name != "admin-console" {
		return 0, errNotFound(name, "first-party app")
	}
	s := DefaultAdminConsoleSettings
	if c.org.AdminConsole != nil {
		s = *c.org.AdminConsole
	}
	return http.StatusOK, obj{
		"sessionIdleTimeoutMinutes": s.SessionIdleTimeoutMinutes,
		"sessionMaxLifetimeMinutes": s.SessionMaxLifetimeMinutes,
	}
}
