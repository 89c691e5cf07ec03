package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
)

// A check's evidence record: its complete result, written at plan into the
// provider's evidence_dir. A blocking check with violations fails the plan, and
// Terraform then keeps the check's results nowhere: the errored plan file holds
// only the checks that passed, and the plan's error lists at most 20
// violations. The record is what keeps the rest, from the failing run itself
// (`oktagate report` reads the directory; internal/report joins a record to the
// log's diagnostic by check type and fingerprint).

// evidenceRecordFormat identifies the record's layout; internal/report
// recognizes a record by it.
const evidenceRecordFormat = "oktagate-evidence-record/1"

// evidenceRecord is the file's JSON. Its field names are the check resource's
// attribute names where it has them.
type evidenceRecord struct {
	RecordFormat string `json:"record_format"`
	Check        string `json:"check"`
	// Label names the check as its diagnostics do ("oktagate_app_mfa_check
	// of Salesforce (0oa…)"); Scope is what follows the type ("of
	// Salesforce (0oa…)"), "" when the check has no scope.
	Label             string             `json:"label"`
	Scope             string             `json:"scope"`
	Enforcement       string             `json:"enforcement"`
	Status            string             `json:"status"`
	SubjectsEvaluated int                `json:"subjects_evaluated"`
	ViolationCount    int                `json:"violation_count"`
	Violations        []recordViolation  `json:"violations"`
	ExceptionsApplied []recordAppliedExc `json:"exceptions_applied"`
	Controls          []string           `json:"controls"`
	Evidence          string             `json:"evidence"`
	Fingerprint       string             `json:"fingerprint"`
	// JudgedAt is the instant the check judged the org at: the provider's
	// as_of, or the plan's instant.
	JudgedAt         string `json:"judged_at"`
	ProviderVersion  string `json:"provider_version"`
	TerraformVersion string `json:"terraform_version"`
}

type recordViolation struct {
	Subject   string `json:"subject"`
	SubjectID string `json:"subject_id"`
	Reason    string `json:"reason"`
}

type recordAppliedExc struct {
	Subject    string            `json:"subject"`
	Reason     string            `json:"reason"`
	Expires    string            `json:"expires"`
	Violations []recordViolation `json:"violations"`
}

// evidenceFileName is the record's file name: the check type and the full
// fingerprint, so the same evaluation always lands in the same file.
func evidenceFileName(check, fingerprint string) string {
	return check + "-" + fingerprint + ".json"
}

// newEvidenceRecord builds the record of one evaluation.
func newEvidenceRecord(label, enforcement string, res compliance.Result, judgedAt time.Time, providerVersion, terraformVersion string) evidenceRecord {
	rec := evidenceRecord{
		RecordFormat:      evidenceRecordFormat,
		Check:             res.Check,
		Label:             label,
		Scope:             strings.TrimSpace(strings.TrimPrefix(label, res.Check)),
		Enforcement:       enforcement,
		Status:            res.Status,
		SubjectsEvaluated: res.SubjectsEvaluated,
		ViolationCount:    len(res.Violations),
		Violations:        recordViolations(res.Violations),
		ExceptionsApplied: make([]recordAppliedExc, 0, len(res.ExceptionsApplied)),
		Controls:          append([]string{}, res.Controls...),
		Evidence:          res.Evidence,
		Fingerprint:       res.Fingerprint,
		ProviderVersion:   providerVersion,
		TerraformVersion:  terraformVersion,
	}
	if !judgedAt.IsZero() {
		rec.JudgedAt = judgedAt.UTC().Format(time.RFC3339)
	}
	for _, a := range res.ExceptionsApplied {
		rec.ExceptionsApplied = append(rec.ExceptionsApplied, recordAppliedExc{
			Subject: a.Subject, Reason: a.Reason, Expires: a.Expires, Violations: recordViolations(a.Violations),
		})
	}
	return rec
}

func recordViolations(vs []compliance.Violation) []recordViolation {
	out := make([]recordViolation, 0, len(vs))
	for _, v := range vs {
		out = append(out, recordViolation{Subject: v.Subject, SubjectID: v.SubjectID, Reason: v.Reason})
	}
	return out
}

// writeEvidenceRecord writes rec into dir (created when missing) and returns
// the file's path. The file appears whole or not at all: it is written to a
// temporary file in the same directory, then renamed over the record's name,
// so a reader never sees half a record and rewriting the same fingerprint (the
// apply plans the checks again) replaces it.
func writeEvidenceRecord(dir string, rec evidenceRecord) (string, error) {
	if rec.Check == "" || len(rec.Fingerprint) != 64 || strings.ContainsAny(rec.Check+rec.Fingerprint, `/\`) {
		return "", fmt.Errorf("record without a check type or fingerprint (%q, %q)", rec.Check, rec.Fingerprint)
	}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return "", err
	}
	data = append(data, '\n')
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	name := evidenceFileName(rec.Check, rec.Fingerprint)
	final := filepath.Join(dir, name)
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return "", err
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o640); err != nil {
		return "", err
	}
	if _, err := tmp.Write(data); err != nil {
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return "", err
	}
	done = true
	return final, nil
}
