package okta

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestMayHaveApplied(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"dropped connection", &requestError{method: "POST", path: "/api/v1/users", attempts: 1, err: io.ErrUnexpectedEOF}, true},
		{"malformed body", fmt.Errorf("creating: %w", &requestError{method: "POST", path: "/api/v1/apps", attempts: 1, err: errMalformed}), true},
		{"server error", &Error{HTTPStatus: 503, ErrorCode: "E0000009"}, true},
		{"refused", &Error{HTTPStatus: 400, ErrorCode: "E0000001"}, false},
		{"forbidden", &Error{HTTPStatus: 403, ErrorCode: "E0000006"}, false},
		{"rate limited", &Error{HTTPStatus: 429, ErrorCode: "E0000047"}, false},
		{"other", errors.New("config"), false},
	}
	for _, c := range cases {
		if got := MayHaveApplied(c.err); got != c.want {
			t.Errorf("%s: MayHaveApplied = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestScopeForPosture(t *testing.T) {
	for path, want := range map[string]string{
		"/api/v1/authenticators":                         "okta.authenticators.read",
		"/api/v1/logStreams":                             "okta.logStreams.read",
		"/api/v1/first-party-app-settings/admin-console": "okta.apps.read",
	} {
		if got := ScopeFor("GET", path); got != want {
			t.Errorf("ScopeFor(GET %s) = %q, want %q", path, got, want)
		}
	}
}

func TestScopeFor(t *testing.T) {
	cases := []struct{ method, path, want string }{
		{"GET", "/api/v1/users", "okta.users.read"},
		{"POST", "/api/v1/users/00u1/lifecycle/deactivate", "okta.users.manage"},
		{"GET", "/api/v1/users/00u1/factors", "okta.users.read"},
		{"GET", "/api/v1/users/00u1/roles", "okta.roles.read"},
		{"POST", "/api/v1/users/00u1/roles", "okta.roles.manage"},
		{"GET", "/api/v1/groups/00g1/users", "okta.groups.read"},
		{"PUT", "/api/v1/groups/00g1/users/00u1", "okta.groups.manage"},
		{"GET", "/api/v1/groups/00g1/roles", "okta.roles.read"},
		{"GET", "/api/v1/apps/0oa1/users", "okta.apps.read"},
		{"GET", "/api/v1/apps/0oa1/grants", "okta.appGrants.read"},
		{"GET", "/api/v1/logs", "okta.logs.read"},
		{"GET", "/api/v1/policies", "okta.policies.read"},
		{"GET", "/api/v1/api-tokens", "okta.apiTokens.read"},
		{"DELETE", "/api/v1/api-tokens/00T1", "okta.apiTokens.manage"},
		{"GET", "/api/v1/iam/assignees/users", "okta.roles.read"},
		{"GET", "/oauth2/v1/clients/abc/roles", "okta.roles.read"},
		{"GET", "/api/v1/org", "okta.orgs.read"},
		{"GET", "/api/v1/org/factors", "okta.factors.read"},
		{"GET", "/.well-known/okta-organization", ""},
		{"GET", "/nothing", ""},
	}
	for _, c := range cases {
		if got := ScopeFor(c.method, c.path); got != c.want {
			t.Errorf("ScopeFor(%s %s) = %q, want %q", c.method, c.path, got, c.want)
		}
	}
}
