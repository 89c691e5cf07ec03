package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
)

// label is how a status reads, with staleness.
func (c *Check) label() string {
	if c.Stale {
		return "stale (" + c.Status + ")"
	}
	return c.Status
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// fmtDuration prints 6h rather than 6h0m0s.
func fmtDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func fmtAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "under a minute"
	case d < 2*time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " min"
	case d < 72*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + " h"
	default:
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	}
}

// Age of a check's evidence at generation time.
func (r *Report) age(c *Check) string {
	if c.JudgedAt.IsZero() {
		return "unknown age"
	}
	return fmtAge(r.GeneratedAt.Sub(c.JudgedAt))
}

func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "'")
	return r.Replace(s)
}

// WriteSummary writes the Markdown job summary.
func (r *Report) WriteSummary(w io.Writer) error {
	pass, fail, unknown, stale := r.Totals()
	var b strings.Builder
	icon := "✅"
	if fail+unknown+stale > 0 {
		icon = "❌"
	}
	fmt.Fprintf(&b, "## %s oktagate evidence: %s\n\n", icon, mdEscape(r.Org))
	fmt.Fprintf(&b, "%d checks: **%d pass**, **%d fail**", len(r.Checks), pass, fail)
	if unknown > 0 {
		fmt.Fprintf(&b, ", %d unknown at plan", unknown)
	}
	if stale > 0 {
		fmt.Fprintf(&b, ", %d stale (older than %s, not counted)", stale, fmtDuration(r.MaxAge))
	}
	fmt.Fprintf(&b, ".  \nJudged %s · Terraform %s · oktagate provider %s", fmtTime(r.JudgedAt), mdEscape(r.TerraformVersion), mdEscape(r.ProviderVersion))
	if r.Commit != "" {
		fmt.Fprintf(&b, " · commit `%s`", strings.ReplaceAll(r.Commit, "`", ""))
	}
	b.WriteString("\n\n| Framework | Requirements | Satisfied | Not satisfied |\n|---|---:|---:|---:|\n")
	for _, fw := range r.Frameworks {
		reqs := r.Requirements(fw)
		if len(reqs) == 0 {
			continue
		}
		ok := 0
		for _, q := range reqs {
			if q.Satisfied() {
				ok++
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", mdEscape(FrameworkName(fw)), len(reqs), ok, len(reqs)-ok)
	}
	b.WriteString("\n| Check | Status | Subjects | Violations | Waived |\n|---|---|---:|---:|---:|\n")
	for _, c := range r.Checks {
		subj := "–"
		if c.SubjectsEvaluated >= 0 {
			subj = strconv.Itoa(c.SubjectsEvaluated)
		}
		mark := map[string]string{StatusPass: "✅", StatusFail: "❌", StatusUnknown: "❔"}[c.Status]
		if c.Stale {
			mark = "⏳"
		}
		fmt.Fprintf(&b, "| `%s` | %s %s | %s | %d | %d |\n", c.Address, mark, c.label(), subj, c.ViolationCount, c.Waived())
	}
	var failing []*Check
	for _, c := range r.Checks {
		if len(c.Violations) > 0 {
			failing = append(failing, c)
		}
	}
	if len(failing) > 0 {
		b.WriteString("\n<details><summary>Violations</summary>\n\n")
		for _, c := range failing {
			fmt.Fprintf(&b, "**%s** (%d)\n\n", c.Address, c.ViolationCount)
			for i, v := range c.Violations {
				if i == 20 {
					fmt.Fprintf(&b, "- …and %d more (see report.html)\n", len(c.Violations)-20)
					break
				}
				fmt.Fprintf(&b, "- %s\n", mdEscape(v.String()))
			}
			b.WriteString("\n")
		}
		b.WriteString("</details>\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// JUnit XML: one test suite for the gate, one test case per check.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes junit.xml: a failing check is a failed test listing its
// violations; a stale one an error (its evidence is too old to count); one
// unknown at plan is skipped.
func (r *Report) WriteJUnit(w io.Writer) error {
	s := junitSuite{Name: "oktagate " + r.Org, Timestamp: r.JudgedAt.UTC().Format("2006-01-02T15:04:05")}
	if r.JudgedAt.IsZero() {
		s.Timestamp = ""
	}
	s.Properties = []junitProperty{{"org", r.Org}, {"terraform_version", r.TerraformVersion}, {"provider_version", r.ProviderVersion}}
	if r.Commit != "" {
		s.Properties = append(s.Properties, junitProperty{"commit", r.Commit})
	}
	for _, c := range r.Checks {
		tc := junitCase{Name: c.Address, ClassName: c.Type}
		var out strings.Builder
		out.WriteString(compliance.Describe(c.Type))
		if c.SubjectsEvaluated >= 0 {
			fmt.Fprintf(&out, "\nsubjects evaluated: %d", c.SubjectsEvaluated)
		}
		if c.Fingerprint != "" {
			fmt.Fprintf(&out, "\nfingerprint: %s", c.Fingerprint)
		}
		for _, e := range c.Exceptions {
			fmt.Fprintf(&out, "\nexception: %s until %s (%s), waives %d", e.Subject, e.Expires, e.Reason, len(e.Violations))
		}
		tc.SystemOut = out.String()
		switch {
		case c.Stale:
			tc.Error = &junitMessage{Type: "stale", Message: fmt.Sprintf("evidence judged %s is older than --max-age %s", fmtTime(c.JudgedAt), fmtDuration(r.MaxAge))}
			s.Errors++
		case c.Status == StatusFail:
			lines := make([]string, len(c.Violations))
			for i, v := range c.Violations {
				lines[i] = v.String()
			}
			tc.Failure = &junitMessage{Type: "violations", Message: fmt.Sprintf("%s: %d violations", c.Address, c.ViolationCount), Text: strings.Join(lines, "\n")}
			s.Failures++
		case c.Status == StatusUnknown:
			tc.Skipped = &junitMessage{Message: "unknown at plan: the check's result is computed at apply"}
			s.Skipped++
		}
		s.Cases = append(s.Cases, tc)
	}
	s.Tests = len(s.Cases)
	doc := junitSuites{Name: "oktagate", Tests: s.Tests, Failures: s.Failures, Errors: s.Errors, Skipped: s.Skipped, Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
