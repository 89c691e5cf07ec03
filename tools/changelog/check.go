// Package changelog checks CHANGELOG.md against the convention it states
// (Keep a Changelog): `make changelog`, part of `make test`, runs its test on
// the repository's file, so a malformed changelog fails CI, not the release
// that would copy its section.
package changelog

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kinds are Keep a Changelog's headings for a version's changes.
var Kinds = []string{"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}

var (
	released = regexp.MustCompile(`^## \[(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?\] - (\d{4}-\d{2}-\d{2})$`)
	linkRef  = regexp.MustCompile(`^\[[^\]]+\]: \S+$`)
)

// Check returns every way the changelog departs from the convention, each
// naming its line: the title first; `## [Unreleased]` as the first section;
// released versions `## [X.Y.Z] - YYYY-MM-DD`, each once, newest first, dates
// real and not later than today; within a section only Kinds as `###`
// headings, each at most once, each with at least one entry; `####` headings
// (groups) only inside a kind; entries ("- ") only under a kind.
func Check(r io.Reader, today time.Time) []error {
	var (
		errs    []error
		lineNo  int
		section string // "" before the first ##
		kind    string
		entries = map[string]int{} // section/kind → entries
		kinds   []string           // section/kind in order, to report empty ones
		prev    []int              // the previous released version
		seen    = map[string]bool{}
	)
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("CHANGELOG.md:%d: "+format, append([]any{lineNo}, args...)...))
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		switch {
		case lineNo == 1:
			if line != "# Changelog" {
				fail(`the first line must be "# Changelog"`)
			}
		case strings.HasPrefix(line, "# "):
			fail("a second title %q", line)
		case strings.HasPrefix(line, "## "):
			kind = ""
			name := strings.TrimPrefix(line, "## ")
			if seen[name] {
				fail("%s appears twice", name)
			}
			seen[name] = true
			if section == "" && line != "## [Unreleased]" {
				fail(`the first section must be "## [Unreleased]", where changes land before a release`)
			}
			if line == "## [Unreleased]" {
				if section != "" {
					fail(`"## [Unreleased]" must come before every released version`)
				}
				section = "Unreleased"
				continue
			}
			m := released.FindStringSubmatch(line)
			if m == nil {
				fail(`%q: a released version is "## [X.Y.Z] - YYYY-MM-DD"`, line)
				section = name
				continue
			}
			section = m[1] + "." + m[2] + "." + m[3] + m[4]
			d, err := time.Parse(time.DateOnly, m[5])
			switch {
			case err != nil:
				fail("%s: %s is not a date", section, m[5])
			case d.After(today):
				fail("%s: released %s, after today", section, m[5])
			}
			v := make([]int, 3)
			for i := range v {
				v[i], _ = strconv.Atoi(m[i+1]) // \d+, so it parses
			}
			if prev != nil && slices.Compare(v, prev) >= 0 {
				fail("%s is listed below %d.%d.%d: versions go newest first", section, prev[0], prev[1], prev[2])
			}
			prev = v
		case strings.HasPrefix(line, "### "):
			k := strings.TrimPrefix(line, "### ")
			if section == "" {
				fail("%q before any version section", line)
				continue
			}
			if !slices.Contains(Kinds, k) {
				fail("%q: a change's heading is one of %s", line, strings.Join(Kinds, ", "))
			}
			key := section + "/" + k
			if slices.Contains(kinds, key) {
				fail("%s has two %q headings", section, k)
			}
			kinds = append(kinds, key)
			kind = k
		case strings.HasPrefix(line, "#### "):
			if kind == "" {
				fail("%q: a group heading belongs inside a ### kind", line)
			}
		case strings.HasPrefix(line, "#"):
			fail("%q: headings are ## (version), ### (kind) or #### (group)", line)
		case strings.HasPrefix(line, "- "):
			if kind == "" {
				if section != "" {
					fail("an entry outside a ### kind heading: %q", line)
				}
				continue
			}
			entries[section+"/"+kind]++
		case linkRef.MatchString(line):
			// link references ([Unreleased]: compare URL) are free
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, err)
	}
	if lineNo == 0 {
		errs = append(errs, fmt.Errorf("CHANGELOG.md is empty"))
	}
	if !seen["[Unreleased]"] && lineNo > 0 {
		errs = append(errs, fmt.Errorf(`CHANGELOG.md has no "## [Unreleased]" section`))
	}
	for _, k := range kinds {
		if entries[k] == 0 {
			errs = append(errs, fmt.Errorf("CHANGELOG.md: %s has a heading and no entry", strings.Replace(k, "/", ": ", 1)))
		}
	}
	return errs
}
