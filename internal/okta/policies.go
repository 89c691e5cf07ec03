package okta

import (
	"bytes"
	"context"
	"encoding/json"
	"time"
)

// Policy is an Okta policy (/api/v1/policies). Settings and Conditions are kept
// as Okta sent them, since their shape depends on the policy type.
type Policy struct {
	ID              string
	Name            string
	Description     string
	Type            string // PASSWORD, OKTA_SIGN_ON, MFA_ENROLL, ACCESS_POLICY, PROFILE_ENROLLMENT…
	Status          string
	Priority        int
	System          bool
	GroupIDs        []string // conditions.people.groups.include
	ExcludeGroupIDs []string // conditions.people.groups.exclude
	Created         time.Time
	LastUpdated     time.Time
	Settings        json.RawMessage // nil when absent or null
	Conditions      json.RawMessage
}

// PolicyRule is one rule of a policy, with its conditions and actions raw.
type PolicyRule struct {
	ID          string
	PolicyID    string
	Name        string
	Type        string
	Status      string
	Priority    int
	System      bool
	Created     time.Time
	LastUpdated time.Time
	Conditions  json.RawMessage
	Actions     json.RawMessage
}

type wirePolicy struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Type        string          `json:"type"`
	Status      string          `json:"status"`
	Priority    int             `json:"priority"`
	System      bool            `json:"system"`
	Created     wireTime        `json:"created"`
	LastUpdated wireTime        `json:"lastUpdated"`
	Conditions  json.RawMessage `json:"conditions"`
	Settings    json.RawMessage `json:"settings"`
}

func (w wirePolicy) model() Policy {
	p := Policy{
		ID: w.ID, Name: w.Name, Description: w.Description, Type: w.Type, Status: w.Status,
		Priority: w.Priority, System: w.System, Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc(),
		Conditions: rawOrNil(w.Conditions), Settings: rawOrNil(w.Settings),
	}
	var c struct {
		People struct {
			Groups struct {
				Include []string `json:"include"`
				Exclude []string `json:"exclude"`
			} `json:"groups"`
		} `json:"people"`
	}
	if len(p.Conditions) > 0 && json.Unmarshal(p.Conditions, &c) == nil {
		p.GroupIDs, p.ExcludeGroupIDs = c.People.Groups.Include, c.People.Groups.Exclude
	}
	return p
}

type wirePolicyRule struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Type        string          `json:"type"`
	Status      string          `json:"status"`
	Priority    int             `json:"priority"`
	System      bool            `json:"system"`
	Created     wireTime        `json:"created"`
	LastUpdated wireTime        `json:"lastUpdated"`
	Conditions  json.RawMessage `json:"conditions"`
	Actions     json.RawMessage `json:"actions"`
}

func (w wirePolicyRule) model(policyID string) PolicyRule {
	return PolicyRule{
		ID: w.ID, PolicyID: policyID, Name: w.Name, Type: w.Type, Status: w.Status,
		Priority: w.Priority, System: w.System, Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc(),
		Conditions: rawOrNil(w.Conditions), Actions: rawOrNil(w.Actions),
	}
}

// rawOrNil copies a raw value, mapping JSON null to nil.
func rawOrNil(r json.RawMessage) json.RawMessage {
	r = bytes.TrimSpace(r)
	if len(r) == 0 || string(r) == "null" {
		return nil
	}
	return append(json.RawMessage(nil), r...)
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
