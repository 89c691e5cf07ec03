package directory

import (
	"context"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

func TestEstimateRemaining(t *testing.T) {
	for _, tc := range []struct {
		name                     string
		left, share, readThisRun int
		elapsed                  time.Duration
		want                     time.Duration
	}{
		// 100k users at half of Workforce's 2000/min: 100 minutes.
		{"from the org's limit", 100000, 1000, 0, 0, 100 * time.Minute},
		{"no limit reported yet: half the Workforce default", 100000, 0, 0, 0, 100 * time.Minute},
		{"a higher limit", 6000, 3000, 0, 0, 2 * time.Minute},
		// Under a minute in, the observed rate is not trusted yet.
		{"early, slow start ignored", 1000, 1000, 1, 30 * time.Second, time.Minute},
		// A minute in at 100 a minute (latency-bound): 1000 left take 10 minutes.
		{"slower than the limit: observed", 1000, 1000, 200, 2 * time.Minute, 10 * time.Minute},
		// Faster than the limit allows cannot last: the limit stands.
		{"faster than the limit: the limit", 1000, 1000, 5000, 2 * time.Minute, time.Minute},
		{"nothing left", 0, 1000, 10, time.Hour, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := EstimateRemaining(tc.left, tc.share, tc.readThisRun, tc.elapsed); got != tc.want {
				t.Errorf("EstimateRemaining(%d, %d, %d, %s) = %s, want %s", tc.left, tc.share, tc.readThisRun, tc.elapsed, got, tc.want)
			}
		})
	}
}

// The report follows the scan on a deterministic clock: the total is a lower
// bound until the list is complete, resumed users count as read but not as
// this run's rate, and the end is the users left over the bucket's share.
func TestProgressReport(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	now := start
	buckets := []okta.BucketUsage{
		{Bucket: ratelimit.UserGet, Requests: 0, Limit: 600, LimitKnown: true, Share: 300},
		{Bucket: ratelimit.UsersList, Requests: 2, Limit: 600, Share: 300},
	}
	p := NewProgress(func() time.Time { return now }, func() []okta.BucketUsage { return buckets })
	p.resumedFrom(100)
	for range 100 { // the resumed users, handed out again from the memo
		p.factorsRead()
	}
	p.listedPage(200, 190)
	p.listedPage(200, 200)
	now = start.Add(30 * time.Second)
	r := p.Report()
	if r.UsersRead != 100 || r.UsersTotal != 390 || r.TotalExact || r.Total() != "≥390" || r.Resumed != 100 {
		t.Fatalf("while listing: %+v", r)
	}
	// 290 left at 300 a minute.
	if want := 58 * time.Second; r.Remaining != want || !r.ETA.Equal(now.Add(want)) {
		t.Errorf("while listing: remaining %s, ETA %s; want %s", r.Remaining, r.ETA, want)
	}
	p.listComplete(1000)
	for range 150 {
		p.factorsRead()
	}
	now = start.Add(2 * time.Minute)
	r = p.Report()
	if r.UsersRead != 250 || r.UsersTotal != 1000 || !r.TotalExact || r.Percent() != 25 {
		t.Fatalf("listed: %+v", r)
	}
	// This run read 150 in 2 minutes, slower than the share of 300/min: the
	// 750 left take 10 minutes at the observed 75/min.
	if want := 10 * time.Minute; r.Remaining != want {
		t.Errorf("listed: remaining %s, want %s", r.Remaining, want)
	}
	line := r.String()
	for _, want := range []string{"users read 250 of 1000 (25.0%)", "user 0 (limit 600/min)", "users 2 (limit 600?/min)", "10m0s left"} {
		if !strings.Contains(line, want) {
			t.Errorf("line %q lacks %q", line, want)
		}
	}
	f := r.Fields()
	if requests, ok := f["requests"].(map[string]int64); !ok || f["users_read"] != 250 || f["users_total"] != 1000 || requests[ratelimit.UsersList] != 2 {
		t.Errorf("fields: %v", f)
	}
	// 600 app requests left at a share of 50 a minute outlast the users:
	// 12 minutes.
	buckets = append(buckets, okta.BucketUsage{Bucket: ratelimit.Apps, Requests: 100, Limit: 100, LimitKnown: true, Share: 50})
	p.expectMore(ratelimit.Apps, 600)
	if r := p.Report(); r.Remaining != 12*time.Minute {
		t.Errorf("with app lists left: remaining %s, want 12m", r.Remaining)
	}
	buckets[len(buckets)-1].Requests = 700
	if r := p.Report(); r.Remaining != 10*time.Minute {
		t.Errorf("with the app lists read: remaining %s, want the users' 10m", r.Remaining)
	}

	var nilP *Progress
	nilP.factorsRead() // a snapshot without progress counts nothing
	if nilP.Report().UsersRead != 0 {
		t.Error("nil progress reported reads")
	}
}

// cancelAfter is a source that cancels the scan after its K-th factor list,
// as Ctrl-C would.
type cancelAfter struct {
	*okta.Client
	k      int64
	n      atomic.Int64
	cancel context.CancelFunc
}

func (c *cancelAfter) ListUserFactors(ctx context.Context, id string) ([]okta.Factor, error) {
	fs, err := c.Client.ListUserFactors(ctx, id)
	if c.n.Add(1) == c.k {
		c.cancel()
	}
	return fs, err
}

// A scan interrupted after K users resumes from its checkpoint without one
// factor request for a user the checkpoint holds, and stores what an
// uninterrupted scan stores.
func TestScanResumesFromCheckpoint(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	org := fixtures.Generate(fixtures.GenerateOptions{Users: 400, Groups: 15, Apps: 10, Seed: 11, Now: now.Add(-time.Hour)})
	sim, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, Concurrency: ratelimit.DefaultConcurrency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	client := simClient(t, sim)
	md, err := client.GetOrgMetadata(t.Context())
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	src := &cancelAfter{Client: client, k: 120, cancel: cancel}
	first := New(src, Options{Concurrency: 4, PlanTime: now})
	if _, err := first.Scan(ctx, ScanInput{OrgID: md.ID}); err == nil {
		t.Fatal("the interrupted scan succeeded")
	}
	encoded, err := first.Checkpoint(md.ID, now).Encode()
	if err != nil {
		t.Fatal(err)
	}
	checkpoint, err := DecodeCompact(encoded)
	if err != nil {
		t.Fatal(err)
	}
	if len(checkpoint.Factors) < 100 || len(checkpoint.Factors) >= 390 {
		t.Fatalf("the checkpoint holds %d users' factors, want about 120", len(checkpoint.Factors))
	}

	sim.ResetRequests()
	progress := NewProgress(nil, client.BucketUsage)
	resumed := New(client, Options{Concurrency: 4, PlanTime: now.Add(time.Minute), Progress: progress})
	got, err := resumed.Scan(t.Context(), ScanInput{OrgID: md.ID, Resume: checkpoint})
	if err != nil {
		t.Fatal(err)
	}
	// Distinct users: a request the interrupted scan had in flight may land
	// after the reset, and its user is then read again here, rightly, since
	// the checkpoint lacks it.
	read := map[string]bool{}
	for _, r := range sim.Requests() {
		id, _ := strings.CutPrefix(r.Path, "/api/v1/users/")
		id, ok := strings.CutSuffix(id, "/factors")
		if !ok || !strings.HasPrefix(r.Path, "/api/v1/users/") {
			continue
		}
		read[id] = true
		if _, done := checkpoint.Factors[id]; done {
			t.Errorf("the resumed scan read the factors of %s again", id)
		}
	}
	if rep := progress.Report(); rep.Resumed != len(checkpoint.Factors) || rep.UsersRead != rep.UsersTotal || !rep.TotalExact {
		t.Errorf("progress after the resumed scan: %+v", rep)
	}
	if want := len(got.Factors) - len(checkpoint.Factors); len(read) != want {
		t.Errorf("the resumed scan read %d factor lists, want the %d the checkpoint lacked", len(read), want)
	}
	if !got.TakenAt.Equal(now) || !got.Cursor.Equal(now) {
		t.Errorf("the resumed snapshot is dated %s/%s, want the interrupted scan's start %s", got.TakenAt, got.Cursor, now)
	}

	whole, err := New(client, Options{Concurrency: 4, PlanTime: now}).Scan(t.Context(), ScanInput{OrgID: md.ID})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := got.Encode()
	b, _ := whole.Encode()
	ga, _ := DecodeCompact(a)
	gb, _ := DecodeCompact(b)
	if !reflect.DeepEqual(ga, gb) {
		u1, f1, g1, a1 := ga.Counts()
		u2, f2, g2, a2 := gb.Counts()
		t.Errorf("the resumed snapshot differs from an uninterrupted one: %d/%d/%d/%d vs %d/%d/%d/%d", u1, f1, g1, a1, u2, f2, g2, a2)
	}

	// A checkpoint of another org is refused, naming why.
	other := *checkpoint
	other.OrgID = "00oother"
	if _, err := New(client, Options{PlanTime: now}).Scan(t.Context(), ScanInput{OrgID: md.ID, Resume: &other}); err == nil || !strings.Contains(err.Error(), "another org") {
		t.Errorf("a checkpoint of another org: %v", err)
	}
}

// The privileged-accounts check reads the factors of every admin, whatever
// the status: a full scan reads those of a DEPROVISIONED admin (one who
// holds a role through a group) too, so that a plan seeded from the stored
// snapshot reads no factor list.
func TestScanKeepsTheFactorsOfDeprovisionedAdmins(t *testing.T) {
	org := fixtures.Generate(fixtures.GenerateOptions{Users: 300, Groups: 20, Apps: 3, Seed: 2, Now: time.Now().Add(-time.Hour)})
	var admin string
	for gid := range org.GroupRoles {
		for _, g := range org.Groups {
			if g.ID == gid && len(g.MemberIDs) > 0 {
				admin = g.MemberIDs[0]
			}
		}
	}
	if admin == "" {
		t.Fatal("the generated org has no group holding an admin role")
	}
	for _, u := range org.Users {
		if u.ID == admin {
			u.Status = "DEPROVISIONED"
		}
	}
	sim, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, Concurrency: ratelimit.DefaultConcurrency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	client := simClient(t, sim)
	c, err := New(client, Options{}).Scan(t.Context(), ScanInput{OrgID: org.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Factors[admin]; !ok {
		t.Fatalf("the snapshot lacks the factors of the DEPROVISIONED admin %s", admin)
	}
	seeded := New(client, Options{})
	seeded.Seed(c)
	roles, err := seeded.AdminRoles(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range roles.Admins {
		ids = append(ids, a.UserID)
	}
	sim.ResetRequests()
	if _, err := seeded.FactorsOf(t.Context(), ids); err != nil {
		t.Fatal(err)
	}
	for _, r := range sim.Requests() {
		if strings.HasSuffix(r.Path, "/factors") {
			t.Errorf("the seeded snapshot read %s", r.Path)
		}
	}
}
