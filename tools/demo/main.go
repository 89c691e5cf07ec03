// Command demo is what `make demo` runs: it builds the provider, starts the Okta
// simulator with the seeded demo org on a free loopback port, points Terraform at
// the local build through dev_overrides in a temporary CLI configuration (nothing
// is written to the user's home), plans examples/demo twice — once with the
// compliance checks warning (the plan succeeds and the failing checks are
// reported as warnings), once with them blocking (the gate fails, listing the
// violations) — prints a short summary, writes the evidence report of the warn
// plan into oktagate-report/ (what `oktagate report` writes in CI) and stops
// the simulator.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/report"
)

// reportDir is where the demo writes the evidence report, relative to the
// directory it runs in (the module root under `make demo`); .gitignore has it.
const reportDir = "oktagate-report"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run() error {
	config := flag.String("config", filepath.Join("examples", "demo"), "the Terraform configuration to plan (a copy of it; e.g. a subset of examples/demo, to count what some checks cost)")
	out := flag.String("report", reportDir, "the folder to write the evidence report of the warn plan into")
	flag.Parse()
	tfBin, err := findTerraform()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "oktagate-demo-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()

	step("Building the provider")
	pluginDir := filepath.Join(work, "plugins")
	if err := command("go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-oktagate"), ".").Run(); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}

	step("Starting oktasim with the demo org")
	now := time.Now().UTC()
	sim, err := oktasim.Start(oktasim.Options{Org: fixtures.DemoOrg(1, now)})
	if err != nil {
		return fmt.Errorf("starting the simulator: %w", err)
	}
	defer sim.Close()
	fmt.Printf("  %s (Workforce rate limits, one minute windows)\n", sim.URL())

	cliConfig := filepath.Join(work, "terraformrc")
	// Both hosts: OpenTofu resolves oktagate/oktagate to registry.opentofu.org
	// (TF_ACC_TERRAFORM_PATH may name a tofu binary).
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/oktagate/oktagate", pluginDir, "registry.opentofu.org/oktagate/oktagate", pluginDir)
	if err := os.WriteFile(cliConfig, []byte(cfg), 0o600); err != nil {
		return err
	}
	configDir := filepath.Join(work, "config")
	if err := copyDir(*config, configDir); err != nil {
		return err
	}

	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_DATA_DIR="+filepath.Join(work, "tfdata"),
		"OKTA_ORG_URL="+sim.URL(),
		"OKTA_API_TOKEN="+sim.AdminToken(),
		// A review 20 days old: recent enough for the access review to judge
		// the assignments only.
		"TF_VAR_salesforce_reviewed_on="+now.AddDate(0, 0, -20).Format(time.DateOnly),
	)

	step(`Gate 1: terraform plan (enforcement = "warn")`)
	start := time.Now()
	diags, planOut, warnLog, planErr := terraformPlan(tfBin, configDir, env, "-out=demo.tfplan")
	wall := time.Since(start)
	if planErr != nil {
		fmt.Println(indent(planOut))
		return fmt.Errorf("terraform plan failed: %w", planErr)
	}
	requests := sim.Requests()

	show := exec.Command(tfBin, "show", "-json", "demo.tfplan")
	show.Dir, show.Env = configDir, env
	show.Stderr = os.Stderr
	raw, err := show.Output()
	if err != nil {
		return fmt.Errorf("terraform show -json: %w", err)
	}
	var doc struct {
		PlannedValues struct {
			Outputs map[string]struct {
				Value any `json:"value"`
			} `json:"outputs"`
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Mode    string         `json:"mode"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"planned_values"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("reading the plan JSON: %w", err)
	}
	var checks, failing int
	for _, r := range doc.PlannedValues.RootModule.Resources {
		if r.Mode == "managed" && r.Values["status"] != nil {
			checks++
			if r.Values["status"] == "fail" {
				failing++
			}
		}
	}
	fmt.Print(gate1Summary(checks, failing))
	for _, r := range doc.PlannedValues.RootModule.Resources {
		if r.Mode != "managed" {
			continue
		}
		n, _ := r.Values["violation_count"].(float64)
		fmt.Printf("  %-48s %-4v %-14s %-9s (%v) %s\n", r.Address, r.Values["status"], plural(int(n), "violation"),
			fmt.Sprintf("%d waived", waived(r.Values)), r.Values["enforcement"], excluded(r.Values))
	}
	fmt.Println(`
  "waived": violations an exception block waives for its subject until its
  expires date; they are listed under exceptions_applied and count again once
  the exception expires. "excluded": users left out of a check altogether by
  exclude_logins or exclude_group_ids (here the Service Accounts group); they
  are never evaluated, never expire, and are recorded in the check's evidence.`)
	fmt.Println("  and the plan's warnings:")
	for _, d := range diags {
		// Terraform's own warning about the local build is not the gate's.
		if d.Severity == "warning" && d.Address != "" {
			fmt.Printf("  ! %s: %s\n", d.Address, d.Summary)
		}
	}

	step("What the data sources read from the demo org")
	names := make([]string, 0, len(doc.PlannedValues.Outputs))
	for name := range doc.PlannedValues.Outputs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Printf("  %-26s %s\n", name, render(doc.PlannedValues.Outputs[name].Value))
	}

	step("Okta API requests made by the plan (data sources and checks share one snapshot)")
	perBucket := map[string]int{}
	writes := 0
	for _, r := range requests {
		perBucket[r.Bucket]++
		if r.Method != http.MethodGet {
			writes++
		}
	}
	total := 0
	buckets := make([]string, 0, len(perBucket))
	for b, n := range perBucket {
		buckets = append(buckets, b)
		total += n
	}
	sort.Strings(buckets)
	for _, b := range buckets {
		fmt.Printf("  %-12s %d\n", b, perBucket[b])
	}
	fmt.Printf("  total %d requests (%d writes), terraform plan took %s\n", total, writes, wall.Round(10*time.Millisecond))

	step("Gate 2: terraform plan -var enforcement=block")
	diags, planOut, _, planErr = terraformPlan(tfBin, configDir, env, "-var=enforcement=block")
	if planErr == nil {
		return errors.New("the blocking plan succeeded; the demo org should fail it")
	}
	var failed int
	for _, d := range diags {
		if d.Severity != "error" {
			continue
		}
		failed++
		fmt.Printf("\n  ✗ %s\n    %s\n", d.Address, d.Summary)
		// The detail repeats the count, lists the violations, then gives advice
		// after a blank line.
		detail, _, _ := strings.Cut(d.Detail, "\n\n")
		if _, list, ok := strings.Cut(detail, "\n"); ok {
			fmt.Println(indent("  " + strings.ReplaceAll(list, "\n", "\n  ")))
		}
	}
	if failed == 0 {
		fmt.Println(indent(planOut))
		return fmt.Errorf("terraform plan failed without a compliance error: %w", planErr)
	}
	fmt.Printf("\n  The plan fails (%v) with %d compliance errors: the gate blocks the change.\n", planErr, failed)

	step("Evidence report of Gate 1 (what `oktagate report` writes in CI)")
	paths, err := writeReport(*out, raw, warnLog, time.Now())
	if err != nil {
		return fmt.Errorf("writing the evidence report: %w", err)
	}
	for _, p := range paths {
		fmt.Println("  " + p)
	}
	fmt.Printf("  Open %s in a browser; docs/guides/evidence-for-auditors.md says what each file is for.\n",
		filepath.Join(*out, report.FileNames[report.FormatHTML]))
	return nil
}

// writeReport writes every output of `oktagate report` for the warn plan into
// dir: its `terraform show -json` and its `terraform plan -json` log, named as
// the CI guide's workflow names them, are the inputs (and go into the evidence
// package). It returns the paths written, as absolute paths so that they can
// be opened from anywhere.
func writeReport(dir string, planJSON, planLog []byte, now time.Time) ([]string, error) {
	r, err := report.Build([]report.Input{
		{Name: "plan.json", Data: planJSON},
		{Name: "plan-log.json", Data: planLog},
	}, report.Options{MaxAge: 6 * time.Hour, Now: now})
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return r.WriteDir(abs, report.Formats)
}

// gate1Summary heads the warn-mode results: the plan succeeds whatever the
// checks find, so it must not read as a pass when some of them fail.
func gate1Summary(checks, failing int) string {
	if failing == 0 {
		return fmt.Sprintf("  The plan succeeds and all %d checks pass. Each check's result, known at plan time:\n", checks)
	}
	return fmt.Sprintf("  Warn mode: %d of %d checks fail, reported as warnings; the plan succeeds, so a gate in\n"+
		"  this mode would not stop the change (Gate 2 blocks). Each check's result, known at plan time:\n", failing, checks)
}

// waived counts the violations the check's exceptions waive.
func waived(values map[string]any) int {
	n := 0
	applied, _ := values["exceptions_applied"].([]any)
	for _, a := range applied {
		m, _ := a.(map[string]any)
		v, _ := m["violations"].([]any)
		n += len(v)
	}
	return n
}

// excluded says what the check leaves out: logins and groups.
func excluded(values map[string]any) string {
	logins, _ := values["exclude_logins"].([]any)
	groups, _ := values["exclude_group_ids"].([]any)
	if len(logins)+len(groups) == 0 {
		return ""
	}
	var parts []string
	if len(logins) > 0 {
		parts = append(parts, plural(len(logins), "login"))
	}
	if len(groups) > 0 {
		parts = append(parts, plural(len(groups), "group"))
	}
	return "excluded: " + strings.Join(parts, ", ")
}

// diagnostic is one diagnostic of `terraform plan -json`.
type diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
}

// terraformPlan runs `terraform plan -json` and returns its diagnostics, its
// raw output with stderr (for when something unexpected happened), its -json
// log alone (stdout: what CI keeps as plan-log.json) and its error.
func terraformPlan(tfBin, dir string, env []string, args ...string) ([]diagnostic, string, []byte, error) {
	plan := exec.Command(tfBin, append([]string{"plan", "-input=false", "-json"}, args...)...)
	plan.Dir, plan.Env = dir, env
	var log, stderr bytes.Buffer
	plan.Stdout, plan.Stderr = &log, &stderr
	err := plan.Run()
	out := log.String() + stderr.String()
	var diags []diagnostic
	for _, line := range strings.Split(log.String(), "\n") {
		var msg struct {
			Type       string     `json:"type"`
			Diagnostic diagnostic `json:"diagnostic"`
		}
		if json.Unmarshal([]byte(line), &msg) == nil && msg.Type == "diagnostic" {
			diags = append(diags, msg.Diagnostic)
		}
	}
	// Checks are planned concurrently; sort for a stable summary.
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Address < diags[j].Address })
	return diags, out, log.Bytes(), err
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func findTerraform() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("terraform is not on PATH: run `make demo` (it installs one) or install Terraform >= 1.5")
	}
	return p, nil
}

func command(name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Stdout, c.Stderr = os.Stdout, os.Stderr
	return c
}

func step(s string) { fmt.Printf("\n==> %s\n", s) }

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}

// render prints an output value on one line, compactly.
func render(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		if len(t) == 0 {
			return "(none)"
		}
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = render(e)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + render(t[k])
		}
		return strings.Join(parts, "; ")
	case nil:
		return "(unknown)"
	default:
		b, _ := json.Marshal(t)
		return string(b)
	}
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		if !strings.HasSuffix(path, ".tf") {
			return nil
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer func() { _ = in.Close() }()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			_ = out.Close()
			return err
		}
		return out.Close()
	})
}
