// Package oktasim is an in-memory Okta org served over HTTP with Okta's wire
// habits: cursor pages with Link headers, search expressions, rate-limit headers
// and buckets, Okta's error bodies, SSWS and OAuth (private_key_jwt, DPoP) auth,
// fault injection and a request log. Tests, the demo and the benchmarks run
// against it; the orgs they serve (the demo org, generated orgs, churn) are
// built by package fixtures, which the simulator does not import.
package oktasim

import (
	"sync"
	"time"
)

// The types below are the simulator's store. They hold Okta's wire facts; the
// HTTP handlers render them to Okta's JSON. Optional timestamps are pointers so
// they render as null, as Okta does.

// User is an Okta user.
type User struct {
	ID                    string
	Status                string // STAGED, PROVISIONED, ACTIVE, RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED, DEPROVISIONED
	TransitioningToStatus string
	Created               time.Time
	Activated             *time.Time
	StatusChanged         *time.Time
	LastLogin             *time.Time
	LastUpdated           time.Time
	PasswordChanged       *time.Time
	TypeID                string
	Profile               map[string]any // login, email, firstName, lastName, department, title, employeeNumber…
	Password              string         // never rendered
}

// Factor is a factor enrolled for a user (UserID).
type Factor struct {
	ID          string
	UserID      string
	FactorType  string // sms, call, email, push, token:software:totp, token:hardware, webauthn, u2f, signed_nonce, question, token…
	Provider    string // OKTA, GOOGLE, FIDO, RSA, YUBICO, SYMANTEC, DUO…
	VendorName  string
	Status      string // ACTIVE, PENDING_ACTIVATION, NOT_SETUP, ENROLLED, INACTIVE, EXPIRED
	Created     time.Time
	LastUpdated time.Time
	Profile     map[string]any
}

// Group is an Okta group and its members.
type Group struct {
	ID                    string
	Type                  string // OKTA_GROUP, APP_GROUP, BUILT_IN
	Name                  string
	Description           string
	Created               time.Time
	LastUpdated           time.Time
	LastMembershipUpdated time.Time
	MemberIDs             []string // user ids, kept sorted
}

// OAuthClient is an OIDC app's OAuth client settings and credentials.
type OAuthClient struct {
	ClientID                string
	ClientSecret            string
	TokenEndpointAuthMethod string // client_secret_basic, client_secret_post, private_key_jwt, none
	ApplicationType         string // web, browser, service, native
	RedirectURIs            []string
	PostLogoutRedirectURIs  []string
	GrantTypes              []string
	ResponseTypes           []string
	PKCERequired            bool
	JWKS                    []map[string]any // public JWKs (service apps)
	DPoPBound               bool             // the org demands DPoP for this client's tokens
}

// AppUser is a user's assignment to an app.
type AppUser struct {
	UserID      string
	Scope       string // USER or GROUP
	Status      string // ACTIVE, PROVISIONED…
	SyncState   string // DISABLED, SYNCHRONIZED…
	Created     time.Time
	LastUpdated time.Time
	Profile     map[string]any
}

// AppGroup is a group's assignment to an app.
type AppGroup struct {
	GroupID     string
	Priority    int
	LastUpdated time.Time
}

// Grant is an OAuth scope granted to an app.
type Grant struct {
	ID       string
	ClientID string
	ScopeID  string // okta.users.read…
	Issuer   string
	Status   string // ACTIVE, REVOKED
	Source   string // ADMIN
	Created  time.Time
}

// App is an app integration with its assignments and grants.
type App struct {
	ID          string
	Name        string // oidc_client, bookmark, template_saml_2_0, <custom>…
	Label       string
	Status      string // ACTIVE, INACTIVE
	SignOnMode  string // OPENID_CONNECT, SAML_2_0, BOOKMARK, AUTO_LOGIN…
	Created     time.Time
	LastUpdated time.Time
	Settings    map[string]any // settings.app (e.g. bookmark url)
	OAuth       *OAuthClient   // OIDC apps only
	Users       []AppUser      // sorted by user id
	Groups      []AppGroup     // sorted by group id
	Grants      []Grant
}

// RoleAssignment is an admin role assigned to a user, a group or an OAuth
// client.
type RoleAssignment struct {
	ID             string
	Type           string // SUPER_ADMIN, ORG_ADMIN, APP_ADMIN, USER_ADMIN, HELP_DESK_ADMIN, READ_ONLY_ADMIN, MOBILE_ADMIN, API_ACCESS_MANAGEMENT_ADMIN, REPORT_ADMIN, GROUP_MEMBERSHIP_ADMIN…
	Label          string
	Status         string // ACTIVE
	AssignmentType string // USER, GROUP or CLIENT, as assigned
	Created        time.Time
	LastUpdated    time.Time
}

// TokenNetwork is an API token's network condition.
type TokenNetwork struct {
	Connection string // ANYWHERE, ZONE
	Include    []string
	Exclude    []string
}

// APIToken is an SSWS token. Secret is what a client sends after "SSWS ".
type APIToken struct {
	ID          string
	Name        string
	UserID      string
	ClientName  string
	TokenWindow string // ISO-8601 duration, e.g. P30D
	Created     time.Time
	ExpiresAt   time.Time
	LastUpdated time.Time
	Network     TokenNetwork
	Secret      string
}

// PolicyRule is a rule of a Policy.
type PolicyRule struct {
	ID          string
	Name        string
	Status      string
	Priority    int
	System      bool
	Type        string
	Created     time.Time
	LastUpdated time.Time
	Conditions  map[string]any
	Actions     map[string]any
}

// Policy is an Okta policy of any type, with its rules.
type Policy struct {
	ID          string
	Type        string // PASSWORD, OKTA_SIGN_ON, MFA_ENROLL, ACCESS_POLICY, PROFILE_ENROLLMENT
	Name        string
	Description string
	Status      string
	Priority    int
	System      bool
	Created     time.Time
	LastUpdated time.Time
	Conditions  map[string]any // people.groups.include/exclude…
	Settings    map[string]any
	Rules       []PolicyRule
}

// LogParty is who or what a System Log event names: its actor, or one of its
// targets (Okta gives both the same four fields).
type LogParty struct {
	ID          string
	Type        string
	AlternateID string
	DisplayName string
}

// LogEvent is a System Log event.
type LogEvent struct {
	UUID           string
	Published      time.Time
	EventType      string
	DisplayMessage string
	Severity       string // DEBUG, INFO, WARN, ERROR
	OutcomeResult  string // SUCCESS, FAILURE, SKIPPED, ALLOW, DENY, CHALLENGE, UNKNOWN
	OutcomeReason  string
	Actor          LogParty
	ClientIP       string
	Targets        []LogParty
	// RequestID is the X-Okta-Request-Id of the request that caused the
	// event (its transaction id); "" for seeded events.
	RequestID string `json:",omitempty"`
}

// Org is the whole simulated org. Handlers hold its lock for every access; tests
// that change a running server's org take Lock first.
type Org struct {
	sync.RWMutex

	ID          string // 00o…
	CompanyName string
	Subdomain   string
	Pipeline    string // idx or v1

	Users    []*User              // sorted by id
	Factors  map[string][]*Factor // by user id, sorted by factor id
	Groups   []*Group             // sorted by id
	Apps     []*App               // sorted by id
	Policies []*Policy            // sorted by type, then priority
	Logs     []*LogEvent          // sorted by published, then uuid

	UserRoles   map[string][]*RoleAssignment // by user id: roles assigned directly
	GroupRoles  map[string][]*RoleAssignment // by group id: members inherit them
	ClientRoles map[string][]*RoleAssignment // by OAuth client id

	APITokens []*APIToken // sorted by id

	// Sessions counts each user's open Okta sessions (by user id). Okta's
	// management API cannot list them; DELETE /users/{id}/sessions ends them.
	Sessions map[string]int `json:",omitempty"`

	Zones []*NetworkZone // network zones (zones.go), sorted by id

	Authenticators []*Authenticator // authenticators (authenticators.go), sorted by id
	LogStreams     []*LogStream     // log streams (log_streams.go), sorted by id
	// IdentityProviders are the org's identity providers
	// (identity_providers.go), served sorted by id whatever their order.
	IdentityProviders []*IdentityProvider
	AdminConsole      *AdminConsoleSettings // nil: Okta's defaults (admin_console.go)
	// TrustedOrigins are the org's trusted origins (trusted_origins.go),
	// served sorted by id whatever their order. Left out of the JSON when
	// nil, so the fixtures' fingerprints of orgs without any stay put.
	TrustedOrigins []*TrustedOrigin `json:",omitempty"`
	// ThreatInsight is the ThreatInsight configuration (threat_insight.go);
	// nil: off, as Okta serves a new org's. Left out of JSON when nil, so
	// the fixtures' fingerprints of orgs without it do not change.
	ThreatInsight *ThreatInsight `json:",omitempty"`
	// Behaviors are the behavior detection rules (behaviors.go), served
	// sorted by id; left out of JSON when empty, like ThreatInsight.
	Behaviors []*Behavior `json:",omitempty"`
	// EventHooks are the org's event hooks (event_hooks.go), served sorted
	// by id; left out of JSON when empty, like Behaviors.
	EventHooks []*EventHook `json:",omitempty"`
	// DeviceAssurances are the device assurance policies
	// (device_assurances.go); left out of JSON when empty, like Behaviors.
	DeviceAssurances []*DeviceAssurance `json:",omitempty"`
}

// NewOrg returns an empty org with its maps made.
func NewOrg() *Org {
	return &Org{
		ID:          "00o1sim0000000000000",
		CompanyName: "Simulated Org",
		Subdomain:   "sim",
		Pipeline:    "idx",
		Factors:     map[string][]*Factor{},
		UserRoles:   map[string][]*RoleAssignment{},
		GroupRoles:  map[string][]*RoleAssignment{},
		ClientRoles: map[string][]*RoleAssignment{},
	}
}
