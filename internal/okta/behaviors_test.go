package okta

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestListBehaviors follows one-item pages and keeps each rule's type,
// status and settings.
func TestListBehaviors(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	org := oktasim.NewOrg()
	org.Behaviors = []*oktasim.Behavior{
		{ID: "abr1", Name: "New Country", Type: "ANOMALOUS_LOCATION", Status: "ACTIVE", Created: at, LastUpdated: at,
			Settings: map[string]any{"granularity": "COUNTRY", "maxEventsUsedForEvaluation": 20, "minEventsNeededForEvaluation": 0}},
		{ID: "abr2", Name: "Velocity", Type: "VELOCITY", Status: "INACTIVE", Created: at, LastUpdated: at,
			Settings: map[string]any{"velocityKph": 805}},
		{ID: "abr3", Name: "New IP", Type: "ANOMALOUS_IP", Status: "ACTIVE", Created: at, LastUpdated: at,
			Settings: map[string]any{"maxEventsUsedForEvaluation": 50}},
	}
	bs, err := postureClient(t, org).ListBehaviors(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 3 {
		t.Fatalf("got %d behaviors over one-item pages, want 3: %+v", len(bs), bs)
	}
	if bs[0].Type != BehaviorAnomalousLocation || bs[0].Granularity != "COUNTRY" || bs[0].Status != "ACTIVE" || !bs[0].Created.Equal(at) {
		t.Errorf("location rule %+v", bs[0])
	}
	if bs[1].Type != BehaviorVelocity || bs[1].VelocityKph != 805 || bs[1].Status != "INACTIVE" {
		t.Errorf("velocity rule %+v", bs[1])
	}
}

func TestPolicyRuleBehaviors(t *testing.T) {
	for cond, want := range map[string][]string{
		`{"risk":{"behaviors":["New Country","New IP"]},"riskScore":{"level":"HIGH"}}`:                                         {"New Country", "New IP"},
		`{"elCondition":{"condition":"security.behaviors.contains('New IP') || security.behaviors.contains(\"New Device\")"}}`: {"New IP", "New Device"},
		`{"elCondition":{"condition":"security.userBehaviors['Velocity'].detected"}}`:                                          {"Velocity"},
		`{"riskScore":{"level":"HIGH"},"network":{"connection":"ANYWHERE"}}`:                                                   nil,
		`not json`: nil,
	} {
		if got := PolicyRuleBehaviors(json.RawMessage(cond)); !slices.Equal(got, want) {
			t.Errorf("PolicyRuleBehaviors(%s) = %q, want %q", cond, got, want)
		}
	}
}
