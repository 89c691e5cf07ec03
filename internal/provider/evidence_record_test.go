package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// mfaResult judges n users without a factor, user03 waived by an exception.
func mfaResult(t *testing.T, n int) compliance.Result {
	t.Helper()
	f := &compliance.Facts{Now: time.Now(), Factors: map[string][]okta.Factor{}}
	for i := range n {
		u := okta.User{ID: fmt.Sprintf("00u%04d", i), Status: "ACTIVE",
			Profile: map[string]string{"login": fmt.Sprintf("user%02d@acme.com", i), "email": fmt.Sprintf("user%02d@acme.com", i)}}
		f.Users = append(f.Users, u)
		f.Factors[u.ID] = nil
	}
	res, err := compliance.MFA(f, compliance.MFAInput{Exceptions: []compliance.Exception{
		{Subject: "user03@acme.com", Reason: "TICKET-1", Expires: farFuture},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestWriteEvidenceRecord(t *testing.T) {
	t.Parallel()
	res := mfaResult(t, 25)
	judged := time.Date(2026, 12, 6, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	rec := newEvidenceRecord("oktagate_mfa_check", enforcementBlock, res, judged, "1.2.3", "1.11.4")
	dir := filepath.Join(t.TempDir(), "a", "evidence") // missing: created

	p, err := writeEvidenceRecord(dir, rec)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "oktagate_mfa_check-"+res.Fingerprint+".json"); p != want {
		t.Errorf("path = %s, want %s", p, want)
	}
	first, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(first, &got); err != nil {
		t.Fatalf("record is not JSON: %v\n%s", err, first)
	}
	for k, want := range map[string]any{
		"record_format": evidenceRecordFormat, "check": "oktagate_mfa_check", "scope": "",
		"enforcement": "block", "status": "fail", "subjects_evaluated": float64(25), "violation_count": float64(24),
		"evidence": res.Evidence, "fingerprint": res.Fingerprint, "judged_at": "2026-12-06T08:00:00Z",
		"provider_version": "1.2.3", "terraform_version": "1.11.4",
	} {
		if got[k] != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
	// Every violation, not the diagnostic's 20.
	if vs, _ := got["violations"].([]any); len(vs) != 24 {
		t.Errorf("%d violations, want 24", len(vs))
	} else if v := as[map[string]any](t, vs[23]); v["subject"] != "user24@acme.com" || v["subject_id"] != "00u0024" {
		t.Errorf("last violation = %v", v)
	}
	if applied, _ := got["exceptions_applied"].([]any); len(applied) != 1 ||
		as[map[string]any](t, applied[0])["reason"] != "TICKET-1" || len(as[[]any](t, as[map[string]any](t, applied[0])["violations"])) != 1 {
		t.Errorf("exceptions_applied = %v", got["exceptions_applied"])
	}
	if cs, _ := got["controls"].([]any); len(cs) != len(res.Controls) || len(cs) == 0 {
		t.Errorf("controls = %v, want %v", cs, res.Controls)
	}
	if runtime.GOOS != "windows" {
		for path, want := range map[string]os.FileMode{dir: 0o750, p: 0o640} {
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm()&^want != 0 {
				t.Errorf("%s: mode %v (%v), want at most %v", path, fi.Mode().Perm(), err, want)
			}
		}
	}

	// The apply plans the check again: the same file, whole, and no
	// temporary file left behind.
	if p2, err := writeEvidenceRecord(dir, rec); err != nil || p2 != p {
		t.Fatalf("rewrite: %s, %v", p2, err)
	}
	again, _ := os.ReadFile(p)
	if string(again) != string(first) {
		t.Errorf("rewriting the same record changed the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("dir holds %d entries, want the record alone: %v", len(entries), entries)
	}
}

func TestNewEvidenceRecordScope(t *testing.T) {
	t.Parallel()
	res := compliance.Result{Check: "oktagate_app_mfa_check", Status: compliance.StatusPass}
	rec := newEvidenceRecord("oktagate_app_mfa_check of Salesforce (0oa1)", enforcementWarn, res, time.Time{}, "dev", "")
	if rec.Scope != "of Salesforce (0oa1)" || rec.JudgedAt != "" || rec.Violations == nil || rec.ExceptionsApplied == nil {
		t.Errorf("record = %+v", rec)
	}
	// A record without a fingerprint names no file.
	if _, err := writeEvidenceRecord(t.TempDir(), rec); err == nil {
		t.Error("a record without a fingerprint was written")
	}
}

func TestKeepEvidenceUnwritable(t *testing.T) {
	t.Parallel()
	// A regular file where the directory should be: no OS lets a directory
	// be made there, whoever runs the test (root included).
	blocker := filepath.Join(t.TempDir(), "evidence")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(blocker, "sub")
	r := &checkResource[struct{}]{def: checkDef[struct{}]{check: compliance.CheckMFA},
		data: &ProviderData{EvidenceDir: dir, Snapshot: directory.New(nil, directory.Options{})}}
	var diags diag.Diagnostics
	if p := r.keepEvidence("oktagate_mfa_check", enforcementWarn, mfaResult(t, 2), &diags); p != "" {
		t.Errorf("keepEvidence returned %q for a record it could not write", p)
	}
	// Fail closed, in warn mode too: an error naming the directory and the
	// OS's reason.
	if diags.ErrorsCount() != 1 {
		t.Fatalf("diagnostics = %v, want one error", diags)
	}
	e := diags.Errors()[0]
	if e.Summary() != "Cannot keep the evidence of oktagate_mfa_check" ||
		!strings.Contains(e.Detail(), fmt.Sprintf("evidence_dir %q", dir)) ||
		!strings.Contains(e.Detail(), "not a directory") {
		t.Errorf("error = %q\n%s", e.Summary(), e.Detail())
	}

	// Unset: nothing written, nothing reported.
	r.data.EvidenceDir = ""
	var none diag.Diagnostics
	if p := r.keepEvidence("oktagate_mfa_check", enforcementBlock, mfaResult(t, 2), &none); p != "" || len(none) != 0 {
		t.Errorf("unset evidence_dir: %q, %v", p, none)
	}
}

func TestReportResultNamesEvidence(t *testing.T) {
	t.Parallel()
	res := mfaResult(t, 25)
	for _, tc := range []struct {
		name, enforcement, path string
		wantLast                string
	}{
		{"block with record", enforcementBlock, "evidence/x.json", "Complete evidence: evidence/x.json"},
		{"warn with record", enforcementWarn, "evidence/x.json", "Complete evidence: evidence/x.json"},
		{"block cut short", enforcementBlock, "", "Set evidence_dir (or OKTAGATE_EVIDENCE_DIR) to keep every violation of a blocked plan."},
		{"warn cut short", enforcementWarn, "", "…and 4 more"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			reportResult(&diags, "oktagate_mfa_check", tc.enforcement, res, tc.path)
			var detail string
			for _, d := range diags {
				if strings.HasPrefix(d.Summary(), "Compliance check") {
					detail = d.Detail()
				}
			}
			lines := strings.Split(detail, "\n")
			if last := lines[len(lines)-1]; last != tc.wantLast {
				t.Errorf("last line = %q, want %q\n%s", last, tc.wantLast, detail)
			}
			// The list still ends at the first blank line.
			if list, _, _ := strings.Cut(detail, "\n\n"); strings.Contains(list, "evidence") {
				t.Errorf("the list runs into the evidence line:\n%s", detail)
			}
		})
	}
	// 20 violations or fewer in block mode: the error lists them all; no hint.
	var diags diag.Diagnostics
	reportResult(&diags, "oktagate_mfa_check", enforcementBlock, mfaResult(t, 5), "")
	if d := diags.Errors()[0].Detail(); strings.Contains(d, "evidence_dir") {
		t.Errorf("a complete list hints at evidence_dir:\n%s", d)
	}
}

func TestResolveEvidenceDir(t *testing.T) {
	t.Parallel()
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == envEvidenceDir {
				return v
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name    string
		arg     types.String
		env     string
		want    string
		wantErr bool
	}{
		{"unset", types.StringNull(), "", "", false},
		{"environment", types.StringNull(), " ci/evidence ", "ci/evidence", false},
		{"argument wins", types.StringValue("mine"), "ci/evidence", "mine", false},
		{"unknown", types.StringUnknown(), "ci/evidence", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := resolveEvidenceDir(tc.arg, env(tc.env))
			if got != tc.want || diags.HasError() != tc.wantErr {
				t.Errorf("= %q, %v; want %q, error %v", got, diags, tc.want, tc.wantErr)
			}
		})
	}
}
