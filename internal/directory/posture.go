package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// PostureSource is implemented by a Source that can read the org-wide
// settings the DISA STIG checks judge beyond policies and zones: the
// authenticators, the log streams and the Okta Admin Console's session
// settings (*okta.Client). Like ZoneSource it is separate from Source so
// that sources that predate it keep compiling.
//
// These are a handful of requests per plan, fetched fresh each plan: they are
// not part of the snapshot's compact form kept in state.
type PostureSource interface {
	ListAuthenticators(ctx context.Context) ([]okta.Authenticator, error)
	ListLogStreams(ctx context.Context) ([]okta.LogStream, error)
	GetAdminConsoleSettings(ctx context.Context) (okta.AdminConsoleSettings, error)
}

var _ PostureSource = (*okta.Client)(nil)

// PostureSource's methods as counted by Snapshot.Stats.
const (
	MethodListAuthenticators      = "ListAuthenticators"
	MethodListLogStreams          = "ListLogStreams"
	MethodGetAdminConsoleSettings = "GetAdminConsoleSettings"
)

// postureState holds the snapshot's memos for PostureSource's collections
// (one key each).
type postureState struct {
	authenticators memo[[]okta.Authenticator]
	logStreams     memo[[]okta.LogStream]
	adminConsole   memo[okta.AdminConsoleSettings]
	// identityProviders is IdentityProviderSource's (identity_providers.go),
	// by type.
	identityProviders memo[[]okta.IdentityProvider]
}

func (s *Snapshot) postureSource(what string) (PostureSource, error) {
	ps, ok := s.src.src.(PostureSource)
	if !ok {
		return nil, fmt.Errorf("directory: the snapshot's source (%T) cannot read %s: it does not implement directory.PostureSource", s.src.src, what)
	}
	return ps, nil
}

// Authenticators returns the org's authenticators, sorted by key, then id.
// They are fetched at most once per snapshot.
func (s *Snapshot) Authenticators(ctx context.Context) ([]okta.Authenticator, error) {
	ps, err := s.postureSource("authenticators")
	if err != nil {
		return nil, err
	}
	return s.ev.posture.authenticators.get(ctx, "", func(ctx context.Context) ([]okta.Authenticator, error) {
		out, err := call(ctx, s.src, MethodListAuthenticators, func() ([]okta.Authenticator, error) { return ps.ListAuthenticators(ctx) })
		if err != nil {
			return nil, fmt.Errorf("listing authenticators: %w", err)
		}
		out = sortedUniqueBy(out, func(a okta.Authenticator) string { return a.ID })
		slices.SortStableFunc(out, func(a, b okta.Authenticator) int {
			return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.ID, b.ID))
		})
		return out, nil
	})
}

// LogStreams returns the org's log streams, sorted by name, then id. They are
// fetched at most once per snapshot.
func (s *Snapshot) LogStreams(ctx context.Context) ([]okta.LogStream, error) {
	ps, err := s.postureSource("log streams")
	if err != nil {
		return nil, err
	}
	return s.ev.posture.logStreams.get(ctx, "", func(ctx context.Context) ([]okta.LogStream, error) {
		out, err := call(ctx, s.src, MethodListLogStreams, func() ([]okta.LogStream, error) { return ps.ListLogStreams(ctx) })
		if err != nil {
			return nil, fmt.Errorf("listing log streams: %w", err)
		}
		out = sortedUniqueBy(out, func(l okta.LogStream) string { return l.ID })
		slices.SortStableFunc(out, func(a, b okta.LogStream) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
		return out, nil
	})
}

// AdminConsoleSettings returns the Okta Admin Console's session settings,
// fetched at most once per snapshot.
func (s *Snapshot) AdminConsoleSettings(ctx context.Context) (okta.AdminConsoleSettings, error) {
	ps, err := s.postureSource("the Okta Admin Console settings")
	if err != nil {
		return okta.AdminConsoleSettings{}, err
	}
	return s.ev.posture.adminConsole.get(ctx, "", func(ctx context.Context) (okta.AdminConsoleSettings, error) {
		out, err := call(ctx, s.src, MethodGetAdminConsoleSettings, func() (okta.AdminConsoleSettings, error) {
			return ps.GetAdminConsoleSettings(ctx)
		})
		if err != nil {
			return okta.AdminConsoleSettings{}, fmt.Errorf("reading the Okta Admin Console settings: %w", err)
		}
		return out, nil
	})
}
