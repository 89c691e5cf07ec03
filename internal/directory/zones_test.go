package directory

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// zoneFake adds network zones to the fake source.
type zoneFake struct {
	*fakeSource
	zones []okta.NetworkZone
	err   error
	calls atomic.Int64
}

func (z *zoneFake) ListNetworkZones(context.Context) ([]okta.NetworkZone, error) {
	z.calls.Add(1)
	if z.err != nil {
		return nil, z.err
	}
	return z.zones, nil
}

func TestNetworkZonesMemoizedAndSorted(t *testing.T) {
	src := &zoneFake{fakeSource: newFake(), zones: []okta.NetworkZone{
		{ID: "nzo3", Name: "LegacyIpZone"}, {ID: "nzo1", Name: "BlockedIpZone"}, {ID: "nzo2", Name: "BlockedIpZone"}, {ID: "nzo1", Name: "BlockedIpZone"},
	}}
	s := New(src, Options{})
	ctx := t.Context()
	src.err = errors.New("boom")
	if _, err := s.NetworkZones(ctx); err == nil || !strings.Contains(err.Error(), "listing network zones") {
		t.Fatalf("error %v, want it named", err)
	}
	src.err = nil // a failure is not kept
	for range 3 {
		zs, err := s.NetworkZones(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, z := range zs {
			ids = append(ids, z.ID)
		}
		if strings.Join(ids, ",") != "nzo1,nzo2,nzo3" {
			t.Fatalf("zones %v, want deduplicated and sorted by name then id", ids)
		}
	}
	if n := src.calls.Load(); n != 2 {
		t.Errorf("%d ListNetworkZones calls, want 2 (one failed, one memoized)", n)
	}
	if n := s.Stats()[MethodListNetworkZones]; n != 2 {
		t.Errorf("Stats counts %d ListNetworkZones calls, want 2", n)
	}
}
