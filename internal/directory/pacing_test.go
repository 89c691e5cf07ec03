package directory

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// Every Source method the snapshot calls is mapped to its rate-limit bucket,
// so pacing never silently skips one.
func TestEveryMethodHasABucket(t *testing.T) {
	for _, m := range allMethods {
		b, ok := methodBucket[m]
		if !ok {
			t.Errorf("method %s has no bucket", m)
			continue
		}
		if _, ok := ratelimit.WorkforceLimits[b]; !ok {
			t.Errorf("method %s maps to unknown bucket %q", m, b)
		}
	}
}

// pacedFake is a Source whose buckets can be closed: AwaitCapacity blocks on a
// closed bucket until it is opened.
type pacedFake struct {
	*fakeSource
	mu     sync.Mutex
	closed map[string]chan struct{}
	asked  map[string]int
}

func (p *pacedFake) AwaitCapacity(ctx context.Context, bucket string) error {
	p.mu.Lock()
	p.asked[bucket]++
	ch := p.closed[bucket]
	p.mu.Unlock()
	if ch == nil {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A bucket that is spent does not hold the snapshot's slots: with one slot and
// the user bucket closed, the apps are still listed.
func TestSpentBucketHoldsNoSlot(t *testing.T) {
	open := make(chan struct{})
	p := &pacedFake{fakeSource: seededFake(), closed: map[string]chan struct{}{ratelimit.UserGet: open}, asked: map[string]int{}}
	s := New(p, Options{Concurrency: 1})
	ctx := t.Context()

	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	factors := make(chan error, 1)
	go func() {
		_, err := s.FactorsOf(ctx, ids)
		factors <- err
	}()
	waitFor(t, "the factor calls to wait for their bucket", func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.asked[ratelimit.UserGet] > 0
	})
	appsCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := s.Apps(appsCtx); err != nil {
		t.Fatalf("apps blocked behind a spent bucket: %v", err)
	}
	if n := p.total(MethodListUserFactors); n != 0 {
		t.Fatalf("%d factor calls made while their bucket was closed", n)
	}
	close(open)
	if err := <-factors; err != nil {
		t.Fatal(err)
	}
	if n := p.total(MethodListUserFactors); n != len(ids) {
		t.Fatalf("factor calls %d, want %d", n, len(ids))
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.asked[ratelimit.Apps] == 0 || p.asked[ratelimit.UsersList] == 0 {
		t.Fatalf("buckets asked: %v", p.asked)
	}
}

var _ Source = (*pacedFake)(nil)
