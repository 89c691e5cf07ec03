package provider

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// TestReconcile: removes come first, then adds, each sorted; values both
// sides hold are left alone; a remove of what is already gone is not an
// error; the first other error stops the run and is returned.
func TestReconcile(t *testing.T) {
	ctx := t.Context()
	var calls []string
	var failOn string
	failErr := errors.New("boom")
	add := func(_ context.Context, v string) error {
		calls = append(calls, "+"+v)
		if v == failOn {
			return failErr
		}
		return nil
	}
	remove := func(_ context.Context, v string) error {
		calls = append(calls, "-"+v)
		switch v {
		case failOn:
			return failErr
		case "gone":
			return &okta.Error{HTTPStatus: 404}
		}
		return nil
	}
	want := []string{"d", "keep", "c"}
	have := []string{"keep", "gone", "b", "a"}

	if err := reconcile(ctx, want, have, add, remove); err != nil {
		t.Fatalf("reconcile: %v", err)
	}
	if w := []string{"-a", "-b", "-gone", "+c", "+d"}; !slices.Equal(calls, w) {
		t.Errorf("calls %v, want %v", calls, w)
	}

	calls, failOn = nil, "b"
	if err := reconcile(ctx, want, have, add, remove); !errors.Is(err, failErr) {
		t.Errorf("failing remove: err %v", err)
	}
	if w := []string{"-a", "-b"}; !slices.Equal(calls, w) {
		t.Errorf("failing remove: calls %v, want %v", calls, w)
	}

	calls, failOn = nil, "c"
	if err := reconcile(ctx, want, have, add, remove); !errors.Is(err, failErr) {
		t.Errorf("failing add: err %v", err)
	}
	if w := []string{"-a", "-b", "-gone", "+c"}; !slices.Equal(calls, w) {
		t.Errorf("failing add: calls %v, want %v", calls, w)
	}

	calls, failOn = nil, ""
	if err := reconcile(ctx, []string{"x"}, []string{"x"}, add, remove); err != nil || calls != nil {
		t.Errorf("nothing to do: err %v, calls %v", err, calls)
	}
}
