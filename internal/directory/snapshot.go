// Package directory is the org snapshot shared by every data source and check in
// one provider process: each collection is fetched at most once, lazily, on first
// use, and concurrently where the rate-limit buckets allow. Concurrent callers
// asking for the same collection wait for one fetch.
package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Source is everything the snapshot reads from Okta, in one interface checked
// at compile time: *okta.Client implements it, and the snapshot never asks
// its source, at run time, whether it can do more. A test fake embeds
// UnimplementedSource and overrides what it serves, so a read it forgot fails
// loudly instead of leaving a fact out.
type Source interface {
	// Users.
	ListUsers(ctx context.Context, q okta.UserQuery) ([]okta.User, error)
	// EachUserPage is ListUsers that hands over every page as it arrives, so
	// the snapshot streams users to EachUserPage subscribers while the cursor
	// is still being walked.
	EachUserPage(ctx context.Context, q okta.UserQuery, page func([]okta.User) error) error
	GetUser(ctx context.Context, idOrLogin string) (okta.User, error)
	ListUserFactors(ctx context.Context, userID string) ([]okta.Factor, error)
	ListUserRoles(ctx context.Context, userID string) ([]okta.Role, error)
	ListUserGroups(ctx context.Context, userID string) ([]okta.Group, error)

	// Groups.
	ListGroups(ctx context.Context, q okta.GroupQuery) ([]okta.Group, error)
	ListGroupMemberIDs(ctx context.Context, groupID string) ([]string, error)
	ListGroupRoles(ctx context.Context, groupID string) ([]okta.Role, error)

	// Apps. GetApp and GetAppUser serve the System Log replay.
	ListApps(ctx context.Context, q okta.AppQuery) ([]okta.App, error)
	GetApp(ctx context.Context, appID string) (okta.App, error)
	ListAppUsers(ctx context.Context, appID string) ([]okta.AppUser, error)
	GetAppUser(ctx context.Context, appID, userID string) (okta.AppUser, error)
	ListAppGroups(ctx context.Context, appID string) ([]okta.AppGroup, error)
	ListAppGrants(ctx context.Context, appID string) ([]okta.Grant, error)
	ListClientRoles(ctx context.Context, clientID string) ([]okta.Role, error)
	// ListRoleAssigneeUsers returns the ids of the users who hold an admin role,
	// directly or through a group.
	ListRoleAssigneeUsers(ctx context.Context) ([]string, error)

	// The org, its policies and settings, and the System Log. Authenticators,
	// log streams, the Admin Console settings, identity providers, the
	// ThreatInsight configuration and behavior detection rules are a handful
	// of requests per plan, fetched fresh each plan: they are not part of the
	// snapshot's compact form kept in state.
	ListAPITokens(ctx context.Context) ([]okta.APIToken, error)
	GetOrgMetadata(ctx context.Context) (okta.OrgMetadata, error)
	ListPolicies(ctx context.Context, policyType string) ([]okta.Policy, error)
	ListPolicyRules(ctx context.Context, policyID string) ([]okta.PolicyRule, error)
	// ListLogs reads the events published in [since, until), oldest first, at
	// most maxEvents of them (<= 0: no cap); truncated reports that more matched.
	ListLogs(ctx context.Context, since, until time.Time, filter string, maxEvents int) ([]okta.LogEvent, bool, error)
	ListNetworkZones(ctx context.Context) ([]okta.NetworkZone, error)
	ListAuthenticators(ctx context.Context) ([]okta.Authenticator, error)
	ListLogStreams(ctx context.Context) ([]okta.LogStream, error)
	GetAdminConsoleSettings(ctx context.Context) (okta.AdminConsoleSettings, error)
	ListIdentityProviders(ctx context.Context, idpType string) ([]okta.IdentityProvider, error)
	ListTrustedOrigins(ctx context.Context) ([]okta.TrustedOrigin, error)
	GetThreatInsightConfiguration(ctx context.Context) (okta.ThreatInsightConfiguration, error)
	ListBehaviors(ctx context.Context) ([]okta.Behavior, error)
	ListEventHooks(ctx context.Context) ([]okta.EventHook, error)
	ListDeviceAssurances(ctx context.Context) ([]okta.DeviceAssurance, error)

	// AwaitCapacity returns once a request to Okta's rate-limit bucket (an
	// internal/ratelimit name) would be admitted now; the snapshot calls it
	// before taking one of its slots (see metered).
	AwaitCapacity(ctx context.Context, bucket string) error
}

var _ Source = (*okta.Client)(nil)

// DefaultConcurrency is the fan-out bound used when Options.Concurrency is not
// positive.
const DefaultConcurrency = 8

// deprovisionedSearch finds the users the unfiltered list leaves out.
const deprovisionedSearch = `status eq "DEPROVISIONED"`

// Options tune a snapshot.
type Options struct {
	// Concurrency bounds the snapshot's own fan-out (factors per user, members per
	// group, assignments per app). The client's max_concurrency still applies.
	// It is also the most Source calls the snapshot has in flight at once,
	// whichever callers they serve. Default DefaultConcurrency.
	Concurrency int
	// PlanTime fixes the snapshot's "now" (PlanTime): the instant a replay of
	// the System Log brings a stored snapshot to, and that checks judge by.
	// The provider sets it from its as_of argument, plantimestamp(), which is
	// the same instant when Terraform plans and when it applies the saved
	// plan. Zero: the first time PlanTime is asked.
	PlanTime time.Time
	// Progress, when set, counts the users listed and the factor lists read
	// by UsersWithFactors (the bulk of a full scan), for a progress display.
	Progress *Progress
}

// Snapshot memoizes collections. Every returned slice is sorted by id (users by
// id, groups by id, apps by id, factors by id, ids ascending) and must not be
// modified by callers; the same holds for returned maps that the snapshot keeps
// (UserGroupIDs).
//
// A collection is fetched on first use; callers asking for it while the fetch
// runs wait for that fetch. A fetch runs detached from any one caller's
// cancellation: a caller whose ctx ends stops waiting and gets ctx.Err(), the
// others keep waiting, and the fetch itself is cancelled only when no caller is
// left waiting for it. A failed fetch is reported to everyone who waited for it
// and is not kept: the next caller fetches again.
//
// A Snapshot is safe for concurrent use. It never refreshes: build a new one to
// see later changes.
type Snapshot struct {
	src  *metered
	opts Options

	users        memo[[]okta.User]
	userLookups  memo[userLookup] // by the idOrLogin given to User
	trimmed      trimmedProfiles  // seeded users whose profile is trimmed
	fullProfiles memo[userLookup] // by user id, for WithFullProfiles
	fullUsers    memo[[]okta.User]
	userIdx      memo[*userIndex]
	factors      memo[[]okta.Factor] // by user id
	// trimmedFactors are the users whose factor list was seeded from a
	// stored snapshot, without the factors' profiles; fullFactors their lists
	// read again, for FullFactorsOf.
	trimmedFactors trimmedProfiles
	fullFactors    memo[[]okta.Factor] // by user id
	groups         memo[[]okta.Group]
	groupIdx       memo[*groupIndex]
	members        memo[[]string] // by group id
	userGroupIDs   memo[map[string][]string]
	apps           memo[[]okta.App]
	appIdx         memo[*appIndex]
	appUsers       memo[[]okta.AppUser]  // by app id
	appGroups      memo[[]okta.AppGroup] // by app id
	appGrants      memo[[]okta.Grant]    // by app id
	clientRoles    memo[[]okta.Role]     // by client id
	userRoles      memo[[]okta.Role]     // by user id
	groupRoles     memo[[]okta.Role]     // by group id
	tokens         memo[[]okta.APIToken]
	org            memo[okta.OrgMetadata]

	ev     evidenceState // policies, rules, log windows, role assignees
	search searchState   // LookupUser and the searches: search.go

	feedMu sync.Mutex
	feed   *pageFeed // the users fetch in flight, for EachUserPage; nil when none

	refreshMu sync.Mutex
	refreshed *RefreshResult // the first successful Refresh
}

// New returns an empty snapshot over src.
func New(src Source, opts Options) *Snapshot {
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	s := &Snapshot{src: newMetered(src, opts.Concurrency), opts: opts}
	if !opts.PlanTime.IsZero() {
		s.ev.planTime = opts.PlanTime.UTC().Truncate(time.Second)
	}
	return s
}

// Stats returns how many Source calls the snapshot has made, per Source method
// name (the Method… constants); methods never called are absent. Users makes
// two ListUsers calls.
func (s *Snapshot) Stats() map[string]int64 { return s.src.stats() }

// Users returns every user in the org, DEPROVISIONED included (Okta's unfiltered
// list omits them, so they are fetched with a search too).
func (s *Snapshot) Users(ctx context.Context) ([]okta.User, error) {
	return s.users.get(ctx, "", func(ctx context.Context) ([]okta.User, error) {
		feed := s.userFeed()
		var active, deprovisioned []okta.User
		g, gctx := errgroup.WithContext(ctx)
		g.Go(func() error {
			var err error
			active, err = s.src.eachUserPage(gctx, okta.UserQuery{}, feed.publish)
			if err != nil {
				return fmt.Errorf("listing users: %w", err)
			}
			return nil
		})
		g.Go(func() error {
			var err error
			deprovisioned, err = s.src.eachUserPage(gctx, okta.UserQuery{Search: deprovisionedSearch}, feed.publish)
			if err != nil {
				return fmt.Errorf("listing deprovisioned users: %w", err)
			}
			return nil
		})
		err := g.Wait()
		s.endUserFeed(feed, err)
		if err != nil {
			return nil, err
		}
		return mergeUsers(active, deprovisioned), nil
	})
}

// mergeUsers merges user lists, one user per id, sorted by id. A user in both
// lists changed status between the two requests; the copy Okta updated last
// wins, and on a tie the one listed first.
func mergeUsers(lists ...[]okta.User) []okta.User {
	var all []okta.User
	for _, l := range lists {
		all = append(all, l...)
	}
	slices.SortStableFunc(all, func(a, b okta.User) int {
		if c := cmp.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return b.LastUpdated.Compare(a.LastUpdated)
	})
	return slices.CompactFunc(all, func(a, b okta.User) bool { return a.ID == b.ID })
}

// Factors returns one user's factors.
func (s *Snapshot) Factors(ctx context.Context, userID string) ([]okta.Factor, error) {
	return s.factors.get(ctx, userID, func(ctx context.Context) ([]okta.Factor, error) {
		fs, err := s.src.listUserFactors(ctx, userID)
		if err != nil {
			return nil, fmt.Errorf("listing factors of user %s: %w", userID, err)
		}
		s.trimmedFactors.forget(userID) // read whole, profiles included
		return sortedUniqueBy(fs, func(f okta.Factor) string { return f.ID }), nil
	})
}

// FactorsOf returns the factors of each of userIDs, fetched concurrently.
// The first failure cancels the fetches still running and is returned. Each
// user's factors are memoized: a later Factors or FactorsOf for the same user
// makes no new call. The map is the caller's; its slices are shared.
func (s *Snapshot) FactorsOf(ctx context.Context, userIDs []string) (map[string][]okta.Factor, error) {
	return fanOutMap(ctx, s.opts.Concurrency, userIDs, s.Factors)
}

// Groups returns every group.
func (s *Snapshot) Groups(ctx context.Context) ([]okta.Group, error) {
	return s.groups.get(ctx, "", func(ctx context.Context) ([]okta.Group, error) {
		gs, err := s.src.listGroups(ctx, okta.GroupQuery{})
		if err != nil {
			return nil, fmt.Errorf("listing groups: %w", err)
		}
		return sortedUniqueBy(gs, func(g okta.Group) string { return g.ID }), nil
	})
}

// GroupMemberIDs returns one group's member ids.
func (s *Snapshot) GroupMemberIDs(ctx context.Context, groupID string) ([]string, error) {
	return s.members.get(ctx, groupID, func(ctx context.Context) ([]string, error) {
		ids, err := s.src.listGroupMemberIDs(ctx, groupID)
		if err != nil {
			return nil, fmt.Errorf("listing members of group %s: %w", groupID, err)
		}
		return uniqueStrings(ids), nil
	})
}

// GroupMemberIDsOf returns the member ids of each of groupIDs, fetched
// concurrently and memoized per group like FactorsOf.
func (s *Snapshot) GroupMemberIDsOf(ctx context.Context, groupIDs []string) (map[string][]string, error) {
	return fanOutMap(ctx, s.opts.Concurrency, groupIDs, s.GroupMemberIDs)
}

// UserGroupIDs maps every user id to the ids of the groups it belongs to,
// computed from the group side (one members list per group, not one call per
// user). Users in no group are absent.
//
// Orgs have far fewer groups than users, and a members list is paged 200 ids to
// the page, so walking groups costs roughly groups + memberships/200 requests,
// against one request per user (100k in a large org) for /users/{id}/groups.
// The members lists fetched here are also what GroupMemberIDs serves.
func (s *Snapshot) UserGroupIDs(ctx context.Context) (map[string][]string, error) {
	return s.userGroupIDs.get(ctx, "", func(ctx context.Context) (map[string][]string, error) {
		groups, err := s.Groups(ctx)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(groups))
		for i, g := range groups {
			ids[i] = g.ID
		}
		members, err := s.GroupMemberIDsOf(ctx, ids)
		if err != nil {
			return nil, err
		}
		return invertMembership(members), nil
	})
}

// invertMembership turns group → member ids into user → sorted group ids.
func invertMembership(members map[string][]string) map[string][]string {
	out := make(map[string][]string)
	for groupID, userIDs := range members {
		for _, userID := range userIDs {
			out[userID] = append(out[userID], groupID)
		}
	}
	for userID, groupIDs := range out {
		out[userID] = uniqueStrings(groupIDs)
	}
	return out
}

// Apps returns every app, in every status.
func (s *Snapshot) Apps(ctx context.Context) ([]okta.App, error) {
	return s.apps.get(ctx, "", func(ctx context.Context) ([]okta.App, error) {
		// An empty query lists apps of every status; a filter would narrow it.
		as, err := s.src.listApps(ctx, okta.AppQuery{})
		if err != nil {
			return nil, fmt.Errorf("listing apps: %w", err)
		}
		return sortedUniqueBy(as, func(a okta.App) string { return a.ID }), nil
	})
}

// AppUsers returns an app's user assignments, sorted by user id. AppID is set
// to appID where the source left it empty.
func (s *Snapshot) AppUsers(ctx context.Context, appID string) ([]okta.AppUser, error) {
	return s.appUsers.get(ctx, appID, func(ctx context.Context) ([]okta.AppUser, error) {
		us, err := s.src.listAppUsers(ctx, appID)
		if err != nil {
			return nil, fmt.Errorf("listing users assigned to app %s: %w", appID, err)
		}
		us = sortedUniqueBy(us, func(u okta.AppUser) string { return u.UserID })
		for i := range us {
			if us[i].AppID == "" {
				us[i].AppID = appID
			}
		}
		return us, nil
	})
}

// AppGroups returns an app's group assignments, sorted by group id. AppID is
// set to appID where the source left it empty.
func (s *Snapshot) AppGroups(ctx context.Context, appID string) ([]okta.AppGroup, error) {
	return s.appGroups.get(ctx, appID, func(ctx context.Context) ([]okta.AppGroup, error) {
		gs, err := s.src.listAppGroups(ctx, appID)
		if err != nil {
			return nil, fmt.Errorf("listing groups assigned to app %s: %w", appID, err)
		}
		gs = sortedUniqueBy(gs, func(g okta.AppGroup) string { return g.GroupID })
		for i := range gs {
			if gs[i].AppID == "" {
				gs[i].AppID = appID
			}
		}
		return gs, nil
	})
}

// AppGrants returns an app's scope grants, sorted by scope then id. AppID is
// set to appID where the source left it empty.
func (s *Snapshot) AppGrants(ctx context.Context, appID string) ([]okta.Grant, error) {
	return s.appGrants.get(ctx, appID, func(ctx context.Context) ([]okta.Grant, error) {
		gs, err := s.src.listAppGrants(ctx, appID)
		if err != nil {
			return nil, fmt.Errorf("listing grants of app %s: %w", appID, err)
		}
		gs = sortedUniqueBy(gs, func(g okta.Grant) string { return g.ID })
		for i := range gs {
			if gs[i].AppID == "" {
				gs[i].AppID = appID
			}
		}
		slices.SortFunc(gs, func(a, b okta.Grant) int {
			return cmp.Or(cmp.Compare(a.ScopeID, b.ScopeID), cmp.Compare(a.ID, b.ID))
		})
		return gs, nil
	})
}

// ClientRoles returns an OAuth client's admin roles, sorted by id.
func (s *Snapshot) ClientRoles(ctx context.Context, clientID string) ([]okta.Role, error) {
	return s.clientRoles.get(ctx, clientID, func(ctx context.Context) ([]okta.Role, error) {
		rs, err := s.src.listClientRoles(ctx, clientID)
		if err != nil {
			return nil, fmt.Errorf("listing roles of client %s: %w", clientID, err)
		}
		return sortRoles(rs), nil
	})
}

// UserRoles returns a user's admin roles (direct and through groups), sorted by
// id.
func (s *Snapshot) UserRoles(ctx context.Context, userID string) ([]okta.Role, error) {
	return s.userRoles.get(ctx, userID, func(ctx context.Context) ([]okta.Role, error) {
		rs, err := s.src.listUserRoles(ctx, userID)
		if err != nil {
			return nil, fmt.Errorf("listing roles of user %s: %w", userID, err)
		}
		return sortRoles(rs), nil
	})
}

// GroupRoles returns the admin roles assigned to a group, sorted by id.
func (s *Snapshot) GroupRoles(ctx context.Context, groupID string) ([]okta.Role, error) {
	return s.groupRoles.get(ctx, groupID, func(ctx context.Context) ([]okta.Role, error) {
		rs, err := s.src.listGroupRoles(ctx, groupID)
		if err != nil {
			return nil, fmt.Errorf("listing roles of group %s: %w", groupID, err)
		}
		return sortRoles(rs), nil
	})
}

// sortRoles sorts by id. A user's list may carry the same role id twice, once
// held directly and once through a group, so roles are deduplicated only when
// id and assignment type both match.
func sortRoles(rs []okta.Role) []okta.Role {
	rs = sortedUniqueBy(rs, func(r okta.Role) string { return r.ID + "\x00" + r.AssignmentType })
	slices.SortStableFunc(rs, func(a, b okta.Role) int { return cmp.Compare(a.ID, b.ID) })
	return rs
}

// APITokens returns every API token's metadata, sorted by id.
func (s *Snapshot) APITokens(ctx context.Context) ([]okta.APIToken, error) {
	return s.tokens.get(ctx, "", func(ctx context.Context) ([]okta.APIToken, error) {
		ts, err := s.src.listAPITokens(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing API tokens: %w", err)
		}
		return sortedUniqueBy(ts, func(t okta.APIToken) string { return t.ID }), nil
	})
}

// Org returns the org's metadata.
func (s *Snapshot) Org(ctx context.Context) (okta.OrgMetadata, error) {
	return s.org.get(ctx, "", func(ctx context.Context) (okta.OrgMetadata, error) {
		md, err := s.src.getOrgMetadata(ctx)
		if err != nil {
			return okta.OrgMetadata{}, fmt.Errorf("reading org metadata: %w", err)
		}
		return md, nil
	})
}
