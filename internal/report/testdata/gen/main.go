// Command gen regenerates the demo inputs in internal/report/testdata from a
// real Terraform run: it builds the provider, starts oktasim with the demo org,
// and plans examples/demo (see ../README.md). Run it from the module root:
//
//	go run ./internal/report/testdata/gen
//
// It lives under testdata so that `go build ./...` and `go vet ./...` leave it
// out: it is a tool for refreshing fixtures, not part of the product.
package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// now is the instant the demo org is built around and the plan's as_of: the
// minute the generator runs, so the plan and its log are one evaluation.
var now = time.Now().UTC().Truncate(time.Minute)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	out := filepath.Join("internal", "report", "testdata")
	tfBin, err := exec.LookPath("terraform")
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "oktagate-report-gen-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()
	pluginDir := filepath.Join(work, "plugins")
	if err := runCmd("", nil, nil, "go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-oktagate"), "."); err != nil {
		return err
	}
	sim, err := oktasim.Start(oktasim.Options{Org: fixtures.DemoOrg(1, now)})
	if err != nil {
		return err
	}
	defer sim.Close()
	cliConfig := filepath.Join(work, "terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/oktagate/oktagate", pluginDir)
	if err := os.WriteFile(cliConfig, []byte(cfg), 0o600); err != nil {
		return err
	}
	dir := filepath.Join(work, "config")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("examples", "demo"))); err != nil {
		return err
	}
	// The plan is judged at a fixed instant: the provider's as_of.
	main := filepath.Join(dir, "main.tf")
	b, err := os.ReadFile(main)
	if err != nil {
		return err
	}
	b = bytes.Replace(b, []byte(`provider "oktagate" {}`),
		[]byte(`provider "oktagate" {
  as_of = "`+now.Format(time.RFC3339)+`"
}`), 1)
	if err := os.WriteFile(main, b, 0o600); err != nil {
		return err
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_DATA_DIR="+filepath.Join(work, "tfdata"),
		"OKTA_ORG_URL="+sim.URL(),
		"OKTA_API_TOKEN="+sim.AdminToken(),
		"TF_VAR_salesforce_reviewed_on="+now.AddDate(0, 0, -20).Format(time.DateOnly),
	)
	save := func(name string, args ...string) error {
		var buf bytes.Buffer
		err := runCmd(dir, env, &buf, tfBin, args...)
		// A plan log is kept whatever the plan's outcome.
		if werr := os.WriteFile(filepath.Join(out, name), scrub(buf.Bytes(), sim.URL(), work), 0o644); werr != nil {
			return werr
		}
		return err
	}
	// 1. warn mode: the plan succeeds, 12 of 14 checks fail as warnings.
	if err := save("demo-warn.plan.log.jsonl", "plan", "-input=false", "-json", "-out=warn.tfplan"); err != nil {
		return err
	}
	if err := save("demo-warn.plan.json", "show", "-json", "warn.tfplan"); err != nil {
		return err
	}
	// 1b. block mode: the plan fails; its log is all CI keeps of it.
	if err := save("demo-block.plan.log.jsonl", "plan", "-input=false", "-json", "-var=enforcement=block"); err == nil {
		return fmt.Errorf("the blocking plan of the demo org succeeded; it should fail")
	}
	// 2. passing: a plan of the checks the demo org passes.
	if err := save("demo-pass.plan.log.jsonl", "plan", "-input=false", "-json", "-out=pass.tfplan",
		"-target=data.oktagate_org.this", "-target=oktagate_log_stream_check.siem", "-target=oktagate_scope_check.compliance_scanner"); err != nil {
		return err
	}
	if err := save("demo-pass.plan.json", "show", "-json", "pass.tfplan"); err != nil {
		return err
	}
	// 3. the state after applying the warn plan (checks write nothing to Okta).
	if err := runCmd(dir, env, nil, tfBin, "apply", "-input=false", "warn.tfplan"); err != nil {
		return err
	}
	if err := save("demo-warn.state.json", "show", "-json"); err != nil {
		return err
	}
	return filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error { return err })
}

// scrub replaces the simulator's random loopback URL and the temporary
// directory so that regenerated files differ only where the results do, and
// name no path of the machine that made them.
func scrub(b []byte, url, work string) []byte {
	s := strings.ReplaceAll(string(b), url, "https://acme.okta.com")
	return []byte(strings.ReplaceAll(s, work, "/home/ci/oktagate-demo"))
}

func runCmd(dir string, env []string, stdout *bytes.Buffer, name string, args ...string) error {
	c := exec.Command(name, args...)
	c.Dir, c.Env = dir, env
	c.Stderr = os.Stderr
	if stdout != nil {
		c.Stdout = stdout
	} else {
		c.Stdout = os.Stderr
	}
	if err := c.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}
