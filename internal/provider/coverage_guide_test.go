package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// coverageProblems judges the coverage guide: every check type in checkTypes is
// named in it, and every row of its tables (header Source | Check | Automated
// by | Why not observable) has a source, a check, and either the oktagate
// resource that automates it or the reason nothing can. A table row outside
// such a table, or with another number of cells (a stray | inside a cell), is a
// problem too, so no row can escape the judgement. It returns the problems and
// how many rows it read.
func coverageProblems(guide string, checkTypes []string) (problems []string, rows int) {
	for _, n := range checkTypes {
		if !strings.Contains(guide, "`"+n+"`") {
			problems = append(problems, "the coverage guide does not name "+n)
		}
	}
	inTable := false
	for i, line := range strings.Split(guide, "\n") {
		if !strings.HasPrefix(line, "|") {
			inTable = false
			continue
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "|"), "|"), "|")
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		at := fmt.Sprintf("coverage guide line %d", i+1)
		switch {
		case len(cells) == 4 && cells[0] == "Source" && cells[2] == "Automated by" && cells[3] == "Why not observable":
			inTable = true
			continue
		case strings.HasPrefix(line, "|---"):
			continue
		case !inTable:
			problems = append(problems, at+": a table row outside a Source | Check | Automated by | Why not observable table")
			continue
		case len(cells) != 4:
			problems = append(problems, fmt.Sprintf("%s: %d cells, want 4 (a | inside a cell?)", at, len(cells)))
			continue
		}
		rows++
		source, check, by, why := cells[0], cells[1], cells[2], cells[3]
		switch {
		case source == "" || check == "":
			problems = append(problems, at+": a row without its source or check")
		case by == "" && why == "":
			problems = append(problems, fmt.Sprintf("%s (%s: %s): neither a resource nor a reason", at, source, check))
		case by != "" && !strings.Contains(by, "`oktagate_"):
			problems = append(problems, fmt.Sprintf("%s (%s: %s): \"Automated by\" names no oktagate resource", at, source, check))
		}
	}
	return problems, rows
}

// TestCoverageGuide: the coverage guide names every registered check, and no
// row of it lacks both a resource and a reason (issue #18's "Done when").
func TestCoverageGuide(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../templates/guides/coverage.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	problems, rows := coverageProblems(string(data), checkTypeNames())
	for _, p := range problems {
		t.Error(p)
	}
	// The peer tools and HealthInsight give well over 100 rows; fewer means
	// the tables were lost (a renamed header), not that all is well.
	if rows < 100 {
		t.Errorf("read %d rows from the coverage guide, want at least 100", rows)
	}
}

// TestCoverageProblems: the judgement catches each kind of bad guide, so
// TestCoverageGuide can fail.
func TestCoverageProblems(t *testing.T) {
	t.Parallel()
	const header = "| Source | Check | Automated by | Why not observable |\n|---|---|---|---|\n"
	for _, tc := range []struct {
		name, guide string
		types       []string
		want        string // substring of the one problem expected; "" for none
		rows        int
	}{
		{"good", header + "| A | one | `oktagate_mfa_check`, `min_factors` | |\n| A | two | | Not in the API. |\n", []string{"oktagate_mfa_check"}, "", 2},
		{"neither", header + "| A | one | `oktagate_mfa_check` | |\n| A | two | | |\n", []string{"oktagate_mfa_check"}, "line 4 (A: two): neither a resource nor a reason", 2},
		{"check not named", header + "| A | one | `oktagate_mfa_check` | |\n", []string{"oktagate_mfa_check", "oktagate_x_check"}, "does not name oktagate_x_check", 1},
		{"no resource in by", header + "| A | one | the MFA check | |\n", nil, "names no oktagate resource", 1},
		{"stray pipe", header + "| A | one | `oktagate_mfa_check` | a | b |\n", nil, "5 cells", 0},
		{"row outside table", "| A | one | | |\n", nil, "outside", 0},
		{"no check", header + "| A | | `oktagate_mfa_check` | |\n", nil, "without its source or check", 1},
	} {
		problems, rows := coverageProblems(tc.guide, tc.types)
		if rows != tc.rows {
			t.Errorf("%s: rows = %d, want %d", tc.name, rows, tc.rows)
		}
		switch {
		case tc.want == "" && len(problems) != 0:
			t.Errorf("%s: problems %q, want none", tc.name, problems)
		case tc.want != "" && (len(problems) != 1 || !strings.Contains(problems[0], tc.want)):
			t.Errorf("%s: problems %q, want one containing %q", tc.name, problems, tc.want)
		}
	}
}
