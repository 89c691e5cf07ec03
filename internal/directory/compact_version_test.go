package directory

import (
	"context"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// TestRefreshStoresAnOlderFormatAgain: a version 1 snapshot (which kept
// factor profiles and more of a user's profile) is used, and stored again in
// the current format even though the log holds no change, so that what it
// held leaves the state; a current one with no change stays as it is.
func TestRefreshStoresAnOlderFormatAgain(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	org := oktasim.Generate(oktasim.GenerateOptions{Users: 20, Groups: 3, Apps: 3, Seed: 3, Now: now.Add(-time.Hour)})
	sim, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, Concurrency: ratelimit.DefaultConcurrency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	ctx := context.Background()
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
