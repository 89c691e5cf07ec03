package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Policies returns the org's policies of one type (PASSWORD, OKTA_SIGN_ON,
// MFA_ENROLL, ACCESS_POLICY…), sorted by priority, then id. Each type is
// fetched at most once per snapshot.
func (s *Snapshot) Policies(ctx context.Context, policyType string) ([]okta.Policy, error) {
	es := s.src.src
	return s.ev.policies.get(ctx, policyType, func(ctx context.Context) ([]okta.Policy, error) {
		ps, err := call(ctx, s.src, MethodListPolicies, func() ([]okta.Policy, error) { return es.ListPolicies(ctx, policyType) })
		if err != nil {
			return nil, fmt.Errorf("listing %s policies: %w", policyType, err)
		}
		ps = sortedUniqueBy(ps, func(p okta.Policy) string { return p.ID })
		slices.SortStableFunc(ps, func(a, b okta.Policy) int {
			return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.ID, b.ID))
		})
		return ps, nil
	})
}

// PolicyRules returns one policy's rules, sorted by priority, then id.
// PolicyID is set to policyID where the source left it empty.
func (s *Snapshot) PolicyRules(ctx context.Context, policyID string) ([]okta.PolicyRule, error) {
	es := s.src.src
	return s.ev.policyRules.get(ctx, policyID, func(ctx context.Context) ([]okta.PolicyRule, error) {
		rs, err := call(ctx, s.src, MethodListPolicyRules, func() ([]okta.PolicyRule, error) { return es.ListPolicyRules(ctx, policyID) })
		if err != nil {
			return nil, fmt.Errorf("listing the rules of policy %s: %w", policyID, err)
		}
		rs = sortedUniqueBy(rs, func(r okta.PolicyRule) string { return r.ID })
		for i := range rs {
			if rs[i].PolicyID == "" {
				rs[i].PolicyID = policyID
			}
		}
		slices.SortStableFunc(rs, func(a, b okta.PolicyRule) int {
			return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.ID, b.ID))
		})
		return rs, nil
	})
}

// PolicyRulesOf returns the rules of each of policyIDs, fetched concurrently
// and memoized per policy. The map is the caller's; its slices are shared.
func (s *Snapshot) PolicyRulesOf(ctx context.Context, policyIDs []string) (map[string][]okta.PolicyRule, error) {
	return fanOutMap(ctx, s.opts.Concurrency, policyIDs, s.PolicyRules)
}
