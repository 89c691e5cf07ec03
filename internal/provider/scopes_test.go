package provider

import (
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// gateOrg is the test org with everything a check reads (policies,
// authenticators, zones, log streams, identity providers), and its portal app
// set up as an OAuth service app with READ_ONLY_ADMIN and a grant for each of
// granted.
func gateOrg(t *testing.T, granted []string) (*oktasim.Org, string, string) {
	t.Helper()
	key, keyPEM := testKey(t)
	org := newTestOrg()
	addAuthenticators(org)
	addSmartCardIdPs(org)
	addAuthenticationPolicies(org)
	addLogStreams(org)
	addNetworkZones(org)
	addPasswordPolicies(org)
	addSignOnPolicies(org)
	org.Apps[0].Grants = nil
	return org, oauthServiceApp(t, org, key, granted...), keyPEM
}

// oauthServiceApp sets the test org's portal app up as an OAuth service app
// signing with key (kid "gate-1"), holding READ_ONLY_ADMIN and an ACTIVE
// grant of each of scopes beside its grants; it returns the client id.
func oauthServiceApp(t *testing.T, org *oktasim.Org, key *ecdsa.PrivateKey, scopes ...string) string {
	t.Helper()
	jwk, err := jose.JSONWebKey{Key: &key.PublicKey, KeyID: "gate-1", Algorithm: "ES256", Use: "sig"}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var jwkMap map[string]any
	if err := json.Unmarshal(jwk, &jwkMap); err != nil {
		t.Fatal(err)
	}
	portal := org.Apps[0]
	portal.OAuth.JWKS = []map[string]any{jwkMap}
	for i, sc := range scopes {
		portal.Grants = append(portal.Grants, oktasim.Grant{ID: fmt.Sprintf("oag0000000000000s%03d", i), ClientID: portal.OAuth.ClientID,
			ScopeID: sc, Issuer: "https://initech.okta.com", Status: "ACTIVE", Source: "ADMIN", Created: ts(9, 7)})
	}
	org.ClientRoles[portal.OAuth.ClientID] = []*oktasim.RoleAssignment{
		{ID: "ra000000000000000009", Type: "READ_ONLY_ADMIN", Status: "ACTIVE", AssignmentType: "CLIENT", Created: ts(9, 8), LastUpdated: ts(9, 8)},
	}
	return portal.OAuth.ClientID
}

// typeConfigs is a small configuration of each type the gate uses, against
// the test org; checks in warn mode so that violations do not stop the plan.
var typeConfigs = map[string]string{
	"oktagate_admin_roles":                 `data "oktagate_admin_roles" "t" {}`,
	"oktagate_api_tokens":                  `data "oktagate_api_tokens" "t" {}`,
	"oktagate_app_assignments":             `data "oktagate_app_assignments" "t" { app_id = "` + aPortal + `" }`,
	"oktagate_apps":                        `data "oktagate_apps" "t" {}`,
	"oktagate_groups":                      `data "oktagate_groups" "t" {}`,
	"oktagate_org":                         `data "oktagate_org" "t" {}`,
	"oktagate_policies":                    `data "oktagate_policies" "t" { type = "PASSWORD" }`,
	"oktagate_system_log":                  `data "oktagate_system_log" "t" { since = timeadd(plantimestamp(), "-24h") }`,
	"oktagate_user":                        `data "oktagate_user" "t" { id = "` + uAlice + `" }`,
	"oktagate_user_factors":                `data "oktagate_user_factors" "t" { user_id = "` + uAlice + `" }`,
	"oktagate_users":                       `data "oktagate_users" "t" {}`,
	"oktagate_access_review":               "resource \"oktagate_access_review\" \"t\" {\n  app_id = \"" + aPortal + "\"\n  reviewed_on = \"2026-01-02\"\n  enforcement = \"warn\"\n}",
	"oktagate_admin_roles_check":           `resource "oktagate_admin_roles_check" "t" { enforcement = "warn" }`,
	"oktagate_api_token_check":             `resource "oktagate_api_token_check" "t" { enforcement = "warn" }`,
	"oktagate_authentication_policy_check": `resource "oktagate_authentication_policy_check" "t" { enforcement = "warn" }`,
	"oktagate_authenticator_check":         `resource "oktagate_authenticator_check" "t" { enforcement = "warn" }`,
	"oktagate_inactive_users_check":        `resource "oktagate_inactive_users_check" "t" { enforcement = "warn" }`,
	"oktagate_log_stream_check":            `resource "oktagate_log_stream_check" "t" { enforcement = "warn" }`,
	"oktagate_mfa_check":                   `resource "oktagate_mfa_check" "t" { enforcement = "warn" }`,
	"oktagate_network_zone_check":          `resource "oktagate_network_zone_check" "t" { enforcement = "warn" }`,
	"oktagate_offboarding_check":           "resource \"oktagate_offboarding_check\" \"t\" {\n  offboarded = [{ login = \"alice@initech.example\", date = \"2026-01-02\" }]\n  enforcement = \"warn\"\n}",
	"oktagate_password_policy_check":       `resource "oktagate_password_policy_check" "t" { enforcement = "warn" }`,
	"oktagate_scope_check":                 `resource "oktagate_scope_check" "t" { enforcement = "warn" }`,
	"oktagate_session_policy_check":        `resource "oktagate_session_policy_check" "t" { enforcement = "warn" }`,
	"oktagate_snapshot":                    `resource "oktagate_snapshot" "t" {}`,
	"oktagate_unique_email_check":          `resource "oktagate_unique_email_check" "t" { enforcement = "warn" }`,
	"oktagate_trusted_origin_check":        `resource "oktagate_trusted_origin_check" "t" { enforcement = "warn" }`,
	"oktagate_app_sign_on_check":           `resource "oktagate_app_sign_on_check" "t" { enforcement = "warn" }`,
	// Posture checks (issue #18).
	"oktagate_threat_insight_check": `resource "oktagate_threat_insight_check" "t" { enforcement = "warn" }`,
	"oktagate_behavior_detection_check": `resource "oktagate_behavior_detection_check" "t" {
  require_policy_use = false
  enforcement        = "warn"
}`,
	"oktagate_residual_access_check":     `resource "oktagate_residual_access_check" "t" { enforcement = "warn" }`,
	"oktagate_privileged_accounts_check": `resource "oktagate_privileged_accounts_check" "t" { enforcement = "warn" }`,
	"oktagate_factor_enrollment_check":   `resource "oktagate_factor_enrollment_check" "t" { enforcement = "warn" }`,
	"oktagate_device_assurance_check":    `resource "oktagate_device_assurance_check" "t" { enforcement = "warn" }`,
}

// observedScopes names the read scope of each request the simulator served
// (okta.apps.read for app grants, which it also accepts there).
func observedScopes(s *oktasim.Server) []string {
	set := map[string]bool{}
	for _, r := range s.Requests() {
		sc := okta.ScopeFor(r.Method, r.Path)
		if sc == "okta.appGrants.read" {
			sc = "okta.apps.read"
		}
		if sc != "" {
			set[sc] = true
		}
	}
	out := make([]string, 0, len(set))
	for sc := range set {
		out = append(out, sc)
	}
	sort.Strings(out)
	return out
}

func oauthProvider(url, clientID, keyPEM string, scopes []string) string {
	q := make([]string, len(scopes))
	for i, s := range scopes {
		q[i] = fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf(`provider "oktagate" {
  org_url        = %q
  client_id      = %q
  private_key    = %q
  private_key_id = "gate-1"
  scopes         = [%s]
}
`, url, clientID, keyPEM, strings.Join(q, ", "))
}

// indexScopes reads the provider index's scope table: per type, the scopes
// it needs with its defaults, and the further scopes some arguments add.
func indexScopes(t *testing.T) map[string][2][]string {
	t.Helper()
	idx, err := os.ReadFile("../../templates/index.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	scope := regexp.MustCompile("`(okta\\.[A-Za-z]+\\.read)`")
	out := map[string][2][]string{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(oktagate_\\w+)` \\| ([^|]*) \\| ([^|]*) \\|$").FindAllStringSubmatch(string(idx), -1) {
		var base, more []string
		for _, sm := range scope.FindAllStringSubmatch(m[2], -1) {
			base = append(base, sm[1])
		}
		for _, sm := range scope.FindAllStringSubmatch(m[3], -1) {
			more = append(more, sm[1])
		}
		out[m[1]] = [2][]string{base, more}
	}
	return out
}

// scopeVariants are configurations with the arguments that need more
// scopes than a type's defaults (the index's third column).
var scopeVariants = map[string]struct{ typ, config string }{
	"oktagate_mfa_check with group_ids": {"oktagate_mfa_check",
		"resource \"oktagate_mfa_check\" \"t\" {\n  group_ids = [\"" + gEng + "\"]\n  enforcement = \"warn\"\n}"},
	"oktagate_inactive_users_check with group_ids": {"oktagate_inactive_users_check",
		"resource \"oktagate_inactive_users_check\" \"t\" {\n  group_ids = [\"" + gEng + "\"]\n  enforcement = \"warn\"\n}"},
	"oktagate_authenticator_check with smart_card_trusted_issuers": {"oktagate_authenticator_check",
		"resource \"oktagate_authenticator_check\" \"t\" {\n  smart_card_trusted_issuers = [\"" + dodRoot + "\"]\n  enforcement = \"warn\"\n}"},
	"oktagate_session_policy_check with Admin Console limits": {"oktagate_session_policy_check",
		"resource \"oktagate_session_policy_check\" \"t\" {\n  max_admin_console_idle_minutes = 15\n  enforcement = \"warn\"\n}"},
	"oktagate_behavior_detection_check with require_policy_use": {"oktagate_behavior_detection_check",
		"resource \"oktagate_behavior_detection_check\" \"t\" {\n  enforcement = \"warn\"\n}"},
}

// TestAccScopesPerType: every type the gate uses has a row in the provider
// index's scope table, and a configuration of it, granted and requesting
// exactly the scopes of its row, applies and plans again (the snapshot replays
// the System Log then) using every one of them: the table is enough and no
// more. The provisioning resources, which write, are documented apart.
func TestAccScopesPerType(t *testing.T) {
	t.Parallel()
	table := indexScopes(t)
	ctx := t.Context()
	p := newWithEnv("test", func(string) string { return "" })()
	var names []string
	for _, f := range p.DataSources(ctx) {
		var r datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "oktagate"}, &r)
		names = append(names, r.TypeName)
	}
	for _, f := range append(checkResources(), newSnapshotResource) {
		var r fwresource.MetadataResponse
		f().Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "oktagate"}, &r)
		names = append(names, r.TypeName)
	}
	for _, n := range names {
		if _, ok := table[n]; !ok {
			t.Errorf("the provider index's scope table has no row for %s", n)
		}
		if _, ok := typeConfigs[n]; !ok {
			t.Errorf("no configuration of %s in typeConfigs", n)
		}
	}
	type tc struct{ typ, config string }
	cases := map[string]tc{}
	for n, c := range typeConfigs {
		cases[n] = tc{n, c}
	}
	for n, v := range scopeVariants {
		cases[n] = tc{v.typ, v.config}
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			row, ok := table[c.typ]
			if !ok {
				t.Skip("no row")
			}
			want := slices.Clone(row[0])
			if name != c.typ {
				want = append(want, row[1]...)
			}
			sort.Strings(want)
			org, cid, keyPEM := gateOrg(t, want)
			s, _ := startSim(t, org, oktasim.Options{Unlimited: true})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(nil),
				Steps: []resource.TestStep{{
					Config: oauthProvider(s.URL(), cid, keyPEM, want) + c.config + "\n",
				}},
				// After the apply, the plan that follows it and the destroy.
				CheckDestroy: func(*terraform.State) error {
					if got := observedScopes(s); !slices.Equal(got, want) {
						return fmt.Errorf("%s used %v; the index lists %v", name, got, want)
					}
					return nil
				},
			})
		})
	}
}

// guideScopes reads the scopes the CI guide's workflow grants
// (OKTA_API_SCOPES in templates/guides/ci-gate.md.tmpl).
func guideScopes(t *testing.T) []string {
	t.Helper()
	guide, err := os.ReadFile("../../templates/guides/ci-gate.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*OKTA_API_SCOPES:\s*(\S+)\s*$`).FindSubmatch(guide)
	if m == nil {
		t.Fatal("the CI guide's workflow sets no OKTA_API_SCOPES")
	}
	return strings.Split(string(m[1]), ",")
}

// ciGateDir copies the CI guide's configuration (examples/ci-gate, which the
// guide includes) into a directory of its own, with an override file that
// puts its checks in warn mode: the test org has violations, and what is
// tested here is that the plan can read what the checks need.
func ciGateDir(t *testing.T) string {
	t.Helper()
	main, err := os.ReadFile("../../examples/ci-gate/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	var override strings.Builder
	for _, m := range regexp.MustCompile(`(?m)^resource "(oktagate_\w+)" "(\w+)"`).FindAllStringSubmatch(string(main), -1) {
		fmt.Fprintf(&override, "resource %q %q {\n  enforcement = \"warn\"\n}\n", m[1], m[2])
	}
	if override.Len() == 0 {
		t.Fatal("examples/ci-gate/main.tf has no oktagate resource")
	}
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/main.tf", main, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/warn_override.tf", []byte(override.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestAccCIGuideScopes runs the CI guide's configuration as its workflow
// does, with the credentials in the environment and exactly the scopes the
// workflow lists granted and requested: the plan succeeds. Without any one of
// them it fails on a missing scope, so the list is also the least that works.
//
// Not parallel: the configuration names its provider oktagate/oktagate, so
// the test harness must serve the provider under that namespace.
func TestAccCIGuideScopes(t *testing.T) {
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "oktagate")
	scopes := guideScopes(t)
	dir := ciGateDir(t)
	run := func(t *testing.T, requested []string, want *regexp.Regexp) {
		org, clientID, keyPEM := gateOrg(t, scopes)
		s, _ := startSim(t, org, oktasim.Options{Unlimited: true})
		env := map[string]string{envOrgURL: s.URL(), envClientID: clientID, envPrivateKey: keyPEM,
			envScopes: strings.Join(requested, ",")}
		resource.UnitTest(t, resource.TestCase{
			Steps: []resource.TestStep{{
				ProtoV6ProviderFactories: providerFactories(env),
				ConfigDirectory:          config.StaticDirectory(dir),
				PlanOnly:                 true,
				ExpectNonEmptyPlan:       true,
				ExpectError:              want,
			}},
		})
		if want == nil {
			for _, r := range s.Requests() {
				if r.AuthScheme == "SSWS" {
					t.Errorf("a request used an API token: %s %s", r.Method, r.Path)
				}
			}
		}
	}
	t.Run("exactly the listed scopes", func(t *testing.T) { run(t, scopes, nil) })
	for i, sc := range scopes {
		t.Run("without "+sc, func(t *testing.T) {
			run(t, slices.Delete(slices.Clone(scopes), i, i+1), phrases("Missing Okta scope or admin role", sc))
		})
	}
}
