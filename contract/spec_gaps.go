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
var Gaps = []Gap{
	// Users. The spec types every timestamp as a string; Okta sends null for
	// the ones that have not happened yet (a STAGED user was never activated,
	// a user who never signed in has no lastLogin).
	{Ops: userOps, Paths: []string{"$.activated", "$[*].activated"}, Rule: "type",
		Reason: "Okta sends activated: null for a user never activated (STAGED, PROVISIONED before activation)"},
	{Ops: userOps, Paths: []string{"$.lastLogin", "$[*].lastLogin"}, Rule: "type",
		Reason: "Okta sends lastLogin: null for a user who never signed in"},
	{Ops: userOps, Paths: []string{"$.passwordChanged", "$[*].passwordChanged"}, Rule: "type",
		Reason: "Okta sends passwordChanged: null for a user without a password (federated, or not yet set)"},
	{Ops: userOps, Paths: []string{"$.statusChanged", "$[*].statusChanged"}, Rule: "type",
		Reason: "Okta sends statusChanged: null for a user whose status never changed since creation"},
	{Ops: []string{"DELETE /api/v1/users/{userId}"}, Paths: []string{"$"}, Rule: "status:204",
		Reason: "Okta answers a user deletion with 204 No Content; the spec lists only 200"},

	// Factors.
	{Ops: []string{"GET /api/v1/users/{userId}/factors"}, Paths: []string{"$[*].factorType"}, Rule: "enum",
		Reason: "Okta has factor types newer than the spec's enum: signed_nonce (Okta Verify FastPass), token:software:totp's newer siblings, and others"},

	// Groups: _links.logo is an array of logo links (sizes), the spec says object.
	{Ops: []string{"GET /api/v1/groups", "GET /api/v1/groups/{groupId}", "GET /api/v1/users/{userId}/groups"},
		Paths: []string{"$._links.logo", "$[*]._links.logo"}, Rule: "type",
		Reason: "Okta sends a group's _links.logo as an array of links (one per logo size); the spec types it as an object"},

	// Apps.
	{Ops: appOps, Paths: []string{"$._links.appLinks", "$[*]._links.appLinks"}, Rule: "type",
		Reason: "Okta sends an app's _links.appLinks as an array of links; the spec types it as an object"},
	{Ops: appOps, Paths: []string{"$._links.logo", "$[*]._links.logo"}, Rule: "type",
		Reason: "Okta sends an app's _links.logo as an array of links (one per logo size); the spec types it as an object"},
	{Ops: appOps, Paths: []string{"$.accessibility.errorRedirectUrl", "$[*].accessibility.errorRedirectUrl",
		"$.accessibility.loginRedirectUrl", "$[*].accessibility.loginRedirectUrl"}, Rule: "type",
		Reason: "Okta sends accessibility.errorRedirectUrl and loginRedirectUrl as null when they are not set"},
	{Ops: appOps, Paths: []string{"$.settings.notes.admin", "$[*].settings.notes.admin",
		"$.settings.notes.enduser", "$[*].settings.notes.enduser"}, Rule: "type",
		Reason: "Okta sends settings.notes.admin and enduser as null when an app has no notes"},
	{Ops: appOps, Paths: []string{"$.settings.notifications.vpn.helpUrl", "$[*].settings.notifications.vpn.helpUrl",
		"$.settings.notifications.vpn.message", "$[*].settings.notifications.vpn.message"}, Rule: "type",
		Reason: "Okta sends settings.notifications.vpn.helpUrl and message as null when no VPN notification is configured"},
	{Ops: []string{"DELETE /api/v1/apps/{appId}"}, Paths: []string{"$"}, Rule: "status:204",
		Reason: "Okta answers an app deletion with 204 No Content; the spec lists only 200"},

	// App users.
	{Ops: []string{"GET /api/v1/apps/{appId}/users", "POST /api/v1/apps/{appId}/users"}, Paths: []string{"$[*].externalId", "$.externalId"}, Rule: "type",
		Reason: "Okta sends an app user's externalId as null until the app's provisioning has linked an account"},
	{Ops: []string{"GET /api/v1/apps/{appId}/users", "POST /api/v1/apps/{appId}/users"}, Paths: []string{"$[*].passwordChanged", "$.passwordChanged"}, Rule: "type",
		Reason: "Okta sends an app user's passwordChanged as null when the app does not sync passwords"},
	{Ops: []string{"GET /api/v1/apps/{appId}/users"}, Paths: []string{"$[*].profile.email", "$[*].profile.firstName",
		"$[*].profile.lastName", "$[*].profile.displayName", "$[*].profile.role"}, Rule: "type",
		Reason: "the spec types every app user profile value as an object; Okta's app user profiles hold strings (email, names…)"},

	// Org.
	{Ops: []string{"GET /api/v1/org"}, Paths: []string{"$.address1", "$.address2", "$.city", "$.country",
		"$.endUserSupportHelpURL", "$.expiresAt", "$.phoneNumber", "$.postalCode", "$.state",
		"$.supportPhoneNumber", "$.website"}, Rule: "type",
		Reason: "Okta sends unset org settings as null (and expiresAt: null for an org that is not a trial)"},

	// Policies: Identity Engine policy and rule types are newer than the spec.
	{Ops: []string{"GET /api/v1/policies"}, Paths: []string{"$[*].type"}, Rule: "enum",
		Reason: "ACCESS_POLICY, PROFILE_ENROLLMENT and the other Identity Engine policy types are newer than the spec's enum"},
	{Ops: []string{"GET /api/v1/policies"}, Paths: []string{"$[*].conditions"}, Rule: "type",
		Reason: "Okta sends conditions: null for policies that take none (ACCESS_POLICY, PROFILE_ENROLLMENT)"},
	{Ops: []string{"GET /api/v1/policies/{policyId}/rules"}, Paths: []string{"$[*].type"}, Rule: "enum",
		Reason: "ACCESS_POLICY and PROFILE_ENROLLMENT rule types are newer than the spec's enum"},

	// System Log: Okta sends null for every context it has no value for.
	{Ops: logOps, Paths: []string{"$[*].authenticationContext.authenticationProvider",
		"$[*].authenticationContext.credentialProvider", "$[*].authenticationContext.credentialType"}, Rule: "type",
		Reason: "Okta sends null authentication context fields for events without that step (most non-sign-in events)"},
	{Ops: logOps, Paths: []string{"$[*].authenticationContext.authenticationProvider",
		"$[*].authenticationContext.credentialProvider", "$[*].authenticationContext.credentialType"}, Rule: "enum",
		Reason: "Okta sends null authentication context fields (null is outside the spec's enums)"},
	{Ops: logOps, Paths: []string{"$[*].authenticationContext.externalSessionId", "$[*].authenticationContext.interface",
		"$[*].authenticationContext.issuer"}, Rule: "type",
		Reason: "Okta sends null authentication context fields for events without a session or issuer"},
	{Ops: logOps, Paths: []string{"$[*].client.device", "$[*].client.geographicalContext", "$[*].client.id",
		"$[*].client.userAgent", "$[*].client.ipAddress"}, Rule: "type",
		Reason: "Okta sends null client fields for events not caused by a browser or app (system and API events)"},
	{Ops: logOps, Paths: []string{"$[*].legacyEventType"}, Rule: "type",
		Reason: "Okta sends legacyEventType: null for event types that have no legacy name"},
	{Ops: logOps, Paths: []string{"$[*].outcome.reason"}, Rule: "type",
		Reason: "Okta sends outcome.reason: null when the outcome needs no reason"},
	{Ops: logOps, Paths: []string{"$[*].securityContext.asNumber", "$[*].securityContext.asOrg",
		"$[*].securityContext.domain", "$[*].securityContext.isProxy", "$[*].securityContext.isp"}, Rule: "type",
		Reason: "Okta sends null security context fields when it has no network intelligence for the client"},
	{Ops: logOps, Paths: []string{"$[*].target[*].detailEntry", "$[*].actor.detailEntry"}, Rule: "type",
		Reason: "Okta sends detailEntry: null for actors and targets without details"},
}

var (
	userOps = []string{"GET /api/v1/users", "GET /api/v1/users/{userId}", "POST /api/v1/users",
		"POST /api/v1/users/{userId}", "GET /api/v1/groups/{groupId}/users"}
	appOps = []string{"GET /api/v1/apps", "GET /api/v1/apps/{appId}", "POST /api/v1/apps", "PUT /api/v1/apps/{appId}"}
	logOps = []string{"GET /api/v1/logs"}
)

// Exempts are the endpoints newer than the spec, each with its reason and
// schemas.
var Exempts = []Exempt{
	{Op: "POST /api/v1/users/{userId}/lifecycle/expire_password", Response: "user.json",
		Reason: "the spec names the operation with its query in the path ('/lifecycle/expire_password?tempPassword=false'), which no request matches as a route; Okta's current reference has the path, with tempPassword a query parameter"},
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
	{Op: "GET /api/v1/logStreams", Response: "log_stream_list.json",
		Reason: "the Log Streaming API (/api/v1/logStreams) is newer than the spec"},
	{Op: "GET /api/v1/first-party-app-settings/{appName}", Response: "admin_console_settings.json",
		Reason: "the Okta Admin Console's own settings (/api/v1/first-party-app-settings/admin-console) are newer than the spec"},
	{Op: "GET /api/v1/behaviors", Response: "behavior_list.json",
		Reason: "the Behavior Detection Rules API (/api/v1/behaviors) is newer than the spec; okta-sdk-golang v5's spec has it (TestContractNewerSpec)"},
	{Op: "POST /oauth2/v1/token", Request: "token_request.json", Response: "token_response.json",
		Reason: "the org authorization server's token endpoint (client credentials with private_key_jwt, DPoP-bound tokens) is an OAuth endpoint outside the Management API spec"},
}
