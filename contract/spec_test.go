package contract

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLoadSpecYAML: the YAML form of a spec is indexed by its paths and
// methods like the JSON form, and a path under another top-level key is not.
func TestLoadSpecYAML(t *testing.T) {
	t.Parallel()
	const doc = `openapi: 3.0.3
info:
  version: 2024.06.1
paths:
  /api/v1/threats/configuration:
    get:
      summary: Retrieve
      responses:
        '200':
          description: Success
    post:
      summary: Update
  '/api/v1/behaviors/{behaviorId}':
    parameters:
      - name: behaviorId
    get:
      summary: Retrieve a behavior
x-webhooks:
  /not/a/path:
    post:
      summary: webhook
components:
  schemas:
    Get:
      type: object
`
	path := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSpec(path)
	if err != nil {
		t.Fatal(err)
	}
	for op, want := range map[string]bool{
		"GET /api/v1/threats/configuration":  true,
		"POST /api/v1/threats/configuration": true,
		"GET /api/v1/behaviors/{behaviorId}": true,
		"PUT /api/v1/threats/configuration":  false,
		"POST /not/a/path":                   false,
	} {
		if got := s.Has(op); got != want {
			t.Errorf("Has(%q) = %v, want %v", op, got, want)
		}
	}
	if got := s.Operation("GET", "/api/v1/behaviors/abc"); got != "GET /api/v1/behaviors/{behaviorId}" {
		t.Errorf("Operation(GET /api/v1/behaviors/abc) = %q", got)
	}
	if err := os.WriteFile(path, []byte("openapi: 3.0.3\npaths: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSpec(path); err == nil {
		t.Error("a flow-style paths map was accepted, want an error (no paths read)")
	}
}

// TestQueryKeyedOperations: an operation the spec defines only under keys
// with a query is named by its path and reported as one Prism cannot route;
// one defined under its bare path as well is not.
func TestQueryKeyedOperations(t *testing.T) {
	t.Parallel()
	const doc = `{"paths": {
  "/api/v1/users/{userId}/lifecycle/expire_password?tempPassword=false": {"post": {}},
  "/api/v1/users/{userId}/lifecycle/expire_password?tempPassword=true": {"post": {}},
  "/api/v1/things?kind=a": {"get": {}},
  "/api/v1/things": {"get": {}}
}}`
	path := filepath.Join(t.TempDir(), "spec.json")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSpec(path)
	if err != nil {
		t.Fatal(err)
	}
	expire := "POST /api/v1/users/{userId}/lifecycle/expire_password"
	if op := s.Operation("POST", "/api/v1/users/00u1/lifecycle/expire_password"); op != expire || !s.QueryKeyed(op) {
		t.Errorf("expire_password: %q, query-keyed %t", op, s.QueryKeyed(op))
	}
	if !s.Has("GET /api/v1/things") || s.QueryKeyed("GET /api/v1/things") {
		t.Error("an operation under its bare path too was reported query-keyed")
	}
}
