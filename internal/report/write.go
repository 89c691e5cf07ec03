package report

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
)

// Output formats and the files they write.
const (
	FormatHTML  = "html"
	FormatMD    = "md"
	FormatJUnit = "junit"
	FormatOSCAL = "oscal"
	FormatZip   = "zip"
)

// Formats are every format, in the order the files are written.
var Formats = []string{FormatHTML, FormatMD, FormatJUnit, FormatOSCAL, FormatZip}

// FileNames are the files each format writes.
var FileNames = map[string]string{
	FormatHTML:  "report.html",
	FormatMD:    "summary.md",
	FormatJUnit: "junit.xml",
	FormatOSCAL: "oscal-assessment-results.json",
	FormatZip:   "evidence-package.zip",
}

// ParseFormats reads --format; empty means every format.
func ParseFormats(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return Formats, nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if _, ok := FileNames[f]; !ok {
			return nil, &UsageError{Msg: fmt.Sprintf("unknown format %q in --format; the formats are %s", f, strings.Join(Formats, ","))}
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// InputFile is the name of an input in the evidence package: its name under
// inputs/ (a file read from a directory keeps the directory's name), never
// outside it. Two inputs of one name are told apart by inputFiles.
func InputFile(name string) string {
	return "inputs/" + strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(name)), "/")
}

// inputFiles names each input in the evidence package, in order: its
// InputFile, or, when an earlier input took that name (two plan.json from two
// folders), the name prefixed with the input's position, "inputs/2-plan.json".
func (r *Report) inputFiles() []string {
	taken := map[string]bool{}
	out := make([]string, len(r.Inputs))
	for i, in := range r.Inputs {
		name := InputFile(in.Name)
		for n := i + 1; taken[name]; n++ {
			dir, base := path.Split(InputFile(in.Name))
			name = dir + strconv.Itoa(n) + "-" + base
		}
		taken[name] = true
		out[i] = name
	}
	return out
}

// Render renders the formats asked for into memory, so that nothing is written
// when one of them fails.
func (r *Report) Render(formats []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	// The zip holds the report and the summary whether or not they were asked for.
	need := func(f string) bool {
		return slices.Contains(formats, f) || slices.Contains(formats, FormatZip) && (f == FormatHTML || f == FormatMD)
	}
	writers := []struct {
		format string
		write  func(*bytes.Buffer) error
	}{
		{FormatHTML, func(b *bytes.Buffer) error { return r.WriteHTML(b) }},
		{FormatMD, func(b *bytes.Buffer) error { return r.WriteSummary(b) }},
		{FormatJUnit, func(b *bytes.Buffer) error { return r.WriteJUnit(b) }},
		{FormatOSCAL, func(b *bytes.Buffer) error { return r.WriteOSCAL(b) }},
	}
	for _, w := range writers {
		if !need(w.format) {
			continue
		}
		var b bytes.Buffer
		if err := w.write(&b); err != nil {
			return nil, fmt.Errorf("rendering %s: %w", FileNames[w.format], err)
		}
		out[w.format] = b.Bytes()
	}
	if slices.Contains(formats, FormatZip) {
		z, err := r.zip(out[FormatHTML], out[FormatMD])
		if err != nil {
			return nil, fmt.Errorf("rendering %s: %w", FileNames[FormatZip], err)
		}
		out[FormatZip] = z
	}
	for f := range out {
		if !slices.Contains(formats, f) {
			delete(out, f)
		}
	}
	return out, nil
}

// WriteDir renders the formats and writes them into dir (created when
// missing), each through a temporary file renamed into place. It returns the
// paths written.
func (r *Report) WriteDir(dir string, formats []string) ([]string, error) {
	files, err := r.Render(formats)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for _, f := range Formats {
		b, ok := files[f]
		if !ok {
			continue
		}
		p := filepath.Join(dir, FileNames[f])
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			return paths, err
		}
		if err := os.Rename(tmp, p); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// zipTime is every entry's modification time, so the package is the same
// bytes for the same inputs.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// zip builds evidence-package.zip: manifest.csv first, then each check's
// evidence JSON, the report, the summary and the inputs.
func (r *Report) zip(html, md []byte) ([]byte, error) {
	type entry struct {
		name string
		data []byte
	}
	var entries []entry
	var rows [][]string
	seen := map[string]bool{}
	for _, c := range r.Checks {
		file, digest := "", ""
		if c.Evidence != "" {
			file = EvidenceFile(c.Address)
			data := []byte(c.Evidence)
			digest = sum(data)
			if !seen[file] {
				seen[file] = true
				entries = append(entries, entry{file, data})
				// The evidence names its violations by their digest; the
				// package carries them too, as the bytes that digest is of.
				if c.violationsSHA256 != "" {
					vfile := strings.TrimSuffix(file, ".json") + ".violations.json"
					entries = append(entries, entry{vfile, compliance.CanonicalViolations(complianceViolations(c.Violations))})
					rows = append(rows, []string{"", "", c.Address, "", c.Fingerprint, vfile, c.violationsSHA256})
				}
			}
		}
		status := c.label()
		if len(c.Controls) == 0 {
			rows = append(rows, []string{"", "", c.Address, status, c.Fingerprint, file, digest})
		}
		for _, ctl := range c.Controls {
			if !slices.Contains(r.Frameworks, ctl.Framework) {
				continue
			}
			rows = append(rows, []string{ctl.Framework, ctl.Requirement, c.Address, status, c.Fingerprint, file, digest})
		}
	}
	if html != nil {
		entries = append(entries, entry{"report.html", html})
	}
	if md != nil {
		entries = append(entries, entry{"summary.md", md})
	}
	for i, name := range r.inputFiles() {
		entries = append(entries, entry{name, r.Inputs[i].Data})
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.name, "evidence/") {
			rows = append(rows, []string{"", "", "", "", "", e.name, sum(e.data)})
		}
	}
	var manifest bytes.Buffer
	cw := csv.NewWriter(&manifest)
	_ = cw.Write([]string{"framework", "requirement", "check_address", "status", "fingerprint", "file", "sha256"})
	_ = cw.WriteAll(rows)
	if err := cw.Error(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range append([]entry{{"manifest.csv", manifest.Bytes()}}, entries...) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
