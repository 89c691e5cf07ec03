package provider

import (
	"context"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// The OIDC app's grants and admin roles are made exactly what the plan says,
// from what Okta holds now (not the state), so drift is repaired.

// activeGrants maps each ACTIVE grant's scope to its grant id.
func activeGrants(grants []okta.Grant) map[string]string {
	out := map[string]string{}
	for _, g := range grants {
		if g.Status == "" || g.Status == "ACTIVE" {
			out[g.ScopeID] = g.ID
		}
	}
	return out
}

func scopesOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for s := range m {
		out = append(out, s)
	}
	return out
}

// reconcileGrants makes the app's ACTIVE grants exactly want, one grant at a
// time, from what Okta holds now.
func (r *oidcAppResource) reconcileGrants(ctx context.Context, appID string, want []string) error {
	c := r.data.Client
	grants, err := c.ListAppGrants(ctx, appID)
	if err != nil {
		return err
	}
	have := activeGrants(grants)
	return reconcile(ctx, want, scopesOf(have),
		func(ctx context.Context, s string) error {
			_, err := c.GrantScope(ctx, appID, c.OrgURL(), s)
			return err
		},
		func(ctx context.Context, s string) error { return c.RevokeGrant(ctx, appID, have[s]) })
}

// reconcileRoles makes the client's roles exactly want.
func (r *oidcAppResource) reconcileRoles(ctx context.Context, clientID string, want []string) error {
	c := r.data.Client
	roles, err := c.ListClientRoles(ctx, clientID)
	if err != nil {
		return err
	}
	have := directRoles(roles)
	return reconcile(ctx, want, roleTypesOf(have),
		func(ctx context.Context, t string) error { _, err := c.AssignClientRole(ctx, clientID, t); return err },
		func(ctx context.Context, t string) error { return c.UnassignClientRole(ctx, clientID, have[t].ID) })
}
