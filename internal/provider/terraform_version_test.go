package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// terraformSupportsWriteOnly reports whether the terraform binary the
// acceptance tests run (TF_ACC_TERRAFORM_PATH, or terraform on PATH) supports
// write-only attributes, which came in Terraform 1.11. `make test` runs 1.5.7
// where no terraform is on PATH, so tests that set password_wo ask first.
func terraformSupportsWriteOnly(t *testing.T) bool {
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
	return !v.Core().LessThan(tfversion.Version1_11_0)
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
