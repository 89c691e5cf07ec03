package main

import (
	"strings"
	"testing"
)

// TestGate1Summary: with checks failing in warn mode the summary says so
// and never that the gate passes.
func TestGate1Summary(t *testing.T) {
	got := gate1Summary(14, 12)
	for _, want := range []string{"12 of 14 checks fail", "reported as warnings", "the plan succeeds"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary %q does not say %q", got, want)
		}
	}
	if strings.Contains(got, "gate passes") {
		t.Errorf("summary %q says the gate passes above failing checks", got)
	}
	if got := gate1Summary(3, 0); !strings.Contains(got, "all 3 checks pass") {
		t.Errorf("summary with no failure: %q", got)
	}
}

func TestWaivedAndExcluded(t *testing.T) {
	values := map[string]any{
		"exceptions_applied": []any{
			map[string]any{"subject": "erin", "violations": []any{map[string]any{}, map[string]any{}}},
			map[string]any{"subject": "gus", "violations": []any{map[string]any{}}},
		},
		"exclude_logins":    []any{"svc@acme.com"},
		"exclude_group_ids": []any{"00g1", "00g2"},
	}
	if got := waived(values); got != 3 {
		t.Errorf("waived = %d, want 3", got)
	}
	if got := excluded(values); got != "excluded: 1 login, 2 groups" {
		t.Errorf("excluded = %q", got)
	}
	if got := excluded(map[string]any{}); got != "" {
		t.Errorf("excluded with none = %q", got)
	}
}
