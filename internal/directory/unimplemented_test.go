package directory

import (
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Every collection goes through the one Source: over a source that serves
// nothing, each read fails naming the Source method it needed, rather than
// coming back empty.
func TestUnimplementedSourceFailsLoudly(t *testing.T) {
	ctx := t.Context()
	s := New(UnimplementedSource{}, Options{PlanTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	now := s.PlanTime()
	reads := []struct {
		method string
		read   func() error
	}{
		{"EachUserPage", func() error { _, err := s.Users(ctx); return err }},
		{MethodGetUser, func() error { _, err := s.LookupUser(ctx, "00u1"); return err }},
		{MethodListUsers, func() error { _, err := s.SearchUsers(ctx, `status eq "ACTIVE"`); return err }},
		{MethodListUserGroups, func() error { _, err := s.UserGroupIDsOf(ctx, "00u1"); return err }},
		{MethodListGroups, func() error { _, err := s.SearchGroups(ctx, okta.GroupQuery{Q: "Eng"}); return err }},
		{MethodListApps, func() error { _, err := s.SearchApps(ctx, okta.AppQuery{Q: "Wiki"}); return err }},
		{MethodListPolicies, func() error { _, err := s.Policies(ctx, "PASSWORD"); return err }},
		{MethodListPolicyRules, func() error { _, err := s.PolicyRules(ctx, "00p1"); return err }},
		{MethodListLogs, func() error { _, err := s.Logs(ctx, LogWindow{Since: now.Add(-time.Hour), Until: now}, 1); return err }},
		{MethodListRoleAssigneeUsers, func() error { _, err := s.AdminRoles(ctx); return err }},
		{MethodListNetworkZones, func() error { _, err := s.NetworkZones(ctx); return err }},
		{MethodListAuthenticators, func() error { _, err := s.Authenticators(ctx); return err }},
		{MethodListLogStreams, func() error { _, err := s.LogStreams(ctx); return err }},
		{MethodGetAdminConsoleSettings, func() error { _, err := s.AdminConsoleSettings(ctx); return err }},
		{MethodListIdentityProviders, func() error { _, err := s.IdentityProviders(ctx, okta.IdPTypeX509); return err }},
		{MethodGetOrgMetadata, func() error { _, err := s.Org(ctx); return err }},
		{MethodGetThreatInsightConfiguration, func() error { _, err := s.ThreatInsightConfiguration(ctx); return err }},
		{MethodListBehaviors, func() error { _, err := s.Behaviors(ctx); return err }},
		{MethodListDeviceAssurances, func() error { _, err := s.DeviceAssurances(ctx); return err }},
	}
	for _, r := range reads {
		err := r.read()
		if err == nil || !strings.Contains(err.Error(), r.method+" not implemented") {
			t.Errorf("reading through %s: error %v, want one naming the unimplemented method", r.method, err)
		}
	}
}

// LoadAll loads the admin roles whatever the source: it used to skip them,
// silently, when the source did not declare the evidence methods.
func TestLoadAllLoadsAdminRoles(t *testing.T) {
	f := seededFake()
	s := New(f, Options{})
	if err := s.LoadAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := f.total(MethodListRoleAssigneeUsers); n != 1 {
		t.Fatalf("LoadAll listed the role assignees %d times, want 1", n)
	}
	roles, err := s.AdminRoles(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(roles.Admins) == 0 || roles.Admins[0].UserID != "00u1" {
		t.Errorf("admins %+v, want 00u1 (the fake's only role holder)", roles.Admins)
	}
	if n := f.total(MethodListRoleAssigneeUsers); n != 1 {
		t.Errorf("AdminRoles after LoadAll listed the role assignees again (%d calls)", n)
	}
}
