package oktasim

import (
	"strings"
	"testing"
)

// TestReadListScopes: an OAuth token reads a list with its read scope and is
// refused (403 E0000006, insufficient_scope) with another of the app's
// granted scopes; without credentials, 401.
func TestReadListScopes(t *testing.T) {
	for _, tc := range []struct {
		path, scope, other string
	}{
		{"/api/v1/eventHooks", "okta.eventHooks.read", "okta.logStreams.read"},
		{"/api/v1/trustedOrigins", "okta.trustedOrigins.read", "okta.apps.read"},
		{"/api/v1/idps?type=X509", "okta.idps.read", "okta.authenticators.read"},
	} {
		t.Run(tc.scope, func(t *testing.T) {
			c := newRSAClient(t, "0oascope")
			o := NewOrg()
			serviceApp(t, o, "0oascope", c, []string{tc.scope, tc.other}, "READ_ONLY_ADMIN")
			s := startSim(t, o, Options{})
			aud := s.URL() + "/oauth2/v1/token"
			for scope, ok := range map[string]bool{tc.scope: true, tc.other: false} {
				_, at := accessTokenOf(t, tokenRequest(t, s, c.assertion(t, aud, nil), scope))
				r := send(t, "GET", s.URL()+tc.path, "Bearer "+at, nil)
				switch {
				case ok && (r.status != 200 || len(r.list(t)) != 0):
					t.Errorf("with %s: %d %s", scope, r.status, r.body)
				case !ok && (r.status != 403 || r.errorCode(t) != "E0000006" ||
					!strings.Contains(r.header.Get("WWW-Authenticate"), `error="insufficient_scope"`)):
					t.Errorf("with %s: %d %q %s", scope, r.status, r.header.Get("WWW-Authenticate"), r.body)
				}
			}
			if r := send(t, "GET", s.URL()+tc.path, "", nil); r.status != 401 {
				t.Errorf("no credentials: %d", r.status)
			}
		})
	}
}
