package directory

import (
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// loadOrg reads, through a fresh snapshot over the real client and the
// simulator, what the checks read from a generated org: every user, every
// user's factors, every group's members, every app with its user assignments
// and grants. It returns the client's requests per bucket. `make bench` measures
// the same reads at scale through Terraform; this keeps the path exercised by
// `go test ./...` and gives `go test -bench` a number.
func loadOrg(tb testing.TB, sim *oktasim.Server) map[string]int64 {
	tb.Helper()
	ctx := tb.Context()
	c, err := okta.New(okta.Config{OrgURL: sim.URL(), APIToken: sim.AdminToken(), MaxConcurrency: 37})
	if err != nil {
		tb.Fatal(err)
	}
	s := New(c, Options{Concurrency: 37})
	users, err := s.Users(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	errs := make(chan error, 3)
	go func() { _, err := s.FactorsOf(ctx, ids); errs <- err }()
	go func() { _, err := s.UserGroupIDs(ctx); errs <- err }()
	go func() {
		apps, err := s.Apps(ctx)
		if err == nil {
			appIDs := make([]string, len(apps))
			for i, a := range apps {
				appIDs[i] = a.ID
			}
			_, err = fanOutMap(ctx, 8, appIDs, s.AppUsers)
		}
		errs <- err
	}()
	for range 3 {
		if err := <-errs; err != nil {
			tb.Fatal(err)
		}
	}
	return c.Stats()
}

func startGenerated(tb testing.TB, users int) *oktasim.Server {
	tb.Helper()
	org := fixtures.Generate(fixtures.GenerateOptions{Users: users, Groups: 50, Apps: 30, Seed: 1, Now: time.Now()})
	// Workforce limits per 100ms instead of per minute: paced, yet quick.
	sim, err := oktasim.Start(oktasim.Options{Org: org, Window: 100 * time.Millisecond, Concurrency: ratelimit.DefaultConcurrency})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(sim.Close)
	return sim
}

// BenchmarkSnapshot1k loads a 1000-user org once per iteration.
func BenchmarkSnapshot1k(b *testing.B) {
	sim := startGenerated(b, 1000)
	var stats map[string]int64
	for b.Loop() {
		stats = loadOrg(b, sim)
	}
	var total int64
	for _, n := range stats {
		total += n
	}
	b.ReportMetric(float64(total), "requests/op")
}

// TestSnapshotLoadsGeneratedOrg runs the benchmark's load once: one factor
// list per user, no per-user call for groups or apps, and no 429.
func TestSnapshotLoadsGeneratedOrg(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a generated org")
	}
	sim := startGenerated(t, 300)
	stats := loadOrg(t, sim)
	perUser := stats[ratelimit.UserGet]
	if perUser != 300 {
		t.Errorf("user bucket requests %d, want one factor list per user (300)", perUser)
	}
	for _, r := range sim.Requests() {
		if r.Status == 429 {
			t.Errorf("429 on %s %s: the governor overshot", r.Method, r.Path)
			break
		}
	}
	if stats[ratelimit.Groups] < 50 || stats[ratelimit.Apps] < 30 {
		t.Errorf("groups %d, apps %d requests: every group's members and every app's users are listed", stats[ratelimit.Groups], stats[ratelimit.Apps])
	}
}
