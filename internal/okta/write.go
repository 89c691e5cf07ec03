package okta

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// Writes are used by the provisioning resources. A POST is retried only when
// Okta refused it with 429, so nothing is created twice.

// CreateUser creates a user with profile and, when password is not empty, that
// password. activate=false leaves the user STAGED.
func (c *Client) CreateUser(ctx context.Context, profile map[string]any, password string, activate bool) (User, error) {
	body := map[string]any{"profile": profile}
	if password != "" {
		body["credentials"] = map[string]any{"password": map[string]string{"value": password}}
	}
	target := withQuery("/api/v1/users", limitQuery(0, "activate", strconv.FormatBool(activate)))
	var w wireUser
	if _, err := c.call(ctx, http.MethodPost, target, body, &w, callOpts{}); err != nil {
		return User{}, err
	}
	return w.model(), nil
}

// UpdateUserProfile sets the given profile attributes, leaving the others as
// they are (Okta's partial update).
func (c *Client) UpdateUserProfile(ctx context.Context, userID string, profile map[string]any) (User, error) {
	var w wireUser
	if _, err := c.call(ctx, http.MethodPost, "/api/v1/users/"+escape(userID), map[string]any{"profile": profile}, &w, callOpts{}); err != nil {
		return User{}, err
	}
	return w.model(), nil
}

// SetUserPassword sets a user's password as an administrator.
func (c *Client) SetUserPassword(ctx context.Context, userID, password string) error {
	body := map[string]any{"credentials": map[string]any{"password": map[string]string{"value": password}}}
	_, err := c.call(ctx, http.MethodPost, "/api/v1/users/"+escape(userID), body, nil, callOpts{})
	return err
}

// ActivateUser activates a STAGED or DEPROVISIONED user without sending email.
func (c *Client) ActivateUser(ctx context.Context, userID string) error {
	return c.lifecycle(ctx, userID, "activate")
}

// DeactivateUser deprovisions a user without sending email.
func (c *Client) DeactivateUser(ctx context.Context, userID string) error {
	return c.lifecycle(ctx, userID, "deactivate")
}

func (c *Client) lifecycle(ctx context.Context, userID, op string) error {
	target := withQuery("/api/v1/users/"+escape(userID)+"/lifecycle/"+op, limitQuery(0, "sendEmail", "false"))
	_, err := c.call(ctx, http.MethodPost, target, nil, nil, callOpts{})
	return err
}

// DeleteUser deletes a DEPROVISIONED user (Okta deactivates an active user on
// the first DELETE instead; deactivate first).
func (c *Client) DeleteUser(ctx context.Context, userID string) error {
	_, err := c.call(ctx, http.MethodDelete, "/api/v1/users/"+escape(userID), nil, nil, callOpts{})
	return err
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

// AddUserToGroup makes a user a member of an OKTA_GROUP.
func (c *Client) AddUserToGroup(ctx context.Context, groupID, userID string) error {
	_, err := c.call(ctx, http.MethodPut, "/api/v1/groups/"+escape(groupID)+"/users/"+escape(userID), nil, nil, callOpts{})
	return err
}

// RemoveUserFromGroup removes a user from an OKTA_GROUP.
func (c *Client) RemoveUserFromGroup(ctx context.Context, groupID, userID string) error {
	_, err := c.call(ctx, http.MethodDelete, "/api/v1/groups/"+escape(groupID)+"/users/"+escape(userID), nil, nil, callOpts{})
	return err
}

// UpsertAPIToken sets an API token's name and network condition
// (PUT /api/v1/api-tokens/{id}). Okta cannot mint tokens over the API; this
// governs an existing one.
func (c *Client) UpsertAPIToken(ctx context.Context, tokenID, name string, network TokenNetwork) (APIToken, error) {
	body := struct {
		Name    string      `json:"name,omitempty"`
		Network wireNetwork `json:"network"`
	}{Name: name, Network: wireNetwork(network)}
	var w wireAPIToken
	if _, err := c.call(ctx, http.MethodPut, "/api/v1/api-tokens/"+escape(tokenID), body, &w, callOpts{}); err != nil {
		return APIToken{}, err
	}
	return w.model(), nil
}

// RevokeAPIToken revokes an API token.
func (c *Client) RevokeAPIToken(ctx context.Context, tokenID string) error {
	_, err := c.call(ctx, http.MethodDelete, "/api/v1/api-tokens/"+escape(tokenID), nil, nil, callOpts{})
	return err
}

// ListPolicies lists the policies of one type (PASSWORD, OKTA_SIGN_ON,
// MFA_ENROLL, ACCESS_POLICY, PROFILE_ENROLLMENT…).
func (c *Client) ListPolicies(ctx context.Context, policyType string) ([]Policy, error) {
	ws, err := listAll[wirePolicy](ctx, c, withQuery("/api/v1/policies", limitQuery(0, "type", policyType)), callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]Policy, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}

// ListPolicyRules lists a policy's rules.
func (c *Client) ListPolicyRules(ctx context.Context, policyID string) ([]PolicyRule, error) {
	ws, err := listAll[wirePolicyRule](ctx, c, "/api/v1/policies/"+escape(policyID)+"/rules", callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]PolicyRule, len(ws))
	for i, w := range ws {
		out[i] = w.model(policyID)
	}
	return out, nil
}

// ListLogs reads System Log events published in [since, until), oldest first.
// until is always sent: it bounds the query, so its pages end. At most
// maxEvents are returned (<= 0: no cap); truncated reports that more matched.
func (c *Client) ListLogs(ctx context.Context, since, until time.Time, filter string, maxEvents int) (events []LogEvent, truncated bool, err error) {
	const layout = "2006-01-02T15:04:05.000Z"
	pageSize := pageLogs
	if maxEvents > 0 {
		// One more than needed reveals whether the cap truncates.
		pageSize = min(pageLogs, maxEvents+1)
	}
	q := limitQuery(pageSize, "since", since.UTC().Format(layout), "until", until.UTC().Format(layout),
		"filter", filter, "sortOrder", "ASCENDING")
	err = paginate(ctx, c, withQuery("/api/v1/logs", q), callOpts{}, func(page []wireLogEvent) bool {
		for _, w := range page {
			events = append(events, w.model())
		}
		if maxEvents > 0 && len(events) > maxEvents {
			events, truncated = events[:maxEvents], true
			return false
		}
		// An empty page means the bounded query has nothing more.
		return len(page) > 0
	})
	if err != nil {
		return nil, false, err
	}
	return events, truncated, nil
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
