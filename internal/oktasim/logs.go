package oktasim

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	logDefaultWindow = 7 * 24 * time.Hour
	logRetention     = 90 * 24 * time.Hour
)

// logCursor orders events by published, then uuid; fixed-width nanoseconds keep
// the cursors comparable as strings.
func logCursor(e *LogEvent) string {
	return fmt.Sprintf("%020d_%s", e.Published.UnixNano(), e.UUID)
}

func parseLogTime(param, v string) (time.Time, *apiError) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, errValidation(param, param+": The date must be in ISO 8601 format, e.g. 2026-01-02T03:04:05.000Z")
	}
	return t, nil
}

// logAttr exposes an event to Expr.Match; target.* come from target t (nil
// when the event has no target).
func logAttr(e *LogEvent, t *LogParty) func(string) (any, bool) {
	return func(attr string) (any, bool) {
		str := func(s string) (any, bool) { return s, s != "" }
		switch attr {
		case "uuid":
			return e.UUID, true
		case "published":
			return e.Published, true
		case "eventType":
			return e.EventType, true
		case "displayMessage":
			return str(e.DisplayMessage)
		case "severity":
			return e.Severity, true
		case "outcome.result":
			return str(e.OutcomeResult)
		case "outcome.reason":
			return str(e.OutcomeReason)
		case "actor.id":
			return str(e.Actor.ID)
		case "actor.type":
			return str(e.Actor.Type)
		case "actor.alternateId":
			return str(e.Actor.AlternateID)
		case "actor.displayName":
			return str(e.Actor.DisplayName)
		case "client.ipAddress":
			return str(e.ClientIP)
		}
		if t == nil {
			return nil, false
		}
		switch attr {
		case "target.id":
			return str(t.ID)
		case "target.type":
			return str(t.Type)
		case "target.alternateId":
			return str(t.AlternateID)
		case "target.displayName":
			return str(t.DisplayName)
		}
		return nil, false
	}
}

// logMatches applies a filter; a target.* comparison holds when any one
// target satisfies the whole expression, as Okta's filter treats the target
// array.
func logMatches(expr *Expr, e *LogEvent) bool {
	if len(e.Targets) == 0 {
		return expr.Match(logAttr(e, nil))
	}
	for i := range e.Targets {
		if expr.Match(logAttr(e, &e.Targets[i])) {
			return true
		}
	}
	return false
}

// logQMatches is Okta's q: every space-separated term must occur,
// case-insensitively, in one of the event's text fields.
func logQMatches(e *LogEvent, terms []string) bool {
	fields := []string{e.EventType, e.DisplayMessage, e.Actor.ID, e.Actor.AlternateID, e.Actor.DisplayName,
		e.OutcomeResult, e.OutcomeReason, e.ClientIP, e.Severity}
	for _, t := range e.Targets {
		fields = append(fields, t.ID, t.AlternateID, t.DisplayName)
	}
	hay := strings.ToLower(strings.Join(fields, "\n"))
	for _, term := range terms {
		if !strings.Contains(hay, strings.ToLower(term)) {
			return false
		}
	}
	return true
}

// listLogs is GET /api/v1/logs. With until the query is bounded and its pages
// end; without until it is a polling query whose next link is always there,
// an empty page meaning "nothing new yet".
func listLogs(c *call) (int, any) {
	now := c.now
	bounded := c.query("until") != ""
	until := now
	if bounded {
		t, e := parseLogTime("until", c.query("until"))
		if e != nil {
			return 0, e
		}
		until = t
	}
	// since defaults to 7 days before until (before now for a polling query).
	since := until.Add(-logDefaultWindow)
	if v := c.query("since"); v != "" {
		t, e := parseLogTime("since", v)
		if e != nil {
			return 0, e
		}
		since = t
	}
	if since.Before(now.Add(-logRetention)) {
		return 0, errValidation("since", "since: The date must be within the last 90 days")
	}
	if bounded && until.Before(since) {
		return 0, errValidation("until", "until: The date must not be before since")
	}
	descending := false
	switch c.query("sortOrder") {
	case "", "ASCENDING":
	case "DESCENDING":
		descending = true
	default:
		return 0, errValidation("sortOrder", "sortOrder: must be ASCENDING or DESCENDING")
	}
	var expr *Expr
	if f := c.query("filter"); f != "" {
		e, err := ParseSearch(f)
		if err != nil {
			return 0, errBadSearch(err)
		}
		expr = e
	}
	terms := strings.Fields(c.query("q"))
	limit := 100
	if v := c.query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, errValidation("limit", "limit: must be a positive integer")
		}
		limit = min(n, 1000)
	}
	if cp := c.s.opts.PageSizeCap; cp > 0 && limit > cp {
		limit = cp
	}
	after := c.query("after")

	var matched []*LogEvent
	for _, e := range c.org.Logs {
		// Nothing after the simulator's clock is visible yet; until is exclusive.
		if e.Published.Before(since) || e.Published.After(now) || (bounded && !e.Published.Before(until)) {
			continue
		}
		if expr != nil && !logMatches(expr, e) {
			continue
		}
		if len(terms) > 0 && !logQMatches(e, terms) {
			continue
		}
		matched = append(matched, e)
	}
	if descending {
		for i, j := 0, len(matched)-1; i < j; i, j = i+1, j-1 {
			matched[i], matched[j] = matched[j], matched[i]
		}
	}
	start := 0
	if after != "" {
		start = len(matched)
		for i, e := range matched {
			k := logCursor(e)
			if (!descending && k > after) || (descending && k < after) {
				start = i
				break
			}
		}
	}
	end := min(start+limit, len(matched))
	page := matched[start:end]

	self := logPageURL(c, "")
	c.w.Header().Add("Link", "<"+self+`>; rel="self"`)
	switch {
	case end < len(matched):
		c.w.Header().Add("Link", "<"+logPageURL(c, logCursor(page[len(page)-1]))+`>; rel="next"`)
	case !bounded && !descending:
		next := after
		if len(page) > 0 {
			next = logCursor(page[len(page)-1])
		}
		if next == "" {
			// Nothing has matched yet: resume from the start of the window.
			next = fmt.Sprintf("%020d_", since.UnixNano()-1)
		}
		c.w.Header().Add("Link", "<"+logPageURL(c, next)+`>; rel="next"`)
	}

	out := make([]obj, 0, len(page))
	for _, e := range page {
		out = append(out, renderLogEvent(e))
	}
	return http.StatusOK, out
}

// logPageURL is this request's URL with after replaced (kept when "").
func logPageURL(c *call, after string) string {
	q := url.Values{}
	for k, v := range c.r.URL.Query() {
		q[k] = v
	}
	if after != "" {
		q.Set("after", after)
	}
	u := c.base() + c.r.URL.Path
	if enc := q.Encode(); enc != "" {
		u += "?" + enc
	}
	return u
}

func renderLogEvent(e *LogEvent) obj {
	targets := make([]obj, 0, len(e.Targets))
	for _, t := range e.Targets {
		targets = append(targets, obj{
			"id": t.ID, "type": t.Type, "alternateId": t.AlternateID, "displayName": t.DisplayName, "detailEntry": nil,
		})
	}
	return obj{
		"uuid":            e.UUID,
		"published":       ts(e.Published),
		"eventType":       e.EventType,
		"version":         "0",
		"displayMessage":  e.DisplayMessage,
		"severity":        e.Severity,
		"legacyEventType": nil,
		"outcome":         obj{"result": e.OutcomeResult, "reason": nullable(e.OutcomeReason)},
		"actor": obj{
			"id": e.Actor.ID, "type": e.Actor.Type, "alternateId": e.Actor.AlternateID,
			"displayName": e.Actor.DisplayName, "detailEntry": nil,
		},
		"client": obj{
			"ipAddress": nullable(e.ClientIP), "userAgent": nil, "zone": "null", "device": nil,
			"id": nil, "geographicalContext": nil,
		},
		"device":                nil,
		"authenticationContext": obj{"authenticationProvider": nil, "credentialProvider": nil, "credentialType": nil, "issuer": nil, "interface": nil, "authenticationStep": 0, "externalSessionId": nil},
		"securityContext":       obj{"asNumber": nil, "asOrg": nil, "isp": nil, "domain": nil, "isProxy": nil},
		"debugContext":          obj{"debugData": obj{}},
		"transaction":           obj{"type": "WEB", "id": transactionID(e), "detail": obj{}},
		"request":               obj{"ipChain": []obj{}},
		"target":                targets,
	}
}
