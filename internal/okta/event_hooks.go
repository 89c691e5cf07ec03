package okta

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// Event hook verification statuses (/api/v1/eventHooks).
const (
	EventHookVerified   = "VERIFIED"
	EventHookUnverified = "UNVERIFIED"
)

// EventHook is an event hook: Okta calls an external HTTPS endpoint with the
// System Log events of the types it subscribes to. Only where it delivers is
// kept; its auth scheme's secret and its headers are never read.
type EventHook struct {
	ID, Name, Status string
	// VerificationStatus is VERIFIED once the endpoint answered Okta's
	// one-time verification request; Okta delivers only to verified hooks.
	VerificationStatus string
	// URI is channel.config.uri; Host is its host name, lower-cased
	// (empty when the URI cannot be parsed).
	URI, Host string
	// Events are the event types subscribed to (events.items).
	Events               []string
	Created, LastUpdated time.Time
}

type wireEventHook struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Status             string `json:"status"`
	VerificationStatus string `json:"verificationStatus"`
	Events             *struct {
		Items []string `json:"items"`
	} `json:"events"`
	Channel *struct {
		Config *struct {
			URI string `json:"uri"`
		} `json:"config"`
	} `json:"channel"`
	Created     wireTime `json:"created"`
	LastUpdated wireTime `json:"lastUpdated"`
}

func (w wireEventHook) model() EventHook {
	h := EventHook{ID: w.ID, Name: w.Name, Status: w.Status, VerificationStatus: w.VerificationStatus,
		Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc()}
	if w.Events != nil {
		h.Events = w.Events.Items
	}
	if w.Channel != nil && w.Channel.Config != nil {
		h.URI = w.Channel.Config.URI
		if u, err := url.Parse(h.URI); err == nil {
			h.Host = strings.ToLower(u.Hostname())
		}
	}
	return h
}

// ListEventHooks lists the org's event hooks (/api/v1/eventHooks). Okta serves
// them in one response; a Link to a next page would still be followed.
func (c *Client) ListEventHooks(ctx context.Context) ([]EventHook, error) {
	ws, err := listAll[wireEventHook](ctx, c, "/api/v1/eventHooks", callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]EventHook, len(ws))
	for i, w := range ws {
		out[i] = w.model()
	}
	return out, nil
}
