package directory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// fakeSource is an in-memory Source serving users, groups and apps; what it
// does not serve fails (UnimplementedSource). It counts calls per "Method
// key", tracks how many calls are in flight, and can delay, block or fail
// calls.
type fakeSource struct {
	UnimplementedSource

	users       []okta.User // every user, DEPROVISIONED included
	factors     map[string][]okta.Factor
	groups      []okta.Group
	members     map[string][]string
	groupRoles  map[string][]okta.Role
	userRoles   map[string][]okta.Role
	apps        []okta.App
	appUsers    map[string][]okta.AppUser
	appGroups   map[string][]okta.AppGroup
	appGrants   map[string][]okta.Grant
	clientRoles map[string][]okta.Role
	tokens      []okta.APIToken
	org         okta.OrgMetadata

	delay time.Duration            // slept (or cut short by ctx) in every call
	slow  map[string]time.Duration // method → slept in its calls instead of delay
	gate  chan struct{}            // when non-nil, every call waits for it to close
	panic map[string]bool          // "Method key" → panic instead of answering

	mu          sync.Mutex
	errs        map[string]error // "Method key" → error returned (until cleared)
	calls       map[string]int   // "Method key" → calls
	order       []string         // methods in the order the calls came
	inFlight    int
	maxInFlight int
	cancelled   map[string]int // "Method key" → calls that saw their ctx end
}

func newFake() *fakeSource {
	return &fakeSource{
		errs:      map[string]error{},
		calls:     map[string]int{},
		cancelled: map[string]int{},
		panic:     map[string]bool{},
	}
}

func callKey(method, key string) string { return method + " " + key }

func (f *fakeSource) setErr(method, key string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err == nil {
		delete(f.errs, callKey(method, key))
		return
	}
	f.errs[callKey(method, key)] = err
}

func (f *fakeSource) count(method, key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[callKey(method, key)]
}

func (f *fakeSource) total(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for k, v := range f.calls {
		if len(k) > len(method) && k[:len(method)+1] == method+" " {
			n += v
		}
	}
	return n
}

func (f *fakeSource) max() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxInFlight
}

func (f *fakeSource) current() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.inFlight
}

func (f *fakeSource) sawCancel(method, key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cancelled[callKey(method, key)]
}

// enter records a call and returns the error it must fail with, if any.
func (f *fakeSource) enter(ctx context.Context, method, key string) error {
	ck := callKey(method, key)
	f.mu.Lock()
	f.calls[ck]++
	f.order = append(f.order, method)
	f.inFlight++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()

	var gate <-chan struct{} = f.gate // a nil gate never opens, so only wait on a real one
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return f.noteCancel(ctx, ck)
		}
	}
	delay := f.delay
	if d, ok := f.slow[method]; ok {
		delay = d
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return f.noteCancel(ctx, ck)
		}
	}
	if f.panic[ck] {
		panic("fake: " + ck)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.errs[ck]
}

func (f *fakeSource) noteCancel(ctx context.Context, ck string) error {
	f.mu.Lock()
	f.cancelled[ck]++
	f.mu.Unlock()
	return ctx.Err()
}

func answer[T any](ctx context.Context, f *fakeSource, method, key string, v T) (T, error) {
	if err := f.enter(ctx, method, key); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// ListUsers serves the unfiltered list (everyone but DEPROVISIONED) and the
// search `status eq "S"`.
func (f *fakeSource) ListUsers(ctx context.Context, q okta.UserQuery) ([]okta.User, error) {
	var out []okta.User
	status, isStatus := strings.CutPrefix(q.Search, `status eq "`)
	status, closed := strings.CutSuffix(status, `"`)
	switch {
	case q == okta.UserQuery{}:
		for _, u := range f.users {
			if u.Status != "DEPROVISIONED" {
				out = append(out, u)
			}
		}
	case q == okta.UserQuery{Search: q.Search} && isStatus && closed:
		for _, u := range f.users {
			if u.Status == status {
				out = append(out, u)
			}
		}
	default:
		return nil, fmt.Errorf("fake: unsupported user query %+v", q)
	}
	return answer(ctx, f, MethodListUsers, q.Search, out)
}

// EachUserPage hands over ListUsers' answer as one page.
func (f *fakeSource) EachUserPage(ctx context.Context, q okta.UserQuery, page func([]okta.User) error) error {
	users, err := f.ListUsers(ctx, q)
	if err != nil {
		return err
	}
	return page(users)
}

func (f *fakeSource) GetUser(ctx context.Context, idOrLogin string) (okta.User, error) {
	if err := f.enter(ctx, MethodGetUser, idOrLogin); err != nil {
		return okta.User{}, err
	}
	for _, u := range f.users {
		if u.ID == idOrLogin || u.Login() == idOrLogin {
			return u, nil
		}
	}
	return okta.User{}, &okta.Error{HTTPStatus: 404, ErrorCode: "E0000007"}
}

func (f *fakeSource) ListUserFactors(ctx context.Context, userID string) ([]okta.Factor, error) {
	return answer(ctx, f, MethodListUserFactors, userID, f.factors[userID])
}

func (f *fakeSource) ListUserRoles(ctx context.Context, userID string) ([]okta.Role, error) {
	return answer(ctx, f, MethodListUserRoles, userID, f.userRoles[userID])
}

// ListRoleAssigneeUsers returns the users that userRoles gives roles to.
func (f *fakeSource) ListRoleAssigneeUsers(ctx context.Context) ([]string, error) {
	var ids []string
	for id, roles := range f.userRoles {
		if len(roles) > 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return answer(ctx, f, MethodListRoleAssigneeUsers, "", ids)
}

// ListUserGroups returns the groups whose members include userID.
func (f *fakeSource) ListUserGroups(ctx context.Context, userID string) ([]okta.Group, error) {
	var gs []okta.Group
	for _, g := range f.groups {
		if slices.Contains(f.members[g.ID], userID) {
			gs = append(gs, g)
		}
	}
	return answer(ctx, f, MethodListUserGroups, userID, gs)
}

func (f *fakeSource) ListGroups(ctx context.Context, q okta.GroupQuery) ([]okta.Group, error) {
	// q is a prefix of the name, as Okta takes it.
	if q != (okta.GroupQuery{Q: q.Q}) {
		return nil, fmt.Errorf("fake: unsupported group query %+v", q)
	}
	var out []okta.Group
	for _, g := range f.groups {
		if strings.HasPrefix(g.Name, q.Q) {
			out = append(out, g)
		}
	}
	return answer(ctx, f, MethodListGroups, q.Q, out)
}

func (f *fakeSource) ListGroupMemberIDs(ctx context.Context, groupID string) ([]string, error) {
	return answer(ctx, f, MethodListGroupMemberIDs, groupID, f.members[groupID])
}

func (f *fakeSource) ListGroupRoles(ctx context.Context, groupID string) ([]okta.Role, error) {
	return answer(ctx, f, MethodListGroupRoles, groupID, f.groupRoles[groupID])
}

func (f *fakeSource) ListApps(ctx context.Context, q okta.AppQuery) ([]okta.App, error) {
	// q is a prefix of the label, as Okta takes it.
	if q != (okta.AppQuery{Q: q.Q}) {
		return nil, fmt.Errorf("fake: unsupported app query %+v", q)
	}
	var out []okta.App
	for _, a := range f.apps {
		if strings.HasPrefix(a.Label, q.Q) {
			out = append(out, a)
		}
	}
	return answer(ctx, f, MethodListApps, q.Q, out)
}

func (f *fakeSource) ListAppUsers(ctx context.Context, appID string) ([]okta.AppUser, error) {
	return answer(ctx, f, MethodListAppUsers, appID, f.appUsers[appID])
}

func (f *fakeSource) ListAppGroups(ctx context.Context, appID string) ([]okta.AppGroup, error) {
	return answer(ctx, f, MethodListAppGroups, appID, f.appGroups[appID])
}

func (f *fakeSource) ListAppGrants(ctx context.Context, appID string) ([]okta.Grant, error) {
	return answer(ctx, f, MethodListAppGrants, appID, f.appGrants[appID])
}

func (f *fakeSource) ListClientRoles(ctx context.Context, clientID string) ([]okta.Role, error) {
	return answer(ctx, f, MethodListClientRoles, clientID, f.clientRoles[clientID])
}

func (f *fakeSource) ListAPITokens(ctx context.Context) ([]okta.APIToken, error) {
	return answer(ctx, f, MethodListAPITokens, "", f.tokens)
}

func (f *fakeSource) GetOrgMetadata(ctx context.Context) (okta.OrgMetadata, error) {
	return answer(ctx, f, MethodGetOrgMetadata, "", f.org)
}

var errBoom = errors.New("boom")

func user(id, login, status string) okta.User {
	return okta.User{ID: id, Status: status, Profile: map[string]string{"login": login, "email": login}}
}

// seededFake returns a fake org whose lists come back in no particular order.
func seededFake() *fakeSource {
	f := newFake()
	f.users = []okta.User{
		user("00u3", "carol@acme.com", "ACTIVE"),
		user("00u1", "Alice@Acme.com", "ACTIVE"),
		user("00u4", "dave@acme.com", "DEPROVISIONED"),
		user("00u2", "bob@acme.com", "SUSPENDED"),
		user("00u5", "erin@acme.com", "DEPROVISIONED"),
	}
	f.factors = map[string][]okta.Factor{
		"00u1": {{ID: "f2", UserID: "00u1", FactorType: "push"}, {ID: "f1", UserID: "00u1", FactorType: "webauthn"}},
		"00u3": {{ID: "f3", UserID: "00u3", FactorType: "sms"}},
	}
	f.groups = []okta.Group{
		{ID: "00g2", Name: "Engineering", Type: "OKTA_GROUP"},
		{ID: "00g0", Name: "Everyone", Type: "BUILT_IN"},
		{ID: "00g1", Name: "Admins", Type: "OKTA_GROUP"},
		{ID: "00g3", Name: "Empty", Type: "OKTA_GROUP"},
	}
	f.members = map[string][]string{
		"00g0": {"00u3", "00u1", "00u2"},
		"00g1": {"00u1"},
		"00g2": {"00u3", "00u1", "00u3"},
	}
	f.apps = []okta.App{
		{ID: "0oa3", Label: "Wiki", Status: "INACTIVE"},
		{ID: "0oa1", Label: "CI", Status: "ACTIVE", OAuth: &okta.OAuthClient{ClientID: "cli1"}},
		{ID: "0oa2", Label: "Mail", Status: "ACTIVE"},
	}
	f.appUsers = map[string][]okta.AppUser{
		"0oa1": {{AppID: "0oa1", UserID: "00u3", Scope: "USER"}, {AppID: "0oa1", UserID: "00u1", Scope: "GROUP"}},
		"0oa2": {{UserID: "00u2", Scope: "USER"}},
	}
	f.appGroups = map[string][]okta.AppGroup{
		"0oa1": {{AppID: "0oa1", GroupID: "00g2"}, {AppID: "0oa1", GroupID: "00g1", Priority: 1}},
		"0oa2": {{AppID: "0oa2", GroupID: "00g0"}},
	}
	f.appGrants = map[string][]okta.Grant{
		"0oa1": {
			{ID: "gr3", ScopeID: "okta.users.read"},
			{ID: "gr2", ScopeID: "okta.groups.read"},
			{ID: "gr1", ScopeID: "okta.users.read"},
		},
	}
	f.clientRoles = map[string][]okta.Role{"cli1": {{ID: "ra2", Type: "SUPER_ADMIN"}, {ID: "ra1", Type: "READ_ONLY_ADMIN"}}}
	f.userRoles = map[string][]okta.Role{"00u1": {{ID: "ra9", Type: "SUPER_ADMIN", AssignmentType: "GROUP"}, {ID: "ra5", Type: "ORG_ADMIN", AssignmentType: "USER"}}}
	f.groupRoles = map[string][]okta.Role{"00g1": {{ID: "ra9", Type: "SUPER_ADMIN"}}}
	f.tokens = []okta.APIToken{{ID: "tok2", Name: "ci"}, {ID: "tok1", Name: "siem"}}
	f.org = okta.OrgMetadata{ID: "00o1", Pipeline: "idx", Subdomain: "acme"}
	return f
}

// waitFor polls cond until it holds. It exists so a test can wait for
// goroutines to reach a state; the deadline only turns a hang into a failure.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if !pollUntil(cond) {
		t.Fatalf("timed out waiting for %s", what)
	}
}

// pollUntil polls cond until it holds or a generous deadline passes, and
// reports whether it held. Unlike waitFor it may run off the test goroutine.
func pollUntil(cond func() bool) bool {
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
	return true
}

// waiters reports how many callers wait on the in-flight fetch of key.
func waiters[V any](m *memo[V], key string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.flights[key]; ok {
		return f.waiters
	}
	return 0
}
