package oktasim

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func searchTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// sampleUser is a flat attribute map standing in for a user or a log event.
var sampleUser = map[string]any{
	"status":              "ACTIVE",
	"profile.department":  "Engineering",
	"profile.login":       "Carol@Acme.com",
	"profile.title":       `Say "hi" \ bye`,
	"profile.age":         float64(41),
	"profile.employeeNum": "1234",
	"profile.isContract":  false,
	"profile.empty":       "",
	"profile.nothing":     nil,
	"lastUpdated":         searchTime("2024-03-01T10:00:00Z"),
	"created":             "2023-01-15T08:30:00.000Z",
	"profile.tags":        []string{"alpha", "Beta"},
	"profile.noTags":      []string{},
	"type.id":             "oty1",
	"actor.alternateId":   "admin@acme.com",
}

func getter(m map[string]any) func(string) (any, bool) {
	return func(attr string) (any, bool) {
		v, ok := m[attr]
		return v, ok
	}
}

func TestSearchMatch(t *testing.T) {
	cases := []struct {
		expr string
		want bool
	}{
		{`status eq "ACTIVE"`, true},
		{`status eq "active"`, true},
		{`STATUS EQ "ACTIVE"`, false}, // attribute names are case-sensitive
		{`status EQ "ACTIVE"`, true},
		{`status ne "ACTIVE"`, false},
		{`status ne "SUSPENDED"`, true},
		{`profile.department eq "Engineering"`, true},
		{`profile.department sw "eng"`, true},
		{`profile.department sw "ring"`, false},
		{`profile.department ew "RING"`, true},
		{`profile.department co "GINE"`, true},
		{`profile.department co "xyz"`, false},
		{`profile.title eq "Say \"hi\" \\ bye"`, true},
		{`type.id eq "oty1"`, true},
		{`actor.alternateId sw "admin@"`, true},
		// numbers
		{`profile.age gt 40`, true},
		{`profile.age gt 41`, false},
		{`profile.age ge 41`, true},
		{`profile.age lt 41.5`, true},
		{`profile.age le 40.9`, false},
		{`profile.age eq 41`, true},
		{`profile.age eq 4.1e1`, true},
		{`profile.employeeNum eq 1234`, true},
		{`profile.employeeNum gt 999`, true}, // numeric, not lexical
		{`profile.employeeNum eq "1234"`, true},
		// booleans and null
		{`profile.isContract eq false`, true},
		{`profile.isContract eq TRUE`, false},
		{`profile.nothing eq null`, true},
		{`profile.missing eq null`, true},
		{`status eq null`, false},
		{`status ne null`, true},
		{`profile.nothing ne null`, false},
		// presence
		{`status pr`, true},
		{`profile.missing pr`, false},
		{`profile.nothing pr`, false},
		{`profile.empty pr`, false},
		{`profile.isContract pr`, true},
		{`profile.noTags pr`, false},
		{`profile.tags pr`, true},
		// timestamps as time.Time and as strings
		{`lastUpdated gt "2024-02-29T23:59:59Z"`, true},
		{`lastUpdated gt "2024-03-01T10:00:00.000Z"`, false},
		{`lastUpdated ge "2024-03-01T10:00:00.000Z"`, true},
		{`lastUpdated lt "2024-03-01T11:00:00+01:00"`, false}, // same instant
		{`lastUpdated le "2024-03-01T11:00:00+01:00"`, true},
		{`lastUpdated eq "2024-03-01T10:00:00.000Z"`, true},
		{`lastUpdated gt "2024-03-01"`, true},
		{`lastUpdated gt "not a time"`, false},
		{`lastUpdated sw "2024-03-01T10"`, true},
		{`created gt "2023-01-15T08:29:59.999Z"`, true},
		{`created lt "2023-01-15T09:30:00+01:00"`, false}, // equal instant
		{`created lt "2023-01-15T09:30:00.001+01:00"`, true},
		// multi-valued
		{`profile.tags eq "beta"`, true},
		{`profile.tags eq "gamma"`, false},
		{`profile.tags ne "gamma"`, true},
		{`profile.tags ne "alpha"`, false},
		{`profile.tags sw "al"`, true},
		// logic
		{`status eq "ACTIVE" and profile.department eq "Sales"`, false},
		{`status eq "ACTIVE" or profile.department eq "Sales"`, true},
		{`status eq "X" or status eq "ACTIVE" and profile.department eq "Sales"`, false}, // and binds tighter
		{`(status eq "X" or status eq "ACTIVE") and profile.department eq "Engineering"`, true},
		{`status eq "ACTIVE" or status eq "X" and profile.department eq "Sales"`, true},
		{`not status eq "ACTIVE"`, false},
		{`NOT (status eq "X")`, true},
		{`not(status eq "X" or status eq "Y") and profile.age gt 0`, true},
		{`not not status pr`, true},
		{`((status eq "ACTIVE"))`, true},
		// operators against types they cannot order
		{`profile.isContract gt 0`, false},
		{`profile.tags gt "a"`, true}, // lexical, any element
		{`profile.age sw "4"`, true},
		{`profile.age sw 4`, false},
		{`profile.missing lt "z"`, false},
	}
	for _, c := range cases {
		e, err := ParseSearch(c.expr)
		if err != nil {
			t.Errorf("ParseSearch(%s): %v", c.expr, err)
			continue
		}
		if got := e.Match(getter(sampleUser)); got != c.want {
			t.Errorf("%s matched %v, want %v", c.expr, got, c.want)
		}
	}
}

func TestSearchParseErrors(t *testing.T) {
	cases := []struct {
		expr string
		pos  int
		msg  string
	}{
		{`profile.department "Engineering"`, 19, "expected operator after 'profile.department'"},
		{`status`, 6, "expected operator after 'status'"},
		{`status is "A"`, 7, "unknown operator 'is' after 'status'"},
		{`status eq`, 9, "expected value after 'eq'"},
		{`status eq ACTIVE`, 10, "expected value after 'eq'"},
		{`status eq "ACTIVE`, 10, "unterminated string"},
		{`status eq "A\"`, 10, "unterminated string"},
		{`status eq "A\n"`, 12, `invalid escape '\n'`},
		{`(status eq "A"`, 14, "expected ')'"},
		{`status eq "A")`, 13, "unexpected ')'"},
		{`status eq "A" and`, 17, "expected attribute"},
		{`status eq "A" or or x pr`, 17, "expected attribute but found 'or'"},
		{`status eq "A" status eq "B"`, 14, "unexpected 'status'"},
		{`eq eq "A"`, 0, "expected attribute but found 'eq'"},
		{``, 0, "empty expression"},
		{`   `, 0, "empty expression"},
		{`status eq 12abc`, 10, "invalid number"},
		{`status eq 1.`, 10, "invalid number"},
		{`status eq 'A'`, 10, "unexpected character"},
		{`status eq 1e999`, 10, "invalid number"},
		{strings.Repeat("(", 100) + `a pr` + strings.Repeat(")", 100), 64, "nested too deeply"},
		{strings.Repeat("not ", 100) + `a pr`, 256, "nested too deeply"},
	}
	for _, c := range cases {
		e, err := ParseSearch(c.expr)
		if err == nil {
			t.Errorf("ParseSearch(%q) = %v, want error", c.expr, e)
			continue
		}
		var se *SearchError
		if !errors.As(err, &se) {
			t.Errorf("ParseSearch(%q): error %T is not a *SearchError", c.expr, err)
			continue
		}
		if se.Pos != c.pos || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("ParseSearch(%q) = %q at %d, want %q at %d", c.expr, se.Msg, se.Pos, c.msg, c.pos)
		}
		if !strings.HasPrefix(err.Error(), "Invalid search criteria: ") {
			t.Errorf("error %q lacks Okta's prefix", err)
		}
	}
	_, err := ParseSearch(`profile.department "Engineering"`)
	if want := "Invalid search criteria: expected operator after 'profile.department' at 19"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

func TestSearchAttributes(t *testing.T) {
	e, err := ParseSearch(`status eq "A" or (profile.department sw "E" and not status eq "B") or type.id pr`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"status", "profile.department", "type.id"}
	if got := e.Attributes(); !reflect.DeepEqual(got, want) {
		t.Errorf("Attributes() = %v, want %v", got, want)
	}
	var nilExpr *Expr
	if !nilExpr.Match(getter(nil)) || nilExpr.Attributes() != nil {
		t.Error("a nil *Expr should match everything and reference nothing")
	}
}

func TestSearchGetterTypes(t *testing.T) {
	when := searchTime("2024-01-01T00:00:00Z")
	dept := "Ops"
	var noTime *time.Time
	m := map[string]any{
		"i":    7,
		"i64":  int64(7),
		"pt":   &when,
		"ps":   &dept,
		"nilt": noTime,
		"anys": []any{"x", float64(3)},
	}
	cases := []struct {
		expr string
		want bool
	}{
		{`i eq 7`, true},
		{`i64 ge 7`, true},
		{`pt lt "2024-01-02T00:00:00Z"`, true},
		{`ps eq "ops"`, true},
		{`nilt pr`, false},
		{`anys eq 3`, true},
		{`anys eq "X"`, true},
	}
	for _, c := range cases {
		e, err := ParseSearch(c.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.Match(getter(m)); got != c.want {
			t.Errorf("%s matched %v, want %v", c.expr, got, c.want)
		}
	}
}

func FuzzParseSearch(f *testing.F) {
	seeds := []string{
		`status eq "ACTIVE"`,
		`profile.department sw "Eng" and (status eq "ACTIVE" or status eq "LOCKED_OUT")`,
		`not (lastUpdated gt "2024-01-01T00:00:00.000Z") or profile.age le -3.5e2`,
		`type.id pr and actor.alternateId co "\"\\"`,
		`profile.isContract eq true or profile.x eq null`,
		`status eq "unterminated`,
		`((((a pr`,
		`a eq 1e`,
		``,
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseSearch(s)
		if err != nil {
			var se *SearchError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SearchError", err)
			}
			if se.Pos < 0 || se.Pos > len(s) {
				t.Fatalf("position %d outside [0,%d]", se.Pos, len(s))
			}
			return
		}
		// Evaluating against any getter must not panic either.
		e.Match(getter(sampleUser))
		e.Match(func(string) (any, bool) { return "2024-01-01T00:00:00Z", true })
		for _, a := range e.Attributes() {
			if !strings.Contains(s, a) {
				t.Fatalf("attribute %q not in %q", a, s)
			}
		}
	})
}
