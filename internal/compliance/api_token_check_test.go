package compliance

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func tokenFacts() *Facts {
	in := func(days float64) time.Time { return now.Add(time.Duration(days * float64(24*time.Hour))) }
	zone := okta.TokenNetwork{Connection: "ZONE", Include: []string{"nzo1"}}
	return &Facts{
		Now: now,
		Users: []okta.User{
			user("00u1", "svc@acme.com", UserActive),
			user("00u2", "alice@acme.com", UserActive),
			user("00u3", "trent@acme.com", UserSuspended),
		},
		APITokens: []okta.APIToken{
			{ID: "00T1", Name: "scanner", UserID: "00u1", ExpiresAt: in(29), Network: zone},
			{ID: "00T2", Name: "terraform-admin", UserID: "00u2", ExpiresAt: in(28), Network: okta.TokenNetwork{Connection: "ANYWHERE"}},
			{ID: "00T3", Name: "bob-scripts", UserID: "00u1", ExpiresAt: in(1.5), Network: zone},
			{ID: "00T4", Name: "legacy-sync", UserID: "00u1", ExpiresAt: in(-3), Network: zone},
			{ID: "00T5", Name: "trent-automation", UserID: "00u3", ExpiresAt: in(20)},
			{ID: "00T6", Name: "", UserID: "00u9", ExpiresAt: in(20), Network: zone},
		},
		UserRoles: map[string][]okta.Role{
			"00u1": {{ID: "ra1", Type: "READ_ONLY_ADMIN", AssignmentType: "USER"}},
			"00u2": {{ID: "ra2", Type: "SUPER_ADMIN", AssignmentType: "USER"}, {ID: "irb1", Type: "ORG_ADMIN", AssignmentType: "GROUP"}},
			"00u3": {{ID: "ra3", Type: "API_ACCESS_MANAGEMENT_ADMIN", AssignmentType: "USER"}},
		},
	}
}

func TestAPIToken(t *testing.T) {
	expiredOn := now.AddDate(0, 0, -3).Format(time.DateOnly)
	soon := now.Add(36 * time.Hour).Format(time.DateOnly)
	tests := []struct {
		name     string
		in       APITokenInput
		want     []string
		controls []string
	}{
		{
			name: "defaults",
			in:   APITokenInput{RequireNetworkRestriction: true, MinDaysToExpiry: 7},
			want: []string{
				"00T6: owner 00u9 not found",
				"bob-scripts (00T3): expires on " + soon + ", within 7 days",
				"legacy-sync (00T4): expired on " + expiredOn,
				"terraform-admin (00T2): usable from ANYWHERE; owner holds ORG_ADMIN, SUPER_ADMIN beyond READ_ONLY_ADMIN",
				"trent-automation (00T5): owner trent@acme.com is SUSPENDED; usable from ANYWHERE; owner holds API_ACCESS_MANAGEMENT_ADMIN beyond READ_ONLY_ADMIN",
			},
			controls: []string{"SOC2 CC6.1", "SOC2 CC6.3", STIGTokenNetworkZone},
		},
		{
			name: "dedicated owner, any network, admin roles allowed",
			in: APITokenInput{AllowedOwnerIDs: []string{"00u1", "ghost@acme.com"}, AllowedOwnerRoles: []string{"read_only_admin", "super_admin", "org_admin", "API_ACCESS_MANAGEMENT_ADMIN"},
				Exceptions: []Exception{{Subject: "LEGACY-SYNC", Reason: "r", Expires: "2027-01-31"}}},
			want: []string{
				"00T6: owner 00u9 not found; owner 00u9 is not an allowed owner",
				"terraform-admin (00T2): owner alice@acme.com is not an allowed owner",
				"trent-automation (00T5): owner trent@acme.com is SUSPENDED; owner trent@acme.com is not an allowed owner",
			},
			controls: []string{"SOC2 CC6.1", "SOC2 CC6.3", STIGTokenDedicatedOwner},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(APIToken(tokenFacts(), tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != 6 {
				t.Errorf("evaluated %d, want 6", r.SubjectsEvaluated)
			}
			want := slices.Clone(tt.controls)
			slices.Sort(want)
			if !slices.Equal(soc2AndSTIG(r.Controls), want) {
				t.Errorf("controls %q, want %q", r.Controls, want)
			}
		})
	}
}

func TestAPITokenFingerprintAndErrors(t *testing.T) {
	in := APITokenInput{RequireNetworkRestriction: true, MinDaysToExpiry: 7}
	base := mustOK(t)(APIToken(tokenFacts(), in))
	// Okta slides a token's expiry forward when it is used: not a change.
	f := tokenFacts()
	f.APITokens[0].ExpiresAt = f.APITokens[0].ExpiresAt.Add(48 * time.Hour)
	if r := mustOK(t)(APIToken(f, in)); r.Fingerprint != base.Fingerprint {
		t.Error("a token used again changed the fingerprint")
	}
	f = tokenFacts()
	f.APITokens[0].Network.Include = []string{"nzo2"}
	if r := mustOK(t)(APIToken(f, in)); r.Fingerprint == base.Fingerprint {
		t.Error("a token's network zones changed and the fingerprint did not")
	}
	if _, err := APIToken(tokenFacts(), APITokenInput{MinDaysToExpiry: -1}); err == nil {
		t.Error("negative min_days_to_expiry: want an error")
	}
	f = tokenFacts()
	delete(f.UserRoles, "00u2")
	var mf *MissingFactsError
	if _, err := APIToken(f, in); !asMissing(err, &mf) || !strings.Contains(err.Error(), "00u2") {
		t.Errorf("owner roles not loaded: %v", err)
	}
	if ids := in.OwnerIDs(tokenFacts()); strings.Join(ids, ",") != "00u1,00u2,00u3,00u9" {
		t.Errorf("owners %v", ids)
	}
}
