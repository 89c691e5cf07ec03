// Package report turns what CI keeps of an oktagate run — `terraform show
// -json` of a plan or a state, and the `terraform plan -json` log — into
// evidence an auditor reads: an HTML report, a Markdown job summary, JUnit XML,
// OSCAL Assessment Results and a zip of the evidence with a manifest.
//
// It is pure: it parses JSON and renders files. It knows Terraform's JSON
// formats and the check resources' attributes, never the org or the provider.
package report

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Check statuses as the report shows them. Pass and fail come from the check;
// unknown is a check whose result the plan could not know (its values are
// computed at apply); a stale check is one whose evidence is older than
// --max-age: it keeps its status but does not count as coverage.
const (
	StatusPass    = "pass"
	StatusFail    = "fail"
	StatusUnknown = "unknown"
)

// Input kinds.
const (
	KindPlan  = "plan"
	KindState = "state"
	KindLog   = "plan log"
	// KindRecord is a check's evidence record, which the provider writes
	// into its evidence_dir at plan (a blocked plan keeps its complete
	// evidence only there).
	KindRecord = "evidence record"
)

// Input is one file given on the command line, kept whole for the evidence package.
type Input struct {
	// Name is the base name as given; a file read from a directory given as
	// an input is "<directory's base name>/<file>".
	Name string
	Data []byte
	// Record: the file came from a directory, so it must be an evidence
	// record.
	Record bool
}

// Violation is one finding no exception waived.
type Violation struct {
	Subject   string `json:"subject"`
	SubjectID string `json:"subject_id"`
	Reason    string `json:"reason"`
}

func (v Violation) String() string {
	switch {
	case v.Subject == "":
		return v.SubjectID + ": " + v.Reason
	case v.SubjectID == "" || v.SubjectID == v.Subject:
		return v.Subject + ": " + v.Reason
	default:
		return v.Subject + " (" + v.SubjectID + "): " + v.Reason
	}
}

// Exception is an exception block the check applied (with the violations it
// waived) or found expired.
type Exception struct {
	Subject    string      `json:"subject"`
	Reason     string      `json:"reason"`
	Expires    string      `json:"expires"`
	Violations []Violation `json:"violations"`
}

// Control is one framework requirement a check evidences.
type Control struct {
	Framework   string // one of compliance.FrameworkIDs
	Requirement string // e.g. "CC6.1"
}

func (c Control) String() string { return c.Framework + " " + c.Requirement }

// Check is one check resource as one input saw it.
type Check struct {
	Address     string
	Type        string
	Status      string
	Enforcement string
	// SubjectsEvaluated is -1 when the input does not say (a plan log).
	SubjectsEvaluated int
	ViolationCount    int
	Violations        []Violation
	Exceptions        []Exception // applied
	Expired           []Exception // expired exceptions, in the evidence
	Controls          []Control
	Evidence          string         // canonical JSON as the provider wrote it; "" from a log
	Inputs            map[string]any // the evidence's inputs
	Facts             map[string]any // the evidence's data fingerprints
	Fingerprint       string         // full SHA-256, or the 12-hex prefix a log gives
	Source            string         // the input it came from
	Kind              string
	JudgedAt          time.Time // zero when the input does not say
	Stale             bool
	providerVersion   string // the evidence's provider_version, when it records one
	// violationsSHA256 is the evidence's digest of Violations (evidence
	// version 2 on), which parse has verified them against.
	violationsSHA256 string
}

// Counted reports whether the check counts as coverage: a fresh pass.
func (c *Check) Counted() bool { return c.Status == StatusPass && !c.Stale }

// Waived is how many violations exceptions waived.
func (c *Check) Waived() int {
	n := 0
	for _, e := range c.Exceptions {
		n += len(e.Violations)
	}
	return n
}

// Run is what one input says.
type Run struct {
	Source           string
	Kind             string
	JudgedAt         time.Time
	TerraformVersion string
	ProviderVersion  string
	Org              string
	Checks           []*Check
	Factors          map[string]int // factor type -> active factors, from data.oktagate_users when present
}

// Point is one observation of a check in its history.
type Point struct {
	At         time.Time
	Violations int
	Status     string
	Source     string
}

// Report is everything the outputs are rendered from.
type Report struct {
	Org              string
	TerraformVersion string
	ProviderVersion  string
	Commit           string
	GeneratedAt      time.Time
	JudgedAt         time.Time // the latest run's
	MaxAge           time.Duration
	Frameworks       []string // the frameworks shown, in display order
	Runs             []*Run   // sorted by judged-at
	Checks           []*Check // the current result of each check, by address
	History          map[string][]Point
	Inputs           []Input
	Factors          map[string]int
}

// Options are the command's flags that shape the model.
type Options struct {
	MaxAge     time.Duration
	Frameworks []string // empty: every framework
	Commit     string
	Now        time.Time
}

// Build reads the inputs into a report. Each input is parsed on its own (an
// error names the file and what is wrong); the current result of a check is
// its latest observation, where an observation with evidence (a plan or a
// state) stands for a log's observation of the same evaluation.
func Build(inputs []Input, opts Options) (*Report, error) {
	r := &Report{Commit: opts.Commit, GeneratedAt: opts.Now.UTC(), MaxAge: opts.MaxAge, Inputs: inputs,
		History: map[string][]Point{}}
	for _, in := range inputs {
		run, err := parseInput(in)
		if err != nil {
			return nil, err
		}
		r.Runs = append(r.Runs, run)
	}
	joinRecords(r.Runs)
	total := 0
	for _, run := range r.Runs {
		total += len(run.Checks)
	}
	if total == 0 {
		names := make([]string, len(inputs))
		for i, in := range inputs {
			names[i] = in.Name
		}
		return nil, &InputError{File: strings.Join(names, ", "), Problem: "no oktagate check resources " +
			"(oktagate_*_check, oktagate_access_review) in any input: give `terraform show -json` of a plan or " +
			"state of a configuration with checks, or its `terraform plan -json` log"}
	}
	slices.SortStableFunc(r.Runs, func(a, b *Run) int { return a.JudgedAt.Compare(b.JudgedAt) })

	// Observations per address, oldest first; same evaluations merged.
	obs := map[string][]*Check{}
	for _, run := range r.Runs {
		for _, c := range run.Checks {
			list := obs[c.Address]
			if n := len(list); n > 0 && sameEvaluation(list[n-1], c) {
				keep, other := list[n-1], c
				if richer(c, keep) {
					keep, other = c, keep
				}
				// A state does not say when it was judged; its plan log does.
				if keep.JudgedAt.IsZero() {
					keep.JudgedAt = other.JudgedAt
				}
				list[n-1] = keep
				continue
			}
			obs[c.Address] = append(list, c)
		}
	}
	for addr, list := range obs {
		cur := list[len(list)-1]
		cur.Stale = cur.JudgedAt.IsZero() || r.GeneratedAt.Sub(cur.JudgedAt) > opts.MaxAge
		r.Checks = append(r.Checks, cur)
		var points []Point
		for _, c := range list {
			// An observation of unknown time has no place on a time axis.
			if !c.JudgedAt.IsZero() {
				points = append(points, Point{At: c.JudgedAt, Violations: c.ViolationCount, Status: c.Status, Source: c.Source})
			}
		}
		if len(points) > 1 {
			r.History[addr] = points
		}
	}
	slices.SortFunc(r.Checks, func(a, b *Check) int { return cmp.Compare(a.Address, b.Address) })

	// Header facts: the latest run that knows each.
	for _, run := range r.Runs {
		r.TerraformVersion = cmp.Or(run.TerraformVersion, r.TerraformVersion)
		r.Org = cmp.Or(run.Org, r.Org)
		r.ProviderVersion = cmp.Or(run.ProviderVersion, r.ProviderVersion)
		if run.Factors != nil {
			r.Factors = run.Factors
		}
	}
	// When it was judged: the latest evaluation the current results come from.
	for _, c := range r.Checks {
		if c.JudgedAt.After(r.JudgedAt) {
			r.JudgedAt = c.JudgedAt
		}
	}
	r.Org = cmp.Or(r.Org, "unknown")
	r.ProviderVersion = cmp.Or(r.ProviderVersion, "unknown")
	r.TerraformVersion = cmp.Or(r.TerraformVersion, "unknown")
	r.Frameworks = selectFrameworks(opts.Frameworks)
	return r, nil
}

// joinRecords gives each evidence record the address of the check it records.
// A record knows its check's type and fingerprint but not the resource's
// address, which Terraform alone knows: a plan log's diagnostic (a failing
// check, by the fingerprint's first 12 hex digits) or a plan or state (the full
// fingerprint) gives it. A record that matches several addresses (identical
// checks) stands for each; one that matches none is shown under its type and
// fingerprint rather than dropped.
func joinRecords(runs []*Run) {
	var known []*Check
	for _, run := range runs {
		if run.Kind != KindRecord {
			for _, c := range run.Checks {
				if c.Fingerprint != "" {
					known = append(known, c)
				}
			}
		}
	}
	for _, run := range runs {
		if run.Kind != KindRecord {
			continue
		}
		var out []*Check
		for _, rec := range run.Checks {
			seen := map[string]bool{}
			for _, c := range known {
				if c.Type != rec.Type || seen[c.Address] || !strings.HasPrefix(rec.Fingerprint, c.Fingerprint) {
					continue
				}
				seen[c.Address] = true
				cp := *rec
				cp.Address = c.Address
				out = append(out, &cp)
			}
			if len(seen) == 0 {
				rec.Address = UnaddressedRecord(rec.Type, rec.Fingerprint)
				out = append(out, rec)
			}
		}
		run.Checks = out
	}
}

// UnaddressedRecord is the address a report shows for an evidence record no
// other input places: "oktagate_mfa_check (967e7386d946…)".
func UnaddressedRecord(typ, fingerprint string) string {
	return typ + " (" + fingerprint[:min(12, len(fingerprint))] + "…)"
}

// sameEvaluation: two observations of one check are one evaluation when their
// fingerprints agree (a log carries the first 12 hex digits), or, when one has
// none (a log shows nothing of a passing check), when they agree on the status
// and were judged within an hour of each other.
func sameEvaluation(a, b *Check) bool {
	if a.Fingerprint != "" && b.Fingerprint != "" {
		return strings.HasPrefix(a.Fingerprint, b.Fingerprint) || strings.HasPrefix(b.Fingerprint, a.Fingerprint)
	}
	if a.Kind != KindLog && b.Kind != KindLog {
		return false
	}
	if a.Status != b.Status {
		return false
	}
	// A state does not say when; a log beside it is taken as its run's.
	if a.JudgedAt.IsZero() || b.JudgedAt.IsZero() {
		return true
	}
	d := a.JudgedAt.Sub(b.JudgedAt)
	return d < time.Hour && d > -time.Hour
}

// richer prefers the observation with evidence, then the later one.
func richer(c, than *Check) bool {
	hasC, hasThan := c.Evidence != "", than.Evidence != ""
	if hasC != hasThan {
		return hasC
	}
	return c.JudgedAt.After(than.JudgedAt)
}

// Requirement is one framework requirement and the checks that evidence it.
type Requirement struct {
	Framework string
	ID        string
	Checks    []*Check
}

// Satisfied reports whether every check that evidences the requirement is a
// fresh pass.
func (q Requirement) Satisfied() bool {
	for _, c := range q.Checks {
		if !c.Counted() {
			return false
		}
	}
	return len(q.Checks) > 0
}

// Counts of the requirement's checks by outcome. A check is waived when it
// passes only because exceptions waived violations.
func (q Requirement) Counts() (pass, fail, waived, stale int) {
	for _, c := range q.Checks {
		switch {
		case c.Stale:
			stale++
		case c.Status != StatusPass:
			fail++
		case c.Waived() > 0:
			waived++
		default:
			pass++
		}
	}
	return
}

// Requirements lists, per shown framework, its requirements and their checks,
// sorted by framework order then requirement id.
func (r *Report) Requirements(framework string) []Requirement {
	byID := map[string]*Requirement{}
	for _, c := range r.Checks {
		for _, ctl := range c.Controls {
			if ctl.Framework != framework {
				continue
			}
			q := byID[ctl.Requirement]
			if q == nil {
				q = &Requirement{Framework: framework, ID: ctl.Requirement}
				byID[ctl.Requirement] = q
			}
			q.Checks = append(q.Checks, c)
		}
	}
	out := make([]Requirement, 0, len(byID))
	for _, q := range byID {
		out = append(out, *q)
	}
	slices.SortFunc(out, func(a, b Requirement) int { return naturalCompare(a.ID, b.ID) })
	return out
}

// naturalCompare orders "CC6.2" before "CC6.10" and "A.5.9" before "A.5.16".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		ad, bd := digitsPrefix(a), digitsPrefix(b)
		if ad != "" && bd != "" {
			if c := cmp.Or(cmp.Compare(len(strings.TrimLeft(ad, "0")), len(strings.TrimLeft(bd, "0"))),
				cmp.Compare(strings.TrimLeft(ad, "0"), strings.TrimLeft(bd, "0"))); c != 0 {
				return c
			}
			a, b = a[len(ad):], b[len(bd):]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitsPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// Totals counts the current checks by outcome.
func (r *Report) Totals() (pass, fail, unknown, stale int) {
	for _, c := range r.Checks {
		switch {
		case c.Stale:
			stale++
		case c.Status == StatusPass:
			pass++
		case c.Status == StatusFail:
			fail++
		default:
			unknown++
		}
	}
	return
}
