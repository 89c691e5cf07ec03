package directory

import (
	"reflect"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// TestUserDeletions: one bounded query for the completed deletions of the
// lookback before the plan time, filtered by event type, asked once per
// snapshot however often the check asks.
func TestUserDeletions(t *testing.T) {
	f := newEvidenceFake()
	plan := time.Now().UTC().Truncate(time.Second)
	s := New(f, Options{PlanTime: plan})
	del := func(uuid string, at time.Time) okta.LogEvent {
		return okta.LogEvent{UUID: uuid, Published: at, EventType: EventUserDeleteCompleted,
			Targets: []okta.LogParty{{ID: "00u9", Type: "User", AlternateID: "zed@acme.com"}}}
	}
	f.logs = []okta.LogEvent{
		del("too-old", plan.Add(-UserDeletionLookback-time.Minute)),
		del("oldest", plan.Add(-UserDeletionLookback)),
		{UUID: "initiated", Published: plan.Add(-2 * time.Hour), EventType: "user.lifecycle.delete.initiated"},
		del("recent", plan.Add(-time.Hour)),
		del("at-until", plan), // until is exclusive
	}
	ctx := t.Context()
	for range 2 {
		evs, err := s.UserDeletions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range evs {
			got = append(got, e.UUID)
		}
		if want := []string{"oldest", "recent"}; !reflect.DeepEqual(got, want) {
			t.Errorf("deletions %v, want %v", got, want)
		}
	}
	since := plan.Add(-89 * 24 * time.Hour)
	key := since.Format(time.RFC3339) + "/" + plan.Format(time.RFC3339) + `/eventType eq "user.lifecycle.delete.completed"/0`
	if n := f.count(MethodListLogs, key); n != 1 {
		t.Errorf("ListLogs %s called %d times (%d in all), want once", key, n, f.total(MethodListLogs))
	}
	if w := UserDeletionWindow(plan); w.Check(plan) != nil || w.Check(plan.Add(23*time.Hour)) != nil {
		t.Errorf("the window must stay within the log's 90 days for a day after the plan")
	}
}
