package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// LogRetention is how far back the System Log keeps events.
const LogRetention = 90 * 24 * time.Hour

// LogWindow is a bounded System Log query: the events published in
// [Since, Until) that match Filter (an Okta filter expression; "" matches all).
type LogWindow struct {
	Since  time.Time
	Until  time.Time
	Filter string
}

// LogResult is a window's events, sorted by published, then uuid. Truncated
// reports that more events matched than were kept.
type LogResult struct {
	Events    []okta.LogEvent
	Truncated bool
}

// logFetch is one completed fetch of a window with a cap (0: none).
type logFetch struct {
	limit int
	res   LogResult
}

func (w LogWindow) key() string {
	return w.Since.UTC().Format(time.RFC3339Nano) + "\x00" + w.Until.UTC().Format(time.RFC3339Nano) + "\x00" + w.Filter
}

// Check reports a window Okta would refuse or that is empty by construction:
// Until must be after Since, and Since within the log's 90 days before now.
func (w LogWindow) Check(now time.Time) error {
	if w.Since.IsZero() || w.Until.IsZero() {
		return fmt.Errorf("a System Log window needs both since and until")
	}
	if !w.Until.After(w.Since) {
		return fmt.Errorf("until (%s) must be after since (%s)", rfc3339(w.Until), rfc3339(w.Since))
	}
	if oldest := now.Add(-LogRetention); w.Since.Before(oldest) {
		return fmt.Errorf("since (%s) is more than 90 days before now (%s): the System Log keeps events for 90 days, so set since to %s or later",
			rfc3339(w.Since), rfc3339(now), rfc3339(oldest.Add(time.Minute).Truncate(time.Minute)))
	}
	return nil
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// LogFilter combines an Okta filter expression with a set of event types:
// `(filter) and (eventType eq "a" or eventType eq "b")`. Either may be empty;
// event types are sorted and deduplicated so the same question gives the same
// filter (and so the same memoized window).
func LogFilter(filter string, eventTypes []string) string {
	filter = strings.TrimSpace(filter)
	types := uniqueStrings(eventTypes)
	if len(types) == 0 {
		return filter
	}
	terms := make([]string, len(types))
	for i, t := range types {
		terms[i] = "eventType eq " + strconv.Quote(t)
	}
	byType := strings.Join(terms, " or ")
	if filter == "" {
		if len(types) == 1 {
			return byType
		}
		return "(" + byType + ")"
	}
	return "(" + filter + ") and (" + byType + ")"
}

// Logs returns the events of a window, at most maxEvents of them (<= 0: no
// cap; the earliest are kept). The window is always bounded (until is sent),
// so its pages end. A window is fetched once per snapshot: a later call for
// the same window with the same or a smaller cap, or after a fetch that got
// every event, is served from memory. The result's slice is shared.
func (s *Snapshot) Logs(ctx context.Context, w LogWindow, maxEvents int) (LogResult, error) {
	if err := w.Check(s.PlanTime()); err != nil {
		return LogResult{}, fmt.Errorf("reading the System Log: %w", err)
	}
	maxEvents = max(maxEvents, 0)
	st := &s.ev
	if res, ok := st.cachedLogs(w.key(), maxEvents); ok {
		return res, nil
	}
	es := s.src.src
	key := w.key() + "\x00" + strconv.Itoa(maxEvents)
	res, err := st.logs.get(ctx, key, func(ctx context.Context) (LogResult, error) {
		type page struct {
			events    []okta.LogEvent
			truncated bool
		}
		p, err := call(ctx, s.src, MethodListLogs, func() (page, error) {
			evs, trunc, err := es.ListLogs(ctx, w.Since, w.Until, w.Filter, maxEvents)
			return page{evs, trunc}, err
		})
		if err != nil {
			return LogResult{}, fmt.Errorf("reading the System Log from %s to %s: %w", rfc3339(w.Since), rfc3339(w.Until), err)
		}
		evs := slices.Clone(p.events)
		slices.SortStableFunc(evs, func(a, b okta.LogEvent) int {
			return cmp.Or(a.Published.Compare(b.Published), cmp.Compare(a.UUID, b.UUID))
		})
		// An event seen twice (Okta's pages are cursors over a moving log) is kept once.
		evs = slices.CompactFunc(evs, func(a, b okta.LogEvent) bool { return a.UUID == b.UUID && a.UUID != "" })
		return LogResult{Events: evs, Truncated: p.truncated}, nil
	})
	if err != nil {
		return LogResult{}, err
	}
	st.recordLogs(w.key(), maxEvents, res)
	return res, nil
}

// cachedLogs serves a window from a completed fetch that holds enough events.
func (st *evidenceState) cachedLogs(window string, maxEvents int) (LogResult, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, f := range st.logWindows[window] {
		complete := !f.res.Truncated
		enough := f.limit > 0 && maxEvents > 0 && f.limit >= maxEvents
		if !complete && !enough {
			continue
		}
		res := f.res
		if maxEvents > 0 && len(res.Events) > maxEvents {
			res = LogResult{Events: res.Events[:maxEvents:maxEvents], Truncated: true}
		}
		return res, true
	}
	return LogResult{}, false
}

func (st *evidenceState) recordLogs(window string, limit int, res LogResult) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.logWindows == nil {
		st.logWindows = make(map[string][]logFetch)
	}
	for _, f := range st.logWindows[window] {
		if f.limit == limit {
			return
		}
	}
	st.logWindows[window] = append(st.logWindows[window], logFetch{limit: limit, res: res})
}
