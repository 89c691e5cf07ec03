package contract

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider"
)

// env is what a scenario drives: clients pointed at the front of the stack and
// facts about the demo org.
type env struct {
	st     *stack
	admin  *okta.Client // SSWS, SUPER_ADMIN
	oauth  *okta.Client // private_key_jwt + DPoP, read scopes
	facts  facts
	issuer string
}

// facts are ids of the demo org that scenarios and HCL entries use.
type facts struct {
	OrgURL, Token                 string
	AdminLogin, AdminID           string
	OktaGroupID, ServiceAppID     string
	ServiceClientID, SalesforceID string
	AdminTokenID, OtherTokenID    string
	ServiceUserID, ServiceTokenID string // the demo's read-only integration user and its token
	JWKModulus                    string // of a key made for the run
	Today                         string // YYYY-MM-DD
}

// scenario is one way the provider's code reads or writes Okta. Add one entry
// per new client method or snapshot path.
type scenario struct {
	name string
	run  func(ctx context.Context, e *env) error
}

var scenarios = []scenario{
	{"authenticators, log streams and the Admin Console settings", func(ctx context.Context, e *env) error {
		if _, err := e.admin.ListAuthenticators(ctx); err != nil {
			return err
		}
		if _, err := e.admin.ListLogStreams(ctx); err != nil {
			return err
		}
		_, err := e.admin.GetAdminConsoleSettings(ctx)
		return err
	}},
	{"identity providers: every type, and the Smart Card ones", func(ctx context.Context, e *env) error {
		if _, err := e.admin.ListIdentityProviders(ctx, ""); err != nil {
			return err
		}
		cards, err := e.admin.ListIdentityProviders(ctx, okta.IdPTypeX509)
		if err != nil {
			return err
		}
		if len(cards) == 0 || cards[0].TrustIssuer == "" {
			return fmt.Errorf("the demo org's Smart Card IdPs came back without their trust: %+v", cards)
		}
		return nil
	}},
	{"users", func(ctx context.Context, e *env) error {
		for _, q := range []okta.UserQuery{{}, {Search: `profile.department eq "Engineering"`},
			{Search: `status eq "DEPROVISIONED"`}, {Filter: `status eq "ACTIVE"`}, {Q: "al"}} {
			if _, err := e.admin.ListUsers(ctx, q); err != nil {
				return err
			}
		}
		if _, err := e.admin.GetUser(ctx, e.facts.AdminID); err != nil {
			return err
		}
		_, err := e.admin.GetUser(ctx, e.facts.AdminLogin)
		return err
	}},
	{"user groups", func(ctx context.Context, e *env) error {
		// Factors and roles of every user are read by the snapshot scenario.
		users, err := e.admin.ListUsers(ctx, okta.UserQuery{Search: `profile.department eq "IT"`})
		if err != nil {
			return err
		}
		for _, u := range users {
			if _, err := e.admin.ListUserGroups(ctx, u.ID); err != nil {
				return err
			}
		}
		return nil
	}},
	{"groups, members and group roles", func(ctx context.Context, e *env) error {
		for _, q := range []okta.GroupQuery{{Search: `type eq "OKTA_GROUP"`}, {Filter: `type eq "BUILT_IN"`}, {Q: "Eng"}} {
			if _, err := e.admin.ListGroups(ctx, q); err != nil {
				return err
			}
		}
		groups, err := e.admin.ListGroups(ctx, okta.GroupQuery{})
		if err != nil {
			return err
		}
		for _, g := range groups {
			if _, err := e.admin.ListGroupMemberIDs(ctx, g.ID); err != nil {
				return err
			}
			if _, err := e.admin.ListGroupRoles(ctx, g.ID); err != nil {
				return err
			}
		}
		return nil
	}},
	{"apps, assignments, grants and client roles", func(ctx context.Context, e *env) error {
		for _, q := range []okta.AppQuery{{Filter: `status eq "ACTIVE"`}, {Q: "Sales"}} {
			if _, err := e.admin.ListApps(ctx, q); err != nil {
				return err
			}
		}
		apps, err := e.admin.ListApps(ctx, okta.AppQuery{})
		if err != nil {
			return err
		}
		for _, a := range apps {
			if _, err := e.admin.GetApp(ctx, a.ID); err != nil {
				return err
			}
			if _, err := e.admin.ListAppUsers(ctx, a.ID); err != nil {
				return err
			}
			if _, err := e.admin.ListAppGroups(ctx, a.ID); err != nil {
				return err
			}
			if a.OAuth == nil {
				continue
			}
			if _, err := e.admin.ListAppGrants(ctx, a.ID); err != nil {
				return err
			}
			if _, err := e.admin.ListClientRoles(ctx, a.OAuth.ClientID); err != nil {
				return err
			}
		}
		return nil
	}},
	{"api tokens, org, assignees", func(ctx context.Context, e *env) error {
		if _, err := e.admin.ListAPITokens(ctx); err != nil {
			return err
		}
		if _, err := e.admin.GetAPIToken(ctx, e.facts.AdminTokenID); err != nil {
			return err
		}
		if _, err := e.admin.GetOrgMetadata(ctx); err != nil {
			return err
		}
		_, err := e.admin.ListRoleAssigneeUsers(ctx)
		return err
	}},
	{"policies and rules", func(ctx context.Context, e *env) error {
		for _, typ := range []string{"PASSWORD", "OKTA_SIGN_ON", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT"} {
			ps, err := e.admin.ListPolicies(ctx, typ)
			if err != nil {
				return err
			}
			for _, p := range ps {
				if _, err := e.admin.ListPolicyRules(ctx, p.ID); err != nil {
					return err
				}
			}
		}
		return nil
	}},
	{"system log", func(ctx context.Context, e *env) error {
		until := time.Now().UTC()
		if _, _, err := e.admin.ListLogs(ctx, until.Add(-logWindow), until, "", 0); err != nil {
			return err
		}
		_, _, err := e.admin.ListLogs(ctx, until.Add(-30*24*time.Hour), until, `eventType eq "user.session.start"`, 5)
		return err
	}},
	{"directory snapshot", func(ctx context.Context, e *env) error {
		return loadSnapshot(ctx, directory.New(e.admin, directory.Options{}))
	}},
	{"oauth private_key_jwt with DPoP", func(ctx context.Context, e *env) error {
		if _, err := e.oauth.ListUsers(ctx, okta.UserQuery{Search: `profile.department eq "IT"`}); err != nil {
			return err
		}
		_, err := e.oauth.GetOrgMetadata(ctx)
		return err
	}},
	{"service account writes", func(ctx context.Context, e *env) error {
		u, err := e.admin.CreateUser(ctx, map[string]any{"login": "svc-contract@acme.com", "email": "svc-contract@acme.com",
			"firstName": "Contract", "lastName": "Suite"}, "", false)
		if err != nil {
			return err
		}
		if _, err := e.admin.UpdateUserProfile(ctx, u.ID, map[string]any{"title": "Integration"}); err != nil {
			return err
		}
		if err := e.admin.SetUserPassword(ctx, u.ID, "Contract-Suite-Pa55word!"); err != nil {
			return err
		}
		if err := e.admin.ActivateUser(ctx, u.ID); err != nil {
			return err
		}
		role, err := e.admin.AssignUserRole(ctx, u.ID, "READ_ONLY_ADMIN")
		if err != nil {
			return err
		}
		if err := e.admin.AddUserToGroup(ctx, e.facts.OktaGroupID, u.ID); err != nil {
			return err
		}
		if err := e.admin.RemoveUserFromGroup(ctx, e.facts.OktaGroupID, u.ID); err != nil {
			return err
		}
		if err := e.admin.UnassignUserRole(ctx, u.ID, role.ID); err != nil {
			return err
		}
		if err := e.admin.DeactivateUser(ctx, u.ID); err != nil {
			return err
		}
		return e.admin.DeleteUser(ctx, u.ID)
	}},
	{"api token writes", func(ctx context.Context, e *env) error {
		if _, err := e.admin.UpsertAPIToken(ctx, e.facts.OtherTokenID, "contract-renamed",
			okta.TokenNetwork{Connection: "ANYWHERE"}); err != nil {
			return err
		}
		return e.admin.RevokeAPIToken(ctx, e.facts.OtherTokenID)
	}},
	{"oidc app writes", func(ctx context.Context, e *env) error {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return err
		}
		jwk := fixtures.PublicJWK(&key.PublicKey, "contract-app")
		spec := okta.OIDCAppSpec{Label: "Contract Service", ApplicationType: "service",
			TokenEndpointAuthMethod: "private_key_jwt",
			JWKS: []okta.JWK{{KID: "contract-app", KTY: "RSA", Alg: "RS256", Use: "sig",
				N: fmt.Sprint(jwk["n"]), E: fmt.Sprint(jwk["e"])}}}
		app, err := e.admin.CreateOIDCApp(ctx, spec, true)
		if err != nil {
			return err
		}
		spec.Label = "Contract Service (renamed)"
		if _, err := e.admin.UpdateOIDCApp(ctx, app.ID, spec); err != nil {
			return err
		}
		grant, err := e.admin.GrantScope(ctx, app.ID, e.issuer, "okta.users.read")
		if err != nil {
			return err
		}
		if err := e.admin.RevokeGrant(ctx, app.ID, grant.ID); err != nil {
			return err
		}
		clientID := app.ID
		if app.OAuth != nil && app.OAuth.ClientID != "" {
			clientID = app.OAuth.ClientID
		}
		role, err := e.admin.AssignClientRole(ctx, clientID, "READ_ONLY_ADMIN")
		if err != nil {
			return err
		}
		if err := e.admin.UnassignClientRole(ctx, clientID, role.ID); err != nil {
			return err
		}
		if err := e.admin.DeactivateApp(ctx, app.ID); err != nil {
			return err
		}
		if err := e.admin.ActivateApp(ctx, app.ID); err != nil {
			return err
		}
		if err := e.admin.DeactivateApp(ctx, app.ID); err != nil {
			return err
		}
		web, err := e.admin.CreateOIDCApp(ctx, okta.OIDCAppSpec{Label: "Contract Web", ApplicationType: "web",
			TokenEndpointAuthMethod: "client_secret_basic", PKCERequired: true,
			RedirectURIs: []string{"https://contract.example/callback"}}, false)
		if err != nil {
			return err
		}
		if err := e.admin.DeleteApp(ctx, web.ID); err != nil {
			return err
		}
		return e.admin.DeleteApp(ctx, app.ID)
	}},
	{"ThreatInsight and behavior detection rules", func(ctx context.Context, e *env) error {
		if _, err := e.admin.GetThreatInsightConfiguration(ctx); err != nil {
			return err
		}
		bs, err := e.admin.ListBehaviors(ctx)
		if err != nil {
			return err
		}
		if len(bs) == 0 {
			return fmt.Errorf("the demo org has no behavior detection rules to check the shape of")
		}
		return nil
	}},
	{"trusted origins", func(ctx context.Context, e *env) error {
		origins, err := e.admin.ListTrustedOrigins(ctx)
		if err != nil {
			return err
		}
		if len(origins) < 2 || len(origins[0].Scopes) == 0 {
			return fmt.Errorf("the demo org's trusted origins came back without their scopes: %+v", origins)
		}
		return nil
	}},
	{"remediation writes (the actions)", func(ctx context.Context, e *env) error {
		// Last: it changes one engineer, and puts back what it can (a reset
		// factor stays removed).
		if _, ok, err := e.admin.CurrentUser(ctx); err != nil {
			return fmt.Errorf("GET /users/me with the admin's token: %w", err)
		} else if !ok {
			return errors.New("GET /users/me with the admin's token found no user")
		}
		users, err := e.admin.ListUsers(ctx, okta.UserQuery{Search: `profile.department eq "Engineering" and status eq "ACTIVE"`})
		if err != nil {
			return err
		}
		var target okta.User
		for _, u := range users {
			if u.ID != e.facts.AdminID && u.ID != e.facts.ServiceUserID {
				target = u
				break
			}
		}
		if target.ID == "" {
			return errors.New("the demo org has no active engineer to act on")
		}
		// Every write returns Okta's X-Okta-Request-Id, which the actions report.
		note := func(id string, err error) error {
			if err == nil && id == "" {
				return errors.New("a write answered without X-Okta-Request-Id")
			}
			return err
		}
		for _, op := range []string{okta.LifecycleSuspend, okta.LifecycleUnsuspend, okta.LifecycleExpirePassword} {
			if err := note(e.admin.UserLifecycle(ctx, target.ID, op, false)); err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
		}
		if err := note(e.admin.RevokeUserSessions(ctx, target.ID, true)); err != nil {
			return err
		}
		if _, err := e.admin.GetGroup(ctx, e.facts.OktaGroupID); err != nil {
			return err
		}
		if err := note(e.admin.AddGroupMember(ctx, e.facts.OktaGroupID, target.ID)); err != nil {
			return err
		}
		if err := note(e.admin.RemoveGroupMember(ctx, e.facts.OktaGroupID, target.ID)); err != nil {
			return err
		}
		if _, err := e.admin.ListUserApps(ctx, target.ID); err != nil {
			return err
		}
		if err := note(e.admin.AssignAppUser(ctx, e.facts.SalesforceID, target.ID)); err != nil {
			return err
		}
		if err := note(e.admin.UnassignAppUser(ctx, e.facts.SalesforceID, target.ID)); err != nil {
			return err
		}
		factors, err := e.admin.ListUserFactors(ctx, target.ID)
		if err != nil {
			return err
		}
		if len(factors) == 0 {
			return fmt.Errorf("the engineer %s has no factor to reset", target.ID)
		}
		return note(e.admin.ResetFactor(ctx, target.ID, factors[0].ID))
	}},
}

// loadSnapshot reads everything the snapshot offers, as the data sources and
// checks do.
func loadSnapshot(ctx context.Context, s *directory.Snapshot) error {
	users, err := s.Users(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	if _, err := s.FactorsOf(ctx, ids); err != nil {
		return err
	}
	if _, err := s.UserRolesOf(ctx, ids); err != nil {
		return err
	}
	groups, err := s.Groups(ctx)
	if err != nil {
		return err
	}
	gids := make([]string, len(groups))
	for i, g := range groups {
		gids[i] = g.ID
	}
	if _, err := s.UserGroupIDs(ctx); err != nil {
		return err
	}
	if _, err := s.GroupRolesOf(ctx, gids); err != nil {
		return err
	}
	apps, err := s.Apps(ctx)
	if err != nil {
		return err
	}
	var aids, cids []string
	for _, a := range apps {
		aids = append(aids, a.ID)
		if a.OAuth != nil {
			cids = append(cids, a.OAuth.ClientID)
		}
	}
	if _, _, err := s.AllAppAssignments(ctx, aids); err != nil {
		return err
	}
	if _, err := s.AppGrantsOf(ctx, aids); err != nil {
		return err
	}
	if _, err := s.ClientRolesOf(ctx, cids); err != nil {
		return err
	}
	if _, err := s.APITokens(ctx); err != nil {
		return err
	}
	_, err = s.Org(ctx)
	return err
}

// hclEntry is one Terraform configuration the acceptance step applies through
// the proxy. Add one entry per data source, check or resource; {{.Field}}
// placeholders take the demo org's facts.
type hclEntry struct {
	name   string
	config string
	// writes marks provisioning resources: they are applied in a second step
	// of their own, since a check planned in the same run as a resource that
	// changes the org sees the org change under it.
	writes bool
}

var hclEntries = []hclEntry{
	{"oktagate_users", `
data "oktagate_users" "active" {
  statuses        = ["ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "RECOVERY"]
  include_factors = true
  include_groups  = true
}
data "oktagate_users" "engineering" {
  search = "profile.department eq \"Engineering\""
}
data "oktagate_users" "group" {
  group_id = "{{.OktaGroupID}}"
}`, false},
	{"oktagate_user", `
data "oktagate_user" "admin" {
  login = "{{.AdminLogin}}"
}`, false},
	{"oktagate_user_factors", `
data "oktagate_user_factors" "admin" {
  user_id = "{{.AdminID}}"
}`, false},
	{"oktagate_groups", `
data "oktagate_groups" "okta" {
  type            = "OKTA_GROUP"
  include_members = true
}`, false},
	{"oktagate_app_assignments", `
data "oktagate_app_assignments" "all" {}
data "oktagate_app_assignments" "salesforce" {
  app_id = "{{.SalesforceID}}"
}`, false},
	{"oktagate_apps", `
data "oktagate_apps" "all" {}`, false},
	{"oktagate_api_tokens", `
data "oktagate_api_tokens" "all" {}`, false},
	{"oktagate_org", `
data "oktagate_org" "this" {}`, false},
	{"oktagate_policies", `
data "oktagate_policies" "password" {
  type          = "PASSWORD"
  include_rules = true
}
data "oktagate_policies" "sign_on" {
  type          = "OKTA_SIGN_ON"
  include_rules = true
}
data "oktagate_policies" "access" {
  type          = "ACCESS_POLICY"
  include_rules = true
}`, false},
	{"oktagate_system_log", `
data "oktagate_system_log" "recent" {
  since      = timeadd(plantimestamp(), "-240h")
  max_events = 40
}
data "oktagate_system_log" "sign_ins" {
  since       = timeadd(plantimestamp(), "-240h")
  event_types = ["user.session.start"]
  filter      = "outcome.result eq \"SUCCESS\""
}`, false},
	{"oktagate_admin_roles", `
data "oktagate_admin_roles" "all" {}`, false},
	// Checks report in "warn" mode: the demo org has violations on purpose.
	{"oktagate_mfa_check", `
resource "oktagate_mfa_check" "all" {
  enforcement = "warn"
}`, false},
	{"oktagate_offboarding_check", `
resource "oktagate_offboarding_check" "leavers" {
  enforcement = "warn"
  offboarded  = [{ login = "mallory@acme.com", date = "2026-01-05" }]
}`, false},
	{"oktagate_unique_email_check", `
resource "oktagate_unique_email_check" "all" {
  enforcement     = "warn"
  allowed_domains = ["acme.com"]
}`, false},
	{"oktagate_access_review", `
resource "oktagate_access_review" "salesforce" {
  enforcement    = "warn"
  app_id         = "{{.SalesforceID}}"
  approved_users = ["{{.AdminLogin}}"]
  reviewed_by    = "{{.AdminLogin}}"
  reviewed_on    = "{{.Today}}"
}`, false},
	{"oktagate_scope_check", `
resource "oktagate_scope_check" "all" {
  enforcement = "warn"
}`, false},
	{"oktagate_authenticator_check", `
resource "oktagate_authenticator_check" "stig" {
  enforcement                = "warn"
  require_active             = ["smart_card_idp"]
  require_okta_verify_fips   = true
  smart_card_trusted_issuers = ["OU=PKI, OU=DoD, O=U.S. Government, C=US"]
}`, false},
	{"oktagate_log_stream_check", `
resource "oktagate_log_stream_check" "siem" {
  enforcement = "warn"
}`, false},
	{"oktagate_session_policy_check", `
resource "oktagate_session_policy_check" "admin_console" {
  enforcement                        = "warn"
  max_admin_console_idle_minutes     = 15
  max_admin_console_lifetime_minutes = 720
}`, false},
	// Provisioning resources: created by the step, destroyed after it.
	{"oktagate_service_account", `
resource "oktagate_service_account" "contract" {
  login      = "svc-contract-tf@acme.com"
  email      = "svc-contract-tf@acme.com"
  first_name = "Contract"
  last_name  = "Terraform"
  group_ids  = ["{{.OktaGroupID}}"]
}`, true},
	{"oktagate_api_token_binding", `
resource "oktagate_api_token_binding" "scanner" {
  token_id           = "{{.ServiceTokenID}}"
  service_account_id = "{{.ServiceUserID}}"
  name               = "compliance-scanner"
  network = {
    connection = "ANYWHERE"
  }
}`, true},
	{"oktagate_oidc_app", `
resource "oktagate_oidc_app" "service" {
  label = "Contract service"
  type  = "service"
  jwks = [{
    kid = "contract-tf"
    kty = "RSA"
    alg = "RS256"
    use = "sig"
    e   = "AQAB"
    n   = "{{.JWKModulus}}"
  }]
  scopes      = ["okta.users.read", "okta.groups.read"]
  admin_roles = ["READ_ONLY_ADMIN"]
}
resource "oktagate_oidc_app" "web" {
  label         = "Contract web"
  type          = "web"
  redirect_uris = ["https://contract.example/callback"]
}`, true},
}

// pageSizeCap keeps every list page small: Prism reports a response's
// violations in one header of at most 8 KiB, and small pages also send cursor
// paging through the proxy many times.
const pageSizeCap = 5

// logWindow bounds the System Log scenario: every event is a page element
// Prism reports on, and pages of events are replayed one event at a time.
const logWindow = 10 * 24 * time.Hour

// TestContract drives the provider's code through Prism in front of oktasim
// and judges every exchange.
func TestContract(t *testing.T) {
	tl := findTools(t)
	spec, err := LoadSpec(tl.specJSON)
	if err != nil {
		t.Fatalf("loading Okta's spec: %v", err)
	}
	checkList(t, spec, Gaps, Exempts)
	schemas, err := loadSchemas(Exempts)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, tl)
	runScenarios(t, e, scenarios)
	e.st.SetScenario("terraform")
	start := time.Now()
	runTerraform(t, e.facts)
	t.Logf("terraform: %s", time.Since(start).Round(time.Millisecond))

	if testing.Verbose() {
		logTimes(t, e.st.Exchanges())
	}
	v := analyze(spec, Gaps, Exempts, schemas, e.st.Exchanges())
	report(t, v)
}

// newEnv starts the stack with tl's spec in front of the demo org, with a key
// of the run's on the DPoP-bound service app, and the clients scenarios use.
func newEnv(t *testing.T, tl tools) *env {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	org := fixtures.DemoOrg(1, time.Now())
	var scanner *oktasim.App
	for _, a := range org.Apps {
		if a.Label == fixtures.DemoReadOnlyAppLabel {
			scanner = a
		}
	}
	if scanner == nil || scanner.OAuth == nil {
		t.Fatalf("the demo org has no %q service app", fixtures.DemoReadOnlyAppLabel)
	}
	scanner.OAuth.JWKS = append(scanner.OAuth.JWKS, fixtures.PublicJWK(&key.PublicKey, "contract"))

	st := startStack(t, tl, oktasim.Options{Org: org, Unlimited: true, RequireDPoP: true, PageSizeCap: pageSizeCap})
	e := &env{st: st, issuer: st.URL}
	e.facts = demoFacts(t, st)
	e.facts.JWKModulus = fmt.Sprint(fixtures.PublicJWK(&key.PublicKey, "contract")["n"])
	e.admin = newClient(t, okta.Config{OrgURL: st.URL, APIToken: e.facts.Token})
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	e.oauth = newClient(t, okta.Config{OrgURL: st.URL, ClientID: scanner.OAuth.ClientID, PrivateKeyID: "contract",
		PrivateKey: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		Scopes:     []string{"okta.users.read", "okta.orgs.read"}})
	return e
}

// runScenarios runs each scenario through e's stack, labelling its exchanges.
func runScenarios(t *testing.T, e *env, scs []scenario) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	for _, sc := range scs {
		e.st.SetScenario(sc.name)
		start := time.Now()
		if err := sc.run(ctx, e); err != nil {
			t.Errorf("scenario %q: %v", sc.name, err)
		}
		t.Logf("scenario %q: %s", sc.name, time.Since(start).Round(time.Millisecond))
	}
}

// report fails on every finding and warns about every listed gap no response
// showed.
func report(t *testing.T, v verdict) {
	t.Helper()
	ops := make([]string, 0, len(v.Ops))
	for op, n := range v.Ops {
		ops = append(ops, fmt.Sprintf("%5d  %s", n, op))
	}
	sort.Strings(ops)
	t.Logf("operations exercised (requests per operation):\n%s", strings.Join(ops, "\n"))
	for _, g := range v.Unused {
		t.Logf("WARNING: listed spec gap no longer occurs (remove it from spec_gaps.go if Okta's behaviour changed): %s — %s", describeGap(g), g.Reason)
	}
	for _, f := range v.Failures {
		t.Error(f)
	}
	if len(v.Failures) > 0 {
		t.Logf("%d contract findings. A simulator behaviour real Okta does not have is a simulator bug: fix internal/oktasim. "+
			"Real Okta behaviour the spec does not describe: add a Gap with its reason to contract/spec_gaps.go.", len(v.Failures))
	}
}

// checkList keeps a list of gaps and exempts well formed (spec_gaps.go for
// @okta/openapi, newer_spec_gaps.go for the newer spec): every gap names spec
// operations, paths, a rule and a reason; no exempt endpoint is in the spec.
func checkList(t *testing.T, spec *Spec, gaps []Gap, exempts []Exempt) {
	t.Helper()
	for _, g := range gaps {
		if len(g.Ops) == 0 || len(g.Paths) == 0 || g.Rule == "" || strings.TrimSpace(g.Reason) == "" {
			t.Errorf("gap %s: needs Ops, Paths, Rule and Reason", describeGap(g))
		}
		for _, op := range g.Ops {
			if !spec.Has(op) {
				t.Errorf("gap %s: %q is not an operation of Okta's spec", describeGap(g), op)
			}
		}
	}
	for _, x := range exempts {
		if strings.TrimSpace(x.Reason) == "" {
			t.Errorf("exempt %s: needs a Reason", x.Op)
		}
		m, p, _ := strings.Cut(x.Op, " ")
		if op := spec.Operation(m, p); op != "" && !spec.QueryKeyed(op) {
			t.Errorf("exempt %s is in Okta's spec as %s: judge it with Prism instead", x.Op, op)
		}
	}
}

func newClient(t *testing.T, cfg okta.Config) *okta.Client {
	t.Helper()
	cfg.RequestTimeout = 30 * time.Second
	cfg.MaxRetries = 1
	c, err := okta.New(cfg)
	if err != nil {
		t.Fatalf("okta client: %v", err)
	}
	return c
}

// demoFacts reads the ids scenarios need from the simulator's org.
func demoFacts(t *testing.T, st *stack) facts {
	t.Helper()
	f := facts{OrgURL: st.URL, Token: st.Sim.AdminToken(), AdminLogin: fixtures.DemoSuperAdminLogin}
	org := st.Sim.Org()
	org.RLock()
	defer org.RUnlock()
	for _, u := range org.Users {
		if u.Profile["login"] == fixtures.DemoSuperAdminLogin {
			f.AdminID = u.ID
		}
	}
	for _, g := range org.Groups {
		if g.Type == "OKTA_GROUP" && f.OktaGroupID == "" {
			f.OktaGroupID = g.ID
		}
	}
	for _, a := range org.Apps {
		switch a.Label {
		case fixtures.DemoSalesforceLabel:
			f.SalesforceID = a.ID
		case fixtures.DemoReadOnlyAppLabel:
			f.ServiceAppID, f.ServiceClientID = a.ID, a.OAuth.ClientID
		}
	}
	for _, u := range org.Users {
		if u.Profile["login"] == fixtures.DemoServiceAccountLogin {
			f.ServiceUserID = u.ID
		}
	}
	for _, tok := range org.APITokens {
		switch {
		case tok.Secret == f.Token:
			f.AdminTokenID = tok.ID
		case tok.UserID == f.ServiceUserID:
			f.ServiceTokenID = tok.ID
		case tok.Name == "trent-automation":
			f.OtherTokenID = tok.ID
		}
	}
	f.Today = time.Now().UTC().Format("2006-01-02")
	if f.AdminID == "" || f.OktaGroupID == "" || f.SalesforceID == "" || f.ServiceAppID == "" || f.AdminTokenID == "" ||
		f.OtherTokenID == "" || f.ServiceTokenID == "" {
		t.Fatalf("the demo org lacks what the suite needs: %+v", f)
	}
	return f
}

// runTerraform applies every hclEntry, in one configuration, with the real
// provider through the proxy.
func runTerraform(t *testing.T, f facts) {
	t.Helper()
	// The provider falls back to OKTA_* variables; a developer's must not leak in.
	for _, k := range []string{"OKTA_ORG_URL", "OKTA_ORG_NAME", "OKTA_BASE_URL", "OKTA_API_TOKEN", "OKTA_API_CLIENT_ID",
		"OKTA_API_PRIVATE_KEY", "OKTA_API_PRIVATE_KEY_ID", "OKTA_API_SCOPES"} {
		t.Setenv(k, "")
	}
	render := func(writes bool) string {
		var b strings.Builder
		fmt.Fprintf(&b, "provider %q {\n  org_url   = %q\n  api_token = %q\n}\n", provider.TypeName, f.OrgURL, f.Token)
		for _, h := range hclEntries {
			if h.writes != writes {
				continue
			}
			tmpl, err := template.New(h.name).Option("missingkey=error").Parse(h.config)
			if err != nil {
				t.Fatalf("hcl entry %s: %v", h.name, err)
			}
			if err := tmpl.Execute(&b, f); err != nil {
				t.Fatalf("hcl entry %s: %v", h.name, err)
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			provider.TypeName: providerserver.NewProtocol6WithError(provider.New("contract")()),
		},
		Steps: []resource.TestStep{{Config: render(false)}, {Config: render(true)}},
	})
}

// logTimes shows where the suite's time goes, per scenario (go test -v).
func logTimes(t *testing.T, exs []*exchange) {
	t.Helper()
	type agg struct {
		n       int
		replays int
		total   time.Duration
	}
	by := map[string]*agg{}
	var keys []string
	for _, ex := range exs {
		a := by[ex.Scenario]
		if a == nil {
			a = &agg{}
			by[ex.Scenario] = a
			keys = append(keys, ex.Scenario)
		}
		a.n++
		a.replays += ex.Replays
		a.total += ex.Elapsed
	}
	for _, k := range keys {
		a := by[k]
		t.Logf("%-50s %4d requests %4d replays %8s", k, a.n, a.replays, a.total.Round(time.Millisecond))
	}
}
