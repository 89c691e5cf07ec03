// Package okta is the only package that speaks HTTP to Okta: oktagate's Okta
// client, reading the org for the data sources and checks and writing it for
// the provisioning resources.
//
// # Layout
//
// One file per API area — users.go, groups.go, apps.go, roles.go,
// policies.go, logs.go, tokens.go, org.go, zones.go, authenticators.go,
// log_streams.go, identity_providers.go, admin_console.go — holds the area's
// exported models, the wire structs that mirror Okta's JSON, its read and
// write methods on Client, and its tests in <area>_test.go. The core is apart:
// client.go (Config, New), request.go (one call, paging, Link headers),
// transport.go (retries, attempt timeouts, body and size caps, counters),
// governor.go (rate-limit buckets), auth.go (credentials), errors.go (errors a
// person can act on) and wire.go (the JSON primitives the areas share:
// timestamps, flattened profiles).
//
// The models are oktagate's own compact view of Okta objects and are all
// other packages see. Time fields are UTC; the zero time means Okta sent null
// or nothing. Lists follow every rel="next" page and return all items.
//
// # What okta-sdk-golang/v2 does here
//
// okta-sdk-golang/v2 is the product's Okta SDK, and here it does one thing:
// its RequestExecutor builds each request (Client.call, through NewRequest):
// the org URL joined to the path, the JSON-encoded body, the Accept,
// Content-Type and User-Agent headers. Everything else goes around it:
//
//   - Sending: call sends the request through the client's own http.Client,
//     whose transport owns retries, timeouts, the rate-limit governor, the
//     concurrency cap and the counters. The SDK is given an http.Client that
//     cannot send (sdkCannotSend), so its RequestExecutor.Do, which retries an
//     io.EOF without limit, can neither send nor loop; a dropped connection's
//     error therefore reaches callers as itself (errors.Is io.EOF or
//     io.ErrUnexpectedEOF).
//   - Authentication: the SDK holds only a placeholder API token. The
//     transport sets the real credential on every attempt: SSWS, or OAuth 2.0
//     client credentials with private_key_jwt and DPoP, which the SDK does not
//     support (its private-key mode has no DPoP proofs, nonces or token
//     renewal on invalid_token).
//   - Decoding: responses are decoded from the bytes the transport read, in
//     one pass, into this package's wire structs. The SDK's models drop fields
//     the checks judge (a factor's profile and vendorName, the oauthClient
//     parts of an OIDC app, a smart card authenticator's idpIds), cannot decode
//     newer shapes (a DYNAMIC_V2 zone's include/exclude locations and ASNs)
//     and have no endpoints newer than the SDK (log streams, the IAM role
//     assignees, the Admin Console settings); its Do also read and copied
//     every body several times over.
//   - Writes: the provisioning resources' writes are the same calls, with the
//     same structs: no SDK model or resource method is used. A POST is retried
//     only when Okta refused it with 429, so nothing is created twice.
//   - No cache: the SDK's cache is off, so every read is the org's answer now,
//     and OKTA_* variables or ~/.okta/okta.yaml cannot turn it on or change
//     the org, credential, retries or timeouts: New's explicit settings win.
//   - Paging, Link headers (and their same-origin check), redirects, errors
//     and their hints are this package's.
package okta
