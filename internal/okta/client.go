package okta

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	sdk "github.com/okta/okta-sdk-golang/v2/okta"
)

// Config is everything needed to build a Client. The provider fills it from HCL
// and environment variables; validation of user input happens there and again in
// New.
type Config struct {
	OrgURL string // https://acme.okta.com, or http:// for loopback hosts only

	// SSWS authentication.
	APIToken string

	// OAuth 2.0 client credentials with private_key_jwt (and DPoP when the org
	// demands it).
	ClientID     string
	PrivateKey   string // PEM: PKCS#1 or PKCS#8, RSA or EC
	PrivateKeyID string // kid header of the client assertion; optional
	Scopes       []string

	MaxAPICapacity int           // percent of each bucket this client may use, 1-100
	MaxConcurrency int           // in-flight requests
	RequestTimeout time.Duration // per HTTP attempt
	MaxRetries     int           // retries of 429, 5xx and dropped connections
	// MaxRateLimitWait is the furthest ahead a rate-limit reset may lie for the
	// client to wait for it; a reset further away fails the request at once,
	// naming the reset time (Okta's windows are one minute long).
	MaxRateLimitWait time.Duration

	// UserAgentExtra is appended to the User-Agent (e.g. "terraform/1.11.4").
	UserAgentExtra string

	// Log, when set, receives one entry per HTTP attempt, retry and rate-limit
	// wait: method, path, bucket, status, attempt, request id, wait times. It
	// never receives credentials, tokens, proofs or request bodies. Every wait
	// is logged before it starts: at LogDebug, or LogInfo when it is longer
	// than LongWait, so a stalled plan says why.
	Log func(ctx context.Context, level LogLevel, msg string, fields map[string]any)

	// retryBase is the first backoff step (default 200ms); tests shorten it.
	retryBase time.Duration
	// maxPages and maxResponseBytes replace MaxListPages and
	// DefaultMaxResponseBytes in tests.
	maxPages         int
	maxResponseBytes int64
}

// LogLevel is the level of a Config.Log entry.
type LogLevel int

// The levels of a Config.Log entry, least severe first.
const (
	LogDebug LogLevel = iota
	LogInfo
)

func (l LogLevel) String() string {
	if l == LogInfo {
		return "INFO"
	}
	return "DEBUG"
}

// LongWait is how long a wait must be for its log entry to be LogInfo.
const LongWait = 30 * time.Second

// Client is safe for concurrent use.
type Client struct {
	cfg      Config
	org      *url.URL
	sdk      *sdk.Client
	http     *http.Client // sends what the SDK's RequestExecutor builds; the SDK cannot send
	stats    *counters
	api      *transport
	maxPages int
}

// sdkAuthPlaceholder is the only token okta-sdk-golang/v2 ever holds: the
// transport replaces the Authorization header it sets on every attempt, so the
// SDK never sees a real credential and cannot send one anywhere by itself.
const sdkAuthPlaceholder = "oktagate-transport-authenticates"

// New validates cfg and builds a client. It makes no request.
func New(cfg Config) (*Client, error) {
	s, err := validate(cfg)
	if err != nil {
		return nil, err
	}
	cfg = s.cfg
	retryBase := cfg.retryBase
	if retryBase <= 0 {
		retryBase = 200 * time.Millisecond
	}
	maxBody := cfg.maxResponseBytes
	if maxBody <= 0 {
		maxBody = DefaultMaxResponseBytes
	}
	maxPages := cfg.maxPages
	if maxPages <= 0 {
		maxPages = MaxListPages
	}

	dt, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		// Something in this process replaced the default transport; cloning
		// it is how the client inherits proxy and TLS settings, so say so
		// rather than silently dropping them.
		return nil, fmt.Errorf("okta: http.DefaultTransport is a %T, not an *http.Transport; cannot derive the client's transport", http.DefaultTransport)
	}
	base := dt.Clone()
	base.MaxIdleConnsPerHost = cfg.MaxConcurrency + 2

	c := &Client{cfg: cfg, org: s.org, stats: newCounters(), maxPages: maxPages}
	gov := newGovernor(cfg.MaxAPICapacity, cfg.MaxRateLimitWait)
	gov.logf = cfg.Log
	newTransport := func(auth authenticator) *transport {
		return &transport{
			base: base, org: s.org, auth: auth, gov: gov, stats: c.stats, logf: cfg.Log,
			maxRetries: cfg.MaxRetries, timeout: cfg.RequestTimeout, budget: requestBudget(cfg.RequestTimeout),
			retryBase: retryBase, retryCap: 10 * time.Second, maxWait: cfg.MaxRateLimitWait,
			maxBody: maxBody,
		}
	}

	var auth authenticator = &sswsAuth{token: cfg.APIToken}
	if s.oauth() {
		// Token requests share the governor and counters but not the semaphore:
		// they are made while an API request holds a slot.
		tokenTr := newTransport(nil)
		oa := &oauthAuth{
			clientID: cfg.ClientID, scopes: cfg.Scopes, kid: cfg.PrivateKeyID,
			signer: s.signer, method: s.method,
			tokenURL: s.org.String() + tokenPath,
			client: &http.Client{Transport: tokenTr, CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			}},
			now: time.Now,
		}
		tokenTr.prepare = oa.prepareTokenAttempt
		auth = oa
	}
	c.api = newTransport(auth)
	c.api.sem = make(chan struct{}, cfg.MaxConcurrency)
	c.api.convertErrors = true
	c.http = &http.Client{Transport: c.api, CheckRedirect: c.checkRedirect}

	ua := "terraform-provider-oktagate"
	if cfg.UserAgentExtra != "" {
		ua += " " + cfg.UserAgentExtra
	}
	// Explicit setters run after the SDK has read ~/.okta/okta.yaml and OKTA_*
	// variables, so they win; the settings left to those sources (proxy, cache
	// TTLs, connection timeout) are unused, since the SDK sends nothing.
	_, sc, err := sdk.NewClient(context.Background(),
		sdk.WithOrgUrl(s.org.String()),
		sdk.WithAuthorizationMode("SSWS"),
		sdk.WithToken(sdkAuthPlaceholder),
		sdk.WithCache(false),
		sdk.WithHttpClientPtr(&http.Client{Transport: sdkCannotSend{}}),
		sdk.WithTestingDisableHttpsCheck(s.org.Scheme == "http"),
		sdk.WithRateLimitMaxRetries(0),
		sdk.WithRateLimitMaxBackOff(1),
		sdk.WithRequestTimeout(0),
		sdk.WithUserAgentExtra(ua),
	)
	if err != nil {
		return nil, fmt.Errorf("configuring the Okta SDK: %w", err)
	}
	c.sdk = sc
	return c, nil
}

// sdkCannotSend is the only transport okta-sdk-golang/v2 is given: the SDK
// builds requests and call sends them through the client's own http.Client.
// Were the SDK's RequestExecutor.Do ever called, it would stop at once: that
// loop retries an error wrapping io.EOF without limit (its backoff counts only
// 429s) and treats any other error as final, so the SDK can neither send a
// request nor retry one, and a dropped connection's io.EOF need not be hidden
// from it.
type sdkCannotSend struct{}

var errSDKCannotSend = errors.New("okta-sdk-golang/v2 does not send requests in oktagate; Client.call does")

func (sdkCannotSend) RoundTrip(*http.Request) (*http.Response, error) { return nil, errSDKCannotSend }

// checkRedirect follows redirects within the org only. Okta's API does not
// redirect; a redirect to another origin comes from something in front of it
// (a login page, a proxy, a wrong org_url), and what that origin answers is not
// the org's data, so it is refused rather than read as evidence.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("stopped after 5 redirects")
	}
	if !sameOrigin(req.URL, c.org) {
		from := via[len(via)-1].URL
		return fmt.Errorf("the request was redirected from %s to another origin, %s; oktagate refuses to follow it, "+
			"since what another origin answers is not the org's data: check that org_url is the org's own Okta URL "+
			"(https://<org>.okta.com, or its custom domain) and that no proxy redirects API requests",
			origin(from), origin(req.URL))
	}
	return nil
}

func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// Stats returns the number of HTTP attempts made so far, per rate-limit bucket
// (internal/ratelimit names), retries included.
func (c *Client) Stats() map[string]int64 { return c.stats.snapshot() }

// Requests returns the total number of HTTP attempts made so far.
func (c *Client) Requests() int64 { return c.stats.total.Load() }

// OrgURL returns the normalised org URL (scheme://host).
func (c *Client) OrgURL() string { return c.org.String() }
