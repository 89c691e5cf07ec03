package okta

import (
	"context"
	"net/http"
)

// ResetFactor unenrolls one factor of a user (DELETE
// /api/v1/users/{userId}/factors/{factorId}; okta.users.manage) and returns
// Okta's X-Okta-Request-Id. One call per factor, rather than
// lifecycle/reset_factors, so a caller can reset some factor types only and
// report each change with its request id.
func (c *Client) ResetFactor(ctx context.Context, userID, factorID string) (string, error) {
	h, err := c.call(ctx, http.MethodDelete, "/api/v1/users/"+escape(userID)+"/factors/"+escape(factorID), nil, nil, callOpts{})
	if err != nil {
		return "", err
	}
	return h.Get("X-Okta-Request-Id"), nil
}
