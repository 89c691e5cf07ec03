package compliance

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func behavior(id, name, typ, granularity, status string) okta.Behavior {
	return okta.Behavior{ID: id, Name: name, Type: typ, Granularity: granularity, Status: status}
}

func TestBehaviorDetection(t *testing.T) {
	country := behavior("abr1", "New Country", "ANOMALOUS_LOCATION", "COUNTRY", "ACTIVE")
	city := behavior("abr2", "New City", "ANOMALOUS_LOCATION", "CITY", "ACTIVE")
	device := behavior("abr3", "New Device", "ANOMALOUS_DEVICE", "", "ACTIVE")
	ip := behavior("abr4", "New IP", "ANOMALOUS_IP", "", "ACTIVE")
	velocity := behavior("abr5", "Velocity", "VELOCITY", "", "ACTIVE")
	velocityOff := behavior("abr5", "Velocity", "VELOCITY", "", "INACTIVE")
	all := []okta.Behavior{country, city, device, ip, velocity}

	policies := []okta.Policy{
		{ID: "00pGS", Name: "Default Policy", Type: PolicySignOn, Status: PolicyActive},
		{ID: "00pAP", Name: "Okta Dashboard", Type: PolicyAccess, Status: PolicyActive},
		{ID: "00pOff", Name: "Old", Type: PolicyAccess, Status: "INACTIVE"},
	}
	rule := func(id, name, status, cond string) okta.PolicyRule {
		return okta.PolicyRule{ID: id, Name: name, Status: status, Conditions: json.RawMessage(cond)}
	}
	rules := map[string][]okta.PolicyRule{
		"00pGS": {rule("0prG", "Risky sign-in", "ACTIVE", `{"risk":{"behaviors":["New Country","new device"]}}`)},
		"00pAP": {
			rule("0prA", "Step up", "ACTIVE", `{"elCondition":{"condition":"security.behaviors.contains('New IP') || security.behaviors.contains('Velocity')"}}`),
			rule("0prB", "Draft", "INACTIVE", `{"elCondition":{"condition":"security.behaviors.contains('New City')"}}`),
		},
		"00pOff": {rule("0prO", "Old", "ACTIVE", `{"risk":{"behaviors":["New City"]}}`)},
	}
	const unused = "ACTIVE, but no ACTIVE rule of an ACTIVE global session or authentication policy refers to it " +
		"(conditions.risk.behaviors, or security.behaviors.contains('New City') in a custom expression): detecting " +
		"it changes no sign-in (require_policy_use)"
	tests := []struct {
		name      string
		behaviors []okta.Behavior
		in        BehaviorDetectionInput
		want      []string
	}{
		// New City is used only by an INACTIVE rule and by an INACTIVE policy.
		{name: "defaults", behaviors: all, in: DefaultBehaviorDetectionInput(), want: []string{"New City (abr2): " + unused}},
		{name: "usage not required", behaviors: all, in: BehaviorDetectionInput{RequiredTypes: DefaultRequiredBehaviorTypes}},
		{name: "missing and inactive kinds", behaviors: []okta.Behavior{city, device, ip, velocityOff},
			in: BehaviorDetectionInput{RequiredTypes: DefaultRequiredBehaviorTypes},
			want: []string{
				"ANOMALOUS_LOCATION:COUNTRY: no behavior detection rule detects new country (type ANOMALOUS_LOCATION, granularity COUNTRY); want one ACTIVE (required_types)",
				`VELOCITY: no ACTIVE behavior detection rule detects velocity: "Velocity" is INACTIVE; want one ACTIVE (required_types)`,
			}},
		{name: "any location granularity", behaviors: []okta.Behavior{city}, in: BehaviorDetectionInput{RequiredTypes: []string{"anomalous_location"}}},
		{name: "no behaviors at all", behaviors: []okta.Behavior{}, in: BehaviorDetectionInput{RequiredTypes: []string{"ANOMALOUS_DEVICE"}, RequirePolicyUse: true},
			want: []string{"ANOMALOUS_DEVICE: no behavior detection rule detects new device (type ANOMALOUS_DEVICE); want one ACTIVE (required_types)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Facts{Now: now, Behaviors: tt.behaviors, Policies: policies, PolicyRules: rules}
			r := mustOK(t)(BehaviorDetection(f, tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != len(tt.behaviors)+len(tt.in.RequiredTypes) {
				t.Errorf("evaluated %d", r.SubjectsEvaluated)
			}
		})
	}
	// The evidence says which rules use each behavior.
	r := mustOK(t)(BehaviorDetection(&Facts{Now: now, Behaviors: all, Policies: policies, PolicyRules: rules}, DefaultBehaviorDetectionInput()))
	if !strings.Contains(r.Evidence, `{"behavior":"New IP","rules":["Okta Dashboard / Step up"]}`) {
		t.Errorf("evidence %s", r.Evidence)
	}
}

func TestBehaviorDetectionInputAndMissing(t *testing.T) {
	if _, err := (BehaviorDetectionInput{RequiredTypes: []string{"NEW_COUNTRY"}}).Normalized(); err == nil ||
		!strings.Contains(err.Error(), `"NEW_COUNTRY" is not a behavior kind`) {
		t.Errorf("error %v", err)
	}
	var mf *MissingFactsError
	if _, err := BehaviorDetection(&Facts{Now: now}, DefaultBehaviorDetectionInput()); !errors.As(err, &mf) {
		t.Errorf("no behaviors: %v", err)
	}
	f := &Facts{Now: now, Behaviors: []okta.Behavior{}, Policies: []okta.Policy{{ID: "00p1", Type: PolicySignOn, Status: PolicyActive}}}
	if _, err := BehaviorDetection(f, DefaultBehaviorDetectionInput()); !errors.As(err, &mf) {
		t.Errorf("no rules: %v", err)
	}
	in := DefaultBehaviorDetectionInput()
	in.RequirePolicyUse = false
	if r := mustOK(t)(BehaviorDetection(f, in)); len(r.Violations) != 4 {
		t.Errorf("without policy use the rules are not needed: %+v", r.Violations)
	}
}
