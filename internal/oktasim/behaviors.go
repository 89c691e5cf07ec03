package oktasim

import (
	"net/http"
	"time"
)

// Behavior is a behavior detection rule (/api/v1/behaviors).
type Behavior struct {
	ID          string // abr…
	Name        string // unique; policies refer to it by name
	Type        string // ANOMALOUS_LOCATION, ANOMALOUS_DEVICE, ANOMALOUS_IP, ANOMALOUS_ASN, VELOCITY
	Status      string // ACTIVE, INACTIVE
	Created     time.Time
	LastUpdated time.Time
	// Settings as Okta serves them for the type: granularity (COUNTRY,
	// SUBDIVISION, CITY, LAT_LONG) and radiusKilometers for a location,
	// maxEventsUsedForEvaluation and minEventsNeededForEvaluation for the
	// history-based types, velocityKph for VELOCITY.
	Settings map[string]any
}

func renderBehavior(base string, b *Behavior) obj {
	self := base + "/api/v1/behaviors/" + b.ID
	links := obj{"self": obj{"href": self, "hints": obj{"allow": []string{"GET", "PUT", "DELETE"}}}}
	if b.Status == "ACTIVE" {
		links["deactivate"] = obj{"href": self + "/lifecycle/deactivate", "hints": obj{"allow": []string{"POST"}}}
	} else {
		links["activate"] = obj{"href": self + "/lifecycle/activate", "hints": obj{"allow": []string{"POST"}}}
	}
	o := obj{
		"id":          b.ID,
		"name":        b.Name,
		"type":        b.Type,
		"status":      b.Status,
		"created":     ts(b.Created),
		"lastUpdated": ts(b.LastUpdated),
		"_links":      links,
	}
	if b.Settings != nil {
		o["settings"] = b.Settings
	} else {
		o["settings"] = obj{}
	}
	return o
}

// listBehaviors serves the behavior detection rules in cursor pages (Okta's
// spec says the list pages but names no limit: 20 a page, at most 200).
func listBehaviors(c *call) (int, any) {
	list := append([]*Behavior(nil), c.org.Behaviors...)
	cursor := func(b *Behavior) string { return b.ID }
	sortStable(list, cursor)
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, list, cursor, 20, 200)
	out := make([]obj, 0, len(page))
	for _, b := range page {
		out = append(out, renderBehavior(c.base(), b))
	}
	return http.StatusOK, out
}
