package directory

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// idpFake adds identity providers to the fake source.
type idpFake struct {
	*fakeSource
	err   error
	calls atomic.Int64
	types []string // the idpType of every call, in order
}

func (p *idpFake) ListIdentityProviders(_ context.Context, idpType string) ([]okta.IdentityProvider, error) {
	p.calls.Add(1)
	p.types = append(p.types, idpType)
	if p.err != nil {
		return nil, p.err
	}
	all := []okta.IdentityProvider{
		{ID: "0oa2", Name: "PIV pilot", Type: okta.IdPTypeX509},
		{ID: "0oa1", Name: "DoD CAC", Type: okta.IdPTypeX509},
		{ID: "0oa3", Name: "Partner", Type: "SAML2"},
		{ID: "0oa1", Name: "DoD CAC", Type: okta.IdPTypeX509},
	}
	var out []okta.IdentityProvider
	for _, x := range all {
		if idpType == "" || x.Type == idpType {
			out = append(out, x)
		}
	}
	return out, nil
}

func TestIdentityProvidersMemoizedByType(t *testing.T) {
	src := &idpFake{fakeSource: newFake()}
	s := New(src, Options{})
	ctx := t.Context()
	src.err = errors.New("boom")
	if _, err := s.IdentityProviders(ctx, okta.IdPTypeX509); err == nil || !strings.Contains(err.Error(), "listing X509 identity providers") {
		t.Errorf("error %v, want it named", err)
	}
	src.err = nil // failures are not kept
	for range 3 {
		ps, err := s.IdentityProviders(ctx, " X509 ")
		if err != nil || len(ps) != 2 || ps[0].Name != "DoD CAC" || ps[1].Name != "PIV pilot" {
			t.Fatalf("X509 IdPs %+v, %v: want deduplicated and sorted by name", ps, err)
		}
	}
	all, err := s.IdentityProviders(ctx, "")
	if err != nil || len(all) != 3 {
		t.Fatalf("every IdP %+v, %v", all, err)
	}
	if n := src.calls.Load(); n != 3 {
		t.Errorf("%d calls, want 3 (one failed, one per type)", n)
	}
	if got := strings.Join(src.types, ","); got != "X509,X509," {
		t.Errorf("types asked %q", got)
	}
	if st := s.Stats(); st[MethodListIdentityProviders] != 3 {
		t.Errorf("Stats counts %d %s calls, want 3", st[MethodListIdentityProviders], MethodListIdentityProviders)
	}
}
