package provider

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// opaPolicy evaluates examples/policy over a real plan's JSON with the OPA
// binary that make policy installs into bin/, and returns its deny messages.
type opaPolicy struct {
	opa  string
	deny *[]string
}

func (c opaPolicy) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	plan := filepath.Join(os.TempDir(), "oktagate-policy-plan-"+strings.ReplaceAll(req.Plan.Timestamp, ":", "")+".json")
	if err := os.WriteFile(plan, raw, 0o600); err != nil {
		resp.Error = err
		return
	}
	defer os.Remove(plan)
	out, err := exec.CommandContext(ctx, c.opa, "eval", "--format", "raw", "-d", "../../examples/policy", "-i", plan,
		`concat("\n", sort([m | some m in data.main.deny]))`).CombinedOutput()
	if err != nil {
		resp.Error = &opaError{string(out)}
		return
	}
	*c.deny = strings.Split(strings.TrimSpace(string(out)), "\n")
}

type opaError struct{ out string }

func (e *opaError) Error() string { return "opa eval: " + e.out }

// TestAccPolicyOverRealPlan: the example policy, run over the JSON of a real
// plan, denies a check that fails in warn mode (the plan itself succeeds) and
// an exception that runs for decades.
func TestAccPolicyOverRealPlan(t *testing.T) {
	t.Parallel()
	opa, err := filepath.Abs("../../bin/opa")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(opa); err != nil {
		t.Skip("bin/opa is not installed; make policy installs it")
	}
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	// The provider refuses an exception longer than its max_exception_days at
	// plan; raised here, as a team might, the policy's own limit still denies it.
	provider = strings.Replace(provider, "  api_token", "  max_exception_days = 36500\n  api_token", 1)
	var deny []string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
resource "oktagate_mfa_check" "t" {
  enforcement = "warn"
}

resource "oktagate_unique_email_check" "t" {
  enforcement = "warn"
  exception {
    subject = "frank@initech.example"
    reason  = "forever"
    expires = "2099-12-31"
  }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{opaPolicy{opa, &deny}}},
		}},
	})
	joined := strings.Join(deny, "\n")
	for _, want := range []string{"oktagate_mfa_check.t failed with", "oktagate_unique_email_check.t: the exception for frank@initech.example runs until 2099-12-31"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the policy's deny %q does not contain %q", deny, want)
		}
	}
}
