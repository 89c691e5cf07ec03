package oktasim

import (
	"testing"
)

func TestPolicies(t *testing.T) {
	o := NewOrg()
	o.Policies = []*Policy{
		{ID: "00p2", Type: "PASSWORD", Name: "Default", Status: "ACTIVE", Priority: 2, System: true, Created: testNow, LastUpdated: testNow,
			Settings: map[string]any{"password": map[string]any{"complexity": map[string]any{"minLength": 8}}}},
		{ID: "00p1", Type: "PASSWORD", Name: "Strict", Status: "ACTIVE", Priority: 1, Created: testNow, LastUpdated: testNow,
			Conditions: map[string]any{"people": map[string]any{"groups": map[string]any{"include": []string{"00g1"}}}},
			Rules: []PolicyRule{{ID: "0pr1", Name: "Allow", Status: "ACTIVE", Priority: 1, Created: testNow, LastUpdated: testNow,
				Actions: map[string]any{"passwordChange": map[string]any{"access": "ALLOW"}}}}},
		{ID: "00p3", Type: "OKTA_SIGN_ON", Name: "Sign on", Status: "ACTIVE", Priority: 1, Created: testNow, LastUpdated: testNow},
	}
	s := startSim(t, o, Options{PageSizeCap: 1})
	r := admin(t, s, "GET", "/api/v1/policies", nil)
	wantStatus(t, r, 400)
	if r.errorCode(t) != "E0000001" {
		t.Fatalf("missing type: %s", r.body)
	}
	wantStatus(t, admin(t, s, "GET", "/api/v1/policies?type=NOPE", nil), 400)

	ids, pages := listAll(t, s, "/api/v1/policies?type=PASSWORD")
	if len(ids) != 2 || ids[0] != "00p1" || ids[1] != "00p2" || pages != 2 {
		t.Fatalf("password policies %v in %d pages", ids, pages)
	}
	r = admin(t, s, "GET", "/api/v1/policies/00p2", nil)
	wantStatus(t, r, 200)
	p := r.object(t)
	if p["system"] != true || p["description"] != nil || p["conditions"] != nil ||
		dig(t, p, "settings", "password", "complexity", "minLength") != float64(8) {
		t.Fatalf("policy %s", r.body)
	}
	r = admin(t, s, "GET", "/api/v1/policies/00p1/rules", nil)
	wantStatus(t, r, 200)
	rules := r.list(t)
	if len(rules) != 1 || rules[0]["type"] != "PASSWORD" || dig(t, rules[0], "actions", "passwordChange") == nil {
		t.Fatalf("rules %s", r.body)
	}
	wantStatus(t, admin(t, s, "GET", "/api/v1/policies/00pX/rules", nil), 404)
}
