package okta

import (
	"context"
	"net/http"
)

// AdminConsoleSettings are the Okta Admin Console's own session limits
// (/api/v1/first-party-app-settings/admin-console), in minutes. Okta's
// defaults are 15 idle and 720 (12 hours) in all.
type AdminConsoleSettings struct {
	SessionIdleTimeoutMinutes int
	SessionMaxLifetimeMinutes int
}

// GetAdminConsoleSettings reads the Okta Admin Console's session settings.
func (c *Client) GetAdminConsoleSettings(ctx context.Context) (AdminConsoleSettings, error) {
	var w struct {
		SessionIdleTimeoutMinutes int `json:"sessionIdleTimeoutMinutes"`
		SessionMaxLifetimeMinutes int `json:"sessionMaxLifetimeMinutes"`
	}
	if _, err := c.call(ctx, http.MethodGet, "/api/v1/first-party-app-settings/admin-console", nil, &w, callOpts{}); err != nil {
		return AdminConsoleSettings{}, err
	}
	return AdminConsoleSettings(w), nil
}
