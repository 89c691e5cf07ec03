package contract

// This file is the one committed list of where oktagate's traffic and Okta's
// published spec (@okta/openapi, pinned in package.json) part ways:
//
//   - Gaps: response findings of the Prism proxy that are real Okta behaviour
//     the older, stricter spec does not describe. The simulator reproduces
//     them on purpose. A finding not listed here fails the suite; a gap that no
//     response showed is reported as a warning so the list stays honest.
//   - Exempts: endpoints newer than the spec. Prism cannot judge them; the
//     suite checks them against the schemas in schemas/, written from Okta's
//     current API reference.
//
// Simulator behaviour that real Okta does not have is never listed here: it is
// fixed in internal/oktasim.

// Gaps are the known spec gaps, each with its reason.
var Gaps = []Gap{}

// Exempts are the endpoints newer than the spec, each with its reason and
// schemas.
var Exempts = []Exempt{
	{Op: "GET /api/v1/api-tokens", Response: "api_token_list.json",
		Reason: "API token management (/api/v1/api-tokens) was added to Okta's API after the spec's last release"},
	{Op: "GET /api/v1/api-tokens/{apiTokenId}", Response: "api_token.json",
		Reason: "API token management (/api/v1/api-tokens) was added to Okta's API after the spec's last release"},
	{Op: "PUT /api/v1/api-tokens/{apiTokenId}", Request: "api_token_update.json", Response: "api_token.json",
		Reason: "upserting a token's name and network condition is newer than the spec"},
	{Op: "DELETE /api/v1/api-tokens/{apiTokenId}",
		Reason: "API token revocation over /api/v1/api-tokens is newer than the spec"},
	{Op: "GET /oauth2/v1/clients/{clientId}/roles", Response: "role_list.json",
		Reason: "admin roles for OAuth service apps (client roles) are newer than the spec"},
	{Op: "POST /oauth2/v1/clients/{clientId}/roles", Request: "role_assign.json", Response: "role.json",
		Reason: "admin roles for OAuth service apps (client roles) are newer than the spec"},
	{Op: "DELETE /oauth2/v1/clients/{clientId}/roles/{roleAssignmentId}",
		Reason: "admin roles for OAuth service apps (client roles) are newer than the spec"},
	{Op: "GET /api/v1/iam/assignees/users", Response: "role_assignees_users.json",
		Reason: "the IAM role-assignee listing (/api/v1/iam/assignees/users) is newer than the spec"},
	{Op: "GET /.well-known/okta-organization", Response: "okta_organization.json",
		Reason: "the org metadata endpoint (id and pipeline: idx or v1) is not part of the Management API spec"},
	{Op: "POST /oauth2/v1/token", Request: "token_request.json", Response: "token_response.json",
		Reason: "the org authorization server's token endpoint (client credentials with private_key_jwt, DPoP-bound tokens) is an OAuth endpoint outside the Management API spec"},
}
