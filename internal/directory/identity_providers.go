package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// MethodListIdentityProviders is the identity providers' method as counted
// by Snapshot.Stats. Like the posture collections, identity providers are
// fetched fresh each plan and are not part of the snapshot's compact form.
const MethodListIdentityProviders = "ListIdentityProviders"

// IdentityProviders returns the org's identity providers of idpType (X509,
// SAML2…; every type when empty), sorted by name, then id. Each type is
// fetched at most once per snapshot.
func (s *Snapshot) IdentityProviders(ctx context.Context, idpType string) ([]okta.IdentityProvider, error) {
	idpType = strings.TrimSpace(idpType)
	return s.ev.posture.identityProviders.get(ctx, idpType, func(ctx context.Context) ([]okta.IdentityProvider, error) {
		out, err := call(ctx, s.src, MethodListIdentityProviders, func() ([]okta.IdentityProvider, error) {
			return s.src.src.ListIdentityProviders(ctx, idpType)
		})
		if err != nil {
			if idpType != "" {
				return nil, fmt.Errorf("listing %s identity providers: %w", idpType, err)
			}
			return nil, fmt.Errorf("listing identity providers: %w", err)
		}
		out = sortedUniqueBy(out, func(p okta.IdentityProvider) string { return p.ID })
		slices.SortStableFunc(out, func(a, b okta.IdentityProvider) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
		return out, nil
	})
}
