package directory

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// hookFake adds event hooks to the fake source.
type hookFake struct {
	*fakeSource
	err   error
	calls atomic.Int64
}

func (p *hookFake) ListEventHooks(context.Context) ([]okta.EventHook, error) {
	p.calls.Add(1)
	if p.err != nil {
		return nil, p.err
	}
	return []okta.EventHook{
		{ID: "who2", Name: "Zap", Host: "hooks.example"},
		{ID: "who1", Name: "SIEM", Host: "siem.example.com"},
		{ID: "who2", Name: "Zap", Host: "hooks.example"},
	}, nil
}

func TestEventHooksMemoized(t *testing.T) {
	src := &hookFake{fakeSource: newFake()}
	s := New(src, Options{})
	ctx := t.Context()
	src.err = errors.New("boom")
	if _, err := s.EventHooks(ctx); err == nil || !strings.Contains(err.Error(), "listing event hooks") {
		t.Errorf("error %v, want it named", err)
	}
	src.err = nil // failures are not kept
	for range 3 {
		got, err := s.EventHooks(ctx)
		if err != nil || len(got) != 2 || got[0].Name != "SIEM" || got[1].Name != "Zap" {
			t.Fatalf("event hooks %+v, %v: want deduplicated and sorted by name", got, err)
		}
	}
	if n := src.calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2 (one failed, then one kept)", n)
	}
	if st := s.Stats(); st[MethodListEventHooks] != 2 {
		t.Errorf("Stats counts %d %s calls, want 2", st[MethodListEventHooks], MethodListEventHooks)
	}
}
