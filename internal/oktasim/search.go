package oktasim

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Expr is a parsed Okta search or filter expression: comparisons with eq, ne, sw,
// co, ew, gt, ge, lt, le and pr; and/or/not; parentheses; string, number, boolean
// and null literals. Attributes are dotted paths ("status", "profile.department",
// "actor.id"). "and" binds tighter than "or"; keywords and operators are
// case-insensitive.
type Expr struct {
	root  node
	attrs []string
}

// SearchError is a parse error. Pos is the byte offset in the expression of the
// token that could not be parsed (the expression's length at its end).
type SearchError struct {
	Pos int
	Msg string
}

// Error reads like Okta's errorCauses entry for E0000031.
func (e *SearchError) Error() string {
	return fmt.Sprintf("Invalid search criteria: %s at %d", e.Msg, e.Pos)
}

// maxSearchDepth bounds nesting of parentheses and "not", so a hostile expression
// cannot exhaust the stack.
const maxSearchDepth = 64

// ParseSearch parses expr. Its error (a *SearchError) is what the simulator puts
// in Okta's E0000031 error body.
func ParseSearch(expr string) (*Expr, error) {
	toks, err := lexSearch(expr)
	if err != nil {
		return nil, err
	}
	p := &searchParser{toks: toks, seen: map[string]bool{}}
	if p.peek().kind == tokEOF {
		return nil, &SearchError{Pos: 0, Msg: "empty expression"}
	}
	root, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, &SearchError{Pos: t.pos, Msg: fmt.Sprintf("unexpected '%s'", t.text)}
	}
	return &Expr{root: root, attrs: p.attrs}, nil
}

// Match evaluates the expression; get returns an attribute's value (string,
// float64, bool, time.Time, []string or nil) and whether it is present. A
// multi-valued attribute matches when any of its elements does.
func (e *Expr) Match(get func(attr string) (any, bool)) bool {
	if e == nil || e.root == nil {
		return true
	}
	return e.root.match(get)
}

// Attributes lists the attribute paths the expression references, in order of
// first appearance, without duplicates.
func (e *Expr) Attributes() []string {
	if e == nil {
		return nil
	}
	return append([]string(nil), e.attrs...)
}

// ---- lexer ----

type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokString
	tokNumber
	tokLParen
	tokRParen
)

type token struct {
	kind tokKind
	pos  int
	text string  // source text (identifiers: as written; strings: unescaped value)
	num  float64 // tokNumber
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9') || c == '.' || c == ':' || c == '-'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func lexSearch(s string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, token{kind: tokLParen, pos: i, text: "("})
			i++
		case c == ')':
			toks = append(toks, token{kind: tokRParen, pos: i, text: ")"})
			i++
		case c == '"':
			start := i
			var b strings.Builder
			i++
			closed := false
			for i < len(s) {
				ch := s[i]
				if ch == '"' {
					closed = true
					i++
					break
				}
				if ch == '\\' {
					if i+1 >= len(s) {
						break
					}
					next := s[i+1]
					if next != '"' && next != '\\' {
						return nil, &SearchError{Pos: i, Msg: fmt.Sprintf("invalid escape '\\%c'", next)}
					}
					b.WriteByte(next)
					i += 2
					continue
				}
				b.WriteByte(ch)
				i++
			}
			if !closed {
				return nil, &SearchError{Pos: start, Msg: "unterminated string"}
			}
			toks = append(toks, token{kind: tokString, pos: start, text: b.String()})
		case isDigit(c) || (c == '-' && i+1 < len(s) && isDigit(s[i+1])):
			start := i
			if c == '-' {
				i++
			}
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
				i++
				for i < len(s) && isDigit(s[i]) {
					i++
				}
			}
			if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
				j := i + 1
				if j < len(s) && (s[j] == '+' || s[j] == '-') {
					j++
				}
				if j < len(s) && isDigit(s[j]) {
					for j < len(s) && isDigit(s[j]) {
						j++
					}
					i = j
				}
			}
			if i < len(s) && isIdentPart(s[i]) {
				return nil, &SearchError{Pos: start, Msg: fmt.Sprintf("invalid number '%s'", s[start:i+1])}
			}
			f, err := strconv.ParseFloat(s[start:i], 64)
			if err != nil || math.IsInf(f, 0) {
				return nil, &SearchError{Pos: start, Msg: fmt.Sprintf("invalid number '%s'", s[start:i])}
			}
			toks = append(toks, token{kind: tokNumber, pos: start, text: s[start:i], num: f})
		case isIdentStart(c):
			start := i
			for i < len(s) && isIdentPart(s[i]) {
				i++
			}
			toks = append(toks, token{kind: tokIdent, pos: start, text: s[start:i]})
		default:
			return nil, &SearchError{Pos: i, Msg: fmt.Sprintf("unexpected character %q", rune(c))}
		}
	}
	toks = append(toks, token{kind: tokEOF, pos: len(s), text: "end of expression"})
	return toks, nil
}

// ---- parser ----

type searchParser struct {
	toks  []token
	i     int
	attrs []string
	seen  map[string]bool
}

func (p *searchParser) peek() token { return p.toks[p.i] }

func (p *searchParser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *searchParser) isKeyword(t token, kw string) bool {
	return t.kind == tokIdent && strings.EqualFold(t.text, kw)
}

func (p *searchParser) parseOr(depth int) (node, error) {
	left, err := p.parseAnd(depth)
	if err != nil {
		return nil, err
	}
	for p.isKeyword(p.peek(), "or") {
		p.next()
		right, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		left = orNode{left, right}
	}
	return left, nil
}

func (p *searchParser) parseAnd(depth int) (node, error) {
	left, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	for p.isKeyword(p.peek(), "and") {
		p.next()
		right, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		left = andNode{left, right}
	}
	return left, nil
}

func (p *searchParser) parseUnary(depth int) (node, error) {
	t := p.peek()
	if depth >= maxSearchDepth {
		return nil, &SearchError{Pos: t.pos, Msg: "expression nested too deeply"}
	}
	switch {
	case p.isKeyword(t, "not"):
		p.next()
		x, err := p.parseUnary(depth + 1)
		if err != nil {
			return nil, err
		}
		return notNode{x}, nil
	case t.kind == tokLParen:
		p.next()
		x, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c.kind != tokRParen {
			return nil, &SearchError{Pos: c.pos, Msg: fmt.Sprintf("expected ')' but found '%s'", c.text)}
		}
		p.next()
		return x, nil
	}
	return p.parseComparison()
}

// reserved words cannot be attribute names.
func isReserved(word string) bool {
	switch strings.ToLower(word) {
	case "and", "or", "not", "true", "false", "null":
		return true
	}
	_, isOp := searchOps[strings.ToLower(word)]
	return isOp
}

type searchOp int

const (
	opEq searchOp = iota
	opNe
	opSw
	opCo
	opEw
	opGt
	opGe
	opLt
	opLe
	opPr
)

var searchOps = map[string]searchOp{
	"eq": opEq, "ne": opNe, "sw": opSw, "co": opCo, "ew": opEw,
	"gt": opGt, "ge": opGe, "lt": opLt, "le": opLe, "pr": opPr,
}

func (p *searchParser) parseComparison() (node, error) {
	t := p.next()
	if t.kind != tokIdent || isReserved(t.text) {
		return nil, &SearchError{Pos: t.pos, Msg: fmt.Sprintf("expected attribute but found '%s'", t.text)}
	}
	attr := t.text
	if !p.seen[attr] {
		p.seen[attr] = true
		p.attrs = append(p.attrs, attr)
	}
	ot := p.next()
	if ot.kind != tokIdent {
		return nil, &SearchError{Pos: ot.pos, Msg: fmt.Sprintf("expected operator after '%s'", attr)}
	}
	op, ok := searchOps[strings.ToLower(ot.text)]
	if !ok {
		return nil, &SearchError{Pos: ot.pos, Msg: fmt.Sprintf("unknown operator '%s' after '%s'", ot.text, attr)}
	}
	if op == opPr {
		return cmpNode{attr: attr, op: opPr}, nil
	}
	vt := p.next()
	var lit literal
	switch {
	case vt.kind == tokString:
		lit = literal{kind: litString, s: vt.text}
	case vt.kind == tokNumber:
		lit = literal{kind: litNumber, n: vt.num}
	case p.isKeyword(vt, "true"):
		lit = literal{kind: litBool, b: true}
	case p.isKeyword(vt, "false"):
		lit = literal{kind: litBool, b: false}
	case p.isKeyword(vt, "null"):
		lit = literal{kind: litNull}
	default:
		return nil, &SearchError{Pos: vt.pos, Msg: fmt.Sprintf("expected value after '%s'", ot.text)}
	}
	if lit.kind == litString {
		lit.t, lit.isTime = parseSearchTime(lit.s)
	}
	return cmpNode{attr: attr, op: op, lit: lit}, nil
}

// ---- evaluation ----

type node interface {
	match(get func(string) (any, bool)) bool
}

type andNode struct{ l, r node }
type orNode struct{ l, r node }
type notNode struct{ x node }

func (n andNode) match(get func(string) (any, bool)) bool { return n.l.match(get) && n.r.match(get) }
func (n orNode) match(get func(string) (any, bool)) bool  { return n.l.match(get) || n.r.match(get) }
func (n notNode) match(get func(string) (any, bool)) bool { return !n.x.match(get) }

type litKind int

const (
	litString litKind = iota
	litNumber
	litBool
	litNull
)

type literal struct {
	kind   litKind
	s      string
	n      float64
	b      bool
	t      time.Time // s parsed as a timestamp, when isTime
	isTime bool
}

type cmpNode struct {
	attr string
	op   searchOp
	lit  literal
}

func (n cmpNode) match(get func(string) (any, bool)) bool {
	v, ok := get(n.attr)
	if !ok {
		v = nil
	}
	vals := flatten(v)
	switch n.op {
	case opPr:
		for _, x := range vals {
			if s, isStr := x.(string); !isStr || s != "" {
				return true
			}
		}
		return false
	case opNe:
		return !n.anyEq(vals)
	case opEq:
		return n.anyEq(vals)
	}
	for _, x := range vals {
		if n.cmpOne(x) {
			return true
		}
	}
	return false
}

func (n cmpNode) anyEq(vals []any) bool {
	if n.lit.kind == litNull {
		return len(vals) == 0
	}
	for _, x := range vals {
		if equalValue(x, n.lit) {
			return true
		}
	}
	return false
}

// flatten turns a getter's value into the list of its non-null values.
func flatten(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			out = append(out, flatten(e)...)
		}
		return out
	case *time.Time:
		if x == nil {
			return nil
		}
		return []any{*x}
	case *string:
		if x == nil {
			return nil
		}
		return []any{*x}
	case int:
		return []any{float64(x)}
	case int64:
		return []any{float64(x)}
	case int32:
		return []any{float64(x)}
	case float32:
		return []any{float64(x)}
	}
	return []any{v}
}

func equalValue(v any, lit literal) bool {
	switch x := v.(type) {
	case string:
		switch lit.kind {
		case litString:
			return strings.EqualFold(x, lit.s)
		case litNumber:
			f, err := strconv.ParseFloat(x, 64)
			return err == nil && f == lit.n
		case litBool:
			return strings.EqualFold(x, strconv.FormatBool(lit.b))
		}
	case float64:
		switch lit.kind {
		case litNumber:
			return x == lit.n
		case litString:
			f, err := strconv.ParseFloat(lit.s, 64)
			return err == nil && f == x
		}
	case bool:
		switch lit.kind {
		case litBool:
			return x == lit.b
		case litString:
			return strings.EqualFold(lit.s, strconv.FormatBool(x))
		}
	case time.Time:
		return lit.isTime && x.Equal(lit.t)
	}
	return false
}

// cmpOne applies sw, co, ew, gt, ge, lt or le to one value.
func (n cmpNode) cmpOne(v any) bool {
	switch n.op {
	case opSw, opCo, opEw:
		if n.lit.kind != litString {
			return false
		}
		s, ok := valueString(v)
		if !ok {
			return false
		}
		s, want := strings.ToLower(s), strings.ToLower(n.lit.s)
		switch n.op {
		case opSw:
			return strings.HasPrefix(s, want)
		case opEw:
			return strings.HasSuffix(s, want)
		default:
			return strings.Contains(s, want)
		}
	}
	c, ok := compareValue(v, n.lit)
	if !ok {
		return false
	}
	switch n.op {
	case opGt:
		return c > 0
	case opGe:
		return c >= 0
	case opLt:
		return c < 0
	default: // opLe
		return c <= 0
	}
}

// compareValue orders v against the literal: timestamps as times, numbers
// numerically, other strings lexically without regard to case. ok is false when
// the two cannot be ordered.
func compareValue(v any, lit literal) (int, bool) {
	switch x := v.(type) {
	case time.Time:
		if !lit.isTime {
			return 0, false
		}
		return x.Compare(lit.t), true
	case float64:
		switch lit.kind {
		case litNumber:
			return cmpFloat(x, lit.n), true
		case litString:
			f, err := strconv.ParseFloat(lit.s, 64)
			if err != nil {
				return 0, false
			}
			return cmpFloat(x, f), true
		}
	case string:
		switch lit.kind {
		case litNumber:
			f, err := strconv.ParseFloat(x, 64)
			if err != nil {
				return 0, false
			}
			return cmpFloat(f, lit.n), true
		case litString:
			if lit.isTime {
				if t, ok := parseSearchTime(x); ok {
					return t.Compare(lit.t), true
				}
			}
			return strings.Compare(strings.ToLower(x), strings.ToLower(lit.s)), true
		}
	}
	return 0, false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// valueString renders a value for the string operators the way Okta's JSON
// shows it.
func valueString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.000Z07:00"), true
	}
	return "", false
}

// parseSearchTime accepts RFC 3339 timestamps (with or without fractional
// seconds) and, as Okta does for some filters, plain dates.
func parseSearchTime(s string) (time.Time, bool) {
	if len(s) < 10 || !isDigit(s[0]) {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	if len(s) == 10 {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
