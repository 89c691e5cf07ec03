// Package okta is the only package that speaks HTTP to Okta. It wraps
// okta-sdk-golang/v2 and, where that SDK falls short (DPoP, fields its models drop,
// endpoints newer than it), sends raw requests through its RequestExecutor into
// oktagate's own structs. It owns authentication, pagination, the per-bucket
// rate-limit governor, retries and request counters.
package okta

import (
	"context"
	"errors"
	"time"
)

// Config is everything needed to build a Client. The provider fills it from HCL
// and environment variables; validation of user input happens there and again in
// New.
type Config struct {
	OrgURL string // https://acme.okta.com, or http:// for loopback hosts only

	// SSWS authentication.
	APIToken string

	// OAuth 2.0 client credentials with private_key_jwt (and DPoP when the org
	// demands it).
	ClientID     string
	PrivateKey   string // PEM: PKCS#1 or PKCS#8, RSA or EC
	PrivateKeyID string // kid header of the client assertion; optional
	Scopes       []string

	MaxAPICapacity int           // percent of each bucket this client may use, 1-100
	MaxConcurrency int           // in-flight requests
	RequestTimeout time.Duration // per HTTP attempt
	MaxRetries     int           // retries of 429, 5xx and dropped connections

	// UserAgentExtra is appended to the User-Agent (e.g. "terraform/1.11.4").
	UserAgentExtra string
}

// Error is an Okta API error with everything a person needs to act on it.
type Error struct {
	HTTPStatus   int
	ErrorCode    string // E0000011…
	ErrorSummary string
	ErrorCauses  []string
	RequestID    string // X-Okta-Request-Id
	Method       string
	Path         string
	Hint         string // what to do: "the API token is invalid or expired", "grant okta.users.read"…
}

func (e *Error) Error() string {
	panic("implemented in errors.go")
}

// IsNotFound reports whether err is an Okta 404 (E0000007).
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.HTTPStatus == 404
}

// Client is safe for concurrent use.
type Client struct {
	cfg Config
}

// New validates cfg and builds a client. It makes no request.
func New(cfg Config) (*Client, error) {
	panic("not implemented")
}

// Stats returns the number of HTTP attempts made so far, per rate-limit bucket
// (internal/ratelimit names), retries included.
func (c *Client) Stats() map[string]int64 { panic("not implemented") }

// Read API. Lists follow every rel="next" page and return all items.

func (c *Client) ListUsers(ctx context.Context, q UserQuery) ([]User, error) {
	panic("not implemented")
}
func (c *Client) GetUser(ctx context.Context, idOrLogin string) (User, error) {
	panic("not implemented")
}
func (c *Client) ListUserFactors(ctx context.Context, userID string) ([]Factor, error) {
	panic("not implemented")
}
func (c *Client) ListUserGroups(ctx context.Context, userID string) ([]Group, error) {
	panic("not implemented")
}
func (c *Client) ListUserRoles(ctx context.Context, userID string) ([]Role, error) {
	panic("not implemented")
}
func (c *Client) ListGroups(ctx context.Context, q GroupQuery) ([]Group, error) {
	panic("not implemented")
}

// ListGroupMemberIDs returns the ids of a group's members.
func (c *Client) ListGroupMemberIDs(ctx context.Context, groupID string) ([]string, error) {
	panic("not implemented")
}
func (c *Client) ListGroupRoles(ctx context.Context, groupID string) ([]Role, error) {
	panic("not implemented")
}
func (c *Client) ListApps(ctx context.Context, q AppQuery) ([]App, error) { panic("not implemented") }
func (c *Client) GetApp(ctx context.Context, appID string) (App, error)   { panic("not implemented") }
func (c *Client) ListAppUsers(ctx context.Context, appID string) ([]AppUser, error) {
	panic("not implemented")
}
func (c *Client) ListAppGroups(ctx context.Context, appID string) ([]AppGroup, error) {
	panic("not implemented")
}
func (c *Client) ListAppGrants(ctx context.Context, appID string) ([]Grant, error) {
	panic("not implemented")
}
func (c *Client) ListClientRoles(ctx context.Context, clientID string) ([]Role, error) {
	panic("not implemented")
}
func (c *Client) ListAPITokens(ctx context.Context) ([]APIToken, error) { panic("not implemented") }
func (c *Client) GetAPIToken(ctx context.Context, tokenID string) (APIToken, error) {
	panic("not implemented")
}
func (c *Client) GetOrgMetadata(ctx context.Context) (OrgMetadata, error) { panic("not implemented") }
