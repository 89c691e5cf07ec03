package contract

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Spec indexes the operations of a Swagger 2.0 / OpenAPI document by method and
// path template, so a concrete request ("GET /api/v1/users/00u1") can be named
// by its operation ("GET /api/v1/users/{userId}").
type Spec struct {
	ops []opTemplate
}

type opTemplate struct {
	method   string
	template string   // as the spec writes it, without any query suffix
	segs     []string // template split on "/"
	// queryKeyed: every key of the operation in the spec carries a query
	// (".../expire_password?tempPassword=false"). Prism routes a request
	// only by a whole key, so it finds no route for one such operation.
	queryKeyed bool
}

// LoadSpec reads the JSON form of the spec (the package ships dist/spec.json
// beside dist/spec.yaml, built from the same source), or a YAML one (".yaml",
// ".yml": okta-sdk-golang v5's OpenAPI 3 spec ships as YAML only).
func LoadSpec(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if ext := strings.ToLower(filepath.Ext(path)); ext == ".yaml" || ext == ".yml" {
		doc.Paths, err = yamlPaths(data)
	} else {
		err = json.Unmarshal(data, &doc)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Paths) == 0 {
		return nil, fmt.Errorf("%s: no paths", path)
	}
	s := &Spec{}
	seen := map[string]int{} // "METHOD /template" → index in s.ops
	for p, ops := range doc.Paths {
		// A few of Okta's paths carry a query in the key
		// (".../expire_password?tempPassword=true"); the path is what routes.
		tmpl, _, queried := strings.Cut(p, "?")
		for m := range ops {
			method := strings.ToUpper(m)
			switch method {
			case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS":
			default:
				continue
			}
			if i, ok := seen[method+" "+tmpl]; ok {
				s.ops[i].queryKeyed = s.ops[i].queryKeyed && queried
				continue
			}
			seen[method+" "+tmpl] = len(s.ops)
			s.ops = append(s.ops, opTemplate{method: method, template: tmpl, segs: strings.Split(tmpl, "/"), queryKeyed: queried})
		}
	}
	sort.Slice(s.ops, func(i, j int) bool {
		if s.ops[i].template != s.ops[j].template {
			return s.ops[i].template < s.ops[j].template
		}
		return s.ops[i].method < s.ops[j].method
	})
	return s, nil
}

// QueryKeyed reports whether op ("METHOD /template") is defined only under
// keys that carry a query, which Prism cannot route a request to.
func (s *Spec) QueryKeyed(op string) bool {
	for _, o := range s.ops {
		if o.method+" "+o.template == op {
			return o.queryKeyed
		}
	}
	return false
}

// Has reports whether the spec defines the operation "METHOD /template".
func (s *Spec) Has(op string) bool {
	for _, o := range s.ops {
		if o.method+" "+o.template == op {
			return true
		}
	}
	return false
}

// Operation names the operation a request matches ("GET /api/v1/users/{userId}"),
// or "" when the spec has none. Literal segments win over parameters, so
// /api/v1/users/me would match a /users/me template before /users/{userId}.
func (s *Spec) Operation(method, path string) string {
	best, bestScore := "", -1
	for _, o := range s.ops {
		if o.method != method {
			continue
		}
		if score, ok := matchTemplate(o.segs, path); ok && score > bestScore {
			best, bestScore = o.method+" "+o.template, score
		}
	}
	return best
}

// matchTemplate matches a concrete path against template segments; the score
// is a bit mask favouring literal segments early in the path.
func matchTemplate(segs []string, path string) (int, bool) {
	parts := strings.Split(path, "/")
	if len(parts) != len(segs) {
		return 0, false
	}
	score := 0
	for i, seg := range segs {
		score <<= 1
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			if parts[i] == "" {
				return 0, false
			}
			continue
		}
		if seg != parts[i] {
			return 0, false
		}
		score |= 1
	}
	return score, true
}

// MatchOp reports whether a concrete request matches op ("METHOD /template").
func MatchOp(op, method, path string) bool {
	m, tmpl, ok := strings.Cut(op, " ")
	if !ok || m != method {
		return false
	}
	_, ok = matchTemplate(strings.Split(tmpl, "/"), path)
	return ok
}

// yamlPaths reads the keys of an OpenAPI document's top-level "paths" map and of
// each path item, from block-style YAML as Okta's generator writes it (two
// spaces per level; keys plain or quoted). Only the names matter to Spec, so
// the values are left empty. This is all the suite needs of YAML, and keeps a
// YAML library out of the module.
func yamlPaths(data []byte) (map[string]map[string]json.RawMessage, error) {
	out := map[string]map[string]json.RawMessage{}
	var cur map[string]json.RawMessage
	in := false
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		key, _, isKey := strings.Cut(strings.TrimSpace(line), ":")
		key = strings.Trim(key, `"'`)
		switch {
		case indent == 0:
			in = isKey && key == "paths"
			if in && strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "paths:")) != "" {
				return nil, fmt.Errorf("paths is not a block mapping")
			}
		case !in:
		case indent == 2 && isKey && strings.HasPrefix(key, "/"):
			cur = map[string]json.RawMessage{}
			out[key] = cur
		case indent == 2:
			return nil, fmt.Errorf("unexpected line under paths: %q", line)
		case indent == 4 && isKey && cur != nil:
			cur[key] = nil
		}
	}
	return out, nil
}
