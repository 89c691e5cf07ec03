package okta

import (
	"slices"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func TestGetThreatInsightConfiguration(t *testing.T) {
	org := oktasim.NewOrg()
	c := postureClient(t, org)
	got, err := c.GetThreatInsightConfiguration(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got.Action != ThreatInsightNone || len(got.ExcludeZones) != 0 {
		t.Errorf("a new org's configuration %+v, want action none and no excluded zone", got)
	}
	at := time.Date(2026, 4, 2, 3, 4, 5, 0, time.UTC)
	org.Lock()
	org.ThreatInsight = &oktasim.ThreatInsight{Action: "block", ExcludeZones: []string{"nzo1"}, Created: at, LastUpdated: at}
	org.Unlock()
	if got, err = c.GetThreatInsightConfiguration(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got.Action != ThreatInsightBlock || !slices.Equal(got.ExcludeZones, []string{"nzo1"}) || !got.LastUpdated.Equal(at) {
		t.Errorf("configuration %+v", got)
	}
}

func TestScopeForThreatsAndBehaviors(t *testing.T) {
	for path, want := range map[string]string{
		"/api/v1/threats/configuration": "okta.threatInsights.read",
		"/api/v1/behaviors":             "okta.behaviors.read",
	} {
		if got := ScopeFor("GET", path); got != want {
			t.Errorf("ScopeFor(GET %s) = %q, want %q", path, got, want)
		}
	}
}
