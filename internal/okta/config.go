package okta

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Defaults applied by New to zero-valued Config fields.
const (
	DefaultMaxAPICapacity = 50
	DefaultMaxConcurrency = 8
	DefaultRequestTimeout = 60 * time.Second
	DefaultMaxRetries     = 5
	// DefaultMaxRateLimitWait: Okta's rate-limit windows last a minute, so a
	// reset further ahead than this is no ordinary window.
	DefaultMaxRateLimitWait = 2 * time.Minute
)

// Bounds on what a broken or hostile server can make the client do.
const (
	// DefaultMaxResponseBytes caps one response body. Okta's largest pages (200
	// users with big custom profiles, 1000 System Log events) are a few MB.
	DefaultMaxResponseBytes = 32 << 20
	// MaxListPages caps the pages of one listing: 4M users at 200 a page, or
	// 20M System Log events at 1000; a cursor that never ends stops here.
	MaxListPages = 20000
	// budgetTimeouts is how many request_timeouts one request may take across
	// its attempts and backoffs; waits for rate-limit resets are bounded by
	// MaxRateLimitWait instead.
	budgetTimeouts = 2
)

// requestBudget is the most time one request may spend on attempts and backoff
// between them.
func requestBudget(timeout time.Duration) time.Duration { return budgetTimeouts * timeout }

// CheckOrgURL parses an Okta org URL and returns it normalised to
// scheme://host[:port]. https is required; http is accepted only for loopback
// hosts (127.0.0.0/8, ::1, localhost) so a credential never crosses a network in
// clear text. The provider's plan-time validators call it too.
func CheckOrgURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, errors.New("the Okta org URL is empty: set org_url (e.g. https://acme.okta.com)")
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("the Okta org URL is not a URL: %w", redactURLError(err))
	}
	if u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("the Okta org URL %q must be absolute, like https://acme.okta.com", u.Redacted())
	}
	if u.User != nil {
		return nil, errors.New("the Okta org URL must not contain a user name or password")
	}
	if u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("the Okta org URL %q must be just scheme and host, like https://acme.okta.com (no path, query or fragment)", u.Redacted())
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("the Okta org URL %q uses http: only https is allowed, except for loopback hosts (127.0.0.0/8, ::1, localhost), so that credentials are never sent in clear text", u.Redacted())
		}
	default:
		return nil, fmt.Errorf("the Okta org URL %q must use https", u.Redacted())
	}
	return &url.URL{Scheme: strings.ToLower(u.Scheme), Host: strings.ToLower(u.Host)}, nil
}

// redactURLError keeps url.Parse's reason but drops the URL it quotes, which may
// hold a password.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ParsePrivateKey reads a PEM private key for private_key_jwt: PKCS#1 "RSA
// PRIVATE KEY", PKCS#8 "PRIVATE KEY" (RSA or EC) or SEC1 "EC PRIVATE KEY".
// Literal `\n` sequences are accepted as newlines because keys passed through
// environment variables often arrive that way. Errors never quote the key.
func ParsePrivateKey(pemText string) (crypto.Signer, error) {
	data := []byte(strings.TrimSpace(strings.ReplaceAll(pemText, `\n`, "\n")))
	if len(data) == 0 {
		return nil, errors.New("the private key is empty")
	}
	const want = `expected a PEM block of type "PRIVATE KEY" (PKCS#8), "RSA PRIVATE KEY" (PKCS#1) or "EC PRIVATE KEY" (SEC1)`
	var skipped []string
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil && len(skipped) > 0 {
			return nil, fmt.Errorf("the PEM text holds %s but no private key: %s", strings.Join(skipped, " and "), want)
		}
		if block == nil {
			return nil, errors.New("the private key is not PEM text: " + want)
		}
		var (
			key any
			err error
		)
		switch block.Type {
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		case "ENCRYPTED PRIVATE KEY":
			return nil, errors.New("the private key is encrypted: provide it unencrypted (PKCS#1 or PKCS#8)")
		default:
			// EC PARAMETERS, certificates and public keys may sit beside the key.
			skipped = append(skipped, fmt.Sprintf("a %q block", block.Type))
			continue
		}
		if err != nil {
			// x509's error is ASN.1 jargon; what helps is where to look.
			return nil, fmt.Errorf("the %s block is not a valid key: its base64 body is damaged, truncated or of another key format", block.Type)
		}
		return checkSigningKey(key)
	}
}

func checkSigningKey(key any) (crypto.Signer, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if k.N.BitLen() < 2048 {
			return nil, fmt.Errorf("the RSA private key has %d bits; Okta requires at least 2048", k.N.BitLen())
		}
		return k, nil
	case *ecdsa.PrivateKey:
		if _, err := signingMethodFor(k); err != nil {
			return nil, err
		}
		return k, nil
	default:
		return nil, fmt.Errorf("the private key is a %T; Okta's private_key_jwt needs an RSA or EC (P-256, P-384, P-521) key", key)
	}
}

// signingMethodFor picks the JWS algorithm for a key: RS256 for RSA, ES256/384/512
// by curve for EC.
func signingMethodFor(key crypto.Signer) (jwt.SigningMethod, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return jwt.SigningMethodRS256, nil
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			return jwt.SigningMethodES256, nil
		case elliptic.P384():
			return jwt.SigningMethodES384, nil
		case elliptic.P521():
			return jwt.SigningMethodES512, nil
		}
		return nil, errors.New("the EC private key uses an unsupported curve; use P-256, P-384 or P-521")
	}
	return nil, fmt.Errorf("unsupported private key type %T", key)
}

// settings is a validated Config with defaults applied.
type settings struct {
	cfg    Config
	org    *url.URL
	signer crypto.Signer // OAuth only
	method jwt.SigningMethod
}

func (s *settings) oauth() bool { return s.signer != nil }

func validate(cfg Config) (*settings, error) {
	org, err := CheckOrgURL(cfg.OrgURL)
	if err != nil {
		return nil, err
	}
	s := &settings{cfg: cfg, org: org}
	c := &s.cfg
	c.APIToken = strings.TrimSpace(c.APIToken)
	c.ClientID = strings.TrimSpace(c.ClientID)
	c.PrivateKeyID = strings.TrimSpace(c.PrivateKeyID)

	hasOAuth := c.ClientID != "" || strings.TrimSpace(c.PrivateKey) != ""
	switch {
	case c.APIToken != "" && hasOAuth:
		return nil, errors.New("both api_token and client_id/private_key are set: choose one way to authenticate")
	case c.APIToken == "" && !hasOAuth:
		return nil, errors.New("no Okta credentials: set api_token, or client_id and private_key")
	case strings.TrimSpace(c.PrivateKey) != "" && c.ClientID == "":
		return nil, errors.New("private_key is set without client_id: OAuth authentication needs both")
	case c.ClientID != "" && strings.TrimSpace(c.PrivateKey) == "":
		return nil, errors.New("client_id is set without private_key: oktagate authenticates OAuth apps with private_key_jwt and needs the PEM private key")
	}
	if c.APIToken != "" && strings.ContainsFunc(c.APIToken, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return nil, errors.New("api_token contains spaces or control characters")
	}
	if hasOAuth {
		signer, err := ParsePrivateKey(c.PrivateKey)
		if err != nil {
			return nil, fmt.Errorf("private_key: %w", err)
		}
		s.signer = signer
		if s.method, err = signingMethodFor(signer); err != nil {
			return nil, fmt.Errorf("private_key: %w", err)
		}
		var scopes []string
		for _, sc := range c.Scopes {
			if sc = strings.TrimSpace(sc); sc != "" {
				scopes = append(scopes, sc)
			}
		}
		if len(scopes) == 0 {
			return nil, errors.New("scopes are required with client_id: list the okta.* scopes granted to the app, e.g. okta.users.read")
		}
		c.Scopes = scopes
	}

	switch {
	case c.MaxAPICapacity == 0:
		c.MaxAPICapacity = DefaultMaxAPICapacity
	case c.MaxAPICapacity < 1 || c.MaxAPICapacity > 100:
		return nil, fmt.Errorf("max_api_capacity must be between 1 and 100 (percent), got %d", c.MaxAPICapacity)
	}
	switch {
	case c.MaxConcurrency == 0:
		c.MaxConcurrency = DefaultMaxConcurrency
	case c.MaxConcurrency < 0:
		return nil, fmt.Errorf("max_concurrency must be positive, got %d", c.MaxConcurrency)
	}
	switch {
	case c.RequestTimeout == 0:
		c.RequestTimeout = DefaultRequestTimeout
	case c.RequestTimeout < 0:
		return nil, fmt.Errorf("request_timeout must be positive, got %s", c.RequestTimeout)
	}
	switch {
	case c.MaxRateLimitWait == 0:
		c.MaxRateLimitWait = DefaultMaxRateLimitWait
	case c.MaxRateLimitWait < 0:
		return nil, fmt.Errorf("max_rate_limit_wait must be positive, got %s", c.MaxRateLimitWait)
	}
	switch {
	case c.MaxRetries == 0:
		c.MaxRetries = DefaultMaxRetries
	case c.MaxRetries < 0:
		// Negative asks for no retries, since zero means "default".
		c.MaxRetries = 0
	}
	return s, nil
}

// String keeps credentials out of anything that prints a Config.
func (c Config) String() string {
	redact := func(s string) string {
		if s == "" {
			return ""
		}
		return "(redacted)"
	}
	return fmt.Sprintf("okta.Config{OrgURL:%q APIToken:%s ClientID:%q PrivateKey:%s PrivateKeyID:%q Scopes:%q MaxAPICapacity:%d MaxConcurrency:%d RequestTimeout:%s MaxRetries:%d MaxRateLimitWait:%s}",
		c.OrgURL, redact(c.APIToken), c.ClientID, redact(c.PrivateKey), c.PrivateKeyID, c.Scopes,
		c.MaxAPICapacity, c.MaxConcurrency, c.RequestTimeout, c.MaxRetries, c.MaxRateLimitWait)
}

// GoString is String, so %#v does not print credentials either.
func (c Config) GoString() string { return c.String() }
