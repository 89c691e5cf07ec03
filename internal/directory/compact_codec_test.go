package directory

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func sampleCompact() *Compact {
	at := time.Date(2026, 11, 1, 8, 30, 0, 0, time.UTC)
	return &Compact{
		Version: CompactVersion, OrgID: "00o1", TakenAt: at, Cursor: at.Add(time.Hour), Seen: []string{"ev1", "ev2"},
		Users: []okta.User{
			{ID: "00u2", Status: "ACTIVE", Created: at, Profile: map[string]string{"login": "b@x.com", "title": "<Boss> & co"}},
			{ID: "00u1", Status: "SUSPENDED", LastLogin: at, Profile: map[string]string{"login": "a@x.com"}},
		},
		Factors: map[string][]okta.Factor{
			"00u2": {{ID: "f1", UserID: "00u2", FactorType: "webauthn", Status: "ACTIVE", Profile: map[string]string{"authenticatorName": "YubiKey"}}},
			"00u1": {},
		},
		Groups:  []okta.Group{{ID: "00g1", Name: "Everyone", Type: "BUILT_IN"}},
		Members: map[string][]string{"00g1": {"00u1", "00u2"}},
		Apps: []okta.App{{ID: "0oa1", Label: "Svc", Status: "ACTIVE",
			OAuth: &okta.OAuthClient{ClientID: "c1", GrantTypes: []string{"client_credentials"}}}},
		AppUsers:    map[string][]okta.AppUser{"0oa1": {{AppID: "0oa1", UserID: "00u1", Scope: "USER"}}},
		AppGroups:   map[string][]okta.AppGroup{"0oa1": {{AppID: "0oa1", GroupID: "00g1", Priority: 1}}},
		AppGrants:   map[string][]okta.Grant{"0oa1": {{ID: "g1", ScopeID: "okta.users.read", Created: at}}},
		ClientRoles: map[string][]okta.Role{"c1": {{ID: "r1", Type: "READ_ONLY_ADMIN"}}},
		// UserRoles left nil: it must stay null, not become {}.
		GroupRoles: map[string][]okta.Role{},
	}
}

// A version 2 snapshot, stored as JSON before version 3, decodes to what
// encoding/json makes of it, element by element.
func TestCompactJSONRoundTrip(t *testing.T) {
	c := sampleCompact()
	c.Version = 2
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := decodeCompactJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var want Compact
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*back, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", *back, want)
	}
	if back.UserRoles != nil {
		t.Errorf("a null map decoded as %v", back.UserRoles)
	}
	if back.Factors["00u1"] == nil || len(back.Factors["00u1"]) != 0 {
		t.Errorf("an empty factor list decoded as %#v", back.Factors["00u1"])
	}
	// DecodeCompact tells the JSON from the binary stream by its first byte.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(data)
	_ = zw.Close()
	viaDecode, err := DecodeCompact(gz.Bytes())
	if err != nil || !reflect.DeepEqual(*viaDecode, want) {
		t.Errorf("DecodeCompact of version 2 JSON: %v\n got %+v\nwant %+v", err, viaDecode, want)
	}
}

func TestCompactStreamDecodeErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not an object":         `[1,2]`,
		"truncated":             `{"Version":1,"Users":[{"ID":"00u1"}`,
		"users not an array":    `{"Users":{"a":1}}`,
		"factors not an object": `{"Factors":[1]}`,
		"bad element":           `{"Users":[1]}`,
	} {
		if _, err := decodeCompactJSON(strings.NewReader(in)); err == nil {
			t.Errorf("%s: decoded without an error", name)
		}
	}
	// Fields this version does not know are skipped, as json.Unmarshal skips them.
	c, err := decodeCompactJSON(strings.NewReader(`{"Version":1,"Future":{"x":[1,{"y":2}]},"OrgID":"00o9"}`))
	if err != nil || c.OrgID != "00o9" || c.Version != 1 {
		t.Errorf("unknown field: %+v, %v", c, err)
	}
}

// BenchmarkCompactEncode reports the allocation of encoding a 20k-user
// snapshot: the stream holds one element at a time, not the whole document.
func BenchmarkCompactEncode(b *testing.B) {
	c := &Compact{Version: CompactVersion, OrgID: "00o1", Factors: map[string][]okta.Factor{}}
	for i := range 20000 {
		id := "00u" + strings.Repeat("x", 5) + string(rune('a'+i%26)) + time.Duration(i).String()
		c.Users = append(c.Users, okta.User{ID: id, Status: "ACTIVE", Profile: map[string]string{"login": id + "@x.com", "email": id + "@x.com"}})
		c.Factors[id] = []okta.Factor{{ID: "f" + id, UserID: id, FactorType: "push", Status: "ACTIVE"}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Encode(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDecodeCompactVersions: the versions this provider reads are used,
// others are refused as unusable.
func TestDecodeCompactVersions(t *testing.T) {
	for v, ok := range map[int]bool{0: false, 1: true, CompactVersion: true, CompactVersion + 1: false} {
		data, err := (&Compact{Version: v, OrgID: "00o1"}).Encode()
		if err != nil {
			t.Fatal(err)
		}
		_, err = DecodeCompact(data)
		if (err == nil) != ok || (err != nil && !errors.Is(err, ErrCompactUnusable)) {
			t.Errorf("version %d: err %v, want usable %t", v, err, ok)
		}
	}
}
