package okta

import (
	"context"
	"time"
)

// pageLogs is the largest page of System Log events Okta serves.
const pageLogs = 1000

// LogParty is a System Log actor or target.
type LogParty struct {
	ID          string
	Type        string
	AlternateID string
	DisplayName string
}

// LogEvent is one System Log event (/api/v1/logs).
type LogEvent struct {
	UUID           string
	Published      time.Time
	EventType      string
	DisplayMessage string
	Severity       string
	OutcomeResult  string
	OutcomeReason  string
	Actor          LogParty
	ClientIP       string
	Targets        []LogParty
}

type wireLogEvent struct {
	UUID           string   `json:"uuid"`
	Published      wireTime `json:"published"`
	EventType      string   `json:"eventType"`
	DisplayMessage string   `json:"displayMessage"`
	Severity       string   `json:"severity"`
	Outcome        *struct {
		Result string `json:"result"`
		Reason string `json:"reason"`
	} `json:"outcome"`
	Actor  *wireLogParty `json:"actor"`
	Client *struct {
		IPAddress string `json:"ipAddress"`
	} `json:"client"`
	Target []wireLogParty `json:"target"`
}

type wireLogParty struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	AlternateID string `json:"alternateId"`
	DisplayName string `json:"displayName"`
}

func (w wireLogEvent) model() LogEvent {
	e := LogEvent{
		UUID: w.UUID, Published: w.Published.utc(), EventType: w.EventType,
		DisplayMessage: w.DisplayMessage, Severity: w.Severity,
	}
	if w.Outcome != nil {
		e.OutcomeResult, e.OutcomeReason = w.Outcome.Result, w.Outcome.Reason
	}
	if w.Actor != nil {
		e.Actor = LogParty(*w.Actor)
	}
	if w.Client != nil {
		e.ClientIP = w.Client.IPAddress
	}
	for _, t := range w.Target {
		e.Targets = append(e.Targets, LogParty(t))
	}
	return e
}

// ListLogs reads System Log events published in [since, until), oldest first.
// until is always sent: it bounds the query, so its pages end. At most
// maxEvents are returned (<= 0: no cap); truncated reports that more matched.
func (c *Client) ListLogs(ctx context.Context, since, until time.Time, filter string, maxEvents int) (events []LogEvent, truncated bool, err error) {
	const layout = "2006-01-02T15:04:05.000Z"
	pageSize := pageLogs
	if maxEvents > 0 {
		// One more than needed reveals whether the cap truncates.
		pageSize = min(pageLogs, maxEvents+1)
	}
	q := limitQuery(pageSize, "since", since.UTC().Format(layout), "until", until.UTC().Format(layout),
		"filter", filter, "sortOrder", "ASCENDING")
	err = paginate(ctx, c, withQuery("/api/v1/logs", q), callOpts{}, func(page []wireLogEvent) bool {
		for _, w := range page {
			events = append(events, w.model())
		}
		if maxEvents > 0 && len(events) > maxEvents {
			events, truncated = events[:maxEvents], true
			return false
		}
		// An empty page means the bounded query has nothing more.
		return len(page) > 0
	})
	if err != nil {
		return nil, false, err
	}
	return events, truncated, nil
}
