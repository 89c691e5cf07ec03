package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The evidence of the failing and the passing check, and their fingerprints
// (the report holds a fingerprint to the SHA-256 of its evidence).
const (
	evFail = `{"exceptions":{"expired":[{"subject":"old@x.com","expires":"2026-01-01"}]},"inputs":{"min_factors":1}}`
	evPass = `{}`
)

var fpFail, fpPass = sum([]byte(evFail)), sum([]byte(evPass))

// evidenceOf is the evidence whose SHA-256 is fp.
func evidenceOf(fp string) string {
	if fp == fpPass {
		return evPass
	}
	return evFail
}

// record is an evidence record as the provider writes it, with n violations.
func record(t *testing.T, check, status, fp string, n int, edit func(map[string]any)) Input {
	t.Helper()
	vs := make([]map[string]string, n)
	for i := range vs {
		vs[i] = map[string]string{"subject": fmt.Sprintf("u%02d@x.com", i), "subject_id": fmt.Sprintf("00u%02d", i), "reason": "no ACTIVE factor"}
	}
	v := map[string]any{
		"record_format": "oktagate-evidence-record/1", "check": check, "label": check, "scope": "",
		"enforcement": "block", "status": status, "subjects_evaluated": n + 3, "violation_count": n,
		"violations": vs, "controls": []string{"SOC2 CC6.1"},
		"exceptions_applied": []map[string]any{{"subject": "z@x.com", "reason": "TICKET-9", "expires": "2027-01-31",
			"violations": []map[string]string{{"subject": "z@x.com", "subject_id": "00uz", "reason": "no ACTIVE factor"}}}},
		"evidence":    evidenceOf(fp),
		"fingerprint": fp, "judged_at": "2026-12-06T11:30:00Z", "provider_version": "1.4.0", "terraform_version": "1.11.4",
	}
	if edit != nil {
		edit(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Name: "evidence/" + check + "-" + fp + ".json", Data: b, Record: true}
}

// blockedViolations is how many violations the blocked plan's mfa check has:
// more than the 20 its diagnostic lists.
const blockedViolations = 48

// blockedLog is the -json log of a blocked plan: mfa fails with
// blockedViolations violations (the diagnostic lists 20), scope is planned
// and passes.
func blockedLog() Input {
	n := blockedViolations
	var detail strings.Builder
	fmt.Fprintf(&detail, "oktagate_mfa_check: %d violations", n)
	for i := range min(n, 20) {
		fmt.Fprintf(&detail, "\nu%02d@x.com (00u%02d): no ACTIVE factor", i, i)
	}
	if n > 20 {
		fmt.Fprintf(&detail, "\n…and %d more", n-20)
	}
	detail.WriteString("\n\nFix the violations.\n\nComplete evidence: evidence/oktagate_mfa_check-" + fpFail + ".json")
	diag, _ := json.Marshal(map[string]any{"@level": "error", "@message": "Error: Compliance check failed",
		"@timestamp": "2026-12-06T11:30:02Z", "type": "diagnostic", "diagnostic": map[string]string{
			"severity": "error", "address": "oktagate_mfa_check.all_staff", "detail": detail.String(),
			"summary": fmt.Sprintf("Compliance check failed: oktagate_mfa_check (%d violations, evidence %s)", n, fpFail[:12])}})
	return Input{Name: "plan.log.jsonl", Data: []byte(`{"@level":"info","@message":"Terraform 1.11.4","@timestamp":"2026-12-06T11:30:00.5Z","terraform":"1.11.4","type":"version","ui":"1.2"}
{"@level":"info","@message":"p","@timestamp":"2026-12-06T11:30:01Z","change":{"resource":{"addr":"oktagate_scope_check.s","resource_type":"oktagate_scope_check"},"action":"create"},"type":"planned_change"}
` + string(diag) + "\n")}
}

// erroredPlan is `terraform show -json` of the blocked plan's file: only the
// passing check.
func erroredPlan() Input {
	return Input{Name: "plan.json", Data: []byte(`{"format_version":"1.2","terraform_version":"1.11.4","timestamp":"2026-12-06T11:30:03Z","errored":true,
	 "planned_values":{"root_module":{"resources":[{"address":"oktagate_scope_check.s","mode":"managed","type":"oktagate_scope_check","values":
	 {"status":"pass","enforcement":"block","subjects_evaluated":4,"violation_count":0,"violations":[],"exceptions_applied":[],"controls":["SOC2 CC6.2"],
	  "evidence":"{}","fingerprint":"` + fpPass + `"}}]}}}`)}
}

func TestEvidenceRecords(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	type want struct {
		status     string
		violations int // listed
		count      int
		kind       string
	}
	tests := []struct {
		name    string
		inputs  func(t *testing.T) []Input
		want    map[string]want // address -> what the report shows
		wantErr string
	}{
		{
			name: "blocked plan: the record completes the log's failing check, the plan gives the passing one",
			inputs: func(t *testing.T) []Input {
				return []Input{erroredPlan(), blockedLog(), record(t, "oktagate_mfa_check", "fail", fpFail, 48, nil)}
			},
			want: map[string]want{
				"oktagate_mfa_check.all_staff": {StatusFail, 48, 48, KindRecord},
				"oktagate_scope_check.s":       {StatusPass, 0, 0, KindPlan},
			},
		},
		{
			name:   "the log alone lists 20 of 48",
			inputs: func(*testing.T) []Input { return []Input{erroredPlan(), blockedLog()} },
			want: map[string]want{
				"oktagate_mfa_check.all_staff": {StatusFail, 20, 48, KindLog},
				"oktagate_scope_check.s":       {StatusPass, 0, 0, KindPlan},
			},
		},
		{
			name: "a passing check's record joins the plan by its full fingerprint",
			inputs: func(t *testing.T) []Input {
				return []Input{erroredPlan(), record(t, "oktagate_scope_check", "pass", fpPass, 0, nil)}
			},
			want: map[string]want{"oktagate_scope_check.s": {StatusPass, 0, 0, ""}},
		},
		{
			name: "a record no input places is kept under its type and fingerprint",
			inputs: func(t *testing.T) []Input {
				return []Input{record(t, "oktagate_mfa_check", "fail", fpFail, 25, nil)}
			},
			want: map[string]want{"oktagate_mfa_check (" + fpFail[:12] + "…)": {StatusFail, 25, 25, KindRecord}},
		},
		{
			name: "same fingerprint, other check type: not joined",
			inputs: func(t *testing.T) []Input {
				return []Input{blockedLog(), record(t, "oktagate_app_mfa_check", "fail", fpFail, 48, nil)}
			},
			want: map[string]want{
				"oktagate_mfa_check.all_staff":                  {StatusFail, 20, 48, KindLog},
				"oktagate_scope_check.s":                        {StatusPass, 0, 0, KindLog},
				"oktagate_app_mfa_check (" + fpFail[:12] + "…)": {StatusFail, 48, 48, KindRecord},
			},
		},
		{
			name: "a file in an evidence directory that is not a record",
			inputs: func(*testing.T) []Input {
				return []Input{{Name: "evidence/notes.json", Data: []byte(`{"format_version":"1.2"}`), Record: true}}
			},
			wantErr: `evidence/notes.json: not an evidence record (record_format is "")`,
		},
		{
			name: "a record without a fingerprint",
			inputs: func(t *testing.T) []Input {
				return []Input{record(t, "oktagate_mfa_check", "fail", fpFail, 1, func(v map[string]any) { v["fingerprint"] = "abc" })}
			},
			wantErr: `fingerprint "abc"`,
		},
		{
			name: "a record with a bad instant",
			inputs: func(t *testing.T) []Input {
				return []Input{record(t, "oktagate_mfa_check", "fail", fpFail, 1, func(v map[string]any) { v["judged_at"] = "yesterday" })}
			},
			wantErr: `judged_at "yesterday"`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(tc.inputs(t), Options{MaxAge: 6 * time.Hour, Now: now})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]*Check{}
			for _, c := range r.Checks {
				got[c.Address] = c
			}
			if len(got) != len(tc.want) {
				t.Errorf("checks %v, want %d", keys(got), len(tc.want))
			}
			for addr, w := range tc.want {
				c := got[addr]
				if c == nil {
					t.Errorf("%s missing; have %v", addr, keys(got))
					continue
				}
				if c.Status != w.status || len(c.Violations) != w.violations || c.ViolationCount != w.count || (w.kind != "" && c.Kind != w.kind) {
					t.Errorf("%s: %s, %d listed of %d, from the %s; want %s, %d of %d, from the %s",
						addr, c.Status, len(c.Violations), c.ViolationCount, c.Kind, w.status, w.violations, w.count, w.kind)
				}
				if c.Kind == KindRecord {
					if c.Evidence == "" || len(c.Exceptions) != 1 || len(c.Expired) != 1 || len(c.Controls) != 1 ||
						c.SubjectsEvaluated != w.count+3 || !c.JudgedAt.Equal(time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC)) || c.Stale {
						t.Errorf("%s: the record's details were not kept: %+v", addr, c)
					}
				}
			}
			if tc.want["oktagate_mfa_check.all_staff"].kind == KindRecord && r.ProviderVersion != "1.4.0" {
				t.Errorf("provider version %q, want the records' 1.4.0", r.ProviderVersion)
			}
		})
	}
}

func keys(m map[string]*Check) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The JUnit failure of a blocked check lists every violation its record holds.
func TestEvidenceRecordJUnit(t *testing.T) {
	r, err := Build([]Input{erroredPlan(), blockedLog(), record(t, "oktagate_mfa_check", "fail", fpFail, 48, nil)},
		Options{MaxAge: 6 * time.Hour, Now: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteJUnit(&b); err != nil {
		t.Fatal(err)
	}
	for i := range 48 {
		if s := fmt.Sprintf("u%02d@x.com (00u%02d): no ACTIVE factor", i, i); !strings.Contains(b.String(), s) {
			t.Fatalf("junit.xml lacks %q", s)
		}
	}
}

// Two inputs of one name both reach the evidence package, each under its own
// name, and the manifest lists each.
func TestZipKeepsInputsOfOneName(t *testing.T) {
	a, b := erroredPlan(), erroredPlan()
	b.Data = append(append([]byte{}, b.Data...), ' ')
	rec := record(t, "oktagate_mfa_check", "fail", fpFail, 2, nil)
	r, err := Build([]Input{a, b, rec}, Options{MaxAge: 6 * time.Hour, Now: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.Render([]string{FormatZip})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(files[FormatZip]), int64(len(files[FormatZip])))
	if err != nil {
		t.Fatal(err)
	}
	content := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		_ = rc.Close()
		content[f.Name] = string(data)
	}
	wantInputs := map[string][]byte{"inputs/plan.json": a.Data, "inputs/2-plan.json": b.Data,
		"inputs/evidence/oktagate_mfa_check-" + fpFail + ".json": rec.Data}
	rows, err := csv.NewReader(strings.NewReader(content["manifest.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range wantInputs {
		if content[name] != string(data) {
			t.Errorf("%s: %d bytes in the zip, want %d", name, len(content[name]), len(data))
		}
		listed := false
		for _, row := range rows {
			listed = listed || row[5] == name && row[6] == sum(data)
		}
		if !listed {
			t.Errorf("manifest does not list %s with its SHA-256", name)
		}
	}
}

func TestReadInputsDirectory(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "evidence")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o750); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"b.json": "{}", "a.json": "{}", ".a.json.123.tmp": "{", ".hidden.json": "{", "notes.txt": "x", "sub/c.json": "{}",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	plan := filepath.Join(root, "plan.json")
	if err := os.WriteFile(plan, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	ins, err := ReadInputs([]string{plan, dir + string(filepath.Separator)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range ins {
		got = append(got, fmt.Sprintf("%s %v", in.Name, in.Record))
	}
	if want := "plan.json false|evidence/a.json true|evidence/b.json true"; strings.Join(got, "|") != want {
		t.Errorf("inputs %q, want %q", strings.Join(got, "|"), want)
	}
	if _, err := ReadInputs([]string{filepath.Join(root, "missing")}); !os.IsNotExist(err) {
		t.Errorf("a missing input: %v", err)
	}
}
