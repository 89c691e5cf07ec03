package compliance

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Distinguished names (X.500 DNs in their string form) as the Smart Card
// identity provider rule compares them: a certificate issuer such as
// "CN=DOD ID CA-70, OU=PKI, OU=DoD, O=U.S. Government, C=US" is a sequence
// of relative distinguished names (RDNs), most specific first (RFC 4514
// order, as Okta shows an issuer), each one or more attribute type=value
// pairs joined by "+".
//
// What the parser and comparison handle:
//   - whitespace around ",", "+" and "=", and before and after a value, is
//     not significant ("OU=PKI,OU=DoD" equals "OU = PKI , OU = DoD");
//   - attribute types compare case-insensitively ("ou=DoD" equals "OU=DoD");
//   - a "\"-escaped character ("O=Acme\, Inc") or hex pair ("O=Acme\2C Inc"),
//     and a value in double quotes ("O=\"Acme, Inc\"", RFC 1779) stand for
//     the characters they encode, so every spelling of one value compares
//     equal;
//   - the attributes of a multi-valued RDN ("CN=a+UID=b") compare in any
//     order.
//
// What they do not handle (such names compare unequal, never equal by
// mistake):
//   - attribute values compare exactly, case included: X.500's caseIgnoreMatch
//     and RFC 5280's insignificant-whitespace rules are not applied
//     ("O=U.S. Government" differs from "O=U.S. GOVERNMENT" and from
//     "O=U.S.  Government");
//   - an attribute type is not mapped to its aliases or OID ("ST" and "S",
//     "2.5.4.3" and "CN" differ);
//   - a BER-encoded value ("CN=#0403414243") is compared as the text it is
//     written as, not decoded;
//   - ";" is not an RDN separator (RFC 1779 allowed it; RFC 4514 does not);
//   - the order is never reversed: "C=US, O=U.S. Government, …" (X.500
//     order, root first) is a different sequence from its RFC 4514 spelling.

// dnAttr is one attribute of an RDN: its type upper-cased, its value
// unescaped.
type dnAttr struct{ typ, val string }

// rdn is a relative distinguished name: its attributes, sorted.
type rdn []dnAttr

// attrTypePattern is RFC 4514's attribute type: a name (descr) or a dotted
// OID.
var attrTypePattern = regexp.MustCompile(`^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)*)$`)

// parseDN parses a distinguished name. It refuses an empty name, an empty
// RDN ("CN=a,,C=US"), an attribute without "=" or with an empty type or
// value, a type that is neither a name nor an OID, a dangling "\" and an
// unterminated quote.
func parseDN(s string) ([]rdn, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("it is empty")
	}
	var out []rdn
	var cur rdn
	i := 0
	skipSpace := func() {
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	for {
		skipSpace()
		start := i
		for i < len(s) && s[i] != '=' && s[i] != ',' && s[i] != '+' {
			i++
		}
		typ := strings.TrimSpace(s[start:i])
		if i >= len(s) || s[i] != '=' {
			if typ == "" {
				return nil, errors.New("an RDN is empty (two separators in a row, or one at an end)")
			}
			return nil, fmt.Errorf("%q has no \"=\"", typ)
		}
		if typ == "" {
			return nil, errors.New("an attribute type is missing before \"=\"")
		}
		if !attrTypePattern.MatchString(typ) {
			return nil, fmt.Errorf("%q is not an attribute type", typ)
		}
		i++ // '='
		val, next, err := parseDNValue(s, i)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", typ, err)
		}
		if val == "" {
			return nil, fmt.Errorf("%s has an empty value", typ)
		}
		i = next
		cur = append(cur, dnAttr{typ: strings.ToUpper(typ), val: val})
		if i < len(s) && s[i] == '+' {
			i++
			continue
		}
		slices.SortFunc(cur, func(a, b dnAttr) int {
			if c := strings.Compare(a.typ, b.typ); c != 0 {
				return c
			}
			return strings.Compare(a.val, b.val)
		})
		out = append(out, cur)
		cur = nil
		if i >= len(s) {
			return out, nil
		}
		i++ // ','
	}
}

// parseDNValue reads the value starting at s[i] (after "="), up to an
// unescaped "," or "+" or the end, and returns it unescaped, with the index
// of the separator (or len(s)).
func parseDNValue(s string, i int) (string, int, error) {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i < len(s) && s[i] == '"' {
		return parseQuotedDNValue(s, i+1)
	}
	var b strings.Builder
	significant := 0 // b's length up to its last character that is not an unescaped space
	for i < len(s) && s[i] != ',' && s[i] != '+' {
		if s[i] == '\\' {
			n, err := unescapeDN(s, i, &b)
			if err != nil {
				return "", 0, err
			}
			i = n
			significant = b.Len()
			continue
		}
		b.WriteByte(s[i])
		if s[i] != ' ' {
			significant = b.Len()
		}
		i++
	}
	return b.String()[:significant], i, nil
}

// parseQuotedDNValue reads a quoted value whose opening '"' is s[i-1], and
// returns it unescaped, with the index of the separator after it (or len(s)).
func parseQuotedDNValue(s string, i int) (string, int, error) {
	var b strings.Builder
	for {
		if i >= len(s) {
			return "", 0, errors.New("a quoted value is not closed")
		}
		c := s[i]
		if c == '"' {
			i++
			break
		}
		if c == '\\' {
			n, err := unescapeDN(s, i, &b)
			if err != nil {
				return "", 0, err
			}
			i = n
			continue
		}
		b.WriteByte(c)
		i++
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i < len(s) && s[i] != ',' && s[i] != '+' {
		return "", 0, fmt.Errorf("unexpected %q after a quoted value", s[i:])
	}
	return b.String(), i, nil
}

// unescapeDN decodes the escape at s[i] ("\" and a character, or "\" and
// two hex digits) into b and returns the index after it.
func unescapeDN(s string, i int, b *strings.Builder) (int, error) {
	if i+1 >= len(s) {
		return 0, errors.New(`it ends with a "\" that escapes nothing`)
	}
	if i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
		b.WriteByte(hexValue(s[i+1])<<4 | hexValue(s[i+2]))
		return i + 3, nil
	}
	b.WriteByte(s[i+1])
	return i + 2, nil
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexValue(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// formatDN renders parsed RDNs in one canonical RFC 4514 spelling: types
// upper-cased, ", " between RDNs, "+" within one, and the characters RFC 4514
// requires escaped (and a leading or trailing space) escaped with "\".
// Spellings of one name format alike.
func formatDN(rdns []rdn) string {
	parts := make([]string, len(rdns))
	for i, r := range rdns {
		attrs := make([]string, len(r))
		for j, a := range r {
			attrs[j] = a.typ + "=" + escapeDNValue(a.val)
		}
		parts[i] = strings.Join(attrs, "+")
	}
	return strings.Join(parts, ", ")
}

func escapeDNValue(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case strings.IndexByte(`,+"\<>;=`, c) >= 0,
			c == '#' && i == 0,
			c == ' ' && (i == 0 || i == len(v)-1):
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\%02X`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// canonicalDN parses s and returns its canonical spelling (formatDN).
func canonicalDN(s string) (string, error) {
	rdns, err := parseDN(s)
	if err != nil {
		return "", err
	}
	return formatDN(rdns), nil
}

// dnUnder reports whether name equals base or lies under it: base is a
// suffix of name's RDN sequence, whole RDNs compared ("OU=PKI, OU=DoD,
// O=U.S. Government, C=US" lies under "O=U.S. Government, C=US"; "O=U.S.
// Government2, C=US" does not).
func dnUnder(name, base []rdn) bool {
	if len(base) == 0 || len(base) > len(name) {
		return false
	}
	tail := name[len(name)-len(base):]
	for i := range base {
		if !slices.Equal(tail[i], base[i]) {
			return false
		}
	}
	return true
}
