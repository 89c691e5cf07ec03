package directory

import (
	"context"
	"fmt"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// The searches serve the data sources that narrow the org with Okta's own
// query languages (search, q, filter) and the one that reads a single user:
// they read through the snapshot's Source like every collection, so a data
// source never mixes the snapshot's instant with a live read of its own, and
// each distinct query is asked of Okta at most once per snapshot.

// searchState holds the memos of the searches, each by its query.
type searchState struct {
	users  memo[okta.User]   // by idOrLogin: LookupUser
	found  memo[[]okta.User] // by search expression
	groups memo[[]okta.Group]
	apps   memo[[]okta.App]
}

func (st *searchState) dropAll() {
	st.users.dropAll()
	st.found.dropAll()
	st.groups.dropAll()
	st.apps.dropAll()
}

// queryKey keys a memo by a query's fields, quoted so that no two queries
// share a key.
func queryKey(fields ...string) string {
	var k string
	for _, f := range fields {
		k += fmt.Sprintf("%q ", f)
	}
	return k
}

// LookupUser reads one user by id or login (GET /users/{idOrLogin}), with its
// whole profile, once per idOrLogin in the snapshot. Unlike User it returns
// Okta's error as is, a 404 included, and never answers from the user list,
// whose profiles may be the stored snapshot's trimmed ones. The user's groups
// are UserGroupIDsOf.
func (s *Snapshot) LookupUser(ctx context.Context, idOrLogin string) (okta.User, error) {
	return s.search.users.get(ctx, idOrLogin, func(ctx context.Context) (okta.User, error) {
		u, err := s.src.getUser(ctx, idOrLogin)
		if err != nil {
			return okta.User{}, fmt.Errorf("reading user %s: %w", idOrLogin, err)
		}
		return u, nil
	})
}

// SearchUsers returns the users that match an Okta search expression
// (/users?search=…), sorted by id, once per expression in the snapshot. An
// empty expression is Users: every user, DEPROVISIONED included.
func (s *Snapshot) SearchUsers(ctx context.Context, search string) ([]okta.User, error) {
	if search == "" {
		return s.Users(ctx)
	}
	return s.search.found.get(ctx, search, func(ctx context.Context) ([]okta.User, error) {
		us, err := s.src.listUsers(ctx, okta.UserQuery{Search: search})
		if err != nil {
			return nil, fmt.Errorf("searching users with %q: %w", search, err)
		}
		return sortedUniqueBy(us, func(u okta.User) string { return u.ID }), nil
	})
}

// SearchGroups returns the groups that match q (search, filter and q as Okta
// takes them on /groups), sorted by id, once per query in the snapshot. An
// empty query is Groups.
func (s *Snapshot) SearchGroups(ctx context.Context, q okta.GroupQuery) ([]okta.Group, error) {
	if q == (okta.GroupQuery{}) {
		return s.Groups(ctx)
	}
	return s.search.groups.get(ctx, queryKey(q.Search, q.Filter, q.Q), func(ctx context.Context) ([]okta.Group, error) {
		gs, err := s.src.listGroups(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("searching groups: %w", err)
		}
		return sortedUniqueBy(gs, func(g okta.Group) string { return g.ID }), nil
	})
}

// SearchApps returns the apps that match q (filter and q as Okta takes them on
// /apps), sorted by id, once per query in the snapshot. An empty query is
// Apps.
func (s *Snapshot) SearchApps(ctx context.Context, q okta.AppQuery) ([]okta.App, error) {
	if q == (okta.AppQuery{}) {
		return s.Apps(ctx)
	}
	return s.search.apps.get(ctx, queryKey(q.Filter, q.Q), func(ctx context.Context) ([]okta.App, error) {
		as, err := s.src.listApps(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("searching apps: %w", err)
		}
		return sortedUniqueBy(as, func(a okta.App) string { return a.ID }), nil
	})
}
