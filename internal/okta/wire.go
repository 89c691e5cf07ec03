package okta

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The wire types mirror Okta's JSON; they never leave this package. Each API
// area's file holds its own; these are the pieces they share.

// wireTime is an Okta timestamp: RFC 3339, or null.
type wireTime time.Time

func (t *wireTime) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if s == "null" || s == `""` {
		*t = wireTime{}
		return nil
	}
	str, ok := scalarString(b)
	if !ok || s[0] != '"' {
		return fmt.Errorf("timestamp %s is not a string", s)
	}
	v, err := time.Parse(time.RFC3339Nano, str)
	if err != nil {
		return fmt.Errorf("timestamp %q is not RFC 3339", str)
	}
	*t = wireTime(v.UTC())
	return nil
}

func (t wireTime) utc() time.Time {
	v := time.Time(t)
	if v.IsZero() {
		return time.Time{}
	}
	return v.UTC()
}

// wireProfile is a profile flattened as it is decoded: every attribute
// rendered as a string (strings as they are, numbers and booleans in their JSON
// form, arrays and objects as compact JSON; nulls omitted). It
// walks the object's bytes itself: decoding into map[string]json.RawMessage
// first copied every value and built a second map, and unquoting each string
// with json.Unmarshal allocated a decoder per attribute, together most of what
// a large users page cost.
type wireProfile map[string]string

func (p *wireProfile) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*p = nil
		return nil
	}
	if len(b) < 2 || b[0] != '{' {
		return fmt.Errorf("profile is not a JSON object")
	}
	// Counting the attributes first sizes the map once instead of growing it.
	n, err := countMembers(b)
	if err != nil {
		return err
	}
	out := make(wireProfile, n)
	i := skipSpace(b, 1)
	for i < len(b) && b[i] != '}' {
		kEnd, err := skipValue(b, i)
		if err != nil {
			return err
		}
		key, ok := scalarString(b[i:kEnd])
		if !ok || b[i] != '"' {
			return fmt.Errorf("profile has a key that is not a string")
		}
		i = skipSpace(b, kEnd)
		if i >= len(b) || b[i] != ':' {
			return fmt.Errorf("profile attribute %q has no value", key)
		}
		i = skipSpace(b, i+1)
		vEnd, err := skipValue(b, i)
		if err != nil {
			return err
		}
		if v, ok := scalarString(b[i:vEnd]); ok {
			out[key] = v
		}
		i = skipSpace(b, vEnd)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	*p = out
	return nil
}

// countMembers counts the members of the JSON object b.
func countMembers(b []byte) (int, error) {
	n := 0
	i := skipSpace(b, 1)
	for i < len(b) && b[i] != '}' {
		end, err := skipValue(b, i) // the key
		if err != nil {
			return 0, err
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return 0, fmt.Errorf("profile attribute without a value")
		}
		if end, err = skipValue(b, skipSpace(b, i+1)); err != nil {
			return 0, err
		}
		n++
		i = skipSpace(b, end)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return n, nil
}

// flatten returns the flattened attributes, never nil.
func (p wireProfile) flatten() map[string]string {
	if p == nil {
		return map[string]string{}
	}
	return p
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the index just past the JSON value starting at b[i]. The
// input has been validated by encoding/json before an UnmarshalJSON method
// sees it; the bounds are checked anyway.
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, fmt.Errorf("profile JSON ends early")
	}
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1, nil
			}
		}
		return 0, fmt.Errorf("profile JSON has an unterminated string")
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, err := skipValue(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, fmt.Errorf("profile JSON has an unterminated object or array")
	}
	j := i
	for j < len(b) && !strings.ContainsRune(",}] \t\n\r", rune(b[j])) {
		j++
	}
	return j, nil
}

func scalarString(raw []byte) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	switch raw[0] {
	case '"':
		if len(raw) >= 2 && bytes.IndexByte(raw, '\\') < 0 {
			// No escapes: the bytes between the quotes are the string.
			return string(raw[1 : len(raw)-1]), true
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	case '[', '{':
		// Arrays as JSON too: joined with "," they were ambiguous for values
		// holding a comma and unreadable for arrays of objects.
		var buf bytes.Buffer
		if json.Compact(&buf, raw) != nil {
			return "", false
		}
		return buf.String(), true
	}
	return string(raw), true
}

// wireRef is an object Okta sends where only its id is read.
type wireRef struct {
	ID string `json:"id"`
}
