package directory

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

type deviceAssurancesFake struct {
	UnimplementedSource
	err   error
	calls atomic.Int64
}

func (f *deviceAssurancesFake) ListDeviceAssurances(context.Context) ([]okta.DeviceAssurance, error) {
	f.calls.Add(1)
	if f.err != nil {
		return nil, f.err
	}
	return []okta.DeviceAssurance{{ID: "dae2", Name: "Win", Platform: "WINDOWS"}, {ID: "dae1", Name: "Mac", Platform: "MACOS"},
		{ID: "dae2", Name: "Win", Platform: "WINDOWS"}}, nil
}

// TestDeviceAssurancesMemoizedAndSorted: one request per snapshot,
// deduplicated and sorted by platform; a failure is named and not kept.
func TestDeviceAssurancesMemoizedAndSorted(t *testing.T) {
	src := &deviceAssurancesFake{err: errors.New("boom")}
	s := New(src, Options{})
	ctx := t.Context()
	if _, err := s.DeviceAssurances(ctx); err == nil || !strings.Contains(err.Error(), "listing device assurance policies") {
		t.Errorf("error %v, want it named", err)
	}
	src.err = nil
	for range 3 {
		ds, err := s.DeviceAssurances(ctx)
		if err != nil || len(ds) != 2 || ds[0].Platform != "MACOS" || ds[1].Platform != "WINDOWS" {
			t.Fatalf("policies %+v, %v", ds, err)
		}
	}
	if n := src.calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
}
