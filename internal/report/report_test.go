package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func readInput(t *testing.T, name string) Input {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Input{Name: name, Data: b}
}

// demoJudged is when the demo plan was judged: its provider's as_of.
func demoJudged(t *testing.T, in Input) time.Time {
	t.Helper()
	var doc struct {
		Configuration struct {
			ProviderConfig map[string]struct {
				Expressions map[string]struct {
					ConstantValue string `json:"constant_value"`
				} `json:"expressions"`
			} `json:"provider_config"`
		} `json:"configuration"`
	}
	if err := json.Unmarshal(in.Data, &doc); err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339, doc.Configuration.ProviderConfig["oktagate"].Expressions["as_of"].ConstantValue)
	if err != nil {
		t.Fatalf("the demo plan has no as_of: %v", err)
	}
	return at
}

// buildDemo reads the warn-mode demo plan as if the report ran an hour after it.
func buildDemo(t *testing.T, opts Options, names ...string) *Report {
	t.Helper()
	if len(names) == 0 {
		names = []string{"demo-warn.plan.json"}
	}
	var ins []Input
	for _, n := range names {
		ins = append(ins, readInput(t, n))
	}
	if opts.Now.IsZero() {
		opts.Now = demoJudged(t, ins[0]).Add(time.Hour)
	}
	if opts.MaxAge == 0 {
		opts.MaxAge = 6 * time.Hour
	}
	r, err := Build(ins, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func render(t *testing.T, r *Report, format string) []byte {
	t.Helper()
	files, err := r.Render([]string{format})
	if err != nil {
		t.Fatal(err)
	}
	return files[format]
}

func TestDemoPlanModel(t *testing.T) {
	r := buildDemo(t, Options{})
	pass, fail, unknown, stale := r.Totals()
	if len(r.Checks) != 14 || pass != 2 || fail != 12 || unknown != 0 || stale != 0 {
		t.Fatalf("checks %d: %d pass, %d fail, %d unknown, %d stale; want 14: 2 pass, 12 fail", len(r.Checks), pass, fail, unknown, stale)
	}
	if r.Org != "Acme Corp (acme)" || r.TerraformVersion != "1.11.4" {
		t.Errorf("org %q, terraform %q", r.Org, r.TerraformVersion)
	}
	var mfa *Check
	for _, c := range r.Checks {
		if c.Address == "oktagate_mfa_check.all_staff" {
			mfa = c
		}
	}
	if mfa == nil {
		t.Fatal("no oktagate_mfa_check.all_staff")
	}
	if mfa.SubjectsEvaluated != 47 || mfa.ViolationCount != 2 || len(mfa.Exceptions) != 1 || len(mfa.Expired) != 1 || len(mfa.Fingerprint) != 64 {
		t.Errorf("mfa check: %+v", mfa)
	}
	// The catalog maps the MFA check to requirements of six frameworks (the
	// STIG's MFA rules are the authentication policy check's); free-text
	// entries such as "Drata Test 86: …" are not framework requirements.
	wantMFA := []Control{{"CISv8.1", "6.3"}, {"HIPAA", "164.312(d)"}, {"ISO27001:2022", "A.8.5"},
		{"NIST800-53r5", "IA-2(1)"}, {"NIST800-53r5", "IA-2(2)"}, {"PCIDSS4.0.1", "8.4.2"}, {"SOC2", "CC6.1"}}
	if !slices.Equal(mfa.Controls, wantMFA) {
		t.Errorf("mfa controls %v, want %v", mfa.Controls, wantMFA)
	}
	if r.Factors["webauthn"] == 0 {
		t.Errorf("factors %v: want the demo's webauthn factors counted", r.Factors)
	}
}

// The plan log of the same run adds nothing and takes nothing away: each of its
// checks is the plan's evaluation (same fingerprint, or a pass at the same time).
func TestPlanAndItsLogAreOneRun(t *testing.T) {
	r := buildDemo(t, Options{}, "demo-warn.plan.json", "demo-warn.plan.log.jsonl")
	if len(r.History) != 0 {
		t.Errorf("history %v: a plan and its log are one evaluation", r.History)
	}
	for _, c := range r.Checks {
		if c.Kind != KindPlan {
			t.Errorf("%s comes from the %s, want the plan (it has the evidence)", c.Address, c.Kind)
		}
	}
}

func TestLogAlone(t *testing.T) {
	r := buildDemo(t, Options{Now: time.Now()}, "demo-warn.plan.log.jsonl")
	pass, fail, _, _ := r.Totals()
	if pass != 2 || fail != 12 {
		t.Fatalf("log: %d pass, %d fail; want 2, 12", pass, fail)
	}
	for _, c := range r.Checks {
		if c.Status == StatusFail && (len(c.Violations) != c.ViolationCount || len(c.Fingerprint) != 12 || c.Enforcement != "warn") {
			t.Errorf("%s from the log: %d of %d violations, fingerprint %q, enforcement %q", c.Address, len(c.Violations), c.ViolationCount, c.Fingerprint, c.Enforcement)
		}
	}
}

func TestStaleEvidenceDoesNotCount(t *testing.T) {
	in := readInput(t, "demo-pass.plan.json")
	judged := demoJudged(t, in)
	for _, tc := range []struct {
		after     time.Duration
		wantStale bool
	}{{5 * time.Hour, false}, {7 * time.Hour, true}} {
		r, err := Build([]Input{in}, Options{MaxAge: 6 * time.Hour, Now: judged.Add(tc.after)})
		if err != nil {
			t.Fatal(err)
		}
		_, _, _, stale := r.Totals()
		if (stale == len(r.Checks)) != tc.wantStale || (stale == 0) == tc.wantStale {
			t.Errorf("%s after: %d of %d stale, want stale=%v", tc.after, stale, len(r.Checks), tc.wantStale)
		}
		for _, fw := range r.Frameworks {
			for _, q := range r.Requirements(fw) {
				if q.Satisfied() == tc.wantStale {
					t.Errorf("%s after: %s %s satisfied=%v", tc.after, fw, q.ID, q.Satisfied())
				}
			}
		}
	}
}

// A year of plans: the same checks judged at different times make a history.
func TestHistory(t *testing.T) {
	base := readInput(t, "demo-warn.plan.json")
	judged := demoJudged(t, base)
	var ins []Input
	for i, days := range []int{-60, -30, 0} {
		s := strings.ReplaceAll(string(base.Data), judged.Format(time.RFC3339), judged.AddDate(0, 0, days).Format(time.RFC3339))
		if i < 2 {
			// Older runs had more violations: change the fingerprints too,
			// as a different evaluation would.
			s = strings.ReplaceAll(s, `"violation_count":3`, `"violation_count":5`)
			s = strings.ReplaceAll(s, `"fingerprint":"`, `"fingerprint":"0`+string(rune('a'+i)))
		}
		ins = append(ins, Input{Name: "day" + string(rune('1'+i)) + ".json", Data: []byte(s)})
	}
	r, err := Build(ins, Options{MaxAge: 6 * time.Hour, Now: judged.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	h := r.History["oktagate_unique_email_check.people"]
	if len(h) != 3 || h[0].Violations != 5 || h[2].Violations != 3 || !h[0].At.Before(h[2].At) {
		t.Fatalf("history of the unique email check: %+v", h)
	}
	html := string(render(t, r, FormatHTML))
	if !strings.Contains(html, "Violations per check over time") || !strings.Contains(html, "<polyline") {
		t.Error("the HTML has no history chart")
	}
	// One run: no history section.
	if html := string(render(t, buildDemo(t, Options{}), FormatHTML)); strings.Contains(html, "Violations per check over time") {
		t.Error("a single run shows a history")
	}
}

func TestJUnitParses(t *testing.T) {
	r := buildDemo(t, Options{})
	var doc struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Suites   []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Cases    []struct {
				Name      string `xml:"name,attr"`
				ClassName string `xml:"classname,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(render(t, r, FormatJUnit), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 1 || doc.Tests != 14 || doc.Failures != 12 || len(doc.Suites[0].Cases) != 14 || doc.Suites[0].Failures != 12 {
		t.Fatalf("junit: %d tests, %d failures, %d suites", doc.Tests, doc.Failures, len(doc.Suites))
	}
	failed := 0
	for _, c := range doc.Suites[0].Cases {
		if c.Failure == nil {
			continue
		}
		failed++
		if c.Name == "oktagate_mfa_check.all_staff" && !strings.Contains(c.Failure.Text, "carol@acme.com (00u1008IMyE0J7dRoy6R): no ACTIVE factor of an allowed type") {
			t.Errorf("the mfa failure does not list carol: %q", c.Failure.Text)
		}
	}
	if failed != 12 {
		t.Errorf("%d failed test cases, want 12", failed)
	}
}

// externalRef finds an attribute or CSS url() whose target is not a fragment
// or data: — anything the browser would fetch.
var externalRef = regexp.MustCompile(`(?i)(?:\b(?:src|href|action|poster|srcset|xlink:href)\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)([^"'\s>)]*)`)

func TestHTMLHasNoExternalReference(t *testing.T) {
	for _, r := range []*Report{buildDemo(t, Options{}), buildDemo(t, Options{}, "demo-pass.plan.json")} {
		html := string(render(t, r, FormatHTML))
		n := 0
		for _, m := range externalRef.FindAllStringSubmatch(html, -1) {
			n++
			if target := m[1]; !strings.HasPrefix(target, "#") && !strings.HasPrefix(strings.ToLower(target), "data:") {
				t.Errorf("external reference %q", m[0])
			}
		}
		if n == 0 {
			t.Error("no reference at all: the pattern or the page is broken (the page links its checks by #anchor)")
		}
		for _, bad := range []string{"<script", "<link", "<iframe", "<img", "http://", "https://", "//fonts"} {
			if strings.Contains(strings.ToLower(html), bad) {
				t.Errorf("the page contains %q", bad)
			}
		}
	}
	// The pattern itself catches what it must.
	for _, s := range []string{`<img src="https://x/y.png">`, `a{background:url(//cdn/x)}`, `<a href=report.css>`} {
		if m := externalRef.FindStringSubmatch(s); m == nil || strings.HasPrefix(m[1], "#") {
			t.Errorf("the pattern misses %q", s)
		}
	}
}

func TestHTMLContent(t *testing.T) {
	r := buildDemo(t, Options{Commit: "abc1234"})
	html := string(render(t, r, FormatHTML))
	for _, want := range []string{
		"Acme Corp (acme)", "abc1234", "1.11.4",
		"Every in-scope user has at least min_factors",                      // the check's description
		"Enrolling a security key after her leave (SEC-1423)", "2027-06-30", // an exception with reason and expiry
		"carol@acme.com", // a violation
		"Requirements satisfied per framework", "Active MFA factors by type", "Phishing-resistant share", "Exceptions in force by month of expiry",
		"AICPA SOC 2 Trust Services Criteria (2017", "Logical access", // a framework's name and a requirement's title, from the catalog
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	for _, c := range r.Checks {
		if c.Fingerprint != "" && !strings.Contains(html, c.Fingerprint) {
			t.Errorf("the report lacks %s's fingerprint", c.Address)
		}
	}
}

// The demo's checks evidence requirements of all seven frameworks, and the
// coverage shows a row for each (the MFA check's ISO, NIST and PCI rows among
// them), not SOC 2 alone.
func TestCoverageOfEveryFramework(t *testing.T) {
	r := buildDemo(t, Options{})
	if !slices.Equal(r.Frameworks, FrameworkIDs()) || len(r.Frameworks) != 7 {
		t.Fatalf("frameworks %v, want all seven", r.Frameworks)
	}
	for _, fw := range r.Frameworks {
		if len(r.Requirements(fw)) == 0 {
			t.Errorf("%s: no requirement evidenced by the demo's checks", fw)
		}
	}
	evidencedBy := func(fw, id, address string) bool {
		for _, q := range r.Requirements(fw) {
			if q.ID != id {
				continue
			}
			for _, c := range q.Checks {
				if c.Address == address {
					return true
				}
			}
		}
		return false
	}
	for _, c := range []Control{{"ISO27001:2022", "A.8.5"}, {"NIST800-53r5", "IA-2(1)"}, {"PCIDSS4.0.1", "8.4.2"}} {
		if !evidencedBy(c.Framework, c.Requirement, "oktagate_mfa_check.all_staff") {
			t.Errorf("coverage has no %s row evidenced by the MFA check", c)
		}
	}
	md := string(render(t, r, FormatMD))
	for _, fw := range r.Frameworks {
		if !strings.Contains(md, FrameworkName(fw)) {
			t.Errorf("the summary's coverage lacks %s", FrameworkName(fw))
		}
	}
}

func TestFrameworksNarrowCoverage(t *testing.T) {
	r := buildDemo(t, Options{Frameworks: []string{"STIG"}})
	md := string(render(t, r, FormatMD))
	if strings.Contains(md, "SOC 2") || !strings.Contains(md, "DISA Okta IDaaS Security Technical Implementation Guide") {
		t.Errorf("--frameworks STIG: summary shows\n%s", md)
	}
	if err := ValidateFrameworks([]string{"SOC3"}); err == nil || !strings.Contains(err.Error(), "SOC3") {
		t.Errorf("an unknown framework: %v", err)
	}
}

// oscalSchema finds NIST's schema: ../shared/oscal beside the module root, or
// a shared/oscal beside any folder above it (a worktree of the module).
func oscalSchema(t *testing.T) string {
	t.Helper()
	const name = "oscal_complete_schema-1.1.3.json"
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
	var looked []string
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		p := filepath.Join(d, "shared", "oscal", name)
		looked = append(looked, p)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	t.Fatalf("NIST's OSCAL schema %s is not where the CI clone keeps it (../shared/oscal beside the repository); looked at:\n%s",
		name, strings.Join(looked, "\n"))
	return ""
}

func TestOSCALValidatesAgainstNISTSchema(t *testing.T) {
	path := oscalSchema(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("oscal_complete_schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("oscal_complete_schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Report{buildDemo(t, Options{Commit: "abc1234"}), buildDemo(t, Options{}, "demo-pass.plan.json"),
		buildDemo(t, Options{Now: time.Now().AddDate(1, 0, 0)}, "demo-warn.plan.log.jsonl")} {
		out := render(t, r, FormatOSCAL)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s: not valid OSCAL: %v", r.Inputs[0].Name, err)
		}
		var ar struct {
			AR struct {
				Results []struct {
					Observations []any `json:"observations"`
					Findings     []struct {
						Title string `json:"title"`
					} `json:"findings"`
				} `json:"results"`
			} `json:"assessment-results"`
		}
		if err := json.Unmarshal(out, &ar); err != nil {
			t.Fatal(err)
		}
		notSatisfied := 0
		for _, fw := range r.Frameworks {
			for _, q := range r.Requirements(fw) {
				if !q.Satisfied() {
					notSatisfied++
				}
			}
		}
		res := ar.AR.Results[0]
		if len(res.Observations) != len(r.Checks) || len(res.Findings) != notSatisfied {
			t.Errorf("%s: %d observations for %d checks, %d findings for %d requirements not satisfied",
				r.Inputs[0].Name, len(res.Observations), len(r.Checks), len(res.Findings), notSatisfied)
		}
	}
	// The schema does reject: a document without results is not valid.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"assessment-results":{"uuid":"not-a-uuid"}}`))
	if schema.Validate(bad) == nil {
		t.Error("the schema accepts an invalid document")
	}
}

func TestOutputsAreDeterministic(t *testing.T) {
	for _, f := range []string{FormatOSCAL, FormatZip, FormatJUnit} {
		a, b := render(t, buildDemo(t, Options{}), f), render(t, buildDemo(t, Options{}), f)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs on the same input", FileNames[f])
		}
	}
	if u := uuidV5("x"); !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(u) {
		t.Errorf("uuidV5 = %s, not a version 5 UUID", u)
	}
}

func TestEvidencePackage(t *testing.T) {
	r := buildDemo(t, Options{})
	z := render(t, r, FormatZip)
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(rc)
		_ = rc.Close()
	}
	if zr.File[0].Name != "manifest.csv" {
		t.Errorf("first entry %s, want manifest.csv", zr.File[0].Name)
	}
	rows, err := csv.NewReader(bytes.NewReader(files["manifest.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], []string{"framework", "requirement", "check_address", "status", "fingerprint", "file", "sha256"}) {
		t.Errorf("manifest header %v", rows[0])
	}
	for _, want := range []string{"report.html", "summary.md", "inputs/demo-warn.plan.json", EvidenceFile("oktagate_mfa_check.all_staff")} {
		if files[want] == nil {
			t.Errorf("the package lacks %s", want)
		}
	}
	var mfaRow bool
	for _, row := range rows[1:] {
		if data, ok := files[row[5]]; row[5] != "" && (!ok || sum(data) != row[6]) {
			t.Errorf("manifest row %v: the file's SHA-256 does not match", row)
		}
		if row[0] == "SOC2" && row[1] == "CC6.1" && row[2] == "oktagate_mfa_check.all_staff" && row[3] == "fail" {
			mfaRow = true
			if sum(files[row[5]]) != row[4] {
				t.Errorf("the mfa evidence's SHA-256 is not its fingerprint")
			}
		}
	}
	if !mfaRow {
		t.Error("no manifest row for SOC2 CC6.1 / oktagate_mfa_check.all_staff")
	}
	// The evidence names the violations by their digest; the package carries
	// the violations as the bytes of that digest, with a manifest row.
	var ev struct {
		ViolationsSHA256 string `json:"violations_sha256"`
	}
	if err := json.Unmarshal(files[EvidenceFile("oktagate_mfa_check.all_staff")], &ev); err != nil || ev.ViolationsSHA256 == "" {
		t.Fatalf("the mfa evidence has no violations_sha256 (%v)", err)
	}
	vfile := strings.TrimSuffix(EvidenceFile("oktagate_mfa_check.all_staff"), ".json") + ".violations.json"
	var listed []Violation
	if err := json.Unmarshal(files[vfile], &listed); err != nil || sum(files[vfile]) != ev.ViolationsSHA256 {
		t.Fatalf("%s: %v; its SHA-256 %s, the evidence's violations_sha256 %s", vfile, err, sum(files[vfile]), ev.ViolationsSHA256)
	}
	var mfa *Check
	for _, c := range r.Checks {
		if c.Address == "oktagate_mfa_check.all_staff" {
			mfa = c
		}
	}
	if mfa == nil || len(listed) == 0 || !slices.Equal(listed, mfa.Violations) {
		t.Errorf("%s lists %v, the check %v", vfile, listed, mfa)
	}
	if !slices.ContainsFunc(rows, func(row []string) bool {
		return row[2] == "oktagate_mfa_check.all_staff" && row[5] == vfile && row[6] == ev.ViolationsSHA256 && row[4] == mfa.Fingerprint
	}) {
		t.Errorf("no manifest row for %s", vfile)
	}
}

// TestAlteredInputIsRefused: a plan whose violations or evidence were edited
// after the provider wrote them no longer matches the evidence's digests, and
// the report refuses it rather than vouch for what was never judged.
func TestAlteredInputIsRefused(t *testing.T) {
	in := readInput(t, "demo-warn.plan.json")
	tests := []struct{ name, old, new, want string }{
		{"a violation's reason", `"reason":"no ACTIVE factor of an allowed type"`, `"reason":"fine"`, "violations listed hash to"},
		{"a violation's subject", `{"reason":"no ACTIVE factor of an allowed type","subject":"`, `{"reason":"no ACTIVE factor of an allowed type","subject":"x`, "violations listed hash to"},
		{"the evidence", `\"min_factors\":1`, `\"min_factors\":0`, "is not the SHA-256 of the evidence"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(in.Data, []byte(tc.old)) {
				t.Fatalf("the demo plan has no %s", tc.old)
			}
			altered := Input{Name: in.Name, Data: bytes.Replace(in.Data, []byte(tc.old), []byte(tc.new), 1)}
			_, err := Build([]Input{altered}, Options{Now: demoJudged(t, in)})
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want an InputError containing %q", err, tc.want)
			}
		})
	}
}

func TestFormatsNarrowOutputs(t *testing.T) {
	fs, err := ParseFormats("junit,md")
	if err != nil {
		t.Fatal(err)
	}
	files, err := buildDemo(t, Options{}).Render(fs)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[FormatJUnit] == nil || files[FormatMD] == nil {
		t.Errorf("rendered %d files for junit,md", len(files))
	}
	var ue *UsageError
	if _, err := ParseFormats("html,pdf"); !errors.As(err, &ue) || !strings.Contains(err.Error(), "pdf") {
		t.Errorf("--format pdf: %v", err)
	}
}

// A state says nothing of when it was judged, so alone it is stale; with the
// plan log of the same evaluation (same fingerprints) its checks take the
// log's time. The state's evidence stays the one reported.
func TestStateWithItsLog(t *testing.T) {
	state, log := readInput(t, "demo-warn.state.json"), readInput(t, "demo-warn.plan.log.jsonl")
	now := demoJudged(t, readInput(t, "demo-warn.plan.json")).Add(time.Hour)
	alone, err := Build([]Input{state}, Options{MaxAge: 6 * time.Hour, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, stale := alone.Totals(); stale != 14 {
		t.Errorf("a state alone: %d of 14 stale, want all (its judged-at is unknown)", stale)
	}
	both, err := Build([]Input{state, log}, Options{MaxAge: 6 * time.Hour, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(both.History) != 0 {
		t.Errorf("history %v: a state and its log are one evaluation", both.History)
	}
	for _, c := range both.Checks {
		if c.Stale || c.Kind != KindState || c.Evidence == "" {
			t.Errorf("%s: stale %v, from the %s; want a fresh result with the state's evidence", c.Address, c.Stale, c.Kind)
		}
	}
}

// A blocking plan fails and leaves no plan file: its log is the evidence.
func TestBlockingPlanLog(t *testing.T) {
	r := buildDemo(t, Options{Now: time.Now()}, "demo-block.plan.log.jsonl")
	pass, fail, _, _ := r.Totals()
	if pass != 2 || fail != 12 {
		t.Fatalf("block log: %d pass, %d fail; want 2, 12", pass, fail)
	}
	for _, c := range r.Checks {
		if c.Status == StatusFail && c.Enforcement != "block" {
			t.Errorf("%s: enforcement %q, want block (an error diagnostic)", c.Address, c.Enforcement)
		}
		if c.Address == "oktagate_mfa_check.all_staff" && (len(c.Expired) != 1 || c.Expired[0].Subject != "dave@acme.com") {
			t.Errorf("mfa check from the log: expired exceptions %+v, want dave@acme.com's", c.Expired)
		}
	}
	var doc struct {
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal(render(t, r, FormatJUnit), &doc); err != nil || doc.Failures != 12 {
		t.Errorf("junit of the block log: %d failures (%v), want 12", doc.Failures, err)
	}
}

// The chart of requirements per framework labels its rows with what fits its
// label column (260 px, about 30 characters at the chart's 12 px font): the
// catalog's full names, up to 80 characters, were cut off at the left edge.
func TestFrameworkChartLabelsFit(t *testing.T) {
	html := string(render(t, buildDemo(t, Options{}), FormatHTML))
	start := strings.Index(html, `aria-label="Requirements satisfied per framework"`)
	if start < 0 {
		t.Fatal("no chart of requirements per framework")
	}
	chart := html[start : start+strings.Index(html[start:], "</svg>")]
	labels := regexp.MustCompile(`<text [^>]*text-anchor="end" class="cl">(?:<title>([^<]*)</title>)?([^<]*)</text>`).FindAllStringSubmatch(chart, -1)
	if len(labels) != 7 {
		t.Fatalf("%d row labels in the chart, want one per framework (7)", len(labels))
	}
	for i, m := range labels {
		fw := FrameworkIDs()[i]
		if m[2] != fw || len(m[2]) > 30 {
			t.Errorf("row %d labelled %q, want the id %q (short enough for the label column)", i, m[2], fw)
		}
		if m[1] != FrameworkName(fw) {
			t.Errorf("row %d: hover title %q, want the framework's name %q", i, m[1], FrameworkName(fw))
		}
	}
}
