package okta

import (
	"reflect"
	"testing"
)

func TestListPoliciesAndRules(t *testing.T) {
	rec, url := fixtureServer(t, map[string]string{
		"GET /api/v1/policies": `[{"id":"00p1","name":"Default Policy","type":"PASSWORD","status":"ACTIVE","priority":2,"system":true,
			"conditions":{"people":{"groups":{"include":["00g1"],"exclude":["00g2"]}}},"settings":{"password":{"complexity":{"minLength":8}}},"created":"2020-01-01T00:00:00.000Z"},
			{"id":"00p2","name":"Other","type":"PASSWORD","status":"INACTIVE","priority":1,"conditions":null}]`,
		"GET /api/v1/policies/00p1/rules": `[{"id":"0pr1","name":"Default Rule","status":"ACTIVE","priority":1,"system":true,"type":"PASSWORD","conditions":{"network":{"connection":"ANYWHERE"}},"actions":{"passwordChange":{"access":"ALLOW"}}}]`,
	})
	c := testClient(t, url)
	ps, err := c.ListPolicies(t.Context(), "PASSWORD")
	if err != nil || len(ps) != 2 {
		t.Fatalf("policies %+v %v", ps, err)
	}
	if got := rec.all()[0].URL.Query().Get("type"); got != "PASSWORD" {
		t.Errorf("type=%q", got)
	}
	p := ps[0]
	if !p.System || p.Priority != 2 || !reflect.DeepEqual(p.GroupIDs, []string{"00g1"}) || !reflect.DeepEqual(p.ExcludeGroupIDs, []string{"00g2"}) ||
		string(p.Settings) != `{"password":{"complexity":{"minLength":8}}}` || p.Created.IsZero() {
		t.Errorf("policy %+v settings %s", p, p.Settings)
	}
	if ps[1].Conditions != nil || ps[1].Settings != nil {
		t.Errorf("null conditions/settings not nil: %s %s", ps[1].Conditions, ps[1].Settings)
	}
	rules, err := c.ListPolicyRules(t.Context(), "00p1")
	if err != nil || len(rules) != 1 || rules[0].PolicyID != "00p1" || string(rules[0].Actions) != `{"passwordChange":{"access":"ALLOW"}}` ||
		string(rules[0].Conditions) != `{"network":{"connection":"ANYWHERE"}}` {
		t.Errorf("rules %+v %v", rules, err)
	}
}
