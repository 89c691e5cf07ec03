package directory

import (
	"cmp"
	"context"
	"fmt"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// The posture methods as counted by Snapshot.Stats. Authenticators, log
// streams and the Admin Console settings are fetched fresh each plan: they are
// not part of the snapshot's compact form kept in state.
const (
	MethodListAuthenticators      = "ListAuthenticators"
	MethodListLogStreams          = "ListLogStreams"
	MethodGetAdminConsoleSettings = "GetAdminConsoleSettings"
)

// postureState holds the snapshot's memos for the posture collections
// (one key each).
type postureState struct {
	authenticators memo[[]okta.Authenticator]
	logStreams     memo[[]okta.LogStream]
	adminConsole   memo[okta.AdminConsoleSettings]
	// identityProviders (identity_providers.go), by type.
	identityProviders memo[[]okta.IdentityProvider]
	// trustedOrigins (trusted_origins.go).
	trustedOrigins memo[[]okta.TrustedOrigin]
	// threatInsight (threat_insight.go).
	threatInsight memo[okta.ThreatInsightConfiguration]
	// behaviors (behaviors.go).
	behaviors memo[[]okta.Behavior]
	// eventHooks (event_hooks.go).
	eventHooks memo[[]okta.EventHook]
	// deviceAssurances (device_assurances.go).
	deviceAssurances memo[[]okta.DeviceAssurance]
}

// Authenticators returns the org's authenticators, sorted by key, then id.
// They are fetched at most once per snapshot.
func (s *Snapshot) Authenticators(ctx context.Context) ([]okta.Authenticator, error) {
	return listOrgOnce(ctx, s, &s.ev.posture.authenticators, MethodListAuthenticators, "authenticators", s.src.src.ListAuthenticators,
		func(a okta.Authenticator) string { return a.ID },
		func(a, b okta.Authenticator) int { return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.ID, b.ID)) })
}

// LogStreams returns the org's log streams, sorted by name, then id. They are
// fetched at most once per snapshot.
func (s *Snapshot) LogStreams(ctx context.Context) ([]okta.LogStream, error) {
	return listOrgOnce(ctx, s, &s.ev.posture.logStreams, MethodListLogStreams, "log streams", s.src.src.ListLogStreams,
		func(l okta.LogStream) string { return l.ID },
		func(a, b okta.LogStream) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
}

// AdminConsoleSettings returns the Okta Admin Console's session settings,
// fetched at most once per snapshot.
func (s *Snapshot) AdminConsoleSettings(ctx context.Context) (okta.AdminConsoleSettings, error) {
	return s.ev.posture.adminConsole.get(ctx, "", func(ctx context.Context) (okta.AdminConsoleSettings, error) {
		out, err := call(ctx, s.src, MethodGetAdminConsoleSettings, func() (okta.AdminConsoleSettings, error) {
			return s.src.src.GetAdminConsoleSettings(ctx)
		})
		if err != nil {
			return okta.AdminConsoleSettings{}, fmt.Errorf("reading the Okta Admin Console settings: %w", err)
		}
		return out, nil
	})
}
