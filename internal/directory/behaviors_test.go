package directory

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

type behaviorsFake struct {
	UnimplementedSource
	err   error
	calls atomic.Int64
}

func (f *behaviorsFake) ListBehaviors(context.Context) ([]okta.Behavior, error) {
	f.calls.Add(1)
	if f.err != nil {
		return nil, f.err
	}
	return []okta.Behavior{{ID: "abr2", Name: "New IP"}, {ID: "abr1", Name: "New Country"}, {ID: "abr2", Name: "New IP"}}, nil
}

// TestBehaviorsMemoizedAndSorted: one request per snapshot, deduplicated
// and sorted by name; a failure is named and not kept.
func TestBehaviorsMemoizedAndSorted(t *testing.T) {
	src := &behaviorsFake{err: errors.New("boom")}
	s := New(src, Options{})
	ctx := t.Context()
	if _, err := s.Behaviors(ctx); err == nil || !strings.Contains(err.Error(), "listing behavior detection rules") {
		t.Errorf("error %v, want it named", err)
	}
	src.err = nil
	for range 3 {
		bs, err := s.Behaviors(ctx)
		if err != nil || len(bs) != 2 || bs[0].Name != "New Country" || bs[1].Name != "New IP" {
			t.Fatalf("behaviors %+v, %v", bs, err)
		}
	}
	if n := src.calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
}
