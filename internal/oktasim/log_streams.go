package oktasim

import (
	"net/http"
	"time"
)

// LogStream is a log stream (/api/v1/logStreams): the System Log pushed to an
// AWS EventBridge event source or a Splunk Cloud HTTP event collector.
type LogStream struct {
	ID          string // 0oa…: a log stream is an app instance
	Name        string
	Type        string // aws_eventbridge, splunk_cloud_logstreaming
	Status      string // ACTIVE, INACTIVE
	Created     time.Time
	LastUpdated time.Time

	// aws_eventbridge
	AWSAccountID, AWSRegion, AWSEventSourceName string
	// splunk_cloud_logstreaming: Okta never sends the HEC token back.
	SplunkHost, SplunkEdition string
}

func renderLogStream(base string, l *LogStream) obj {
	self := base + "/api/v1/logStreams/" + l.ID
	links := obj{"self": obj{"href": self, "method": "GET"}}
	if l.Status == "ACTIVE" {
		links["deactivate"] = obj{"href": self + "/lifecycle/deactivate", "method": "POST"}
	} else {
		links["activate"] = obj{"href": self + "/lifecycle/activate", "method": "POST"}
	}
	o := obj{
		"id":          l.ID,
		"name":        l.Name,
		"type":        l.Type,
		"status":      l.Status,
		"created":     ts(l.Created),
		"lastUpdated": ts(l.LastUpdated),
		"_links":      links,
	}
	switch l.Type {
	case "aws_eventbridge":
		o["settings"] = obj{"accountId": l.AWSAccountID, "region": l.AWSRegion, "eventSourceName": l.AWSEventSourceName}
	case "splunk_cloud_logstreaming":
		o["settings"] = obj{"host": l.SplunkHost, "edition": l.SplunkEdition}
	}
	return o
}

// listLogStreams serves the log streams in cursor pages (default 20, at most
// 200 a page).
func listLogStreams(c *call) (int, any) {
	list := append([]*LogStream(nil), c.org.LogStreams...)
	cursor := func(l *LogStream) string { return l.ID }
	sortStable(list, cursor)
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, list, cursor, 20, 200)
	out := make([]obj, 0, len(page))
	for _, l := range page {
		out = append(out, renderLogStream(c.base(), l))
	}
	return http.StatusOK, out
}
