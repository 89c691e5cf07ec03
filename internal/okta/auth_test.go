package okta

import (
	"context"
	"crypto"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// verifyAssertion checks a private_key_jwt client assertion against pub.
func verifyAssertion(t *testing.T, raw string, pub crypto.PublicKey, alg, clientID, aud, kid string) {
	t.Helper()
	tok, err := jwt.Parse(raw, func(*jwt.Token) (any, error) { return pub, nil }, jwt.WithValidMethods([]string{alg}))
	if err != nil {
		t.Fatalf("client assertion does not verify: %v", err)
	}
	c := as[jwt.MapClaims](t, tok.Claims)
	if c["iss"] != clientID || c["sub"] != clientID || c["aud"] != aud {
		t.Errorf("claims iss=%v sub=%v aud=%v", c["iss"], c["sub"], c["aud"])
	}
	iat, _ := c["iat"].(float64)
	exp, _ := c["exp"].(float64)
	if iat == 0 || exp <= iat || exp-iat > 300 {
		t.Errorf("iat %v exp %v: lifetime must be positive and at most 5 minutes", iat, exp)
	}
	if jti, _ := c["jti"].(string); len(jti) < 16 {
		t.Errorf("jti %q", jti)
	}
	if kid != "" && tok.Header["kid"] != kid {
		t.Errorf("kid %v, want %s", tok.Header["kid"], kid)
	}
	if kid == "" && tok.Header["kid"] != nil {
		t.Errorf("unexpected kid %v", tok.Header["kid"])
	}
}

func TestClientCredentialsWithPrivateKeyJWT(t *testing.T) {
	testKeys(t)
	cases := []struct {
		name, pem, alg, kid string
		pub                 crypto.PublicKey
	}{
		{"RSA PKCS#8", pkcs8(t, rsaKey), "RS256", "kid-1", &rsaKey.PublicKey},
		{"EC P-256 SEC1", sec1(t, ecKey256), "ES256", "", &ecKey256.PublicKey},
		{"EC P-384 PKCS#8", pkcs8(t, ecKey384), "ES384", "k384", &ecKey384.PublicKey},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var (
				mu        sync.Mutex
				tokenReqs int
				jtis      = map[string]bool{}
				apiAuth   []string
			)
			var srvURL string
			// serveToken answers a token request; mu is held.
			serveToken := func(w http.ResponseWriter, r *http.Request) {
				tokenReqs++
				if err := r.ParseForm(); err != nil {
					t.Error(err)
				}
				if r.Method != http.MethodPost || r.URL.RawQuery != "" {
					t.Errorf("token request %s with query %q: the assertion belongs in the body", r.Method, r.URL.RawQuery)
				}
				f := r.PostForm
				if f.Get("grant_type") != "client_credentials" || f.Get("scope") != "okta.users.read okta.apps.read" ||
					f.Get("client_assertion_type") != clientAssertionType {
					t.Errorf("token form: %v", f)
				}
				a := f.Get("client_assertion")
				verifyAssertion(t, a, tc.pub, tc.alg, "0oaSVC", srvURL+"/oauth2/v1/token", tc.kid)
				parsed, _, _ := jwt.NewParser().ParseUnverified(a, jwt.MapClaims{})
				jti := as[string](t, as[jwt.MapClaims](t, parsed.Claims)["jti"])
				if jtis[jti] {
					t.Error("client assertion jti reused")
				}
				jtis[jti] = true
				if tokenReqs == 1 {
					// Exercise the retry of a token request: a fresh assertion is needed.
					writeOktaError(w, 503, "E0000009", "busy")
					return
				}
				writeJSON(w, 200, map[string]any{"token_type": "Bearer", "access_token": "at-secret-1", "expires_in": 3600, "scope": "okta.users.read okta.apps.read"})
			}
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				if r.URL.Path == "/oauth2/v1/token" {
					serveToken(w, r)
					return
				}
				apiAuth = append(apiAuth, r.Header.Get("Authorization"))
				if r.Header.Get("DPoP") != "" {
					t.Error("DPoP proof sent with a Bearer token")
				}
				writeJSON(w, 200, userJSON("00u1"))
			})
			srvURL = srv.URL
			c := testClient(t, srv.URL, func(c *Config) {
				c.APIToken = ""
				c.ClientID = "0oaSVC"
				c.PrivateKey = tc.pem
				c.PrivateKeyID = tc.kid
				c.Scopes = []string{"okta.users.read", "okta.apps.read"}
			})
			for range 3 {
				if _, err := c.GetUser(t.Context(), "00u1"); err != nil {
					t.Fatal(err)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if tokenReqs != 2 {
				t.Errorf("%d token requests, want 2 (one retried, then cached)", tokenReqs)
			}
			for _, a := range apiAuth {
				if a != "Bearer at-secret-1" {
					t.Errorf("Authorization %q", a)
				}
			}
			st := c.Stats()
			if st["oauth-token"] != 2 || st["user"] != 3 {
				t.Errorf("stats %v", st)
			}
		})
	}
}

type dpopClaims struct {
	header map[string]any
	claims jwt.MapClaims
}

// verifyDPoP checks a proof's signature with the jwk in its own header.
func verifyDPoP(t *testing.T, proof string) dpopClaims {
	t.Helper()
	var hdr map[string]any
	tok, err := jwt.Parse(proof, func(tok *jwt.Token) (any, error) {
		hdr = tok.Header
		raw, err := json.Marshal(tok.Header["jwk"])
		if err != nil {
			return nil, err
		}
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(raw); err != nil {
			return nil, err
		}
		if !k.IsPublic() {
			return nil, fmt.Errorf("jwk is not a public key")
		}
		return k.Key, nil
	}, jwt.WithValidMethods([]string{"RS256"}))
	if err != nil {
		t.Fatalf("DPoP proof does not verify: %v", err)
	}
	if hdr["typ"] != "dpop+jwt" {
		t.Errorf("typ %v", hdr["typ"])
	}
	jwk, _ := hdr["jwk"].(map[string]any)
	if _, priv := jwk["d"]; priv {
		t.Error("private key material in jwk")
	}
	return dpopClaims{header: hdr, claims: as[jwt.MapClaims](t, tok.Claims)}
}

func TestDPoPNonceRoundTrips(t *testing.T) {
	testKeys(t)
	var (
		mu         sync.Mutex
		tokenSteps []string
		apiSteps   []string
		srvURL     string
	)
	const accessToken = "dpop-bound-at-secret"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		proof := r.Header.Get("DPoP")
		if r.URL.Path == "/oauth2/v1/token" {
			if proof == "" {
				tokenSteps = append(tokenSteps, "no proof")
				writeJSON(w, 400, map[string]any{"error": "invalid_dpop_proof", "error_description": "The DPoP proof JWT header is missing."})
				return
			}
			p := verifyDPoP(t, proof)
			if p.claims["htm"] != "POST" || p.claims["htu"] != srvURL+"/oauth2/v1/token" || p.claims["jti"] == nil || p.claims["iat"] == nil {
				t.Errorf("token proof claims %v", p.claims)
			}
			if _, ok := p.claims["ath"]; ok {
				t.Error("ath in a token request proof")
			}
			if p.claims["nonce"] != "as-nonce-1" {
				tokenSteps = append(tokenSteps, "no nonce")
				w.Header().Set("DPoP-Nonce", "as-nonce-1")
				writeJSON(w, 400, map[string]any{"error": "use_dpop_nonce", "error_description": "Authorization server requires nonce in DPoP proof."})
				return
			}
			tokenSteps = append(tokenSteps, "ok")
			writeJSON(w, 200, map[string]any{"token_type": "DPoP", "access_token": accessToken, "expires_in": 3600})
			return
		}
		if r.Header.Get("Authorization") != "DPoP "+accessToken {
			t.Errorf("Authorization %q", r.Header.Get("Authorization"))
		}
		p := verifyDPoP(t, proof)
		sum := sha256.Sum256([]byte(accessToken))
		if p.claims["htm"] != "GET" || p.claims["htu"] != srvURL+"/api/v1/users" || p.claims["ath"] != base64.RawURLEncoding.EncodeToString(sum[:]) {
			t.Errorf("resource proof claims %v", p.claims)
		}
		if p.claims["nonce"] != "rs-nonce-1" {
			apiSteps = append(apiSteps, "no nonce")
			w.Header().Set("DPoP-Nonce", "rs-nonce-1")
			w.Header().Set("WWW-Authenticate", `DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"`)
			writeJSON(w, 401, map[string]any{"errorCode": "E0000011", "errorSummary": "Invalid token provided"})
			return
		}
		apiSteps = append(apiSteps, "ok")
		writeJSON(w, 200, []any{userJSON("00u1")})
	})
	srvURL = srv.URL
	c := testClient(t, srv.URL, func(c *Config) {
		c.APIToken = ""
		c.ClientID = "0oaDPOP"
		c.PrivateKey = pkcs8(t, rsaKey)
		c.Scopes = []string{"okta.users.read"}
		c.MaxRetries = -1 // the nonce retries must not depend on the retry budget
	})
	for range 2 {
		users, err := c.ListUsers(t.Context(), UserQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 1 {
			t.Fatalf("users %v", users)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(tokenSteps, ","); got != "no proof,no nonce,ok" {
		t.Errorf("token steps %s", got)
	}
	if got := strings.Join(apiSteps, ","); got != "no nonce,ok,ok" {
		t.Errorf("api steps %s", got)
	}
}

func TestOAuthErrorsNameTheFixAndHideSecrets(t *testing.T) {
	testKeys(t)
	key := pkcs8(t, rsaKey)
	var (
		mu       sync.Mutex
		logLines []string
		assert   string
	)
	var mode atomic.Value
	mode.Store("invalid_client")
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth2/v1/token" {
			_ = r.ParseForm()
			mu.Lock()
			assert = r.PostForm.Get("client_assertion")
			mu.Unlock()
			if mode.Load() == "invalid_client" {
				w.Header().Set("X-Okta-Request-Id", "tok-req-1")
				writeJSON(w, 401, map[string]any{"error": "invalid_client", "error_description": "The client_assertion signature is invalid."})
				return
			}
			writeJSON(w, 200, map[string]any{"token_type": "Bearer", "access_token": "at-very-secret", "expires_in": 3600})
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer authorization_uri="x", realm="IdpMyAccountAPI", scope="okta.users.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes."`)
		writeJSON(w, 403, map[string]any{"errorCode": "E0000006", "errorSummary": "You do not have permission to perform the requested action", "errorCauses": []any{}})
	})
	c := testClient(t, srv.URL, func(c *Config) {
		c.APIToken = ""
		c.ClientID = "0oaX"
		c.PrivateKey = key
		c.Scopes = []string{"okta.apps.read"}
		c.Log = func(_ context.Context, _ LogLevel, msg string, f map[string]any) {
			mu.Lock()
			defer mu.Unlock()
			logLines = append(logLines, fmt.Sprint(msg, f))
		}
	})
	_, err := c.ListUsers(t.Context(), UserQuery{})
	if !IsUnauthorized(err) {
		t.Fatalf("err = %v", err)
	}
	mustContain(t, err.Error(), "invalid_client", "tok-req-1", "client_id", "private_key", "POST /oauth2/v1/token")

	mode.Store("ok")
	_, err = c.ListUsers(t.Context(), UserQuery{})
	if !IsForbidden(err) {
		t.Fatalf("err = %v", err)
	}
	mustContain(t, err.Error(), "E0000006", "okta.users.read scope")

	mu.Lock()
	defer mu.Unlock()
	everything := err.Error() + strings.Join(logLines, "\n")
	mustNotContain(t, everything, "at-very-secret", assert, "PRIVATE KEY", key[40:80], "client_assertion=")
}

func TestAccessTokenRenewedOnInvalidToken(t *testing.T) {
	testKeys(t)
	var (
		mu     sync.Mutex
		issued int
	)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/oauth2/v1/token" {
			issued++
			writeJSON(w, 200, map[string]any{"token_type": "Bearer", "access_token": fmt.Sprintf("at-%d", issued), "expires_in": 3600})
			return
		}
		if r.Header.Get("Authorization") == "Bearer at-1" {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="The token has been revoked."`)
			writeJSON(w, 401, map[string]any{"errorCode": "E0000011", "errorSummary": "Invalid token provided"})
			return
		}
		writeJSON(w, 200, userJSON("00u1"))
	})
	c := testClient(t, srv.URL, func(c *Config) {
		c.APIToken, c.ClientID, c.PrivateKey, c.Scopes = "", "0oa1", sec1(t, ecKey256), []string{"okta.users.read"}
	})
	if _, err := c.GetUser(t.Context(), "00u1"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if issued != 2 {
		t.Errorf("%d tokens issued, want 2", issued)
	}
}

func TestAssertionLifetime(t *testing.T) {
	testKeys(t)
	now := time.Unix(1_800_000_000, 0)
	a := &oauthAuth{clientID: "c", tokenURL: "https://a.okta.com/oauth2/v1/token", signer: rsaKey, method: jwt.SigningMethodRS256, now: func() time.Time { return now }}
	s, err := a.clientAssertion()
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := jwt.NewParser().ParseUnverified(s, jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	c := as[jwt.MapClaims](t, tok.Claims)
	if as[float64](t, c["iat"]) != float64(now.Unix()) || as[float64](t, c["exp"]) != float64(now.Add(5*time.Minute).Unix()) {
		t.Errorf("iat/exp %v %v", c["iat"], c["exp"])
	}
}
