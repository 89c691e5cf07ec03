package oktasim

import (
	"net/http"
	"time"
)

// EventHook is an event hook (/api/v1/eventHooks): Okta calls URI with the
// System Log events of the subscribed types.
type EventHook struct {
	ID                 string // who… (Okta's event hook ids start with who)
	Name               string
	Status             string // ACTIVE, INACTIVE
	VerificationStatus string // VERIFIED, UNVERIFIED
	URI                string // channel.config.uri
	Events             []string
	Created            time.Time
	LastUpdated        time.Time
}

func renderEventHook(base string, h *EventHook) obj {
	self := base + "/api/v1/eventHooks/" + h.ID
	links := obj{"self": obj{"href": self, "hints": obj{"allow": []string{"GET", "PUT", "DELETE"}}},
		"verify": obj{"href": self + "/lifecycle/verify", "hints": obj{"allow": []string{"POST"}}}}
	if h.Status == "ACTIVE" {
		links["deactivate"] = obj{"href": self + "/lifecycle/deactivate", "hints": obj{"allow": []string{"POST"}}}
	} else {
		links["activate"] = obj{"href": self + "/lifecycle/activate", "hints": obj{"allow": []string{"POST"}}}
	}
	return obj{
		"id":                 h.ID,
		"name":               h.Name,
		"status":             h.Status,
		"verificationStatus": h.VerificationStatus,
		"events":             obj{"type": "EVENT_TYPE", "items": append([]string{}, h.Events...), "filter": nil},
		"channel": obj{"type": "HTTP", "version": "1.0.0", "config": obj{
			"uri": h.URI, "method": "POST", "headers": []obj{},
			// Okta never sends the auth scheme's value back.
			"authScheme": obj{"type": "HEADER", "key": "Authorization"},
		}},
		"created":     ts(h.Created),
		"createdBy":   "00u1sim0000000000000",
		"lastUpdated": ts(h.LastUpdated),
		"_links":      links,
	}
}

// listEventHooks serves every event hook in one response, sorted by id: Okta
// does not page them.
func listEventHooks(c *call) (int, any) {
	list := append([]*EventHook(nil), c.org.EventHooks...)
	sortStable(list, func(h *EventHook) string { return h.ID })
	out := make([]obj, 0, len(list))
	for _, h := range list {
		out = append(out, renderEventHook(c.base(), h))
	}
	return http.StatusOK, out
}
