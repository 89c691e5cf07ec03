package directory

import (
	"context"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// EventUserDeleteCompleted is the System Log event Okta publishes once a
// user's deletion is done; its target is the User, with the user's id and,
// as alternateId, the login.
const EventUserDeleteCompleted = "user.lifecycle.delete.completed"

// UserDeletionLookback is how far before the plan time UserDeletions reads:
// the log's 90 days less one, so that a check planned again when its saved
// plan is applied (from the same plan time, hours later) still asks for a
// window Okta keeps.
const UserDeletionLookback = LogRetention - 24*time.Hour

// UserDeletionWindow is the System Log window UserDeletions reads for a plan
// at until: the completed user deletions of the UserDeletionLookback before
// it. until is always sent, so the query's pages end.
func UserDeletionWindow(until time.Time) LogWindow {
	return LogWindow{
		Since:  until.Add(-UserDeletionLookback),
		Until:  until,
		Filter: LogFilter("", []string{EventUserDeleteCompleted}),
	}
}

// UserDeletions returns the completed user deletions the System Log records
// in the window ending at the plan time (UserDeletionWindow), sorted by
// published, then uuid: one filtered, bounded query, memoized per snapshot
// like every Logs window. It needs okta.logs.read. The slice is shared.
func (s *Snapshot) UserDeletions(ctx context.Context) ([]okta.LogEvent, error) {
	res, err := s.Logs(ctx, UserDeletionWindow(s.PlanTime()), 0)
	if err != nil {
		return nil, err
	}
	return res.Events, nil
}
