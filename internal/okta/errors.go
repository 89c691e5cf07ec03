package okta

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Error is an Okta API error with everything a person needs to act on it.
type Error struct {
	HTTPStatus   int
	ErrorCode    string // E0000011…
	ErrorSummary string
	ErrorCauses  []string
	RequestID    string // X-Okta-Request-Id
	Method       string
	Path         string
	Hint         string // what to do: "the API token is invalid or expired", "grant okta.users.read"…
	OAuth        bool   // the request carried an OAuth access token (or asked for one), not an API token
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Okta %s %s failed with HTTP %d", e.Method, e.Path, e.HTTPStatus)
	if e.ErrorCode != "" {
		fmt.Fprintf(&b, " (%s)", e.ErrorCode)
	}
	if e.ErrorSummary != "" {
		fmt.Fprintf(&b, ": %s", strings.TrimRight(e.ErrorSummary, ". "))
	}
	if len(e.ErrorCauses) > 0 {
		fmt.Fprintf(&b, " (causes: %s)", strings.Join(e.ErrorCauses, "; "))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "; request id %s", e.RequestID)
	}
	b.WriteString(".")
	if e.Hint != "" {
		b.WriteString(" ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// IsNotFound reports whether err is an Okta 404 (E0000007).
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.HTTPStatus == 404
}

// IsUnauthorized reports whether err is an Okta 401 (E0000011: bad credentials).
func IsUnauthorized(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.HTTPStatus == http.StatusUnauthorized
}

// IsForbidden reports whether err is an Okta 403 (E0000006: missing scope or role).
func IsForbidden(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.HTTPStatus == http.StatusForbidden
}

// IsRateLimited reports whether err is a 429 that outlasted every retry, or a
// rate-limit reset too far ahead to wait for (RateLimitedUntil).
func IsRateLimited(err error) bool {
	var e *Error
	if errors.As(err, &e) && e.HTTPStatus == http.StatusTooManyRequests {
		return true
	}
	_, ok := RateLimitedUntil(err)
	return ok
}

// RateLimitedUntil reports whether err is a request refused because its
// rate-limit bucket resets further ahead than Config.MaxRateLimitWait, and the
// reset instant Okta sent.
func RateLimitedUntil(err error) (time.Time, bool) {
	var e *rateLimitWaitError
	if errors.As(err, &e) {
		return e.until, true
	}
	return time.Time{}, false
}

// rateLimitWaitError is a request that would have to wait for a rate-limit
// reset further ahead than MaxRateLimitWait: after a 429 (status 429), or
// before sending, because the bucket reported X-Rate-Limit-Remaining: 0
// (status 0). Okta's windows are a minute long; a reset hours or days away is
// a broken server or an org whose limit something else has spent, and waiting
// for it would hold the plan for as long.
type rateLimitWaitError struct {
	method, path, bucket string
	until                time.Time // Okta's X-Rate-Limit-Reset
	wait, limit          time.Duration
	status               int
	requestID            string
}

func (e *rateLimitWaitError) Error() string {
	var b strings.Builder
	if e.method != "" {
		fmt.Fprintf(&b, "Okta %s %s: ", e.method, e.path)
	}
	fmt.Fprintf(&b, "the %q rate-limit bucket is exhausted until %s (%s from now), further ahead than max_rate_limit_wait (%s), so oktagate stops instead of waiting",
		e.bucket, e.until.UTC().Format(time.RFC3339), e.wait.Round(time.Second), e.limit)
	if e.status != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.status)
	} else {
		b.WriteString(" (X-Rate-Limit-Remaining: 0")
	}
	if e.requestID != "" {
		fmt.Fprintf(&b, ", request id %s", e.requestID)
	}
	fmt.Fprintf(&b, "). Run the plan again after %s; find what else spends this org's rate limit (System Log event "+
		"system.org.rate_limit.violation) or lower its use; raise max_rate_limit_wait only if waiting that long is acceptable.",
		e.until.UTC().Format(time.RFC3339))
	return b.String()
}

// tooLargeError is a response body over the size cap. Okta's pages are a few
// MB at most, so a larger body is not Okta's.
type tooLargeError struct {
	limit, declared int64
	org             string
}

func (e *tooLargeError) Error() string {
	size := "a response"
	if e.declared > 0 {
		size = fmt.Sprintf("a response of %s", formatBytes(e.declared))
	}
	return fmt.Sprintf("Okta sent %s larger than %s, the most oktagate reads from one response (Okta's largest pages are a few MB): "+
		"check that org_url (%s) is an Okta org and that no proxy between here and Okta alters its responses", size, formatBytes(e.limit), e.org)
}

func formatBytes(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// notJSONError is a 2xx response that is not JSON: a sign-in page, a proxy's or
// a captive portal's answer. A retry gets the same page.
type notJSONError struct {
	status      int
	contentType string
	org         string
}

func (e *notJSONError) Error() string {
	ct := e.contentType
	if ct == "" {
		ct = "(none)"
	}
	return fmt.Sprintf("the answer is HTTP %d with Content-Type %q, not Okta's JSON: is org_url (%s) an Okta org? "+
		"A sign-in page, a proxy or a captive portal answers like this; check org_url and the network path to Okta", e.status, ct, e.org)
}

// pagesError is a listing whose rel="next" links did not end within the page cap.
type pagesError struct {
	path  string
	pages int
}

func (e *pagesError) Error() string {
	return fmt.Sprintf("the Okta listing of %s did not end after %d pages: the server kept sending rel=\"next\" links, "+
		"and oktagate stops rather than read forever. Check that org_url is an Okta org and that no proxy rewrites its Link headers; "+
		"if the org really holds more than that, narrow the listing with a search or filter",
		e.path, e.pages)
}

// wireError holds both Okta's management API error body and the OAuth 2.0 error
// body of /oauth2/v1/token.
type wireError struct {
	ErrorCode    string `json:"errorCode"`
	ErrorSummary string `json:"errorSummary"`
	ErrorCauses  []struct {
		ErrorSummary string `json:"errorSummary"`
	} `json:"errorCauses"`
	OAuthError       string `json:"error"`
	OAuthDescription string `json:"error_description"`
}

// errorContext is what a hint depends on beyond the response itself.
type errorContext struct {
	oauth   bool // OAuth client credentials rather than SSWS
	retries int  // retries made before giving up
	bucket  string
}

// newAPIError turns a non-2xx response into an *Error. body is the response body
// already read; it is parsed, never quoted, so nothing a proxy echoes ends up in
// a message.
func newAPIError(method, path string, status int, h http.Header, body []byte, ec errorContext) *Error {
	e := &Error{
		HTTPStatus: status,
		RequestID:  h.Get("X-Okta-Request-Id"),
		Method:     method,
		Path:       path,
		OAuth:      ec.oauth,
	}
	var w wireError
	if json.Unmarshal(body, &w) == nil {
		e.ErrorCode, e.ErrorSummary = w.ErrorCode, w.ErrorSummary
		for _, c := range w.ErrorCauses {
			if c.ErrorSummary != "" {
				e.ErrorCauses = append(e.ErrorCauses, c.ErrorSummary)
			}
		}
		if e.ErrorCode == "" && w.OAuthError != "" {
			e.ErrorCode, e.ErrorSummary = w.OAuthError, w.OAuthDescription
		}
	}
	if e.ErrorCode == "" {
		// Bearer and DPoP rejections may carry their reason only in the header.
		if code, desc := parseAuthChallenge(h.Get("WWW-Authenticate")); code != "" {
			e.ErrorCode, e.ErrorSummary = code, desc
		}
	}
	if e.ErrorSummary == "" {
		e.ErrorSummary = http.StatusText(status)
	}
	e.Hint = hintFor(e, ec)
	if ct := h.Get("Content-Type"); e.ErrorCode == "" && len(bytes.TrimSpace(body)) > 0 && ct != "" && !strings.Contains(ct, "json") {
		// Not Okta's error body: a web server, a proxy or a sign-in page
		// answered, so Okta's hint for the status may not apply.
		note := fmt.Sprintf("The answer is not Okta's JSON (Content-Type %q): is org_url an Okta org? A sign-in page or a proxy answers like this.", ct)
		e.Hint = strings.TrimSpace(note + " " + e.Hint)
	}
	return e
}

// parseAuthChallenge extracts error and error_description from a
// WWW-Authenticate challenge such as `DPoP error="use_dpop_nonce",
// error_description="..."`.
func parseAuthChallenge(h string) (code, desc string) {
	get := func(name string) string {
		i := strings.Index(h, name+`="`)
		if i < 0 {
			return ""
		}
		rest := h[i+len(name)+2:]
		if j := strings.IndexByte(rest, '"'); j >= 0 {
			return rest[:j]
		}
		return ""
	}
	return get("error"), get("error_description")
}

func hintFor(e *Error, ec errorContext) string {
	isToken := e.Path == "/oauth2/v1/token"
	switch {
	case e.HTTPStatus == http.StatusUnauthorized || (isToken && e.ErrorCode == "invalid_client"):
		if ec.oauth {
			return "The OAuth client credential was rejected: check that client_id is the service app's client id, that private_key (and private_key_id) match a public key registered on the app, that the app uses private_key_jwt and is ACTIVE, and that its access token has not been revoked."
		}
		return "The API token is invalid, expired or revoked (tokens expire after 30 days unused, and when their admin is deactivated): create a new token under Security > API > Tokens and set api_token."
	case isToken && e.ErrorCode == "invalid_scope":
		return "A requested scope is not granted to the OAuth app: grant it on the app's Okta API Scopes tab, or remove it from scopes."
	case isToken && e.ErrorCode == "invalid_dpop_proof":
		return "Okta rejected the DPoP proof: check that the machine's clock is correct."
	case e.HTTPStatus == http.StatusForbidden:
		scope := ScopeFor(e.Method, e.Path)
		if ec.oauth {
			if scope == "" {
				return "The OAuth app is not allowed to call this endpoint: check its granted okta.* scopes and its admin role."
			}
			return fmt.Sprintf("The OAuth app probably lacks the %s scope: grant it on the app's Okta API Scopes tab, add it to scopes, and make sure the app's admin role allows this endpoint.", scope)
		}
		if scope == "" {
			return "The admin who owns the API token lacks an admin role that allows this endpoint (API tokens act with their creator's permissions)."
		}
		return fmt.Sprintf("The admin who owns the API token lacks an admin role that allows this endpoint (needs what %s grants; API tokens act with their creator's permissions).", scope)
	case e.HTTPStatus == http.StatusNotFound:
		return "Not found: the object does not exist, was deleted, or the id is wrong (Okta ids are case-sensitive)."
	case e.HTTPStatus == http.StatusTooManyRequests:
		return fmt.Sprintf("The rate limit of the %q bucket was still exhausted after %d retries: raise max_retries, or raise max_api_capacity if no other client shares this org's limits, or run when the org is quieter.", ec.bucket, ec.retries)
	case e.HTTPStatus >= 500:
		return fmt.Sprintf("Okta failed after %d retries; try again later, and give the request id to Okta support if it persists.", ec.retries)
	case e.HTTPStatus == http.StatusBadRequest:
		return "Okta rejected the request as invalid; see the causes."
	}
	return ""
}

// ScopeFor names the Okta OAuth scope an endpoint needs: *.read for GET and HEAD,
// *.manage otherwise. It returns "" for endpoints that need none or that it does
// not know.
func ScopeFor(method, path string) string {
	verb := "manage"
	if method == http.MethodGet || method == http.MethodHead {
		verb = "read"
	}
	p := strings.TrimSuffix(path, "/")
	seg := strings.Split(strings.TrimPrefix(p, "/"), "/")
	at := func(i int) string {
		if i < len(seg) {
			return seg[i]
		}
		return ""
	}
	var family string
	switch {
	case strings.HasPrefix(p, "/.well-known/"), p == "/oauth2/v1/token":
		return ""
	case strings.HasPrefix(p, "/oauth2/v1/clients/") && at(4) == "roles":
		family = "roles"
	case strings.HasPrefix(p, "/oauth2/v1/clients"):
		family = "clients"
	case at(0) != "api" || at(1) != "v1":
		return ""
	default:
		switch at(2) {
		case "users":
			family = "users"
			if at(4) == "roles" {
				family = "roles"
			}
		case "groups":
			family = "groups"
			if at(4) == "roles" {
				family = "roles"
			}
		case "apps":
			family = "apps"
			if at(4) == "grants" {
				family = "appGrants"
			}
		case "logs":
			family = "logs"
		case "policies":
			family = "policies"
		case "iam":
			family = "roles"
		case "api-tokens":
			family = "apiTokens"
		case "authenticators":
			family = "authenticators"
		case "zones":
			family = "networkZones"
		case "logStreams":
			family = "logStreams"
		case "first-party-app-settings":
			family = "apps" // Okta's spec: okta.apps.read / okta.apps.manage
		case "idps":
			family = "idps"
		case "authorizationServers":
			family = "authorizationServers"
		case "trustedOrigins":
			family = "trustedOrigins"
		case "threats":
			family = "threatInsights"
		case "behaviors":
			family = "behaviors"
		case "eventHooks":
			family = "eventHooks"
		case "device-assurances":
			family = "deviceAssurance"
		case "org":
			family = "orgs"
			if at(3) == "factors" {
				family = "factors"
			}
		case "meta":
			switch at(3) {
			case "schemas":
				family = "schemas"
			case "types":
				family = "userTypes"
			}
		}
	}
	if family == "" {
		return ""
	}
	if family == "logs" {
		return "okta.logs.read"
	}
	return "okta." + family + "." + verb
}

// requestError is a request that never got a usable response (dropped
// connections, timeouts, broken bodies) after every retry. It unwraps to the
// cause: errors.Is(err, io.EOF) or io.ErrUnexpectedEOF holds for a dropped
// connection.
type requestError struct {
	method, path string
	attempts     int
	requestID    string
	err          error
	budget       time.Duration // set when the request's time budget ran out
}

func (e *requestError) Error() string {
	s := fmt.Sprintf("Okta %s %s failed after %d attempt(s): %v", e.method, e.path, e.attempts, e.err)
	if e.requestID != "" {
		s += "; request id " + e.requestID
	}
	if e.budget > 0 {
		s += fmt.Sprintf("; gave up after %s (%d × request_timeout), the most one request may take across its retries: "+
			"raise request_timeout if Okta is merely slow, or check the network path to the org", e.budget, budgetTimeouts)
	}
	return s
}

func (e *requestError) Unwrap() error { return e.err }

// errMalformed marks a 2xx response whose body was cut short or is not JSON.
var errMalformed = errors.New("the response body is not valid JSON (truncated or malformed)")

// MayHaveApplied reports whether a failed write may nevertheless have taken
// effect in Okta: its response was lost (dropped connection, timeout, a body cut
// short) or Okta answered with a 5xx after acting. A 4xx means Okta refused the
// request, so nothing happened.
func MayHaveApplied(err error) bool {
	var re *requestError
	if errors.As(err, &re) {
		return true
	}
	var e *Error
	return errors.As(err, &e) && e.HTTPStatus >= 500
}
