package directory

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// originFake adds trusted origins to the fake source.
type originFake struct {
	*fakeSource
	err   error
	calls atomic.Int64
}

func (p *originFake) ListTrustedOrigins(context.Context) ([]okta.TrustedOrigin, error) {
	p.calls.Add(1)
	if p.err != nil {
		return nil, p.err
	}
	return []okta.TrustedOrigin{
		{ID: "tos2", Name: "Portal", Origin: "https://*.example.com"},
		{ID: "tos1", Name: "App", Origin: "https://app.example.com"},
		{ID: "tos2", Name: "Portal", Origin: "https://*.example.com"},
	}, nil
}

func TestTrustedOriginsMemoized(t *testing.T) {
	src := &originFake{fakeSource: newFake()}
	s := New(src, Options{})
	ctx := t.Context()
	src.err = errors.New("boom")
	if _, err := s.TrustedOrigins(ctx); err == nil || !strings.Contains(err.Error(), "listing trusted origins") {
		t.Errorf("error %v, want it named", err)
	}
	src.err = nil // failures are not kept
	for range 3 {
		got, err := s.TrustedOrigins(ctx)
		if err != nil || len(got) != 2 || got[0].Name != "App" || got[1].Name != "Portal" {
			t.Fatalf("trusted origins %+v, %v: want deduplicated and sorted by name", got, err)
		}
	}
	if n := src.calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2 (one failed, then one kept)", n)
	}
	if st := s.Stats(); st[MethodListTrustedOrigins] != 2 {
		t.Errorf("Stats counts %d %s calls, want 2", st[MethodListTrustedOrigins], MethodListTrustedOrigins)
	}
}
