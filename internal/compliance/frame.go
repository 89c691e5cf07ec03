package compliance

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Result statuses.
const (
	StatusPass = "pass"
	StatusFail = "fail"
)

// evidenceVersion is bumped when the evidence layout changes, so a changed
// fingerprint after an upgrade is explained by the evidence itself.
//
// Version 2 holds the violations by their digest (violations_sha256) instead
// of repeating them: the check's `violations` attribute lists them, and a
// changed evidence string is drawn by Terraform as a JSON diff, whose list
// diff compares every element with every other (quadratic in the list's
// length), so every violation in two lists doubled a large org's re-plan.
// The fingerprint still covers every violation, through the digest.
const evidenceVersion = 2

// DefaultMaxListed is how many violations Format lists when its limit is not positive.
const DefaultMaxListed = 20

// DefaultMaxExceptionDays is how far after the plan an exception may run when
// Facts.MaxExceptionDays is not set (the provider's max_exception_days default).
const DefaultMaxExceptionDays = 365

// ExceptionDueDays is how near its expiry an exception in force warns: one that
// expires within this many days of the plan warns, so that it is reviewed before it lapses.
const ExceptionDueDays = 14

// Exception waives the violations of one subject until a date.
type Exception struct {
	// Subject is matched case-insensitively: for a user, against its login,
	// email or id; for anything else (an app, a group, a token, a policy),
	// against the violation's subject and subject id.
	Subject string
	Reason  string
	// Expires is a date, YYYY-MM-DD. The exception applies until the end of that
	// day in UTC.
	Expires string
}

// Violation is one finding that no exception waived.
type Violation struct {
	Subject   string // login, app label, group name…
	SubjectID string // the Okta id
	Reason    string
}

// AppliedException is an exception that waived at least one violation, with the
// violations it waived.
type AppliedException struct {
	Exception
	Violations []Violation
}

// Result is what a rule found.
type Result struct {
	Check             string // the check's resource type, e.g. "oktagate_mfa_check"
	Status            string // StatusPass or StatusFail
	SubjectsEvaluated int
	Violations        []Violation // after exceptions; sorted by subject, subject id, reason
	ExceptionsApplied []AppliedException
	ExceptionsExpired []Exception // each also has a warning
	ExceptionsUnused  []Exception // in force but matching no violation
	// Warnings should reach the user as plan warnings (expired exceptions and
	// suspicious inputs); Notes are informational (unused exceptions, listed
	// subjects that do not exist).
	Warnings    []string
	Notes       []string
	Controls    []string // sorted
	Evidence    string   // canonical JSON
	Fingerprint string   // hex SHA-256 of Evidence
}

// ParseDate parses a YYYY-MM-DD date as midnight UTC.
func ParseDate(s string) (time.Time, error) {
	if len(s) != len(time.DateOnly) {
		return time.Time{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return t, nil
}

// Validate checks that the exception has a subject and a valid expiry date.
func (e Exception) Validate() error {
	if strings.TrimSpace(e.Subject) == "" {
		return errors.New("exception: subject is required")
	}
	if e.Expires == "" {
		return fmt.Errorf("exception for %s: expires is required", e.Subject)
	}
	if _, err := ParseDate(e.Expires); err != nil {
		return fmt.Errorf("exception for %s: expires: %w", e.Subject, err)
	}
	return nil
}

// ValidateExceptions validates each exception and refuses two for one subject
// (subjects match case-insensitively, as they match violations): which of the
// two waives, with which reason and until when, would be ambiguous.
func ValidateExceptions(excs []Exception) error {
	first := map[string]string{}
	var errs []error
	for _, e := range excs {
		if err := e.Validate(); err != nil {
			return err
		}
		k := fold(e.Subject)
		if prev, ok := first[k]; ok {
			errs = append(errs, fmt.Errorf("two exceptions for one subject: %q and %q (subjects match "+
				"case-insensitively); keep one exception block per subject, with one reason and one expires date",
				prev, strings.TrimSpace(e.Subject)))
			continue
		}
		first[k] = strings.TrimSpace(e.Subject)
	}
	return errors.Join(errs...)
}

// ExceptionError is a refused exception: one that runs longer than
// max_exception_days from the plan. Problems are whole sentences, one per
// exception.
type ExceptionError struct {
	Problems []string
}

func (e *ExceptionError) Error() string { return strings.Join(e.Problems, "\n") }

// activeAt reports whether the exception still applies at now: up to and
// including the whole of its expiry day, in UTC.
func (e Exception) activeAt(now time.Time) bool {
	d, err := ParseDate(e.Expires)
	if err != nil {
		return false
	}
	return now.Before(d.AddDate(0, 0, 1))
}

func (e Exception) evidence() map[string]any {
	return map[string]any{"subject": e.Subject, "reason": e.Reason, "expires": e.Expires}
}

func compareExceptions(a, b Exception) int {
	return cmp.Or(
		cmp.Compare(fold(a.Subject), fold(b.Subject)),
		cmp.Compare(a.Expires, b.Expires),
		cmp.Compare(a.Reason, b.Reason),
		cmp.Compare(a.Subject, b.Subject),
	)
}

func compareViolations(a, b Violation) int {
	return cmp.Or(
		cmp.Compare(a.Subject, b.Subject),
		cmp.Compare(a.SubjectID, b.SubjectID),
		cmp.Compare(a.Reason, b.Reason),
	)
}

func (v Violation) evidence() map[string]any {
	return map[string]any{"subject": v.Subject, "subject_id": v.SubjectID, "reason": v.Reason}
}

// String renders the violation as one line of a plan error.
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

// finding is a violation before exceptions, with the folded names an exception
// subject may use for it.
type finding struct {
	Violation
	keys []string
}

// userKeys are the names an exception may use for a user.
func userKeys(login, email, id string) []string {
	return []string{fold(login), fold(email), fold(id)}
}

func (fd finding) matches(subject string) bool {
	s := fold(subject)
	return s != "" && slices.Contains(fd.keys, s)
}

// evaluation is what a rule hands to the frame.
type evaluation struct {
	check     string
	inputs    map[string]any    // normalized inputs, exceptions excluded; finish adds allow_empty
	evaluated int               // subjects evaluated
	findings  []finding         // before exceptions
	facts     map[string]string // name → fingerprint of the facts the rule read
	details   map[string]any    // further rule-specific facts for the evidence; may be nil
	// input is the check's normalized input as the catalog's conditions read
	// it (catalog.go): the controls are the mappings that apply to it.
	input    any
	warnings []string
	notes    []string
	// empty, when set, is what evaluating no subject means for a check over
	// people: a violation unless the check allows it (see requireSubjects and
	// emptyIsImpossible). When nil and evaluated is 0, noneNote (see
	// noneIsPass) says in the evidence why that is a pass.
	empty    *emptyRule
	noneNote string
}

// emptyRule is what a check over people that evaluated nobody reports.
type emptyRule struct {
	allowable bool // the check has an allow_empty argument
	allow     bool // … and it is true
	subject   string
	subjectID string
	why       string // why nobody was evaluated and what to check
}

// requireSubjects makes an evaluation of nobody a violation of subject (the
// check's scope: "group_ids 00g…", an app…) whose reason is why (what was
// empty and which arguments to check), unless allow (the check's allow_empty)
// is true; then the evidence's details say that nothing was evaluated, and
// why. Either way the inputs record allow_empty. Checks over people call it:
// a scope that matches nobody, or an empty or null user list from Okta, is
// far likelier a mistake than an org with no one to judge.
func (ev *evaluation) requireSubjects(allow bool, subject, subjectID, why string) {
	ev.empty = &emptyRule{allowable: true, allow: allow, subject: subject, subjectID: subjectID, why: why}
}

// emptyIsImpossible makes an evaluation of nobody a violation that no argument
// allows: the org cannot have none (every org has a super administrator), so
// none means the facts are wrong.
func (ev *evaluation) emptyIsImpossible(subject, subjectID, why string) {
	ev.empty = &emptyRule{subject: subject, subjectID: subjectID, why: why}
}

// noneIsPass says, for a check where having no subject is a good state (no API
// token, no OAuth app), why evaluating none passes; the evidence's details
// carry it as "note" when nothing was evaluated.
func (ev *evaluation) noneIsPass(note string) {
	ev.noneNote = note
}

// applyEmpty adds what evaluating nobody means to the findings, inputs and
// details.
func (ev *evaluation) applyEmpty() {
	if ev.empty != nil && ev.empty.allowable {
		if ev.inputs == nil {
			ev.inputs = map[string]any{}
		}
		ev.inputs["allow_empty"] = ev.empty.allow
	}
	if ev.evaluated != 0 {
		return
	}
	note := ev.noneNote
	switch e := ev.empty; {
	case e == nil:
	case e.allow:
		note = "nothing was evaluated, which allow_empty = true makes a pass: " + e.why
	case e.allowable:
		ev.findings = append(ev.findings, finding{Violation: Violation{Subject: e.subject, SubjectID: e.subjectID,
			Reason: "nothing was evaluated: " + e.why + "; set allow_empty = true if an empty scope is expected"}})
	default:
		ev.findings = append(ev.findings, finding{Violation: Violation{Subject: e.subject, SubjectID: e.subjectID,
			Reason: "nothing was evaluated: " + e.why}})
	}
	if note == "" {
		return
	}
	details := map[string]any{}
	for k, v := range ev.details {
		details[k] = v
	}
	details["note"] = note
	ev.details = details
}

// finish applies exceptions and builds the Result: violations, warnings, the
// controls and the evidence with its fingerprint.
func finish(f *Facts, ev evaluation, exceptions []Exception) (Result, error) {
	if f.Now.IsZero() {
		return Result{}, errors.New("compliance: Facts.Now is not set")
	}
	if err := ValidateExceptions(exceptions); err != nil {
		return Result{}, err
	}
	excs := slices.Clone(exceptions)
	slices.SortFunc(excs, compareExceptions)
	ev.applyEmpty()

	r := Result{
		Check:             ev.check,
		SubjectsEvaluated: ev.evaluated,
		Controls:          applicableControls(ev.check, ev.input, f.Frameworks),
		Warnings:          slices.Clone(ev.warnings),
		Notes:             slices.Clone(ev.notes),
	}

	// Exceptions are judged against the plan's day (UTC): the last day an
	// exception applies is its expires date.
	today := time.Date(f.Now.UTC().Year(), f.Now.UTC().Month(), f.Now.UTC().Day(), 0, 0, 0, 0, time.UTC)
	maxDays := f.MaxExceptionDays
	if maxDays <= 0 {
		maxDays = DefaultMaxExceptionDays
	}
	var refused []string
	var active []Exception
	for _, e := range excs {
		if !e.activeAt(f.Now) {
			r.ExceptionsExpired = append(r.ExceptionsExpired, e)
			r.Warnings = append(r.Warnings, fmt.Sprintf("exception for %s expired on %s; it no longer applies", e.Subject, e.Expires))
			continue
		}
		d, _ := ParseDate(e.Expires) // validated above
		left := int(d.Sub(today).Hours() / 24)
		switch {
		case left > maxDays:
			refused = append(refused, fmt.Sprintf("The exception for %s expires on %s, %d days after the plan's "+
				"date %s: longer than max_exception_days (%d). Expire it on %s or earlier, and renew it after "+
				"review; or raise max_exception_days in the provider block.",
				e.Subject, e.Expires, left, today.Format(time.DateOnly), maxDays, today.AddDate(0, 0, maxDays).Format(time.DateOnly)))
		case left <= ExceptionDueDays:
			when := plural(left, "day", "days") + " after the plan"
			if left == 0 {
				when = "the plan's day"
			}
			r.Warnings = append(r.Warnings, fmt.Sprintf("exception for %s expires on %s, %s: review it, then "+
				"renew it with a later expires date or fix the violations it waives", e.Subject, e.Expires, when))
		}
		active = append(active, e)
	}
	if len(refused) > 0 {
		return Result{}, &ExceptionError{Problems: refused}
	}

	waived := make([][]Violation, len(active))
	for _, fd := range ev.findings {
		hit := false
		for i, e := range active {
			if fd.matches(e.Subject) {
				waived[i] = append(waived[i], fd.Violation)
				hit = true
			}
		}
		if !hit {
			r.Violations = append(r.Violations, fd.Violation)
		}
	}
	for i, e := range active {
		if len(waived[i]) == 0 {
			r.ExceptionsUnused = append(r.ExceptionsUnused, e)
			r.Warnings = append(r.Warnings, fmt.Sprintf("exception for %s (expires %s) waives nothing: no "+
				"violation of this check matches it; remove it, or correct its subject (a user's login, email or "+
				"id; another subject's name or id as the violations show it)", e.Subject, e.Expires))
			continue
		}
		vs := sortedViolations(waived[i])
		r.ExceptionsApplied = append(r.ExceptionsApplied, AppliedException{Exception: e, Violations: vs})
	}
	r.Violations = sortedViolations(r.Violations)
	r.Status = StatusPass
	if len(r.Violations) > 0 {
		r.Status = StatusFail
	}
	slices.Sort(r.Warnings)
	r.Warnings = slices.Compact(r.Warnings)
	slices.Sort(r.Notes)
	r.Notes = slices.Compact(r.Notes)

	evidence := map[string]any{
		"version":            evidenceVersion,
		"check":              ev.check,
		"controls":           r.Controls,
		"inputs":             ev.inputs,
		"subjects_evaluated": r.SubjectsEvaluated,
		"violation_count":    len(r.Violations),
		"violations_sha256":  ViolationsDigest(r.Violations),
		"exceptions": map[string]any{
			"applied": appliedEvidence(r.ExceptionsApplied),
			"expired": exceptionsEvidence(r.ExceptionsExpired),
			"unused":  exceptionsEvidence(r.ExceptionsUnused),
		},
		"facts": ev.facts,
	}
	if ev.details != nil {
		evidence["details"] = ev.details
	}
	b, err := Canonical(evidence)
	if err != nil {
		return Result{}, fmt.Errorf("compliance: encoding evidence of %s: %w", ev.check, err)
	}
	r.Evidence = string(b)
	r.Fingerprint = hashHex(b)
	return r, nil
}

// sortedViolations sorts and drops exact duplicates.
func sortedViolations(vs []Violation) []Violation {
	vs = slices.Clone(vs)
	slices.SortFunc(vs, compareViolations)
	return slices.Compact(vs)
}

// ViolationsDigest is the hex SHA-256 of the canonical JSON array of vs, each
// violation an object {"reason", "subject", "subject_id"} in the order given
// (a Result's violations are sorted): what a check's evidence holds as
// violations_sha256 for the violations its `violations` attribute lists.
func ViolationsDigest(vs []Violation) string {
	return hashHex(CanonicalViolations(vs))
}

// CanonicalViolations is the canonical JSON array ViolationsDigest hashes.
func CanonicalViolations(vs []Violation) []byte {
	b, _ := Canonical(violationsEvidence(vs)) // strings only: cannot fail
	return b
}

func violationsEvidence(vs []Violation) []any {
	out := make([]any, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.evidence())
	}
	return out
}

func exceptionsEvidence(es []Exception) []any {
	out := make([]any, 0, len(es))
	for _, e := range es {
		out = append(out, e.evidence())
	}
	return out
}

func appliedEvidence(as []AppliedException) []any {
	out := make([]any, 0, len(as))
	for _, a := range as {
		m := a.evidence()
		m["violations"] = violationsEvidence(a.Violations)
		out = append(out, m)
	}
	return out
}

// Format renders the body of a failing check's plan error (or warning): the
// address, the violation count, then up to limit violations one per line and
// "…and N more" for the rest. limit ≤ 0 means DefaultMaxListed.
func Format(address string, r Result, limit int) string {
	if limit <= 0 {
		limit = DefaultMaxListed
	}
	var b strings.Builder
	b.WriteString(address)
	b.WriteString(": ")
	b.WriteString(plural(len(r.Violations), "violation", "violations"))
	for i, v := range r.Violations {
		if i == limit {
			fmt.Fprintf(&b, "\n…and %d more", len(r.Violations)-limit)
			break
		}
		b.WriteString("\n")
		b.WriteString(v.String())
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// listed renders up to limit names, then "and N more".
func listed(names []string, limit int) string {
	if len(names) <= limit {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:limit], ", ") + fmt.Sprintf(" and %d more", len(names)-limit)
}

// sortedSet returns the sorted distinct non-empty strings of ss, as a new slice
// (never nil, so that evidence shows [] rather than null).
func sortedSet(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// foldedSet is sortedSet over folded strings.
func foldedSet(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, fold(s))
	}
	return sortedSet(out)
}

// upperSet is sortedSet over trimmed upper-cased strings (statuses, role types).
func upperSet(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, strings.ToUpper(strings.TrimSpace(s)))
	}
	return sortedSet(out)
}

// factsFingerprint fingerprints rows of facts after sorting them by their
// canonical encoding, so the order the facts came in never matters.
func factsFingerprint(rows []any) (string, error) {
	enc := make([]string, 0, len(rows))
	for _, r := range rows {
		b, err := Canonical(r)
		if err != nil {
			return "", err
		}
		enc = append(enc, string(b))
	}
	slices.Sort(enc)
	// The hash of the JSON array of the rows, written into the hash as it
	// goes rather than built whole first (megabytes at 100k users).
	h := sha256.New()
	_, _ = io.WriteString(h, "[")
	for i, s := range enc {
		if i > 0 {
			_, _ = io.WriteString(h, ",")
		}
		_, _ = io.WriteString(h, s)
	}
	_, _ = io.WriteString(h, "]")
	return hex.EncodeToString(h.Sum(nil)), nil
}

// nonNil returns s, or an empty slice when it is nil: an empty list loaded is
// not a list missing, and evidence shows [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
