package okta

import (
	"context"
	"time"
)

// Log stream types (/api/v1/logStreams).
const (
	LogStreamAWSEventBridge = "aws_eventbridge"
	LogStreamSplunkCloud    = "splunk_cloud_logstreaming"
)

// pageLogStreams is the largest page of log streams Okta serves.
const pageLogStreams = 200

// LogStream is a log stream: the System Log pushed to an AWS EventBridge event
// source or a Splunk Cloud HTTP event collector. Only where it goes is kept;
// a Splunk stream's HEC token is never read.
type LogStream struct {
	ID, Name, Type, Status string
	// Destination says where the events go: "aws <account> <region>
	// <eventSourceName>" or "splunk <host>" (empty when not sent).
	Destination          string
	Created, LastUpdated time.Time
}

type wireLogStream struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Status   string `json:"status"`
	Settings *struct {
		AccountID       string `json:"accountId"`
		Region          string `json:"region"`
		EventSourceName string `json:"eventSourceName"`
		Host            string `json:"host"`
		Edition         string `json:"edition"`
	} `json:"settings"`
	Created     wireTime `json:"created"`
	LastUpdated wireTime `json:"lastUpdated"`
}

func (w wireLogStream) model() LogStream {
	l := LogStream{ID: w.ID, Name: w.Name, Type: w.Type, Status: w.Status, Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc()}
	if s := w.Settings; s != nil {
		switch w.Type {
		case LogStreamAWSEventBridge:
			l.Destination = joinNonEmpty("aws", s.AccountID, s.Region, s.EventSourceName)
		case LogStreamSplunkCloud:
			l.Destination = joinNonEmpty("splunk", s.Host)
		}
	}
	return l
}

func joinNonEmpty(kind string, parts ...string) string {
	out := kind
	n := 0
	for _, p := range parts {
		if p != "" {
			out += " " + p
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return out
}

// ListLogStreams lists the org's log streams (/api/v1/logStreams), every page.
func (c *Client) ListLogStreams(ctx context.Context) ([]LogStream, error) {
	ws, err := listAll[wireLogStream](ctx, c, withQuery("/api/v1/logStreams", limitQuery(pageLogStreams)), callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]LogStream, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}
