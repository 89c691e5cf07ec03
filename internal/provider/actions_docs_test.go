package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
)

// TestActionDocs: docs for actions come from static templates
// (templates/actions/), because tfplugindocs renders an action's schema only
// when the terraform it runs has actions, and `make docs` runs the one on
// PATH (1.11 here). So a template must list every argument of its action's
// schema with its description, say which Terraform it needs, and include
// its example as it ships.
func TestActionDocs(t *testing.T) {
	t.Parallel()
	p := &oktagateProvider{}
	for _, f := range p.Actions(t.Context()) {
		a := f()
		var md action.MetadataResponse
		a.Metadata(t.Context(), action.MetadataRequest{ProviderTypeName: "oktagate"}, &md)
		var sr action.SchemaResponse
		a.Schema(t.Context(), action.SchemaRequest{}, &sr)
		short := strings.TrimPrefix(md.TypeName, "oktagate_")
		tmpl, err := os.ReadFile(filepath.Join("../../templates/actions", short+".md.tmpl"))
		if err != nil {
			t.Errorf("%s has no template: %v", md.TypeName, err)
			continue
		}
		doc := string(tmpl)
		if !strings.Contains(doc, sr.Schema.MarkdownDescription) || !strings.Contains(doc, "Terraform 1.14 or later") {
			t.Errorf("%s: the template does not carry the action's description", md.TypeName)
		}
		example, err := os.ReadFile(filepath.Join("../../examples/actions", md.TypeName, "action.tf"))
		if err != nil || !strings.Contains(doc, "```terraform\n"+string(example)+"```") {
			t.Errorf("%s: the template does not include examples/actions/%s/action.tf as it is (%v)", md.TypeName, md.TypeName, err)
		}
		var names []string
		for name, at := range sr.Schema.Attributes {
			names = append(names, name)
			typ := map[string]string{"StringAttribute": "String", "BoolAttribute": "Boolean", "SetAttribute": "Set of String"}[strings.TrimPrefix(fmt.Sprintf("%T", at), "schema.")]
			line := fmt.Sprintf("- `%s` (%s) %s", name, typ, at.GetMarkdownDescription())
			if !strings.Contains(doc, line+"\n") {
				t.Errorf("%s: the template lacks the line\n%s", md.TypeName, line)
			}
		}
		sort.Strings(names)
		if got := strings.Count(doc, "\n- `"); got != len(names) {
			t.Errorf("%s: the template lists %d arguments, the schema has %d (%v)", md.TypeName, got, len(names), names)
		}
	}
}

// TestAccActionExamplesValidate: every example under examples/actions
// validates with a Terraform that has actions.
func TestAccActionExamplesValidate(t *testing.T) {
	actionTerraform(t)
	dirs, err := filepath.Glob("../../examples/actions/*")
	if err != nil || len(dirs) != 6 {
		t.Fatalf("examples/actions: %v %v", dirs, err)
	}
	for _, dir := range dirs {
		src, err := os.ReadFile(filepath.Join(dir, "action.tf"))
		if err != nil {
			t.Fatal(err)
		}
		r := newActionRun(t, string(src))
		if out, err := r.run("validate", "-no-color"); err != nil {
			t.Errorf("%s: %v\n%s", dir, err, out)
		}
	}
}
