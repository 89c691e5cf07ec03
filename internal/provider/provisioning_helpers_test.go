package provider

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// Test fixtures for the provisioning resources: a fresh org with two Okta
// groups, served by a simulator whose store the tests read and change between
// steps (drift).

const (
	gpOps   = "00g0000000000000prov1"
	gpAudit = "00g0000000000000prov2"
)

func newProvOrg() *oktasim.Org {
	org := oktasim.NewOrg()
	org.Groups = []*oktasim.Group{
		{ID: gpOps, Type: "OKTA_GROUP", Name: "Ops", Created: ts(1, 1), LastUpdated: ts(1, 1), LastMembershipUpdated: ts(1, 1)},
		{ID: gpAudit, Type: "OKTA_GROUP", Name: "Audit", Created: ts(1, 1), LastUpdated: ts(1, 1), LastMembershipUpdated: ts(1, 1)},
	}
	return org
}

// simCheck runs fn on the simulator's org under its read lock.
func simCheck(s *oktasim.Server, fn func(o *oktasim.Org) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		o := s.Org()
		o.RLock()
		defer o.RUnlock()
		return fn(o)
	}
}

// simChange runs fn on the simulator's org under its write lock (drift made
// in Okta between steps).
func simChange(t *testing.T, s *oktasim.Server, fn func(o *oktasim.Org)) func() {
	return func() {
		t.Helper()
		o := s.Org()
		o.Lock()
		defer o.Unlock()
		fn(o)
	}
}

func simUserByLogin(o *oktasim.Org, login string) *oktasim.User {
	for _, u := range o.Users {
		if l, _ := u.Profile["login"].(string); strings.EqualFold(l, login) {
			return u
		}
	}
	return nil
}

func simRoleTypes(roles []*oktasim.RoleAssignment) string {
	var out []string
	for _, r := range roles {
		out = append(out, r.Type)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func simGroupsOf(o *oktasim.Org, userID string) string {
	var out []string
	for _, g := range o.Groups {
		for _, m := range g.MemberIDs {
			if m == userID {
				out = append(out, g.ID)
			}
		}
	}
	return strings.Join(out, ",")
}

func simAppByLabel(o *oktasim.Org, label string) *oktasim.App {
	for _, a := range o.Apps {
		if a.Label == label {
			return a
		}
	}
	return nil
}

func simActiveScopes(a *oktasim.App) string {
	var out []string
	for _, g := range a.Grants {
		if g.Status == "" || g.Status == "ACTIVE" {
			out = append(out, g.ScopeID)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func want(what, got, wanted string) error {
	if got != wanted {
		return fmt.Errorf("%s = %q, want %q", what, got, wanted)
	}
	return nil
}

// stateNeverHolds fails when any attribute of any resource in the state
// contains secret.
func stateNeverHolds(secret string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for name, rs := range st.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, secret) {
					return fmt.Errorf("the state of %s holds the secret in %s", name, k)
				}
			}
		}
		return nil
	}
}
