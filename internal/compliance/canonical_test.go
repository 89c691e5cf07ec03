package compliance

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCanonical(t *testing.T) {
	type named string
	var nilMap map[string]int
	var nilSlice []string
	var nilPtr *int
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"sorted keys, nested", map[string]any{"b": 1, "a": map[string]any{"z": true, "y": nil}, "A": "x"}, `{"A":"x","a":{"y":null,"z":true},"b":1}`},
		{"keys sort by bytes", map[string]int{"é": 1, "z": 2, "Z": 3, "": 4}, `{"":4,"Z":3,"z":2,"é":1}`},
		{"lists keep order", []any{3, "b", "a", []int{2, 1}}, `[3,"b","a",[2,1]]`},
		{"nil slice is empty list", nilSlice, `[]`},
		{"nil map is empty object", nilMap, `{}`},
		{"nil pointer is null", nilPtr, `null`},
		{"untyped nil", nil, `null`},
		{"named string", named("x"), `"x"`},
		{"ints", []any{int8(-8), uint64(math.MaxUint64), int64(math.MinInt64)}, `[-8,18446744073709551615,-9223372036854775808]`},
		{"integral floats", []float64{1, -2, 1e20, 100}, `[1,-2,100000000000000000000,100]`},
		{"negative zero", math.Copysign(0, -1), `0`},
		{"fractions", []float64{0.1, 1.5, -0.000001, 123.456}, `[0.1,1.5,-0.000001,123.456]`},
		{"exponents", []float64{1e21, 1e-7, 1.5e300, -2e-300}, `[1e+21,1e-7,1.5e+300,-2e-300]`},
		{"float32 shortest", float32(0.1), `0.1`},
		{"escapes", "q\"b\\s/\b\f\n\r\t\x00\x1f\x7f", `"q\"b\\s/\b\f\n\r\t\u0000\u001f` + "\x7f" + `"`},
		{"unicode stays literal", "café ☃ 😀 \u2028", "\"café ☃ 😀 \u2028\""},
		{"html not escaped", "<a>&", `"<a>&"`},
		{"invalid utf-8 replaced", "a\xffb", "\"a\uFFFDb\""},
		{"pointer followed", &[]string{"x"}, `["x"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonical(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if !json.Valid(got) {
				t.Errorf("not valid JSON: %s", got)
			}
		})
	}
}

func TestCanonicalErrors(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), map[int]string{1: "x"}, struct{ A int }{1}, func() {}, make(chan int)} {
		if _, err := Canonical(v); err == nil {
			t.Errorf("%T: want an error", v)
		}
	}
}

func TestCanonicalStable(t *testing.T) {
	// Map iteration order is random; build the same map many times.
	var first string
	for i := range 50 {
		m := map[string]any{}
		for j := range 30 {
			n := (j*7 + i) % 30 // the same keys, inserted in another order each time
			k := string(rune('a'+n%26)) + strings.Repeat("x", n%3)
			m[k] = []any{n, map[string]any{"k" + k: n}}
		}
		b, err := Canonical(m)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = string(b)
		} else if string(b) != first {
			t.Fatalf("output changed between runs:\n%s\n%s", first, b)
		}
	}
}

func TestCanonicalAgreesWithEncodingJSON(t *testing.T) {
	// For plain ASCII data without HTML characters the bytes match encoding/json,
	// whose map keys are also sorted: a cross-check of the encoder, not a claim
	// that the two agree in general.
	v := map[string]any{"z": []any{1, 2.5, "s\n", true, nil}, "a": map[string]string{"b": "c", "a": "d"}}
	got, err := Canonical(v)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestFactsFingerprintOrderIndependent(t *testing.T) {
	a, err := factsFingerprint([]any{map[string]any{"id": "1"}, map[string]any{"id": "2"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := factsFingerprint([]any{map[string]any{"id": "2"}, map[string]any{"id": "1"}})
	c, _ := factsFingerprint([]any{map[string]any{"id": "2"}, map[string]any{"id": "3"}})
	if a != b || a == c || len(a) != 64 {
		t.Errorf("a=%s b=%s c=%s", a, b, c)
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"", "a", "\"\\", "\x00\x1f", "é😀", "\xff\xfe", "\u2028<>&", "k\tv"} {
		f.Add(s, s+"2", 1.5)
	}
	f.Fuzz(func(t *testing.T, k, s string, x float64) {
		v := map[string]any{k: s, "list": []any{s, x}, "n": map[string]any{s: k}}
		b, err := Canonical(v)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			if err == nil {
				t.Fatal("NaN or Inf encoded")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b) {
			t.Fatalf("invalid JSON %q", b)
		}
		// The path without reflection writes what the reflective one does.
		var r encoder
		if err := r.value(reflect.ValueOf(v)); err != nil || string(r.buf) != string(b) {
			t.Fatalf("reflective encoding %q (%v) differs from %q", r.buf, err, b)
		}
		// Decoding gives back the same data (invalid UTF-8 replaced by U+FFFD).
		var back map[string]any
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if k != "list" && k != "n" && back[fixUTF8(k)] != fixUTF8(s) {
			t.Fatalf("key %q: got %v", k, back[fixUTF8(k)])
		}
		l, _ := back["list"].([]any)
		if len(l) != 2 || l[0] != fixUTF8(s) || l[1] != x {
			t.Fatalf("list round trip: %v from %q %v", l, s, x)
		}
		// Re-encoding the decoded value gives the same bytes: canonical is a fixed
		// point.
		again, err := Canonical(back)
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(b) {
			t.Fatalf("not a fixed point:\n%s\n%s", b, again)
		}
	})
}

// fixUTF8 replaces each invalid byte with U+FFFD, as the encoder does.
func fixUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// factsFingerprint is the fingerprint of the rows' canonical JSON array with
// the rows in the order of their encodings, whatever order they came in.
func TestFactsFingerprintIsTheSortedArrays(t *testing.T) {
	rows := []any{
		map[string]any{"id": "00u2", "login": "b@x.com", "n": 2},
		map[string]any{"id": "00u1", "login": "a@x.com", "tags": []string{"x"}},
		map[string]any{"id": "00u3", "email": nil},
	}
	sorted := []any{rows[2], rows[1], rows[0]} // {"email"… < {"id":"00u1"… < {"id":"00u2"…
	want, err := Fingerprint(sorted)
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range [][]any{rows, sorted, {rows[1], rows[2], rows[0]}} {
		got, err := factsFingerprint(order)
		if err != nil || got != want {
			t.Errorf("factsFingerprint = %s, %v; want %s", got, err, want)
		}
	}
	if empty, _ := factsFingerprint(nil); empty != hashHex([]byte("[]")) {
		t.Errorf("no rows: %s", empty)
	}
}

// The shapes Canonical encodes without reflection come out as the
// reflective encoder writes them.
func TestCanonicalFastPathMatchesReflection(t *testing.T) {
	for _, v := range []any{
		nil, "a\"b", true, 42, int64(-7), 1.5,
		[]string(nil), []string{"b", "a"}, []any(nil), []any{nil, "x", 3, []string{"y"}},
		map[string]any(nil), map[string]any{"b": 1, "a": map[string]string{"z": "1", "y": ""}, "c": []any{}},
		map[string]string{"é": "1", "e": "2"}, map[string][]string{"k": {"v"}}, []int{1, 2},
		map[string]any{"id": "00u1", "login": "a@x.com", "status": "ACTIVE", "email": "a@x.com"},
	} {
		got, err := Canonical(v)
		var r encoder
		rerr := r.value(reflect.ValueOf(v))
		if (err == nil) != (rerr == nil) || string(got) != string(r.buf) {
			t.Errorf("%#v: fast %q (%v), reflective %q (%v)", v, got, err, r.buf, rerr)
		}
	}
}
