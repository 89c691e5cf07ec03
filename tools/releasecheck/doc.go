// Package releasecheck holds `make release-check`: the test that .goreleaser.yml
// loads strictly into GoReleaser's own configuration type (an unknown or
// misspelt key, a list where a map belongs, a wrong `version:` fail it, as they
// fail `goreleaser check` and a tagged release) and that it still publishes
// what the Terraform Registry and the README promise.
//
// It is a module of its own so that GoReleaser's dependency graph stays out of
// the provider's go.mod; building the whole goreleaser command from the module
// proxy takes too long for every `make test`, while its configuration package
// compiles in seconds.
package releasecheck
