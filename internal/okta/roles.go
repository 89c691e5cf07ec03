package okta

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// pageIAMAssignees is the largest page of role assignees Okta serves.
const pageIAMAssignees = 100

// Role is an admin role assignment, as listed for a user, group or OAuth client.
// AssignmentType is USER, GROUP or CLIENT: a user's role held through a group
// carries GROUP.
type Role struct {
	ID             string
	Type           string
	Label          string
	Status         string
	AssignmentType string
	// AssigneeID is the id of the principal that holds the role, from Okta's
	// _links.assignee: on a user's list, a role held through a group names the
	// group. "" when Okta sent no link.
	AssigneeID  string
	Created     time.Time
	LastUpdated time.Time
}

type wireRole struct {
	ID             string   `json:"id"`
	Type           string   `json:"type"`
	Label          string   `json:"label"`
	Status         string   `json:"status"`
	AssignmentType string   `json:"assignmentType"`
	Created        wireTime `json:"created"`
	LastUpdated    wireTime `json:"lastUpdated"`
	Links          struct {
		Assignee struct {
			Href string `json:"href"`
		} `json:"assignee"`
	} `json:"_links"`
}

func (w wireRole) model() Role {
	return Role{
		ID: w.ID, Type: w.Type, Label: w.Label, Status: w.Status, AssignmentType: w.AssignmentType,
		AssigneeID: lastPathSegment(w.Links.Assignee.Href),
		Created:    w.Created.utc(), LastUpdated: w.LastUpdated.utc(),
	}
}

// lastPathSegment returns the last segment of a link's path
// (".../api/v1/groups/00g1" → "00g1"); "" for an empty or unreadable link.
func lastPathSegment(href string) string {
	u, err := url.Parse(href)
	if err != nil || href == "" {
		return ""
	}
	p := strings.TrimRight(u.Path, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	if seg, err := url.PathUnescape(p); err == nil {
		return seg
	}
	return p
}

// ListUserRoles lists a user's admin role assignments (GET
// /api/v1/users/{userId}/roles).
func (c *Client) ListUserRoles(ctx context.Context, userID string) ([]Role, error) {
	return c.listRoles(ctx, "/api/v1/users/"+escape(userID)+"/roles")
}

// ListGroupRoles lists the admin roles assigned to a group (GET
// /api/v1/groups/{groupId}/roles).
func (c *Client) ListGroupRoles(ctx context.Context, groupID string) ([]Role, error) {
	return c.listRoles(ctx, "/api/v1/groups/"+escape(groupID)+"/roles")
}

func (c *Client) listRoles(ctx context.Context, target string) ([]Role, error) {
	ws, err := listAll[wireRole](ctx, c, target, callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]Role, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}

// ListClientRoles lists the admin roles assigned to an OAuth client (GET
// /oauth2/v1/clients/{clientId}/roles).
func (c *Client) ListClientRoles(ctx context.Context, clientID string) ([]Role, error) {
	return c.listRoles(ctx, "/oauth2/v1/clients/"+escape(clientID)+"/roles")
}

// ListRoleAssigneeUsers returns the ids of every user who holds an admin role,
// directly or through a group (/api/v1/iam/assignees/users).
func (c *Client) ListRoleAssigneeUsers(ctx context.Context) ([]string, error) {
	var ids []string
	target := withQuery("/api/v1/iam/assignees/users", limitQuery(pageIAMAssignees))
	seen := map[string]bool{}
	pages := 0
	for target != "" {
		if seen[target] {
			return nil, errLoop(target)
		}
		seen[target] = true
		if err := c.countPage(&pages, target); err != nil {
			return nil, err
		}
		var page struct {
			Value []wireRef `json:"value"`
			Links struct {
				Next *struct {
					Href string `json:"href"`
				} `json:"next"`
			} `json:"_links"`
		}
		h, err := c.call(ctx, http.MethodGet, target, nil, &page, callOpts{})
		if err != nil {
			return nil, err
		}
		for _, v := range page.Value {
			ids = append(ids, v.ID)
		}
		// This IAM endpoint pages through _links.next in the body; a Link header
		// is honoured too.
		next, err := c.nextLink(h)
		if err != nil {
			return nil, err
		}
		if next == "" && page.Links.Next != nil && page.Links.Next.Href != "" {
			if next, err = c.sameOriginTarget(page.Links.Next.Href); err != nil {
				return nil, err
			}
		}
		target = next
	}
	return ids, nil
}

// AssignUserRole assigns a standard admin role (READ_ONLY_ADMIN…) to a user.
func (c *Client) AssignUserRole(ctx context.Context, userID, roleType string) (Role, error) {
	var w wireRole
	if _, err := c.call(ctx, http.MethodPost, "/api/v1/users/"+escape(userID)+"/roles", map[string]string{"type": roleType}, &w, callOpts{}); err != nil {
		return Role{}, err
	}
	return w.model(), nil
}

// UnassignUserRole removes a role assignment (by its id) from a user.
func (c *Client) UnassignUserRole(ctx context.Context, userID, roleID string) error {
	_, err := c.call(ctx, http.MethodDelete, "/api/v1/users/"+escape(userID)+"/roles/"+escape(roleID), nil, nil, callOpts{})
	return err
}

// AssignClientRole assigns a standard admin role to an OAuth service app's
// client (/oauth2/v1/clients/{clientId}/roles).
func (c *Client) AssignClientRole(ctx context.Context, clientID, roleType string) (Role, error) {
	var w wireRole
	if _, err := c.call(ctx, http.MethodPost, "/oauth2/v1/clients/"+escape(clientID)+"/roles", map[string]string{"type": roleType}, &w, callOpts{}); err != nil {
		return Role{}, err
	}
	return w.model(), nil
}

// UnassignClientRole removes a role assignment (by its id) from an OAuth client.
func (c *Client) UnassignClientRole(ctx context.Context, clientID, roleID string) error {
	_, err := c.call(ctx, http.MethodDelete, "/oauth2/v1/clients/"+escape(clientID)+"/roles/"+escape(roleID), nil, nil, callOpts{})
	return err
}
