package directory

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// postureFake adds authenticators, log streams and the Admin Console to the
// fake source.
type postureFake struct {
	*fakeSource
	err   error
	calls atomic.Int64
}

func (p *postureFake) ListAuthenticators(context.Context) ([]okta.Authenticator, error) {
	p.calls.Add(1)
	if p.err != nil {
		return nil, p.err
	}
	return []okta.Authenticator{{ID: "aut2", Key: "webauthn"}, {ID: "aut1", Key: "okta_verify"}, {ID: "aut2", Key: "webauthn"}}, nil
}

func (p *postureFake) ListLogStreams(context.Context) ([]okta.LogStream, error) {
	p.calls.Add(1)
	if p.err != nil {
		return nil, p.err
	}
	return []okta.LogStream{{ID: "0oa2", Name: "SIEM"}, {ID: "0oa1", Name: "Lake"}}, nil
}

func (p *postureFake) GetAdminConsoleSettings(context.Context) (okta.AdminConsoleSettings, error) {
	p.calls.Add(1)
	if p.err != nil {
		return okta.AdminConsoleSettings{}, p.err
	}
	return okta.AdminConsoleSettings{SessionIdleTimeoutMinutes: 15, SessionMaxLifetimeMinutes: 720}, nil
}

func TestPostureMemoizedAndSorted(t *testing.T) {
	src := &postureFake{fakeSource: newFake()}
	s := New(src, Options{})
	ctx := t.Context()
	src.err = errors.New("boom")
	if _, err := s.Authenticators(ctx); err == nil || !strings.Contains(err.Error(), "listing authenticators") {
		t.Errorf("error %v, want it named", err)
	}
	if _, err := s.LogStreams(ctx); err == nil || !strings.Contains(err.Error(), "listing log streams") {
		t.Errorf("error %v, want it named", err)
	}
	if _, err := s.AdminConsoleSettings(ctx); err == nil || !strings.Contains(err.Error(), "Okta Admin Console settings") {
		t.Errorf("error %v, want it named", err)
	}
	src.err = nil // failures are not kept
	for range 3 {
		as, err := s.Authenticators(ctx)
		if err != nil || len(as) != 2 || as[0].Key != "okta_verify" || as[1].Key != "webauthn" {
			t.Fatalf("authenticators %+v, %v: want deduplicated and sorted by key", as, err)
		}
		ls, err := s.LogStreams(ctx)
		if err != nil || len(ls) != 2 || ls[0].Name != "Lake" {
			t.Fatalf("log streams %+v, %v: want sorted by name", ls, err)
		}
		ac, err := s.AdminConsoleSettings(ctx)
		if err != nil || ac.SessionIdleTimeoutMinutes != 15 {
			t.Fatalf("admin console %+v, %v", ac, err)
		}
	}
	if n := src.calls.Load(); n != 6 {
		t.Errorf("%d calls, want 6 (three failed, three memoized)", n)
	}
	st := s.Stats()
	for _, m := range []string{MethodListAuthenticators, MethodListLogStreams, MethodGetAdminConsoleSettings} {
		if st[m] != 2 {
			t.Errorf("Stats counts %d %s calls, want 2", st[m], m)
		}
	}
}
