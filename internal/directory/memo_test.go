package directory

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

// TestAlreadyCancelledCallerStartsNothing: a caller whose ctx has already ended
// gets its error and starts no fetch, even one that would succeed at once.
//
// Without the early guard in get, the flight started for the caller calls
// fetch on its own goroutine whatever the caller's ctx says, so the test waits
// for every run to finish (memo.running) rather than checking straight away,
// which the fetch goroutine would usually lose.
func TestAlreadyCancelledCallerStartsNothing(t *testing.T) {
	var m memo[int]
	var started atomic.Int32
	fetch := func(context.Context) (int, error) {
		started.Add(1)
		return 7, nil
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if v, err := m.get(ctx, "k", fetch); !errors.Is(err, context.Canceled) {
		t.Fatalf("get = %d, %v; want context.Canceled", v, err)
	}
	m.running.Wait()
	if n := started.Load(); n != 0 {
		t.Fatalf("fetch started %d time(s) for a caller that was already cancelled", n)
	}
	if v, ok := m.peek("k"); ok {
		t.Fatalf("cached %d for a caller that was already cancelled", v)
	}

	// The same fetch does run for a live caller, so the count above could have
	// been non-zero.
	v, err := m.get(t.Context(), "k", fetch)
	if err != nil || v != 7 {
		t.Fatalf("live get = %d, %v; want 7", v, err)
	}
	if n := started.Load(); n != 1 {
		t.Fatalf("fetch started %d times for one live caller, want 1", n)
	}
}
