package provider

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// checkTypeNames are the registered check types: oktagate_mfa_check and the rest.
func checkTypeNames() []string {
	var out []string
	for _, f := range checkResources() {
		var r resource.MetadataResponse
		f().Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: "oktagate"}, &r)
		out = append(out, r.TypeName)
	}
	return out
}

// TestCIGuideListsEveryCheck: the CI guide's table of checks has a row for
// every registered check type, so a new check cannot be left out of it.
func TestCIGuideListsEveryCheck(t *testing.T) {
	t.Parallel()
	guide, err := os.ReadFile("../../templates/guides/ci-gate.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range checkTypeNames() {
		if !strings.Contains(string(guide), "\n| `"+n+"` | ") {
			t.Errorf("the CI guide's table of checks has no row for %s", n)
		}
	}
}

// TestPolicyTestsCoverEveryCheck: the example policy's tests have a case for
// every registered check type (opa test runs them in make policy).
func TestPolicyTestsCoverEveryCheck(t *testing.T) {
	t.Parallel()
	tests, err := os.ReadFile("../../examples/policy/oktagate_test.rego")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range checkTypeNames() {
		if !strings.Contains(string(tests), "\t\""+n+"\",\n") {
			t.Errorf("check_types in oktagate_test.rego lacks %s", n)
		}
		if !strings.Contains(string(tests), "test_"+strings.TrimPrefix(n, "oktagate_")+"_failure_is_denied if") {
			t.Errorf("oktagate_test.rego has no test_%s_failure_is_denied", strings.TrimPrefix(n, "oktagate_"))
		}
	}
}
