package contract

import (
	"encoding/json"
	"strings"
	"testing"
)

// Every schema the exempt list names compiles, and the checker finds what it
// should.
func TestSchemas(t *testing.T) {
	schemas, err := loadSchemas(Exempts)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range Exempts {
		if x.Response == "" && !strings.HasPrefix(x.Op, "DELETE ") {
			t.Errorf("exempt %s has no response schema", x.Op)
		}
	}
	var tok any
	if err := json.Unmarshal([]byte(`{"id":"00T1000ZFFRD4Trot57h","name":"ci","userId":"00u1000HB8iHOiBzFfDR",
		"clientName":"Okta API","tokenWindow":"P30D","created":"2026-06-02T07:20:25.762Z",
		"expiresAt":"2026-12-20T20:15:30.202Z","lastUpdated":"2026-11-20T20:15:30.202Z",
		"network":{"connection":"ZONE","include":["nzo1"]}}`), &tok); err != nil {
		t.Fatal(err)
	}
	if got := schemas["api_token.json"].Validate(tok); len(got) != 0 {
		t.Errorf("a valid token: %v", got)
	}
	m, ok := tok.(map[string]any)
	if !ok {
		t.Fatalf("token decoded to %T, want an object", tok)
	}
	delete(m, "userId")
	m["tokenWindow"] = "30 days"
	m["created"] = "yesterday"
	network, ok := m["network"].(map[string]any)
	if !ok {
		t.Fatalf("token network decoded to %T, want an object", m["network"])
	}
	network["connection"] = "SOMEWHERE"
	got := strings.Join(schemas["api_token.json"].Validate(tok), "\n")
	for _, want := range []string{`$: required property "userId"`, `$.tokenWindow: "30 days" does not match`,
		`$.created: "yesterday" is not an RFC 3339`, `$.network.connection: SOMEWHERE is not one of`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if _, err := ParseSchema([]byte(`{"type":"object","minProperties":1}`)); err == nil {
		t.Error("an unsupported keyword was accepted")
	}
	closed, err := ParseSchema([]byte(`{"type":["object","null"],"properties":{"a":{"type":"integer"}},"additionalProperties":false}`))
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	_ = json.Unmarshal([]byte(`{"a":1.5,"b":true}`), &doc)
	if got := closed.Validate(doc); len(got) != 2 {
		t.Errorf("closed object: %v", got)
	}
	if got := closed.Validate(nil); len(got) != 0 {
		t.Errorf("null allowed: %v", got)
	}
}
