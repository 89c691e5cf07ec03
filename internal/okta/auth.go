package okta

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// credential is what one request is authorised with.
type credential struct {
	scheme string // SSWS, Bearer or DPoP
	token  string
}

// authenticator adds credentials to each attempt of a request.
type authenticator interface {
	// credential returns a credential, fetching an access token if needed. It is
	// called before the request waits for rate-limit capacity.
	credential(ctx context.Context) (credential, error)
	// apply sets the attempt's headers (a DPoP proof is made per attempt).
	apply(r *http.Request, c credential) error
	// observe reads a response's authentication hints and reports whether the
	// request should be sent once more at once (a DPoP nonce was demanded, or an
	// access token expired early).
	observe(resp *http.Response, c credential) (retry bool)
	oauth() bool
}

type sswsAuth struct{ token string }

func (a *sswsAuth) credential(context.Context) (credential, error) {
	return credential{scheme: "SSWS", token: a.token}, nil
}

func (a *sswsAuth) apply(r *http.Request, c credential) error {
	r.Header.Set("Authorization", "SSWS "+c.token)
	r.Header.Del("DPoP")
	return nil
}

func (a *sswsAuth) observe(*http.Response, credential) bool { return false }
func (a *sswsAuth) oauth() bool                             { return false }

// oauthAuth is OAuth 2.0 client credentials with a private_key_jwt client
// assertion, and DPoP when the org binds the app's tokens to a proof key.
type oauthAuth struct {
	clientID string
	scopes   []string
	kid      string
	signer   crypto.Signer
	method   jwt.SigningMethod
	tokenURL string
	client   *http.Client // unauthenticated, governed: see newTokenTransport
	now      func() time.Time

	mu       sync.Mutex // serialises token fetches and guards the fields below
	tok      credential
	expires  time.Time
	useDPoP  bool
	asNonce  string // DPoP nonce demanded by the token endpoint
	dpopKey  *rsa.PrivateKey
	dpopJWK  json.RawMessage
	dpopOnce sync.Once
	dpopErr  error

	nonceMu sync.Mutex
	rsNonce string // DPoP nonce demanded by the resource server
}

const (
	tokenPath           = "/oauth2/v1/token"
	clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	assertionLifetime   = 5 * time.Minute
)

func (a *oauthAuth) oauth() bool { return true }

func (a *oauthAuth) credential(ctx context.Context) (credential, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.tok.token != "" && a.now().Before(a.expires) {
		return a.tok, nil
	}
	return a.fetch(ctx)
}

// fetch gets a new access token; a.mu is held. Okta's DPoP dance: a token
// request for a DPoP-bound app without a proof fails with invalid_dpop_proof,
// one with a proof but no nonce fails with use_dpop_nonce and a DPoP-Nonce
// header, and the next one, carrying the nonce, succeeds.
func (a *oauthAuth) fetch(ctx context.Context) (credential, error) {
	for try := 0; ; try++ {
		resp, err := a.postToken(ctx)
		if err != nil {
			return credential{}, err
		}
		body := resp.body
		if n := resp.header.Get("DPoP-Nonce"); n != "" {
			a.asNonce = n
		}
		if resp.status == http.StatusOK {
			return a.acceptToken(body)
		}
		if try < 2 && resp.status == http.StatusBadRequest {
			var oe wireError
			_ = json.Unmarshal(body, &oe)
			switch {
			case oe.OAuthError == "use_dpop_nonce" && resp.header.Get("DPoP-Nonce") != "":
				a.useDPoP = true
				continue
			case oe.OAuthError == "invalid_dpop_proof" && !a.useDPoP:
				a.useDPoP = true
				continue
			}
		}
		return credential{}, newAPIError(http.MethodPost, tokenPath, resp.status, resp.header, body, errorContext{oauth: true, bucket: "oauth-token"})
	}
}

// acceptToken takes the access token of a successful token response as the
// credential until shortly before it expires; a.mu is held.
func (a *oauthAuth) acceptToken(body []byte) (credential, error) {
	var t struct {
		TokenType   string `json:"token_type"`
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &t); err != nil || t.AccessToken == "" {
		return credential{}, errors.New("the Okta token endpoint answered without an access token")
	}
	scheme := "Bearer"
	if strings.EqualFold(t.TokenType, "DPoP") {
		scheme = "DPoP"
		if !a.useDPoP {
			return credential{}, errors.New("okta issued a DPoP-bound access token to a request without a DPoP proof")
		}
	}
	lifetime := time.Duration(t.ExpiresIn) * time.Second
	if lifetime <= 0 {
		lifetime = time.Hour
	}
	// Renew a little early so a token never expires in flight.
	margin := min(time.Minute, lifetime/10)
	a.tok = credential{scheme: scheme, token: t.AccessToken}
	a.expires = a.now().Add(lifetime - margin)
	return a.tok, nil
}

// postToken sends one token request. The body and DPoP proof are made per
// attempt by prepareTokenAttempt, since a client assertion's jti is single-use.
type tokenReply struct {
	status int
	header http.Header
	body   []byte
}

func (a *oauthAuth) postToken(ctx context.Context) (tokenReply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.tokenURL, nil)
	if err != nil {
		return tokenReply{}, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := a.client.Do(req)
	if err != nil {
		var re *requestError
		if errors.As(err, &re) {
			return tokenReply{}, re
		}
		return tokenReply{}, fmt.Errorf("requesting an OAuth access token: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return tokenReply{}, fmt.Errorf("reading the OAuth token response: %w", err)
	}
	return tokenReply{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// prepareTokenAttempt fills one attempt of a token request: a fresh client
// assertion and, in DPoP mode, a fresh proof carrying the latest nonce. It runs
// inside fetch, so a.mu is held.
func (a *oauthAuth) prepareTokenAttempt(r *http.Request) error {
	assertion, err := a.clientAssertion()
	if err != nil {
		return err
	}
	form := url.Values{
		"grant_type":            {"client_credentials"},
		"scope":                 {strings.Join(a.scopes, " ")},
		"client_assertion_type": {clientAssertionType},
		"client_assertion":      {assertion},
	}
	body := []byte(form.Encode())
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	r.Header.Del("DPoP")
	if a.useDPoP {
		proof, err := a.dpopProof(r.Method, r.URL, "", a.asNonce)
		if err != nil {
			return err
		}
		r.Header.Set("DPoP", proof)
	}
	return nil
}

func (a *oauthAuth) clientAssertion() (string, error) {
	now := a.now()
	claims := jwt.MapClaims{
		"iss": a.clientID,
		"sub": a.clientID,
		"aud": a.tokenURL,
		"iat": now.Unix(),
		"exp": now.Add(assertionLifetime).Unix(),
		"jti": randomID(),
	}
	t := jwt.NewWithClaims(a.method, claims)
	if a.kid != "" {
		t.Header["kid"] = a.kid
	}
	s, err := t.SignedString(a.signer)
	if err != nil {
		// The signer's error never includes key material, but keep it generic.
		return "", errors.New("signing the OAuth client assertion failed")
	}
	return s, nil
}

func (a *oauthAuth) apply(r *http.Request, c credential) error {
	if c.scheme != "DPoP" {
		r.Header.Set("Authorization", "Bearer "+c.token)
		r.Header.Del("DPoP")
		return nil
	}
	a.nonceMu.Lock()
	nonce := a.rsNonce
	a.nonceMu.Unlock()
	proof, err := a.dpopProof(r.Method, r.URL, c.token, nonce)
	if err != nil {
		return err
	}
	r.Header.Set("Authorization", "DPoP "+c.token)
	r.Header.Set("DPoP", proof)
	return nil
}

func (a *oauthAuth) observe(resp *http.Response, c credential) bool {
	nonce := resp.Header.Get("DPoP-Nonce")
	if nonce != "" && c.scheme == "DPoP" {
		a.nonceMu.Lock()
		a.rsNonce = nonce
		a.nonceMu.Unlock()
	}
	if resp.StatusCode != http.StatusUnauthorized {
		return false
	}
	challenge := resp.Header.Get("WWW-Authenticate")
	code, _ := parseAuthChallenge(challenge)
	switch {
	case c.scheme == "DPoP" && code == "use_dpop_nonce" && nonce != "":
		return true
	case code == "invalid_token":
		// Revoked or expired early: drop the cached token so the retry fetches a
		// new one, unless another request already has.
		a.mu.Lock()
		stale := a.tok.token == c.token
		if stale {
			a.tok = credential{}
		}
		a.mu.Unlock()
		return stale
	}
	return false
}

// dpopProof makes a DPoP proof JWT (RFC 9449) for one request. ath binds it to
// the access token; it is empty for token requests.
func (a *oauthAuth) dpopProof(method string, u *url.URL, accessToken, nonce string) (string, error) {
	a.dpopOnce.Do(func() {
		// DPoP keys are per process and never leave memory; RSA matches what
		// Okta documents for DPoP.
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			a.dpopErr = fmt.Errorf("generating the DPoP key: %w", err)
			return
		}
		jwk, err := jose.JSONWebKey{Key: &k.PublicKey}.MarshalJSON()
		if err != nil {
			a.dpopErr = fmt.Errorf("encoding the DPoP public key: %w", err)
			return
		}
		a.dpopKey, a.dpopJWK = k, jwk
	})
	if a.dpopErr != nil {
		return "", a.dpopErr
	}
	claims := jwt.MapClaims{
		"htm": method,
		"htu": htu(u),
		"iat": a.now().Unix(),
		"jti": randomID(),
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		claims["ath"] = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["typ"] = "dpop+jwt"
	t.Header["jwk"] = a.dpopJWK
	s, err := t.SignedString(a.dpopKey)
	if err != nil {
		return "", errors.New("signing the DPoP proof failed")
	}
	return s, nil
}

// htu is the request URL without query and fragment, as DPoP's htu claim wants.
func htu(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}).String()
}

func randomID() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
