package oktasim

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// OAuth freshness checks (client assertions, DPoP proofs, access-token
// lifetimes) use the wall clock, not Options.Now: clients sign with their own
// real clock, and a test that pins the simulator's data clock to a fixed date
// must still be able to authenticate.

const (
	clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	accessTokenLifetime = time.Hour
	proofMaxAge         = 5 * time.Minute
	nonceLifetime       = 10 * time.Minute
	jtiMemory           = 2 * time.Hour // longer than any assertion lifetime Okta accepts
)

var signingMethods = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}

// principal is who sent a request: an API token's owner, the bootstrap admin
// or an OAuth client.
type principal struct {
	scheme    string // SSWS, Bearer or DPoP
	bootstrap bool
	tokenID   string // SSWS: the API token used
	userID    string // SSWS: its owner
	clientID  string // OAuth: the client
	scopes    map[string]bool
	canRead   bool
	canWrite  bool
}

type principalKey struct{}

func principalFrom(ctx context.Context) *principal {
	p, _ := ctx.Value(principalKey{}).(*principal)
	return p
}

// permissions maps admin role types to read/write rights: SUPER_ADMIN and
// ORG_ADMIN may write, any other admin role may only read.
func permissions(roles []string) (canRead, canWrite bool) {
	for _, r := range roles {
		canRead = true
		if r == "SUPER_ADMIN" || r == "ORG_ADMIN" {
			canWrite = true
		}
	}
	return canRead, canWrite
}

// authenticate identifies the caller of every endpoint but the public ones and
// stores it in the request context; authorization happens per route.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/okta-organization", "/oauth2/v1/token":
			next.ServeHTTP(w, r)
			return
		}
		p, e := s.identify(r)
		if e != nil {
			sendError(w, e)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

func (s *Server) identify(r *http.Request) (*principal, *apiError) {
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	cred = strings.TrimSpace(cred)
	if cred == "" {
		return nil, errInvalidToken()
	}
	switch {
	case strings.EqualFold(scheme, "SSWS"):
		return s.identifySSWS(cred)
	case strings.EqualFold(scheme, "Bearer"):
		return s.identifyOAuth(r, "Bearer", cred)
	case strings.EqualFold(scheme, "DPoP"):
		return s.identifyOAuth(r, "DPoP", cred)
	}
	return nil, errInvalidToken()
}

func (s *Server) identifySSWS(secret string) (*principal, *apiError) {
	if subtle.ConstantTimeCompare([]byte(secret), []byte(s.bootstrap)) == 1 {
		return &principal{scheme: "SSWS", bootstrap: true, canRead: true, canWrite: true}, nil
	}
	s.org.RLock()
	defer s.org.RUnlock()
	var tok *APIToken
	for _, t := range s.org.APITokens {
		if t.Secret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(t.Secret)) == 1 {
			tok = t
			break
		}
	}
	if tok == nil {
		return nil, errInvalidToken()
	}
	if !tok.ExpiresAt.IsZero() && !s.now().Before(tok.ExpiresAt) {
		return nil, errInvalidToken()
	}
	// Okta revokes a deactivated user's tokens.
	u := s.org.user(tok.UserID)
	if u == nil || u.Status == "DEPROVISIONED" {
		return nil, errInvalidToken()
	}
	p := &principal{scheme: "SSWS", tokenID: tok.ID, userID: tok.UserID}
	p.canRead, p.canWrite = permissions(s.org.effectiveRoleTypes(tok.UserID))
	return p, nil
}

func oauthChallenge(scheme, code, desc string) *apiError {
	e := errInvalidToken()
	e.header = http.Header{"Www-Authenticate": {fmt.Sprintf(`%s error="%s", error_description="%s"`, scheme, code, desc)}}
	return e
}

func (s *Server) identifyOAuth(r *http.Request, scheme, at string) (*principal, *apiError) {
	s.oauth.mu.Lock()
	tok := s.oauth.tokens[at]
	s.oauth.mu.Unlock()
	if tok == nil || !time.Now().Before(tok.expires) {
		return nil, oauthChallenge(scheme, "invalid_token", "The access token is invalid.")
	}
	if tok.jkt != "" {
		if scheme != "DPoP" {
			return nil, oauthChallenge("DPoP", "invalid_token", "The access token is DPoP-bound; use the DPoP scheme.")
		}
		jkt, e := s.verifyProof(r, r.Header.Get("DPoP"), at, false)
		if e != nil {
			return nil, oauthChallenge("DPoP", e.code, e.desc)
		}
		if jkt != tok.jkt {
			return nil, oauthChallenge("DPoP", "invalid_dpop_proof", "The DPoP proof key does not match the access token.")
		}
	} else if scheme == "DPoP" {
		return nil, oauthChallenge("Bearer", "invalid_token", "The access token is not DPoP-bound.")
	}

	s.org.RLock()
	defer s.org.RUnlock()
	app := s.org.appByClientID(tok.clientID)
	if app == nil || app.Status != "ACTIVE" {
		return nil, oauthChallenge(scheme, "invalid_token", "The client is not active.")
	}
	var roles []string
	for _, ra := range s.org.ClientRoles[tok.clientID] {
		if ra.Status == "" || ra.Status == "ACTIVE" {
			roles = append(roles, ra.Type)
		}
	}
	p := &principal{scheme: scheme, clientID: tok.clientID, scopes: tok.scopes}
	p.canRead, p.canWrite = permissions(roles)
	return p, nil
}

// authorize applies a route's demands: the token's scopes first (OAuth only),
// then the admin roles of the token's owner or client.
func (s *Server) authorize(p *principal, a access) *apiError {
	if p == nil {
		return errInvalidToken()
	}
	if p.scopes != nil && a.family != "" && !scopeAllows(p.scopes, a) {
		e := errForbidden()
		e.header = http.Header{"Www-Authenticate": {p.scheme + ` error="insufficient_scope", error_description="The access token provided does not contain the required scopes."`}}
		return e
	}
	if (a.write && !p.canWrite) || (!a.write && !p.canRead) {
		return errForbidden()
	}
	return nil
}

// scopeAllows: a read route accepts okta.<family>.read or .manage, a write route
// only .manage.
func scopeAllows(scopes map[string]bool, a access) bool {
	for _, fam := range []string{a.family, a.alt} {
		if fam == "" {
			continue
		}
		if scopes["okta."+fam+".manage"] || (!a.write && scopes["okta."+fam+".read"]) {
			return true
		}
	}
	return false
}

// oauthState is the authorization server's memory: issued access tokens,
// used jtis and issued DPoP nonces.
type oauthState struct {
	mu      sync.Mutex
	tokens  map[string]*accessToken
	jtis    map[string]time.Time // key -> when it may be forgotten
	nonces  map[string]time.Time // nonce -> expiry
	inserts int
}

type accessToken struct {
	clientID string
	scopes   map[string]bool
	expires  time.Time
	jkt      string // JWK thumbprint of the DPoP key; "" for Bearer tokens
}

func (o *oauthState) init() {
	o.tokens = map[string]*accessToken{}
	o.jtis = map[string]time.Time{}
	o.nonces = map[string]time.Time{}
}

// prune forgets expired entries now and then, so long benchmark runs do not
// grow the maps without bound. Caller holds mu.
func (o *oauthState) prune(now time.Time) {
	o.inserts++
	if o.inserts%1000 != 0 {
		return
	}
	for k, t := range o.jtis {
		if now.After(t) {
			delete(o.jtis, k)
		}
	}
	for k, t := range o.nonces {
		if now.After(t) {
			delete(o.nonces, k)
		}
	}
	for k, t := range o.tokens {
		if now.After(t.expires) {
			delete(o.tokens, k)
		}
	}
}

func (o *oauthState) jtiSeen(key string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.jtis[key]
	return ok
}

// useJTI records key and reports false when it was already used.
func (o *oauthState) useJTI(key string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.jtis[key]; ok {
		return false
	}
	now := time.Now()
	o.jtis[key] = now.Add(jtiMemory)
	o.prune(now)
	return true
}

func (o *oauthState) newNonce() string {
	n := randomToken(24)
	o.mu.Lock()
	defer o.mu.Unlock()
	now := time.Now()
	o.nonces[n] = now.Add(nonceLifetime)
	o.prune(now)
	return n
}

func (o *oauthState) validNonce(n string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	exp, ok := o.nonces[n]
	return ok && time.Now().Before(exp)
}

// randomToken returns n random bytes, base64url encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("oktasim: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// oauthError is the OAuth 2.0 error body of the token endpoint.
type oauthError struct {
	status int
	code   string
	desc   string
}

func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(obj{"error": e.code, "error_description": e.desc})
}

func invalidClient(desc string) *oauthError {
	return &oauthError{status: http.StatusUnauthorized, code: "invalid_client", desc: desc}
}

// tokenEndpoint is POST /oauth2/v1/token for the client_credentials grant with
// private_key_jwt client authentication and optional (or demanded) DPoP.
// Parameters may come in the form body or, as okta-sdk-golang sends them, in
// the query string.
func (s *Server) tokenEndpoint(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, &oauthError{status: 400, code: "invalid_request", desc: "The request could not be parsed."})
		return
	}
	if gt := r.Form.Get("grant_type"); gt != "client_credentials" {
		writeOAuthError(w, &oauthError{status: 400, code: "unsupported_grant_type",
			desc: fmt.Sprintf("The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials]. Requested: %q.", gt)})
		return
	}
	if r.Form.Get("client_assertion_type") != clientAssertionType || r.Form.Get("client_assertion") == "" {
		writeOAuthError(w, invalidClient("Client authentication failed. Either the client or the client credentials are invalid."))
		return
	}
	client, oe := s.verifyAssertion(r, r.Form.Get("client_assertion"))
	if oe != nil {
		writeOAuthError(w, oe)
		return
	}
	scopes := strings.Fields(r.Form.Get("scope"))
	if len(scopes) == 0 {
		writeOAuthError(w, &oauthError{status: 400, code: "invalid_scope",
			desc: "The authorization server resource does not have any configured default scopes, 'scope' must be provided."})
		return
	}
	var missing []string
	for _, sc := range scopes {
		if !client.granted[sc] {
			missing = append(missing, sc)
		}
	}
	if len(missing) > 0 {
		writeOAuthError(w, &oauthError{status: 400, code: "invalid_scope",
			desc: "The following scopes are not granted to the client: " + strings.Join(missing, " ") + "."})
		return
	}

	jkt := ""
	proof := r.Header.Get("DPoP")
	if proof == "" && (s.opts.RequireDPoP || client.dpopBound) {
		writeOAuthError(w, &oauthError{status: 400, code: "invalid_dpop_proof", desc: "The DPoP proof JWT header is missing."})
		return
	}
	if proof != "" {
		var pe *proofError
		jkt, pe = s.verifyProof(r, proof, "", true)
		if pe != nil {
			if pe.code == "use_dpop_nonce" {
				w.Header().Set("DPoP-Nonce", s.oauth.newNonce())
			}
			writeOAuthError(w, &oauthError{status: 400, code: pe.code, desc: pe.desc})
			return
		}
	}
	// The assertion's jti is spent only once a token is issued, so a client may
	// resend the same assertion after a use_dpop_nonce answer.
	if client.jti != "" && !s.oauth.useJTI("assertion:"+client.id+":"+client.jti) {
		writeOAuthError(w, invalidClient("The client_assertion token has already been used."))
		return
	}

	at := randomToken(48)
	set := make(map[string]bool, len(scopes))
	for _, sc := range scopes {
		set[sc] = true
	}
	s.oauth.mu.Lock()
	s.oauth.tokens[at] = &accessToken{clientID: client.id, scopes: set, expires: time.Now().Add(accessTokenLifetime), jkt: jkt}
	s.oauth.mu.Unlock()

	tokenType := "Bearer"
	if jkt != "" {
		tokenType = "DPoP"
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	_ = json.NewEncoder(w).Encode(obj{
		"token_type":   tokenType,
		"expires_in":   int(accessTokenLifetime / time.Second),
		"access_token": at,
		"scope":        strings.Join(scopes, " "),
	})
}

// verifiedClient is what the token endpoint learns from a valid assertion.
type verifiedClient struct {
	id        string
	jti       string
	granted   map[string]bool
	dpopBound bool
}

func (s *Server) verifyAssertion(r *http.Request, assertion string) (*verifiedClient, *oauthError) {
	unverified, _, err := jwt.NewParser().ParseUnverified(assertion, jwt.MapClaims{})
	if err != nil {
		return nil, invalidClient("The client_assertion is not a valid JWT.")
	}
	iss, _ := unverified.Claims.GetIssuer()
	if iss == "" {
		return nil, invalidClient("The client_assertion token must contain an 'iss' claim.")
	}
	if cid := r.Form.Get("client_id"); cid != "" && cid != iss {
		return nil, invalidClient("The client_id does not match the client_assertion issuer.")
	}

	s.org.RLock()
	app := s.org.appByClientID(iss)
	var keys []map[string]any
	vc := &verifiedClient{id: iss, granted: map[string]bool{}}
	var method string
	var grantTypes []string
	if app != nil {
		keys = app.OAuth.JWKS
		method = app.OAuth.TokenEndpointAuthMethod
		grantTypes = app.OAuth.GrantTypes
		vc.dpopBound = app.OAuth.DPoPBound
		for _, g := range app.Grants {
			if g.Status == "ACTIVE" {
				vc.granted[g.ScopeID] = true
			}
		}
	}
	active := app != nil && app.Status == "ACTIVE"
	s.org.RUnlock()

	if !active {
		return nil, invalidClient("The client is invalid or inactive.")
	}
	if method != "private_key_jwt" {
		return nil, invalidClient("The client is not configured for private_key_jwt client authentication.")
	}
	if len(grantTypes) > 0 && !contains(grantTypes, "client_credentials") {
		return nil, &oauthError{status: 400, code: "unauthorized_client",
			desc: "The client is not authorized to use the provided grant type. Configured grant types: [" + strings.Join(grantTypes, ", ") + "]."}
	}

	kid, _ := unverified.Header["kid"].(string)
	var set jwt.VerificationKeySet
	for _, m := range keys {
		k, err := parseJWK(m)
		if err != nil || !k.IsPublic() {
			continue
		}
		if kid != "" && k.KeyID != kid {
			continue
		}
		set.Keys = append(set.Keys, k.Key)
	}
	if len(set.Keys) == 0 {
		return nil, invalidClient("No key of the client's JWKS matches the client_assertion.")
	}

	audiences := []string{baseURL(r) + "/oauth2/v1/token"}
	if s.url != "" {
		audiences = append(audiences, s.url+"/oauth2/v1/token")
	}
	tok, err := jwt.Parse(assertion, func(*jwt.Token) (any, error) { return set, nil },
		jwt.WithValidMethods(signingMethods),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(iss),
		jwt.WithSubject(iss),
		jwt.WithAudience(audiences...),
	)
	if err != nil {
		switch {
		case errors.Is(err, jwt.ErrTokenExpired):
			return nil, invalidClient("The client_assertion token is expired.")
		case errors.Is(err, jwt.ErrTokenInvalidAudience):
			return nil, invalidClient("The audience claim for client_assertion must be the endpoint invoked for the request.")
		case errors.Is(err, jwt.ErrTokenInvalidSubject):
			return nil, invalidClient("The client_assertion token's 'sub' claim must match its 'iss' claim.")
		case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
			return nil, invalidClient("The client_assertion signature is invalid.")
		}
		return nil, invalidClient("The client_assertion token is invalid.")
	}
	claims, ok := tok.Claims.(jwt.MapClaims)
	if !ok {
		return nil, invalidClient("The client_assertion token is invalid.")
	}
	vc.jti, _ = claims["jti"].(string)
	if vc.jti != "" && s.oauth.jtiSeen("assertion:"+iss+":"+vc.jti) {
		return nil, invalidClient("The client_assertion token has already been used.")
	}
	return vc, nil
}

// proofError is a rejected DPoP proof.
type proofError struct{ code, desc string }

func badProof(desc string) *proofError { return &proofError{code: "invalid_dpop_proof", desc: desc} }

// verifyProof checks a DPoP proof for r: header typ and public jwk, signature,
// htm, htu, a recent iat, a fresh jti, ath when at is given, and a nonce issued
// by this server when wantNonce. It returns the key's SHA-256 thumbprint.
func (s *Server) verifyProof(r *http.Request, proof, at string, wantNonce bool) (string, *proofError) {
	if proof == "" {
		return "", badProof("The DPoP proof JWT header is missing.")
	}
	var jwk *jose.JSONWebKey
	tok, err := jwt.Parse(proof, func(t *jwt.Token) (any, error) {
		if typ, _ := t.Header["typ"].(string); typ != "dpop+jwt" {
			return nil, errors.New("typ")
		}
		m, ok := t.Header["jwk"].(map[string]any)
		if !ok {
			return nil, errors.New("jwk")
		}
		k, err := parseJWK(m)
		if err != nil || !k.IsPublic() {
			return nil, errors.New("jwk")
		}
		jwk = k
		return k.Key, nil
	}, jwt.WithValidMethods(signingMethods))
	if err != nil {
		return "", badProof("The DPoP proof is invalid: its typ must be dpop+jwt, its jwk a public key, and its signature valid.")
	}
	claims, ok := tok.Claims.(jwt.MapClaims)
	if !ok {
		return "", badProof("The DPoP proof is invalid: its claims are not a JSON object.")
	}

	if htm, _ := claims["htm"].(string); htm != r.Method {
		return "", badProof("The DPoP proof's htm claim does not match the request method.")
	}
	htu, _ := claims["htu"].(string)
	if i := strings.IndexAny(htu, "?#"); i >= 0 {
		htu = htu[:i]
	}
	if htu != baseURL(r)+r.URL.Path && (s.url == "" || htu != s.url+r.URL.Path) {
		return "", badProof("The DPoP proof's htu claim does not match the request URL.")
	}
	iat, err := claims.GetIssuedAt()
	if err != nil || iat == nil {
		return "", badProof("The DPoP proof must contain an iat claim.")
	}
	if math.Abs(time.Since(iat.Time).Seconds()) > proofMaxAge.Seconds() {
		return "", badProof("The DPoP proof's iat claim is not recent.")
	}
	jti, _ := claims["jti"].(string)
	if jti == "" {
		return "", badProof("The DPoP proof must contain a jti claim.")
	}
	if at != "" {
		sum := sha256.Sum256([]byte(at))
		if ath, _ := claims["ath"].(string); ath != base64.RawURLEncoding.EncodeToString(sum[:]) {
			return "", badProof("The DPoP proof's ath claim does not match the access token.")
		}
	}
	if wantNonce {
		nonce, _ := claims["nonce"].(string)
		if nonce == "" || !s.oauth.validNonce(nonce) {
			return "", &proofError{code: "use_dpop_nonce", desc: "Authorization server requires nonce in DPoP proof."}
		}
	}
	if !s.oauth.useJTI("proof:" + jti) {
		return "", badProof("The DPoP proof's jti has already been used.")
	}
	thumb, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", badProof("The DPoP proof's jwk has no thumbprint.")
	}
	return base64.RawURLEncoding.EncodeToString(thumb), nil
}

// parseJWK reads a JWK held as a JSON object.
func parseJWK(m map[string]any) (*jose.JSONWebKey, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &k, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
