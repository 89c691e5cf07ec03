package report

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed report.html.tmpl
var htmlTemplate string

//go:embed report.css
var reportCSS string

// phishingResistant are the factor types that resist phishing (the MFA
// check's phishing_resistant set).
var phishingResistant = map[string]bool{"webauthn": true, "u2f": true, "signed_nonce": true}

type htmlCheck struct {
	*Check
	Anchor      string
	Description string
	StatusClass string
	StatusText  string
	Subjects    string
	Inputs      []kv
	Facts       []kv
	Frameworks  []string
	Age         string
}

type kv struct{ Key, Value string }

type htmlReq struct {
	ID                        string
	Title                     string // the catalog's, "" when unknown
	Checks                    []*htmlCheck
	Pass, Fail, Waived, Stale int
	Satisfied                 bool
}

type htmlFramework struct {
	ID, Name     string
	Reqs         []htmlReq
	Satisfied    int
	NotSatisfied int
}

type htmlHistory struct {
	Address  string
	Anchor   string
	Spark    template.HTML
	First    string
	Last     string
	Points   int
	Min, Max int
	Latest   int
	Trend    string
}

type htmlData struct {
	R                          *Report
	CSS                        template.CSS
	Pass, Fail, Unknown, Stale int
	ReqTotal, ReqOK            int
	Judged, Generated          string
	Frameworks                 []htmlFramework
	Checks                     []*htmlCheck
	ChartFrameworks            template.HTML
	ChartFactors, ChartPhish   template.HTML
	ChartExceptions            template.HTML
	ChartHistory               template.HTML
	History                    []htmlHistory
	NoFactors                  bool
	Inputs                     []kv
	MaxAge                     string
}

func anchor(addr string) string {
	var b strings.Builder
	b.WriteString("check-")
	for _, r := range addr {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func statusOf(c *Check) (class, text string) {
	switch {
	case c.Stale:
		return "stale", "stale · " + c.Status
	case c.Status == StatusPass && c.Waived() > 0:
		return "waived", "pass · waived"
	case c.Status == StatusPass:
		return "pass", "pass"
	case c.Status == StatusFail:
		return "fail", "fail"
	default:
		return "unknown", "unknown at plan"
	}
}

func renderValue(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return "–"
	case []any:
		if len(t) == 0 {
			return "(none)"
		}
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = renderValue(e)
		}
		return strings.Join(parts, ", ")
	default:
		b, _ := json.Marshal(t)
		return string(b)
	}
}

func sortedKV(m map[string]any) []kv {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]kv, len(keys))
	for i, k := range keys {
		out[i] = kv{k, renderValue(m[k])}
	}
	return out
}

// WriteHTML writes report.html: one page, its CSS and charts inline.
func (r *Report) WriteHTML(w io.Writer) error {
	t, err := template.New("report").Parse(htmlTemplate)
	if err != nil {
		return err
	}
	d := htmlData{R: r, CSS: template.CSS(reportCSS), Judged: fmtTime(r.JudgedAt), Generated: fmtTime(r.GeneratedAt), MaxAge: fmtDuration(r.MaxAge)}
	d.Pass, d.Fail, d.Unknown, d.Stale = r.Totals()
	byAddr := map[string]*htmlCheck{}
	for _, c := range r.Checks {
		hc := &htmlCheck{Check: c, Anchor: anchor(c.Address), Description: describe(c), Subjects: "not recorded", Age: r.age(c)}
		hc.StatusClass, hc.StatusText = statusOf(c)
		if c.SubjectsEvaluated >= 0 {
			hc.Subjects = strconv.Itoa(c.SubjectsEvaluated)
		}
		hc.Inputs, hc.Facts = sortedKV(c.Inputs), sortedKV(c.Facts)
		for _, ctl := range c.Controls {
			if slices.Contains(r.Frameworks, ctl.Framework) {
				hc.Frameworks = append(hc.Frameworks, ctl.String())
			}
		}
		d.Checks = append(d.Checks, hc)
		byAddr[c.Address] = hc
	}
	var rows []barRow
	var segs [][]segment
	for _, fw := range r.Frameworks {
		reqs := r.Requirements(fw)
		if len(reqs) == 0 {
			continue
		}
		hf := htmlFramework{ID: fw, Name: FrameworkName(fw)}
		for _, q := range reqs {
			hq := htmlReq{ID: q.ID, Title: requirementTitle(Control{Framework: fw, Requirement: q.ID}), Satisfied: q.Satisfied()}
			hq.Pass, hq.Fail, hq.Waived, hq.Stale = q.Counts()
			for _, c := range q.Checks {
				hq.Checks = append(hq.Checks, byAddr[c.Address])
			}
			if hq.Satisfied {
				hf.Satisfied++
			} else {
				hf.NotSatisfied++
			}
			hf.Reqs = append(hf.Reqs, hq)
		}
		d.ReqTotal += len(reqs)
		d.ReqOK += hf.Satisfied
		d.Frameworks = append(d.Frameworks, hf)
		// The catalog's names ("DISA Okta IDaaS Security Technical
		// Implementation Guide (V1R2 …)") overflow the chart's label column;
		// the ids are short, and the coverage below heads each with its name.
		rows = append(rows, barRow{label: fw, name: FrameworkName(fw)})
		segs = append(segs, []segment{{"satisfied", hf.Satisfied, colPass}, {"not satisfied", hf.NotSatisfied, colFail}})
	}
	if len(rows) > 0 {
		d.ChartFrameworks = template.HTML(stackedBars("Requirements satisfied per framework", rows, segs)) //nolint:gosec // drawn by svg.go, every text escaped
	}
	d.ChartFactors, d.ChartPhish, d.NoFactors = r.factorCharts()
	d.ChartExceptions = r.exceptionChart()
	d.ChartHistory, d.History = r.historyView()
	for _, in := range r.Inputs {
		d.Inputs = append(d.Inputs, kv{in.Name, sum(in.Data)})
	}
	return t.Execute(w, d)
}

func (r *Report) factorCharts() (bars, share template.HTML, none bool) {
	if len(r.Factors) == 0 {
		return "", "", true
	}
	types := make([]string, 0, len(r.Factors))
	for t := range r.Factors {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool {
		if r.Factors[types[i]] != r.Factors[types[j]] {
			return r.Factors[types[i]] > r.Factors[types[j]]
		}
		return types[i] < types[j]
	})
	vals := make([]int, len(types))
	cols := make([]string, len(types))
	pr, all := 0, 0
	for i, t := range types {
		vals[i] = r.Factors[t]
		cols[i] = colAccent
		all += vals[i]
		if phishingResistant[t] {
			cols[i] = colPass
			pr += vals[i]
		}
	}
	//nolint:gosec // drawn by svg.go, every text escaped
	return template.HTML(columns("Active MFA factors by type", types, vals, cols, "green: phishing-resistant")),
		template.HTML(donut("Phishing-resistant share", pr, all, colPass)), false //nolint:gosec // as above
}

// exceptionChart counts the exceptions in force by the month they expire.
func (r *Report) exceptionChart() template.HTML {
	months := map[string]int{}
	for _, c := range r.Checks {
		for _, e := range c.Exceptions {
			if len(e.Expires) >= 7 {
				months[e.Expires[:7]]++
			}
		}
	}
	if len(months) == 0 {
		return ""
	}
	keys := make([]string, 0, len(months))
	for k := range months {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// Fill the months between, so the axis is time.
	first, _ := time.Parse("2006-01", keys[0])
	last, _ := time.Parse("2006-01", keys[len(keys)-1])
	var labels []string
	var vals []int
	var cols []string
	for m := first; !m.After(last) && len(labels) < 36; m = m.AddDate(0, 1, 0) {
		k := m.Format("2006-01")
		labels = append(labels, m.Format("Jan 2006"))
		vals = append(vals, months[k])
		col := colWaived
		if !r.GeneratedAt.IsZero() && m.Before(r.GeneratedAt.AddDate(0, 2, 0)) {
			col = colFail // expiring within about two months: review soon
		}
		cols = append(cols, col)
	}
	return template.HTML(columns("Exceptions in force by month of expiry", labels, vals, cols, "red: expiring within two months")) //nolint:gosec // drawn by svg.go
}

func (r *Report) historyView() (template.HTML, []htmlHistory) {
	if len(r.History) == 0 {
		return "", nil
	}
	addrs := make([]string, 0, len(r.History))
	for a := range r.History {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	var ss []series
	var rows []htmlHistory
	for i, a := range addrs {
		ps := r.History[a]
		ss = append(ss, series{label: a, points: ps, color: palette[i%len(palette)]})
		h := htmlHistory{Address: a, Anchor: anchor(a), Spark: template.HTML(sparkline(ps)), Points: len(ps), //nolint:gosec // drawn by svg.go
			First: ps[0].At.UTC().Format(time.DateOnly), Last: ps[len(ps)-1].At.UTC().Format(time.DateOnly), Min: ps[0].Violations, Max: ps[0].Violations, Latest: ps[len(ps)-1].Violations}
		for _, p := range ps {
			h.Min, h.Max = min(h.Min, p.Violations), max(h.Max, p.Violations)
		}
		switch first := ps[0].Violations; {
		case h.Latest < first:
			h.Trend = fmt.Sprintf("▼ %d", first-h.Latest)
		case h.Latest > first:
			h.Trend = fmt.Sprintf("▲ %d", h.Latest-first)
		default:
			h.Trend = "="
		}
		rows = append(rows, h)
	}
	return template.HTML(lines("Violations per check over time", ss)), rows //nolint:gosec // drawn by svg.go
}
