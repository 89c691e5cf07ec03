package ratelimit

import "testing"

func TestBucketFor(t *testing.T) {
	cases := []struct{ method, path, want string }{
		{"GET", "/api/v1/users", UsersList},
		{"POST", "/api/v1/users", UsersList},
		{"GET", "/api/v1/users/00u1", UserGet},
		{"GET", "/api/v1/users/00u1/factors", UserGet},
		{"POST", "/api/v1/users/00u1/lifecycle/deactivate", UserWrite},
		{"DELETE", "/api/v1/users/00u1", UserWrite},
		{"GET", "/api/v1/apps", Apps},
		{"GET", "/api/v1/apps/0oa1/users", Apps},
		{"GET", "/api/v1/groups/00g1/users", Groups},
		{"GET", "/api/v1/logs", Logs},
		{"PUT", "/api/v1/api-tokens/00T1", APITokens},
		{"GET", "/api/v1/iam/assignees/users", IAM},
		{"GET", "/api/v1/policies", Policies},
		{"GET", "/oauth2/v1/clients/abc/roles", Clients},
		{"POST", "/oauth2/v1/token", OAuthToken},
		{"GET", "/.well-known/okta-organization", Org},
		{"GET", "/api/v1/org", Org},
		{"GET", "/api/v1/meta/schemas/user/default", Other},
	}
	for _, c := range cases {
		if got := BucketFor(c.method, c.path); got != c.want {
			t.Errorf("BucketFor(%s %s) = %q, want %q", c.method, c.path, got, c.want)
		}
		if _, ok := WorkforceLimits[BucketFor(c.method, c.path)]; !ok {
			t.Errorf("bucket %q has no Workforce limit", c.want)
		}
	}
}
