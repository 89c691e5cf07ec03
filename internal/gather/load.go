package gather

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// LoadMFA loads Users, the members of the scope's groups and the factors of
// every in-scope user.
func LoadMFA(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.MFAInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	members, err := s.GroupMemberIDsOf(ctx, append(append([]string{}, n.GroupIDs...), n.ExcludeGroupIDs...))
	if err != nil {
		return nil, err
	}
	// A throwaway compliance.Facts answers who is in scope: compliance.Facts must not change once a
	// rule has read it, and the scope is needed before the factors are known.
	// The scope judges each user on its own, so it can pick from each page of
	// users as it arrives and the factor requests start with the first page.
	inScope := func(users []okta.User) ([]string, error) {
		return n.ScopeUserIDs(&compliance.Facts{Now: now, Users: users, GroupMembers: members})
	}
	users, factors, err := s.UsersWithFactors(ctx, inScope)
	if err != nil {
		return nil, err
	}
	return &compliance.Facts{Now: now, Users: users, GroupMembers: members, Factors: factors}, nil
}

// LoadOffboarding loads Users; only when an offboarded user is past the grace
// period and still in the org, every app with its user assignments and every
// group that is not BUILT_IN with its members; and only when an entry past
// its grace period matches no user, the System Log's user deletions (the one
// read that needs okta.logs.read).
func LoadOffboarding(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.OffboardingInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	probe := &compliance.Facts{Now: now, Users: users}
	due, err := n.DueUserIDs(probe)
	if err != nil {
		return nil, err
	}
	notFound, err := n.NotFound(probe)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, Users: users}
	if len(notFound) > 0 {
		evs, err := s.UserDeletions(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s not found in the org, so looking for %s in the System Log: %w",
				listed(notFound, 5), plural(len(notFound), "its deletion", "their deletions"), err)
		}
		f.UserDeletions, f.UserDeletionLookback = nonNil(evs), directory.UserDeletionLookback
	}
	if len(due) == 0 {
		return f, nil
	}
	apps, err := s.Apps(ctx)
	if err != nil {
		return nil, err
	}
	appIDs := make([]string, len(apps))
	for i, a := range apps {
		appIDs[i] = a.ID
	}
	appUsers, err := fanOut(ctx, appIDs, s.AppUsers)
	if err != nil {
		return nil, err
	}
	groups, err := s.Groups(ctx)
	if err != nil {
		return nil, err
	}
	var groupIDs []string
	for _, g := range groups {
		if g.Type != compliance.GroupTypeBuiltIn {
			groupIDs = append(groupIDs, g.ID)
		}
	}
	members, err := s.GroupMemberIDsOf(ctx, groupIDs)
	if err != nil {
		return nil, err
	}
	f.Apps, f.AppUsers, f.Groups, f.GroupMembers = apps, appUsers, groups, members
	return f, nil
}

// LoadUniqueEmail loads Users.
func LoadUniqueEmail(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.UniqueEmailInput) (*compliance.Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	return &compliance.Facts{Now: now, Users: users}, nil
}

// LoadAccessReview loads the apps, the reviewed app's user and group
// assignments, Users, Groups and the members of every approved group of the org. An app id
// the org does not know loads no assignments; the rule then reports it.
func LoadAccessReview(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.AccessReviewInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	apps, err := s.Apps(ctx)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, Apps: apps}
	if _, ok, err := s.AppByID(ctx, n.AppID); err != nil {
		return nil, err
	} else if !ok {
		return f, nil
	}
	appUsers, err := s.AppUsers(ctx, n.AppID)
	if err != nil {
		return nil, err
	}
	appGroups, err := s.AppGroups(ctx, n.AppID)
	if err != nil {
		return nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	groups, err := s.Groups(ctx)
	if err != nil {
		return nil, err
	}
	// Only the approved groups the org has: an id it does not know (a typo)
	// approves no one, and the rule warns about it rather than the read
	// failing on a 404.
	known := map[string]bool{}
	for _, g := range groups {
		known[g.ID] = true
	}
	var approved []string
	for _, gid := range n.ApprovedGroupIDs {
		if known[gid] {
			approved = append(approved, gid)
		}
	}
	members, err := s.GroupMemberIDsOf(ctx, approved)
	if err != nil {
		return nil, err
	}
	f.Users, f.Groups, f.GroupMembers = users, groups, members
	f.AppUsers = map[string][]okta.AppUser{n.AppID: appUsers}
	f.AppGroups = map[string][]okta.AppGroup{n.AppID: appGroups}
	return f, nil
}

// LoadScope loads the apps, the grants of every evaluated app and the admin
// roles of every evaluated app's OAuth client. An app id the org does not know
// loads nothing; the rule then reports it.
func LoadScope(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.ScopeInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	apps, err := s.Apps(ctx)
	if err != nil {
		return nil, err
	}
	var appIDs, clientIDs []string
	for _, a := range apps {
		if (len(n.AppIDs) > 0 && !slices.Contains(n.AppIDs, a.ID)) || (len(n.AppIDs) == 0 && a.OAuth == nil) {
			continue
		}
		appIDs = append(appIDs, a.ID)
		if a.OAuth != nil && a.OAuth.ClientID != "" {
			clientIDs = append(clientIDs, a.OAuth.ClientID)
		}
	}
	grants, err := s.AppGrantsOf(ctx, appIDs)
	if err != nil {
		return nil, err
	}
	roles, err := s.ClientRolesOf(ctx, clientIDs)
	if err != nil {
		return nil, err
	}
	return &compliance.Facts{Now: now, Apps: apps, Grants: grants, ClientRoles: roles}, nil
}

// LoadPasswordPolicy loads the PASSWORD policies.
func LoadPasswordPolicy(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.PasswordPolicyInput) (*compliance.Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	ps, err := s.Policies(ctx, compliance.PolicyPassword)
	if err != nil {
		return nil, err
	}
	return &compliance.Facts{Now: now, Policies: nonNil(ps)}, nil
}

// LoadSessionPolicy loads the OKTA_SIGN_ON policies and the rules of every
// ACTIVE one, and the Okta Admin Console's session settings when an Admin
// Console limit is set.
func LoadSessionPolicy(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.SessionPolicyInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	ps, err := s.Policies(ctx, compliance.PolicySignOn)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, Policies: nonNil(ps)}
	rules, err := s.PolicyRulesOf(ctx, n.RulePolicyIDs(f))
	if err != nil {
		return nil, err
	}
	out := &compliance.Facts{Now: now, Policies: f.Policies, PolicyRules: rules}
	if n.ReadsAdminConsole() {
		ac, err := s.AdminConsoleSettings(ctx)
		if err != nil {
			return nil, err
		}
		out.AdminConsole = &ac
	}
	return out, nil
}

// LoadInactiveUsers loads Users and the members of the scope's groups.
func LoadInactiveUsers(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.InactiveUsersInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	members, err := s.GroupMemberIDsOf(ctx, append(append([]string{}, n.GroupIDs...), n.ExcludeGroupIDs...))
	if err != nil {
		return nil, err
	}
	return &compliance.Facts{Now: now, Users: users, GroupMembers: members}, nil
}

// LoadAdminRoles loads Users and the org's admin role assignments.
func LoadAdminRoles(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.AdminRolesInput) (*compliance.Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	// The users first: with the list loaded, the snapshot names the admins
	// from it instead of reading each one.
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	roles, err := s.AdminRoles(ctx)
	if err != nil {
		return nil, err
	}
	return &compliance.Facts{Now: now, AdminRoles: adminRoleAssignments(roles), Users: users}, nil
}

// adminRoleAssignments converts the snapshot's admin roles into the rule's.
// The types have the same fields, so the conversion breaks at compile time
// the day one of them changes alone. The snapshot's slices are shared, not
// copied: neither side modifies them.
func adminRoleAssignments(r *directory.AdminRoles) *compliance.AdminRoleAssignments {
	out := &compliance.AdminRoleAssignments{
		Assignments: make([]compliance.RoleAssignment, len(r.Assignments)),
		Admins:      make([]compliance.Admin, len(r.Admins)),
	}
	for i, a := range r.Assignments {
		out.Assignments[i] = compliance.RoleAssignment(a)
	}
	for i, a := range r.Admins {
		out.Admins[i] = compliance.Admin(a)
	}
	return out
}

// LoadAPIToken loads the API tokens, Users and the roles of every token's
// owner.
func LoadAPIToken(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.APITokenInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	tokens, err := s.APITokens(ctx)
	if err != nil {
		return nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, APITokens: nonNil(tokens), Users: users}
	var owners []string
	for _, id := range n.OwnerIDs(f) {
		if _, ok := f.UserByID(id); ok {
			owners = append(owners, id)
		}
	}
	roles, err := s.UserRolesOf(ctx, owners)
	if err != nil {
		return nil, err
	}
	return &compliance.Facts{Now: now, APITokens: f.APITokens, Users: users, UserRoles: roles}, nil
}

// LoadAuthenticationPolicy loads the ACCESS_POLICY policies and the rules of
// every ACTIVE one the input selects.
func LoadAuthenticationPolicy(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.AuthenticationPolicyInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	ps, err := s.Policies(ctx, compliance.PolicyAccess)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, Policies: nonNil(ps)}
	rules, err := s.PolicyRulesOf(ctx, n.RulePolicyIDs(f))
	if err != nil {
		return nil, err
	}
	return &compliance.Facts{Now: now, Policies: f.Policies, PolicyRules: rules}, nil
}

// LoadAuthenticator loads the org's authenticators into Facts.Authenticators
// and, only when smart_card_trusted_issuers is set, its Smart Card (X509)
// identity providers into Facts.IdentityProviders, the two at once.
func LoadAuthenticator(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.AuthenticatorInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		as, err := s.Authenticators(gctx)
		f.Authenticators = nonNil(as)
		return err
	})
	if n.ReadsIdentityProviders() {
		g.Go(func() error {
			idps, err := s.IdentityProviders(gctx, okta.IdPTypeX509)
			f.IdentityProviders = nonNil(idps)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return f, nil
}

// LoadLogStream loads the org's log streams into Facts.LogStreams, and its
// event hooks into Facts.EventHooks only when in.AcceptEventHooks asks (so
// the check needs okta.eventHooks.read only then).
func LoadLogStream(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.LogStreamInput) (*compliance.Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	ls, err := s.LogStreams(ctx)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, LogStreams: nonNil(ls)}
	if in.AcceptEventHooks {
		hooks, err := s.EventHooks(ctx)
		if err != nil {
			return nil, err
		}
		f.EventHooks = nonNil(hooks)
	}
	return f, nil
}

// LoadNetworkZone loads the org's network zones into Facts.NetworkZones.
func LoadNetworkZone(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
	zs, err := s.NetworkZones(ctx)
	if err != nil {
		return nil, err
	}
	return &compliance.Facts{Now: now, NetworkZones: nonNil(zs)}, nil
}

// LoadResidualAccess loads Users and, only when a user of the judged
// statuses is past the grace period, every app with its user assignments
// (check_apps) and every judged group with its members (check_groups): the
// app-side and group-side lists the offboarding check reads too, never a
// request per user.
func LoadResidualAccess(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.ResidualAccessInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, Users: users}
	due, err := n.DueUserIDs(f)
	if err != nil || len(due) == 0 {
		return f, err
	}
	if n.CheckApps {
		apps, err := s.Apps(ctx)
		if err != nil {
			return nil, err
		}
		appIDs := make([]string, len(apps))
		for i, a := range apps {
			appIDs[i] = a.ID
		}
		if f.AppUsers, err = fanOut(ctx, appIDs, s.AppUsers); err != nil {
			return nil, err
		}
		f.Apps = apps
	}
	if n.CheckGroups {
		groups, err := s.Groups(ctx)
		if err != nil {
			return nil, err
		}
		if f.GroupMembers, err = s.GroupMemberIDsOf(ctx, n.JudgedGroupIDs(groups)); err != nil {
			return nil, err
		}
		f.Groups = groups
	}
	return f, nil
}

// LoadPrivilegedAccounts loads Users, the org's admin role assignments and,
// only when a factor requirement is on, the factors of the admins (per-user
// facts the stored snapshot keeps, read for admins only).
func LoadPrivilegedAccounts(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.PrivilegedAccountsInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	// The users first: with the list loaded, the snapshot names the admins
	// from it instead of reading each one.
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	roles, err := s.AdminRoles(ctx)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, Users: users, AdminRoles: adminRoleAssignments(roles)}
	if n.ReadsFactors() {
		if f.Factors, err = s.FactorsOf(ctx, compliance.AdminUserIDs(f)); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// listed renders up to limit names, then "and N more".
func listed(names []string, limit int) string {
	if len(names) <= limit {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:limit], ", ") + fmt.Sprintf(" and %d more", len(names)-limit)
}

// plural renders a count with the noun that fits it.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// nonNil returns s, or an empty slice when it is nil: an empty list loaded is
// not a list missing.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// fanOut calls get for every key, a few at a time (the snapshot bounds the
// requests in flight anyway), and collects the answers by key. The first error
// cancels the rest and is returned.
func fanOut[T any](ctx context.Context, keys []string, get func(context.Context, string) (T, error)) (map[string]T, error) {
	vals := make([]T, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(directory.DefaultConcurrency)
	for i, k := range keys {
		g.Go(func() error {
			v, err := get(gctx, k)
			vals[i] = v
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make(map[string]T, len(keys))
	for i, k := range keys {
		out[k] = vals[i]
	}
	return out, nil
}

// LoadTrustedOrigin loads the org's trusted origins into
// Facts.TrustedOrigins; an input the rule refuses costs no request.
func LoadTrustedOrigin(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.TrustedOriginInput) (*compliance.Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	to, err := s.TrustedOrigins(ctx)
	if err != nil {
		return nil, err
	}
	return &compliance.Facts{Now: now, TrustedOrigins: nonNil(to)}, nil
}

// LoadAppSignOn loads every app into Facts.Apps and, unless the input
// allows unassigned apps, the users of each app the rule judges for
// assignment (compliance.AppSignOnInput.AssignmentAppIDs), and the groups of
// only those with no user: an app with a user is assigned whatever its
// groups. The snapshot memoizes both per app, so the checks that read them
// too (offboarding, access review) share the requests.
func LoadAppSignOn(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.AppSignOnInput) (*compliance.Facts, error) {
	in, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	apps, err := s.Apps(ctx)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, Apps: nonNil(apps), AppUsers: map[string][]okta.AppUser{}, AppGroups: map[string][]okta.AppGroup{}}
	ids := in.AssignmentAppIDs(apps)
	if len(ids) == 0 {
		return f, nil
	}
	if f.AppUsers, err = fanOut(ctx, ids, s.AppUsers); err != nil {
		return nil, err
	}
	var nobody []string
	for _, id := range ids {
		if len(f.AppUsers[id]) == 0 {
			nobody = append(nobody, id)
		}
	}
	if f.AppGroups, err = fanOut(ctx, nobody, s.AppGroups); err != nil {
		return nil, err
	}
	return f, nil
}

// LoadThreatInsight loads the org's ThreatInsight configuration into
// Facts.ThreatInsight and, only when it exempts zones, the network zones
// (memoized with the network zone check's) to name them. The names are a
// courtesy: when the token may not read zones (a 403), the zones are left
// unloaded and the rule names the excluded zones by id.
func LoadThreatInsight(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.ThreatInsightInput) (*compliance.Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	ti, err := s.ThreatInsightConfiguration(ctx)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, ThreatInsight: &ti}
	if len(ti.ExcludeZones) == 0 {
		return f, nil
	}
	zs, err := s.NetworkZones(ctx)
	switch {
	case okta.IsForbidden(err):
	case err != nil:
		return nil, err
	default:
		f.NetworkZones = nonNil(zs)
	}
	return f, nil
}

// LoadBehaviorDetection loads the org's behavior detection rules into
// Facts.Behaviors and, when the input wants them used by a policy, the
// OKTA_SIGN_ON and ACCESS_POLICY policies with the rules of the ACTIVE ones,
// all at once.
func LoadBehaviorDetection(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.BehaviorDetectionInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		bs, err := s.Behaviors(gctx)
		f.Behaviors = nonNil(bs)
		return err
	})
	var signOn, access []okta.Policy
	var rules map[string][]okta.PolicyRule
	if n.ReadsPolicies() {
		g.Go(func() error {
			var err error
			if signOn, err = s.Policies(gctx, compliance.PolicySignOn); err != nil {
				return err
			}
			if access, err = s.Policies(gctx, compliance.PolicyAccess); err != nil {
				return err
			}
			var ids []string
			for _, p := range append(slices.Clone(signOn), access...) {
				if strings.EqualFold(p.Status, compliance.PolicyActive) {
					ids = append(ids, p.ID)
				}
			}
			rules, err = s.PolicyRulesOf(gctx, ids)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if n.ReadsPolicies() {
		f.Policies = append(append([]okta.Policy{}, signOn...), access...)
		f.PolicyRules = rules
	}
	return f, nil
}

// LoadFactorEnrollment loads the authenticator enrollment (MFA_ENROLL)
// policies; their settings hold what the rule judges, so no rule is read.
func LoadFactorEnrollment(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.FactorEnrollmentInput) (*compliance.Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	ps, err := s.Policies(ctx, compliance.PolicyMFAEnroll)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, Policies: nonNil(ps)}
	if in.RequireMFAEnrollment {
		// Whether a policy's rules prompt enrollment at all.
		var ids []string
		for _, p := range ps {
			if strings.EqualFold(p.Status, compliance.PolicyActive) {
				ids = append(ids, p.ID)
			}
		}
		if f.PolicyRules, err = s.PolicyRulesOf(ctx, ids); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// LoadDeviceAssurance loads the device assurance policies and, when the input
// selects authentication policies, the ACCESS_POLICY policies and the rules
// of the ACTIVE selected ones only.
func LoadDeviceAssurance(ctx context.Context, s *directory.Snapshot, now time.Time, in compliance.DeviceAssuranceInput) (*compliance.Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	das, err := s.DeviceAssurances(ctx)
	if err != nil {
		return nil, err
	}
	f := &compliance.Facts{Now: now, DeviceAssurances: nonNil(das)}
	if !n.ReadsAppPolicies() {
		return f, nil
	}
	ps, err := s.Policies(ctx, compliance.PolicyAccess)
	if err != nil {
		return nil, err
	}
	f.Policies = nonNil(ps)
	if f.PolicyRules, err = s.PolicyRulesOf(ctx, n.RulePolicyIDs(f)); err != nil {
		return nil, err
	}
	return f, nil
}
