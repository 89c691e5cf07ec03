package directory

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// Progress follows a full scan (LoadAll) as it goes: how many users' factor
// lists are read of how many, the requests sent per rate-limit bucket, and
// when the scan should end at the org's limits. The factor lists are one
// request per user in the single-user bucket and the floor of a large org's
// scan (100k users at Okta's Workforce limits is over an hour), so the users
// left over that bucket's rate is the estimate. The `oktagate snapshot`
// command draws it on stderr; the provider logs it at INFO during a plan.
// Set it in Options.Progress; a nil *Progress counts nothing.
type Progress struct {
	now     func() time.Time
	buckets func() []okta.BucketUsage

	mu       sync.Mutex
	start    time.Time
	listed   int  // user records listed so far (raw pages: a user may come twice)
	picked   int  // of them, users whose factors are to be read
	listDone bool // the list is complete: total is exact
	total    int  // users whose factors are to be read, once listDone
	done     int  // of them, read (by this run or, resumed, an earlier one)
	resumed  int  // of done, read by an interrupted run and kept in its checkpoint
	// expected is, per bucket other than the factor lists', the request count
	// the bucket should reach once the lists the scan knows of are read
	// (member lists, app assignments, grants, client roles).
	expected map[string]int64
}

// NewProgress starts following a scan at now(). buckets reports the client's
// requests and limits per bucket (okta.Client.BucketUsage); nil shows none,
// and the estimate then assumes Okta's Workforce limits.
func NewProgress(now func() time.Time, buckets func() []okta.BucketUsage) *Progress {
	if now == nil {
		now = time.Now
	}
	return &Progress{now: now, buckets: buckets, start: now()}
}

func (p *Progress) listedPage(users, picked int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listed += users
	p.picked += picked
}

func (p *Progress) listComplete(picked int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listDone, p.total = true, picked
}

// expectMore records that the scan is about to send at least n more requests
// to bucket (one per group, app or client it has listed), so that the
// estimate covers the buckets that outlast the factor lists: in an org with
// many apps, the app assignments' 100 a minute.
func (p *Progress) expectMore(bucket string, n int) {
	if p == nil || n <= 0 {
		return
	}
	var sent int64
	if p.buckets != nil {
		for _, b := range p.buckets() {
			if b.Bucket == bucket {
				sent = b.Requests
			}
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.expected == nil {
		p.expected = map[string]int64{}
	}
	p.expected[bucket] = max(p.expected[bucket], sent) + int64(n)
}

func (p *Progress) factorsRead() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
}

func (p *Progress) resumedFrom(users int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.resumed += users
}

// ProgressReport is a scan's progress at one instant.
type ProgressReport struct {
	Elapsed time.Duration
	// UsersRead is how many users' factor lists are read, of UsersTotal.
	// Until the user list is complete (TotalExact), UsersTotal is what it has
	// listed so far: a lower bound.
	UsersRead, UsersTotal int
	TotalExact            bool
	// Resumed is how many of UsersRead an interrupted run had read.
	Resumed int
	// Buckets are the requests sent and the limit per rate-limit bucket.
	Buckets []okta.BucketUsage
	// Remaining is the estimated time to the end: the users left over the
	// single-user bucket's rate (EstimateRemaining), or, when longer, the
	// member lists, app assignments or client roles left over their bucket's
	// rate; ETA is when that is.
	Remaining time.Duration
	ETA       time.Time
}

// Report returns the progress now.
func (p *Progress) Report() ProgressReport {
	if p == nil {
		return ProgressReport{}
	}
	var buckets []okta.BucketUsage
	if p.buckets != nil {
		buckets = p.buckets()
	}
	now := p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	r := ProgressReport{Elapsed: now.Sub(p.start), UsersRead: p.done, Resumed: p.resumed, TotalExact: p.listDone, Buckets: buckets}
	r.UsersTotal = p.picked
	if p.listDone {
		r.UsersTotal = p.total
	}
	// A user listed twice (a status change mid-list) is read once.
	r.UsersRead = min(r.UsersRead, max(r.UsersTotal, p.resumed))
	r.UsersTotal = max(r.UsersTotal, r.UsersRead)
	share := 0
	for _, b := range buckets {
		if b.Bucket == ratelimit.UserGet {
			share = b.Share
		}
	}
	r.Remaining = EstimateRemaining(r.UsersTotal-r.UsersRead, share, r.UsersRead-r.Resumed, r.Elapsed)
	// The scan ends when its slowest bucket does.
	for _, b := range buckets {
		if want, ok := p.expected[b.Bucket]; ok && want > b.Requests && b.Share > 0 {
			r.Remaining = max(r.Remaining, EstimateRemaining(int(want-b.Requests), b.Share, 0, 0))
		}
	}
	r.ETA = now.Add(r.Remaining)
	return r
}

// EstimateRemaining is how long left more factor lists take: one request each
// in the single-user bucket, of which this client may send share a minute
// (the org's X-Rate-Limit-Limit times max_api_capacity; 0 before a response
// has said, when half of Okta's Workforce default is assumed, as the client's
// default capacity is 50%). When the scan has run a minute and has read
// slower than that (readThisRun over elapsed: latency or max_concurrency,
// not the limit, is the bottleneck), the observed rate is used instead.
func EstimateRemaining(left, share, readThisRun int, elapsed time.Duration) time.Duration {
	if left <= 0 {
		return 0
	}
	if share <= 0 {
		share = ratelimit.WorkforceLimits[ratelimit.UserGet] * okta.DefaultMaxAPICapacity / 100
	}
	perSecond := float64(share) / 60
	if elapsed >= time.Minute && readThisRun > 0 {
		if observed := float64(readThisRun) / elapsed.Seconds(); observed < perSecond {
			perSecond = observed
		}
	}
	return time.Duration(float64(left) / perSecond * float64(time.Second)).Round(time.Second)
}

// Percent is the share of users read, 0 to 100.
func (r ProgressReport) Percent() float64 {
	if r.UsersTotal == 0 {
		return 0
	}
	return 100 * float64(r.UsersRead) / float64(r.UsersTotal)
}

// Total is UsersTotal as shown: "≥N" until the user list is complete.
func (r ProgressReport) Total() string {
	if !r.TotalExact {
		return fmt.Sprintf("≥%d", r.UsersTotal)
	}
	return fmt.Sprint(r.UsersTotal)
}

// RequestsLine lists the requests per bucket with the org's limits:
// "user 1200 (limit 2000/min), users 3 (limit 600/min)"; a limit no response
// has reported yet is marked "?".
func (r ProgressReport) RequestsLine() string {
	parts := make([]string, 0, len(r.Buckets))
	for _, b := range r.Buckets {
		mark := ""
		if !b.LimitKnown {
			mark = "?"
		}
		parts = append(parts, fmt.Sprintf("%s %d (limit %d%s/min)", b.Bucket, b.Requests, b.Limit, mark))
	}
	if len(parts) == 0 {
		return "none yet"
	}
	return strings.Join(parts, ", ")
}

// String is the report as one log line.
func (r ProgressReport) String() string {
	return fmt.Sprintf("users read %d of %s (%.1f%%), %s elapsed, about %s left (ends ~%s); requests: %s",
		r.UsersRead, r.Total(), r.Percent(), r.Elapsed.Round(time.Second), r.Remaining, r.ETA.Format("15:04:05"), r.RequestsLine())
}

// Fields are the report as structured log fields (the provider's INFO line).
func (r ProgressReport) Fields() map[string]any {
	requests := make(map[string]int64, len(r.Buckets))
	limits := make(map[string]int, len(r.Buckets))
	for _, b := range r.Buckets {
		requests[b.Bucket], limits[b.Bucket] = b.Requests, b.Limit
	}
	return map[string]any{
		"users_read": r.UsersRead, "users_total": r.UsersTotal, "users_total_exact": r.TotalExact,
		"elapsed": r.Elapsed.Round(time.Second).String(), "remaining": r.Remaining.String(),
		"estimated_end": r.ETA.UTC().Format(time.RFC3339), "requests": requests, "limits_per_minute": limits,
	}
}
