package provider

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

var logEventTypes = []string{"user.session.start", "user.lifecycle.deactivate", "policy.lifecycle.update"}

// addGlobexLogs gives org n events from base, ten minutes apart, with every
// third pair sharing a published time (so uuid breaks the tie), and returns
// them in published, uuid order.
func addGlobexLogs(org *oktasim.Org, base time.Time, n int) []*oktasim.LogEvent {
	var evs []*oktasim.LogEvent
	for i := range n {
		at := base.Add(time.Duration(i) * 10 * time.Minute)
		if i%3 == 2 {
			at = base.Add(time.Duration(i-1) * 10 * time.Minute) // same instant as the previous event
		}
		e := &oktasim.LogEvent{
			UUID:      fmt.Sprintf("evt-%02d-%s", n-i, strings.Repeat("x", i%2)),
			Published: at, EventType: logEventTypes[i%3],
			DisplayMessage: fmt.Sprintf("event %d", i), Severity: "INFO", OutcomeResult: "SUCCESS",
			Actor:    oktasim.LogParty{ID: fmt.Sprintf("00u00000000000000a%02d", i), Type: "User", AlternateID: fmt.Sprintf("actor%02d@globex.example", i), DisplayName: "Actor"},
			ClientIP: fmt.Sprintf("10.0.0.%d", i+1),
		}
		if i%4 == 0 {
			e.OutcomeResult, e.OutcomeReason, e.Severity = "FAILURE", "INVALID_CREDENTIALS", "WARN"
		}
		if i%5 == 0 {
			e.Targets = []oktasim.LogParty{
				{ID: fmt.Sprintf("00u00000000000000t%02d", i), Type: "User", AlternateID: fmt.Sprintf("target%02d@globex.example", i)},
				{ID: "0oa0000000000000app1", Type: "AppInstance", AlternateID: "Globex Portal"},
			}
		}
		evs = append(evs, e)
	}
	// The simulator keeps the log sorted by published, then uuid.
	sorted := append([]*oktasim.LogEvent(nil), evs...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && logLess(sorted[j], sorted[j-1]); j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	org.Logs = append(org.Logs, sorted...)
	return sorted
}

func logLess(a, b *oktasim.LogEvent) bool {
	if !a.Published.Equal(b.Published) {
		return a.Published.Before(b.Published)
	}
	return a.UUID < b.UUID
}

// checkLogEvents checks a data source's events against want, field by field.
func checkLogEvents(name string, want []*oktasim.LogEvent, truncated bool) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		rs, ok := st.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s not in state", name)
		}
		a := rs.Primary.Attributes
		if a["events.#"] != strconv.Itoa(len(want)) || a["truncated"] != strconv.FormatBool(truncated) {
			return fmt.Errorf("%s: %s events (truncated %s), want %d (truncated %v)", name, a["events.#"], a["truncated"], len(want), truncated)
		}
		for i, e := range want {
			p := fmt.Sprintf("events.%d.", i)
			exp := map[string]string{
				"uuid": e.UUID, "published": e.Published.UTC().Format("2006-01-02T15:04:05.000Z"), "event_type": e.EventType,
				"display_message": e.DisplayMessage, "severity": e.Severity, "outcome_result": e.OutcomeResult,
				"actor_id": e.Actor.ID, "actor_type": e.Actor.Type, "actor_alternate_id": e.Actor.AlternateID,
				"client_ip": e.ClientIP, "target_ids.#": strconv.Itoa(len(e.Targets)), "target_alternate_ids.#": strconv.Itoa(len(e.Targets)),
			}
			if e.OutcomeReason != "" {
				exp["outcome_reason"] = e.OutcomeReason
			} else if _, set := a[p+"outcome_reason"]; set {
				return fmt.Errorf("%s: %soutcome_reason set to %q, want null", name, p, a[p+"outcome_reason"])
			}
			for j, t := range e.Targets {
				exp[fmt.Sprintf("target_ids.%d", j)] = t.ID
				exp[fmt.Sprintf("target_alternate_ids.%d", j)] = t.AlternateID
			}
			for k, v := range exp {
				if a[p+k] != v {
					return fmt.Errorf("%s: %s%s = %q, want %q", name, p, k, a[p+k], v)
				}
			}
		}
		return nil
	}
}

// logRequestsBounded checks that every System Log request was bounded and at
// least one followed a next link.
func logRequestsBounded(s *oktasim.Server) error {
	var n, paged int
	for _, r := range s.Requests() {
		if r.Path != "/api/v1/logs" {
			continue
		}
		n++
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil {
			return err
		}
		if q.Get("until") == "" || q.Get("since") == "" {
			return fmt.Errorf("a System Log request was not bounded: ?%s", r.RawQuery)
		}
		if q.Get("after") != "" {
			paged++
		}
	}
	if n == 0 || paged == 0 {
		return fmt.Errorf("%d System Log requests, %d of them next pages: the test proves nothing", n, paged)
	}
	return nil
}

func TestAccSystemLogDataSource(t *testing.T) {
	t.Parallel()
	org := oktasim.NewOrg()
	now := time.Now().UTC()
	base := now.Truncate(time.Hour).Add(-72 * time.Hour)
	evs := addGlobexLogs(org, base, 20)
	// Recent events, for a window that ends at the time of the plan.
	recent := addGlobexLogs(org, now.Add(-3*time.Hour).Truncate(time.Second), 4)
	s, provider := startSim(t, org, oktasim.Options{Unlimited: true, PageSizeCap: 3})

	since := base.Format(time.RFC3339)
	until := base.Add(190 * time.Minute).Format(time.RFC3339) // exclusive: leaves out event 19
	var deactivations []*oktasim.LogEvent
	for _, e := range evs[:19] {
		if e.EventType == "user.lifecycle.deactivate" && e.OutcomeResult == "SUCCESS" {
			deactivations = append(deactivations, e)
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + fmt.Sprintf(`
data "oktagate_system_log" "window" {
  since = %[1]q
  until = %[2]q
}
data "oktagate_system_log" "capped" {
  since      = %[1]q
  until      = %[2]q
  max_events = 5
}
data "oktagate_system_log" "exact" {
  since      = %[1]q
  until      = %[2]q
  max_events = 19
}
data "oktagate_system_log" "deactivations" {
  since       = %[1]q
  until       = %[2]q
  event_types = ["user.lifecycle.deactivate"]
  filter      = "outcome.result eq \"SUCCESS\""
}
data "oktagate_system_log" "recent" {
  since = timeadd(plantimestamp(), "-24h")
}
`, since, until),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkLogEvents("data.oktagate_system_log.window", evs[:19], false),
				resource.TestCheckResourceAttr("data.oktagate_system_log.window", "max_events", "10000"),
				checkLogEvents("data.oktagate_system_log.capped", evs[:5], true),
				checkLogEvents("data.oktagate_system_log.exact", evs[:19], false),
				checkLogEvents("data.oktagate_system_log.deactivations", deactivations, false),
				checkLogEvents("data.oktagate_system_log.recent", recent, false),
				resource.TestCheckResourceAttrWith("data.oktagate_system_log.recent", "until", func(v string) error {
					u, err := time.Parse(time.RFC3339, v)
					if err != nil || u.Before(now.Add(-time.Second)) {
						return fmt.Errorf("until %q is not the time of the plan", v)
					}
					return nil
				}),
				func(*terraform.State) error { return logRequestsBounded(s) },
			),
		}},
	})
	if len(deactivations) < 2 {
		t.Fatalf("%d deactivations: the filter test proves little", len(deactivations))
	}
}

// TestAccSystemLogKeepsMilliseconds: events of one second keep Okta's
// milliseconds in published, so their order (by time, not by uuid) shows.
func TestAccSystemLogKeepsMilliseconds(t *testing.T) {
	t.Parallel()
	org := oktasim.NewOrg()
	second := time.Now().UTC().Truncate(time.Second).Add(-2 * time.Hour)
	// The uuids sort the other way round from the times.
	late := &oktasim.LogEvent{UUID: "evt-a", Published: second.Add(900 * time.Millisecond), EventType: "user.session.start",
		Severity: "INFO", OutcomeResult: "SUCCESS", Actor: oktasim.LogParty{ID: "00u00000000000000ms1", Type: "User"}}
	early := &oktasim.LogEvent{UUID: "evt-b", Published: second.Add(120 * time.Millisecond), EventType: "user.session.start",
		Severity: "INFO", OutcomeResult: "SUCCESS", Actor: oktasim.LogParty{ID: "00u00000000000000ms2", Type: "User"}}
	org.Logs = append(org.Logs, early, late)
	_, provider := startSim(t, org, oktasim.Options{Unlimited: true})
	name := "data.oktagate_system_log.second"
	stamp := second.Format("2006-01-02T15:04:05")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + fmt.Sprintf(`
data "oktagate_system_log" "second" {
  since = %q
  until = %q
}
`, second.Format(time.RFC3339), second.Add(time.Second).Format(time.RFC3339)),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(name, "events.#", "2"),
				resource.TestCheckResourceAttr(name, "events.0.uuid", "evt-b"),
				resource.TestCheckResourceAttr(name, "events.0.published", stamp+".120Z"),
				resource.TestCheckResourceAttr(name, "events.1.uuid", "evt-a"),
				resource.TestCheckResourceAttr(name, "events.1.published", stamp+".900Z"),
			),
		}},
	})
}

// TestAccSystemLogAtAsOf: with as_of in the past the window ends at as_of by
// default, an event after it is left out, and a since after as_of is refused
// though the clock has passed it.
func TestAccSystemLogAtAsOf(t *testing.T) {
	t.Parallel()
	org := oktasim.NewOrg()
	clock := time.Now().UTC()
	asOf := clock.Add(-10 * 24 * time.Hour).Truncate(time.Second)
	before := &oktasim.LogEvent{UUID: "evt-before", Published: asOf.Add(-time.Hour), EventType: "user.session.start",
		Severity: "INFO", OutcomeResult: "SUCCESS", Actor: oktasim.LogParty{ID: "00u00000000000000as1", Type: "User"}}
	after := &oktasim.LogEvent{UUID: "evt-after", Published: asOf.Add(time.Hour), EventType: "user.session.start",
		Severity: "INFO", OutcomeResult: "SUCCESS", Actor: oktasim.LogParty{ID: "00u00000000000000as2", Type: "User"}}
	org.Logs = append(org.Logs, before, after)
	_, provider := startSim(t, org, oktasim.Options{Unlimited: true})
	provider = strings.Replace(provider, "  api_token", fmt.Sprintf("  as_of     = %q\n  api_token", asOf.Format(time.RFC3339)), 1)
	name := "data.oktagate_system_log.day"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: provider + fmt.Sprintf(`
data "oktagate_system_log" "day" {
  since = %q
}
`, asOf.Add(-24*time.Hour).Format(time.RFC3339)),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "until", asOf.Format(time.RFC3339)),
					resource.TestCheckResourceAttr(name, "events.#", "1"),
					resource.TestCheckResourceAttr(name, "events.0.uuid", "evt-before"),
				),
			},
			{
				Config: provider + fmt.Sprintf(`
data "oktagate_system_log" "day" {
  since = %q
}
`, asOf.Add(24*time.Hour).Format(time.RFC3339)),
				PlanOnly:    true,
				ExpectError: phrase("System Log window starts in the future"),
			},
		},
	})
}

func TestPublishedTime(t *testing.T) {
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{base, "2026-11-01T10:00:00.000Z"},
		{base.Add(123 * time.Millisecond), "2026-11-01T10:00:00.123Z"},
		{base.Add(123456 * time.Microsecond), "2026-11-01T10:00:00.123456Z"}, // finer than Okta's: kept
		{base.In(time.FixedZone("CET", 3600)), "2026-11-01T10:00:00.000Z"},
	} {
		if got := publishedTime(tc.at); got != tc.want {
			t.Errorf("publishedTime(%v) = %q, want %q", tc.at, got, tc.want)
		}
	}
}

func TestAccSystemLogRefusesBadWindows(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, oktasim.NewOrg(), oktasim.Options{Unlimited: true})
	now := time.Now().UTC()
	step := func(args, errWords string) resource.TestStep {
		return resource.TestStep{
			Config:      provider + "data \"oktagate_system_log\" \"x\" {\n" + args + "\n}\n",
			PlanOnly:    true,
			ExpectError: phrase(errWords),
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			step(fmt.Sprintf("since = %q", now.Add(-100*24*time.Hour).Format(time.RFC3339)),
				"System Log window starts too early"),
			step(fmt.Sprintf("since = %q", now.Add(-100*24*time.Hour).Format(time.RFC3339)), "keeps events for 90 days"),
			step(fmt.Sprintf("since = %q\nuntil = %q", now.Add(-time.Hour).Format(time.RFC3339), now.Add(-2*time.Hour).Format(time.RFC3339)),
				"System Log window is empty"),
			step(`since = "yesterday"`, "Invalid timestamp"),
			step(fmt.Sprintf("since = %q\nevent_types = [\"not an event\"]", now.Add(-time.Hour).Format(time.RFC3339)), "must be an Okta event type"),
			step(fmt.Sprintf("since = %q\nmax_events = 0", now.Add(-time.Hour).Format(time.RFC3339)), "max_events"),
		},
	})
}
