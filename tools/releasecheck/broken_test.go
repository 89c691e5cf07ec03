package releasecheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrokenConfigsFail proves the check can fail: each case edits the
// repository's .goreleaser.yml the way a slip would, and the edit must be
// caught with a message that names it.
func TestBrokenConfigsFail(t *testing.T) {
	orig, err := os.ReadFile(configPath())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, old, new, want string
	}{
		{"misspelt key", "mod_timestamp:", "mod_timestamps:", "mod_timestamps"},
		{"version 1", "version: 2", "version: 1", "version"},
		{"unknown archive format", "formats: [zip]", "formats: [rar]", "rar is not one of"},
		{"deprecated format", "formats: [tar.gz]", "format: tar.gz", "deprecated"},
		{"no oktagate build", "id: oktagate\n    main: ./cmd/oktagate", "id: cli\n    main: ./cmd/oktagate", `no build with id "oktagate"`},
		{"unsigned checksum", "--detach-sign", "--clearsign", "signs:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(string(orig), c.old) {
				t.Fatalf("%q is no longer in .goreleaser.yml: update this case", c.old)
			}
			path := filepath.Join(t.TempDir(), ".goreleaser.yml")
			if err := os.WriteFile(path, []byte(strings.Replace(string(orig), c.old, c.new, 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			var msgs []string
			cfg, err := load(path)
			if err != nil {
				msgs = append(msgs, err.Error())
			} else {
				msgs = problems(cfg)
			}
			if len(msgs) == 0 {
				t.Fatal("the broken configuration passed")
			}
			if all := strings.Join(msgs, "\n"); !strings.Contains(all, c.want) {
				t.Errorf("want a message containing %q, got:\n%s", c.want, all)
			}
		})
	}
}
