package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestAccActionUserSessionsRevoke: the user's sessions end (and only its),
// with oauthTokens as configured; a SUSPENDED user is not asked about.
func TestAccActionUserSessionsRevoke(t *testing.T) {
	o := actionOrg(t, 5)
	u := plainUser(t, o, nil)
	other := plainUser(t, o, func(x *oktasim.User) bool { return x.ID != u.ID })
	o.Sessions = map[string]int{u.ID: 3, other.ID: 1}
	suspended := plainUser(t, o, func(x *oktasim.User) bool { return x.ID != u.ID && x.ID != other.ID })
	suspended.Status = "SUSPENDED"
	s, provider := startSim(t, o, oktasim.Options{Unlimited: true})
	r := newActionRun(t, provider+fmt.Sprintf(`
action "oktagate_user_sessions_revoke" "x" {
  config {
    user         = %q
    oauth_tokens = false
  }
}

action "oktagate_user_sessions_revoke" "suspended" {
  config {
    user = %q
  }
}
`, u.ID, suspended.ID))
	out := invokeOnce(t, r, s, "oktagate_user_sessions_revoke.x", "sessions "+u.ID)
	if !strings.Contains(out, "sessions revoked (Okta request id") {
		t.Fatalf("output:\n%s", out)
	}
	var q string
	for _, rec := range s.Requests() {
		if rec.Method == http.MethodDelete {
			q = rec.RawQuery
		}
	}
	if q != "oauthTokens=false" {
		t.Fatalf("DELETE sessions query %q, want oauthTokens=false", q)
	}
	if out = invokeAgain(t, r, s, "oktagate_user_sessions_revoke.suspended"); !strings.Contains(out, "SUSPENDED, so Okta already ended its sessions") {
		t.Fatalf("suspended:\n%s", out)
	}
}
