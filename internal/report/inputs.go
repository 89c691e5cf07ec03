package report

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ReadInputs reads what the command is given: a file is one input (`terraform
// show -json` output or a `terraform plan -json` log); a directory is the
// provider's evidence_dir, and every *.json file in it (not in its
// subdirectories) is one evidence record, named "<directory>/<file>", in name
// order. An error is the OS's, naming the path.
func ReadInputs(paths []string) ([]Input, error) {
	var out []Input
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			out = append(out, Input{Name: filepath.Base(p), Data: b})
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, e := range entries {
			// The provider's temporary files start with a dot.
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") && !strings.HasPrefix(e.Name(), ".") {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		dir := filepath.Base(filepath.Clean(p))
		for _, n := range names {
			b, err := os.ReadFile(filepath.Join(p, n))
			if err != nil {
				return nil, err
			}
			out = append(out, Input{Name: dir + "/" + n, Data: b, Record: true})
		}
	}
	return out, nil
}
