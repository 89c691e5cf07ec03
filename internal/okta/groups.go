package okta

import (
	"context"
	"time"
)

// Page sizes: the largest Okta serves for each list.
const (
	pageGroups       = 200
	pageGroupMembers = 200
)

// Group is an Okta group (OKTA_GROUP, APP_GROUP or BUILT_IN).
type Group struct {
	ID                    string
	Name                  string
	Description           string
	Type                  string
	Created               time.Time
	LastUpdated           time.Time
	LastMembershipUpdated time.Time
}

// GroupQuery selects groups.
type GroupQuery struct {
	Search string
	Filter string
	Q      string
}

type wireGroup struct {
	ID                    string   `json:"id"`
	Type                  string   `json:"type"`
	Created               wireTime `json:"created"`
	LastUpdated           wireTime `json:"lastUpdated"`
	LastMembershipUpdated wireTime `json:"lastMembershipUpdated"`
	Profile               struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"profile"`
}

func (w wireGroup) model() Group {
	return Group{
		ID: w.ID, Name: w.Profile.Name, Description: w.Profile.Description, Type: w.Type,
		Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc(),
		LastMembershipUpdated: w.LastMembershipUpdated.utc(),
	}
}

// ListUserGroups lists the groups a user is a member of (GET
// /api/v1/users/{userId}/groups), every page.
func (c *Client) ListUserGroups(ctx context.Context, userID string) ([]Group, error) {
	return c.listGroups(ctx, "/api/v1/users/"+escape(userID)+"/groups")
}

// ListGroups lists the groups matching q (GET /api/v1/groups), every page.
func (c *Client) ListGroups(ctx context.Context, q GroupQuery) ([]Group, error) {
	return c.listGroups(ctx, withQuery("/api/v1/groups", limitQuery(pageGroups, "search", q.Search, "filter", q.Filter, "q", q.Q)))
}

func (c *Client) listGroups(ctx context.Context, target string) ([]Group, error) {
	ws, err := listAll[wireGroup](ctx, c, target, callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]Group, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}

// ListGroupMemberIDs returns the ids of a group's members.
func (c *Client) ListGroupMemberIDs(ctx context.Context, groupID string) ([]string, error) {
	target := withQuery("/api/v1/groups/"+escape(groupID)+"/users", limitQuery(pageGroupMembers))
	ws, err := listAll[wireRef](ctx, c, target, callOpts{contentType: omitCredentials})
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.ID
	}
	return out, nil
}

// AddUserToGroup makes a user a member of an OKTA_GROUP.
func (c *Client) AddUserToGroup(ctx context.Context, groupID, userID string) error {
	_, err := c.AddGroupMember(ctx, groupID, userID)
	return err
}

// RemoveUserFromGroup removes a user from an OKTA_GROUP.
func (c *Client) RemoveUserFromGroup(ctx context.Context, groupID, userID string) error {
	_, err := c.RemoveGroupMember(ctx, groupID, userID)
	return err
}
