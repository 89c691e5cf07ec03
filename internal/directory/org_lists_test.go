package directory

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// orgListsFake serves the org-level lists of the posture checks (issue #18),
// each with a duplicate and out of order, or err, counting calls per method.
type orgListsFake struct {
	UnimplementedSource
	err   error
	calls [4]atomic.Int64
}

func (f *orgListsFake) serve(i int) error {
	f.calls[i].Add(1)
	return f.err
}

func (f *orgListsFake) ListTrustedOrigins(context.Context) ([]okta.TrustedOrigin, error) {
	if err := f.serve(0); err != nil {
		return nil, err
	}
	return []okta.TrustedOrigin{
		{ID: "tos2", Name: "Portal", Origin: "https://*.example.com"},
		{ID: "tos1", Name: "App", Origin: "https://app.example.com"},
		{ID: "tos2", Name: "Portal", Origin: "https://*.example.com"},
	}, nil
}

func (f *orgListsFake) ListEventHooks(context.Context) ([]okta.EventHook, error) {
	if err := f.serve(1); err != nil {
		return nil, err
	}
	return []okta.EventHook{
		{ID: "who2", Name: "Zap", Host: "hooks.example"},
		{ID: "who1", Name: "SIEM", Host: "siem.example.com"},
		{ID: "who2", Name: "Zap", Host: "hooks.example"},
	}, nil
}

func (f *orgListsFake) ListBehaviors(context.Context) ([]okta.Behavior, error) {
	if err := f.serve(2); err != nil {
		return nil, err
	}
	return []okta.Behavior{{ID: "abr2", Name: "New IP"}, {ID: "abr1", Name: "New Country"}, {ID: "abr2", Name: "New IP"}}, nil
}

func (f *orgListsFake) ListDeviceAssurances(context.Context) ([]okta.DeviceAssurance, error) {
	if err := f.serve(3); err != nil {
		return nil, err
	}
	return []okta.DeviceAssurance{{ID: "dae2", Name: "Win", Platform: "WINDOWS"}, {ID: "dae1", Name: "Mac", Platform: "MACOS"},
		{ID: "dae2", Name: "Win", Platform: "WINDOWS"}}, nil
}

// keysOf reads a list through the snapshot and keeps each item's sort key.
func keysOf[T any](list func(*Snapshot, context.Context) ([]T, error), key func(T) string) func(*Snapshot, context.Context) ([]string, error) {
	return func(s *Snapshot, ctx context.Context) ([]string, error) {
		items, err := list(s, ctx)
		keys := make([]string, 0, len(items))
		for _, it := range items {
			keys = append(keys, key(it))
		}
		return keys, err
	}
}

// TestOrgListsMemoized: each org-level list of the posture checks is read
// once per snapshot, deduplicated by id and sorted; a failure is named and
// not kept; Stats counts the calls.
func TestOrgListsMemoized(t *testing.T) {
	for i, tc := range []struct {
		method, named string
		read          func(*Snapshot, context.Context) ([]string, error)
		want          []string
	}{
		{MethodListTrustedOrigins, "listing trusted origins",
			keysOf((*Snapshot).TrustedOrigins, func(o okta.TrustedOrigin) string { return o.Name }), []string{"App", "Portal"}},
		{MethodListEventHooks, "listing event hooks",
			keysOf((*Snapshot).EventHooks, func(h okta.EventHook) string { return h.Name }), []string{"SIEM", "Zap"}},
		{MethodListBehaviors, "listing behavior detection rules",
			keysOf((*Snapshot).Behaviors, func(b okta.Behavior) string { return b.Name }), []string{"New Country", "New IP"}},
		{MethodListDeviceAssurances, "listing device assurance policies",
			keysOf((*Snapshot).DeviceAssurances, func(d okta.DeviceAssurance) string { return d.Platform }), []string{"MACOS", "WINDOWS"}},
	} {
		t.Run(tc.method, func(t *testing.T) {
			src := &orgListsFake{err: errors.New("boom")}
			s := New(src, Options{})
			ctx := t.Context()
			if _, err := tc.read(s, ctx); err == nil || !strings.Contains(err.Error(), tc.named) {
				t.Errorf("error %v, want it named %q", err, tc.named)
			}
			src.err = nil // failures are not kept
			for range 3 {
				got, err := tc.read(s, ctx)
				if err != nil || !slices.Equal(got, tc.want) {
					t.Fatalf("got %q, %v; want %q: deduplicated and sorted", got, err, tc.want)
				}
			}
			if n := src.calls[i].Load(); n != 2 {
				t.Errorf("%d calls, want 2 (one failed, then one kept)", n)
			}
			if st := s.Stats(); st[tc.method] != 2 {
				t.Errorf("Stats counts %d %s calls, want 2", st[tc.method], tc.method)
			}
		})
	}
}
