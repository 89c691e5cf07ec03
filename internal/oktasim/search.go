package oktasim

// Expr is a parsed Okta search or filter expression: comparisons with eq, ne, sw,
// co, gt, ge, lt, le and pr; and/or/not; parentheses; string, number, boolean and
// null literals. Attributes are dotted paths ("status", "profile.department",
// "actor.id").
type Expr struct {
	// implemented in search.go by its owner
}

// ParseSearch parses expr. Its error message is what the simulator puts in
// Okta's E0000031 error body.
func ParseSearch(expr string) (*Expr, error) { panic("not implemented") }

// Match evaluates the expression; get returns an attribute's value (string,
// float64, bool, time.Time or nil) and whether it is present.
func (e *Expr) Match(get func(attr string) (any, bool)) bool { panic("not implemented") }
