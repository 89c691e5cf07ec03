package okta

import (
	"reflect"
	"testing"
	"time"
)

func TestReadTokens(t *testing.T) {
	c, ctx := readClient(t), t.Context()
	toks, err := c.ListAPITokens(ctx)
	if err != nil || len(toks) != 2 {
		t.Fatalf("tokens %+v %v", toks, err)
	}
	if toks[0].Network.Connection != "ZONE" || !reflect.DeepEqual(toks[0].Network.Include, []string{"nzo1"}) || toks[0].ClientName != "Okta API" ||
		toks[0].TokenWindow != "P30D" || !toks[0].ExpiresAt.Equal(time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)) || toks[1].Network.Connection != "ANYWHERE" || !toks[1].Created.IsZero() {
		t.Errorf("tokens %+v", toks)
	}

	_, err = c.GetAPIToken(ctx, "00Tmissing")
	if !IsNotFound(err) {
		t.Errorf("missing token: %v", err)
	}
}

func TestTokenWrites(t *testing.T) {
	c, calls := writeServer(t)
	ctx := t.Context()
	tok, err := c.UpsertAPIToken(ctx, "00T1", "ci", TokenNetwork{Connection: "ZONE", Include: []string{"nzo1"}})
	if err != nil || tok.Name != "ci" || tok.Network.Connection != "ZONE" || tok.Network.Include[0] != "nzo1" {
		t.Fatalf("token %+v %v", tok, err)
	}
	if err := c.RevokeAPIToken(ctx, "00T1"); err != nil {
		t.Fatal(err)
	}
	got := calls()
	checkCalls(t, got,
		"PUT /api/v1/api-tokens/00T1",
		"DELETE /api/v1/api-tokens/00T1",
	)
	if n, _ := got[0].body["network"].(map[string]any); n["connection"] != "ZONE" || got[0].body["name"] != "ci" {
		t.Errorf("token body %v", got[0].body)
	}
}
