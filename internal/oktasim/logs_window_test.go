package oktasim

import (
	"strings"
	"testing"
	"time"
)

// TestLogsDefaultSinceIsSevenDaysBeforeUntil: Okta's since defaults to 7 days
// before until, not before now, when a bounded query omits it.
func TestLogsDefaultSinceIsSevenDaysBeforeUntil(t *testing.T) {
	o := NewOrg()
	day := 24 * time.Hour
	for _, e := range []struct {
		uuid string
		ago  time.Duration
	}{{"old", 9*day + 12*time.Hour}, {"in", 8*day + 12*time.Hour}, {"late", day}} {
		o.Logs = append(o.Logs, &LogEvent{UUID: e.uuid, Published: testNow.Add(-e.ago), EventType: "user.session.start", Severity: "INFO"})
	}
	s := startSim(t, o, Options{})
	until := testNow.Add(-2 * day).Format(time.RFC3339)
	pages, ended := logPages(t, s, logQuery(map[string]string{"until": until}), 5)
	if !ended {
		t.Fatal("bounded query never ends")
	}
	var all []string
	for _, p := range pages {
		all = append(all, p...)
	}
	if got := strings.Join(all, ","); got != "in" {
		t.Errorf("events %q, want only the one within 7 days before until", got)
	}
	// A polling query's window still starts 7 days before now.
	pages, _ = logPages(t, s, logQuery(map[string]string{}), 1)
	if got := strings.Join(pages[0], ","); got != "late" {
		t.Errorf("polling events %q, want late", got)
	}
}
