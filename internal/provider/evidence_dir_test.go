package provider

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/report"
)

// terraformRaw runs the terraform binary directly in the run's directory,
// attached to the in-process provider, for output tfexec does not return
// as is (`show -json` of an errored plan, the `plan -json` log). It returns
// stdout and the command's error (stderr in it).
func (r *tfRun) terraformRaw(args ...string) ([]byte, error) {
	r.t.Helper()
	bin := r.bin
	reattach, err := json.Marshal(r.info)
	if err != nil {
		r.t.Fatal(err)
	}
	cmd := exec.CommandContext(context.Background(), bin, args...)
	cmd.Dir = r.dir
	cmd.Env = []string{"HOME=" + r.dir, "PATH=" + os.Getenv("PATH"), "TF_REATTACH_PROVIDERS=" + string(reattach)}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("terraform %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// addUnenrolled adds n ACTIVE users without a factor to org and returns their
// logins.
func addUnenrolled(org *oktasim.Org, n int) []string {
	var logins []string
	at := ts(1, 8)
	for i := range n {
		login := fmt.Sprintf("temp%02d@initech.example", i)
		org.Users = append(org.Users, &oktasim.User{
			ID: fmt.Sprintf("00u00000000000t%04d", i), Status: "ACTIVE", Created: at, Activated: &at,
			StatusChanged: &at, LastUpdated: at, TypeID: "oty00000000000000001",
			Profile: map[string]any{"login": login, "email": login, "firstName": "Temp", "lastName": fmt.Sprint(i)},
		})
		logins = append(logins, login)
	}
	return logins
}

// TestAccBlockedPlanKeepsItsEvidence runs the CI guide's blocked gate: a
// blocking check with 27 violations beside a passing one, evidence_dir set.
// The plan fails; its errored plan file holds the passing check only, its
// -json log the failing check's address and 20 of its violations. With the
// evidence directory as a third input, the report shows both checks at their
// addresses, the failing one with every violation, and its JUnit failure
// lists them all.
func TestAccBlockedPlanKeepsItsEvidence(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	temps := addUnenrolled(org, 25)
	_, provider := startCheckSim(t, org)
	evidenceDir := filepath.Join(t.TempDir(), "evidence")
	provider = strings.Replace(provider, "}\n", fmt.Sprintf("  evidence_dir = %q\n}\n", evidenceDir), 1)
	// The passing check leaves out everyone without a factor.
	excluded, _ := json.Marshal(append(temps, "erin@initech.example", "frank@initech.example"))
	run := newTFRun(t, provider+`
resource "oktagate_mfa_check" "all_staff" {}

resource "oktagate_mfa_check" "enrolled" {
  exclude_logins = `+string(excluded)+`
}
`)

	logData, err := run.terraformRaw("plan", "-out=plan.tfplan", "-json", "-input=false")
	if err == nil {
		t.Fatal("the blocked plan succeeded")
	}
	planData, err := run.terraformRaw("show", "-json", "plan.tfplan")
	if err != nil {
		t.Fatalf("show of the errored plan: %v", err)
	}
	// Terraform 1.5 writes the errored plan file but not the "errored" field
	// of its JSON (the report needs neither: the failing check is in the log).
	var plan struct {
		Errored *bool `json:"errored"`
	}
	switch err := json.Unmarshal(planData, &plan); {
	case err != nil:
		t.Errorf("plan file: %v", err)
	case plan.Errored == nil:
		t.Logf("this Terraform's plan JSON has no \"errored\" field (Terraform 1.5 writes none)")
	case !*plan.Errored:
		t.Errorf("plan file: errored false, want an errored plan")
	}

	// The error names the record's file, which holds the check's evidence.
	var named string
	sc := bufio.NewScanner(bytes.NewReader(logData))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var l struct {
			Diagnostic struct{ Severity, Summary, Detail, Address string } `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &l) == nil && strings.HasPrefix(l.Diagnostic.Summary, "Compliance check failed: oktagate_mfa_check (27 violations") {
			if l.Diagnostic.Address != "oktagate_mfa_check.all_staff" {
				t.Errorf("diagnostic address %q", l.Diagnostic.Address)
			}
			lines := strings.Split(l.Diagnostic.Detail, "\n")
			named, _ = strings.CutPrefix(lines[len(lines)-1], "Complete evidence: ")
		}
	}
	if !regexp.MustCompile(`^` + regexp.QuoteMeta(evidenceDir) + `/oktagate_mfa_check-[0-9a-f]{64}\.json$`).MatchString(named) {
		t.Fatalf("the error's last line names %q, want a record in %s", named, evidenceDir)
	}
	if _, err := os.Stat(named); err != nil {
		t.Fatalf("the named record: %v", err)
	}
	entries, err := os.ReadDir(evidenceDir)
	if err != nil || len(entries) != 2 {
		t.Fatalf("evidence_dir holds %v (%v), want a record per check", entries, err)
	}

	// The report from the failing run's three outputs.
	ins, err := report.ReadInputs([]string{evidenceDir})
	if err != nil {
		t.Fatal(err)
	}
	ins = append([]report.Input{{Name: "plan.json", Data: planData}, {Name: "plan-log.json", Data: logData}}, ins...)
	r, err := report.Build(ins, report.Options{MaxAge: time.Hour, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*report.Check{}
	for _, c := range r.Checks {
		got[c.Address] = c
	}
	fail, pass := got["oktagate_mfa_check.all_staff"], got["oktagate_mfa_check.enrolled"]
	if len(r.Checks) != 2 || fail == nil || pass == nil {
		t.Fatalf("report checks %v, want all_staff and enrolled", got)
	}
	if fail.Status != report.StatusFail || fail.ViolationCount != 27 || len(fail.Violations) != fail.ViolationCount ||
		fail.Evidence == "" || fail.SubjectsEvaluated != 29 || fail.Enforcement != "block" {
		t.Errorf("all_staff: %s, %d of %d violations, %d evaluated, enforcement %q, evidence %d bytes; want fail, 27 of 27, 29, block",
			fail.Status, len(fail.Violations), fail.ViolationCount, fail.SubjectsEvaluated, fail.Enforcement, len(fail.Evidence))
	}
	if pass.Status != report.StatusPass || pass.ViolationCount != 0 || pass.Evidence == "" {
		t.Errorf("enrolled: %s with %d violations", pass.Status, pass.ViolationCount)
	}
	if r.ProviderVersion != "test" || r.TerraformVersion == "unknown" {
		t.Errorf("header: provider %q, terraform %q", r.ProviderVersion, r.TerraformVersion)
	}
	var junit bytes.Buffer
	if err := r.WriteJUnit(&junit); err != nil {
		t.Fatal(err)
	}
	for _, login := range append(temps, "erin@initech.example", "frank@initech.example") {
		if !strings.Contains(junit.String(), login) {
			t.Errorf("junit.xml does not list %s", login)
		}
	}
}

// TestAccEvidenceDirUnwritable: evidence asked for and not kept fails the
// plan, in warn mode too, naming the directory and the OS's reason.
func TestAccEvidenceDirUnwritable(t *testing.T) {
	t.Parallel()
	_, provider := startCheckSim(t, newTestOrg())
	blocker := filepath.Join(t.TempDir(), "evidence")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(map[string]string{envEvidenceDir: blocker}),
		Steps: []resource.TestStep{{
			Config: provider + `resource "oktagate_mfa_check" "staff" {
  enforcement = "warn"
}
`,
			// The summary, then (after Terraform's location lines) the detail.
			ExpectError: regexp.MustCompile(`Error: Cannot keep the evidence of oktagate_mfa_check[\s\S]*` + phrase(
				`Writing its evidence record into evidence_dir "`+blocker+`" failed: mkdir `+filepath.Base(blocker)+
					`: not a directory`).String()),
		}},
	})
}

// TestAccEvidenceDirFromEnvironment: OKTAGATE_EVIDENCE_DIR sets the directory
// when the block does not; evidence_dir in the block wins over it.
func TestAccEvidenceDirFromEnvironment(t *testing.T) {
	t.Parallel()
	_, provider := startCheckSim(t, newTestOrg())
	fromEnv, fromArg := filepath.Join(t.TempDir(), "env"), filepath.Join(t.TempDir(), "arg")
	check := `resource "oktagate_mfa_check" "staff" {
  enforcement = "warn"
}
`
	records := func(dir string) int {
		es, _ := os.ReadDir(dir)
		return len(es)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(map[string]string{envEvidenceDir: fromEnv}),
		Steps: []resource.TestStep{
			{
				Config:             provider + check,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					if n := records(fromEnv); n != 1 {
						t.Errorf("%s from the environment holds %d records, want 1", envEvidenceDir, n)
					}
					if err := os.RemoveAll(fromEnv); err != nil {
						t.Fatal(err)
					}
				},
				Config:   strings.Replace(provider, "}\n", fmt.Sprintf("  evidence_dir = %q\n}\n", fromArg), 1) + check,
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
		},
	})
	if n := records(fromArg); n != 1 {
		t.Errorf("evidence_dir holds %d records, want 1", n)
	}
	if _, err := os.Stat(fromEnv); !os.IsNotExist(err) {
		t.Errorf("with evidence_dir set, %s was written too (%v)", envEvidenceDir, err)
	}
}
