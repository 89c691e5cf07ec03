package contract

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Schema is the subset of JSON Schema the hand-written schemas in schemas/ use:
// type (a name or a list, "null" included), properties, required, items, enum,
// pattern, format "date-time", and additionalProperties (false or a schema).
// Loading a schema with any other keyword fails, so a schema never silently
// asks for a check this validator does not make.
type Schema struct {
	Description          string             `json:"description,omitempty"`
	Type                 typeList           `json:"type,omitempty"`
	Properties           map[string]*Schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	Items                *Schema            `json:"items,omitempty"`
	Enum                 []any              `json:"enum,omitempty"`
	Pattern              string             `json:"pattern,omitempty"`
	Format               string             `json:"format,omitempty"`
	AdditionalProperties json.RawMessage    `json:"additionalProperties,omitempty"`

	pattern    *regexp.Regexp
	closed     bool    // additionalProperties: false
	additional *Schema // additionalProperties: {schema}
}

// typeList accepts "string" or ["string", "null"].
type typeList []string

func (t *typeList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*t = typeList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("type must be a string or a list of strings")
	}
	*t = many
	return nil
}

var schemaKeywords = map[string]bool{
	"$schema": true, "$comment": true, "title": true, "description": true, "type": true,
	"properties": true, "required": true, "items": true, "enum": true, "pattern": true,
	"format": true, "additionalProperties": true,
}

// LoadSchema reads and compiles a schema file.
func LoadSchema(path string) (*Schema, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := ParseSchema(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ParseSchema compiles a schema document.
func ParseSchema(data []byte) (*Schema, error) {
	if err := checkKeywords(data, "#"); err != nil {
		return nil, err
	}
	var s Schema
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	if err := s.compile("#"); err != nil {
		return nil, err
	}
	return &s, nil
}

func checkKeywords(data []byte, at string) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("%s: a schema must be an object: %w", at, err)
	}
	for k, v := range raw {
		if !schemaKeywords[k] {
			return fmt.Errorf("%s: unsupported keyword %q", at, k)
		}
		switch k {
		case "properties":
			var props map[string]json.RawMessage
			if err := json.Unmarshal(v, &props); err != nil {
				return fmt.Errorf("%s/properties: %w", at, err)
			}
			for name, p := range props {
				if err := checkKeywords(p, at+"/properties/"+name); err != nil {
					return err
				}
			}
		case "items":
			if err := checkKeywords(v, at+"/items"); err != nil {
				return err
			}
		case "additionalProperties":
			if string(v) != "true" && string(v) != "false" {
				if err := checkKeywords(v, at+"/additionalProperties"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (s *Schema) compile(at string) error {
	for _, t := range s.Type {
		switch t {
		case "object", "array", "string", "integer", "number", "boolean", "null":
		default:
			return fmt.Errorf("%s: unknown type %q", at, t)
		}
	}
	if s.Format != "" && s.Format != "date-time" {
		return fmt.Errorf("%s: unsupported format %q", at, s.Format)
	}
	if s.Pattern != "" {
		re, err := regexp.Compile(s.Pattern)
		if err != nil {
			return fmt.Errorf("%s: pattern: %w", at, err)
		}
		s.pattern = re
	}
	switch a := strings.TrimSpace(string(s.AdditionalProperties)); a {
	case "", "true":
	case "false":
		s.closed = true
	default:
		var sub Schema
		if err := json.Unmarshal(s.AdditionalProperties, &sub); err != nil {
			return fmt.Errorf("%s/additionalProperties: %w", at, err)
		}
		if err := sub.compile(at + "/additionalProperties"); err != nil {
			return err
		}
		s.additional = &sub
	}
	for name, p := range s.Properties {
		if err := p.compile(at + "/properties/" + name); err != nil {
			return err
		}
	}
	if s.Items != nil {
		if err := s.Items.compile(at + "/items"); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks a decoded JSON value (as encoding/json decodes into any) and
// returns one message per problem, each starting with its JSON path.
func (s *Schema) Validate(v any) []string {
	var out []string
	s.validate("$", v, &out)
	return out
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func (s *Schema) typeOK(got string) bool {
	if len(s.Type) == 0 {
		return true
	}
	for _, t := range s.Type {
		if t == got || (t == "number" && got == "integer") {
			return true
		}
	}
	return false
}

func (s *Schema) validate(at string, v any, out *[]string) {
	got := jsonType(v)
	if !s.typeOK(got) {
		*out = append(*out, fmt.Sprintf("%s: is %s, want %s", at, got, strings.Join(s.Type, " or ")))
		return
	}
	if len(s.Enum) > 0 && v != nil {
		found := false
		for _, e := range s.Enum {
			if e == v {
				found = true
				break
			}
		}
		if !found {
			*out = append(*out, fmt.Sprintf("%s: %v is not one of %v", at, v, s.Enum))
		}
	}
	switch x := v.(type) {
	case string:
		if s.pattern != nil && !s.pattern.MatchString(x) {
			*out = append(*out, fmt.Sprintf("%s: %q does not match %s", at, x, s.Pattern))
		}
		if s.Format == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, x); err != nil {
				*out = append(*out, fmt.Sprintf("%s: %q is not an RFC 3339 date-time", at, x))
			}
		}
	case []any:
		if s.Items != nil {
			for i, item := range x {
				s.Items.validate(fmt.Sprintf("%s[%d]", at, i), item, out)
			}
		}
	case map[string]any:
		for _, r := range s.Required {
			if _, ok := x[r]; !ok {
				*out = append(*out, fmt.Sprintf("%s: required property %q is missing", at, r))
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			child := at + "." + k
			if p, ok := s.Properties[k]; ok {
				p.validate(child, x[k], out)
				continue
			}
			switch {
			case s.closed:
				*out = append(*out, fmt.Sprintf("%s: property not allowed", child))
			case s.additional != nil:
				s.additional.validate(child, x[k], out)
			}
		}
	}
}
