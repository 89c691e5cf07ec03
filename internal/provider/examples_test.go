package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// examplesAddress is the provider the examples require (oktagate/oktagate).
func examplesAddress() string { return registryHost() + "/oktagate/oktagate" }

// exampleVars are the values of the examples' variables that have no default.
var exampleVars = map[string]map[string]string{
	"resources/oktagate_service_account":   {"svc_password": "correct horse battery staple 1!"},
	"resources/oktagate_api_token_binding": {"svc_password": "correct horse battery staple 1!"},
}

// exampleAlso are the other examples an example refers to and is planned with.
// exampleNeedsWriteOnly: the examples that use write-only attributes and
// ephemeral variables (Terraform 1.11 and later; `make test-oldest` runs 1.5.7).
var exampleNeedsWriteOnly = map[string]bool{"resources/oktagate_service_account": true}

var exampleAlso = map[string][]string{
	"resources/oktagate_api_token_binding": {"resources/oktagate_service_account"},
}

// exampleIDs maps the made-up ids and logins of an example to the demo org's
// objects that play their part, so that the example reads objects that exist.
func exampleIDs(org *oktasim.Org) map[string]map[string]string {
	group := func(name string) string {
		for _, g := range org.Groups {
			if g.Name == name {
				return g.ID
			}
		}
		panic("the demo org has no group " + name)
	}
	app := func(label string) string {
		for _, a := range org.Apps {
			if a.Label == label {
				return a.ID
			}
		}
		panic("the demo org has no app " + label)
	}
	token := func(name string) string {
		for _, tok := range org.APITokens {
			if tok.Name == name {
				return tok.ID
			}
		}
		panic("the demo org has no API token " + name)
	}
	return map[string]map[string]string{
		"resources/oktagate_api_token_binding": {
			"00T1a2b3c4d5e6f7g8h9": token("compliance-scanner"),
			"nzo1a2b3c4d5e6f7g8h9": org.Zones[0].ID,
		},
		"data-sources/oktagate_app_assignments":   {"0oa1a2b3c4d5e6f7g8h9": app(fixtures.DemoSalesforceLabel)},
		"data-sources/oktagate_user":              {"svc-ci-gate@acme.com": fixtures.DemoServiceAccountLogin},
		"data-sources/oktagate_users":             {"00g1a2b3c4d5e6f7g8h9": group("Contractors")},
		"resources/oktagate_inactive_users_check": {"00g1008ServiceAccts1": group("Service Accounts")},
		// Posture checks (issue #18): the zone the demo's ThreatInsight exempts.
		"resources/oktagate_threat_insight_check":      {"nzo1a2b3c4d5e6f7g8h9": org.Zones[0].ID},
		"resources/oktagate_privileged_accounts_check": {"svc-compliance@example.com": fixtures.DemoServiceAccountLogin},
	}
}

// TestAccExamplesPlan plans examples/demo and every example under
// examples/resources and examples/data-sources, as they ship, against the
// simulator's demo org: each plan succeeds and shows every resource and data
// source its example declares. Only what points an example at the simulator
// is added: the provider's org_url and api_token, the provider requirement
// where the example leaves it implied, and, in an override file, enforcement
// = "warn" on every check, since the demo org is built to violate them.
func TestAccExamplesPlan(t *testing.T) {
	org := fixtures.DemoOrg(1, time.Now().UTC())
	ids := exampleIDs(org)
	s, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true})
	if err != nil {
		t.Fatalf("starting the simulator: %v", err)
	}
	t.Cleanup(s.Close)
	checks := map[string]bool{}
	for _, name := range checkTypeNames() {
		checks[name] = true
	}

	dirs := []string{"../../examples/demo"}
	for _, pattern := range []string{"../../examples/resources/*", "../../examples/data-sources/*"} {
		found, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, found...)
	}
	if len(dirs) < 20 {
		t.Fatalf("found only %d example directories: %v", len(dirs), dirs)
	}
	writeOnly := terraformSupportsWriteOnly(t)
	for _, dir := range dirs {
		name := strings.TrimPrefix(filepath.ToSlash(dir), "../../examples/")
		t.Run(name, func(t *testing.T) {
			dirs := []string{dir}
			for _, also := range exampleAlso[name] {
				dirs = append(dirs, "../../examples/"+also)
			}
			for _, d := range append([]string{name}, exampleAlso[name]...) {
				if exampleNeedsWriteOnly[d] && !writeOnly {
					t.Skipf("examples/%s sets password_wo from an ephemeral variable, which needs Terraform 1.11 or later", d)
				}
			}
			files, want := exampleFiles(t, dirs, ids[name], checks, s.URL(), s.AdminToken())
			if len(want) == 0 {
				t.Fatalf("%s declares no resource or data source", dir)
			}
			run := newTFRunFiles(t, examplesAddress(), files)
			opts := []tfexec.PlanOption{tfexec.Out("example.tfplan")}
			for k, v := range exampleVars[name] {
				opts = append(opts, tfexec.Var(k+"="+v))
			}
			if out, err := run.planDiff(opts...); err != nil {
				t.Fatalf("plan failed: %v\n%s", err, out)
			}
			plan, err := run.tf.ShowPlanFile(t.Context(), filepath.Join(run.dir, "example.tfplan"), run.reattach)
			if err != nil {
				t.Fatalf("terraform show: %v", err)
			}
			got := map[string]bool{}
			for _, rc := range plan.ResourceChanges {
				got[unindexed(rc.Address)] = true
			}
			if plan.PriorState != nil && plan.PriorState.Values != nil {
				for _, r := range plan.PriorState.Values.RootModule.Resources {
					got[unindexed(r.Address)] = true
				}
			}
			for _, addr := range want {
				if !got[addr] {
					t.Errorf("%s is not in the plan", addr)
				}
			}
		})
	}
}

var (
	blockRE           = regexp.MustCompile(`(?m)^(resource|data)\s+"([\w-]+)"\s+"([\w-]+)"`)
	providerBlockRE   = regexp.MustCompile(`(?m)^provider\s+"oktagate"`)
	requiredProviders = regexp.MustCompile(`(?m)^\s*required_providers\s*{`)
	indexRE           = regexp.MustCompile(`\[[^\]]*\]$`)
)

// exampleFiles returns the .tf files of dirs with ids replaced, the files that
// point them at the simulator, and the addresses of the resources and data
// sources they declare.
func exampleFiles(t *testing.T, dirs []string, ids map[string]string, checks map[string]bool, orgURL, token string) (map[string]string, []string) {
	t.Helper()
	var paths []string
	for _, dir := range dirs {
		found, err := filepath.Glob(filepath.Join(dir, "*.tf"))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, found...)
	}
	files := map[string]string{}
	var want []string
	var override strings.Builder
	hasProvider, hasRequired := false, false
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := string(src)
		for from, to := range ids {
			if !strings.Contains(text, from) && len(dirs) == 1 {
				t.Fatalf("%s no longer mentions %s: update exampleIDs", p, from)
			}
			text = strings.ReplaceAll(text, from, to)
		}
		files[filepath.Base(filepath.Dir(p))+"_"+filepath.Base(p)] = text
		hasProvider = hasProvider || providerBlockRE.MatchString(text)
		hasRequired = hasRequired || requiredProviders.MatchString(text)
		for _, m := range blockRE.FindAllStringSubmatch(text, -1) {
			addr := m[2] + "." + m[3]
			if m[1] == "data" {
				addr = "data." + addr
			} else if checks[m[2]] {
				fmt.Fprintf(&override, "resource %q %q {\n  enforcement = \"warn\"\n}\n\n", m[2], m[3])
			}
			want = append(want, addr)
		}
	}
	provider := fmt.Sprintf("provider \"oktagate\" {\n  org_url   = %q\n  api_token = %q\n}\n", orgURL, token)
	if hasProvider {
		override.WriteString(provider)
	} else {
		files["test_provider.tf"] = provider
	}
	if !hasRequired {
		files["test_versions.tf"] = "terraform {\n  required_providers {\n    oktagate = {\n      source = \"oktagate/oktagate\"\n    }\n  }\n}\n"
	}
	if override.Len() > 0 {
		files["test_override.tf"] = override.String()
	}
	slices.Sort(want)
	return files, slices.Compact(want)
}

// unindexed drops a count or for_each index from an address.
func unindexed(addr string) string { return indexRE.ReplaceAllString(addr, "") }

// demoExample returns files of examples/demo as one configuration for a test
// step that supplies its own provider block: the example's terraform and
// provider blocks (top-level blocks that close with a "}" line) are left out.
func demoExample(t *testing.T, files ...string) string {
	t.Helper()
	var b strings.Builder
	for _, name := range files {
		src, err := os.ReadFile(filepath.Join("../../examples/demo", name))
		if err != nil {
			t.Fatal(err)
		}
		skipping := false
		for _, line := range strings.SplitAfter(string(src), "\n") {
			switch {
			case skipping:
				skipping = strings.TrimRight(line, "\r\n") != "}"
			case strings.HasPrefix(line, "terraform {"), strings.HasPrefix(line, `provider "oktagate"`):
				skipping = strings.TrimSpace(line) != `provider "oktagate" {}`
			default:
				b.WriteString(line)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
