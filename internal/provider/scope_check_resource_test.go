package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

const aSync = "0oa00000000000000004"

// scopeOrg is Initech with a second OAuth service app, Sync Bot, granted
// okta.users.manage and holding ORG_ADMIN; the portal keeps its read grants
// (its okta.users.manage grant is REVOKED) and holds READ_ONLY_ADMIN.
func scopeOrg() *oktasim.Org {
	org := newTestOrg()
	const client = "0oasyncclient0000001"
	org.Apps = append(org.Apps, &oktasim.App{ID: aSync, Name: "oidc_client", Label: "Sync Bot", Status: "ACTIVE",
		SignOnMode: "OPENID_CONNECT", Created: ts(1, 7), LastUpdated: ts(9, 7),
		OAuth: &oktasim.OAuthClient{ClientID: client, TokenEndpointAuthMethod: "private_key_jwt",
			ApplicationType: "service", GrantTypes: []string{"client_credentials"}, ResponseTypes: []string{"token"}},
		Grants: []oktasim.Grant{
			{ID: "oag00000000000000011", ClientID: client, ScopeID: "okta.users.manage", Issuer: "https://initech.okta.com", Status: "ACTIVE", Source: "ADMIN", Created: ts(9, 8)},
			{ID: "oag00000000000000012", ClientID: client, ScopeID: "okta.users.read", Issuer: "https://initech.okta.com", Status: "ACTIVE", Source: "ADMIN", Created: ts(9, 8)},
		}})
	org.ClientRoles[client] = []*oktasim.RoleAssignment{
		{ID: "ra000000000000000011", Type: "ORG_ADMIN", Status: "ACTIVE", AssignmentType: "CLIENT", Created: ts(9, 9), LastUpdated: ts(9, 9)},
		{ID: "ra000000000000000012", Type: "READ_ONLY_ADMIN", Status: "ACTIVE", AssignmentType: "CLIENT", Created: ts(9, 9), LastUpdated: ts(9, 9)},
	}
	org.ClientRoles["0oaportalclient00001"] = []*oktasim.RoleAssignment{
		{ID: "ra000000000000000013", Type: "READ_ONLY_ADMIN", Status: "ACTIVE", AssignmentType: "CLIENT", Created: ts(9, 9), LastUpdated: ts(9, 9)},
	}
	return org
}

func TestAccScopeCheck(t *testing.T) {
	t.Parallel()
	s, provider := startCheckSim(t, scopeOrg())
	const addr = "oktagate_scope_check.integrations"
	// The fingerprint changes at every step that adds it.
	fp := statecheck.CompareValue(compare.ValuesDiffer())
	config := func(body string) string {
		return provider + "resource \"oktagate_scope_check\" \"integrations\" {\n" + body + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config(`  enforcement = "warn"` + "\n"),
				Check: checkAttrs(addr, map[string]string{
					"allowed_scopes.#":        "1",
					"allowed_scopes.0":        "okta.*.read",
					"allowed_client_roles.0":  "READ_ONLY_ADMIN",
					"status":                  "fail",
					"subjects_evaluated":      "2", // the two OAuth apps
					"violation_count":         "2",
					"violations.0.subject":    "Sync Bot",
					"violations.0.subject_id": aSync,
					"violations.0.reason":     "client role ORG_ADMIN is outside the allowed roles",
					"violations.1.reason":     "grant okta.users.manage is outside the allowed scopes",
				}),
			},
			{
				Config:   config(`  enforcement = "warn"` + "\n"),
				PlanOnly: true,
			},
			{
				Config:      config(""),
				ExpectError: phrases("Compliance check failed: oktagate_scope_check of every OAuth app (2 violations", "Sync Bot ("+aSync+"): grant okta.users.manage is outside the allowed scopes"),
			},
			{
				Config:           config(`  app_ids = ["` + aPortal + `"]` + "\n"),
				ConfigPlanChecks: updateInPlace(addr),
				Check:            checkAttrs(addr, map[string]string{"status": "pass", "subjects_evaluated": "1", "violations.#": "0"}),
			},
			{
				// A narrowed check names its apps by label.
				Config:      config(`  app_ids = ["` + aPortal + `", "` + aSync + `"]` + "\n"),
				ExpectError: phrases("Compliance check failed: oktagate_scope_check of Initech Portal (" + aPortal + "), Sync Bot (" + aSync + ") (2 violations"),
			},
			{
				Config:      config(exception("Sync Bot", longAgo)),
				ExpectError: phrases("(2 violations,", "Sync Bot"),
			},
			{
				// An exception names an app by its label (or id).
				Config:            config(`  enforcement = "warn"` + "\n" + exception("sync bot", farFuture)),
				ConfigPlanChecks:  updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"status":                            "pass",
						"subjects_evaluated":                "2",
						"exceptions_applied.#":              "1",
						"exceptions_applied.0.subject":      "sync bot",
						"exceptions_applied.0.violations.#": "2",
					}),
				),
			},
			{
				// The portal is granted a write scope in Okta: an in-place update.
				PreConfig: func() {
					org := s.Org()
					org.Lock()
					defer org.Unlock()
					portal := org.Apps[0]
					portal.Grants = append(portal.Grants, oktasim.Grant{ID: "oag00000000000000004", ClientID: "0oaportalclient00001",
						ScopeID: "okta.apps.manage", Issuer: "https://initech.okta.com", Status: "ACTIVE", Source: "ADMIN", Created: ts(18, 1)})
				},
				Config:            config(`  enforcement = "warn"` + "\n" + exception("sync bot", farFuture)),
				ConfigPlanChecks:  updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"status":               "fail",
						"violation_count":      "1",
						"violations.0.subject": "Initech Portal",
						"violations.0.reason":  "grant okta.apps.manage is outside the allowed scopes",
					}),
					onlyReads(s),
				),
			},
		},
	})
}
