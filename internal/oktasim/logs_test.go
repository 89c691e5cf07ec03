package oktasim

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// logOrg has one event per hour for the last ten hours before testNow (the
// newest at testNow-1h), alternating between two event types.
func logOrg() *Org {
	o := NewOrg()
	for i := 10; i >= 1; i-- {
		typ := "user.session.start"
		if i%2 == 0 {
			typ = "user.lifecycle.deactivate"
		}
		o.Logs = append(o.Logs, &LogEvent{
			UUID: fmt.Sprintf("uuid-%02d", 11-i), Published: testNow.Add(-time.Duration(i) * time.Hour),
			EventType: typ, DisplayMessage: "event " + typ, Severity: "INFO", OutcomeResult: "SUCCESS",
			Actor:    LogParty{ID: "00u1", Type: "User", AlternateID: "ann@example.com", DisplayName: "Ann"},
			ClientIP: "10.0.0.1",
			Targets:  []LogParty{{ID: fmt.Sprintf("00ut%d", i), Type: "User", AlternateID: "t@example.com"}},
		})
	}
	return o
}

func logQuery(params map[string]string) string {
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	return "/api/v1/logs?" + q.Encode()
}

// logPages follows next links up to maxPages pages and returns uuids per page.
func logPages(t *testing.T, s *Server, path string, maxPages int) ([][]string, bool) {
	t.Helper()
	var pages [][]string
	next := s.URL() + path
	for len(pages) < maxPages {
		r := send(t, "GET", next, "SSWS "+s.AdminToken(), nil)
		wantStatus(t, r, 200)
		var ids []string
		for _, e := range r.list(t) {
			ids = append(ids, as[string](t, e["uuid"]))
		}
		pages = append(pages, ids)
		next = r.nextLink()
		if next == "" {
			return pages, true
		}
	}
	return pages, false
}

func TestLogsBoundedQueryEnds(t *testing.T) {
	s := startSim(t, logOrg(), Options{})
	since := testNow.Add(-8 * time.Hour).Format(time.RFC3339)
	until := testNow.Add(-2 * time.Hour).Format(time.RFC3339) // exclusive
	pages, ended := logPages(t, s, logQuery(map[string]string{"since": since, "until": until, "limit": "2"}), 10)
	if !ended {
		t.Fatal("bounded query never ends")
	}
	var all []string
	for _, p := range pages {
		all = append(all, p...)
	}
	if got := strings.Join(all, ","); got != "uuid-03,uuid-04,uuid-05,uuid-06,uuid-07,uuid-08" {
		t.Fatalf("events %s in %d pages", got, len(pages))
	}

	pages, _ = logPages(t, s, logQuery(map[string]string{"since": since, "until": until, "sortOrder": "DESCENDING", "limit": "4"}), 10)
	if len(pages) != 2 || strings.Join(pages[0], ",") != "uuid-08,uuid-07,uuid-06,uuid-05" || strings.Join(pages[1], ",") != "uuid-04,uuid-03" {
		t.Fatalf("descending pages %v", pages)
	}
}

func TestLogsPollingNeverEnds(t *testing.T) {
	o := logOrg()
	s := startSim(t, o, Options{})
	pages, ended := logPages(t, s, logQuery(map[string]string{"since": testNow.Add(-3 * time.Hour).Format(time.RFC3339), "limit": "2"}), 4)
	if ended {
		t.Fatal("polling query ended")
	}
	if strings.Join(pages[0], ",") != "uuid-08,uuid-09" || strings.Join(pages[1], ",") != "uuid-10" || len(pages[2]) != 0 || len(pages[3]) != 0 {
		t.Fatalf("polling pages %v", pages)
	}

	// An event published later shows up on the next poll of the same link.
	r := admin(t, s, "GET", logQuery(map[string]string{"since": testNow.Add(-3 * time.Hour).Format(time.RFC3339), "limit": "10"}), nil)
	next := r.nextLink()
	o.Lock()
	o.Logs = append(o.Logs, &LogEvent{UUID: "uuid-new", Published: testNow, EventType: "user.session.start", Severity: "INFO"})
	o.Unlock()
	r = send(t, "GET", next, "SSWS "+s.AdminToken(), nil)
	wantStatus(t, r, 200)
	if got := r.list(t); len(got) != 1 || got[0]["uuid"] != "uuid-new" || r.nextLink() == "" {
		t.Fatalf("after new event: %s", r.body)
	}

	// A window with no event at all still offers a next link.
	empty := startSim(t, NewOrg(), Options{})
	r = admin(t, empty, "GET", "/api/v1/logs", nil)
	wantStatus(t, r, 200)
	if string(r.body) != "[]" || r.nextLink() == "" {
		t.Fatalf("empty poll: %s next %q", r.body, r.nextLink())
	}
}

func TestLogsWindowFilterAndRendering(t *testing.T) {
	s := startSim(t, logOrg(), Options{})
	r := admin(t, s, "GET", logQuery(map[string]string{"since": testNow.Add(-91 * 24 * time.Hour).Format(time.RFC3339)}), nil)
	wantStatus(t, r, 400)
	wantStatus(t, admin(t, s, "GET", logQuery(map[string]string{"since": "yesterday"}), nil), 400)

	until := testNow.Format(time.RFC3339)
	for params, want := range map[string]int{
		`eventType eq "user.lifecycle.deactivate"`:                      5,
		`target.id eq "00ut3"`:                                          1,
		`actor.alternateId eq "ann@example.com" and severity eq "WARN"`: 0,
	} {
		r := admin(t, s, "GET", logQuery(map[string]string{"filter": params, "until": until}), nil)
		wantStatus(t, r, 200)
		if n := len(r.list(t)); n != want {
			t.Errorf("filter %s: %d events, want %d", params, n, want)
		}
	}
	r = admin(t, s, "GET", logQuery(map[string]string{"q": "DEACTIVATE", "until": until}), nil)
	if n := len(r.list(t)); n != 5 {
		t.Errorf("q: %d events", n)
	}
	r = admin(t, s, "GET", logQuery(map[string]string{"filter": `eventType eq`, "until": until}), nil)
	wantStatus(t, r, 400)

	r = admin(t, s, "GET", logQuery(map[string]string{"limit": "1", "until": until}), nil)
	wantStatus(t, r, 200)
	ev := r.list(t)[0]
	if ev["uuid"] != "uuid-01" || ev["version"] != "0" || ev["published"] != "2026-03-10T02:00:00.000Z" ||
		ev["legacyEventType"] != nil || dig(t, ev, "outcome", "result") != "SUCCESS" ||
		dig(t, ev, "actor", "alternateId") != "ann@example.com" || dig(t, ev, "client", "ipAddress") != "10.0.0.1" ||
		dig(t, as[[]any](t, ev["target"])[0], "id") != "00ut10" {
		t.Fatalf("event %s", r.body)
	}
}
