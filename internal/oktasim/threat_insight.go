package oktasim

import (
	"net/http"
	"time"
)

// ThreatInsight is the org's ThreatInsight configuration
// (/api/v1/threats/configuration).
type ThreatInsight struct {
	Action       string   // none, audit, block
	ExcludeZones []string // network zone ids whose IP addresses are neither logged nor blocked
	Created      time.Time
	LastUpdated  time.Time
}

// getThreatInsight serves the ThreatInsight configuration. An org that sets
// none serves ThreatInsight off (action none, no excluded zone), as Okta's
// spec shows a new configuration.
func getThreatInsight(c *call) (int, any) {
	ti := ThreatInsight{Action: "none"}
	if c.org.ThreatInsight != nil {
		ti = *c.org.ThreatInsight
	}
	zones := append([]string{}, ti.ExcludeZones...)
	o := obj{
		"action":       ti.Action,
		"excludeZones": zones,
		"_links":       obj{"self": obj{"href": c.base() + "/api/v1/threats/configuration", "hints": obj{"allow": []string{"GET", "POST"}}}},
	}
	if !ti.Created.IsZero() {
		o["created"] = ts(ti.Created)
	}
	if !ti.LastUpdated.IsZero() {
		o["lastUpdated"] = ts(ti.LastUpdated)
	}
	return http.StatusOK, o
}
