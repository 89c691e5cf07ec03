package provider

import (
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// The API tokens of the token check's test org, beyond Initech's two.
const (
	uSvc        = "00u0000000000000009s"
	tokSvc      = "00T00000000000000003"
	tokExpired  = "00T00000000000000004"
	tokCIGate   = "00T00000000000000001"
	tokLegacy   = "00T00000000000000002"
	svcLogin    = "svc-scanner@initech.example"
	expiredName = "old-sync"
)

// addTokenCast adds a service account holding READ_ONLY_ADMIN with a sound
// token and an expired one. Initech's own tokens: ci-gate (alice, a
// SUPER_ADMIN) and legacy-script (dave, RECOVERY, usable from ANYWHERE).
func addTokenCast(org *oktasim.Org, now func(days int) oktasim.APIToken) {
	at := ts(15, 1)
	org.Users = append(org.Users, &oktasim.User{ID: uSvc, Status: "ACTIVE", Created: at, Activated: &at, LastLogin: &at, LastUpdated: at,
		Profile: map[string]any{"login": svcLogin, "email": svcLogin}})
	org.UserRoles[uSvc] = []*oktasim.RoleAssignment{{ID: "ra00000000000000009s", Type: "READ_ONLY_ADMIN", Status: "ACTIVE",
		AssignmentType: "USER", Created: at, LastUpdated: at}}
	sound, expired := now(30), now(-2)
	sound.ID, sound.Name, expired.ID, expired.Name = tokSvc, "svc-scanner", tokExpired, expiredName
	org.APITokens = append(org.APITokens, &sound, &expired)
}

// tokenIn builds a token of the service account, restricted to a zone,
// expiring days from now.
func tokenIn(now time.Time) func(days int) oktasim.APIToken {
	return func(days int) oktasim.APIToken {
		return oktasim.APIToken{UserID: uSvc, ClientName: "Okta API", TokenWindow: "P30D", Created: ts(15, 2),
			ExpiresAt: now.AddDate(0, 0, days).Truncate(time.Second), LastUpdated: ts(15, 3),
			Network: oktasim.TokenNetwork{Connection: "ZONE", Include: []string{"nzo00000000000000001"}}}
	}
}

// TestAccAPITokenCheck: an owner holding SUPER_ADMIN, an owner not ACTIVE
// whose token is usable from anywhere, and an expired token; the sound
// token of a read-only service account passes.
func TestAccAPITokenCheck(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	org := newTestOrg()
	addTokenCast(org, tokenIn(now))
	checkLifecycle{
		typ: "oktagate_api_token_check", name: "tokens", org: org,
		body: "",
		warn: map[string]string{
			"subjects_evaluated":      "4",
			"violation_count":         "3",
			"violations.0.subject":    "ci-gate",
			"violations.0.subject_id": tokCIGate,
			"violations.0.reason":     "owner holds SUPER_ADMIN beyond READ_ONLY_ADMIN",
			// dave's READ_ONLY_ADMIN comes through Engineering and is allowed.
			"violations.1.subject":    "legacy-script",
			"violations.1.reason":     "owner dave@initech.example is RECOVERY; usable from ANYWHERE",
			"violations.2.subject":    expiredName,
			"violations.2.subject_id": tokExpired,
			"violations.2.reason":     "expired on " + now.AddDate(0, 0, -2).Format(time.DateOnly),
			"min_days_to_expiry":      "7",
			"allowed_owner_roles.#":   "1",
			"controls.#":              "9",
			"controls.8":              "STIG V-279689",
		},
		blocked: []string{"(3 violations,", "ci-gate (" + tokCIGate + "): owner holds SUPER_ADMIN", "legacy-script", "old-sync (" + tokExpired + "): expired on"},
		waive:   []string{"ci-gate", tokLegacy, expiredName},
		fix: func(org *oktasim.Org) {
			var keep []*oktasim.APIToken
			for _, tok := range org.APITokens {
				switch tok.ID {
				case tokCIGate:
					tok.UserID = uSvc
					keep = append(keep, tok)
				case tokSvc:
					keep = append(keep, tok)
				}
			}
			org.APITokens = keep
		},
	}.run(t)
}
