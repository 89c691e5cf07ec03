package oktasim

import (
	"strings"
	"testing"
)

func tokenOrg() *Org {
	o := NewOrg()
	addUser(o, "00u1", "root", "ACTIVE")
	addUserRole(o, "00u1", "ra1", "SUPER_ADMIN")
	addToken(o, "00T1", "00u1", "tok-one")
	addToken(o, "00T2", "00u1", "tok-two")
	return o
}

func TestAPITokenUpdateAndRevoke(t *testing.T) {
	s := startSim(t, tokenOrg(), Options{})
	r := admin(t, s, "GET", "/api/v1/api-tokens", nil)
	wantStatus(t, r, 200)
	list := r.list(t)
	if len(list) != 2 || list[0]["userId"] != "00u1" || dig(t, list[0], "network", "connection") != "ANYWHERE" {
		t.Fatalf("tokens %s", r.body)
	}
	if strings.Contains(string(r.body), "tok-") {
		t.Fatal("secrets rendered")
	}

	r = admin(t, s, "PUT", "/api/v1/api-tokens/00T2", map[string]any{
		"name": "ci reader", "network": map[string]any{"connection": "ZONE", "include": []string{"nzo1"}},
	})
	wantStatus(t, r, 200)
	tok := r.object(t)
	network := as[map[string]any](t, tok["network"])
	if tok["name"] != "ci reader" || network["connection"] != "ZONE" || as[[]any](t, network["include"])[0] != "nzo1" || tok["lastUpdated"] != "2026-03-10T12:00:00.000Z" {
		t.Fatalf("updated %s", r.body)
	}
	wantStatus(t, admin(t, s, "PUT", "/api/v1/api-tokens/00T2", map[string]any{"name": "x", "network": map[string]any{"connection": "ZONE"}}), 400)
	wantStatus(t, admin(t, s, "PUT", "/api/v1/api-tokens/00T9", map[string]any{"name": "x"}), 404)

	// Revoking a token by id; AdminToken is tok-one, so revoke the other first.
	wantStatus(t, send(t, "DELETE", s.URL()+"/api/v1/api-tokens/00T2", "SSWS tok-one", nil), 204)
	wantStatus(t, send(t, "GET", s.URL()+"/api/v1/api-tokens/00T2", "SSWS tok-one", nil), 404)
	wantStatus(t, send(t, "GET", s.URL()+"/api/v1/users", "SSWS tok-two", nil), 401)

	// Revoking the current token ends it.
	wantStatus(t, send(t, "DELETE", s.URL()+"/api/v1/api-tokens/current", "SSWS tok-one", nil), 204)
	wantStatus(t, send(t, "GET", s.URL()+"/api/v1/users", "SSWS tok-one", nil), 401)
	// The bootstrap token is no org token.
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/api-tokens/current", nil), 404)
}
