package releasecheck

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goreleaser/goreleaser/v2/pkg/config"
)

// configPath is the repository's GoReleaser file; GORELEASER_CONFIG points the
// test at another one.
func configPath() string {
	if p := os.Getenv("GORELEASER_CONFIG"); p != "" {
		return p
	}
	return filepath.Join("..", "..", ".goreleaser.yml")
}

// TestGoreleaserConfig loads the release configuration as goreleaser does and
// holds it to what the Terraform Registry and the README need.
func TestGoreleaserConfig(t *testing.T) {
	cfg, err := load(configPath())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems(cfg) {
		t.Error(p)
	}
}

// load decodes the file strictly into goreleaser's own Project type (what
// `goreleaser check` and a release do first) and then checks the values that
// goreleaser's schema constrains (enum tags) and the options it deprecates,
// which a strict decode alone lets through.
func load(path string) (config.Project, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return cfg, err
	}
	if cfg.Version != 2 {
		return cfg, &configError{path + `: "version: 2" is required (goreleaser v2)`}
	}
	if errs := schemaProblems(reflect.ValueOf(cfg), ""); len(errs) > 0 {
		return cfg, &configError{path + ": " + strings.Join(errs, "; ")}
	}
	return cfg, nil
}

type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

// schemaProblems walks a decoded value: a string field whose jsonschema tag
// lists enum values must hold one of them (or be empty, the default), and a
// field tagged deprecated must be unset (goreleaser check fails on those).
func schemaProblems(v reflect.Value, path string) []string {
	var out []string
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			out = append(out, schemaProblems(v.Elem(), path)...)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			out = append(out, schemaProblems(v.Index(i), path+"["+strconv.Itoa(i)+"]")...)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			out = append(out, schemaProblems(v.MapIndex(k), path+"."+k.String())...)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "-" {
				continue
			}
			if name == "" { // inlined
				out = append(out, schemaProblems(v.Field(i), path)...)
				continue
			}
			fv, fp := v.Field(i), strings.TrimPrefix(path+"."+name, ".")
			tag := f.Tag.Get("jsonschema")
			if strings.Contains(tag, "deprecated=true") && !fv.IsZero() {
				out = append(out, fp+" is deprecated in goreleaser v2")
			}
			if enum := enumValues(tag); len(enum) > 0 {
				for _, s := range stringsOf(fv) {
					if s != "" && !slices.Contains(enum, s) {
						out = append(out, fp+": "+s+" is not one of "+strings.Join(enum, ", "))
					}
				}
			}
			out = append(out, schemaProblems(fv, fp)...)
		}
	}
	return out
}

func enumValues(tag string) []string {
	var enum []string
	for part := range strings.SplitSeq(tag, ",") {
		if e, ok := strings.CutPrefix(part, "enum="); ok && e != "" {
			enum = append(enum, e)
		}
	}
	return enum
}

// stringsOf is a string field's value, or a string list's values.
func stringsOf(v reflect.Value) []string {
	switch {
	case v.Kind() == reflect.String:
		return []string{v.String()}
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		out := make([]string, v.Len())
		for i := range v.Len() {
			out[i] = v.Index(i).String()
		}
		return out
	}
	return nil
}

// problems are the project's own rules over a valid configuration: what the
// Terraform Registry reads from a release and what the README promises.
func problems(cfg config.Project) []string {
	var out []string
	builds := map[string]config.Build{}
	for _, b := range cfg.Builds {
		builds[b.ID] = b
	}
	provider, ok := builds["provider"]
	switch {
	case !ok:
		out = append(out, `no build with id "provider"`)
	case provider.Binary != "{{ .ProjectName }}_v{{ .Version }}":
		// Terraform finds a provider's executable by this name in the zip.
		out = append(out, `build "provider": binary must be "{{ .ProjectName }}_v{{ .Version }}", is `+provider.Binary)
	}
	if b, ok := builds["oktagate"]; !ok {
		out = append(out, `no build with id "oktagate" (the oktagate command is released beside the provider)`)
	} else if b.Main != "./cmd/oktagate" {
		out = append(out, `build "oktagate": main must be ./cmd/oktagate, is `+b.Main)
	}
	archived := map[string]bool{}
	for _, a := range cfg.Archives {
		for _, id := range a.IDs {
			if _, ok := builds[id]; !ok {
				out = append(out, "archive "+a.ID+" names build "+id+", which does not exist")
			}
			archived[id] = true
		}
		if slices.Contains(a.IDs, "provider") && !slices.Equal(a.Formats, config.StringArray{"zip"}) {
			out = append(out, "archive "+a.ID+": the Terraform Registry takes zip archives only")
		}
	}
	for id := range builds {
		if !archived[id] {
			out = append(out, "build "+id+" is in no archive, so no release carries it")
		}
	}
	if cfg.Checksum.Algorithm != "sha256" || !strings.HasSuffix(cfg.Checksum.NameTemplate, "_SHA256SUMS") {
		out = append(out, "checksum: the registry reads a sha256 file named <project>_<version>_SHA256SUMS")
	}
	signed := false
	for _, s := range cfg.Signs {
		if s.Artifacts == "checksum" && slices.Contains(s.Args, "--detach-sign") && slices.Contains(s.Args, "{{ .Env.GPG_FINGERPRINT }}") {
			signed = true
		}
	}
	if !signed {
		out = append(out, "signs: the checksum file must get a detached GPG signature with the key GPG_FINGERPRINT names (the registry verifies it)")
	}
	manifest := false
	for _, f := range cfg.Release.ExtraFiles {
		if f.Glob == "terraform-registry-manifest.json" {
			manifest = true
		}
	}
	if !manifest {
		out = append(out, "release: terraform-registry-manifest.json must be attached (it declares protocol 6)")
	}
	return out
}
