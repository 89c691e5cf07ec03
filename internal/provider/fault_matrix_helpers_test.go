package provider

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// The fault matrix's two tables: the faults (columns) and the resource and data
// source types (rows). FAULTS.md at the repository root is rendered from them,
// and TestAccFaultMatrix holds every cell to what they declare.

// matrixRetries is max_retries in every matrix configuration: small, so that
// storms longer than it are short.
const matrixRetries = 2

// matrixTimeout is request_timeout in the configurations of the latency faults;
// matrixDelay, longer, is the injected latency.
const (
	matrixTimeout = "1s"
	matrixDelay   = 2 * time.Second
)

// outcome is what one cell of the matrix must end in.
type outcome struct {
	ok bool
	// For errors: the diagnostic's summary, and words of its detail that say
	// what to change (each matched in order across Terraform's line wrapping).
	summary string
	detail  []string
	// note is FAULTS.md's wording of the cell.
	note string
}

// errorPattern matches the diagnostic an erroring cell must produce.
func (o outcome) errorPattern() *regexp.Regexp {
	return phrases(append([]string{o.summary}, o.detail...)...)
}

// faultKind is one column: a fault as the simulator injects it, and what a
// read (every request it hits may be retried) must end in.
type faultKind struct {
	name   string // FAULTS.md column header
	kind   oktasim.FaultKind
	status int           // FaultServerError
	count  int           // injections before the fault stops (0: persistent)
	slow   bool          // the provider block sets request_timeout = matrixTimeout
	read   outcome       // outcome of reads, and of writes whose targeted request is idempotent
	post   *outcome      // outcome when the targeted write is a POST, when it differs
	delay  time.Duration // FaultLatency
}

var (
	okRead          = outcome{ok: true, note: "✔ retried"}
	rateLimitError  = outcome{summary: "Okta rate limit exhausted", detail: []string{"raise max_retries", "raise max_api_capacity"}, note: "✘ rate limit"}
	malformedError  = outcome{summary: "Okta request failed", detail: []string{"not valid JSON"}, note: "✘ malformed"}
	timeoutError    = outcome{summary: "Okta request timed out", detail: []string{"Raise request_timeout"}, note: "✘ timeout"}
	badTokenError   = outcome{summary: "Okta rejected the API token", detail: []string{"create a new token", "set api_token"}, note: "✘ token"}
	forbiddenError  = outcome{summary: "Missing Okta scope or admin role", detail: []string{"admin role"}, note: "✘ scope/role"}
	postServerError = outcome{summary: "Okta server error", detail: []string{"try again later"}, note: "✘ server error"}
	postDropError   = outcome{summary: "Okta request failed", detail: []string{"unexpected EOF"}, note: "✘ dropped"}
	postMalformed   = malformedError
	postTimeout     = timeoutError
)

// matrixOutcomes are the errors in the order FAULTS.md explains them.
var matrixOutcomes = []outcome{rateLimitError, malformedError, timeoutError, badTokenError, forbiddenError, postServerError, postDropError}

// matrixFaults are the columns, in FAULTS.md's order. Transient faults are
// injected exactly matrixRetries times, the most a request can absorb.
var matrixFaults = []faultKind{
	{name: "429 ×max_retries", kind: oktasim.FaultTooManyRequests, count: matrixRetries, read: okRead},
	{name: "429 storm", kind: oktasim.FaultTooManyRequests, read: rateLimitError},
	{name: "500 ×max_retries", kind: oktasim.FaultServerError, status: 500, count: matrixRetries, read: okRead, post: &postServerError},
	{name: "503 ×max_retries", kind: oktasim.FaultServerError, status: 503, count: matrixRetries, read: okRead, post: &postServerError},
	{name: "dropped mid-body", kind: oktasim.FaultDropConnection, count: matrixRetries, read: okRead, post: &postDropError},
	{name: "malformed JSON", kind: oktasim.FaultMalformedBody, count: matrixRetries, read: okRead, post: &postMalformed},
	{name: "malformed JSON, persistent", kind: oktasim.FaultMalformedBody, read: malformedError, post: &postMalformed},
	{name: "slower than request_timeout", kind: oktasim.FaultLatency, delay: matrixDelay, count: 1, slow: true, read: okRead, post: &postTimeout},
	{name: "slow, persistent", kind: oktasim.FaultLatency, delay: matrixDelay, slow: true, read: timeoutError, post: &postTimeout},
	{name: "401 mid-run", kind: oktasim.FaultUnauthorized, read: badTokenError},
	{name: "403 mid-run", kind: oktasim.FaultForbidden, read: forbiddenError},
}

// rule is the fault injected into the requests of a type.
func (f faultKind) rule(tt matrixType) oktasim.FaultRule {
	return oktasim.FaultRule{Kind: f.kind, Status: f.status, Count: f.count, Delay: f.delay,
		Method: tt.method, PathPrefix: tt.path, Skip: tt.skip}
}

// want is what a cell must end in; writes add that the next apply completes.
func (f faultKind) want(tt matrixType) outcome {
	o := f.read
	if tt.write && tt.method == "POST" && f.post != nil {
		o = *f.post
	}
	if tt.write && !o.ok {
		o.note += " → next apply ✔"
	}
	return o
}

// matrixType is one row: a configuration of one type and the requests its
// faults hit. Faults hit requests whose path starts with path (and whose
// method is method, when set) after the first skip of them, so that most land
// in the middle of a run.
type matrixType struct {
	name   string // the Terraform type
	kind   string // "data source", "check", "resource"
	path   string
	method string
	skip   int
	// body is the configuration without the provider block; it may use the
	// placeholders {{jwk}} and {{today}}. Writes are rendered once per
	// column: instance i is resource "t<i>" and uses {{i}} in its names, so a
	// column creates its own object while the earlier ones stay in place.
	body  string
	write bool
	// verify checks the simulator's org once n instances of a write are
	// applied: each of them exists exactly once, as configured, and nothing
	// else of its kind was left behind. gone checks the org after destroy.
	verify func(o *oktasim.Org, n int) error
	gone   func(o *oktasim.Org) error
}

// The matrix org: Initech (every user status, factors, groups, apps, grants,
// roles, tokens) plus Globex's admin roles, policies and a System Log two days
// back (the log keeps 90 days).
var (
	matrixLogBase  = time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -2)
	matrixLogSince = matrixLogBase.Format(time.RFC3339)
	matrixLogUntil = matrixLogBase.Add(3 * time.Hour).Format(time.RFC3339)
)

func matrixTokenID(i int) string { return fmt.Sprintf("00T0000000000000mat%02d", i) }

// matrixInitialTokens is how many API tokens the matrix org starts with.
var matrixInitialTokens = len(newTestOrg().APITokens) + len(matrixFaults)

func newMatrixOrg() *oktasim.Org {
	org := newTestOrg()
	addGlobexRoles(org)
	addGlobexPolicies(org)
	addGlobexLogs(org, matrixLogBase, 12)
	org.Groups = append(org.Groups,
		&oktasim.Group{ID: gpOps, Type: "OKTA_GROUP", Name: "Ops", Created: ts(1, 1), LastUpdated: ts(1, 1), LastMembershipUpdated: ts(1, 1)})
	// One token per column for the binding to adopt.
	for i := range matrixFaults {
		org.APITokens = append(org.APITokens, &oktasim.APIToken{ID: matrixTokenID(i), Name: "made-by-hand", UserID: uAlice,
			ClientName: "Okta API", TokenWindow: "P30D", Created: ts(2, 1), LastUpdated: ts(2, 1),
			ExpiresAt: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), Network: oktasim.TokenNetwork{Connection: "ANYWHERE"},
			Secret: fmt.Sprintf("00matrixTokenSecret000000000%02d", i)})
	}
	return org
}

func matrixSvcLogin(i int) string { return fmt.Sprintf("svc-matrix-%02d@initech.example", i) }
func matrixAppLabel(i int) string { return fmt.Sprintf("matrix-reader-%02d", i) }

var matrixTypes = []matrixType{
	// The eight data sources of the foundation.
	{name: "oktagate_users", kind: "data source", path: "/api/v1/users", skip: 2,
		body: `data "oktagate_users" "t" {
  include_factors = true
  include_groups  = true
}`},
	{name: "oktagate_user", kind: "data source", path: "/api/v1/users", skip: 1,
		body: `data "oktagate_user" "t" {
  login = "alice@initech.example"
}`},
	{name: "oktagate_user_factors", kind: "data source", path: "/api/v1/users/",
		body: `data "oktagate_user_factors" "t" {
  user_id = "` + uAlice + `"
}`},
	{name: "oktagate_groups", kind: "data source", path: "/api/v1/groups", skip: 1,
		body: `data "oktagate_groups" "t" {
  include_members = true
}`},
	{name: "oktagate_app_assignments", kind: "data source", path: "/api/v1/apps", skip: 1,
		body: `data "oktagate_app_assignments" "t" {}`},
	{name: "oktagate_apps", kind: "data source", path: "/api/v1/apps", skip: 1,
		body: `data "oktagate_apps" "t" {}`},
	{name: "oktagate_api_tokens", kind: "data source", path: "/api/v1/api-tokens", skip: 1,
		body: `data "oktagate_api_tokens" "t" {}`},
	{name: "oktagate_org", kind: "data source", path: "/.well-known/okta-organization",
		body: `data "oktagate_org" "t" {}`},
	// Evidence data sources.
	{name: "oktagate_policies", kind: "data source", path: "/api/v1/policies", skip: 1,
		body: `data "oktagate_policies" "t" {
  type          = "PASSWORD"
  include_rules = true
}`},
	{name: "oktagate_system_log", kind: "data source", path: "/api/v1/logs", skip: 1,
		body: `data "oktagate_system_log" "t" {
  since = "` + matrixLogSince + `"
  until = "` + matrixLogUntil + `"
}`},
	{name: "oktagate_admin_roles", kind: "data source", path: "/api/v1/", skip: 2,
		body: `data "oktagate_admin_roles" "t" {}`},
	// Checks.
	{name: "oktagate_mfa_check", kind: "check", path: "/api/v1/users/", skip: 2,
		body: `resource "oktagate_mfa_check" "t" {
  enforcement = "warn"
}`},
	{name: "oktagate_offboarding_check", kind: "check", path: "/api/v1/", skip: 2,
		body: `resource "oktagate_offboarding_check" "t" {
  enforcement = "warn"
  offboarded = [
    { login = "heidi@initech.example", date = "2025-03-01" },
    { login = "frank@initech.example", date = "2025-03-03" },
  ]
}`},
	{name: "oktagate_unique_email_check", kind: "check", path: "/api/v1/users", skip: 1,
		body: `resource "oktagate_unique_email_check" "t" {
  enforcement     = "warn"
  allowed_domains = ["initech.example"]
}`},
	{name: "oktagate_access_review", kind: "check", path: "/api/v1/apps/", skip: 1,
		body: `resource "oktagate_access_review" "t" {
  enforcement        = "warn"
  app_id             = "` + aPortal + `"
  approved_group_ids = ["` + gEng + `"]
  reviewed_on        = "{{today}}"
}`},
	{name: "oktagate_scope_check", kind: "check", path: "/api/v1/apps", skip: 1,
		body: `resource "oktagate_scope_check" "t" {
  enforcement = "warn"
}`},
	{name: "oktagate_password_policy_check", kind: "check", path: "/api/v1/policies",
		body: `resource "oktagate_password_policy_check" "t" {
  enforcement = "warn"
}`},
	{name: "oktagate_session_policy_check", kind: "check", path: "/api/v1/policies", skip: 1,
		body: `resource "oktagate_session_policy_check" "t" {
  enforcement = "warn"
}`},
	{name: "oktagate_inactive_users_check", kind: "check", path: "/api/v1/users", skip: 1,
		body: `resource "oktagate_inactive_users_check" "t" {
  enforcement = "warn"
}`},
	{name: "oktagate_admin_roles_check", kind: "check", path: "/api/v1/", skip: 2,
		body: `resource "oktagate_admin_roles_check" "t" {
  enforcement = "warn"
}`},
	{name: "oktagate_api_token_check", kind: "check", path: "/api/v1/", skip: 1,
		body: `resource "oktagate_api_token_check" "t" {
  enforcement = "warn"
}`},
	// Provisioning resources: the fault hits the create after its first write.
	{name: "oktagate_service_account", kind: "resource", path: "/api/v1/users/", method: "POST", skip: 1, write: true,
		body: `resource "oktagate_service_account" "t{{i}}" {
  login     = "{{svc}}"
  email     = "secops@initech.example"
  group_ids = ["` + gpOps + `"]
}`,
		verify: func(o *oktasim.Org, n int) error {
			total := 0
			for _, u := range o.Users {
				if l, _ := u.Profile["login"].(string); strings.HasPrefix(l, "svc-matrix-") {
					total++
				}
			}
			if total != n {
				return fmt.Errorf("%d matrix service accounts in the org, want %d", total, n)
			}
			for i := range n {
				u := simUserByLogin(o, matrixSvcLogin(i))
				if u == nil {
					return fmt.Errorf("%s missing", matrixSvcLogin(i))
				}
				if err := want("roles of "+matrixSvcLogin(i), simRoleTypes(o.UserRoles[u.ID]), "READ_ONLY_ADMIN"); err != nil {
					return err
				}
				if err := want("groups of "+matrixSvcLogin(i), simGroupsOf(o, u.ID), gpOps); err != nil {
					return err
				}
			}
			return nil
		},
		gone: func(o *oktasim.Org) error {
			for _, u := range o.Users {
				if l, _ := u.Profile["login"].(string); strings.HasPrefix(l, "svc-matrix-") {
					return fmt.Errorf("%s left behind (%s)", l, u.Status)
				}
			}
			users := map[string]bool{}
			for _, u := range o.Users {
				users[u.ID] = true
			}
			for id, roles := range o.UserRoles {
				if len(roles) > 0 && !users[id] {
					return fmt.Errorf("roles left behind on the deleted user %s", id)
				}
			}
			return nil
		}},
	{name: "oktagate_api_token_binding", kind: "resource", path: "/api/v1/api-tokens/", method: "PUT", write: true,
		body: `resource "oktagate_api_token_binding" "t{{i}}" {
  token_id           = "{{token}}"
  service_account_id = "` + uAlice + `"
  name               = "ci-matrix-{{i}}"
  network = {
    connection = "ZONE"
    include    = ["nzo00000000000000001"]
  }
}`,
		verify: func(o *oktasim.Org, n int) error {
			if len(o.APITokens) != matrixInitialTokens {
				return fmt.Errorf("%d API tokens, want %d", len(o.APITokens), matrixInitialTokens)
			}
			for i := range n {
				tok := simToken(o, matrixTokenID(i))
				if tok == nil {
					return fmt.Errorf("token %s is gone", matrixTokenID(i))
				}
				if err := want("name", tok.Name, fmt.Sprintf("ci-matrix-%02d", i)); err != nil {
					return err
				}
				if err := want("connection", tok.Network.Connection, "ZONE"); err != nil {
					return err
				}
			}
			return nil
		},
		gone: func(o *oktasim.Org) error {
			// revoke_on_destroy is false: destroy lets the tokens be.
			if len(o.APITokens) != matrixInitialTokens {
				return fmt.Errorf("%d API tokens, want %d", len(o.APITokens), matrixInitialTokens)
			}
			return nil
		}},
	{name: "oktagate_oidc_app", kind: "resource", path: "/api/v1/apps/", method: "POST", write: true,
		body: `resource "oktagate_oidc_app" "t{{i}}" {
  label       = "{{app}}"
  type        = "service"
  jwks        = [{{jwk}}]
  scopes      = ["okta.users.read", "okta.groups.read"]
  admin_roles = ["READ_ONLY_ADMIN"]
}`,
		verify: func(o *oktasim.Org, n int) error {
			total := 0
			for _, a := range o.Apps {
				if strings.HasPrefix(a.Label, "matrix-reader-") {
					total++
				}
			}
			if total != n {
				return fmt.Errorf("%d matrix apps in the org, want %d", total, n)
			}
			for i := range n {
				a := simAppByLabel(o, matrixAppLabel(i))
				if a == nil {
					return fmt.Errorf("app %s missing", matrixAppLabel(i))
				}
				if err := want("scopes of "+a.Label, simActiveScopes(a), "okta.groups.read,okta.users.read"); err != nil {
					return err
				}
				if err := want("client roles of "+a.Label, simRoleTypes(o.ClientRoles[a.OAuth.ClientID]), "READ_ONLY_ADMIN"); err != nil {
					return err
				}
			}
			return nil
		},
		gone: func(o *oktasim.Org) error {
			for _, a := range o.Apps {
				if strings.HasPrefix(a.Label, "matrix-reader-") {
					return fmt.Errorf("app %s (%s) left behind", a.Label, a.ID)
				}
			}
			return nil
		}},
}

// instance renders instance i of a write's body.
func (tt matrixType) instance(i int) string {
	return strings.NewReplacer("{{i}}", fmt.Sprintf("%02d", i), "{{svc}}", matrixSvcLogin(i),
		"{{app}}", matrixAppLabel(i), "{{token}}", matrixTokenID(i)).Replace(tt.body)
}

// renderFaultsMD is FAULTS.md: the matrix as a person reads it.
func renderFaultsMD() string {
	var b strings.Builder
	b.WriteString("# Fault matrix\n\n")
	b.WriteString("Generated from the tables of `TestAccFaultMatrix` (internal/provider/fault_matrix_helpers_test.go),\n")
	b.WriteString("which runs every cell through the real terraform binary against the simulator with the fault\n")
	b.WriteString("injected. `TestFaultsMDIsFresh` fails when this file differs from what the tables render;\n")
	b.WriteString("regenerate it with `OKTAGATE_WRITE_FAULTS_MD=1 go test ./internal/provider -run TestFaultsMDIsFresh`.\n\n")
	fmt.Fprintf(&b, "Every configuration sets `max_retries = %d`; the two latency columns also set `request_timeout = %q`\n", matrixRetries, matrixTimeout)
	fmt.Fprintf(&b, "and the simulator delays responses by %s. Transient faults are injected %d times, as many as one\n", matrixDelay, matrixRetries)
	b.WriteString("request can absorb (the slow response once); persistent faults, 401 and 403 hit every matching\n")
	b.WriteString("request after the first few, so they land mid-run.\n\n")
	b.WriteString("- **✔ retried**: a data source or check plans a result identical to a run without faults (the\n")
	b.WriteString("  digest of the whole object is compared); a resource applies and the org holds exactly what the\n")
	b.WriteString("  configuration asks for.\n")
	b.WriteString("- **✘ …**: the plan or apply fails with the diagnostic below.\n")
	b.WriteString("- **→ next apply ✔**: the apply failed halfway; the state it left (the partly created object,\n")
	b.WriteString("  tainted) lets the next apply without the fault complete, and the org then holds each object\n")
	b.WriteString("  exactly once: nothing orphaned. Destroying everything afterwards leaves nothing behind.\n\n")
	b.WriteString("A POST is not retried after a 5xx, a dropped connection, a malformed body or a timeout, since\n")
	b.WriteString("Okta may have acted on it; a 429 is, since Okta refused it. GET, PUT and DELETE are retried.\n\n")

	b.WriteString("| type | kind | faults hit |")
	for _, f := range matrixFaults {
		b.WriteString(" " + f.name + " |")
	}
	b.WriteString("\n|---|---|---|")
	for range matrixFaults {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, tt := range matrixTypes {
		target := "`" + tt.path + "`"
		if tt.method != "" {
			target = tt.method + " " + target
		}
		if tt.skip > 0 {
			target += fmt.Sprintf(" after %d", tt.skip)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |", tt.name, tt.kind, target)
		for _, f := range matrixFaults {
			b.WriteString(" " + f.want(tt).note + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n| cell | diagnostic summary | the detail says (among Okta's own words) |\n|---|---|---|\n")
	for _, o := range matrixOutcomes {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", o.note, o.summary, "\"…"+strings.Join(o.detail, "…")+"…\"")
	}
	return b.String()
}
