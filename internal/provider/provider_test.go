package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// The acceptance tests run the real terraform binary against an in-process
// provider and an in-process simulator serving a hand-built org, so they prove
// the data sources read an org other than the simulator's demo.

// providerFactories serves the provider with env as its whole environment, so
// a developer's OKTA_* variables never leak into a test.
func providerFactories(env map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	getenv := func(k string) string { return env[k] }
	return map[string]func() (tfprotov6.ProviderServer, error){
		TypeName: providerserver.NewProtocol6WithError(newWithEnv("test", getenv)()),
	}
}

// startSim serves org and returns the simulator and a provider block that
// points at it with its admin token.
func startSim(t *testing.T, org *oktasim.Org, opts oktasim.Options) (*oktasim.Server, string) {
	t.Helper()
	opts.Org = org
	s, err := oktasim.Start(opts)
	if err != nil {
		t.Fatalf("starting the simulator: %v", err)
	}
	t.Cleanup(s.Close)
	return s, providerBlock(s.URL(), s.AdminToken())
}

func providerBlock(orgURL, token string) string {
	return fmt.Sprintf("provider %q {\n  org_url   = %q\n  api_token = %q\n}\n", TypeName, orgURL, token)
}

// phrase matches words in order across Terraform's wrapping of diagnostics,
// which breaks lines and prefixes them with a box-drawing bar.
func phrase(words string) *regexp.Regexp {
	parts := strings.Fields(words)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(`(?i)` + strings.Join(parts, `[\s│]+`))
}

// checkAttrs checks every attribute of name against want.
func checkAttrs(name string, want map[string]string) resource.TestCheckFunc {
	var checks []resource.TestCheckFunc
	for k, v := range want {
		checks = append(checks, resource.TestCheckResourceAttr(name, k, v))
	}
	return resource.ComposeAggregateTestCheckFunc(checks...)
}

// ts is a fixed instant of the test org.
func ts(day, hour int) time.Time { return time.Date(2025, time.March, day, hour, 30, 0, 0, time.UTC) }
func tsp(day, hour int) *time.Time {
	t := ts(day, hour)
	return &t
}
func rfc(day, hour int) string { return ts(day, hour).Format(time.RFC3339) }

// Ids of the test org: sorted order is the order of the lists.
const (
	uAlice = "00u0000000000000001a"
	uBob   = "00u0000000000000002b"
	uCarol = "00u0000000000000003c"
	uDave  = "00u0000000000000004d"
	uErin  = "00u0000000000000005e"
	uFrank = "00u0000000000000006f"
	uGrace = "00u0000000000000007g"
	uHeidi = "00u0000000000000008h"

	gEveryone = "00g00000000000000001"
	gEng      = "00g00000000000000002"
	gSales    = "00g00000000000000003"

	aPortal   = "0oa00000000000000001"
	aBookmark = "0oa00000000000000002"
	aLegacy   = "0oa00000000000000003"
)

// testUser is one user of the test org, in the shape the checks read.
type testUser struct {
	id, status, first, dept string
	activated, lastLogin    *time.Time
}

// testUsers holds one user in every status, sorted by id.
var testUsers = []testUser{
	{uAlice, "ACTIVE", "Alice", "Engineering", tsp(2, 9), tsp(20, 8)},
	{uBob, "STAGED", "Bob", "Sales", nil, nil},
	{uCarol, "PROVISIONED", "Carol", "Engineering", nil, nil},
	{uDave, "RECOVERY", "Dave", "Engineering", tsp(2, 10), tsp(18, 7)},
	{uErin, "PASSWORD_EXPIRED", "Erin", "Sales", tsp(3, 9), tsp(10, 7)},
	{uFrank, "LOCKED_OUT", "Frank", "Finance", tsp(3, 10), tsp(11, 7)},
	{uGrace, "SUSPENDED", "Grace", "Finance", tsp(4, 9), tsp(12, 7)},
	{uHeidi, "DEPROVISIONED", "Heidi", "Sales", tsp(4, 10), tsp(5, 7)},
}

func (u testUser) login() string { return strings.ToLower(u.first) + "@initech.example" }

// newTestOrg builds Initech: a small org with every user status, factors in
// several states, the three group types, OIDC, bookmark and SAML apps with
// direct and group assignments, scope grants, admin roles and API tokens.
func newTestOrg() *oktasim.Org {
	org := oktasim.NewOrg()
	org.ID = "00o1initech000000000"
	org.CompanyName = "Initech"
	org.Subdomain = "initech"
	org.Pipeline = "v1"

	for i, tu := range testUsers {
		u := &oktasim.User{
			ID:          tu.id,
			Status:      tu.status,
			Created:     ts(1, 8+i),
			Activated:   tu.activated,
			LastLogin:   tu.lastLogin,
			LastUpdated: ts(21, 8+i),
			TypeID:      "oty00000000000000001",
			Profile: map[string]any{
				"login":          tu.login(),
				"email":          tu.login(),
				"firstName":      tu.first,
				"lastName":       "Initrode",
				"department":     tu.dept,
				"title":          tu.dept + " lead",
				"employeeNumber": fmt.Sprintf("E%03d", i+1),
				"costCenter":     "CC-" + tu.dept[:3],
			},
		}
		if tu.activated != nil {
			u.StatusChanged = tu.activated
			u.PasswordChanged = tu.activated
		}
		org.Users = append(org.Users, u)
	}

	org.Factors[uAlice] = []*oktasim.Factor{
		{ID: "fuf00000000000000001", UserID: uAlice, FactorType: "push", Provider: "OKTA", VendorName: "OKTA",
			Status: "ACTIVE", Created: ts(2, 11), LastUpdated: ts(2, 12),
			Profile: map[string]any{"name": "Alice's iPhone", "platform": "IOS", "deviceType": "SmartPhone_IPhone"}},
		{ID: "fuf00000000000000002", UserID: uAlice, FactorType: "webauthn", Provider: "FIDO", VendorName: "FIDO",
			Status: "ACTIVE", Created: ts(2, 13), LastUpdated: ts(2, 14),
			Profile: map[string]any{"authenticatorName": "YubiKey 5 NFC", "credentialId": "cred-alice-1"}},
		{ID: "fuf00000000000000003", UserID: uAlice, FactorType: "sms", Provider: "OKTA", VendorName: "OKTA",
			Status: "PENDING_ACTIVATION", Created: ts(2, 15), LastUpdated: ts(2, 15),
			Profile: map[string]any{"phoneNumber": "+1 555 0100"}},
	}
	org.Factors[uDave] = []*oktasim.Factor{
		{ID: "fuf00000000000000004", UserID: uDave, FactorType: "token:software:totp", Provider: "GOOGLE",
			VendorName: "GOOGLE", Status: "ACTIVE", Created: ts(3, 11), LastUpdated: ts(3, 12),
			Profile: map[string]any{"credentialId": "dave@initech.example"}},
		{ID: "fuf00000000000000005", UserID: uDave, FactorType: "question", Provider: "OKTA", VendorName: "OKTA",
			Status: "ACTIVE", Created: ts(3, 13), LastUpdated: ts(3, 13),
			Profile: map[string]any{"question": "favorite_stapler", "questionText": "What is your favorite stapler?"}},
	}

	everyone := make([]string, 0, len(testUsers))
	for _, u := range testUsers {
		everyone = append(everyone, u.id)
	}
	org.Groups = []*oktasim.Group{
		{ID: gEveryone, Type: "BUILT_IN", Name: "Everyone", Description: "All users in your organization",
			Created: ts(1, 1), LastUpdated: ts(1, 1), LastMembershipUpdated: ts(5, 1), MemberIDs: everyone},
		{ID: gEng, Type: "OKTA_GROUP", Name: "Engineering", Description: "Builders",
			Created: ts(1, 2), LastUpdated: ts(6, 2), LastMembershipUpdated: ts(7, 2), MemberIDs: []string{uAlice, uCarol, uDave}},
		{ID: gSales, Type: "APP_GROUP", Name: "Salesforce Users",
			Created: ts(1, 3), LastUpdated: ts(6, 3), LastMembershipUpdated: ts(8, 3), MemberIDs: []string{uErin}},
	}

	org.Apps = []*oktasim.App{
		{ID: aPortal, Name: "oidc_client", Label: "Initech Portal", Status: "ACTIVE", SignOnMode: "OPENID_CONNECT",
			Created: ts(1, 4), LastUpdated: ts(9, 4),
			OAuth: &oktasim.OAuthClient{ClientID: "0oaportalclient00001", TokenEndpointAuthMethod: "private_key_jwt",
				ApplicationType: "service", GrantTypes: []string{"client_credentials"}, ResponseTypes: []string{"token"}},
			Users: []oktasim.AppUser{
				{UserID: uAlice, Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED", Created: ts(9, 5), LastUpdated: ts(9, 5)},
				{UserID: uCarol, Scope: "GROUP", Status: "PROVISIONED", SyncState: "SYNCHRONIZED", Created: ts(9, 6), LastUpdated: ts(9, 6)},
				{UserID: uDave, Scope: "GROUP", Status: "ACTIVE", SyncState: "DISABLED", Created: ts(9, 6), LastUpdated: ts(9, 6)},
			},
			Groups: []oktasim.AppGroup{{GroupID: gEng, Priority: 0, LastUpdated: ts(9, 6)}},
			Grants: []oktasim.Grant{
				{ID: "oag00000000000000001", ClientID: "0oaportalclient00001", ScopeID: "okta.users.read", Issuer: "https://initech.okta.com", Status: "ACTIVE", Source: "ADMIN", Created: ts(9, 7)},
				{ID: "oag00000000000000002", ClientID: "0oaportalclient00001", ScopeID: "okta.groups.read", Issuer: "https://initech.okta.com", Status: "ACTIVE", Source: "ADMIN", Created: ts(9, 7)},
				{ID: "oag00000000000000003", ClientID: "0oaportalclient00001", ScopeID: "okta.users.manage", Issuer: "https://initech.okta.com", Status: "REVOKED", Source: "ADMIN", Created: ts(9, 7)},
			}},
		{ID: aBookmark, Name: "bookmark", Label: "Expense Reports", Status: "ACTIVE", SignOnMode: "BOOKMARK",
			Created: ts(1, 5), LastUpdated: ts(10, 5), Settings: map[string]any{"url": "https://expenses.initech.example"},
			Users: []oktasim.AppUser{
				{UserID: uBob, Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED", Created: ts(10, 6), LastUpdated: ts(10, 6)},
			},
			Groups: []oktasim.AppGroup{{GroupID: gSales, Priority: 1, LastUpdated: ts(10, 6)}}},
		{ID: aLegacy, Name: "template_saml_2_0", Label: "Legacy Payroll", Status: "INACTIVE", SignOnMode: "SAML_2_0",
			Created: ts(1, 6), LastUpdated: ts(11, 6),
			Users: []oktasim.AppUser{
				{UserID: uFrank, Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED", Created: ts(11, 7), LastUpdated: ts(11, 7)},
			}},
	}

	org.UserRoles[uAlice] = []*oktasim.RoleAssignment{
		{ID: "ra000000000000000001", Type: "SUPER_ADMIN", Status: "ACTIVE", AssignmentType: "USER", Created: ts(2, 1), LastUpdated: ts(2, 1)},
	}
	org.GroupRoles[gEng] = []*oktasim.RoleAssignment{
		{ID: "ra000000000000000002", Type: "READ_ONLY_ADMIN", Status: "ACTIVE", AssignmentType: "GROUP", Created: ts(2, 2), LastUpdated: ts(2, 2)},
	}

	org.APITokens = []*oktasim.APIToken{
		{ID: "00T00000000000000001", Name: "ci-gate", UserID: uAlice, ClientName: "Okta API", TokenWindow: "P30D",
			Created: ts(12, 1), ExpiresAt: time.Date(2099, time.January, 1, 0, 0, 0, 0, time.UTC), LastUpdated: ts(12, 2),
			Network: oktasim.TokenNetwork{Connection: "ZONE", Include: []string{"nzo00000000000000002", "nzo00000000000000001"}, Exclude: []string{"nzo00000000000000009"}}},
		{ID: "00T00000000000000002", Name: "legacy-script", UserID: uDave, ClientName: "Okta Admin Console", TokenWindow: "P7D",
			Created: ts(13, 1), ExpiresAt: time.Date(2098, time.June, 1, 0, 0, 0, 0, time.UTC), LastUpdated: ts(13, 2),
			Network: oktasim.TokenNetwork{Connection: "ANYWHERE"}},
	}
	return org
}

// testKey returns a fresh EC private key and its PKCS#8 PEM.
func testKey(t *testing.T) (*ecdsa.PrivateKey, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return key, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func testKeyPEM(t *testing.T) string {
	_, p := testKey(t)
	return p
}

// TestAccProviderConfigRefusals: configurations that can never work fail at
// plan time, before any request, with a message that says what to change.
func TestAccProviderConfigRefusals(t *testing.T) {
	t.Parallel()
	key := testKeyPEM(t)
	const read = "data \"oktagate_org\" \"this\" {}\n"
	cases := []struct {
		name  string
		block string
		want  *regexp.Regexp
	}{
		{"http to a host that is not loopback",
			`org_url = "http://acme.okta.com"
			 api_token = "x"`, phrase("Invalid Okta org URL")},
		{"both org_url and org_name",
			`org_url = "https://acme.okta.com"
			 org_name = "acme"
			 api_token = "x"`, phrase("Conflicting org_url and org_name")},
		{"both token and private key",
			fmt.Sprintf(`org_url = "https://acme.okta.com"
			 api_token = "x"
			 client_id = "0oa1"
			 private_key = %q`, key), phrase("Conflicting authentication methods")},
		{"private key without client id",
			fmt.Sprintf(`org_url = "https://acme.okta.com"
			 private_key = %q`, key), phrase("Missing client_id")},
		{"client id without private key",
			`org_url = "https://acme.okta.com"
			 client_id = "0oa1"`, phrase("Missing private_key")},
		{"unparseable private key",
			`org_url = "https://acme.okta.com"
			 client_id = "0oa1"
			 private_key = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"`,
			phrase("Invalid private_key")},
		{"capacity 0",
			`org_url = "https://acme.okta.com"
			 api_token = "x"
			 max_api_capacity = 0`, phrase("max_api_capacity value must be between 1 and 100")},
		{"capacity 101",
			`org_url = "https://acme.okta.com"
			 api_token = "x"
			 max_api_capacity = 101`, phrase("max_api_capacity value must be between 1 and 100")},
		{"bad request timeout",
			`org_url = "https://acme.okta.com"
			 api_token = "x"
			 request_timeout = "sixty"`, phrase(`"sixty" is not a positive duration`)},
		{"zero rate-limit wait",
			`org_url = "https://acme.okta.com"
			 api_token = "x"
			 max_rate_limit_wait = "0s"`, phrase(`"0s" is not a positive duration`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(nil),
				Steps: []resource.TestStep{{
					Config:      "provider \"oktagate\" {\n" + tc.block + "\n}\n" + read,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// TestAccInvalidToken: a token Okta does not know fails the plan with a
// message that says so.
func TestAccInvalidToken(t *testing.T) {
	t.Parallel()
	s, _ := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config:      providerBlock(s.URL(), "00notARealToken-Zq81") + "data \"oktagate_users\" \"all\" {}\n",
			ExpectError: regexp.MustCompile(phrase("Okta rejected the API token").String() + `(?s).*` + phrase("token is invalid").String()),
		}},
	})
}

// TestAccReadsEverythingThroughPagesAndRateLimits reads every data source
// with pages of at most 7 items and a 429 on every 9th request: the results
// are still exact, and no request writes to Okta.
func TestAccReadsEverythingThroughPagesAndRateLimits(t *testing.T) {
	t.Parallel()
	const extra = 20
	org := newTestOrg()
	everyone := org.Groups[0]
	for i := range extra {
		id := fmt.Sprintf("00u1%016d", i)
		org.Users = append(org.Users, &oktasim.User{
			ID: id, Status: "ACTIVE", Created: ts(14, 1), LastUpdated: ts(14, 2),
			Profile: map[string]any{"login": fmt.Sprintf("temp%02d@initech.example", i), "email": fmt.Sprintf("temp%02d@initech.example", i)},
		})
		org.Factors[id] = []*oktasim.Factor{{ID: fmt.Sprintf("fuf1%016d", i), UserID: id, FactorType: "email",
			Provider: "OKTA", Status: "ACTIVE", Created: ts(14, 3), LastUpdated: ts(14, 3)}}
		everyone.MemberIDs = append(everyone.MemberIDs, id)
	}
	faults := &oktasim.Faults{}
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultTooManyRequests, Every: 9})
	s, provider := startSim(t, org, oktasim.Options{Unlimited: true, PageSizeCap: 7, Faults: faults})

	const all = `["STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED", "DEPROVISIONED"]`
	total := len(testUsers) + extra
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
data "oktagate_users" "all" {
  statuses        = ` + all + `
  include_factors = true
  include_groups  = true
}
data "oktagate_user" "alice" {
  login = "alice@initech.example"
}
data "oktagate_user_factors" "alice" {
  user_id = "` + uAlice + `"
}
data "oktagate_groups" "all" {
  include_members = true
}
data "oktagate_app_assignments" "all" {}
data "oktagate_apps" "all" {}
data "oktagate_api_tokens" "all" {}
data "oktagate_org" "this" {}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				// The named users sort first, the extra ones after them.
				checkAttrs("data.oktagate_users.all", userAttrs("users.0", 0)),
				checkAttrs("data.oktagate_users.all", userAttrs("users.4", 4)),
				checkAttrs("data.oktagate_users.all", userAttrs("users.7", 7)),
				checkAttrs("data.oktagate_users.all", map[string]string{
					"users.#":                        fmt.Sprint(total),
					"users.0.factors.#":              "3",
					"users.27.id":                    fmt.Sprintf("00u1%016d", extra-1),
					"users.27.login":                 fmt.Sprintf("temp%02d@initech.example", extra-1),
					"users.27.factors.#":             "1",
					"users.27.factors.0.factor_type": "email",
					"users.27.group_ids.#":           "1",
				}),
				checkAttrs("data.oktagate_user.alice", map[string]string{"id": uAlice, "factors.#": "3", "admin_roles.#": "2", "group_ids.#": "2"}),
				checkAttrs("data.oktagate_user_factors.alice", map[string]string{"factors.#": "3", "active_factor_types.#": "2"}),
				checkAttrs("data.oktagate_groups.all", map[string]string{
					"groups.#": "3", "groups.0.member_ids.#": fmt.Sprint(total), "groups.1.member_ids.#": "3", "groups.2.member_ids.#": "1",
				}),
				checkAttrs("data.oktagate_app_assignments.all", map[string]string{
					"users.#": "5", "users.4.user_id": uErin, "groups.#": "2", "groups.1.group_id": gSales,
				}),
				checkAttrs("data.oktagate_apps.all", map[string]string{"apps.#": "3", "apps.0.granted_scopes.#": "2"}),
				checkAttrs("data.oktagate_api_tokens.all", map[string]string{"tokens.#": "2", "tokens.1.name": "legacy-script"}),
				checkAttrs("data.oktagate_org.this", map[string]string{"org_id": "00o1initech000000000"}),
				func(*terraform.State) error {
					var throttled, paged int
					for _, r := range s.Requests() {
						switch r.Method {
						case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
							return fmt.Errorf("a read-only plan wrote to Okta: %s %s", r.Method, r.Path)
						}
						if r.Status == http.StatusTooManyRequests {
							throttled++
						}
						if strings.Contains(r.RawQuery, "after=") {
							paged++
						}
					}
					if throttled == 0 || paged == 0 {
						return fmt.Errorf("the run met %d 429s and followed %d next links; the test proves nothing", throttled, paged)
					}
					return nil
				},
			),
		}},
	})
}

// TestAccOAuthServiceApp authenticates as an OAuth service app with
// private_key_jwt: the granted scope reads, a scope the app lacks is refused
// with a summary that names the cause.
func TestAccOAuthServiceApp(t *testing.T) {
	t.Parallel()
	key, keyPEM := testKey(t)
	org := newTestOrg()
	clientID := oauthServiceApp(t, org, key)
	s, _ := startSim(t, org, oktasim.Options{Unlimited: true})
	block := func(scopes string) string {
		return fmt.Sprintf(`provider "oktagate" {
  org_url        = %q
  client_id      = %q
  private_key    = %q
  private_key_id = "gate-1"
  scopes         = %s
}
`, s.URL(), clientID, keyPEM, scopes)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: block(`["okta.users.read"]`) + `data "oktagate_users" "default" {}`,
				Check:  usersAre("data.oktagate_users.default", 0, 1, 2, 3, 4, 5, 6),
			},
			{
				// okta.groups.read is granted to the app but not requested.
				Config:      block(`["okta.users.read"]`) + `data "oktagate_groups" "all" {}`,
				ExpectError: phrase("Missing Okta scope or admin role"),
			},
		},
	})
}

func TestRequestLogWanted(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"TF_LOG": "INFO"}, false},
		{map[string]string{"TF_LOG": "warn", "TF_LOG_PROVIDER": "error"}, false},
		{map[string]string{"TF_LOG": "debug"}, true},
		{map[string]string{"TF_LOG": "JSON"}, true},
		{map[string]string{"TF_LOG_PROVIDER": "TRACE"}, true},
		{map[string]string{"TF_LOG_PROVIDER_OKTAGATE": " trace "}, true},
		{map[string]string{"TF_ACC_LOG": "DEBUG"}, true},
	}
	for _, c := range cases {
		if got := requestLogWanted(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("requestLogWanted(%v) = %v, want %v", c.env, got, c.want)
		}
	}
}

func TestQuietSDKLogs(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string // the variables afterwards, those the test looks at
		set  []string
	}{
		{name: "nothing asked: every SDK subsystem to WARN", env: map[string]string{},
			want: map[string]string{"TF_LOG_SDK": "WARN", "TF_LOG_SDK_PROTO": "WARN", "TF_LOG_SDK_FRAMEWORK": "WARN"},
			set:  []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}},
		{name: "INFO is not DEBUG", env: map[string]string{"TF_LOG": "INFO"},
			want: map[string]string{"TF_LOG_SDK_FRAMEWORK": "WARN"},
			set:  []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}},
		{name: "TRACE asked: left alone", env: map[string]string{"TF_LOG": "TRACE"},
			want: map[string]string{"TF_LOG_SDK": "", "TF_LOG_SDK_PROTO": "", "TF_LOG_SDK_FRAMEWORK": ""}},
		{name: "a subsystem's own level is kept", env: map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"},
			want: map[string]string{"TF_LOG_SDK": "WARN", "TF_LOG_SDK_FRAMEWORK": "TRACE"},
			set:  []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := maps.Clone(c.env)
			set, err := QuietSDKLogs(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(set, c.set) {
				t.Errorf("set %v, want %v", set, c.set)
			}
			for k, v := range c.want {
				if env[k] != v {
					t.Errorf("%s = %q, want %q", k, env[k], v)
				}
			}
		})
	}
	t.Run("a failing setenv is reported", func(t *testing.T) {
		_, err := QuietSDKLogs(func(string) string { return "" }, func(string, string) error { return errors.New("read-only environment") })
		if err == nil || !strings.Contains(err.Error(), "read-only environment") {
			t.Fatalf("err = %v, want the setenv error", err)
		}
	})
}

// configValue is a configuration of the schema type typ with every attribute
// null but those in set, for calling ValidateConfig directly.
func configValue(t *testing.T, typ attr.Type, set map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	obj, ok := typ.TerraformType(t.Context()).(tftypes.Object)
	if !ok {
		t.Fatalf("the schema's type is %T, not an object", typ.TerraformType(t.Context()))
	}
	vals := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	maps.Copy(vals, set)
	return tftypes.NewValue(obj, vals)
}

// as returns v as a T, failing the test when it is something else.
func as[T any](t testing.TB, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		var want T
		t.Fatalf("got a %T, want a %T", v, want)
	}
	return x
}
