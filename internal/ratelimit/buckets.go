// Package ratelimit holds Okta's rate-limit facts that both the client and the
// simulator need: which endpoint counts against which bucket, and each bucket's
// Workforce default limit per minute. Keeping them in one leaf package means the
// governor in internal/okta and the limiter in internal/oktasim cannot drift apart.
package ratelimit

import "strings"

// Bucket names. Okta keeps one counter per endpoint family; these are the families
// oktagate touches.
const (
	UsersList  = "users"       // GET and POST /api/v1/users
	UserGet    = "user"        // GET /api/v1/users/{id} and its sub-resources
	UserWrite  = "user-write"  // PUT/POST/DELETE /api/v1/users/{id}...
	Apps       = "apps"        // /api/v1/apps and everything under /api/v1/apps/{id}/
	Groups     = "groups"      // /api/v1/groups and everything under it
	Logs       = "logs"        // /api/v1/logs
	APITokens  = "api-tokens"  // /api/v1/api-tokens
	IAM        = "iam"         // /api/v1/iam/...
	Policies   = "policies"    // /api/v1/policies/...
	Clients    = "clients"     // /oauth2/v1/clients/...
	OAuthToken = "oauth-token" // /oauth2/v1/token
	Org        = "org"         // /api/v1/org and /.well-known/okta-organization
	Other      = "other"       // anything else
)

// WorkforceLimits are Okta's default per-minute limits for a Workforce org.
var WorkforceLimits = map[string]int{
	UsersList:  600,
	UserGet:    2000,
	UserWrite:  600,
	Apps:       100,
	Groups:     500,
	Logs:       120,
	APITokens:  1200,
	IAM:        1200,
	Policies:   1200,
	Clients:    1200,
	OAuthToken: 600,
	Org:        1200,
	Other:      1200,
}

// DefaultConcurrency is Okta's Workforce cap on concurrent requests per org.
const DefaultConcurrency = 75

// BucketFor classifies a request by method and URL path (no query string).
func BucketFor(method, path string) string {
	p := strings.TrimSuffix(path, "/")
	switch {
	case p == "/api/v1/users":
		return UsersList
	case strings.HasPrefix(p, "/api/v1/users/"):
		if method == "GET" || method == "HEAD" {
			return UserGet
		}
		return UserWrite
	case p == "/api/v1/apps" || strings.HasPrefix(p, "/api/v1/apps/"):
		return Apps
	case p == "/api/v1/groups" || strings.HasPrefix(p, "/api/v1/groups/"):
		return Groups
	case p == "/api/v1/logs":
		return Logs
	case p == "/api/v1/api-tokens" || strings.HasPrefix(p, "/api/v1/api-tokens/"):
		return APITokens
	case strings.HasPrefix(p, "/api/v1/iam/"):
		return IAM
	case p == "/api/v1/policies" || strings.HasPrefix(p, "/api/v1/policies/"):
		return Policies
	case strings.HasPrefix(p, "/oauth2/v1/clients"):
		return Clients
	case p == "/oauth2/v1/token":
		return OAuthToken
	case p == "/api/v1/org" || strings.HasPrefix(p, "/api/v1/org/") || strings.HasPrefix(p, "/.well-known/"):
		return Org
	}
	return Other
}
