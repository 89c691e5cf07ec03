package compliance

import (
	"strings"
	"testing"
)

const dodCA = "CN=DOD ID CA-70, OU=PKI, OU=DoD, O=U.S. Government, C=US"

func TestParseDN(t *testing.T) {
	tests := []struct {
		in, want string // want: the canonical spelling
	}{
		{dodCA, dodCA},
		{"cn=DOD ID CA-70,ou=PKI,ou=DoD,o=U.S. Government,c=US", dodCA},
		{"  CN = DOD ID CA-70 ,  OU=PKI,OU = DoD , O= U.S. Government ,C=US  ", dodCA},
		{`O=Acme\, Inc, C=US`, `O=Acme\, Inc, C=US`},
		{`O=Acme\2C Inc, C=US`, `O=Acme\, Inc, C=US`},
		{`O="Acme, Inc", C=US`, `O=Acme\, Inc, C=US`},
		{`O = "Acme, Inc" , C=US`, `O=Acme\, Inc, C=US`},
		{`O="Say \"hi\"", C=US`, `O=Say \"hi\", C=US`},
		{`CN=a\+b, O=x`, `CN=a\+b, O=x`},
		{`CN=\ padded\ , O=x`, `CN=\ padded\ , O=x`},
		{`CN=semi;colon`, `CN=semi\;colon`},
		{`CN=a=b`, `CN=a\=b`},
		{`CN=\#hash`, `CN=\#hash`},
		{`UID=jdoe+CN=Jane Doe, O=x`, `CN=Jane Doe+UID=jdoe, O=x`},
		{`2.5.4.3=Test, O=x`, `2.5.4.3=Test, O=x`},
		{`CN=Jos\C3\A9, C=ES`, `CN=José, C=ES`},
		{`CN=multi  space`, `CN=multi  space`},
	}
	for _, tt := range tests {
		got, err := canonicalDN(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("canonicalDN(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		// The canonical spelling is a fixed point.
		if again, err := canonicalDN(got); err != nil || again != got {
			t.Errorf("canonicalDN(%q) = %q, %v: not a fixed point", got, again, err)
		}
	}
}

func TestParseDNRefuses(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty"},
		{"   ", "empty"},
		{"CN=a,,C=US", "an RDN is empty"},
		{"CN=a, C=US,", "an RDN is empty"},
		{",CN=a", "an RDN is empty"},
		{"CN=a+", "an RDN is empty"},
		{"DoD", `"DoD" has no "="`},
		{"CN=a, DoD", `"DoD" has no "="`},
		{"=x", "attribute type is missing"},
		{"C N=x", `"C N" is not an attribute type`},
		{"CN=", "CN has an empty value"},
		{"CN=  , C=US", "CN has an empty value"},
		{`CN=a\`, `escapes nothing`},
		{`O="Acme, Inc`, "not closed"},
		{`O="Acme" Inc`, "after a quoted value"},
	}
	for _, tt := range tests {
		if _, err := parseDN(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseDN(%q) error %v, want it to say %q", tt.in, err, tt.want)
		}
	}
}

func TestDNUnder(t *testing.T) {
	tests := []struct {
		name, base string
		want       bool
	}{
		{dodCA, dodCA, true},
		{dodCA, "OU=PKI, OU=DoD, O=U.S. Government, C=US", true},
		{dodCA, "O=U.S. Government, C=US", true},
		{dodCA, "c=US", true},
		{dodCA, "ou=pki,ou=DoD,o=U.S. Government,c=US", false}, // values compare case included
		{dodCA, "OU=DoD, O=U.S. Government, C=US", true},
		{dodCA, "OU=PKI, O=U.S. Government, C=US", false}, // not a suffix: OU=DoD is missing between
		{dodCA, "CN=DOD ID CA-70", false},                 // a prefix is not a base
		{dodCA, "O=U.S. Government", false},
		{dodCA, "CN=DOD ID CA-71, OU=PKI, OU=DoD, O=U.S. Government, C=US", false},
		{"OU=PKI, OU=DoD, O=U.S. Government, C=US", dodCA, false}, // the base is deeper than the name
		{"CN=Evil CA, O=U.S. Government2, C=US", "O=U.S. Government, C=US", false},
		{"CN=Evil CA, OU=x, O=U.S. Government\\, C=US, C=CN", "O=U.S. Government, C=US", false}, // an escaped comma is no separator
		{`CN=CA, O="Acme, Inc", C=US`, `O=Acme\, Inc, C=US`, true},
		{`CN=CA+UID=1, O=x`, `UID=1+CN=CA, O=x`, true},
		{`CN=CA+UID=1, O=x`, `CN=CA, O=x`, false},                                                      // a multi-valued RDN compares whole
		{"C=US, O=U.S. Government, OU=DoD, OU=PKI, CN=DOD ID CA-70", "O=U.S. Government, C=US", false}, // X.500 order is not reversed
	}
	for _, tt := range tests {
		name, err := parseDN(tt.name)
		if err != nil {
			t.Fatalf("parseDN(%q): %v", tt.name, err)
		}
		base, err := parseDN(tt.base)
		if err != nil {
			t.Fatalf("parseDN(%q): %v", tt.base, err)
		}
		if got := dnUnder(name, base); got != tt.want {
			t.Errorf("dnUnder(%q, %q) = %v, want %v", tt.name, tt.base, got, tt.want)
		}
	}
	if dnUnder(nil, nil) {
		t.Error("an empty base trusts nothing")
	}
}
