// Package directory is the org snapshot shared by every data source and check in
// one provider process: each collection is fetched at most once, lazily, on first
// use, and concurrently where the rate-limit buckets allow. Concurrent callers
// asking for the same collection wait for one fetch.
package directory

import (
	"context"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Source is what the snapshot needs from Okta; *okta.Client implements it, tests
// use fakes.
type Source interface {
	ListUsers(ctx context.Context, q okta.UserQuery) ([]okta.User, error)
	GetUser(ctx context.Context, idOrLogin string) (okta.User, error)
	ListUserFactors(ctx context.Context, userID string) ([]okta.Factor, error)
	ListUserRoles(ctx context.Context, userID string) ([]okta.Role, error)
	ListGroups(ctx context.Context, q okta.GroupQuery) ([]okta.Group, error)
	ListGroupMemberIDs(ctx context.Context, groupID string) ([]string, error)
	ListGroupRoles(ctx context.Context, groupID string) ([]okta.Role, error)
	ListApps(ctx context.Context, q okta.AppQuery) ([]okta.App, error)
	ListAppUsers(ctx context.Context, appID string) ([]okta.AppUser, error)
	ListAppGroups(ctx context.Context, appID string) ([]okta.AppGroup, error)
	ListAppGrants(ctx context.Context, appID string) ([]okta.Grant, error)
	ListClientRoles(ctx context.Context, clientID string) ([]okta.Role, error)
	ListAPITokens(ctx context.Context) ([]okta.APIToken, error)
	GetOrgMetadata(ctx context.Context) (okta.OrgMetadata, error)
}

var _ Source = (*okta.Client)(nil)

// Options tune a snapshot.
type Options struct {
	// Concurrency bounds the snapshot's own fan-out (factors per user, members per
	// group, assignments per app). The client's max_concurrency still applies.
	Concurrency int
}

// Snapshot memoizes collections. Every returned slice is sorted by id (users by
// id, groups by id, apps by id, factors by id, ids ascending) and must not be
// modified by callers.
type Snapshot struct {
	src  Source
	opts Options
}

// New returns an empty snapshot over src.
func New(src Source, opts Options) *Snapshot { return &Snapshot{src: src, opts: opts} }

// Users returns every user in the org, DEPROVISIONED included (Okta's unfiltered
// list omits them, so they are fetched with a search too).
func (s *Snapshot) Users(ctx context.Context) ([]okta.User, error) { panic("not implemented") }

// Factors returns one user's factors.
func (s *Snapshot) Factors(ctx context.Context, userID string) ([]okta.Factor, error) {
	panic("not implemented")
}

// FactorsOf returns the factors of each of userIDs, fetched concurrently.
func (s *Snapshot) FactorsOf(ctx context.Context, userIDs []string) (map[string][]okta.Factor, error) {
	panic("not implemented")
}

// Groups returns every group.
func (s *Snapshot) Groups(ctx context.Context) ([]okta.Group, error) { panic("not implemented") }

// GroupMemberIDs returns one group's member ids.
func (s *Snapshot) GroupMemberIDs(ctx context.Context, groupID string) ([]string, error) {
	panic("not implemented")
}

// UserGroupIDs maps every user id to the ids of the groups it belongs to,
// computed from the group side (one members list per group, not one call per
// user). Users in no group are absent.
func (s *Snapshot) UserGroupIDs(ctx context.Context) (map[string][]string, error) {
	panic("not implemented")
}

// Apps returns every app, in every status.
func (s *Snapshot) Apps(ctx context.Context) ([]okta.App, error) { panic("not implemented") }

// AppUsers returns an app's user assignments, sorted by user id.
func (s *Snapshot) AppUsers(ctx context.Context, appID string) ([]okta.AppUser, error) {
	panic("not implemented")
}

// AppGroups returns an app's group assignments, sorted by group id.
func (s *Snapshot) AppGroups(ctx context.Context, appID string) ([]okta.AppGroup, error) {
	panic("not implemented")
}

// AppGrants returns an app's scope grants, sorted by scope then id.
func (s *Snapshot) AppGrants(ctx context.Context, appID string) ([]okta.Grant, error) {
	panic("not implemented")
}

// ClientRoles returns an OAuth client's admin roles.
func (s *Snapshot) ClientRoles(ctx context.Context, clientID string) ([]okta.Role, error) {
	panic("not implemented")
}

// UserRoles returns a user's admin roles (direct and through groups).
func (s *Snapshot) UserRoles(ctx context.Context, userID string) ([]okta.Role, error) {
	panic("not implemented")
}

// APITokens returns every API token's metadata, sorted by id.
func (s *Snapshot) APITokens(ctx context.Context) ([]okta.APIToken, error) { panic("not implemented") }

// Org returns the org's metadata.
func (s *Snapshot) Org(ctx context.Context) (okta.OrgMetadata, error) { panic("not implemented") }
