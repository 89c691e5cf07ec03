package okta

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestListLogs(t *testing.T) {
	const total = 25
	var rec recorder
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		q := r.URL.Query()
		start, _ := strconv.Atoi(q.Get("after"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		var evs []any
		for i := start; i < total && i < start+limit; i++ {
			evs = append(evs, map[string]any{
				"uuid": "e" + strconv.Itoa(i), "published": time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC).Format(time.RFC3339),
				"eventType": "user.session.start", "displayMessage": "User login", "severity": "INFO",
				"outcome": map[string]any{"result": "FAILURE", "reason": "INVALID_CREDENTIALS"},
				"actor":   map[string]any{"id": "00u1", "type": "User", "alternateId": "a@acme.com", "displayName": "A"},
				"client":  map[string]any{"ipAddress": "203.0.113.9"},
				"target":  []any{map[string]any{"id": "0oa1", "type": "AppInstance", "alternateId": "Wiki"}},
			})
		}
		if start+limit < total {
			q.Set("after", strconv.Itoa(start+limit))
			w.Header().Add("Link", "<http://"+r.Host+"/api/v1/logs?"+q.Encode()+`>; rel="next"`)
		}
		writeJSON(w, 200, evs)
	})
	c := testClient(t, srv.URL)
	since := time.Date(2025, 12, 31, 0, 0, 0, 0, time.FixedZone("x", 3600))
	until := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)

	evs, truncated, err := c.ListLogs(t.Context(), since, until, `eventType eq "user.session.start"`, 0)
	if err != nil || truncated || len(evs) != total {
		t.Fatalf("%d events, truncated %v, err %v", len(evs), truncated, err)
	}
	first := rec.all()[0].URL.Query()
	if first.Get("since") != "2025-12-30T23:00:00.000Z" || first.Get("until") != "2026-01-02T00:00:00.000Z" ||
		first.Get("filter") != `eventType eq "user.session.start"` || first.Get("limit") != "1000" {
		t.Errorf("query %v", first)
	}
	e := evs[3]
	if e.UUID != "e3" || e.Actor.AlternateID != "a@acme.com" || e.ClientIP != "203.0.113.9" || e.OutcomeReason != "INVALID_CREDENTIALS" ||
		len(e.Targets) != 1 || e.Targets[0].ID != "0oa1" || !e.Published.Equal(time.Date(2026, 1, 1, 0, 0, 3, 0, time.UTC)) {
		t.Errorf("event %+v", e)
	}

	// A cap below the total truncates, reading pages of cap+1.
	n := rec.count()
	evs, truncated, err = c.ListLogs(t.Context(), since, until, "", 10)
	if err != nil || !truncated || len(evs) != 10 || evs[9].UUID != "e9" {
		t.Fatalf("capped: %d events, truncated %v, err %v", len(evs), truncated, err)
	}
	if got := rec.all()[n].URL.Query().Get("limit"); got != "11" || rec.count() != n+1 {
		t.Errorf("capped read limit=%s in %d requests", got, rec.count()-n)
	}
	// A cap equal to the total is not truncation.
	evs, truncated, err = c.ListLogs(t.Context(), since, until, "", total)
	if err != nil || truncated || len(evs) != total {
		t.Fatalf("exact cap: %d events, truncated %v, err %v", len(evs), truncated, err)
	}
}
