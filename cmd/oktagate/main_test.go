package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const testdata = "../../internal/report/testdata"

// demoNow is shortly after the demo plans were judged, so they are fresh.
func demoNow(t *testing.T) func() time.Time {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, "demo-pass.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(`"as_of":{"constant_value":"`))
	if i < 0 {
		t.Fatal("the demo plan has no as_of")
	}
	s := b[i+len(`"as_of":{"constant_value":"`):]
	at, err := time.Parse(time.RFC3339, string(s[:bytes.IndexByte(s, '"')]))
	if err != nil {
		t.Fatal(err)
	}
	return func() time.Time { return at.Add(time.Minute) }
}

// On the demo org, a passing run writes all five outputs.
func TestReportDemoPassingRun(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"report", "--out", out, "--commit", "0123abc",
		filepath.Join(testdata, "demo-pass.plan.json"), filepath.Join(testdata, "demo-pass.plan.log.jsonl")}, &stdout, &stderr, demoNow(t))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{"report.html", "summary.md", "junit.xml", "oscal-assessment-results.json", "evidence-package.zip"} {
		st, err := os.Stat(filepath.Join(out, f))
		if err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if !strings.Contains(stdout.String(), "Acme Corp (acme): 2 checks (2 pass, 0 fail, 0 unknown, 0 stale)") {
		t.Errorf("stdout: %s", stdout.String())
	}
	md, _ := os.ReadFile(filepath.Join(out, "summary.md"))
	if !strings.Contains(string(md), "✅") || !strings.Contains(string(md), "0123abc") {
		t.Errorf("summary.md of a passing run:\n%s", md)
	}
}

func TestReportFormatNarrows(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"report", "--out", out, "--format", "junit", filepath.Join(testdata, "demo-warn.plan.json")}, &stdout, &stderr, demoNow(t)); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != "junit.xml" {
		t.Errorf("wrote %v, want only junit.xml", entries)
	}
}

func TestReportExitStatus(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "plan.txt")
	if err := os.WriteFile(notJSON, []byte("Plan: 1 to add"), 0o600); err != nil {
		t.Fatal(err)
	}
	noChecks := filepath.Join(dir, "empty.json")
	if err := os.WriteFile(noChecks, []byte(`{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing file", []string{"report", filepath.Join(dir, "nope.json")}, 2, "nope.json: cannot read"},
		{"not JSON", []string{"report", notJSON}, 2, "plan.txt: not JSON"},
		{"no checks", []string{"report", noChecks}, 2, "no oktagate check resources"},
		{"no input", []string{"report"}, 2, "no INPUT"},
		{"unknown framework", []string{"report", "--frameworks", "SOC2,FEDRAMP", noChecks}, 2, `unknown framework "FEDRAMP"`},
		{"unknown format", []string{"report", "--format", "pdf", noChecks}, 2, `unknown format "pdf"`},
		{"unknown command", []string{"snapshots"}, 2, `unknown command "snapshots"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(tc.name, " ", "-"))
			var stdout, stderr bytes.Buffer
			args := tc.args
			if args[0] == "report" {
				args = append([]string{"report", "--out", out}, args[1:]...)
			}
			code := run(args, &stdout, &stderr, time.Now)
			if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tc.code, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was created on an error", out)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	var stdout bytes.Buffer
	if code := run([]string{"version"}, &stdout, &stdout, time.Now); code != 0 || stdout.String() != "oktagate "+version+"\n" {
		t.Errorf("exit %d, %q", code, stdout.String())
	}
}

// A directory INPUT is an evidence_dir: each *.json in it is a record, and a
// file there that is not one is an input error naming it.
func TestReportEvidenceDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "evidence")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	fp := "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a" // SHA-256 of the evidence "{}"
	rec := `{"record_format":"oktagate-evidence-record/1","check":"oktagate_mfa_check","enforcement":"block",
	 "status":"fail","subjects_evaluated":30,"violation_count":1,"violations":[{"subject":"a@x.com","subject_id":"00u1","reason":"no ACTIVE factor"}],
	 "exceptions_applied":[],"controls":["SOC2 CC6.1"],"evidence":"{}","fingerprint":"` + fp + `",
	 "judged_at":"2026-12-06T11:30:00Z","provider_version":"1.4.0","terraform_version":"1.11.4"}`
	if err := os.WriteFile(filepath.Join(dir, "oktagate_mfa_check-"+fp+".json"), []byte(rec), 0o600); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC) }
	var stdout, stderr bytes.Buffer
	if code := run([]string{"report", "--out", t.TempDir(), dir}, &stdout, &stderr, now); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "1 checks (0 pass, 1 fail") {
		t.Errorf("stdout: %s", stdout.String())
	}

	if err := os.WriteFile(filepath.Join(dir, "notes.json"), []byte(`{"hello":"world"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"report", "--out", t.TempDir(), dir}, &stdout, &stderr, now); code != 2 ||
		!strings.Contains(stderr.String(), "evidence/notes.json: not an evidence record") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}
