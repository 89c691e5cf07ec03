package provider

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// personalNeedles returns what the demo org holds that no check reads and the
// stored snapshot must not: the factors' phone numbers, device and
// authenticator names and security questions, and the users' mobile phones.
// They come from the seed, so a new kind of factor data is looked for too.
func personalNeedles(org *oktasim.Org) []string {
	set := map[string]bool{}
	for _, fs := range org.Factors {
		for _, f := range fs {
			for _, k := range []string{"phoneNumber", "name", "authenticatorName", "question", "questionText"} {
				if v, ok := f.Profile[k].(string); ok && v != "" {
					set[v] = true
				}
			}
		}
	}
	for _, u := range org.Users {
		if v, ok := u.Profile["mobilePhone"].(string); ok && v != "" {
			set[v] = true
		}
	}
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// gunzip returns the decompressed data, or fails the test.
func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// storedSnapshot decodes the snapshot resource's private state: the state
// file holds the framework's JSON of private keys, base64-encoded; the
// "compact" key's value is a JSON string, the base64 of the gzip-compressed
// snapshot (encodePrivate).
// compactJSON renders a snapshot's stream (gunzipped) as JSON.
func compactJSON(t *testing.T, stream []byte) []byte {
	t.Helper()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(stream)
	_ = zw.Close()
	c, err := directory.DecodeCompact(gz.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func storedSnapshot(t *testing.T, private string) []byte {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(private)
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string][]byte // the framework's private keys, each a JSON value
	if err := json.Unmarshal(raw, &keys); err != nil {
		t.Fatalf("private state: %v", err)
	}
	c, err := decodePrivate(keys[snapshotPrivateKey])
	if err != nil {
		t.Fatalf("private state: %v", err)
	}
	encoded, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return gunzip(t, encoded)
}

// TestAccSnapshotStateHoldsNoPersonalData applies the demo org's snapshot and
// looks through the state file, the snapshot decoded from its private state,
// and the cache_dir file for the demo org's phone numbers, device names and
// security questions: none is there. The logins and factor types the checks
// read are, which shows the search looks in the right place.
func TestAccSnapshotStateHoldsNoPersonalData(t *testing.T) {
	t.Parallel()
	org := fixtures.DemoOrg(1, time.Now().UTC())
	needles := personalNeedles(org)
	if len(needles) < 10 {
		t.Fatalf("the demo org has only %d needles: %v", len(needles), needles)
	}
	_, provider := startCheckSim(t, org)
	cache := t.TempDir()
	run := newTFRun(t, provider+fmt.Sprintf(`
resource "oktagate_snapshot" "org" {
  cache_dir = %q
}

resource "oktagate_mfa_check" "staff" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}
`, cache))
	if err := run.apply(); err != nil {
		t.Fatalf("apply: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(cache, "oktagate-snapshot-*[0-9a-f].gz"))
	if len(files) != 1 {
		t.Fatalf("cache_dir holds %v, want one snapshot file", files)
	}
	cached, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	// The stream writes strings as they are, so a needle in the snapshot is in
	// its bytes; its JSON rendering shows which field holds what.
	stored, cachedStream := storedSnapshot(t, run.instance(snapshotAddr).Private), gunzip(t, cached)
	places := map[string][]byte{
		"the state file":                     run.stateFile(),
		"the private state's stream":         stored,
		"the cache_dir file's stream":        cachedStream,
		"the snapshot in the private state":  compactJSON(t, stored),
		"the snapshot in the cache_dir file": compactJSON(t, cachedStream),
	}
	for where, data := range places {
		for _, n := range needles {
			if bytes.Contains(data, []byte(n)) {
				t.Errorf("%s holds %q", where, n)
			}
		}
	}
	for _, where := range []string{"the snapshot in the private state", "the snapshot in the cache_dir file"} {
		data := places[where]
		for _, want := range []string{fixtures.DemoServiceAccountLogin, `"FactorType":"sms"`, `"FactorType":"question"`} {
			if !bytes.Contains(data, []byte(want)) {
				t.Errorf("%s lacks %s: the search proves nothing", where, want)
			}
		}
		if strings.Contains(string(data), `"firstName"`) {
			t.Errorf("%s holds first names, which no check reads", where)
		}
	}
}
