package directory

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// The compact snapshot is written and read one element at a time. encoding/json
// marshals a whole value into one buffer before writing it, and a Decoder
// buffers a whole top-level value before decoding it: for a 100k-user org that
// is a few hundred MiB held at once, twice over while the buffer doubles. The
// stream below produces exactly the bytes json.NewEncoder(w).Encode would
// (fields in struct order, map keys sorted, the same escaping, a closing
// newline), so the format is unchanged; only the peak memory differs.

// encodeJSON writes c to w as JSON, element by element.
func (c *Compact) encodeJSON(w io.Writer) error {
	e := &jsonStream{w: bufio.NewWriterSize(w, 256<<10)}
	e.raw("{")
	writeField(e, "Version", c.Version, true)
	writeField(e, "OrgID", c.OrgID, false)
	writeField(e, "TakenAt", c.TakenAt, false)
	writeField(e, "Cursor", c.Cursor, false)
	writeField(e, "Seen", c.Seen, false)
	writeSlice(e, "Users", c.Users)
	writeMap(e, "Factors", c.Factors)
	writeSlice(e, "Groups", c.Groups)
	writeMap(e, "Members", c.Members)
	writeSlice(e, "Apps", c.Apps)
	writeMap(e, "AppUsers", c.AppUsers)
	writeMap(e, "AppGroups", c.AppGroups)
	writeMap(e, "AppGrants", c.AppGrants)
	writeMap(e, "ClientRoles", c.ClientRoles)
	writeMap(e, "UserRoles", c.UserRoles)
	writeMap(e, "GroupRoles", c.GroupRoles)
	e.raw("}\n")
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// jsonStream writes JSON pieces and keeps the first error.
type jsonStream struct {
	w   *bufio.Writer
	err error
}

func (e *jsonStream) raw(s string) {
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *jsonStream) value(v any) {
	if e.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		e.err = err
		return
	}
	_, e.err = e.w.Write(b)
}

func (e *jsonStream) key(name string, first bool) {
	if !first {
		e.raw(",")
	}
	e.value(name)
	e.raw(":")
}

func writeField(e *jsonStream, name string, v any, first bool) {
	e.key(name, first)
	e.value(v)
}

// writeSlice writes items as a JSON array (null when nil, as json.Marshal does).
func writeSlice[T any](e *jsonStream, name string, items []T) {
	e.key(name, false)
	if items == nil {
		e.raw("null")
		return
	}
	e.raw("[")
	for i := range items {
		if i > 0 {
			e.raw(",")
		}
		e.value(items[i])
	}
	e.raw("]")
}

// writeMap writes m as a JSON object with its keys sorted, as json.Marshal does.
func writeMap[V any](e *jsonStream, name string, m map[string]V) {
	e.key(name, false)
	if m == nil {
		e.raw("null")
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.raw("{")
	for i, k := range keys {
		if i > 0 {
			e.raw(",")
		}
		e.value(k)
		e.raw(":")
		e.value(m[k])
	}
	e.raw("}")
}

// decodeCompactJSON reads what encodeJSON (or json.Marshal of a Compact)
// wrote, decoding one array element or map entry at a time. Unknown fields are
// skipped, as json.Unmarshal skips them.
func decodeCompactJSON(r io.Reader) (*Compact, error) {
	d := json.NewDecoder(bufio.NewReaderSize(r, 256<<10))
	if err := expectDelim(d, '{'); err != nil {
		return nil, err
	}
	var c Compact
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		name, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("expected a field name, found %v", tok)
		}
		switch name {
		case "Version":
			err = d.Decode(&c.Version)
		case "OrgID":
			err = d.Decode(&c.OrgID)
		case "TakenAt":
			err = d.Decode(&c.TakenAt)
		case "Cursor":
			err = d.Decode(&c.Cursor)
		case "Seen":
			c.Seen, err = readSlice[string](d)
		case "Users":
			c.Users, err = readSlice[okta.User](d)
		case "Factors":
			c.Factors, err = readMap[[]okta.Factor](d)
		case "Groups":
			c.Groups, err = readSlice[okta.Group](d)
		case "Members":
			c.Members, err = readMap[[]string](d)
		case "Apps":
			c.Apps, err = readSlice[okta.App](d)
		case "AppUsers":
			c.AppUsers, err = readMap[[]okta.AppUser](d)
		case "AppGroups":
			c.AppGroups, err = readMap[[]okta.AppGroup](d)
		case "AppGrants":
			c.AppGrants, err = readMap[[]okta.Grant](d)
		case "ClientRoles":
			c.ClientRoles, err = readMap[[]okta.Role](d)
		case "UserRoles":
			c.UserRoles, err = readMap[[]okta.Role](d)
		case "GroupRoles":
			c.GroupRoles, err = readMap[[]okta.Role](d)
		default:
			var skip json.RawMessage
			err = d.Decode(&skip)
		}
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", name, err)
		}
	}
	if err := expectDelim(d, '}'); err != nil {
		return nil, err
	}
	return &c, nil
}

func expectDelim(d *json.Decoder, want json.Delim) error {
	tok, err := d.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != want {
		return fmt.Errorf("expected %q, found %v", want, tok)
	}
	return nil
}

// readSlice reads a JSON array (or null) one element at a time.
func readSlice[T any](d *json.Decoder) ([]T, error) {
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, nil
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '[' {
		return nil, fmt.Errorf("expected an array, found %v", tok)
	}
	out := []T{}
	for d.More() {
		var v T
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return slices.Clip(out), expectDelim(d, ']')
}

// readMap reads a JSON object (or null) one entry at a time.
func readMap[V any](d *json.Decoder) (map[string]V, error) {
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, nil
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return nil, fmt.Errorf("expected an object, found %v", tok)
	}
	out := map[string]V{}
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		k, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("expected a key, found %v", tok)
		}
		var v V
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, expectDelim(d, '}')
}
