package gather

import (
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestLoadBehaviorDetection: the behaviors alone without require_policy_use;
// with it, both policy types and the rules of the ACTIVE policies only; and
// the rule finds the unused behavior from them.
func TestLoadBehaviorDetection(t *testing.T) {
	at := loadNow.Add(-24 * time.Hour)
	org := loadOrg()
	org.Behaviors = []*oktasim.Behavior{
		{ID: "abr1", Name: "New Country", Type: "ANOMALOUS_LOCATION", Status: "ACTIVE", Created: at, LastUpdated: at, Settings: map[string]any{"granularity": "COUNTRY"}},
		{ID: "abr2", Name: "New IP", Type: "ANOMALOUS_IP", Status: "ACTIVE", Created: at, LastUpdated: at},
	}
	org.Policies = []*oktasim.Policy{
		{ID: "00pAcc", Type: compliance.PolicyAccess, Name: "Wiki", Status: "INACTIVE", Priority: 1, Created: at, LastUpdated: at,
			Rules: []oktasim.PolicyRule{{ID: "0prW", Name: "r", Status: "ACTIVE", Priority: 1, Type: "ACCESS_POLICY", Created: at, LastUpdated: at,
				Conditions: map[string]any{"elCondition": map[string]any{"condition": "security.behaviors.contains('New IP')"}}}}},
		{ID: "00pGS", Type: compliance.PolicySignOn, Name: "Default Policy", Status: "ACTIVE", Priority: 1, System: true, Created: at, LastUpdated: at,
			Rules: []oktasim.PolicyRule{{ID: "0prG", Name: "Default Rule", Status: "ACTIVE", Priority: 1, Type: "SIGN_ON", Created: at, LastUpdated: at,
				Conditions: map[string]any{"risk": map[string]any{"behaviors": []string{"New Country"}}}}}},
	}
	s, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := okta.New(okta.Config{OrgURL: s.URL(), APIToken: s.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	in := compliance.BehaviorDetectionInput{RequiredTypes: []string{compliance.BehaviorNewCountry}}
	f, err := LoadBehaviorDetection(ctx, directory.New(c, directory.Options{}), loadNow, in)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/behaviors")
	if f.Policies != nil || len(f.Behaviors) != 2 {
		t.Errorf("facts %+v", f)
	}
	in.RequirePolicyUse = true
	if f, err = LoadBehaviorDetection(ctx, directory.New(c, directory.Options{}), loadNow, in); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, s, "/api/v1/behaviors", "/api/v1/policies", "/api/v1/policies", "/api/v1/policies/00pGS/rules")
	assertLines(t, mustOK(t)(compliance.BehaviorDetection(f, in)).Violations,
		"New IP (abr2): ACTIVE, but no ACTIVE rule of an ACTIVE global session or authentication policy refers to it "+
			"(conditions.risk.behaviors, or security.behaviors.contains('New IP') in a custom expression): detecting it "+
			"changes no sign-in (require_policy_use)")
	if _, err := LoadBehaviorDetection(ctx, directory.New(c, directory.Options{}), loadNow,
		compliance.BehaviorDetectionInput{RequiredTypes: []string{"nope"}}); err == nil {
		t.Error("a bad kind was loaded")
	}
	wantPaths(t, s)
}
