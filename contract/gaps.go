package contract

import (
	"fmt"
	"strings"
)

// Gap is a known difference between Okta's published spec and what Okta really
// sends, which the simulator reproduces on purpose. A response finding of the
// Prism proxy that matches a Gap is accepted; any other fails the suite.
type Gap struct {
	// Ops are the spec's operations the gap applies to: "GET /api/v1/users".
	Ops []string
	// Paths are where in the response body the finding points, in the
	// suite's notation: "$" is the body, ".name" a property, "[*]" any array
	// element ("$[*].lastLogin", "$.profile.email"). A status finding's path
	// is "$".
	Paths []string
	// Rule is Prism's error code ("type", "enum", "required", "format"…) or
	// "status:<code>" for a status the spec does not list for the operation.
	Rule string
	// Reason says why real Okta differs from its spec, for the reader.
	Reason string
}

// Exempt is an endpoint Okta's published spec does not have (it is newer than
// the spec): Prism cannot judge it, so its traffic is checked against a schema
// written from Okta's current API reference instead.
type Exempt struct {
	// Op is "METHOD /path/{param}", as Okta's current reference names it.
	Op string
	// Reason says why the endpoint is not in the spec.
	Reason string
	// Response is the schema file (in schemas/) a 2xx response body must
	// satisfy; "" when the response has no body.
	Response string
	// Request is the schema file the request body must satisfy (a form body
	// is checked as an object of strings); "" when the request has no body.
	Request string
}

// Finding is one violation Prism reported, named the way Gap names them.
type Finding struct {
	Op      string
	Path    string
	Rule    string
	Message string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s %s [%s]: %s", f.Op, f.Path, f.Rule, f.Message)
}

// Matches reports whether g covers f.
func (g Gap) Matches(f Finding) bool {
	if g.Rule != f.Rule {
		return false
	}
	return contains(g.Ops, f.Op) && contains(g.Paths, f.Path)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// BodyPath turns a Prism location below "body" (["0", "factorType"]) into the
// suite's notation ("$[*].factorType").
func BodyPath(segments []string) string {
	var b strings.Builder
	b.WriteString("$")
	for _, s := range segments {
		if isIndex(s) {
			b.WriteString("[*]")
			continue
		}
		b.WriteString(".")
		b.WriteString(s)
	}
	return b.String()
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
