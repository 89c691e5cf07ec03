package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// factorRequests counts the factor lists the simulator served.
func factorRequests(s *oktasim.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if strings.HasPrefix(r.Path, "/api/v1/users/") && strings.HasSuffix(r.Path, "/factors") {
			n++
		}
	}
	return n
}

// buildCommand builds cmd/oktagate into a temporary directory.
func buildCommand(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "oktagate")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/oktagate")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the oktagate command: %v\n%s", err, out)
	}
	return bin
}

// After `oktagate snapshot --cache-dir D`, the first plan of a configuration
// whose oktagate_snapshot names D starts from it: the MFA check judges every
// user's factors, and not one factor list, user list or member list is read.
func TestAccSnapshotCommandSeedsTheFirstPlan(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	s, provider := startCheckSim(t, org)
	dir := t.TempDir()

	cmd := exec.Command(buildCommand(t), "snapshot", "--cache-dir", dir, "--progress", "lines")
	cmd.Env = append(os.Environ(), okta.EnvOrgURL+"="+s.URL(), okta.EnvAPIToken+"="+s.AdminToken())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("oktagate snapshot: %v\n%s", err, stderr.String())
	}
	if factorRequests(s) == 0 || !strings.Contains(stderr.String(), "users read") {
		t.Fatalf("the command read no factor or showed no progress:\n%s", stderr.String())
	}
	s.ResetRequests()

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config:             snapshotConfig(provider, fmt.Sprintf("  cache_dir = %q\n", dir)),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	if n := factorRequests(s); n != 0 {
		t.Errorf("the first plan after oktagate snapshot made %d factor requests, want 0", n)
	}
	if err := listedWhole(s); err != nil {
		t.Errorf("the first plan after oktagate snapshot: %v", err)
	}
}

// A plan's full scan logs its progress at INFO (what TF_LOG=INFO shows),
// from the same Progress the command draws, and its final count when the
// scan is complete; a plan that makes no full scan logs none.
func TestScanProgressIsLoggedAtInfo(t *testing.T) {
	org := fixtures.Generate(fixtures.GenerateOptions{Users: 150, Groups: 8, Apps: 5, Seed: 3, Now: time.Now().Add(-time.Hour)})
	sim, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, Concurrency: ratelimit.DefaultConcurrency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	client, err := okta.New(okta.Config{OrgURL: sim.URL(), APIToken: sim.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	progress := directory.NewProgress(time.Now, client.BucketUsage)
	snap := directory.New(client, directory.Options{Progress: progress})

	stop := logScanProgress(ctx, progress, time.Millisecond)
	res, err := snap.Refresh(ctx, directory.RefreshInput{OrgID: org.ID})
	if err != nil {
		t.Fatal(err)
	}
	stop(res.Mode == directory.RefreshFullScan)

	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil || len(entries) == 0 {
		t.Fatalf("no log entries: %v", err)
	}
	last := entries[len(entries)-1]
	active := 0
	for _, u := range org.Users {
		if u.Status != "DEPROVISIONED" {
			active++
		}
	}
	// JSON numbers decode as float64.
	if last["@level"] != "info" || !strings.HasPrefix(fmt.Sprint(last["@message"]), "org snapshot scan complete: users read") ||
		last["users_read"] != float64(active) || last["users_total"] != float64(active) || last["users_total_exact"] != true {
		t.Errorf("the last entry: %v; want the complete scan of %d users at info", last, active)
	}
	requests, _ := last["requests"].(map[string]any)
	if requests[ratelimit.UserGet] == nil || last["estimated_end"] == nil {
		t.Errorf("the last entry lacks the requests per bucket or the estimated end: %v", last)
	}
	for _, e := range entries {
		read, ok1 := e["users_read"].(float64)
		total, ok2 := e["users_total"].(float64)
		if !ok1 || !ok2 || read > total {
			t.Errorf("an entry counts more users read than total: %v", e)
		}
	}

	logs.Reset()
	stop = logScanProgress(ctx, directory.NewProgress(time.Now, nil), time.Millisecond)
	stop(false)
	if logs.Len() != 0 {
		t.Errorf("a plan without a full scan logged progress: %s", logs.String())
	}
}
