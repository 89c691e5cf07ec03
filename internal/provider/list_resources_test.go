package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// The list resources against generated orgs: what `terraform query` lists is
// computed here from the simulator's store, independently of the provider's
// listing code (which reads the org over HTTP).

// queryOrg is a small generated org (seed picks it) with an API token added
// for an ordinary user, so the token list holds more than the generator's.
func queryOrg(seed int64) (*oktasim.Org, *oktasim.APIToken) {
	org := fixtures.Generate(fixtures.GenerateOptions{Users: 40, Groups: 8, Apps: 30, Seed: seed, LogEvents: 1})
	owner := org.Users[len(org.Users)-1]
	now := time.Now().UTC().Truncate(time.Second)
	tok := &oktasim.APIToken{
		ID: "00Tquery0000000000001", Name: "query-ci", UserID: owner.ID, ClientName: "Okta API", TokenWindow: "P30D",
		Created: now.Add(-48 * time.Hour), ExpiresAt: now.Add(29 * 24 * time.Hour), LastUpdated: now.Add(-24 * time.Hour),
		Network: oktasim.TokenNetwork{Connection: "ANYWHERE"}, Secret: "00query-ci-secret-not-used-by-tests",
	}
	org.APITokens = append(org.APITokens, tok)
	sort.Slice(org.APITokens, func(i, j int) bool { return org.APITokens[i].ID < org.APITokens[j].ID })
	return org, tok
}

// expectedListing is what each list resource must list in o: the users who
// hold an admin role directly or through a group, the service apps with an
// ACTIVE okta.* grant, and every API token; each sorted by id.
type expectedListing struct {
	serviceAccounts, oidcApps, tokens []string
}

func expectedIn(o *oktasim.Org) expectedListing {
	var e expectedListing
	holders := map[string]bool{}
	for uid, roles := range o.UserRoles {
		holders[uid] = holders[uid] || len(roles) > 0
	}
	for _, g := range o.Groups {
		if len(o.GroupRoles[g.ID]) > 0 {
			for _, uid := range g.MemberIDs {
				holders[uid] = true
			}
		}
	}
	for _, u := range o.Users {
		if holders[u.ID] {
			e.serviceAccounts = append(e.serviceAccounts, u.ID)
		}
	}
	for _, a := range o.Apps {
		if a.OAuth == nil || a.OAuth.ApplicationType != "service" {
			continue
		}
		if slices.ContainsFunc(a.Grants, func(g oktasim.Grant) bool {
			return g.Status == "ACTIVE" && strings.HasPrefix(g.ScopeID, "okta.")
		}) {
			e.oidcApps = append(e.oidcApps, a.ID)
		}
	}
	for _, t := range o.APITokens {
		e.tokens = append(e.tokens, t.ID)
	}
	for _, ids := range [][]string{e.serviceAccounts, e.oidcApps, e.tokens} {
		sort.Strings(ids)
	}
	return e
}

// newestTerraform returns the terraform binary the acceptance tests run
// (TF_ACC_TERRAFORM_PATH, or terraform on PATH), skipping the test below
// Terraform 1.14, which has neither list resources nor `terraform query`.
func newestTerraform(t *testing.T) string {
	t.Helper()
	return terraform114(t, "terraform query")
}

const querySvcLogin = "svc-query@globex.example"

// queryIntegrations is configuration that creates a service account and a
// service app with a write scope in the org, as a team would before
// bringing the rest of the org's integrations under code.
func queryIntegrations(t *testing.T, provider string) string {
	return provider + `
resource "oktagate_service_account" "query" {
  login = "` + querySvcLogin + `"
  email = "secops@globex.example"
}

resource "oktagate_oidc_app" "query" {
  label              = "Query gate (service)"
  type               = "service"
  jwks               = [` + jwkHCL(publicJWK(t, "query-1")) + `]
  scopes             = ["okta.users.read", "okta.groups.manage"]
  allow_write_scopes = true
  admin_roles        = ["READ_ONLY_ADMIN"]
}
`
}

// TestAccQueryListResources: against a generated org plus a service account
// and a service app created in it, each list block lists exactly the
// objects the store says (counts, and the created ones by display name with
// their full resource object), the filters narrow the listing, and a bad
// filter fails at validation.
func TestAccQueryListResources(t *testing.T) {
	t.Parallel()
	org, tok := queryOrg(1914)
	before := expectedIn(org)
	owner := tok.UserID
	ownerTokens := 0
	for _, t := range org.APITokens {
		if t.UserID == owner {
			ownerTokens++
		}
	}
	_, provider := startSim(t, org, oktasim.Options{Unlimited: true})
	// A query step runs beside the previous step's configuration, whose
	// provider block configures the list blocks too.
	list := func(typ, name, config string) string {
		return fmt.Sprintf("list %q %q {\n  provider = oktagate\n  include_resource = true\n  config {\n%s\n  }\n}\n", typ, name, config)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: queryIntegrations(t, provider)},
			{
				Query: true,
				Config: list("oktagate_service_account", "all", "") +
					list("oktagate_service_account", "svc", `    login_prefix = "SVC-QUERY"`) +
					list("oktagate_oidc_app", "all", "") +
					list("oktagate_oidc_app", "gate", `    label_prefix = "query gate"
    status       = "ACTIVE"`) +
					list("oktagate_api_token_binding", "all", "") +
					list("oktagate_api_token_binding", "owner", `    service_account_id = "`+owner+`"`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					// The created account and app are one more of each.
					querycheck.ExpectLength("oktagate_service_account.all", len(before.serviceAccounts)+1),
					querycheck.ExpectLength("oktagate_oidc_app.all", len(before.oidcApps)+1),
					querycheck.ExpectLength("oktagate_api_token_binding.all", len(before.tokens)),
					querycheck.ExpectLength("oktagate_service_account.svc", 1),
					querycheck.ExpectLength("oktagate_oidc_app.gate", 1),
					querycheck.ExpectLength("oktagate_api_token_binding.owner", ownerTokens),
					querycheck.ExpectIdentity("oktagate_api_token_binding.owner", map[string]knownvalue.Check{
						"id": knownvalue.StringExact(tok.ID),
					}),
					querycheck.ExpectResourceKnownValues("oktagate_service_account.svc",
						queryfilter.ByDisplayName(knownvalue.StringExact(querySvcLogin)), []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("admin_roles"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("READ_ONLY_ADMIN")})},
							{Path: tfjsonpath.New("allow_privileged_roles"), KnownValue: knownvalue.Bool(false)},
							{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("PROVISIONED")},
						}),
					querycheck.ExpectResourceKnownValues("oktagate_oidc_app.gate",
						queryfilter.ByDisplayName(knownvalue.StringExact("Query gate (service)")), []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("scopes"), KnownValue: knownvalue.SetExact([]knownvalue.Check{
								knownvalue.StringExact("okta.groups.manage"), knownvalue.StringExact("okta.users.read")})},
							{Path: tfjsonpath.New("allow_write_scopes"), KnownValue: knownvalue.Bool(true)},
							{Path: tfjsonpath.New("admin_roles"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("READ_ONLY_ADMIN")})},
						}),
					querycheck.ExpectResourceKnownValues("oktagate_api_token_binding.owner",
						queryfilter.ByDisplayName(knownvalue.StringExact(tok.Name)), []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("service_account_id"), KnownValue: knownvalue.StringExact(owner)},
							{Path: tfjsonpath.New("token_id"), KnownValue: knownvalue.StringExact(tok.ID)},
						}),
				},
			},
			{
				Query:       true,
				Config:      list("oktagate_service_account", "bad", `    status = "GONE"`),
				ExpectError: regexp.MustCompile(`(?s)status.*` + phrase("value must be one of").String()),
			},
			{
				Query:       true,
				Config:      list("oktagate_api_token_binding", "bad", `    service_account_id = "not-a-user"`),
				ExpectError: regexp.MustCompile(`(?s)service_account_id.*` + phrase("must be an Okta user id").String()),
			},
		},
	})
}

// TestAccQueryGenerateConfigImports: `terraform query -generate-config-out`
// against an org the tests never built by hand (generated from a seed, plus a
// service account and a service app created in it by Terraform) writes a
// resource and an import block (by identity) for exactly the org's admin-role
// holders, service apps with okta.* grants and API tokens; planning that
// configuration imports every one of them and changes nothing, and after the
// import the plan is empty.
func TestAccQueryGenerateConfigImports(t *testing.T) {
	t.Parallel()
	bin := newestTerraform(t)
	org, _ := queryOrg(20261206)
	s, provider := startSim(t, org, oktasim.Options{Unlimited: true})

	// The integrations a team created first, in a configuration of their own.
	created := newTFRunBin(t, bin, providerAddress(), map[string]string{"main.tf": queryIntegrations(t, provider)})
	if err := created.apply(); err != nil {
		t.Fatalf("creating the integrations: %v", err)
	}
	o := s.Org()
	o.RLock()
	want := expectedIn(o)
	o.RUnlock()
	if len(want.serviceAccounts) < 5 || len(want.oidcApps) < 2 || len(want.tokens) < 5 {
		t.Fatalf("the generated org is too small to prove anything: %d admins, %d service apps, %d tokens",
			len(want.serviceAccounts), len(want.oidcApps), len(want.tokens))
	}

	run := newTFRunBin(t, bin, providerAddress(), map[string]string{
		"main.tf": provider,
		"org.tfquery.hcl": `
list "oktagate_service_account" "admins" {
  provider = oktagate
}

list "oktagate_oidc_app" "integrations" {
  provider = oktagate
}

list "oktagate_api_token_binding" "tokens" {
  provider = oktagate
}
`,
	})
	if _, err := run.terraformRaw("query", "-generate-config-out=generated.tf"); err != nil {
		t.Fatal(err)
	}
	generated, err := os.ReadFile(filepath.Join(run.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	got := importedIDs(t, string(generated))
	for typ, ids := range map[string][]string{
		"oktagate_service_account":   want.serviceAccounts,
		"oktagate_oidc_app":          want.oidcApps,
		"oktagate_api_token_binding": want.tokens,
	} {
		if !slices.Equal(got[typ], ids) {
			t.Errorf("%s: the generated configuration imports\n  %v\nthe org has\n  %v", typ, got[typ], ids)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	// Every generated block imports and plans no change.
	if _, err := run.terraformRaw("plan", "-out=import.plan", "-input=false"); err != nil {
		t.Fatalf("planning the generated configuration: %v\n%s", err, generated)
	}
	planJSON, err := run.terraformRaw("show", "-json", "import.plan")
	if err != nil {
		t.Fatal(err)
	}
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(planJSON, &plan); err != nil {
		t.Fatal(err)
	}
	total := len(want.serviceAccounts) + len(want.oidcApps) + len(want.tokens)
	if len(plan.ResourceChanges) != total {
		t.Errorf("the plan has %d resource changes, want one import for each of the %d listed objects", len(plan.ResourceChanges), total)
	}
	for _, rc := range plan.ResourceChanges {
		if !slices.Equal(rc.Change.Actions, []string{"no-op"}) || len(rc.Change.Importing) == 0 {
			t.Errorf("%s: actions %v, importing %s; want an import with no change", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	if _, err := run.terraformRaw("apply", "-input=false", "import.plan"); err != nil {
		t.Fatalf("applying the imports: %v", err)
	}
	if _, err := run.terraformRaw("plan", "-detailed-exitcode", "-input=false"); err != nil {
		t.Fatalf("after the import the plan is not empty: %v", err)
	}
}

var (
	generatedResource = regexp.MustCompile(`(?m)^resource "(oktagate_[a-z_]+)" "([^"]+)" \{`)
	generatedImport   = regexp.MustCompile(`(?s)import \{\s*to\s*=\s*(oktagate_[a-z_]+)\.([A-Za-z0-9_-]+)\s*(?:provider\s*=\s*\S+\s*)?identity\s*=\s*\{\s*id\s*=\s*"([^"]+)"`)
)

// importedIDs returns, per resource type, the ids the generated
// configuration imports by identity, sorted; every import block must have
// its resource block.
func importedIDs(t *testing.T, generated string) map[string][]string {
	t.Helper()
	blocks := map[string]bool{}
	for _, m := range generatedResource.FindAllStringSubmatch(generated, -1) {
		blocks[m[1]+"."+m[2]] = true
	}
	out := map[string][]string{}
	imports := generatedImport.FindAllStringSubmatch(generated, -1)
	for _, m := range imports {
		if !blocks[m[1]+"."+m[2]] {
			t.Errorf("import of %s.%s has no resource block", m[1], m[2])
		}
		out[m[1]] = append(out[m[1]], m[3])
	}
	if len(imports) != len(blocks) {
		t.Errorf("%d import blocks for %d resource blocks:\n%s", len(imports), len(blocks), generated)
	}
	for _, ids := range out {
		sort.Strings(ids)
	}
	return out
}

// TestAccQueryExamples runs each example under examples/list-resources, as it
// ships, with `terraform query` against the demo org: it validates and lists,
// and the service account example finds the demo's integration account.
func TestAccQueryExamples(t *testing.T) {
	t.Parallel()
	bin := newestTerraform(t)
	_, provider := startSim(t, fixtures.DemoOrg(1, time.Now().UTC()), oktasim.Options{Unlimited: true})
	main := "terraform {\n  required_providers {\n    oktagate = { source = \"oktagate/oktagate\" }\n  }\n}\n" + provider
	dirs, err := filepath.Glob("../../examples/list-resources/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != len(listResources()) {
		t.Fatalf("%d list resource examples for %d list resources: %v", len(dirs), len(listResources()), dirs)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			example, err := os.ReadFile(filepath.Join(dir, "list-resource.tfquery.hcl"))
			if err != nil {
				t.Fatal(err)
			}
			run := newTFRunBin(t, bin, examplesAddress(), map[string]string{"main.tf": main, "example.tfquery.hcl": string(example)})
			out, err := run.terraformRaw("query", "-no-color")
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Base(dir) == "oktagate_service_account" && !strings.Contains(string(out), fixtures.DemoServiceAccountLogin) {
				t.Errorf("the example does not list %s:\n%s", fixtures.DemoServiceAccountLogin, out)
			}
		})
	}
}
