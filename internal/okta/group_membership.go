package okta

import (
	"context"
	"net/http"
)

// AddGroupMember makes a user a member of an OKTA_GROUP (PUT
// /api/v1/groups/{groupId}/users/{userId}; okta.groups.manage) and returns
// Okta's X-Okta-Request-Id.
func (c *Client) AddGroupMember(ctx context.Context, groupID, userID string) (string, error) {
	return c.groupMembership(ctx, http.MethodPut, groupID, userID)
}

// RemoveGroupMember removes a user from an OKTA_GROUP (DELETE
// /api/v1/groups/{groupId}/users/{userId}; okta.groups.manage) and returns
// Okta's X-Okta-Request-Id.
func (c *Client) RemoveGroupMember(ctx context.Context, groupID, userID string) (string, error) {
	return c.groupMembership(ctx, http.MethodDelete, groupID, userID)
}

func (c *Client) groupMembership(ctx context.Context, method, groupID, userID string) (string, error) {
	h, err := c.call(ctx, method, "/api/v1/groups/"+escape(groupID)+"/users/"+escape(userID), nil, nil, callOpts{})
	if err != nil {
		return "", err
	}
	return h.Get("X-Okta-Request-Id"), nil
}

// GetGroup reads one group (GET /api/v1/groups/{groupId}; okta.groups.read).
func (c *Client) GetGroup(ctx context.Context, groupID string) (Group, error) {
	var w wireGroup
	if _, err := c.call(ctx, http.MethodGet, "/api/v1/groups/"+escape(groupID), nil, &w, callOpts{}); err != nil {
		return Group{}, err
	}
	return w.model(), nil
}
