package provider

import (
	"os"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
)

// TestHandoffIsThePlansOnly: the apply starts from the snapshot the plan left
// only when the plan's instant is its own; the file is its owner's alone.
func TestHandoffIsThePlansOnly(t *testing.T) {
	t.Parallel()
	org := "https://handoff-test-" + time.Now().Format("150405.000000000") + ".example"
	t.Cleanup(func() { _ = os.Remove(handoffFile(org)) })
	asOf := time.Date(2026, 12, 6, 11, 0, 0, 123456789, time.UTC)
	encoded, err := (&directory.Compact{Version: directory.CompactVersion, OrgID: "00oX", TakenAt: asOf, Cursor: asOf}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	if c, err := readHandoff(org, asOf); c != nil || err != nil {
		t.Fatalf("no plan yet: got %v, %v", c, err)
	}
	if err := writeHandoff(org, asOf, encoded); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(handoffFile(org))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if c, err := readHandoff(org, asOf.Add(time.Nanosecond)); c != nil || err != nil {
		t.Errorf("another plan's instant: got %v, %v", c, err)
	}
	c, err := readHandoff(org, asOf)
	if err != nil || c == nil || c.OrgID != "00oX" || !c.Cursor.Equal(asOf) {
		t.Errorf("the plan's own: got %+v, %v", c, err)
	}
	if c, _ := readHandoff(org+"/other", asOf); c != nil {
		t.Error("another org's plan was used")
	}
}
