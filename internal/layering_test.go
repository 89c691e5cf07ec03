// Package internal_test holds the project's layering check: the packages
// under internal/ depend on each other one way only (ARCHITECTURE.md, "The
// layers"). It reads the import graph with `go list`, so it sees exactly what
// the compiler sees.
package internal_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/oktagate/terraform-provider-oktagate/"

// A layer is a package and its sub-packages, named relative to the module.
type layer string

// contains reports whether pkg (relative to the module) is this layer or
// under it.
func (l layer) contains(pkg string) bool {
	return pkg == string(l) || strings.HasPrefix(pkg, string(l)+"/")
}

const (
	provider   layer = "internal/provider"
	gather     layer = "internal/gather"
	compliance layer = "internal/compliance"
	directory  layer = "internal/directory"
	okta       layer = "internal/okta"
	ratelimit  layer = "internal/ratelimit"
	oktasim    layer = "internal/oktasim"
	report     layer = "internal/report"
)

// A rule says what a layer's non-test code may not depend on, directly or
// through another package, and why.
type rule struct {
	from layer
	// forbidden layers; when only is set instead, every project package
	// outside from and only is forbidden.
	forbidden []layer
	only      []layer
	why       string
}

// rules is the one-way flow: provider → gather → compliance; gather →
// directory → okta → ratelimit; oktasim stands beside them, on ratelimit only.
var rules = []rule{
	{from: compliance, forbidden: []layer{directory, gather, provider, oktasim},
		why: "compliance holds rules over facts and nothing else; reading the snapshot is the loaders' job (internal/gather)"},
	{from: gather, forbidden: []layer{provider, oktasim},
		why: "the loaders know the snapshot and the rules, never Terraform or the simulator"},
	{from: directory, forbidden: []layer{compliance, gather, provider, oktasim},
		why: "the snapshot serves the org's collections to any caller and knows nothing of rules or Terraform"},
	{from: okta, only: []layer{ratelimit},
		why: "the client is the bottom layer: it imports none of the project's packages but ratelimit"},
	{from: ratelimit, only: []layer{},
		why: "the rate-limit tables are shared by the client and the simulator, and import neither"},
	{from: oktasim, forbidden: []layer{provider, gather, compliance, directory, okta},
		why: "the simulator plays Okta over HTTP and must not share code with the client it tests"},
	{from: report, forbidden: []layer{provider, gather, directory, oktasim},
		why: "the evidence report reads what CI keeps (Terraform's JSON), never the org: it may use compliance (its descriptions), not the snapshot, the loaders or Terraform glue"},
}

// testRules bound what a layer's own tests may import: compliance's tests
// judge facts they build, so they need neither a snapshot nor the simulator.
var testRules = []rule{
	{from: compliance, forbidden: []layer{directory, gather, oktasim, provider},
		why: "compliance's tests build Facts by hand; tests that read a snapshot belong with the loaders (internal/gather)"},
}

// pkg is what the check needs of `go list -json`.
type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// graph maps each project package (relative to the module) to the project
// packages it imports.
type graph map[string][]string

func project(paths []string) []string {
	var out []string
	for _, p := range paths {
		if rel, ok := strings.CutPrefix(p, module); ok {
			out = append(out, rel)
		}
	}
	return out
}

// listPackages runs `go list -json` over the module.
func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", module+"...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// violations returns one message per forbidden dependency in g: the package
// that has it, the layer it must not reach, the chain of imports that reaches
// it, and why.
func violations(g graph, rs []rule) []string {
	var out []string
	pkgs := make([]string, 0, len(g))
	for p := range g {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	for _, r := range rs {
		for _, p := range pkgs {
			if !r.from.contains(p) {
				continue
			}
			for _, chain := range reach(g, p) {
				to := chain[len(chain)-1]
				if r.from.contains(to) || !r.forbids(to) {
					continue
				}
				out = append(out, fmt.Sprintf("forbidden edge %s → %s (%s): %s",
					p, to, strings.Join(chain, " → "), r.why))
			}
		}
	}
	return out
}

// testViolations returns one message per forbidden import of a test in g,
// which maps each package to its tests' imports.
func testViolations(g graph, rs []rule) []string {
	var out []string
	pkgs := make([]string, 0, len(g))
	for p := range g {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	for _, r := range rs {
		for _, p := range pkgs {
			if !r.from.contains(p) {
				continue
			}
			for _, imp := range g[p] {
				if !r.from.contains(imp) && r.forbids(imp) {
					out = append(out, fmt.Sprintf("forbidden edge %s's tests → %s: %s", p, imp, r.why))
				}
			}
		}
	}
	return out
}

func (r rule) forbids(to string) bool {
	if r.only != nil {
		return !slices.ContainsFunc(r.only, func(l layer) bool { return l.contains(to) })
	}
	return slices.ContainsFunc(r.forbidden, func(l layer) bool { return l.contains(to) })
}

// reach returns, for every project package p depends on, the shortest chain
// of imports from p to it (p first), in a stable order.
func reach(g graph, p string) [][]string {
	chains := map[string][]string{p: {p}}
	queue := []string{p}
	var out [][]string
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, next := range g[cur] {
			if _, seen := chains[next]; seen {
				continue
			}
			chains[next] = append(slices.Clone(chains[cur]), next)
			out = append(out, chains[next])
			queue = append(queue, next)
		}
	}
	return out
}

// TestLayering: no package under internal/ depends on a layer above it or
// beside it (see rules), and compliance's tests read no snapshot.
func TestLayering(t *testing.T) {
	pkgs := listPackages(t)
	deps, tests := graph{}, graph{}
	for _, p := range pkgs {
		rel, ok := strings.CutPrefix(p.ImportPath, module)
		if !ok {
			continue
		}
		deps[rel] = project(p.Imports)
		tests[rel] = project(append(slices.Clone(p.TestImports), p.XTestImports...))
	}
	// Every layer the rules name exists: a renamed package fails here
	// instead of passing unchecked.
	for _, r := range append(slices.Clone(rules), testRules...) {
		if _, ok := deps[string(r.from)]; !ok {
			t.Errorf("no package %s: update the layering rules in this file and ARCHITECTURE.md", r.from)
		}
	}
	// The flow the rules protect is the one the code has.
	for _, e := range [][2]layer{{provider, gather}, {gather, compliance}, {gather, directory}, {directory, okta}, {okta, ratelimit}} {
		if !slices.Contains(deps[string(e[0])], string(e[1])) {
			t.Errorf("%s no longer imports %s: update the layering rules in this file and ARCHITECTURE.md", e[0], e[1])
		}
	}
	for _, v := range violations(deps, rules) {
		t.Error(v)
	}
	// A test's own imports only: what they import in turn is checked as a
	// package above.
	for _, v := range testViolations(tests, testRules) {
		t.Error(v)
	}
}

// TestLayeringViolations: the check finds a forbidden edge, direct or
// through another package (a sub-package counts as its layer), and names it
// with the chain of imports and the reason.
func TestLayeringViolations(t *testing.T) {
	g := graph{
		"internal/compliance":       {"internal/okta", "internal/compliance/x"},
		"internal/compliance/x":     {"internal/gather"},
		"internal/gather":           {"internal/compliance", "internal/directory"},
		"internal/directory":        {"internal/okta"},
		"internal/okta":             {"internal/ratelimit", "internal/okta/users"},
		"internal/okta/users":       {"internal/ratelimit"},
		"internal/ratelimit":        nil,
		"internal/oktasim":          {"internal/ratelimit", "internal/oktasim/fixtures"},
		"internal/oktasim/fixtures": {"internal/oktasim"},
	}
	edges := func(vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i], _, _ = strings.Cut(v, "): ")
		}
		return out
	}
	v := violations(g, rules)
	want := []string{
		"forbidden edge internal/compliance → internal/gather (internal/compliance → internal/compliance/x → internal/gather",
		"forbidden edge internal/compliance → internal/directory (internal/compliance → internal/compliance/x → internal/gather → internal/directory",
		"forbidden edge internal/compliance/x → internal/gather (internal/compliance/x → internal/gather",
		"forbidden edge internal/compliance/x → internal/directory (internal/compliance/x → internal/gather → internal/directory",
	}
	if !slices.Equal(edges(v), want) || !strings.HasSuffix(v[0], "): "+rules[0].why) {
		t.Errorf("violations:\n%s", strings.Join(v, "\n"))
	}

	// okta may import its own sub-packages and ratelimit, nothing else.
	g["internal/compliance/x"] = nil
	g["internal/okta/users"] = append(g["internal/okta/users"], "internal/directory")
	want = []string{
		"forbidden edge internal/compliance → internal/directory (internal/compliance → internal/okta → internal/okta/users → internal/directory",
		"forbidden edge internal/okta → internal/directory (internal/okta → internal/okta/users → internal/directory",
		"forbidden edge internal/okta/users → internal/directory (internal/okta/users → internal/directory",
	}
	if v := violations(g, rules); !slices.Equal(edges(v), want) {
		t.Errorf("violations:\n%s", strings.Join(v, "\n"))
	}

	// A test of compliance that starts the simulator is named; its
	// imports' own dependencies are not the test's.
	tests := graph{"internal/compliance": {"internal/okta", "internal/oktasim"}, "internal/gather": {"internal/oktasim"}}
	if v := testViolations(tests, testRules); len(v) != 1 ||
		!strings.HasPrefix(v[0], "forbidden edge internal/compliance's tests → internal/oktasim: ") {
		t.Errorf("test violations:\n%s", strings.Join(v, "\n"))
	}
}
