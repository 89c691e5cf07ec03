package okta

import (
	"context"
	"net/http"
)

// AssignAppUser assigns a user to an app directly (POST
// /api/v1/apps/{appId}/users with {"id", "scope": "USER"}; okta.apps.manage)
// and returns Okta's X-Okta-Request-Id.
func (c *Client) AssignAppUser(ctx context.Context, appID, userID string) (string, error) {
	body := map[string]any{"id": userID, "scope": "USER"}
	h, err := c.call(ctx, http.MethodPost, "/api/v1/apps/"+escape(appID)+"/users", body, nil, callOpts{})
	if err != nil {
		return "", err
	}
	return h.Get("X-Okta-Request-Id"), nil
}

// UnassignAppUser removes a user's direct assignment to an app (DELETE
// /api/v1/apps/{appId}/users/{userId}?sendEmail=false; okta.apps.manage) and
// returns Okta's X-Okta-Request-Id. An assignment through a group cannot be
// removed this way: Okta refuses it.
func (c *Client) UnassignAppUser(ctx context.Context, appID, userID string) (string, error) {
	target := withQuery("/api/v1/apps/"+escape(appID)+"/users/"+escape(userID), limitQuery(0, "sendEmail", "false"))
	h, err := c.call(ctx, http.MethodDelete, target, nil, nil, callOpts{})
	if err != nil {
		return "", err
	}
	return h.Get("X-Okta-Request-Id"), nil
}

// ListUserApps lists the apps a user is assigned to, directly or through a
// group (GET /api/v1/apps?filter=user.id eq "…"; okta.apps.read), every page.
func (c *Client) ListUserApps(ctx context.Context, userID string) ([]App, error) {
	return c.ListApps(ctx, AppQuery{Filter: `user.id eq "` + userID + `"`})
}
