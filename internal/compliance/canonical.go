package compliance

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Canonical JSON: the same value always encodes to the same bytes, so that
// evidence and its fingerprint change exactly when the facts do.
//
//   - Object keys are sorted by their UTF-8 bytes; objects are maps with string
//     keys (structs are not accepted, so no field order or tag can leak in).
//   - Arrays keep their order: the evidence builders sort every list that is a
//     set before encoding it, because only they know which lists are sets.
//   - No insignificant whitespace.
//   - Strings are UTF-8, not \u-escaped beyond what JSON requires: `"` and `\`,
//     \b \f \n \r \t in their short forms, other control characters as \u00xx
//     (lower-case hex). Invalid UTF-8 becomes U+FFFD.
//   - Integers print in decimal. Floats print as ECMAScript does (RFC 8785):
//     the shortest representation that round-trips, in plain notation for
//     1e-6 <= |x| < 1e21 and exponent notation otherwise; -0 prints as 0; NaN
//     and infinities are an error.
//   - nil (an untyped nil, nil pointer, nil interface) is null; a nil slice is [],
//     a nil map {} — "empty" and "absent" lists must not differ in evidence.

// Canonical encodes v as canonical JSON. v is built from nil, bool, strings,
// integers, floats, slices/arrays and maps with string keys (any depth, through
// interfaces and pointers).
func Canonical(v any) ([]byte, error) {
	var e encoder
	if err := e.any(v); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// Fingerprint is the hex SHA-256 of v's canonical JSON.
func Fingerprint(v any) (string, error) {
	b, err := Canonical(v)
	if err != nil {
		return "", err
	}
	return hashHex(b), nil
}

func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

type encoder struct{ buf []byte }

// any encodes the shapes evidence is mostly made of (a row per user is a
// map[string]any of strings) without reflection, and the rest through value:
// the bytes are the same either way.
func (e *encoder) any(x any) error {
	switch x := x.(type) {
	case nil:
		e.buf = append(e.buf, "null"...)
	case string:
		e.str(x)
	case bool:
		e.buf = strconv.AppendBool(e.buf, x)
	case int:
		e.buf = strconv.AppendInt(e.buf, int64(x), 10)
	case int64:
		e.buf = strconv.AppendInt(e.buf, x, 10)
	case []string:
		e.buf = append(e.buf, '[')
		for i, s := range x {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.str(s)
		}
		e.buf = append(e.buf, ']')
	case []any:
		e.buf = append(e.buf, '[')
		for i, v := range x {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if err := e.any(v); err != nil {
				return err
			}
		}
		e.buf = append(e.buf, ']')
	case map[string]any:
		return encodeObject(e, x, e.any)
	case map[string]string:
		return encodeObject(e, x, func(s string) error { e.str(s); return nil })
	default:
		return e.value(reflect.ValueOf(x))
	}
	return nil
}

// encodeObject writes m as an object with its keys sorted, each value by val.
func encodeObject[V any](e *encoder, m map[string]V, val func(V) error) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.buf = append(e.buf, '{')
	for i, k := range keys {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.str(k)
		e.buf = append(e.buf, ':')
		if err := val(m[k]); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, '}')
	return nil
}

func (e *encoder) value(v reflect.Value) error {
	if !v.IsValid() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		return e.value(v.Elem())
	case reflect.Bool:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
	case reflect.String:
		e.str(v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return e.float(v.Float(), v.Type().Bits())
	case reflect.Slice, reflect.Array:
		e.buf = append(e.buf, '[')
		for i := range v.Len() {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if err := e.value(v.Index(i)); err != nil {
				return err
			}
		}
		e.buf = append(e.buf, ']')
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return fmt.Errorf("canonical json: map key type %s is not a string", v.Type().Key())
		}
		// Entries sorted by key (unique in a map), without a second map: the
		// fingerprints encode a row per user, and this runs 100k times a check.
		type entry struct {
			key string
			val reflect.Value
		}
		entries := make([]entry, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			entries = append(entries, entry{it.Key().String(), it.Value()})
		}
		slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
		e.buf = append(e.buf, '{')
		for i, en := range entries {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.str(en.key)
			e.buf = append(e.buf, ':')
			if err := e.value(en.val); err != nil {
				return err
			}
		}
		e.buf = append(e.buf, '}')
	default:
		return fmt.Errorf("canonical json: unsupported type %s", v.Type())
	}
	return nil
}

func (e *encoder) float(f float64, bits int) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("canonical json: unsupported number %v", f)
	}
	if f == 0 {
		e.buf = append(e.buf, '0') // also for -0
		return nil
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs < 1e-6 || abs >= 1e21 {
		format = 'e'
	}
	start := len(e.buf)
	e.buf = strconv.AppendFloat(e.buf, f, format, -1, bits)
	if format == 'e' {
		// Go writes e-07 / e+07; ECMAScript writes e-7 / e+7.
		n := len(e.buf)
		if n-start >= 4 && e.buf[n-4] == 'e' && e.buf[n-2] == '0' {
			e.buf[n-2] = e.buf[n-1]
			e.buf = e.buf[:n-1]
		}
	}
	return nil
}

const hexDigits = "0123456789abcdef"

func (e *encoder) str(s string) {
	e.buf = append(e.buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				e.buf = append(e.buf, '\\', c)
			case c == '\b':
				e.buf = append(e.buf, '\\', 'b')
			case c == '\f':
				e.buf = append(e.buf, '\\', 'f')
			case c == '\n':
				e.buf = append(e.buf, '\\', 'n')
			case c == '\r':
				e.buf = append(e.buf, '\\', 'r')
			case c == '\t':
				e.buf = append(e.buf, '\\', 't')
			case c < 0x20:
				e.buf = append(e.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				e.buf = append(e.buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			e.buf = utf8.AppendRune(e.buf, utf8.RuneError)
		} else {
			e.buf = append(e.buf, s[i:i+size]...)
		}
		i += size
	}
	e.buf = append(e.buf, '"')
}
