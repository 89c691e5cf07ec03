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
	o := userOrg()
	for _, u := range o.Users {
		u.TypeID = "oty1default000000000"
	}
	s := startSim(t, o, Options{})
	tok := s.AdminToken()
	body := map[string]any{"profile": map[string]any{"login": "new@acme.com", "email": "new@acme.com", "firstName": "N", "lastName": "U"}}
	u := send(t, "POST", s.URL()+"/api/v1/users?activate=false", "SSWS "+tok, body).object(t)
	typ, _ := u["type"].(map[string]any)
	if id, _ := typ["id"].(string); id != "oty1default000000000" {
		t.Fatalf("created user's type is not the org's default: %v", u["type"])
	}
}

// An admin-consented app grant carries no userId (Okta omits it); it used to
// render "userId": null.
func TestContractGrantHasNoUserID(t *testing.T) {
	o := appOrg()
	o.Apps[0].Grants = []Grant{{ID: "oag1", ClientID: "0oa1", ScopeID: "okta.users.read", Issuer: "https://sim.okta.com",
		Status: "ACTIVE", Source: "ADMIN", Created: testNow}}
	s := startSim(t, o, Options{})
	tok := s.AdminToken()
	grants := send(t, "GET", s.URL()+"/api/v1/apps/0oa1/grants", "SSWS "+tok, nil).list(t)
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
	s := startSim(t, logOrg(), Options{})
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
