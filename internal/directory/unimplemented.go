package directory

import (
	"context"
	"fmt"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// UnimplementedSource is the base a test's fake Source embeds: every read
// fails with an error naming the method, so a fake that does not serve what a
// test reads fails that test instead of leaving a fact out. AwaitCapacity is
// the exception: a fake paces nothing, so it admits every request.
type UnimplementedSource struct{}

var _ Source = UnimplementedSource{}

func unimplemented(method string) error {
	return fmt.Errorf("directory: fake source: %s not implemented", method)
}

func (UnimplementedSource) ListUsers(context.Context, okta.UserQuery) ([]okta.User, error) {
	return nil, unimplemented(MethodListUsers)
}

func (UnimplementedSource) EachUserPage(context.Context, okta.UserQuery, func([]okta.User) error) error {
	return unimplemented("EachUserPage")
}

func (UnimplementedSource) GetUser(context.Context, string) (okta.User, error) {
	return okta.User{}, unimplemented(MethodGetUser)
}

func (UnimplementedSource) ListUserFactors(context.Context, string) ([]okta.Factor, error) {
	return nil, unimplemented(MethodListUserFactors)
}

func (UnimplementedSource) ListUserRoles(context.Context, string) ([]okta.Role, error) {
	return nil, unimplemented(MethodListUserRoles)
}

func (UnimplementedSource) ListUserGroups(context.Context, string) ([]okta.Group, error) {
	return nil, unimplemented(MethodListUserGroups)
}

func (UnimplementedSource) ListGroups(context.Context, okta.GroupQuery) ([]okta.Group, error) {
	return nil, unimplemented(MethodListGroups)
}

func (UnimplementedSource) ListGroupMemberIDs(context.Context, string) ([]string, error) {
	return nil, unimplemented(MethodListGroupMemberIDs)
}

func (UnimplementedSource) ListGroupRoles(context.Context, string) ([]okta.Role, error) {
	return nil, unimplemented(MethodListGroupRoles)
}

func (UnimplementedSource) ListApps(context.Context, okta.AppQuery) ([]okta.App, error) {
	return nil, unimplemented(MethodListApps)
}

func (UnimplementedSource) GetApp(context.Context, string) (okta.App, error) {
	return okta.App{}, unimplemented(MethodGetApp)
}

func (UnimplementedSource) ListAppUsers(context.Context, string) ([]okta.AppUser, error) {
	return nil, unimplemented(MethodListAppUsers)
}

func (UnimplementedSource) GetAppUser(context.Context, string, string) (okta.AppUser, error) {
	return okta.AppUser{}, unimplemented(MethodGetAppUser)
}

func (UnimplementedSource) ListAppGroups(context.Context, string) ([]okta.AppGroup, error) {
	return nil, unimplemented(MethodListAppGroups)
}

func (UnimplementedSource) ListAppGrants(context.Context, string) ([]okta.Grant, error) {
	return nil, unimplemented(MethodListAppGrants)
}

func (UnimplementedSource) ListClientRoles(context.Context, string) ([]okta.Role, error) {
	return nil, unimplemented(MethodListClientRoles)
}

func (UnimplementedSource) ListRoleAssigneeUsers(context.Context) ([]string, error) {
	return nil, unimplemented(MethodListRoleAssigneeUsers)
}

func (UnimplementedSource) ListAPITokens(context.Context) ([]okta.APIToken, error) {
	return nil, unimplemented(MethodListAPITokens)
}

func (UnimplementedSource) GetOrgMetadata(context.Context) (okta.OrgMetadata, error) {
	return okta.OrgMetadata{}, unimplemented(MethodGetOrgMetadata)
}

func (UnimplementedSource) ListPolicies(context.Context, string) ([]okta.Policy, error) {
	return nil, unimplemented(MethodListPolicies)
}

func (UnimplementedSource) ListPolicyRules(context.Context, string) ([]okta.PolicyRule, error) {
	return nil, unimplemented(MethodListPolicyRules)
}

func (UnimplementedSource) ListLogs(context.Context, time.Time, time.Time, string, int) ([]okta.LogEvent, bool, error) {
	return nil, false, unimplemented(MethodListLogs)
}

func (UnimplementedSource) ListNetworkZones(context.Context) ([]okta.NetworkZone, error) {
	return nil, unimplemented(MethodListNetworkZones)
}

func (UnimplementedSource) ListAuthenticators(context.Context) ([]okta.Authenticator, error) {
	return nil, unimplemented(MethodListAuthenticators)
}

func (UnimplementedSource) ListLogStreams(context.Context) ([]okta.LogStream, error) {
	return nil, unimplemented(MethodListLogStreams)
}

func (UnimplementedSource) GetAdminConsoleSettings(context.Context) (okta.AdminConsoleSettings, error) {
	return okta.AdminConsoleSettings{}, unimplemented(MethodGetAdminConsoleSettings)
}

func (UnimplementedSource) ListIdentityProviders(context.Context, string) ([]okta.IdentityProvider, error) {
	return nil, unimplemented(MethodListIdentityProviders)
}

func (UnimplementedSource) ListTrustedOrigins(context.Context) ([]okta.TrustedOrigin, error) {
	return nil, unimplemented(MethodListTrustedOrigins)
}

func (UnimplementedSource) GetThreatInsightConfiguration(context.Context) (okta.ThreatInsightConfiguration, error) {
	return okta.ThreatInsightConfiguration{}, unimplemented(MethodGetThreatInsightConfiguration)
}

func (UnimplementedSource) ListBehaviors(context.Context) ([]okta.Behavior, error) {
	return nil, unimplemented(MethodListBehaviors)
}

func (UnimplementedSource) ListEventHooks(context.Context) ([]okta.EventHook, error) {
	return nil, unimplemented(MethodListEventHooks)
}

func (UnimplementedSource) ListDeviceAssurances(context.Context) ([]okta.DeviceAssurance, error) {
	return nil, unimplemented(MethodListDeviceAssurances)
}

// AwaitCapacity admits every request: a fake has no rate limits to keep.
func (UnimplementedSource) AwaitCapacity(context.Context, string) error { return nil }
