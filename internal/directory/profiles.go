package directory

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// trimmedProfiles records the users whose profile is the compact snapshot's
// trimmed one (keptProfile): every user Seed put in the snapshot, until the
// System Log replay reads the user again. Checks read only kept attributes;
// a data source that shows the whole profile completes these first.
type trimmedProfiles struct {
	mu  sync.Mutex
	ids map[string]bool
}

func (t *trimmedProfiles) mark(users []okta.User) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ids == nil {
		t.ids = make(map[string]bool, len(users))
	}
	for _, u := range users {
		t.ids[u.ID] = true
	}
}

func (t *trimmedProfiles) markIDs(ids ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ids == nil {
		t.ids = make(map[string]bool, len(ids))
	}
	for _, id := range ids {
		t.ids[id] = true
	}
}

// ofIDs returns the ids among ids that are marked.
func (t *trimmedProfiles) ofIDs(ids []string) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, id := range ids {
		if t.ids[id] {
			out = append(out, id)
		}
	}
	return out
}

func (t *trimmedProfiles) forget(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.ids, id)
}

func (t *trimmedProfiles) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ids = nil
}

func (t *trimmedProfiles) of(users []okta.User) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var ids []string
	for _, u := range users {
		if t.ids[u.ID] {
			ids = append(ids, u.ID)
		}
	}
	return ids
}

// usersPerListPage is the page size of the user list (Okta's largest).
const usersPerListPage = 200

// WithFullProfiles returns users with every profile attribute Okta holds. A
// user read from Okta in this plan has them already; a user seeded from a
// stored snapshot has only the attributes the checks read, and is read again:
// one GET each when that is no more requests than the whole user list, or
// the list once (memoized) when it is fewer: a re-plan's cost is counted in
// requests. A user Okta no longer knows keeps the profile it had.
func (s *Snapshot) WithFullProfiles(ctx context.Context, users []okta.User) ([]okta.User, error) {
	ids := s.trimmed.of(users)
	if len(ids) == 0 {
		return users, nil
	}
	all, _ := s.users.peek("")
	listPages := (len(all)+usersPerListPage-1)/usersPerListPage + 1 // and the DEPROVISIONED search
	var full map[string]okta.User
	var err error
	if len(ids) <= listPages {
		full, err = s.fullProfilesByGet(ctx, ids)
	} else {
		full, err = s.fullProfilesByList(ctx)
	}
	if err != nil {
		return nil, err
	}
	out := make([]okta.User, len(users))
	for i, u := range users {
		if f, ok := full[u.ID]; ok {
			u.Profile = f.Profile
		}
		out[i] = u
	}
	return out, nil
}

// fullProfilesByGet reads the users ids one GET each (memoized per user), by
// id; a user Okta no longer knows is left out.
func (s *Snapshot) fullProfilesByGet(ctx context.Context, ids []string) (map[string]okta.User, error) {
	got, err := fanOutMap(ctx, s.opts.Concurrency, ids, func(ctx context.Context, id string) (userLookup, error) {
		return s.fullProfiles.get(ctx, id, func(ctx context.Context) (userLookup, error) {
			u, err := s.src.getUser(ctx, id)
			if okta.IsNotFound(err) {
				return userLookup{}, nil
			}
			if err != nil {
				return userLookup{}, fmt.Errorf("reading user %s for its profile: %w", id, err)
			}
			return userLookup{user: u, found: true}, nil
		})
	})
	if err != nil {
		return nil, err
	}
	full := make(map[string]okta.User, len(ids))
	for id, l := range got {
		if l.found {
			full[id] = l.user
		}
	}
	return full, nil
}

// fullProfilesByList reads every user, active and deprovisioned, from the
// user list (memoized), by id.
func (s *Snapshot) fullProfilesByList(ctx context.Context) (map[string]okta.User, error) {
	listed, err := s.fullUsers.get(ctx, "", func(ctx context.Context) ([]okta.User, error) {
		ignore := func([]okta.User) {}
		active, err := s.src.eachUserPage(ctx, okta.UserQuery{}, ignore)
		if err != nil {
			return nil, fmt.Errorf("listing users for their profiles: %w", err)
		}
		gone, err := s.src.eachUserPage(ctx, okta.UserQuery{Search: deprovisionedSearch}, ignore)
		if err != nil {
			return nil, fmt.Errorf("listing deprovisioned users for their profiles: %w", err)
		}
		return mergeUsers(active, gone), nil
	})
	if err != nil {
		return nil, err
	}
	full := make(map[string]okta.User, len(listed))
	for _, u := range listed {
		full[u.ID] = u
	}
	return full, nil
}

// FullFactorsOf is FactorsOf with every factor's profile (phone number,
// device or authenticator name, security question…), for the data sources
// that show it. A compact snapshot stores no factor profile, so the factor
// lists it seeded are read again: one request per such user who has a
// factor, memoized. The
// factors are the snapshot's (those the checks judged), with the profiles
// Okta returns now; a factor Okta no longer lists keeps an empty profile.
func (s *Snapshot) FullFactorsOf(ctx context.Context, userIDs []string) (map[string][]okta.Factor, error) {
	factors, err := s.FactorsOf(ctx, userIDs)
	if err != nil {
		return nil, err
	}
	// A seeded user without factors has no profile to complete.
	ids := slices.DeleteFunc(s.trimmedFactors.ofIDs(userIDs), func(id string) bool { return len(factors[id]) == 0 })
	if len(ids) == 0 {
		return factors, nil
	}
	full, err := fanOutMap(ctx, s.opts.Concurrency, ids, func(ctx context.Context, id string) ([]okta.Factor, error) {
		return s.fullFactors.get(ctx, id, func(ctx context.Context) ([]okta.Factor, error) {
			fs, err := s.src.listUserFactors(ctx, id)
			if okta.IsNotFound(err) {
				return nil, nil
			}
			if err != nil {
				return nil, fmt.Errorf("reading the factors of user %s for their profiles: %w", id, err)
			}
			return fs, nil
		})
	})
	if err != nil {
		return nil, err
	}
	for id, fetched := range full {
		profiles := make(map[string]map[string]string, len(fetched))
		for _, f := range fetched {
			profiles[f.ID] = f.Profile
		}
		completed := make([]okta.Factor, len(factors[id]))
		for i, f := range factors[id] {
			if p, ok := profiles[f.ID]; ok {
				f.Profile = p
			}
			completed[i] = f
		}
		factors[id] = completed
	}
	return factors, nil
}

// FullFactors is FullFactorsOf for one user.
func (s *Snapshot) FullFactors(ctx context.Context, userID string) ([]okta.Factor, error) {
	m, err := s.FullFactorsOf(ctx, []string{userID})
	if err != nil {
		return nil, err
	}
	return m[userID], nil
}
