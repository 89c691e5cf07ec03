package okta

import (
	"context"
	"net/http"
	"strconv"
)

// RevokeUserSessions ends every Okta session of a user (DELETE
// /api/v1/users/{userId}/sessions; okta.users.manage) and, with oauthTokens,
// the OpenID Connect and OAuth tokens issued to the user. It returns Okta's
// X-Okta-Request-Id. Okta does not list a user's sessions, so there is no way
// to tell beforehand whether any were open; revoking none succeeds.
func (c *Client) RevokeUserSessions(ctx context.Context, userID string, oauthTokens bool) (string, error) {
	target := withQuery("/api/v1/users/"+escape(userID)+"/sessions", limitQuery(0, "oauthTokens", strconv.FormatBool(oauthTokens)))
	h, err := c.call(ctx, http.MethodDelete, target, nil, nil, callOpts{})
	if err != nil {
		return "", err
	}
	return h.Get("X-Okta-Request-Id"), nil
}
