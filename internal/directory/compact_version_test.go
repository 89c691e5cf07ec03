package directory

import (
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// TestRefreshStoresAnOlderFormatAgain: a version 1 snapshot (which kept
// factor profiles and more of a user's profile) is used, and stored again in
// the current format even though the log holds no change, so that what it
// held leaves the state; a current one with no change stays as it is.
func TestRefreshStoresAnOlderFormatAgain(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	org := fixtures.Generate(fixtures.GenerateOptions{Users: 20, Groups: 3, Apps: 3, Seed: 3, Now: now.Add(-time.Hour)})
	sim, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, Concurrency: ratelimit.DefaultConcurrency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	ctx := t.Context()
	first := New(simClient(t, sim), Options{PlanTime: now.Add(-time.Minute)})
	res, err := first.Refresh(ctx, RefreshInput{OrgID: "org"})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := res.Compact()
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		version int
		mode    string
	}{{CompactVersion, RefreshUnchanged}, {1, RefreshReplayed}} {
		c := *stored
		c.Version = tc.version
		s := New(simClient(t, sim), Options{PlanTime: now})
		res, err := s.Refresh(ctx, RefreshInput{OrgID: "org", Stored: &c})
		if err != nil {
			t.Fatal(err)
		}
		if res.Mode != tc.mode || res.Replay.Events != 0 {
			t.Errorf("version %d: mode %s after %d events, want %s", tc.version, res.Mode, res.Replay.Events, tc.mode)
		}
		out, err := res.Compact()
		if err != nil {
			t.Fatal(err)
		}
		if out.Version != CompactVersion {
			t.Errorf("version %d: stored again as version %d", tc.version, out.Version)
		}
	}
}

// TestFullScanRecordsTheOverlapAsSeen: the events of the ReplayOverlap before
// a full scan are reflected in it; the next refresh of an unchanged org does
// not count them as changes.
func TestFullScanRecordsTheOverlapAsSeen(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	org := fixtures.DemoOrg(1, now.Add(-2*time.Minute)) // its last events two minutes before the scan
	sim, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, Concurrency: ratelimit.DefaultConcurrency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	ctx := t.Context()
	res, err := New(simClient(t, sim), Options{PlanTime: now}).Refresh(ctx, RefreshInput{OrgID: "org"})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := res.Compact()
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.Seen) == 0 {
		t.Fatal("the full scan recorded no event as seen; the demo org has some in the overlap")
	}
	again, err := New(simClient(t, sim), Options{PlanTime: now.Add(time.Minute)}).Refresh(ctx, RefreshInput{OrgID: "org", Stored: stored})
	if err != nil {
		t.Fatal(err)
	}
	if again.Mode != RefreshUnchanged {
		t.Errorf("refresh of an unchanged org: mode %s after %d events", again.Mode, again.Replay.Events)
	}
}
