package directory

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

func encodeStream(t testing.TB, c *Compact) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := c.encodeBinary(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decodeStream(data []byte) (*Compact, error) {
	r := bufio.NewReader(bytes.NewReader(data))
	if head, _ := r.Peek(len(binaryMagic)); string(head) != binaryMagic {
		return nil, errors.New("no magic")
	}
	_, _ = r.Discard(len(binaryMagic))
	return decodeCompactBinary(r)
}

// Every field of every record survives the stream, nil and empty
// collections stay apart, and a recurring string is one string in memory.
func TestCompactBinaryRoundTrip(t *testing.T) {
	c := sampleCompact()
	c.Apps[0].OAuth.JWKS = []okta.JWK{{KID: "k1", KTY: "RSA", N: "abc", E: "AQAB"}}
	c.Apps[0].OAuth.PKCERequired = true
	c.Apps[0].OAuth.RedirectURIs = []string{}
	c.Groups = append(c.Groups, okta.Group{ID: "00g2", Name: "Ops", Description: "ünïcode ✓", LastMembershipUpdated: c.TakenAt})
	c.UserRoles = map[string][]okta.Role{"00u2": {{ID: "ra1", Type: "SUPER_ADMIN", AssignmentType: "USER", AssigneeID: "00u2", Created: c.TakenAt}}}
	c.AppGroups["0oa1"] = append(c.AppGroups["0oa1"], okta.AppGroup{AppID: "0oa1", GroupID: "00g2", Priority: -3})
	back, err := decodeStream(encodeStream(t, c))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, c) {
		got, _ := json.Marshal(back)
		want, _ := json.Marshal(c)
		t.Errorf("round trip:\n got %s\nwant %s", got, want)
	}
	if back.Apps[0].OAuth.RedirectURIs == nil || back.Apps[0].OAuth.PostLogoutRedirectURIs != nil {
		t.Errorf("empty and nil lists: %#v, %#v", back.Apps[0].OAuth.RedirectURIs, back.Apps[0].OAuth.PostLogoutRedirectURIs)
	}
	if back.Factors["00u1"] == nil || back.ClientRoles == nil || back.UserRoles == nil {
		t.Error("an empty list or map decoded as nil")
	}
	// The user's id in its membership and its assignment shares the user's bytes.
	if id, member := back.Users[1].ID, back.Members["00g1"][0]; id != member || !sameString(id, member) {
		t.Errorf("member %q and user %q do not share one string", member, id)
	}
}

func sameString(a, b string) bool {
	return unsafe.StringData(a) == unsafe.StringData(b)
}

// generatedCompact is the snapshot of a generated org of n users, as a full
// scan stores it.
func generatedCompact(t *testing.T, n int) *Compact {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	org := fixtures.Generate(fixtures.GenerateOptions{Users: n, Groups: 20, Apps: 30, Seed: 7, Now: now.Add(-time.Hour)})
	sim, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, Concurrency: ratelimit.DefaultConcurrency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	res, err := New(simClient(t, sim), Options{PlanTime: now}).Refresh(t.Context(), RefreshInput{OrgID: "org"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := res.Compact()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Instants keep their nanoseconds and come back in UTC, the same instant.
func TestCompactBinaryInstants(t *testing.T) {
	east := time.FixedZone("UTC+5", 5*3600)
	for _, at := range []time.Time{
		{},
		time.Date(2026, 11, 1, 8, 30, 0, 123_000_000, time.UTC),
		time.Date(2026, 11, 1, 8, 30, 0, 123_456_789, time.UTC),
		time.Date(1969, 7, 20, 20, 17, 40, 1, time.UTC),
		time.Date(2026, 3, 1, 12, 0, 0, 0, east),
	} {
		c := &Compact{Version: CompactVersion, TakenAt: at, Users: []okta.User{{ID: "u", LastLogin: at}}}
		back, err := decodeStream(encodeStream(t, c))
		if err != nil {
			t.Fatal(err)
		}
		got := back.Users[0].LastLogin
		if !got.Equal(at) || (!at.IsZero() && got.Location() != time.UTC) || got.IsZero() != at.IsZero() {
			t.Errorf("%v came back as %v", at, got)
		}
	}
}

// A truncated or altered stream is an error, never a panic, and decoding one
// whose counts claim billions of items allocates as items arrive.
func TestCompactBinaryCorrupt(t *testing.T) {
	data := encodeStream(t, sampleCompact())
	for n := len(binaryMagic); n < len(data); n++ {
		if _, err := decodeStream(data[:n]); err == nil {
			t.Fatalf("truncated at %d of %d bytes: decoded without an error", n, len(data))
		}
	}
	if _, err := decodeStream(append(bytes.Clone(data), 0)); err == nil {
		t.Error("a byte after the end was accepted")
	}
	for i := len(binaryMagic); i < len(data); i++ {
		altered := bytes.Clone(data)
		altered[i] ^= 0xff
		_, _ = decodeStream(altered) // must not panic
	}
	huge := append([]byte(binaryMagic), 6) // version 3
	huge = append(huge, 0, 0, 0, 0)        // org id, instants, no Seen
	huge = append(huge, 0xff, 0xff, 0xff, 0xff, 0x0f)
	if _, err := decodeStream(huge); err == nil {
		t.Error("a count of four billion users with none following was accepted")
	}
}

func FuzzCompactBinary(f *testing.F) {
	f.Add(encodeStream(f, sampleCompact()))
	f.Add(encodeStream(f, &Compact{Version: CompactVersion}))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodeStream(data)
		if err != nil || c.Version > CompactVersion {
			return
		}
		// What decodes encodes to a stream that decodes to the same.
		again, err := decodeStream(encodeStream(t, c))
		if err != nil {
			t.Fatalf("re-encoded stream: %v", err)
		}
		if !reflect.DeepEqual(compactJSONString(again), compactJSONString(c)) {
			t.Fatalf("re-encoding changed the snapshot")
		}
	})
}

// compactJSONString renders c as JSON, for comparing snapshots and showing
// how they differ.
func compactJSONString(c *Compact) string {
	out, _ := json.Marshal(c)
	return string(out)
}

// Version 3 is what the re-plans of a large org carry around: it must stay a
// fraction of the JSON it replaced. On a generated org of 2000 users the
// gzipped stream is under half the gzipped JSON, and the stream itself
// under a fifth of it (at 100k users: 13 MB against 31 MB gzipped).
func TestCompactBinarySize(t *testing.T) {
	c := generatedCompact(t, 2000)
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	stream := encodeStream(t, c)
	gz := func(b []byte) int {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		_, _ = zw.Write(b)
		_ = zw.Close()
		return buf.Len()
	}
	t.Logf("JSON %d bytes (%d gzipped), stream %d (%d gzipped)", len(js), gz(js), len(stream), gz(stream))
	if 5*len(stream) > len(js) {
		t.Errorf("the stream is %d bytes, more than a fifth of the JSON's %d", len(stream), len(js))
	}
	if 2*gz(stream) > gz(js) {
		t.Errorf("the gzipped stream is %d bytes, more than half the gzipped JSON's %d", gz(stream), gz(js))
	}
	encoded, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeCompact(encoded)
	if err != nil || compactJSONString(back) != compactJSONString(c) {
		t.Fatalf("Encode and DecodeCompact of a generated org: %v", err)
	}
}

// A cache_dir written by a provider that stored JSON (version 2, in
// .json.gz) is read; writing the current file removes it.
func TestCacheFileReadsTheOlderFile(t *testing.T) {
	dir, url := t.TempDir(), "https://acme.okta.com"
	c := sampleCompact()
	c.Version = 2
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(js)
	_ = zw.Close()
	if err := WriteFileAtomic(legacyCacheFile(dir, url), gz.Bytes()); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCacheFile(dir, url)
	if err != nil || got == nil || got.Version != 2 || got.OrgID != c.OrgID || len(got.Users) != len(c.Users) {
		t.Fatalf("the older file: %+v, %v", got, err)
	}
	got.Version = CompactVersion
	encoded, err := got.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteCacheFile(dir, url, encoded); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(legacyCacheFile(dir, url)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the older file is still there: %v", err)
	}
	again, err := ReadCacheFile(dir, url)
	if err != nil || again == nil || again.Version != CompactVersion || compactJSONString(again) != compactJSONString(got) {
		t.Errorf("the current file: %+v, %v", again, err)
	}
	if CacheFile(dir, url) == legacyCacheFile(dir, url) || !strings.HasSuffix(CacheFile(dir, url), ".gz") {
		t.Errorf("cache file %s", CacheFile(dir, url))
	}
}
