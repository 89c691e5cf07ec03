// Command demo is what `make demo` runs: it builds the provider, starts the Okta
// simulator with the seeded demo org on a free loopback port, points Terraform at
// the local build through dev_overrides in a temporary CLI configuration (nothing
// is written to the user's home), plans examples/demo, prints a short summary and
// stops the simulator.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
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
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run() error {
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
	sim, err := oktasim.Start(oktasim.Options{Org: oktasim.DemoOrg(1, now)})
	if err != nil {
		return fmt.Errorf("starting the simulator: %w", err)
	}
	defer sim.Close()
	fmt.Printf("  %s (Workforce rate limits, one minute windows)\n", sim.URL())

	cliConfig := filepath.Join(work, "terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/oktagate/oktagate", pluginDir)
	if err := os.WriteFile(cliConfig, []byte(cfg), 0o600); err != nil {
		return err
	}
	configDir := filepath.Join(work, "config")
	if err := copyDir(filepath.Join("examples", "demo"), configDir); err != nil {
		return err
	}

	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_DATA_DIR="+filepath.Join(work, "tfdata"),
		"OKTA_ORG_URL="+sim.URL(),
		"OKTA_API_TOKEN="+sim.AdminToken(),
	)

	step("terraform plan examples/demo")
	start := time.Now()
	plan := exec.Command(tfBin, "plan", "-input=false", "-no-color", "-out=demo.tfplan")
	plan.Dir, plan.Env = configDir, env
	var planOut bytes.Buffer
	plan.Stdout, plan.Stderr = &planOut, &planOut
	planErr := plan.Run()
	wall := time.Since(start)
	if planErr != nil {
		fmt.Println(indent(planOut.String()))
		return fmt.Errorf("terraform plan failed: %w", planErr)
	}

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
		} `json:"planned_values"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("reading the plan JSON: %w", err)
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

	step("Okta API requests made by the plan")
	perBucket := map[string]int{}
	writes := 0
	for _, r := range sim.Requests() {
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
	return nil
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
