package directory

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Versions 1 and 2 of the compact snapshot were JSON (version 3 is binary:
// compact_binary.go). A stored one is read one element at a time: a Decoder
// buffers a whole top-level value before decoding it, which for a 100k-user
// org is a few hundred MiB held at once, twice over while the buffer doubles.

// decodeCompactJSON reads what json.Marshal of a Compact wrote, decoding one
// array element or map entry at a time. Unknown fields are skipped, as
// json.Unmarshal skips them.
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
