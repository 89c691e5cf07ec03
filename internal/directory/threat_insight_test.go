package directory

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

type threatInsightFake struct {
	UnimplementedSource
	err   error
	calls atomic.Int64
}

func (f *threatInsightFake) GetThreatInsightConfiguration(context.Context) (okta.ThreatInsightConfiguration, error) {
	f.calls.Add(1)
	if f.err != nil {
		return okta.ThreatInsightConfiguration{}, f.err
	}
	return okta.ThreatInsightConfiguration{Action: "audit", ExcludeZones: []string{"nzo2", "nzo1", "nzo2"}}, nil
}

// TestThreatInsightMemoized: concurrent checks share one request; a failure
// is named and not kept; the excluded zones come sorted and unique.
func TestThreatInsightMemoized(t *testing.T) {
	src := &threatInsightFake{err: errors.New("boom")}
	s := New(src, Options{})
	ctx := t.Context()
	if _, err := s.ThreatInsightConfiguration(ctx); err == nil || !strings.Contains(err.Error(), "reading the ThreatInsight configuration") {
		t.Errorf("error %v, want it named", err)
	}
	src.err = nil
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			ti, err := s.ThreatInsightConfiguration(ctx)
			if err != nil || ti.Action != "audit" || !slices.Equal(ti.ExcludeZones, []string{"nzo1", "nzo2"}) {
				t.Errorf("configuration %+v, %v", ti, err)
			}
		})
	}
	wg.Wait()
	if n := src.calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2 (one failed, one shared)", n)
	}
	if st := s.Stats(); st[MethodGetThreatInsightConfiguration] != 2 {
		t.Errorf("Stats %v", st)
	}
}
