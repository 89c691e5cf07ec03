package compliance

import (
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func scopeFacts() *Facts {
	return &Facts{
		Now: now,
		Apps: []okta.App{
			{ID: "0oaB", Label: "Billing", OAuth: &okta.OAuthClient{ClientID: "cliB"}},
			{ID: "0oaA", Label: "Auditor", OAuth: &okta.OAuthClient{ClientID: "cliA"}},
			{ID: "0oaS", Label: "Slack"}, // not OAuth
		},
		Grants: map[string][]okta.Grant{
			"0oaA": {
				{ID: "g1", ScopeID: "okta.users.read", Status: "ACTIVE"},
				{ID: "g2", ScopeID: "okta.myAccount.email.read", Status: "ACTIVE"},
				{ID: "g3", ScopeID: "okta.users.manage", Status: "REVOKED"},
			},
			"0oaB": {
				{ID: "g4", ScopeID: "okta.users.manage", Status: "ACTIVE"},
				{ID: "g5", ScopeID: "okta.groups.read", Status: "ACTIVE"},
				{ID: "g6", ScopeID: "okta.apps.manage", Status: "ACTIVE"},
			},
			"0oaS": {},
		},
		ClientRoles: map[string][]okta.Role{
			"cliA": {{Type: "READ_ONLY_ADMIN", Status: "ACTIVE"}},
			"cliB": {
				{Type: "SUPER_ADMIN", Status: "ACTIVE"},
				{Type: "CUSTOM", ID: "cr0abc", Label: "Billing Reader", Status: "ACTIVE"},
				{Type: "ORG_ADMIN", Status: "INACTIVE"},
			},
		},
	}
}

func TestScope(t *testing.T) {
	tests := []struct {
		name      string
		in        ScopeInput
		evaluated int
		want      []string
	}{
		{
			name:      "defaults: every OAuth app, read scopes, read-only role",
			evaluated: 2,
			want: []string{
				"Billing (0oaB): client role CUSTOM (Billing Reader) is outside the allowed roles",
				"Billing (0oaB): client role SUPER_ADMIN is outside the allowed roles",
				"Billing (0oaB): grant okta.apps.manage is outside the allowed scopes",
				"Billing (0oaB): grant okta.users.manage is outside the allowed scopes",
			},
		},
		{
			name:      "narrowed to one app",
			in:        ScopeInput{AppIDs: []string{"0oaA"}},
			evaluated: 1,
		},
		{
			name:      "custom globs and roles",
			in:        ScopeInput{AllowedScopes: []string{"okta.users.*", "okta.*.read"}, AllowedClientRoles: []string{"super_admin", "billing reader", "READ_ONLY_ADMIN"}},
			evaluated: 2,
			want:      []string{"Billing (0oaB): grant okta.apps.manage is outside the allowed scopes"},
		},
		{
			name:      "a non-OAuth app named explicitly",
			in:        ScopeInput{AppIDs: []string{"0oaS", "0oaA"}, AllowedScopes: []string{"okta.users.read"}},
			evaluated: 2,
			want:      []string{"Auditor (0oaA): grant okta.myAccount.email.read is outside the allowed scopes"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(Scope(scopeFacts(), tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != tt.evaluated {
				t.Errorf("evaluated %d", r.SubjectsEvaluated)
			}
		})
	}
}

func TestScopeExceptionByAppAndErrors(t *testing.T) {
	r := mustOK(t)(Scope(scopeFacts(), ScopeInput{Exceptions: []Exception{{Subject: "billing", Reason: "migration", Expires: "2026-06-30"}}}))
	if r.Status != StatusPass || len(r.ExceptionsApplied) != 1 || len(r.ExceptionsApplied[0].Violations) != 4 {
		t.Errorf("status %s applied %+v", r.Status, r.ExceptionsApplied)
	}
	r = mustOK(t)(Scope(scopeFacts(), ScopeInput{Exceptions: []Exception{{Subject: "0OAB", Expires: "2026-06-30"}}}))
	if r.Status != StatusPass {
		t.Error("exception by app id did not apply")
	}

	if _, err := Scope(scopeFacts(), ScopeInput{AppIDs: []string{"0oaNope"}}); err == nil {
		t.Error("unknown app id: want an error")
	}
	f := scopeFacts()
	delete(f.ClientRoles, "cliB")
	if _, err := Scope(f, ScopeInput{}); err == nil {
		t.Error("client roles not loaded: want an error")
	}
	f = scopeFacts()
	delete(f.Grants, "0oaA")
	if _, err := Scope(f, ScopeInput{}); err == nil {
		t.Error("grants not loaded: want an error")
	}
}

func TestScopeFingerprint(t *testing.T) {
	base := mustOK(t)(Scope(scopeFacts(), ScopeInput{}))
	f := scopeFacts()
	f.Apps[0], f.Apps[1] = f.Apps[1], f.Apps[0]
	g := f.Grants["0oaB"]
	g[0], g[2] = g[2], g[0]
	if r := mustOK(t)(Scope(f, ScopeInput{AllowedClientRoles: []string{"read_only_admin"}, AllowedScopes: []string{"okta.*.read", "okta.*.read"}})); r.Fingerprint != base.Fingerprint {
		t.Errorf("order or equivalent inputs changed the fingerprint:\n%s\n%s", base.Evidence, r.Evidence)
	}
	f = scopeFacts()
	f.Grants["0oaA"] = append(f.Grants["0oaA"], okta.Grant{ID: "g7", ScopeID: "okta.apps.read", Status: "ACTIVE"})
	if r := mustOK(t)(Scope(f, ScopeInput{})); r.Fingerprint == base.Fingerprint {
		t.Error("a new allowed grant did not change the fingerprint")
	}
}

func TestGlobMatch(t *testing.T) {
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"okta.*.read", "okta.users.read", true},
		{"okta.*.read", "okta.myAccount.email.read", true},
		{"okta.*.read", "okta.users.manage", false},
		{"okta.*.read", "okta..read", true},
		{"okta.*.read", "okta.read", false},
		{"okta.users.*", "okta.users.read.self", true},
		{"*", "", true},
		{"", "", true},
		{"", "x", false},
		{"okta.users.read", "okta.users.read", true},
		{"okta.users.read", "okta.users.readx", false},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
	} {
		if got := globMatch(c.p, c.s); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v", c.p, c.s, got)
		}
	}
}
