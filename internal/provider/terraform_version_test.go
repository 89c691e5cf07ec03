package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// testBinaryVersion is the version of the terraform binary the acceptance
// tests run (testBinary: TF_ACC_TERRAFORM_PATH, or terraform on PATH).
func testBinaryVersion(t *testing.T) (string, *version.Version) {
	t.Helper()
	bin := testBinary(t)
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	v, err := terraformVersionOf(out)
	if err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	return bin, v
}

// terraformSupportsWriteOnly reports whether the terraform binary the
// acceptance tests run supports write-only attributes, which came in
// Terraform 1.11. `make test` runs 1.5.7 where no terraform is on PATH, so
// tests that set password_wo ask first.
func terraformSupportsWriteOnly(t *testing.T) bool {
	t.Helper()
	_, v := testBinaryVersion(t)
	return !v.Core().LessThan(tfversion.Version1_11_0)
}

// terraform114 returns the terraform binary the acceptance tests run,
// skipping the test below Terraform 1.14, which lacks feature (actions, list
// resources and `terraform query`): make test-newest runs such tests.
func terraform114(t *testing.T, feature string) string {
	t.Helper()
	bin, v := testBinaryVersion(t)
	if isOpenTofu(t, bin) {
		// OpenTofu numbers its releases on its own line: a 1.14 of it need not
		// have what Terraform 1.14 brought, and 1.12 has neither.
		t.Skipf("OpenTofu %s has no %s (a Terraform 1.14 feature): make test-newest runs this test", v, feature)
	}
	if v.Core().LessThan(tfversion.Version1_14_0) {
		t.Skipf("Terraform %s has no %s (1.14 and later): make test-newest runs this test", v, feature)
	}
	return bin
}

// isOpenTofu reports whether bin is OpenTofu: `version -json` reads alike
// for both, but the first line of `version` names the product.
func isOpenTofu(t *testing.T, bin string) bool {
	t.Helper()
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	return openTofuVersionText(out)
}

// openTofuVersionText reports whether a `version` output is OpenTofu's. A
// warning about the CLI configuration may come first, so every line is read.
func openTofuVersionText(out []byte) bool {
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "OpenTofu v") {
			return true
		}
	}
	return false
}

func terraformVersionOf(versionJSON []byte) (*version.Version, error) {
	var doc struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(versionJSON, &doc); err != nil {
		return nil, err
	}
	if doc.Version == "" {
		return nil, fmt.Errorf("no terraform_version in %q", versionJSON)
	}
	return version.NewVersion(doc.Version)
}

// skipFromWriteOnlyTerraform skips a test on Terraform 1.11 and later: the
// test covers the binaries without write-only attributes (tfversion.SkipAbove
// 1.10.0 would run neither kind of test on 1.10.1 to 1.10.x).
type skipFromWriteOnlyTerraform struct{}

func (skipFromWriteOnlyTerraform) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if !req.TerraformVersion.Core().LessThan(tfversion.Version1_11_0) {
		resp.Skip = fmt.Sprintf("Terraform %s supports write-only attributes: this test covers older binaries", req.TerraformVersion)
	}
}

func TestTerraformVersionOf(t *testing.T) {
	for raw, want := range map[string]string{
		`{"terraform_version":"1.5.7","platform":"linux_amd64"}`: "1.5.7",
		`{"terraform_version":"1.11.0-rc1"}`:                     "1.11.0-rc1",
	} {
		v, err := terraformVersionOf([]byte(raw))
		if err != nil || v.String() != want {
			t.Errorf("terraformVersionOf(%s) = %v, %v; want %s", raw, v, err, want)
		}
	}
	if _, err := terraformVersionOf([]byte(`{"platform":"linux_amd64"}`)); err == nil {
		t.Error("a document without terraform_version was accepted")
	}
}

func TestOpenTofuVersionText(t *testing.T) {
	for out, want := range map[string]bool{
		"Terraform v1.15.9\non linux_amd64\n": false,
		"OpenTofu v1.12.6\non linux_amd64\n":  true,
		"\nWarning: Unable to open CLI configuration file\n\nOpenTofu v1.12.6-dev\non linux_amd64\n":                               true,
		"Terraform v1.11.4\n\nYour version of Terraform is out of date! The latest version\nis 1.15.9. OpenTofu v1 is not this.\n": false,
	} {
		if got := openTofuVersionText([]byte(out)); got != want {
			t.Errorf("openTofuVersionText(%q) = %v, want %v", out, got, want)
		}
	}
}
