package okta

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The wire types mirror Okta's JSON for what oktagate reads; they never leave
// this package.

// wireTime is an Okta timestamp: RFC 3339, or null.
type wireTime time.Time

func (t *wireTime) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if s == "null" || s == `""` {
		*t = wireTime{}
		return nil
	}
	str, ok := scalarString(b)
	if !ok || s[0] != '"' {
		return fmt.Errorf("timestamp %s is not a string", s)
	}
	v, err := time.Parse(time.RFC3339Nano, str)
	if err != nil {
		return fmt.Errorf("timestamp %q is not RFC 3339", str)
	}
	*t = wireTime(v.UTC())
	return nil
}

func (t wireTime) utc() time.Time {
	v := time.Time(t)
	if v.IsZero() {
		return time.Time{}
	}
	return v.UTC()
}

// wireProfile is a profile flattened as it is decoded: every attribute
// rendered as a string (strings as they are, numbers and booleans in their JSON
// form, arrays and objects as compact JSON; nulls omitted). It
// walks the object's bytes itself: decoding into map[string]json.RawMessage
// first copied every value and built a second map, and unquoting each string
// with json.Unmarshal allocated a decoder per attribute, together most of what
// a large users page cost.
type wireProfile map[string]string

func (p *wireProfile) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*p = nil
		return nil
	}
	if len(b) < 2 || b[0] != '{' {
		return fmt.Errorf("profile is not a JSON object")
	}
	// Counting the attributes first sizes the map once instead of growing it.
	n, err := countMembers(b)
	if err != nil {
		return err
	}
	out := make(wireProfile, n)
	i := skipSpace(b, 1)
	for i < len(b) && b[i] != '}' {
		kEnd, err := skipValue(b, i)
		if err != nil {
			return err
		}
		key, ok := scalarString(b[i:kEnd])
		if !ok || b[i] != '"' {
			return fmt.Errorf("profile has a key that is not a string")
		}
		i = skipSpace(b, kEnd)
		if i >= len(b) || b[i] != ':' {
			return fmt.Errorf("profile attribute %q has no value", key)
		}
		i = skipSpace(b, i+1)
		vEnd, err := skipValue(b, i)
		if err != nil {
			return err
		}
		if v, ok := scalarString(b[i:vEnd]); ok {
			out[key] = v
		}
		i = skipSpace(b, vEnd)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	*p = out
	return nil
}

// countMembers counts the members of the JSON object b.
func countMembers(b []byte) (int, error) {
	n := 0
	i := skipSpace(b, 1)
	for i < len(b) && b[i] != '}' {
		end, err := skipValue(b, i) // the key
		if err != nil {
			return 0, err
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return 0, fmt.Errorf("profile attribute without a value")
		}
		if end, err = skipValue(b, skipSpace(b, i+1)); err != nil {
			return 0, err
		}
		n++
		i = skipSpace(b, end)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return n, nil
}

// flatten returns the flattened attributes, never nil.
func (p wireProfile) flatten() map[string]string {
	if p == nil {
		return map[string]string{}
	}
	return p
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the index just past the JSON value starting at b[i]. The
// input has been validated by encoding/json before an UnmarshalJSON method
// sees it; the bounds are checked anyway.
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, fmt.Errorf("profile JSON ends early")
	}
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1, nil
			}
		}
		return 0, fmt.Errorf("profile JSON has an unterminated string")
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, err := skipValue(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, fmt.Errorf("profile JSON has an unterminated object or array")
	}
	j := i
	for j < len(b) && !strings.ContainsRune(",}] \t\n\r", rune(b[j])) {
		j++
	}
	return j, nil
}

func scalarString(raw []byte) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	switch raw[0] {
	case '"':
		if len(raw) >= 2 && bytes.IndexByte(raw, '\\') < 0 {
			// No escapes: the bytes between the quotes are the string.
			return string(raw[1 : len(raw)-1]), true
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	case '[', '{':
		// Arrays as JSON too: joined with "," they were ambiguous for values
		// holding a comma and unreadable for arrays of objects.
		var buf bytes.Buffer
		if json.Compact(&buf, raw) != nil {
			return "", false
		}
		return buf.String(), true
	}
	return string(raw), true
}

type wireUser struct {
	ID              string      `json:"id"`
	Status          string      `json:"status"`
	Created         wireTime    `json:"created"`
	Activated       wireTime    `json:"activated"`
	StatusChanged   wireTime    `json:"statusChanged"`
	LastLogin       wireTime    `json:"lastLogin"`
	LastUpdated     wireTime    `json:"lastUpdated"`
	PasswordChanged wireTime    `json:"passwordChanged"`
	Type            *wireRef    `json:"type"`
	Profile         wireProfile `json:"profile"`
}

type wireRef struct {
	ID string `json:"id"`
}

func (w wireUser) model() User {
	u := User{
		ID:              w.ID,
		Status:          w.Status,
		Created:         w.Created.utc(),
		Activated:       w.Activated.utc(),
		StatusChanged:   w.StatusChanged.utc(),
		LastLogin:       w.LastLogin.utc(),
		LastUpdated:     w.LastUpdated.utc(),
		PasswordChanged: w.PasswordChanged.utc(),
		Profile:         w.Profile.flatten(),
	}
	if w.Type != nil {
		u.TypeID = w.Type.ID
	}
	return u
}

type wireFactor struct {
	ID          string      `json:"id"`
	FactorType  string      `json:"factorType"`
	Provider    string      `json:"provider"`
	VendorName  string      `json:"vendorName"`
	Status      string      `json:"status"`
	Created     wireTime    `json:"created"`
	LastUpdated wireTime    `json:"lastUpdated"`
	Profile     wireProfile `json:"profile"`
}

func (w wireFactor) model(userID string) Factor {
	return Factor{
		ID: w.ID, UserID: userID, FactorType: w.FactorType, Provider: w.Provider,
		VendorName: w.VendorName, Status: w.Status,
		Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc(),
		Profile: w.Profile.flatten(),
	}
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

type wireJWK struct {
	KID string `json:"kid"`
	KTY string `json:"kty"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

type wireApp struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Label       string   `json:"label"`
	Status      string   `json:"status"`
	SignOnMode  string   `json:"signOnMode"`
	Created     wireTime `json:"created"`
	LastUpdated wireTime `json:"lastUpdated"`
	Settings    struct {
		OAuthClient *struct {
			RedirectURIs           []string `json:"redirect_uris"`
			PostLogoutRedirectURIs []string `json:"post_logout_redirect_uris"`
			ResponseTypes          []string `json:"response_types"`
			GrantTypes             []string `json:"grant_types"`
			ApplicationType        string   `json:"application_type"`
			JWKS                   *struct {
				Keys []wireJWK `json:"keys"`
			} `json:"jwks"`
		} `json:"oauthClient"`
	} `json:"settings"`
	Credentials struct {
		OAuthClient *struct {
			ClientID                string `json:"client_id"`
			ClientSecret            string `json:"client_secret"`
			TokenEndpointAuthMethod string `json:"token_endpoint_auth_method"`
			PKCERequired            bool   `json:"pkce_required"`
		} `json:"oauthClient"`
	} `json:"credentials"`
}

func (w wireApp) model() App {
	a := App{
		ID: w.ID, Name: w.Name, Label: w.Label, Status: w.Status, SignOnMode: w.SignOnMode,
		Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc(),
	}
	s, cr := w.Settings.OAuthClient, w.Credentials.OAuthClient
	if s == nil && cr == nil {
		return a
	}
	oc := &OAuthClient{}
	if cr != nil {
		oc.ClientID = cr.ClientID
		oc.ClientSecret = cr.ClientSecret
		oc.TokenEndpointAuthMethod = cr.TokenEndpointAuthMethod
		oc.PKCERequired = cr.PKCERequired
	}
	if s != nil {
		oc.ApplicationType = s.ApplicationType
		oc.RedirectURIs = s.RedirectURIs
		oc.PostLogoutRedirectURIs = s.PostLogoutRedirectURIs
		oc.GrantTypes = s.GrantTypes
		oc.ResponseTypes = s.ResponseTypes
		if s.JWKS != nil {
			for _, k := range s.JWKS.Keys {
				oc.JWKS = append(oc.JWKS, JWK(k))
			}
		}
	}
	a.OAuth = oc
	return a
}

type wireAppUser struct {
	ID        string `json:"id"`
	Scope     string `json:"scope"`
	Status    string `json:"status"`
	SyncState string `json:"syncState"`
}

type wireAppGroup struct {
	ID       string `json:"id"`
	Priority int    `json:"priority"`
}

type wireGrant struct {
	ID       string   `json:"id"`
	ClientID string   `json:"clientId"`
	ScopeID  string   `json:"scopeId"`
	Issuer   string   `json:"issuer"`
	Status   string   `json:"status"`
	Source   string   `json:"source"`
	Created  wireTime `json:"created"`
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

type wireNetwork struct {
	Connection string   `json:"connection,omitempty"`
	Include    []string `json:"include,omitempty"`
	Exclude    []string `json:"exclude,omitempty"`
}

type wireAPIToken struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	UserID      string       `json:"userId"`
	ClientName  string       `json:"clientName"`
	TokenWindow string       `json:"tokenWindow"`
	Created     wireTime     `json:"created"`
	ExpiresAt   wireTime     `json:"expiresAt"`
	LastUpdated wireTime     `json:"lastUpdated"`
	Network     *wireNetwork `json:"network"`
}

func (w wireAPIToken) model() APIToken {
	t := APIToken{
		ID: w.ID, Name: w.Name, UserID: w.UserID, ClientName: w.ClientName, TokenWindow: w.TokenWindow,
		Created: w.Created.utc(), ExpiresAt: w.ExpiresAt.utc(), LastUpdated: w.LastUpdated.utc(),
	}
	if w.Network != nil {
		t.Network = TokenNetwork{Connection: w.Network.Connection, Include: w.Network.Include, Exclude: w.Network.Exclude}
	}
	return t
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

type wireLogEvent struct {
	UUID           string   `json:"uuid"`
	Published      wireTime `json:"published"`
	EventType      string   `json:"eventType"`
	DisplayMessage string   `json:"displayMessage"`
	Severity       string   `json:"severity"`
	Outcome        *struct {
		Result string `json:"result"`
		Reason string `json:"reason"`
	} `json:"outcome"`
	Actor  *wireLogParty `json:"actor"`
	Client *struct {
		IPAddress string `json:"ipAddress"`
	} `json:"client"`
	Target []wireLogParty `json:"target"`
}

type wireLogParty struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	AlternateID string `json:"alternateId"`
	DisplayName string `json:"displayName"`
}

func (w wireLogEvent) model() LogEvent {
	e := LogEvent{
		UUID: w.UUID, Published: w.Published.utc(), EventType: w.EventType,
		DisplayMessage: w.DisplayMessage, Severity: w.Severity,
	}
	if w.Outcome != nil {
		e.OutcomeResult, e.OutcomeReason = w.Outcome.Result, w.Outcome.Reason
	}
	if w.Actor != nil {
		e.Actor = LogParty(*w.Actor)
	}
	if w.Client != nil {
		e.ClientIP = w.Client.IPAddress
	}
	for _, t := range w.Target {
		e.Targets = append(e.Targets, LogParty(t))
	}
	return e
}
