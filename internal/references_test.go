package internal_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	// A backquoted path from the repository's root, or one that climbs out of
	// the file's directory.
	backquotedPath = regexp.MustCompile("`((?:internal|cmd|tools|examples|templates|docs|contract)/[^`\\s]*|\\.\\./[^`\\s]*)`")
	// An unquoted path from the root that names a file.
	barePath = regexp.MustCompile(`(?:^|[^\w/.-])((?:internal|cmd|tools|examples|templates|docs|contract)/[\w./-]*\.(?:go|md|tf|tmpl|json|rego|csv))\b`)
	// A document named like README.md or ARCHITECTURE.md.
	docName = regexp.MustCompile(`\b[A-Z][A-Z_]+\.md\b`)
	// A relative Markdown link.
	mdLink    = regexp.MustCompile(`\]\(([^)\s#]+)(?:#[^)]*)?\)`)
	urlScheme = regexp.MustCompile(`^[a-z]+:`)
)

// TestNoReferenceToMissingFile: the documentation and the code's comments cite
// only files that are in the repository. A path is looked up from the root and
// from the citing file's directory (for a template, from the directory of the
// page rendered from it); a path with a placeholder (<name>, *, {id},
// %s) is a pattern, not a file, and generated or installed trees (bin, dist,
// node_modules) are not in the repository to begin with.
func TestNoReferenceToMissingFile(t *testing.T) {
	root := ".."
	var checked int
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "bin", "dist", ".terraform", "testdata":
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(path)
		if ext != ".go" && ext != ".md" && ext != ".tmpl" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		for i, line := range strings.Split(string(data), "\n") {
			if ext == ".go" {
				// Only comments: a Go raw string's backquotes delimit code.
				k := strings.Index(line, "//")
				if k < 0 {
					continue
				}
				line = line[k:]
			}
			var cited []string
			for _, m := range backquotedPath.FindAllStringSubmatch(line, -1) {
				cited = append(cited, m[1])
			}
			for _, m := range barePath.FindAllStringSubmatch(line, -1) {
				cited = append(cited, m[1])
			}
			cited = append(cited, docName.FindAllString(line, -1)...)
			if ext != ".go" {
				for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
					if !urlScheme.MatchString(m[1]) {
						cited = append(cited, m[1])
					}
				}
			}
			slices.Sort(cited)
			for _, c := range slices.Compact(cited) {
				checked++
				if strings.ContainsAny(c, "<>*{}%$") || strings.Contains(c, "node_modules") {
					continue
				}
				c = strings.TrimRight(c, "/.,:;")
				if exists(filepath.Join(root, c)) || exists(filepath.Join(filepath.Dir(path), c)) {
					continue
				}
				// A template's relative link is read where tfplugindocs
				// renders it: templates/guides/ci-gate.md.tmpl is docs/guides/ci-gate.md.
				if rendered, ok := strings.CutPrefix(filepath.ToSlash(rel), "templates/"); ok &&
					exists(filepath.Join(root, "docs", filepath.Dir(rendered), c)) {
					continue
				}
				t.Errorf("%s:%d cites %s, which is not in the repository", filepath.ToSlash(rel), i+1, c)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("checked only %d citations: the scan is broken", checked)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
