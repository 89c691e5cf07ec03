package oktasim

import (
	"testing"
	"time"
)

// Regression tests for simulator behaviour the contract suite (contract/)
// found to differ from Okta's documented responses.

// A user created without a type gets the org's default user type, as in Okta
// (every user has type.id); it used to render "type": {"id": null}.
func TestContractCreatedUserHasType(t *testing.T) {
	s := startDemoSim(t)
	tok := s.AdminToken()
	body := map[string]any{"profile": map[string]any{"login": "new@acme.com", "email": "new@acme.com", "firstName": "N", "lastName": "U"}}
	u := send(t, "POST", s.URL()+"/api/v1/users?activate=false", "SSWS "+tok, body).object(t)
	typ, _ := u["type"].(map[string]any)
	if id, _ := typ["id"].(string); id == "" {
		t.Fatalf("created user has no type id: %v", u["type"])
	}
}

// An admin-consented app grant carries no userId (Okta omits it); it used to
// render "userId": null.
func TestContractGrantHasNoUserID(t *testing.T) {
	s := startDemoSim(t)
	tok := s.AdminToken()
	apps := send(t, "GET", s.URL()+"/api/v1/apps?q="+"Compliance", "SSWS "+tok, nil).list(t)
	if len(apps) == 0 {
		t.Fatal("no Compliance Scanner app in the demo org")
	}
	grants := send(t, "GET", s.URL()+"/api/v1/apps/"+apps[0]["id"].(string)+"/grants", "SSWS "+tok, nil).list(t)
	if len(grants) == 0 {
		t.Fatal("no grants")
	}
	for _, g := range grants {
		if _, ok := g["userId"]; ok {
			t.Errorf("grant %v has a userId key", g["id"])
		}
	}
}

// Every log event's transaction has an id (Okta: the request id), never null.
func TestContractLogTransactionID(t *testing.T) {
	s := startDemoSim(t)
	now := testNow.UTC()
	url := s.URL() + "/api/v1/logs?limit=20&until=" + now.Format(oktaTime) + "&since=" + now.Add(-80*24*time.Hour).Format(oktaTime)
	events := send(t, "GET", url, "SSWS "+s.AdminToken(), nil).list(t)
	if len(events) == 0 {
		t.Fatal("no log events")
	}
	for _, e := range events {
		tx, _ := e["transaction"].(map[string]any)
		if id, _ := tx["id"].(string); id == "" {
			t.Errorf("event %v: transaction id %v", e["uuid"], tx["id"])
		}
	}
}

// startDemoSim serves the demo org at testNow.
func startDemoSim(t *testing.T) *Server {
	t.Helper()
	return startSim(t, DemoOrg(1, testNow), Options{})
}
