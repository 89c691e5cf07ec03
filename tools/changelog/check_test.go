package changelog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestChangelog holds the repository's CHANGELOG.md to its convention.
func TestChangelog(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, err := range Check(f, time.Now().UTC()) {
		t.Error(err)
	}
}

const good = `# Changelog

Text.

## [Unreleased]

### Added

#### Checks

- a check

## [1.1.0] - 2026-12-01

### Fixed

- a fix

## [1.0.0] - 2026-11-30

### Added

- the first release

[Unreleased]: https://example.com/compare/v1.1.0...HEAD
`

func TestCheck(t *testing.T) {
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	if errs := Check(strings.NewReader(good), today); len(errs) > 0 {
		t.Fatalf("a well-formed changelog was refused: %v", errs)
	}
	for name, c := range map[string]struct{ old, new, want string }{
		"no title":             {"# Changelog\n", "# Changes\n", `"# Changelog"`},
		"no unreleased":        {"## [Unreleased]\n\n### Added\n\n#### Checks\n\n- a check\n\n", "", "must be \"## [Unreleased]\""},
		"unknown kind":         {"### Fixed", "### Bugfixes", `one of Added, Changed`},
		"version without date": {"## [1.1.0] - 2026-12-01", "## [1.1.0]", `"## [X.Y.Z] - YYYY-MM-DD"`},
		"not a date":           {"2026-12-01", "2026-13-01", "is not a date"},
		"future date":          {"2026-12-01", "2027-01-01", "after today"},
		"oldest first":         {"## [1.1.0]", "## [0.9.0]", "newest first"},
		"empty kind":           {"### Fixed\n\n- a fix\n", "### Fixed\n", "Fixed has a heading and no entry"},
		"entry outside a kind": {"### Fixed\n\n- a fix\n", "- a fix\n", "outside a ### kind"},
		"group outside a kind": {"### Added\n\n#### Checks", "#### Checks", "belongs inside"},
		"duplicate kind":       {"### Fixed\n\n- a fix\n", "### Fixed\n\n- a fix\n\n### Fixed\n\n- another\n", "two \"Fixed\""},
		"duplicate version":    {"## [1.0.0] - 2026-11-30", "## [1.1.0] - 2026-12-01", "appears twice"},
		"unreleased after":     {"[Unreleased]: https", "## [Unreleased]\n\n[Unreleased]: https", "before every released version"},
		"deep heading":         {"#### Checks", "##### Checks", "headings are"},
	} {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(good, c.old) {
				t.Fatalf("%q not in the sample", c.old)
			}
			errs := Check(strings.NewReader(strings.Replace(good, c.old, c.new, 1)), today)
			var all []string
			for _, e := range errs {
				all = append(all, e.Error())
			}
			if !strings.Contains(strings.Join(all, "\n"), c.want) {
				t.Errorf("want an error containing %q, got %q", c.want, all)
			}
		})
	}
}
