package contract

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// verdict is what the suite concludes from the recorded exchanges.
type verdict struct {
	Failures []string       // each fails the suite
	Unused   []Gap          // listed gaps that no response showed (warnings)
	Ops      map[string]int // exchanges per operation (spec or exempt)
}

const (
	routeNotFound  = "Selected route not found"
	statusNotInDoc = "Unable to match the returned status code with those defined in the document"
)

// loadSchemas compiles every schema the exempt list names.
func loadSchemas(exempts []Exempt) (map[string]*Schema, error) {
	out := map[string]*Schema{}
	for _, e := range exempts {
		for _, name := range []string{e.Response, e.Request} {
			if name == "" || out[name] != nil {
				continue
			}
			s, err := LoadSchema(filepath.Join("schemas", name))
			if err != nil {
				return nil, fmt.Errorf("exempt %s: %w", e.Op, err)
			}
			out[name] = s
		}
	}
	return out, nil
}

// analyze judges every exchange: requests strictly against the spec, responses
// against the spec less the known gaps, exempt endpoints against their schemas.
func analyze(spec *Spec, gaps []Gap, exempts []Exempt, schemas map[string]*Schema, exs []*exchange) verdict {
	v := verdict{Ops: map[string]int{}}
	used := make([]bool, len(gaps))
	// One failure per distinct finding, however many array elements or
	// requests show it; the first occurrence is quoted.
	seen := map[string]bool{}
	fail := func(key, msg string) {
		if !seen[key] {
			seen[key] = true
			v.Failures = append(v.Failures, msg)
		}
	}
	for _, ex := range exs {
		where := fmt.Sprintf("%s %s", ex.Method, ex.Path)
		if ex.Query != "" {
			where += "?" + ex.Query
		}
		if ex.Scenario != "" {
			where = "[" + ex.Scenario + "] " + where
		}
		if e, ok := exemptFor(exempts, ex); ok {
			v.Ops[e.Op]++
			for _, msg := range checkExempt(e, schemas, ex) {
				fail(e.Op+" "+msg, fmt.Sprintf("%s (exempt %s): %s", where, e.Op, msg))
			}
			continue
		}
		op := spec.Operation(ex.Method, ex.Path)
		if op == "" {
			fail("noop "+ex.Method+" "+ex.Path, fmt.Sprintf("%s: not in Okta's spec and not in the Exempt list of spec_gaps.go", where))
			continue
		}
		v.Ops[op]++
		if ex.Truncated {
			fail("truncated "+op, fmt.Sprintf("%s: Prism cut its sl-violations header (over 8 KiB), so some violations are unknown: lower pageSizeCap in contract_test.go", where))
		}
		for _, vi := range ex.Violations {
			if len(vi.Location) == 0 || vi.Location[0] != "response" {
				// Requests are held to the spec strictly.
				fail(op+" request "+strings.Join(vi.Location, ".")+" "+vi.Message,
					fmt.Sprintf("%s: request violates Okta's spec (%s): %s", where, strings.Join(vi.Location, "."), vi.Message))
				continue
			}
			f := finding(op, ex.Status, vi)
			matched := false
			for i, g := range gaps {
				if g.Matches(f) {
					used[i], matched = true, true
				}
			}
			if !matched {
				fail(f.Op+" "+f.Path+" "+f.Rule, fmt.Sprintf("%s: response violates Okta's spec and is not a listed gap: %s", where, f))
			}
		}
	}
	for i, g := range gaps {
		if !used[i] {
			v.Unused = append(v.Unused, g)
		}
	}
	sort.Strings(v.Failures)
	return v
}

// finding names a response violation the way a Gap does.
func finding(op string, status int, vi violation) Finding {
	f := Finding{Op: op, Path: "$", Message: vi.Message}
	loc := vi.Location[1:]
	switch {
	case len(loc) >= 1 && loc[0] == "body":
		f.Path = BodyPath(loc[1:])
	case len(loc) >= 2 && loc[0] == "headers":
		f.Path = "header:" + strings.ToLower(loc[1])
	}
	switch c := vi.Code.(type) {
	case string:
		f.Rule = c
	case float64:
		f.Rule = fmt.Sprint(c)
	}
	if f.Rule == "" {
		if strings.HasPrefix(vi.Message, statusNotInDoc) {
			f.Rule = fmt.Sprintf("status:%d", status)
		} else {
			f.Rule = "other"
		}
	}
	return f
}

func exemptFor(exempts []Exempt, ex *exchange) (Exempt, bool) {
	for _, e := range exempts {
		if MatchOp(e.Op, ex.Method, ex.Path) {
			return e, true
		}
	}
	return Exempt{}, false
}

// checkExempt validates an exempt exchange's bodies against its schemas.
// Prism's only finding there is "route not found", which the exemption
// expects; anything else it says is reported too.
func checkExempt(e Exempt, schemas map[string]*Schema, ex *exchange) []string {
	var out []string
	for _, vi := range ex.Violations {
		if vi.Message != routeNotFound && !strings.HasPrefix(vi.Message, statusNotInDoc) {
			out = append(out, "prism: "+vi.Message)
		}
	}
	if len(ex.ReqBody) > 0 {
		if e.Request == "" {
			out = append(out, "request has a body but the exemption names no request schema")
		} else if doc, err := decodeBody(ex.ReqContentType, ex.ReqBody); err != nil {
			out = append(out, "request body: "+err.Error())
		} else {
			for _, m := range schemas[e.Request].Validate(doc) {
				out = append(out, "request "+m)
			}
		}
	}
	if ex.Status >= 200 && ex.Status < 300 && len(ex.RespBody) > 0 {
		if e.Response == "" {
			out = append(out, "response has a body but the exemption names no response schema")
		} else if doc, err := decodeBody("application/json", ex.RespBody); err != nil {
			out = append(out, "response body: "+err.Error())
		} else {
			for _, m := range schemas[e.Response].Validate(doc) {
				out = append(out, "response "+m)
			}
		}
	}
	return out
}

// decodeBody decodes JSON, or a form as an object of strings.
func decodeBody(contentType string, body []byte) (any, error) {
	if strings.HasPrefix(strings.ToLower(contentType), "application/x-www-form-urlencoded") {
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, err
		}
		obj := map[string]any{}
		for k, vs := range vals {
			obj[k] = vs[0]
		}
		return obj, nil
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, err
	}
	return doc, nil
}

func describeGap(g Gap) string {
	return fmt.Sprintf("%s %s [%s]", strings.Join(g.Ops, ", "), strings.Join(g.Paths, ", "), g.Rule)
}

// TestAnalyze proves the judging logic on recorded exchanges, without Prism.
func TestAnalyze(t *testing.T) {
	spec := &Spec{}
	for _, op := range []string{"GET /api/v1/users", "GET /api/v1/users/{userId}", "GET /api/v1/users/{userId}/factors"} {
		m, p, _ := strings.Cut(op, " ")
		spec.ops = append(spec.ops, opTemplate{method: m, template: p, segs: strings.Split(p, "/")})
	}
	gaps := []Gap{
		{Ops: []string{"GET /api/v1/users"}, Paths: []string{"$[*].lastLogin"}, Rule: "type", Reason: "null"},
		{Ops: []string{"GET /api/v1/users/{userId}"}, Paths: []string{"$.lastLogin"}, Rule: "type", Reason: "never seen"},
	}
	tokenSchema, err := ParseSchema([]byte(`{"type":"object","required":["id"],"properties":{"id":{"type":"string"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	exempts := []Exempt{{Op: "GET /api/v1/api-tokens/{id}", Reason: "newer", Response: "token.json"}}
	schemas := map[string]*Schema{"token.json": tokenSchema}
	resp := func(code string, loc ...string) violation {
		return violation{Location: append([]string{"response"}, loc...), Severity: "Error", Code: code, Message: "m"}
	}
	exs := []*exchange{
		{Method: "GET", Path: "/api/v1/users", Status: 200, Violations: []violation{
			resp("type", "body", "3", "lastLogin"), resp("type", "body", "9", "lastLogin")}},
		{Method: "GET", Path: "/api/v1/users/00u1/factors", Status: 200, Violations: []violation{
			resp("enum", "body", "0", "factorType")}},
		{Method: "GET", Path: "/api/v1/users", Query: "limit=x", Status: 200, Violations: []violation{
			{Location: []string{"request", "query", "limit"}, Severity: "Error", Code: "type", Message: "must be integer"}}},
		{Method: "GET", Path: "/api/v1/users/00u1", Status: 201, Violations: []violation{
			{Location: []string{"response"}, Severity: "Warning", Message: statusNotInDoc + ": 200"}}},
		{Method: "GET", Path: "/api/v1/api-tokens/00T1", Status: 200, RespBody: []byte(`{"name":"x"}`),
			Violations: []violation{{Location: []string{"request"}, Severity: "Warning", Message: routeNotFound}}},
		{Method: "GET", Path: "/api/v1/nowhere", Status: 404},
	}
	v := analyze(spec, gaps, exempts, schemas, exs)
	want := []string{
		`GET /api/v1/nowhere: not in Okta's spec`,
		`GET /api/v1/users/00u1: response violates Okta's spec and is not a listed gap: GET /api/v1/users/{userId} $ [status:201]`,
		`GET /api/v1/users/00u1/factors: response violates Okta's spec and is not a listed gap: GET /api/v1/users/{userId}/factors $[*].factorType [enum]`,
		`GET /api/v1/users?limit=x: request violates Okta's spec (request.query.limit): must be integer`,
		`GET /api/v1/api-tokens/00T1 (exempt GET /api/v1/api-tokens/{id}): response $: required property "id" is missing`,
	}
	if len(v.Failures) != len(want) {
		t.Fatalf("failures:\n%s", strings.Join(v.Failures, "\n"))
	}
	for _, w := range want {
		found := false
		for _, f := range v.Failures {
			if strings.HasPrefix(f, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("no failure starting %q in:\n%s", w, strings.Join(v.Failures, "\n"))
		}
	}
	if len(v.Unused) != 1 || v.Unused[0].Reason != "never seen" {
		t.Errorf("unused gaps: %+v", v.Unused)
	}
	if v.Ops["GET /api/v1/users"] != 2 || v.Ops["GET /api/v1/api-tokens/{id}"] != 1 {
		t.Errorf("ops: %v", v.Ops)
	}
}
