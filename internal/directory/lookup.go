package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// StatusActive is the status of an active app (and of an active user, group
// rule, grant…).
const StatusActive = "ACTIVE"

// userIndex finds users of the memoized list by id and by login.
type userIndex struct {
	byID    map[string]int
	byLogin map[string]int // lower-cased: Okta logins are unique regardless of case
	users   []okta.User
}

type groupIndex struct {
	byID   map[string]int
	byName map[string]int
	groups []okta.Group
}

type appIndex struct {
	byID       map[string]int
	byClientID map[string]int
	apps       []okta.App
}

// userLookup is the memoized answer to a GetUser made by User.
type userLookup struct {
	user  okta.User
	found bool
}

func (s *Snapshot) userIndex(ctx context.Context) (*userIndex, error) {
	return s.userIdx.get(ctx, "", func(ctx context.Context) (*userIndex, error) {
		users, err := s.Users(ctx)
		if err != nil {
			return nil, err
		}
		idx := &userIndex{
			byID:    make(map[string]int, len(users)),
			byLogin: make(map[string]int, len(users)),
			users:   users,
		}
		for i, u := range users {
			idx.byID[u.ID] = i
			// Users are sorted by id, so on a clash the lowest id keeps the login.
			if _, dup := idx.byLogin[strings.ToLower(u.Login())]; !dup && u.Login() != "" {
				idx.byLogin[strings.ToLower(u.Login())] = i
			}
		}
		return idx, nil
	})
}

// UserByID returns the user with id from the memoized user list (fetching the
// list on first use).
func (s *Snapshot) UserByID(ctx context.Context, id string) (okta.User, bool, error) {
	idx, err := s.userIndex(ctx)
	if err != nil {
		return okta.User{}, false, err
	}
	i, ok := idx.byID[id]
	if !ok {
		return okta.User{}, false, nil
	}
	return idx.users[i], true, nil
}

// UserByLogin returns the user whose login matches login, ignoring case, from
// the memoized user list.
func (s *Snapshot) UserByLogin(ctx context.Context, login string) (okta.User, bool, error) {
	idx, err := s.userIndex(ctx)
	if err != nil {
		return okta.User{}, false, err
	}
	i, ok := idx.byLogin[strings.ToLower(login)]
	if !ok {
		return okta.User{}, false, nil
	}
	return idx.users[i], true, nil
}

// User finds one user by id or login without listing the org when it can: if
// the user list is already loaded it answers from it, otherwise it makes one
// GetUser call (memoized per idOrLogin). A user Okta does not know is reported
// as not found, not as an error.
func (s *Snapshot) User(ctx context.Context, idOrLogin string) (okta.User, bool, error) {
	if _, loaded := s.users.peek(""); loaded {
		if u, ok, err := s.UserByID(ctx, idOrLogin); err != nil || ok {
			return u, ok, err
		}
		return s.UserByLogin(ctx, idOrLogin)
	}
	res, err := s.userLookups.get(ctx, idOrLogin, func(ctx context.Context) (userLookup, error) {
		u, err := s.src.getUser(ctx, idOrLogin)
		if okta.IsNotFound(err) {
			return userLookup{}, nil
		}
		if err != nil {
			return userLookup{}, fmt.Errorf("reading user %s: %w", idOrLogin, err)
		}
		return userLookup{user: u, found: true}, nil
	})
	return res.user, res.found, err
}

func (s *Snapshot) groupIndex(ctx context.Context) (*groupIndex, error) {
	return s.groupIdx.get(ctx, "", func(ctx context.Context) (*groupIndex, error) {
		groups, err := s.Groups(ctx)
		if err != nil {
			return nil, err
		}
		idx := &groupIndex{
			byID:   make(map[string]int, len(groups)),
			byName: make(map[string]int, len(groups)),
			groups: groups,
		}
		for i, g := range groups {
			idx.byID[g.ID] = i
			if _, dup := idx.byName[g.Name]; !dup {
				idx.byName[g.Name] = i
			}
		}
		return idx, nil
	})
}

// GroupByID returns the group with id from the memoized group list.
func (s *Snapshot) GroupByID(ctx context.Context, id string) (okta.Group, bool, error) {
	idx, err := s.groupIndex(ctx)
	if err != nil {
		return okta.Group{}, false, err
	}
	i, ok := idx.byID[id]
	if !ok {
		return okta.Group{}, false, nil
	}
	return idx.groups[i], true, nil
}

// GroupByName returns the group whose name is exactly name from the memoized
// group list. Okta does not force group names to be unique; when several groups
// share the name, the one with the lowest id is returned.
func (s *Snapshot) GroupByName(ctx context.Context, name string) (okta.Group, bool, error) {
	idx, err := s.groupIndex(ctx)
	if err != nil {
		return okta.Group{}, false, err
	}
	i, ok := idx.byName[name]
	if !ok {
		return okta.Group{}, false, nil
	}
	return idx.groups[i], true, nil
}

func (s *Snapshot) appIndex(ctx context.Context) (*appIndex, error) {
	return s.appIdx.get(ctx, "", func(ctx context.Context) (*appIndex, error) {
		apps, err := s.Apps(ctx)
		if err != nil {
			return nil, err
		}
		idx := &appIndex{
			byID:       make(map[string]int, len(apps)),
			byClientID: make(map[string]int),
			apps:       apps,
		}
		for i, a := range apps {
			idx.byID[a.ID] = i
			if a.OAuth != nil && a.OAuth.ClientID != "" {
				if _, dup := idx.byClientID[a.OAuth.ClientID]; !dup {
					idx.byClientID[a.OAuth.ClientID] = i
				}
			}
		}
		return idx, nil
	})
}

// AppByID returns the app with id from the memoized app list.
func (s *Snapshot) AppByID(ctx context.Context, id string) (okta.App, bool, error) {
	idx, err := s.appIndex(ctx)
	if err != nil {
		return okta.App{}, false, err
	}
	i, ok := idx.byID[id]
	if !ok {
		return okta.App{}, false, nil
	}
	return idx.apps[i], true, nil
}

// AppByClientID returns the OAuth app whose client id is clientID from the
// memoized app list.
func (s *Snapshot) AppByClientID(ctx context.Context, clientID string) (okta.App, bool, error) {
	idx, err := s.appIndex(ctx)
	if err != nil {
		return okta.App{}, false, err
	}
	i, ok := idx.byClientID[clientID]
	if !ok {
		return okta.App{}, false, nil
	}
	return idx.apps[i], true, nil
}

// ActiveApps returns the ACTIVE apps, sorted by id. The slice is the caller's.
func (s *Snapshot) ActiveApps(ctx context.Context) ([]okta.App, error) {
	return s.appsWhere(ctx, func(a okta.App) bool { return a.Status == StatusActive })
}

// OAuthApps returns the apps that have an OAuth client (OIDC and service apps),
// in every status, sorted by id. The slice is the caller's.
func (s *Snapshot) OAuthApps(ctx context.Context) ([]okta.App, error) {
	return s.appsWhere(ctx, func(a okta.App) bool { return a.OAuth != nil })
}

func (s *Snapshot) appsWhere(ctx context.Context, keep func(okta.App) bool) ([]okta.App, error) {
	apps, err := s.Apps(ctx)
	if err != nil {
		return nil, err
	}
	var out []okta.App
	for _, a := range apps {
		if keep(a) {
			out = append(out, a)
		}
	}
	return out, nil
}

// AllAppAssignments returns the user and group assignments of every app in
// appIDs, fetched concurrently (each app's lists memoized as AppUsers and
// AppGroups). Users are sorted by app id then user id, groups by app id then
// group id. Both slices are the caller's. An empty appIDs yields nothing; pass
// the ids of ActiveApps for "every active app".
func (s *Snapshot) AllAppAssignments(ctx context.Context, appIDs []string) (users []okta.AppUser, groups []okta.AppGroup, err error) {
	return s.allAppAssignments(ctx, s.opts.Concurrency, appIDs)
}

// allAppAssignments is AllAppAssignments with at most limit lists read at once.
func (s *Snapshot) allAppAssignments(ctx context.Context, limit int, appIDs []string) (users []okta.AppUser, groups []okta.AppGroup, err error) {
	appIDs = uniqueStrings(appIDs)
	// One task per app and kind, so the pool stays full when apps differ in size.
	type task struct {
		appID  string
		groups bool
	}
	type result struct {
		users  []okta.AppUser
		groups []okta.AppGroup
	}
	tasks := make([]task, 0, 2*len(appIDs))
	for _, id := range appIDs {
		tasks = append(tasks, task{appID: id}, task{appID: id, groups: true})
	}
	results, err := fanOut(ctx, limit, tasks, func(ctx context.Context, t task) (result, error) {
		if t.groups {
			gs, err := s.AppGroups(ctx, t.appID)
			return result{groups: gs}, err
		}
		us, err := s.AppUsers(ctx, t.appID)
		return result{users: us}, err
	})
	if err != nil {
		return nil, nil, err
	}
	for _, r := range results {
		users = append(users, r.users...)
		groups = append(groups, r.groups...)
	}
	// Tasks run in app id order and each app's lists are sorted, so the
	// concatenation is already in order unless the source filled AppID with
	// another app's id; the stable sort keeps the result ordered even then.
	slices.SortStableFunc(users, func(a, b okta.AppUser) int { return cmp.Compare(a.AppID, b.AppID) })
	slices.SortStableFunc(groups, func(a, b okta.AppGroup) int { return cmp.Compare(a.AppID, b.AppID) })
	return users, groups, nil
}

// UserRolesOf returns the admin roles of each of userIDs, fetched concurrently
// and memoized per user. The map is the caller's; its slices are shared.
func (s *Snapshot) UserRolesOf(ctx context.Context, userIDs []string) (map[string][]okta.Role, error) {
	return fanOutMap(ctx, s.opts.Concurrency, userIDs, s.UserRoles)
}

// GroupRolesOf returns the admin roles of each of groupIDs, fetched
// concurrently and memoized per group. The map is the caller's; its slices are
// shared.
func (s *Snapshot) GroupRolesOf(ctx context.Context, groupIDs []string) (map[string][]okta.Role, error) {
	return fanOutMap(ctx, s.opts.Concurrency, groupIDs, s.GroupRoles)
}

// ClientRolesOf returns the admin roles of each of clientIDs, fetched
// concurrently and memoized per client. The map is the caller's; its slices
// are shared.
func (s *Snapshot) ClientRolesOf(ctx context.Context, clientIDs []string) (map[string][]okta.Role, error) {
	return fanOutMap(ctx, s.opts.Concurrency, clientIDs, s.ClientRoles)
}

// AppGrantsOf returns the scope grants of each of appIDs, fetched concurrently
// and memoized per app. The map is the caller's; its slices are shared.
func (s *Snapshot) AppGrantsOf(ctx context.Context, appIDs []string) (map[string][]okta.Grant, error) {
	return fanOutMap(ctx, s.opts.Concurrency, appIDs, s.AppGrants)
}
