package compliance

import (
	"context"
	"fmt"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// The loaders gather, from an org snapshot, exactly the facts a rule reads (see
// each rule's doc comment) and return them as Facts stamped with now. The rules
// stay pure: a loader does the I/O, the rule judges. Every fetch goes through
// the snapshot, so checks that run in the same plan share one fetch of each
// collection: the users are listed once and each user's factors are read once,
// however many checks read them.
//
// A loader validates the input (Normalized) before it fetches anything, so a
// bad input costs no request. Its errors wrap the snapshot's, which wrap the
// client's (*okta.Error and friends), for the caller to describe.

// LoadMFA loads Users, the members of the scope's groups and the factors of
// every in-scope user.
func LoadMFA(ctx context.Context, s *directory.Snapshot, now time.Time, in MFAInput) (*Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	members, err := s.GroupMemberIDsOf(ctx, append(append([]string{}, n.GroupIDs...), n.ExcludeGroupIDs...))
	if err != nil {
		return nil, err
	}
	// A throwaway Facts answers who is in scope: Facts must not change once a
	// rule has read it, and the scope is needed before the factors are known.
	// The scope judges each user on its own, so it can pick from each page of
	// users as it arrives and the factor requests start with the first page.
	inScope := func(users []okta.User) ([]string, error) {
		return n.ScopeUserIDs(&Facts{Now: now, Users: users, GroupMembers: members})
	}
	users, factors, err := s.UsersWithFactors(ctx, inScope)
	if err != nil {
		return nil, err
	}
	return &Facts{Now: now, Users: users, GroupMembers: members, Factors: factors}, nil
}

// LoadOffboarding loads Users; only when an offboarded user is past the grace
// period and still in the org, every app with its user assignments and every
// group that is not BUILT_IN with its members; and only when an entry past
// its grace period matches no user, the System Log's user deletions (the one
// read that needs okta.logs.read).
func LoadOffboarding(ctx context.Context, s *directory.Snapshot, now time.Time, in OffboardingInput) (*Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	probe := &Facts{Now: now, Users: users}
	due, err := n.DueUserIDs(probe)
	if err != nil {
		return nil, err
	}
	notFound, err := n.NotFound(probe)
	if err != nil {
		return nil, err
	}
	f := &Facts{Now: now, Users: users}
	if len(notFound) > 0 {
		evs, err := s.UserDeletions(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s not found in the org, so looking for %s in the System Log: %w",
				listed(notFound, 5), plural(len(notFound), "its deletion", "their deletions"), err)
		}
		f.UserDeletions = nonNil(evs)
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
		if g.Type != groupTypeBuiltIn {
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
func LoadUniqueEmail(ctx context.Context, s *directory.Snapshot, now time.Time, in UniqueEmailInput) (*Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	users, err := s.Users(ctx)
	if err != nil {
		return nil, err
	}
	return &Facts{Now: now, Users: users}, nil
}

// LoadAccessReview loads the apps, the reviewed app's user and group
// assignments, Users, Groups and the members of every approved group of the org. An app id
// the org does not know loads no assignments; the rule then reports it.
func LoadAccessReview(ctx context.Context, s *directory.Snapshot, now time.Time, in AccessReviewInput) (*Facts, error) {
	n, err := in.Normalized()
	if err != nil {
		return nil, err
	}
	apps, err := s.Apps(ctx)
	if err != nil {
		return nil, err
	}
	f := &Facts{Now: now, Apps: apps}
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
func LoadScope(ctx context.Context, s *directory.Snapshot, now time.Time, in ScopeInput) (*Facts, error) {
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
	return &Facts{Now: now, Apps: apps, Grants: grants, ClientRoles: roles}, nil
}

// LoadPasswordPolicy loads the PASSWORD policies.
func LoadPasswordPolicy(ctx context.Context, s *directory.Snapshot, now time.Time, in PasswordPolicyInput) (*Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	ps, err := s.Policies(ctx, PolicyPassword)
	if err != nil {
		return nil, err
	}
	return &Facts{Now: now, Policies: nonNil(ps)}, nil
}

// LoadSessionPolicy loads the OKTA_SIGN_ON policies and the rules of every
// ACTIVE one, and the Okta Admin Console's session settings when an Admin
// Console limit is set.
func LoadSessionPolicy(ctx context.Context, s *directory.Snapshot, now time.Time, in SessionPolicyInput) (*Facts, error) {
	if _, err := in.Normalized(); err != nil {
		return nil, err
	}
	ps, err := s.Policies(ctx, PolicySignOn)
	if err != nil {
		return nil, err
	}
	f := &Facts{Now: now, Policies: nonNil(ps)}
	var ids []string
	for _, p := range activePolicies(f, PolicySignOn) {
		ids = append(ids, p.ID)
	}
	rules, err := s.PolicyRulesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &Facts{Now: now, Policies: f.Policies, PolicyRules: rules}
	if in.ReadsAdminConsole() {
		ac, err := s.AdminConsoleSettings(ctx)
		if err != nil {
			return nil, err
		}
		out.AdminConsole = &ac
	}
	return out, nil
}

// LoadInactiveUsers loads Users and the members of the scope's groups.
func LoadInactiveUsers(ctx context.Context, s *directory.Snapshot, now time.Time, in InactiveUsersInput) (*Facts, error) {
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
	return &Facts{Now: now, Users: users, GroupMembers: members}, nil
}

// LoadAdminRoles loads Users and the org's admin role assignments.
func LoadAdminRoles(ctx context.Context, s *directory.Snapshot, now time.Time, in AdminRolesInput) (*Facts, error) {
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
	return &Facts{Now: now, AdminRoles: roles, Users: users}, nil
}

// LoadAPIToken loads the API tokens, Users and the roles of every token's
// owner.
func LoadAPIToken(ctx context.Context, s *directory.Snapshot, now time.Time, in APITokenInput) (*Facts, error) {
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
	f := &Facts{Now: now, APITokens: nonNil(tokens), Users: users}
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
	return &Facts{Now: now, APITokens: f.APITokens, Users: users, UserRoles: roles}, nil
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
