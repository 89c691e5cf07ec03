package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/report"
)

// TestGate1Summary: with checks failing in warn mode the summary says so
// and never that the gate passes.
func TestGate1Summary(t *testing.T) {
	got := gate1Summary(14, 12)
	for _, want := range []string{"12 of 14 checks fail", "reported as warnings", "the plan succeeds"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary %q does not say %q", got, want)
		}
	}
	if strings.Contains(got, "gate passes") {
		t.Errorf("summary %q says the gate passes above failing checks", got)
	}
	if got := gate1Summary(3, 0); !strings.Contains(got, "all 3 checks pass") {
		t.Errorf("summary with no failure: %q", got)
	}
}

func TestWaivedAndExcluded(t *testing.T) {
	values := map[string]any{
		"exceptions_applied": []any{
			map[string]any{"subject": "erin", "violations": []any{map[string]any{}, map[string]any{}}},
			map[string]any{"subject": "gus", "violations": []any{map[string]any{}}},
		},
		"exclude_logins":    []any{"svc@acme.com"},
		"exclude_group_ids": []any{"00g1", "00g2"},
	}
	if got := waived(values); got != 3 {
		t.Errorf("waived = %d, want 3", got)
	}
	if got := excluded(values); got != "excluded: 1 login, 2 groups" {
		t.Errorf("excluded = %q", got)
	}
	if got := excluded(map[string]any{}); got != "" {
		t.Errorf("excluded with none = %q", got)
	}
}

// TestWriteReport: the demo writes every output of `oktagate report` for its
// warn plan. The inputs are the demo's own warn plan and its -json log, as a
// real run of examples/demo against the demo org left them
// (internal/report/testdata), so the test needs no terraform.
func TestWriteReport(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "internal", "report", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	dir := filepath.Join(t.TempDir(), "oktagate-report")
	paths, err := writeReport(dir, read("demo-warn.plan.json"), read("demo-warn.plan.log.jsonl"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(report.Formats) {
		t.Errorf("wrote %v, want one file per format", paths)
	}
	for _, p := range paths {
		if !filepath.IsAbs(p) || filepath.Dir(p) != dir {
			t.Errorf("printed path %s: want an absolute path in %s", p, dir)
		}
	}
	file := func(format string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, report.FileNames[format]))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	const org = "Acme Corp (acme)"
	if html := string(file(report.FormatHTML)); !strings.Contains(html, org) || !strings.Contains(html, "oktagate_mfa_check.all_staff") {
		t.Errorf("report.html does not name the demo org or its MFA check")
	}
	var junit struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Suites   []struct {
			Name string `xml:"name,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(file(report.FormatJUnit), &junit); err != nil {
		t.Fatalf("junit.xml: %v", err)
	}
	if junit.Tests != 14 || junit.Failures != 12 || len(junit.Suites) != 1 || !strings.Contains(junit.Suites[0].Name, org) {
		t.Errorf("junit.xml: %d tests, %d failures, suites %+v; want 14, 12 and a suite named for %s", junit.Tests, junit.Failures, junit.Suites, org)
	}
	if md := string(file(report.FormatMD)); !strings.Contains(md, org) {
		t.Errorf("summary.md does not name the demo org")
	}
	z := file(report.FormatZip)
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	for _, want := range []string{"manifest.csv", "inputs/plan.json", "inputs/plan-log.json"} {
		if !slices.Contains(names, want) {
			t.Errorf("evidence-package.zip lacks %s: %v", want, names)
		}
	}
}
