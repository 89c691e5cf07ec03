package okta

import (
	"encoding/json"
	"time"
)

// The models below are oktagate's own compact view of Okta objects. They are what
// every other package sees; okta-sdk-golang/v2 types never leave this package.
// Time fields are UTC; the zero time means Okta sent null or nothing.

// User is an Okta user with every profile attribute rendered as a string
// (numbers and booleans in their JSON form, arrays and objects as compact JSON).
type User struct {
	ID              string
	Status          string
	Created         time.Time
	Activated       time.Time
	StatusChanged   time.Time
	LastLogin       time.Time
	LastUpdated     time.Time
	PasswordChanged time.Time
	TypeID          string
	Profile         map[string]string
}

// Login returns profile.login.
func (u User) Login() string { return u.Profile["login"] }

// Email returns profile.email.
func (u User) Email() string { return u.Profile["email"] }

// Factor is an enrolled factor. Profile and VendorName are dropped by the SDK's
// models, which is why factors are decoded into this struct.
type Factor struct {
	ID          string
	UserID      string
	FactorType  string
	Provider    string
	VendorName  string
	Status      string
	Created     time.Time
	LastUpdated time.Time
	Profile     map[string]string
}

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

// OAuthClient is the oauthClient part of an OIDC app (settings.oauthClient and
// credentials.oauthClient), which the SDK's models decode lossily.
type OAuthClient struct {
	ClientID                string
	ClientSecret            string
	TokenEndpointAuthMethod string
	ApplicationType         string // web, browser, service, native
	RedirectURIs            []string
	PostLogoutRedirectURIs  []string
	GrantTypes              []string
	ResponseTypes           []string
	PKCERequired            bool
	JWKS                    []JWK
}

// JWK is one public key of a service app's jwks.
type JWK struct {
	KID string
	KTY string
	Alg string
	Use string
	N   string
	E   string
	Crv string
	X   string
	Y   string
}

// App is an Okta application. OAuth is nil for apps that are not OIDC.
type App struct {
	ID          string
	Name        string
	Label       string
	Status      string
	SignOnMode  string
	Created     time.Time
	LastUpdated time.Time
	OAuth       *OAuthClient
}

// AppUser is one user assigned to an app, directly (Scope USER) or through a
// group (Scope GROUP).
type AppUser struct {
	AppID     string
	UserID    string
	Scope     string
	Status    string
	SyncState string
}

// AppGroup is one group assigned to an app.
type AppGroup struct {
	AppID    string
	GroupID  string
	Priority int
}

// Grant is an OAuth scope consent grant on an app (/api/v1/apps/{id}/grants).
type Grant struct {
	ID       string
	AppID    string
	ClientID string
	ScopeID  string
	Issuer   string
	Status   string
	Source   string
	Created  time.Time
}

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

// TokenNetwork is an API token's network condition.
type TokenNetwork struct {
	Connection string // ANYWHERE or ZONE
	Include    []string
	Exclude    []string
}

// APIToken is the metadata of an SSWS API token (/api/v1/api-tokens); the secret
// itself is never returned by Okta.
type APIToken struct {
	ID          string
	Name        string
	UserID      string
	ClientName  string
	TokenWindow string
	Created     time.Time
	ExpiresAt   time.Time
	LastUpdated time.Time
	Network     TokenNetwork
}

// OrgMetadata combines /.well-known/okta-organization and /api/v1/org.
type OrgMetadata struct {
	ID          string
	Pipeline    string // "idx" or "v1"
	CompanyName string
	Subdomain   string
}

// UserQuery selects users. At most one of Search, Filter and Q is set. With none
// set, Okta omits DEPROVISIONED users; a Search includes them.
type UserQuery struct {
	Search string
	Filter string
	Q      string
}

// GroupQuery selects groups.
type GroupQuery struct {
	Search string
	Filter string
	Q      string
}

// AppQuery selects apps.
type AppQuery struct {
	Filter string
	Q      string
}

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

// LogParty is a System Log actor or target.
type LogParty struct {
	ID          string
	Type        string
	AlternateID string
	DisplayName string
}

// LogEvent is one System Log event (/api/v1/logs).
type LogEvent struct {
	UUID           string
	Published      time.Time
	EventType      string
	DisplayMessage string
	Severity       string
	OutcomeResult  string
	OutcomeReason  string
	Actor          LogParty
	ClientIP       string
	Targets        []LogParty
}
