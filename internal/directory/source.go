package directory

import (
	"context"
	"sync/atomic"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// Method names as counted by Snapshot.Stats: the names of Source's methods.
const (
	MethodListUsers          = "ListUsers"
	MethodGetUser            = "GetUser"
	MethodListUserFactors    = "ListUserFactors"
	MethodListUserRoles      = "ListUserRoles"
	MethodListGroups         = "ListGroups"
	MethodListGroupMemberIDs = "ListGroupMemberIDs"
	MethodListGroupRoles     = "ListGroupRoles"
	MethodListApps           = "ListApps"
	MethodListAppUsers       = "ListAppUsers"
	MethodListAppGroups      = "ListAppGroups"
	MethodListAppGrants      = "ListAppGrants"
	MethodListClientRoles    = "ListClientRoles"
	MethodListAPITokens      = "ListAPITokens"
	MethodGetOrgMetadata     = "GetOrgMetadata"
	MethodGetApp             = "GetApp"
	MethodGetAppUser         = "GetAppUser"
)

var allMethods = []string{
	MethodListUsers, MethodGetUser, MethodListUserFactors, MethodListUserRoles,
	MethodListGroups, MethodListGroupMemberIDs, MethodListGroupRoles,
	MethodListApps, MethodListAppUsers, MethodListAppGroups, MethodListAppGrants,
	MethodListClientRoles, MethodListAPITokens, MethodGetOrgMetadata,
	MethodListPolicies, MethodListPolicyRules, MethodListLogs,
	MethodListRoleAssigneeUsers, MethodListUserGroups,
	MethodGetApp, MethodGetAppUser,
	MethodListNetworkZones,
	MethodListAuthenticators, MethodListLogStreams, MethodGetAdminConsoleSettings,
	MethodListIdentityProviders,
	MethodListTrustedOrigins,
	MethodGetThreatInsightConfiguration,
	MethodListBehaviors,
	MethodListEventHooks,
	MethodListDeviceAssurances,
}

// methodBucket is the Okta rate-limit bucket each Source method's requests count
// against (internal/ratelimit names).
var methodBucket = map[string]string{
	MethodListUsers:             ratelimit.UsersList,
	MethodGetUser:               ratelimit.UserGet,
	MethodListUserFactors:       ratelimit.UserGet,
	MethodListUserRoles:         ratelimit.UserGet,
	MethodListUserGroups:        ratelimit.UserGet,
	MethodListGroups:            ratelimit.Groups,
	MethodListGroupMemberIDs:    ratelimit.Groups,
	MethodListGroupRoles:        ratelimit.Groups,
	MethodListApps:              ratelimit.Apps,
	MethodListAppUsers:          ratelimit.Apps,
	MethodListAppGroups:         ratelimit.Apps,
	MethodListAppGrants:         ratelimit.Apps,
	MethodListClientRoles:       ratelimit.Clients,
	MethodListAPITokens:         ratelimit.APITokens,
	MethodGetOrgMetadata:        ratelimit.Org,
	MethodListPolicies:          ratelimit.Policies,
	MethodListPolicyRules:       ratelimit.Policies,
	MethodListLogs:              ratelimit.Logs,
	MethodListRoleAssigneeUsers: ratelimit.IAM,
	MethodGetApp:                ratelimit.Apps,
	MethodGetAppUser:            ratelimit.Apps,
	MethodListNetworkZones:      ratelimit.Other,
	// /api/v1/authenticators, /api/v1/logStreams,
	// /api/v1/first-party-app-settings and /api/v1/idps count against no
	// bucket of their own.
	MethodListAuthenticators:      ratelimit.Other,
	MethodListLogStreams:          ratelimit.Other,
	MethodGetAdminConsoleSettings: ratelimit.Other,
	MethodListIdentityProviders:   ratelimit.Other,
	// /api/v1/trustedOrigins counts against no bucket of its own either.
	MethodListTrustedOrigins: ratelimit.Other,
	// /api/v1/threats has no bucket of its own either.
	MethodGetThreatInsightConfiguration: ratelimit.Other,
	MethodListBehaviors:                 ratelimit.Other,
	// /api/v1/eventHooks has no bucket of its own either.
	MethodListEventHooks:       ratelimit.Other,
	MethodListDeviceAssurances: ratelimit.Other,
}

// metered wraps a Source: it counts calls per method and holds every call to a
// snapshot-wide limit of in-flight calls. The limit makes Options.Concurrency a
// bound on the whole snapshot, not per fan-out, so data sources read in parallel
// by Terraform do not multiply it.
//
// A call first waits, without a slot, until its bucket has room
// (Source.AwaitCapacity): a bucket whose window is spent (the users' factors
// in a large org) then cannot fill the slots while another bucket (the apps,
// the groups) has room to spare, so every bucket keeps working at its own rate.
type metered struct {
	src   Source
	slots chan struct{}
	calls map[string]*atomic.Int64 // fixed keys, filled once in newMetered
}

func newMetered(src Source, limit int) *metered {
	m := &metered{
		src:   src,
		slots: make(chan struct{}, limit),
		calls: make(map[string]*atomic.Int64, len(allMethods)),
	}
	for _, name := range allMethods {
		m.calls[name] = new(atomic.Int64)
	}
	return m
}

// call waits for the method's bucket to have room, takes a slot, counts the
// call and runs fn.
func call[V any](ctx context.Context, m *metered, method string, fn func() (V, error)) (V, error) {
	if bucket, ok := methodBucket[method]; ok {
		if err := m.src.AwaitCapacity(ctx, bucket); err != nil {
			var zero V
			return zero, err
		}
	}
	select {
	case m.slots <- struct{}{}:
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
	defer func() { <-m.slots }()
	m.calls[method].Add(1)
	return fn()
}

func (m *metered) stats() map[string]int64 {
	out := make(map[string]int64)
	for name, n := range m.calls {
		if v := n.Load(); v > 0 {
			out[name] = v
		}
	}
	return out
}

// eachUserPage is listUsers that also hands every page to page as it arrives.
func (m *metered) eachUserPage(ctx context.Context, q okta.UserQuery, page func([]okta.User)) ([]okta.User, error) {
	return call(ctx, m, MethodListUsers, func() ([]okta.User, error) {
		var all []okta.User
		err := m.src.EachUserPage(ctx, q, func(p []okta.User) error {
			all = append(all, p...)
			page(p)
			return nil
		})
		return all, err
	})
}

func (m *metered) listUsers(ctx context.Context, q okta.UserQuery) ([]okta.User, error) {
	return call(ctx, m, MethodListUsers, func() ([]okta.User, error) { return m.src.ListUsers(ctx, q) })
}

func (m *metered) getApp(ctx context.Context, appID string) (okta.App, error) {
	return call(ctx, m, MethodGetApp, func() (okta.App, error) { return m.src.GetApp(ctx, appID) })
}

func (m *metered) getAppUser(ctx context.Context, appID, userID string) (okta.AppUser, error) {
	return call(ctx, m, MethodGetAppUser, func() (okta.AppUser, error) { return m.src.GetAppUser(ctx, appID, userID) })
}

func (m *metered) getUser(ctx context.Context, idOrLogin string) (okta.User, error) {
	return call(ctx, m, MethodGetUser, func() (okta.User, error) { return m.src.GetUser(ctx, idOrLogin) })
}

func (m *metered) listUserFactors(ctx context.Context, userID string) ([]okta.Factor, error) {
	return call(ctx, m, MethodListUserFactors, func() ([]okta.Factor, error) { return m.src.ListUserFactors(ctx, userID) })
}

func (m *metered) listUserRoles(ctx context.Context, userID string) ([]okta.Role, error) {
	return call(ctx, m, MethodListUserRoles, func() ([]okta.Role, error) { return m.src.ListUserRoles(ctx, userID) })
}

func (m *metered) listGroups(ctx context.Context, q okta.GroupQuery) ([]okta.Group, error) {
	return call(ctx, m, MethodListGroups, func() ([]okta.Group, error) { return m.src.ListGroups(ctx, q) })
}

func (m *metered) listGroupMemberIDs(ctx context.Context, groupID string) ([]string, error) {
	return call(ctx, m, MethodListGroupMemberIDs, func() ([]string, error) { return m.src.ListGroupMemberIDs(ctx, groupID) })
}

func (m *metered) listGroupRoles(ctx context.Context, groupID string) ([]okta.Role, error) {
	return call(ctx, m, MethodListGroupRoles, func() ([]okta.Role, error) { return m.src.ListGroupRoles(ctx, groupID) })
}

func (m *metered) listApps(ctx context.Context, q okta.AppQuery) ([]okta.App, error) {
	return call(ctx, m, MethodListApps, func() ([]okta.App, error) { return m.src.ListApps(ctx, q) })
}

func (m *metered) listAppUsers(ctx context.Context, appID string) ([]okta.AppUser, error) {
	return call(ctx, m, MethodListAppUsers, func() ([]okta.AppUser, error) { return m.src.ListAppUsers(ctx, appID) })
}

func (m *metered) listAppGroups(ctx context.Context, appID string) ([]okta.AppGroup, error) {
	return call(ctx, m, MethodListAppGroups, func() ([]okta.AppGroup, error) { return m.src.ListAppGroups(ctx, appID) })
}

func (m *metered) listAppGrants(ctx context.Context, appID string) ([]okta.Grant, error) {
	return call(ctx, m, MethodListAppGrants, func() ([]okta.Grant, error) { return m.src.ListAppGrants(ctx, appID) })
}

func (m *metered) listClientRoles(ctx context.Context, clientID string) ([]okta.Role, error) {
	return call(ctx, m, MethodListClientRoles, func() ([]okta.Role, error) { return m.src.ListClientRoles(ctx, clientID) })
}

func (m *metered) listAPITokens(ctx context.Context) ([]okta.APIToken, error) {
	return call(ctx, m, MethodListAPITokens, func() ([]okta.APIToken, error) { return m.src.ListAPITokens(ctx) })
}

func (m *metered) getOrgMetadata(ctx context.Context) (okta.OrgMetadata, error) {
	return call(ctx, m, MethodGetOrgMetadata, func() (okta.OrgMetadata, error) { return m.src.GetOrgMetadata(ctx) })
}
