package directory

import (
	"context"
	"fmt"
	"slices"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// MethodGetThreatInsightConfiguration is the ThreatInsight configuration's
// method as counted by Snapshot.Stats. Like the other posture collections it
// is one request, fetched fresh each plan and not kept in the compact form.
const MethodGetThreatInsightConfiguration = "GetThreatInsightConfiguration"

// ThreatInsightConfiguration returns the org's ThreatInsight configuration,
// its excluded zone ids sorted and deduplicated, fetched at most once per
// snapshot.
func (s *Snapshot) ThreatInsightConfiguration(ctx context.Context) (okta.ThreatInsightConfiguration, error) {
	return s.ev.posture.threatInsight.get(ctx, "", func(ctx context.Context) (okta.ThreatInsightConfiguration, error) {
		out, err := call(ctx, s.src, MethodGetThreatInsightConfiguration, func() (okta.ThreatInsightConfiguration, error) {
			return s.src.src.GetThreatInsightConfiguration(ctx)
		})
		if err != nil {
			return okta.ThreatInsightConfiguration{}, fmt.Errorf("reading the ThreatInsight configuration: %w", err)
		}
		out.ExcludeZones = slices.Compact(slices.Sorted(slices.Values(out.ExcludeZones)))
		return out, nil
	})
}
