package gather

import (
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
)

// TestLoadLogStreamEventHooks: the event hooks are read only when the check
// accepts them, once however many times it loads.
func TestLoadLogStreamEventHooks(t *testing.T) {
	s, snap := loadSetup(t)
	ctx := t.Context()
	f, err := LoadLogStream(ctx, snap, loadNow, compliance.LogStreamInput{})
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/logStreams")
	if f.LogStreams == nil || f.EventHooks != nil {
		t.Fatalf("facts %+v: want the log streams alone", f)
	}
	in := compliance.LogStreamInput{AcceptEventHooks: true, AllowedEventHookHosts: []string{"siem.example.com"}}
	for range 2 {
		f, err = LoadLogStream(ctx, snap, loadNow, in)
		if err != nil {
			t.Fatal(err)
		}
		if f.EventHooks == nil {
			t.Fatalf("facts %+v: want the event hooks (none) loaded", f)
		}
	}
	wantPaths(t, s, "/api/v1/eventHooks")
	assertLines(t, mustOK(t)(compliance.LogStream(f, in)).Violations,
		"log streams: no ACTIVE log stream or ACTIVE, VERIFIED event hook to siem.example.com sends the System Log "+
			"to a central log server: the org has no log stream or event hook")
	if _, err := LoadLogStream(ctx, snap, loadNow, compliance.LogStreamInput{AcceptEventHooks: true}); err == nil {
		t.Error("accepting hooks with no host loaded")
	}
	wantPaths(t, s)
}
