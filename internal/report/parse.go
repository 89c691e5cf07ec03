package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
)

// InputError is an input the command cannot read: exit status 2.
type InputError struct {
	File    string
	Problem string
}

func (e *InputError) Error() string { return e.File + ": " + e.Problem }

// UsageError is a flag the command cannot use: exit status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// IsCheckType reports whether a resource type is one of oktagate's checks.
func IsCheckType(t string) bool {
	return t == "oktagate_access_review" || strings.HasPrefix(t, "oktagate_") && strings.HasSuffix(t, "_check")
}

// showJSON is the part of `terraform show -json` the report reads.
type showJSON struct {
	FormatVersion    string     `json:"format_version"`
	TerraformVersion string     `json:"terraform_version"`
	Timestamp        string     `json:"timestamp"`
	PlannedValues    *valuesDoc `json:"planned_values"`
	PriorState       *struct {
		Values *valuesDoc `json:"values"`
	} `json:"prior_state"`
	Values        *valuesDoc `json:"values"`
	Configuration struct {
		ProviderConfig map[string]struct {
			Name        string `json:"name"`
			Expressions map[string]struct {
				ConstantValue any `json:"constant_value"`
			} `json:"expressions"`
		} `json:"provider_config"`
	} `json:"configuration"`
	ResourceChanges []struct {
		Address string `json:"address"`
		Type    string `json:"type"`
		Mode    string `json:"mode"`
		Change  struct {
			Actions      []string       `json:"actions"`
			AfterUnknown map[string]any `json:"after_unknown"`
		} `json:"change"`
	} `json:"resource_changes"`
}

type valuesDoc struct {
	RootModule module `json:"root_module"`
}

type module struct {
	Resources []struct {
		Address string         `json:"address"`
		Mode    string         `json:"mode"`
		Type    string         `json:"type"`
		Values  map[string]any `json:"values"`
	} `json:"resources"`
	ChildModules []module `json:"child_modules"`
}

func (m module) walk(f func(address, mode, typ string, values map[string]any)) {
	for _, r := range m.Resources {
		f(r.Address, r.Mode, r.Type, r.Values)
	}
	for _, c := range m.ChildModules {
		c.walk(f)
	}
}

func parseInput(in Input) (*Run, error) {
	data := bytes.TrimSpace(in.Data)
	if len(data) == 0 {
		return nil, &InputError{File: in.Name, Problem: "the file is empty"}
	}
	if in.Record {
		return parseRecord(in, data)
	}
	if data[0] != '{' {
		return nil, &InputError{File: in.Name, Problem: "not JSON: expected `terraform show -json` output (an object) or a `terraform plan -json` log (one object a line)"}
	}
	var probe map[string]json.RawMessage
	err := json.Unmarshal(data, &probe)
	if _, ok := probe[recordFormatKey]; ok && err == nil {
		return parseRecord(in, data)
	}
	if err == nil {
		if _, ok := probe["format_version"]; ok {
			return parseShow(in, data)
		}
		if _, ok := probe["@message"]; ok {
			return parseLog(in, data)
		}
		return nil, &InputError{File: in.Name, Problem: "a JSON object that is neither `terraform show -json` output (no format_version) nor a `terraform plan -json` log line"}
	}
	return parseLog(in, data)
}

// recordFormatKey and recordFormat identify a check's evidence record (the
// provider's evidence_record.go writes them).
const (
	recordFormatKey = "record_format"
	recordFormat    = "oktagate-evidence-record/1"
)

var fingerprintRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// parseRecord reads a check's evidence record: the check's complete result, as
// its attributes name them, with the instant judged and the versions. Its
// address is set by joinRecords, from the other inputs.
func parseRecord(in Input, data []byte) (*Run, error) {
	bad := func(problem string) error {
		return &InputError{File: in.Name, Problem: problem + ": an evidence directory holds the records " +
			"the provider's evidence_dir writes (" + recordFormat + "), one check per file"}
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, bad("not JSON (" + err.Error() + ")")
	}
	if f, _ := v[recordFormatKey].(string); f != recordFormat {
		return nil, bad(fmt.Sprintf("not an evidence record (%s is %q)", recordFormatKey, f))
	}
	typ, _ := v["check"].(string)
	fp, _ := v["fingerprint"].(string)
	if !IsCheckType(typ) || !fingerprintRE.MatchString(fp) {
		return nil, bad(fmt.Sprintf("the record names no check type and fingerprint (check %q, fingerprint %q)", typ, fp))
	}
	if st, _ := v["status"].(string); st != StatusPass && st != StatusFail {
		return nil, bad(fmt.Sprintf("status %q is neither pass nor fail", st))
	}
	c, err := checkFromValues("", typ, v, false)
	if err != nil {
		return nil, &InputError{File: in.Name, Problem: err.Error()}
	}
	run := &Run{Source: in.Name, Kind: KindRecord}
	run.ProviderVersion, _ = v["provider_version"].(string)
	run.TerraformVersion, _ = v["terraform_version"].(string)
	if s, _ := v["judged_at"].(string); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return nil, bad("judged_at " + strconv.Quote(s) + " is not an RFC 3339 instant")
		}
		run.JudgedAt = t.UTC()
	}
	c.Source, c.Kind, c.JudgedAt = in.Name, KindRecord, run.JudgedAt
	if c.providerVersion == "" {
		c.providerVersion = run.ProviderVersion
	}
	run.Checks = []*Check{c}
	return run, nil
}

func parseShow(in Input, data []byte) (*Run, error) {
	var doc showJSON
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, &InputError{File: in.Name, Problem: "not `terraform show -json` output: " + err.Error()}
	}
	run := &Run{Source: in.Name, TerraformVersion: doc.TerraformVersion}
	var vals *valuesDoc
	switch {
	case doc.PlannedValues != nil:
		run.Kind, vals = KindPlan, doc.PlannedValues
	default:
		run.Kind, vals = KindState, doc.Values
	}
	if run.Kind == KindPlan {
		if t, err := time.Parse(time.RFC3339, doc.Timestamp); err == nil {
			run.JudgedAt = t.UTC()
		}
	}
	for name, pc := range doc.Configuration.ProviderConfig {
		if pc.Name != "oktagate" && name != "oktagate" {
			continue
		}
		if s, ok := pc.Expressions["as_of"].ConstantValue.(string); ok {
			if t, err := time.Parse(time.RFC3339, s); err == nil {
				run.JudgedAt = t.UTC()
			}
		}
		if s, ok := pc.Expressions["org_url"].ConstantValue.(string); ok && s != "" {
			run.Org = s
		}
	}
	unknown := map[string]bool{}
	for _, rc := range doc.ResourceChanges {
		if rc.Mode == "managed" && IsCheckType(rc.Type) && rc.Change.AfterUnknown["status"] == true {
			unknown[rc.Address] = true
		}
	}
	data2 := func(m module) {
		m.walk(func(_, mode, typ string, v map[string]any) {
			if mode != "data" {
				return
			}
			switch typ {
			case "oktagate_org":
				if run.Org == "" {
					name, _ := v["company_name"].(string)
					sub, _ := v["subdomain"].(string)
					if name != "" && sub != "" {
						run.Org = name + " (" + sub + ")"
					} else {
						run.Org = name + sub
					}
				}
			case "oktagate_users":
				if run.Factors == nil {
					run.Factors = activeFactors(v)
				}
			}
		})
	}
	if vals != nil {
		data2(vals.RootModule)
	}
	if doc.PriorState != nil && doc.PriorState.Values != nil {
		data2(doc.PriorState.Values.RootModule)
	}
	if vals == nil {
		return run, nil
	}
	var err error
	vals.RootModule.walk(func(addr, mode, typ string, v map[string]any) {
		if err != nil || mode != "managed" || !IsCheckType(typ) {
			return
		}
		c, cerr := checkFromValues(addr, typ, v, unknown[addr])
		if cerr != nil {
			err = &InputError{File: in.Name, Problem: addr + ": " + cerr.Error()}
			return
		}
		c.Source, c.Kind = in.Name, run.Kind
		c.JudgedAt = run.JudgedAt
		if t, ok := evidenceTime(c); ok {
			c.JudgedAt = t
		}
		if p := c.providerVersion; p != "" {
			run.ProviderVersion = p
		}
		run.Checks = append(run.Checks, c)
	})
	return run, err
}

// evidenceTime is the instant the evidence says it was judged at, when it says.
func evidenceTime(c *Check) (time.Time, bool) {
	if c.Evidence == "" {
		return time.Time{}, false
	}
	var ev map[string]any
	if json.Unmarshal([]byte(c.Evidence), &ev) != nil {
		return time.Time{}, false
	}
	for _, k := range []string{"as_of", "judged_at"} {
		if s, ok := ev[k].(string); ok {
			if t, err := time.Parse(time.RFC3339, s); err == nil {
				return t.UTC(), true
			}
		}
	}
	return time.Time{}, false
}

func activeFactors(v map[string]any) map[string]int {
	users, _ := v["users"].([]any)
	out := map[string]int{}
	for _, u := range users {
		um, _ := u.(map[string]any)
		fs, _ := um["factors"].([]any)
		for _, f := range fs {
			fm, _ := f.(map[string]any)
			if fm["status"] == "ACTIVE" {
				if t, _ := fm["factor_type"].(string); t != "" {
					out[t]++
				}
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func checkFromValues(addr, typ string, v map[string]any, unknown bool) (*Check, error) {
	c := &Check{Address: addr, Type: typ, SubjectsEvaluated: -1}
	c.Enforcement, _ = v["enforcement"].(string)
	status, _ := v["status"].(string)
	switch {
	case unknown || status == "":
		c.Status = StatusUnknown
		return c, nil
	case status == StatusPass || status == StatusFail:
		c.Status = status
	default:
		return nil, fmt.Errorf("status %q is neither pass nor fail", status)
	}
	if n, ok := v["subjects_evaluated"].(float64); ok {
		c.SubjectsEvaluated = int(n)
	}
	if n, ok := v["violation_count"].(float64); ok {
		c.ViolationCount = int(n)
	}
	if err := remarshal(v["violations"], &c.Violations); err != nil {
		return nil, fmt.Errorf("violations: %w", err)
	}
	if err := remarshal(v["exceptions_applied"], &c.Exceptions); err != nil {
		return nil, fmt.Errorf("exceptions_applied: %w", err)
	}
	if cs, ok := v["controls"].([]any); ok {
		for _, e := range cs {
			if s, ok := e.(string); ok {
				if ctl, ok := parseControl(s); ok {
					c.Controls = append(c.Controls, ctl)
				}
			}
		}
	}
	c.Fingerprint, _ = v["fingerprint"].(string)
	c.Evidence, _ = v["evidence"].(string)
	if c.Evidence != "" {
		var ev struct {
			Inputs     map[string]any `json:"inputs"`
			Facts      map[string]any `json:"facts"`
			Exceptions struct {
				Expired []Exception `json:"expired"`
			} `json:"exceptions"`
			ProviderVersion  string `json:"provider_version"`
			ViolationsSHA256 string `json:"violations_sha256"`
		}
		if err := json.Unmarshal([]byte(c.Evidence), &ev); err != nil {
			return nil, fmt.Errorf("evidence is not JSON: %w", err)
		}
		c.Inputs, c.Facts, c.Expired, c.providerVersion = ev.Inputs, ev.Facts, ev.Exceptions.Expired, ev.ProviderVersion
		if err := verifyEvidence(c, ev.ViolationsSHA256); err != nil {
			return nil, err
		}
		c.violationsSHA256 = ev.ViolationsSHA256
	}
	if c.ViolationCount == 0 {
		c.ViolationCount = len(c.Violations)
	}
	return c, nil
}

// verifyEvidence holds a check to its own evidence: the fingerprint is the
// SHA-256 of the evidence string, and (evidence version 2 on) the evidence's
// violations_sha256 is the digest of the violations the check lists. Either
// differing means the input was edited after the provider wrote it, and a
// report built on it would vouch for what the provider never judged.
func verifyEvidence(c *Check, violationsSHA256 string) error {
	if fingerprintRE.MatchString(c.Fingerprint) && sum([]byte(c.Evidence)) != c.Fingerprint {
		return fmt.Errorf("the fingerprint %s is not the SHA-256 of the evidence (%s): the input was altered "+
			"after the provider wrote it; use the file Terraform wrote", c.Fingerprint, sum([]byte(c.Evidence)))
	}
	if violationsSHA256 == "" { // evidence version 1 repeated the violations instead
		return nil
	}
	if got := compliance.ViolationsDigest(complianceViolations(c.Violations)); got != violationsSHA256 {
		return fmt.Errorf("the %d violations listed hash to %s, but the evidence's violations_sha256 is %s: the "+
			"input was altered after the provider wrote it; use the file Terraform wrote", len(c.Violations), got, violationsSHA256)
	}
	return nil
}

func complianceViolations(vs []Violation) []compliance.Violation {
	out := make([]compliance.Violation, len(vs))
	for i, v := range vs {
		out[i] = compliance.Violation{Subject: v.Subject, SubjectID: v.SubjectID, Reason: v.Reason}
	}
	return out
}

func remarshal(v any, out any) error {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

// The provider's diagnostics: "Compliance check failed: oktagate_mfa_check (2
// violations, evidence 967e7386d946)" and "Exception for dave@acme.com expired
// on 2026-10-31; it no longer applies".
var (
	summaryRE = regexp.MustCompile(`^Compliance check (failed|warning): (oktagate_[a-z_]+)\b.*\((\d+) violations?, evidence ([0-9a-f]+)\)$`)
	expiredRE = regexp.MustCompile(`^Exception for (.+) expired on (\d{4}-\d{2}-\d{2})`)
	violRE    = regexp.MustCompile(`^(.*?) \(([^()]+)\): (.*)$`)
)

type logLine struct {
	Message   string `json:"@message"`
	Timestamp string `json:"@timestamp"`
	Type      string `json:"type"`
	Terraform string `json:"terraform"`
	// OpenTofu's version message names its version "tofu", not "terraform"
	// (its plan and state JSON keep terraform_version).
	Tofu string `json:"tofu"`
	Hook struct {
		Resource struct {
			Addr         string `json:"addr"`
			ResourceType string `json:"resource_type"`
		} `json:"resource"`
	} `json:"hook"`
	Change struct {
		Resource struct {
			Addr         string `json:"addr"`
			ResourceType string `json:"resource_type"`
		} `json:"resource"`
		Action string `json:"action"`
	} `json:"change"`
	Diagnostic struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
		Address  string `json:"address"`
	} `json:"diagnostic"`
}

func parseLog(in Input, data []byte) (*Run, error) {
	run := &Run{Source: in.Name, Kind: KindLog}
	checks := map[string]*Check{}
	get := func(addr, typ string) *Check {
		c := checks[addr]
		if c == nil {
			c = &Check{Address: addr, Type: typ, Status: StatusPass, SubjectsEvaluated: -1, Source: in.Name, Kind: KindLog}
			checks[addr] = c
			run.Checks = append(run.Checks, c)
		}
		return c
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var l logLine
		if err := json.Unmarshal(line, &l); err != nil {
			return nil, &InputError{File: in.Name, Problem: "line " + strconv.Itoa(n) + " is not JSON (" + err.Error() + "): a `terraform plan -json` log has one JSON object a line"}
		}
		if l.Type == "" || l.Message == "" {
			return nil, &InputError{File: in.Name, Problem: "line " + strconv.Itoa(n) + " is not a `terraform plan -json` message (no type or @message)"}
		}
		if run.JudgedAt.IsZero() {
			if t, err := time.Parse(time.RFC3339Nano, l.Timestamp); err == nil {
				run.JudgedAt = t.UTC().Truncate(time.Second)
			}
		}
		switch l.Type {
		case "version":
			run.TerraformVersion = cmp.Or(l.Terraform, l.Tofu)
		case "planned_change":
			if IsCheckType(l.Change.Resource.ResourceType) && l.Change.Action != "delete" {
				get(l.Change.Resource.Addr, l.Change.Resource.ResourceType)
			}
		case "diagnostic":
			d := l.Diagnostic
			if d.Address == "" {
				continue
			}
			if m := summaryRE.FindStringSubmatch(d.Summary); m != nil {
				c := get(d.Address, m[2])
				c.Status = StatusFail
				c.Enforcement = map[string]string{"failed": "block", "warning": "warn"}[m[1]]
				c.ViolationCount, _ = strconv.Atoi(m[3])
				c.Fingerprint = m[4]
				c.Violations = logViolations(d.Detail)
			} else if m := expiredRE.FindStringSubmatch(d.Summary); m != nil {
				typ, _, _ := strings.Cut(d.Address, ".")
				if i := strings.LastIndex(d.Address, "oktagate_"); i >= 0 {
					typ, _, _ = strings.Cut(d.Address[i:], ".")
				}
				c := get(d.Address, typ)
				c.Expired = append(c.Expired, Exception{Subject: m[1], Expires: m[2]})
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &InputError{File: in.Name, Problem: "reading the log: " + err.Error()}
	}
	for _, c := range run.Checks {
		c.JudgedAt = run.JudgedAt
	}
	return run, nil
}

// logViolations reads back the violations a diagnostic's detail lists, one a
// line after the count, up to the blank line before the advice.
func logViolations(detail string) []Violation {
	list, _, _ := strings.Cut(detail, "\n\n")
	lines := strings.Split(list, "\n")
	var out []Violation
	for _, l := range lines[1:] {
		if l == "" || strings.HasPrefix(l, "…and ") {
			continue
		}
		if m := violRE.FindStringSubmatch(l); m != nil {
			out = append(out, Violation{Subject: m[1], SubjectID: m[2], Reason: m[3]})
		} else if s, r, ok := strings.Cut(l, ": "); ok {
			out = append(out, Violation{Subject: s, Reason: r})
		}
	}
	return out
}
