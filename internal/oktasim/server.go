package oktasim

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// Options configure a simulator.
type Options struct {
	// Org is served as is; nil serves an empty org (NewOrg). The demo org and
	// generated orgs are in the fixtures package.
	Org *Org
	// Limits overrides per-bucket limits (internal/ratelimit bucket names);
	// missing buckets keep ratelimit.WorkforceLimits. A limit <= 0 disables
	// limiting for that bucket.
	Limits map[string]int
	// Window is the length of a rate-limit window: a minute in Okta, shorter in
	// tests and benchmarks ("the same limits per second").
	Window time.Duration
	// Unlimited turns rate limiting off; the headers still come, advertising
	// headroom so that clients pacing themselves by them never wait.
	Unlimited bool
	// Concurrency caps in-flight requests (Okta: 75); 0 means no cap.
	Concurrency int
	// PageSizeCap, when > 0, caps every list's page size below Okta's own caps,
	// so tests can force many pages.
	PageSizeCap int
	// Latency is added to every response.
	Latency time.Duration
	// Faults injects failures; nil injects none.
	Faults *Faults
	// Now is the simulator's clock (Date header, log windows, token expiry);
	// nil means time.Now.
	Now func() time.Time
	// RequireDPoP makes the OAuth token endpoint demand DPoP for every client.
	RequireDPoP bool
}

// Server is a running or mountable simulator. It is an http.Handler.
type Server struct {
	opts Options

	org       *Org
	now       func() time.Time
	handler   http.Handler
	log       *requestLog
	bootstrap string        // SUPER_ADMIN secret not tied to any user
	seq       atomic.Uint64 // id counter: ids follow the order of writes
	reqSeq    atomic.Uint64 // X-Okta-Request-Id counter, apart from seq so reads never shift ids

	oauth oauthState

	httpSrv *http.Server
	url     string
}

// New builds a simulator handler without listening.
func New(opts Options) *Server {
	s := &Server{opts: opts, now: opts.Now, org: opts.Org, log: &requestLog{now: opts.Now}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.org == nil {
		s.org = NewOrg()
	}
	s.bootstrap = "00" + randomToken(30)
	s.oauth.init()

	limits := make(map[string]int, len(ratelimit.WorkforceLimits))
	for k, v := range ratelimit.WorkforceLimits {
		limits[k] = v
	}
	for k, v := range opts.Limits {
		limits[k] = v
	}
	window := opts.Window
	if window <= 0 {
		window = time.Minute
	}

	mux := http.NewServeMux()
	s.routes(mux)
	h := s.authenticate(mux)
	if opts.Latency > 0 {
		h = withLatency(opts.Latency, h)
	}
	h = newLimiter(limits, window, opts.Concurrency, opts.Unlimited, s.now).wrap(h)
	h = opts.Faults.wrap(h)
	s.handler = s.withRequestID(s.log.wrap(h))
	return s
}

type requestIDKey struct{}

// withRequestID gives every response an X-Okta-Request-Id, as Okta does, and
// hands it to the handlers through the request's context, so the System Log
// events a write causes carry it as their transaction id: the id a client
// reports for a change finds the change's events.
func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := fmt.Sprintf("sim%024d", s.reqSeq.Add(1))
		w.Header().Set("X-Okta-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// requestID is the X-Okta-Request-Id of the request being served.
func (c *call) requestID() string {
	id, _ := c.r.Context().Value(requestIDKey{}).(string)
	return id
}

// Start listens on 127.0.0.1 on a free port and serves until Close.
func Start(opts Options) (*Server, error) {
	s := New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("oktasim: listen: %w", err)
	}
	s.url = "http://" + ln.Addr().String()
	s.httpSrv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.httpSrv.Serve(ln) }()
	return s, nil
}

// ServeHTTP serves Okta's API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// URL is the base URL (http://127.0.0.1:port) once started.
func (s *Server) URL() string { return s.url }

// Close stops a started server.
func (s *Server) Close() {
	if s.httpSrv != nil {
		_ = s.httpSrv.Close()
	}
}

// Org returns the org being served; lock with its Lock/RLock methods when the
// server is running.
func (s *Server) Org() *Org { return s.org }

// AdminToken is an SSWS token of a SUPER_ADMIN user that every test can use:
// the secret of the first unexpired API token owned by a SUPER_ADMIN when the
// org has one, otherwise a bootstrap secret that belongs to no listed user (so
// an empty org stays empty).
func (s *Server) AdminToken() string {
	s.org.RLock()
	defer s.org.RUnlock()
	now := s.now()
	for _, t := range s.org.APITokens {
		if t.Secret == "" || (!t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)) {
			continue
		}
		u := s.org.user(t.UserID)
		if u == nil || u.Status == "DEPROVISIONED" {
			continue
		}
		for _, role := range s.org.effectiveRoleTypes(t.UserID) {
			if role == "SUPER_ADMIN" {
				return t.Secret
			}
		}
	}
	return s.bootstrap
}

// Requests returns a copy of the request log, in arrival order.
func (s *Server) Requests() []RequestRecord { return s.log.records() }

// ResetRequests clears the request log.
func (s *Server) ResetRequests() { s.log.reset() }

// newID returns an Okta-looking 20-character id with prefix. Ids come from a
// counter so a sequence of writes always yields the same ids; the "sim" infix
// keeps them apart from seeded ids.
func (s *Server) newID(prefix string) string {
	n := s.seq.Add(1)
	body := fmt.Sprintf("sim%d", n)
	pad := 20 - len(prefix) - len(body)
	if pad < 0 {
		pad = 0
	}
	return prefix + strings.Repeat("0", pad) + body
}

// withLatency delays every response, giving up early when the client goes away.
func withLatency(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
		next.ServeHTTP(w, r)
	})
}

// access is what a route demands of the caller: an okta.* scope family (read
// or manage) for OAuth tokens, and write permission for SSWS owners and OAuth
// clients alike.
type access struct {
	family string // "users", "groups"… ("" for no scope check)
	alt    string // a second family that also satisfies the route
	write  bool
}

// call is one request as a handler sees it; the org lock is held.
type call struct {
	s   *Server
	w   http.ResponseWriter
	r   *http.Request
	p   *principal
	org *Org
	now time.Time
}

func (c *call) base() string             { return baseURL(c.r) }
func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }
func (c *call) path(name string) string  { return c.r.PathValue(name) }

// handlerFunc returns a status and a body: a value to marshal, an *apiError, or
// nil for no body.
type handlerFunc func(c *call) (int, any)

// handle registers h behind authorization and the org lock. The body is
// marshaled under the lock (it may share maps with the store) and written after
// it is released, so a slow client never holds the org.
func (s *Server) handle(mux *http.ServeMux, pattern string, a access, h handlerFunc) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		p := principalFrom(r.Context())
		if e := s.authorize(p, a); e != nil {
			sendError(w, e)
			return
		}
		if a.write {
			s.org.Lock()
		} else {
			s.org.RLock()
		}
		status, body := h(&call{s: s, w: w, r: r, p: p, org: s.org, now: s.now()})
		var data []byte
		var apiErr *apiError
		var err error
		switch b := body.(type) {
		case *apiError:
			apiErr = b
		case nil:
		default:
			data, err = json.Marshal(b)
		}
		if a.write {
			s.org.Unlock()
		} else {
			s.org.RUnlock()
		}
		switch {
		case apiErr != nil:
			sendError(w, apiErr)
		case err != nil:
			writeError(w, http.StatusInternalServerError, "E0000009", "Internal Server Error")
		default:
			sendJSON(w, status, data)
		}
	})
}

func (s *Server) routes(mux *http.ServeMux) {
	usersRead := access{family: "users"}
	usersWrite := access{family: "users", write: true}
	groupsRead := access{family: "groups"}
	groupsWrite := access{family: "groups", write: true}
	appsRead := access{family: "apps"}
	appsWrite := access{family: "apps", write: true}
	grantsRead := access{family: "appGrants", alt: "apps"}
	grantsWrite := access{family: "appGrants", alt: "apps", write: true}
	rolesRead := access{family: "roles"}
	rolesWrite := access{family: "roles", write: true}
	tokensRead := access{family: "apiTokens"}
	tokensWrite := access{family: "apiTokens", write: true}

	s.handle(mux, "GET /api/v1/users", usersRead, listUsers)
	s.handle(mux, "POST /api/v1/users", usersWrite, createUser)
	s.handle(mux, "GET /api/v1/users/{id}", usersRead, getUser)
	s.handle(mux, "POST /api/v1/users/{id}", usersWrite, updateUserPartial)
	s.handle(mux, "PUT /api/v1/users/{id}", usersWrite, updateUserFull)
	s.handle(mux, "DELETE /api/v1/users/{id}", usersWrite, deleteUser)
	s.handle(mux, "POST /api/v1/users/{id}/lifecycle/{op}", usersWrite, userLifecycle)
	s.handle(mux, "GET /api/v1/users/{id}/factors", usersRead, listFactors)
	s.handle(mux, "DELETE /api/v1/users/{id}/factors/{factorId}", usersWrite, resetFactor)
	s.handle(mux, "DELETE /api/v1/users/{id}/sessions", usersWrite, revokeSessions)
	s.handle(mux, "GET /api/v1/users/{id}/groups", usersRead, listUserGroups)
	s.handle(mux, "GET /api/v1/users/{id}/roles", rolesRead, listUserRoles)
	s.handle(mux, "POST /api/v1/users/{id}/roles", rolesWrite, assignUserRole)
	s.handle(mux, "DELETE /api/v1/users/{id}/roles/{roleId}", rolesWrite, unassignUserRole)

	s.handle(mux, "GET /api/v1/groups", groupsRead, listGroups)
	s.handle(mux, "POST /api/v1/groups", groupsWrite, createGroup)
	s.handle(mux, "GET /api/v1/groups/{id}", groupsRead, getGroup)
	s.handle(mux, "DELETE /api/v1/groups/{id}", groupsWrite, deleteGroup)
	s.handle(mux, "GET /api/v1/groups/{id}/users", groupsRead, listGroupUsers)
	s.handle(mux, "PUT /api/v1/groups/{id}/users/{uid}", groupsWrite, addGroupUser)
	s.handle(mux, "DELETE /api/v1/groups/{id}/users/{uid}", groupsWrite, removeGroupUser)
	s.handle(mux, "GET /api/v1/groups/{id}/roles", rolesRead, listGroupRoles)
	s.handle(mux, "POST /api/v1/groups/{id}/roles", rolesWrite, assignGroupRole)
	s.handle(mux, "DELETE /api/v1/groups/{id}/roles/{roleId}", rolesWrite, unassignGroupRole)

	s.handle(mux, "GET /api/v1/apps", appsRead, listApps)
	s.handle(mux, "POST /api/v1/apps", appsWrite, createApp)
	s.handle(mux, "GET /api/v1/apps/{id}", appsRead, getApp)
	s.handle(mux, "PUT /api/v1/apps/{id}", appsWrite, updateApp)
	s.handle(mux, "DELETE /api/v1/apps/{id}", appsWrite, deleteApp)
	s.handle(mux, "POST /api/v1/apps/{id}/lifecycle/{op}", appsWrite, appLifecycle)
	s.handle(mux, "GET /api/v1/apps/{id}/users", appsRead, listAppUsers)
	s.handle(mux, "POST /api/v1/apps/{id}/users", appsWrite, assignAppUser)
	s.handle(mux, "GET /api/v1/apps/{id}/users/{uid}", appsRead, getAppUser)
	s.handle(mux, "PUT /api/v1/apps/{id}/users/{uid}", appsWrite, assignAppUser)
	s.handle(mux, "POST /api/v1/apps/{id}/users/{uid}", appsWrite, assignAppUser)
	s.handle(mux, "DELETE /api/v1/apps/{id}/users/{uid}", appsWrite, unassignAppUser)
	s.handle(mux, "GET /api/v1/apps/{id}/groups", appsRead, listAppGroups)
	s.handle(mux, "GET /api/v1/apps/{id}/groups/{gid}", appsRead, getAppGroup)
	s.handle(mux, "PUT /api/v1/apps/{id}/groups/{gid}", appsWrite, assignAppGroup)
	s.handle(mux, "DELETE /api/v1/apps/{id}/groups/{gid}", appsWrite, unassignAppGroup)
	s.handle(mux, "GET /api/v1/apps/{id}/grants", grantsRead, listGrants)
	s.handle(mux, "POST /api/v1/apps/{id}/grants", grantsWrite, createGrant)
	s.handle(mux, "GET /api/v1/apps/{id}/grants/{grantId}", grantsRead, getGrant)
	s.handle(mux, "DELETE /api/v1/apps/{id}/grants/{grantId}", grantsWrite, deleteGrant)

	s.handle(mux, "GET /oauth2/v1/clients/{clientId}/roles", rolesRead, listClientRoles)
	s.handle(mux, "POST /oauth2/v1/clients/{clientId}/roles", rolesWrite, assignClientRole)
	s.handle(mux, "DELETE /oauth2/v1/clients/{clientId}/roles/{roleId}", rolesWrite, unassignClientRole)
	s.handle(mux, "GET /api/v1/iam/assignees/users", rolesRead, listRoleAssignees)

	s.handle(mux, "GET /api/v1/api-tokens", tokensRead, listAPITokens)
	s.handle(mux, "GET /api/v1/api-tokens/{id}", tokensRead, getAPIToken)
	s.handle(mux, "PUT /api/v1/api-tokens/{id}", tokensWrite, updateAPIToken)
	s.handle(mux, "DELETE /api/v1/api-tokens/current", tokensWrite, revokeCurrentAPIToken)
	s.handle(mux, "DELETE /api/v1/api-tokens/{id}", tokensWrite, revokeAPIToken)

	s.handle(mux, "GET /api/v1/org", access{family: "orgs"}, getOrg)
	s.handle(mux, "GET /api/v1/policies", access{family: "policies"}, listPolicies)
	s.handle(mux, "GET /api/v1/policies/{id}", access{family: "policies"}, getPolicy)
	s.handle(mux, "GET /api/v1/policies/{id}/rules", access{family: "policies"}, listPolicyRules)
	s.handle(mux, "GET /api/v1/logs", access{family: "logs"}, listLogs)
	s.handle(mux, "GET /api/v1/zones", access{family: "networkZones"}, listZones)
	s.handle(mux, "GET /api/v1/authenticators", access{family: "authenticators"}, listAuthenticators)
	s.handle(mux, "GET /api/v1/logStreams", access{family: "logStreams"}, listLogStreams)
	s.handle(mux, "GET /api/v1/idps", access{family: "idps"}, listIdentityProviders)
	s.handle(mux, "GET /api/v1/first-party-app-settings/{appName}", access{family: "apps"}, getFirstPartyAppSettings)
	s.handle(mux, "GET /api/v1/trustedOrigins", access{family: "trustedOrigins"}, listTrustedOrigins)
	s.handle(mux, "GET /api/v1/threats/configuration", access{family: "threatInsights"}, getThreatInsight)
	s.handle(mux, "GET /api/v1/behaviors", access{family: "behaviors"}, listBehaviors)
	s.handle(mux, "GET /api/v1/eventHooks", access{family: "eventHooks"}, listEventHooks)
	s.handle(mux, "GET /api/v1/device-assurances", access{family: "deviceAssurance"}, listDeviceAssurances)

	mux.HandleFunc("GET /.well-known/okta-organization", s.wellKnownOrg)
	mux.HandleFunc("POST /oauth2/v1/token", s.tokenEndpoint)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { sendError(w, errNoEndpoint()) })
}
