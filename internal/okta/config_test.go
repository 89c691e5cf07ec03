package okta

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCheckOrgURL(t *testing.T) {
	ok := map[string]string{
		"https://acme.okta.com":        "https://acme.okta.com",
		"https://ACME.okta.com/":       "https://acme.okta.com",
		" https://acme.okta.com:8443 ": "https://acme.okta.com:8443",
		"http://127.0.0.1:8080":        "http://127.0.0.1:8080",
		"http://127.9.8.7":             "http://127.9.8.7",
		"http://localhost:1234":        "http://localhost:1234",
		"http://[::1]:9000":            "http://[::1]:9000",
	}
	for in, want := range ok {
		u, err := CheckOrgURL(in)
		if err != nil {
			t.Errorf("CheckOrgURL(%q): %v", in, err)
			continue
		}
		if u.String() != want {
			t.Errorf("CheckOrgURL(%q) = %q, want %q", in, u, want)
		}
	}
	bad := []string{
		"", "acme.okta.com", "http://acme.okta.com", "http://10.0.0.1", "http://128.0.0.1",
		"http://localhost.example.com", "ftp://acme.okta.com", "https://acme.okta.com/api/v1",
		"https://acme.okta.com?x=1", "https://admin:hunter2@acme.okta.com",
	}
	for _, in := range bad {
		_, err := CheckOrgURL(in)
		if err == nil {
			t.Errorf("CheckOrgURL(%q) accepted", in)
			continue
		}
		mustNotContain(t, err.Error(), "hunter2")
	}
	_, err := CheckOrgURL("http://acme.okta.com")
	mustContain(t, err.Error(), "loopback")
}

func TestNewValidatesConfig(t *testing.T) {
	testKeys(t)
	key := pkcs8(t, rsaKey)
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no credentials", Config{OrgURL: "https://a.okta.com"}, "no Okta credentials"},
		{"both", Config{OrgURL: "https://a.okta.com", APIToken: "x", ClientID: "c", PrivateKey: key, Scopes: []string{"okta.users.read"}}, "both"},
		{"key without client", Config{OrgURL: "https://a.okta.com", PrivateKey: key}, "without client_id"},
		{"client without key", Config{OrgURL: "https://a.okta.com", ClientID: "c"}, "without private_key"},
		{"no scopes", Config{OrgURL: "https://a.okta.com", ClientID: "c", PrivateKey: key}, "scopes"},
		{"bad key", Config{OrgURL: "https://a.okta.com", ClientID: "c", PrivateKey: "nope", Scopes: []string{"s"}}, "not PEM"},
		{"http", Config{OrgURL: "http://a.okta.com", APIToken: "x"}, "https"},
		{"capacity high", Config{OrgURL: "https://a.okta.com", APIToken: "x", MaxAPICapacity: 101}, "max_api_capacity"},
		{"capacity negative", Config{OrgURL: "https://a.okta.com", APIToken: "x", MaxAPICapacity: -1}, "max_api_capacity"},
		{"concurrency", Config{OrgURL: "https://a.okta.com", APIToken: "x", MaxConcurrency: -2}, "max_concurrency"},
		{"timeout", Config{OrgURL: "https://a.okta.com", APIToken: "x", RequestTimeout: -time.Second}, "request_timeout"},
		{"token with newline", Config{OrgURL: "https://a.okta.com", APIToken: "ab\ncd"}, "control"},
	}
	for _, c := range cases {
		_, err := New(c.cfg)
		if err == nil {
			t.Errorf("%s: New accepted %+v", c.name, c.cfg.OrgURL)
			continue
		}
		mustContain(t, err.Error(), c.want)
	}

	c, err := New(Config{OrgURL: "https://acme.okta.com/", APIToken: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.MaxAPICapacity != 50 || c.cfg.MaxConcurrency != 8 || c.cfg.RequestTimeout != 60*time.Second || c.cfg.MaxRetries != 5 {
		t.Errorf("defaults not applied: %+v", c.cfg)
	}
	if c.OrgURL() != "https://acme.okta.com" {
		t.Errorf("OrgURL = %q", c.OrgURL())
	}
	c, err = New(Config{OrgURL: "https://acme.okta.com", ClientID: "0oa1", PrivateKey: key, Scopes: []string{" okta.users.read ", ""}, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.MaxRetries != 0 || len(c.cfg.Scopes) != 1 || c.cfg.Scopes[0] != "okta.users.read" {
		t.Errorf("normalised config: %+v", c.cfg.Scopes)
	}
}

func TestParsePrivateKey(t *testing.T) {
	testKeys(t)
	rsaPKCS1 := pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey))
	cases := map[string]struct {
		pem string
		alg string
	}{
		"PKCS#1 RSA":               {rsaPKCS1, "RS256"},
		"PKCS#8 RSA":               {pkcs8(t, rsaKey), "RS256"},
		"PKCS#8 EC":                {pkcs8(t, ecKey256), "ES256"},
		"SEC1 EC P-384":            {sec1(t, ecKey384), "ES384"},
		"SEC1 after EC PARAMETERS": {pemOf("EC PARAMETERS", []byte{6, 8, 42, 134, 72, 206, 61, 3, 1, 7}) + sec1(t, ecKey256), "ES256"},
		"escaped newlines":         {strings.ReplaceAll(rsaPKCS1, "\n", `\n`), "RS256"},
	}
	for name, c := range cases {
		k, err := ParsePrivateKey(c.pem)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		m, err := signingMethodFor(k)
		if err != nil || m.Alg() != c.alg {
			t.Errorf("%s: alg %v %v, want %s", name, m, err, c.alg)
		}
	}

	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(rsaPKCS1, rsaPKCS1[40:80], strings.Repeat("A", 40), 1)
	for name, in := range map[string]string{
		"empty":     "",
		"garbage":   "not a key",
		"rsa 1024":  pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(small)),
		"p224":      sec1(t, p224),
		"encrypted": pemOf("ENCRYPTED PRIVATE KEY", []byte{1, 2, 3}),
		"broken":    broken,
		"cert only": pemOf("CERTIFICATE", []byte{1, 2, 3}),
	} {
		_, err := ParsePrivateKey(in)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		// The error names the problem, never the key.
		mustNotContain(t, err.Error(), strings.Repeat("A", 20), rsaPKCS1[40:80])
	}
}

func TestConfigPrintingRedactsCredentials(t *testing.T) {
	testKeys(t)
	key := pkcs8(t, rsaKey)
	cfg := Config{OrgURL: "https://a.okta.com", APIToken: testToken, ClientID: "0oa1", PrivateKey: key}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%v", &cfg)} {
		mustNotContain(t, s, testToken, "PRIVATE KEY", key[40:80])
		mustContain(t, s, "0oa1", "(redacted)")
	}
}
