package directory

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// FuzzLogFilter: the filter LogFilter builds is one Okta filter expression
// (the simulator's parser of Okta's grammar accepts it) that holds for an
// event exactly when the user's filter holds and the event's type is one of
// the event types, whatever the types contain (quotes, backslashes, "or"…): a
// type can never widen the filter. The order and repetition of the types do
// not change it.
func FuzzLogFilter(f *testing.F) {
	for _, s := range []struct{ filter, a, b, event string }{
		{``, "user.session.start", "", "user.session.start"},
		{`outcome.result eq "FAILURE"`, "user.session.start", "user.lifecycle.deactivate", "user.lifecycle.deactivate"},
		{`actor.alternateId co "admin"`, `x" or eventType pr or eventType eq "y`, "", "z"},
		{`severity eq "WARN" or severity eq "ERROR"`, "policy.lifecycle.update", "policy.lifecycle.update", "policy.lifecycle.update"},
		{`  `, `a\"b`, `\`, `\`},
		{`not (eventType eq "user.session.start")`, "user.session.start", "", "user.session.start"},
		{`eventType sw "user."`, "é", "日本", "é"},
	} {
		f.Add(s.filter, s.a, s.b, s.event)
	}
	f.Fuzz(func(t *testing.T, filter, a, b, event string) {
		userExpr, err := oktasim.ParseSearch(filter)
		if err != nil && filter != "" && !isBlank(filter) {
			return // the user's own filter is not valid: Okta refuses it as given
		}
		var types []string
		for _, ty := range []string{a, b} {
			if !quotesAlike(ty) {
				// LogFilter quotes with strconv.Quote, Go's syntax; Okta's filter
				// strings are JSON's. They agree on printable UTF-8, which is all
				// the provider's event_types validator lets through.
				return
			}
			if ty != "" {
				types = append(types, ty)
			}
		}
		got := LogFilter(filter, types)
		if again := LogFilter(filter, append([]string{b, a, b}, a)); len(types) == 2 && again != got {
			t.Fatalf("order and repetition change the filter:\n%s\n%s", got, again)
		}
		if len(types) == 0 {
			if got != trimmed(filter) {
				t.Fatalf("LogFilter(%q, none) = %q", filter, got)
			}
			return
		}
		expr, err := oktasim.ParseSearch(got)
		if err != nil {
			t.Fatalf("LogFilter(%q, %q) = %q does not parse: %v", filter, types, got, err)
		}
		// One event with the fuzzed type and fixed other fields.
		get := func(attr string) (any, bool) {
			switch attr {
			case "eventType":
				return event, true
			case "severity":
				return "WARN", true
			case "outcome.result":
				return "FAILURE", true
			case "actor.alternateId":
				return "admin@acme.com", true
			}
			return nil, false
		}
		wantUser := userExpr == nil || userExpr.Match(get)
		// Okta compares filter strings without regard to case.
		want := wantUser && slices.ContainsFunc(types, func(ty string) bool { return strings.EqualFold(ty, event) })
		if got := expr.Match(get); got != want {
			t.Fatalf("LogFilter(%q, %q) = %q matches eventType %q: %v, want %v", filter, types, LogFilter(filter, types), event, got, want)
		}
	})
}

// quotesAlike reports whether Go and JSON quote s the same way: valid UTF-8
// of printable runes.
func quotesAlike(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

func isBlank(s string) bool { return trimmed(s) == "" }

func trimmed(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\v' || s[0] == '\f') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\n' || s[len(s)-1] == '\r' || s[len(s)-1] == '\v' || s[len(s)-1] == '\f') {
		s = s[:len(s)-1]
	}
	return s
}
