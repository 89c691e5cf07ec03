package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// gateConfig is the CI guide's gate: the snapshot, and a blocking check
// planned after it.
func gateConfig(provider, enforcement string) string {
	return provider + `
resource "oktagate_snapshot" "org" {}

resource "oktagate_mfa_check" "staff" {
  enforcement = "` + enforcement + `"
  depends_on  = [oktagate_snapshot.org]
}
`
}

// TestAccSnapshotAdvancesWhileTheGateFails runs the CI guide's main-branch
// job twice on an org whose blocking check fails: the gate's plan, which
// fails, so its apply never runs; then, because it failed,
// `terraform apply -target=oktagate_snapshot.org`. The checks depend on the
// snapshot, not the other way round, so -target leaves them out and the
// apply succeeds: the snapshot is stored, its cursor moves from one run to
// the next, and the second run's plan replays the log from the first's
// instead of reading the org again, and judges the current org.
func TestAccSnapshotAdvancesWhileTheGateFails(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	s, provider := startCheckSim(t, org)
	run := newTFRun(t, gateConfig(provider, "block"))
	storeSnapshot := tfexec.Target(snapshotAddr)

	// Run 1.
	if _, err := run.plan(); !strings.Contains(tfError(err), "Compliance check failed: oktagate_mfa_check (2 violations") {
		t.Fatalf("run 1: the gate's plan: %v, want the check's 2 violations", err)
	}
	if err := run.apply(storeSnapshot); err != nil {
		t.Fatalf("run 1: apply -target: %v", err)
	}
	first := time.Now()
	if _, ok := run.lookup("oktagate_mfa_check.staff"); ok {
		t.Fatal("run 1: -target applied the check too")
	}
	cursor1, fingerprint1 := run.snapshotAttr("log_cursor"), run.snapshotAttr("fingerprint")

	// Frank enrolls a factor; erin still has none, so the gate still fails.
	pastSecond(first) // a later cursor
	enrollFrank(org)
	s.ResetRequests()

	// Run 2.
	_, err := run.plan()
	if msg := tfError(err); !strings.Contains(msg, "Compliance check failed: oktagate_mfa_check (1 violation") ||
		!strings.Contains(msg, "erin@initech.example") || strings.Contains(msg, "frank@initech.example") {
		t.Errorf("run 2: the gate's plan: %v, want erin's violation only", err)
	}
	if err := listedWhole(s); err != nil {
		t.Errorf("run 2's plan read the org again instead of replaying the log: %v", err)
	}
	if err := run.apply(storeSnapshot); err != nil {
		t.Fatalf("run 2: apply -target: %v", err)
	}
	if err := listedWhole(s); err != nil {
		t.Errorf("run 2's apply -target read the org again instead of replaying the log: %v", err)
	}
	cursor2, fingerprint2 := run.snapshotAttr("log_cursor"), run.snapshotAttr("fingerprint")
	if cursor2 <= cursor1 || fingerprint2 == fingerprint1 {
		t.Errorf("the stored snapshot did not advance: cursor %s then %s, fingerprint %s then %s", cursor1, cursor2, fingerprint1, fingerprint2)
	}

	// Nothing changed since: storing the snapshot again is no change.
	if changes, err := run.plan(tfexec.Target(snapshotAddr)); err != nil || changes {
		t.Errorf("plan -target of an unchanged org: changes %t, err %v", changes, err)
	}
}

// TestAccSnapshotReplanOfAnUnchangedOrgIsEmpty: the plan after the first
// apply of the demo org, which changed nothing since, shows no change. The
// demo's log holds events of the minutes before the apply; the full scan
// records them as seen, so the replay's overlap does not count them as
// changes (before, the snapshot showed an update of every computed
// attribute, and the next apply only moved its cursor).
func TestAccSnapshotReplanOfAnUnchangedOrgIsEmpty(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	org := fixtures.DemoOrg(1, now)
	recent := 0
	for _, e := range org.Logs {
		if e.Published.After(now.Add(-5 * time.Minute)) {
			recent++
		}
	}
	if recent == 0 {
		t.Fatal("the demo's log has no recent event: the test proves nothing")
	}
	_, provider := startCheckSim(t, org)
	run := newTFRun(t, gateConfig(provider, "warn"))
	pastSecond(now) // the events lie before the apply's second, as they would in a real org
	if err := run.apply(); err != nil {
		t.Fatalf("apply: %v", err)
	}
	diff, err := run.planDiff()
	if err != nil {
		t.Fatalf("re-plan: %v", err)
	}
	if !strings.Contains(diff, "No changes.") {
		t.Errorf("the re-plan of an unchanged org shows a change:\n%s", diff)
	}
}
