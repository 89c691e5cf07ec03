package okta

import (
	"context"
	"net/http"
	"time"
)

// ThreatInsight actions (/api/v1/threats/configuration action): none turns
// ThreatInsight off, audit logs requests from suspicious IP addresses, block
// logs and blocks them.
const (
	ThreatInsightNone  = "none"
	ThreatInsightAudit = "audit"
	ThreatInsightBlock = "block"
)

// ThreatInsightConfiguration is the org's ThreatInsight configuration: how
// Okta responds to authentication requests from suspicious IP addresses, and
// the network zones whose IP addresses it neither logs nor blocks.
type ThreatInsightConfiguration struct {
	Action       string   // none, audit or block
	ExcludeZones []string // network zone ids
	Created      time.Time
	LastUpdated  time.Time
}

type wireThreatInsight struct {
	Action       string   `json:"action"`
	ExcludeZones []string `json:"excludeZones"`
	Created      wireTime `json:"created"`
	LastUpdated  wireTime `json:"lastUpdated"`
}

// GetThreatInsightConfiguration reads the org's ThreatInsight configuration
// (GET /api/v1/threats/configuration, scope okta.threatInsights.read).
func (c *Client) GetThreatInsightConfiguration(ctx context.Context) (ThreatInsightConfiguration, error) {
	var w wireThreatInsight
	if _, err := c.call(ctx, http.MethodGet, "/api/v1/threats/configuration", nil, &w, callOpts{}); err != nil {
		return ThreatInsightConfiguration{}, err
	}
	return ThreatInsightConfiguration{
		Action: w.Action, ExcludeZones: w.ExcludeZones, Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc(),
	}, nil
}
