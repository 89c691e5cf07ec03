// Package contract holds oktagate's contract suite: every request the provider
// sends and every response the simulator returns, checked against Okta's
// published Management API spec (the npm package @okta/openapi, the spec
// okta-sdk-golang/v2 was generated from) through a Prism validating proxy.
//
// The suite itself is in the _test.go files and runs with `make contract`.
// This package's non-test files are the committed list of known spec gaps and
// exempt endpoints (spec_gaps.go), the spec's operation index (spec.go) and a
// small JSON-schema checker (schema.go) for the hand-written schemas in
// schemas/ of endpoints newer than the spec. See README.md.
package contract
