package directory

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// evidenceFake adds policies, the System Log, role assignees and users'
// groups to fakeSource.
type evidenceFake struct {
	*fakeSource
	policies   map[string][]okta.Policy
	rules      map[string][]okta.PolicyRule
	logs       []okta.LogEvent // in published order
	assignees  []string
	userGroups map[string][]string
}

func (f *evidenceFake) ListPolicies(ctx context.Context, policyType string) ([]okta.Policy, error) {
	return answer(ctx, f.fakeSource, MethodListPolicies, policyType, f.policies[policyType])
}

func (f *evidenceFake) ListPolicyRules(ctx context.Context, policyID string) ([]okta.PolicyRule, error) {
	return answer(ctx, f.fakeSource, MethodListPolicyRules, policyID, f.rules[policyID])
}

type logPage struct {
	events    []okta.LogEvent
	truncated bool
}

func (f *evidenceFake) ListLogs(ctx context.Context, since, until time.Time, filter string, maxEvents int) ([]okta.LogEvent, bool, error) {
	var out []okta.LogEvent
	for _, e := range f.logs {
		if !e.Published.Before(since) && e.Published.Before(until) && (filter == "" || strings.Contains(filter, `"`+e.EventType+`"`)) {
			out = append(out, e)
		}
	}
	truncated := false
	if maxEvents > 0 && len(out) > maxEvents {
		out, truncated = out[:maxEvents], true
	}
	key := fmt.Sprintf("%s/%s/%s/%d", since.Format(time.RFC3339), until.Format(time.RFC3339), filter, maxEvents)
	p, err := answer(ctx, f.fakeSource, MethodListLogs, key, logPage{out, truncated})
	return p.events, p.truncated, err
}

func (f *evidenceFake) ListRoleAssigneeUsers(ctx context.Context) ([]string, error) {
	return answer(ctx, f.fakeSource, MethodListRoleAssigneeUsers, "", f.assignees)
}

func (f *evidenceFake) ListUserGroups(ctx context.Context, userID string) ([]okta.Group, error) {
	var gs []okta.Group
	for _, id := range f.userGroups[userID] {
		gs = append(gs, okta.Group{ID: id})
	}
	return answer(ctx, f.fakeSource, MethodListUserGroups, userID, gs)
}

func raw(s string) []byte { return []byte(s) }

func newEvidenceFake() *evidenceFake {
	f := &evidenceFake{fakeSource: seededFake()}
	f.policies = map[string][]okta.Policy{
		"PASSWORD": {
			{ID: "pol3", Name: "Default", Type: "PASSWORD", Priority: 2, System: true, Settings: raw(`{"password":{"complexity":{"minLength":8}}}`)},
			{ID: "pol2", Name: "Strong", Type: "PASSWORD", Priority: 1},
			{ID: "pol1", Name: "Twin", Type: "PASSWORD", Priority: 2},
		},
		"OKTA_SIGN_ON": {{ID: "pos1", Name: "Default", Type: "OKTA_SIGN_ON", Priority: 1}},
	}
	f.rules = map[string][]okta.PolicyRule{
		"pol3": {{ID: "r2", Priority: 2}, {ID: "r9", Priority: 1}, {ID: "r1", Priority: 2}},
	}
	base := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	for i := range 6 {
		typ := "user.session.start"
		if i%2 == 1 {
			typ = "user.lifecycle.deactivate"
		}
		f.logs = append(f.logs, okta.LogEvent{UUID: fmt.Sprintf("e%d", 9-i), Published: base.Add(time.Duration(i/2) * time.Hour), EventType: typ})
	}
	// 00u1: ORG_ADMIN directly, SUPER_ADMIN through 00g1 with no assignee
	// link (so resolved through the user's groups); 00u3: HELP_DESK_ADMIN
	// through 00g2, named by the link.
	f.assignees = []string{"00u3", "00u1"}
	f.userRoles["00u3"] = []okta.Role{{ID: "ra7", Type: "HELP_DESK_ADMIN", AssignmentType: "GROUP", AssigneeID: "00g2", Status: "ACTIVE"}}
	f.groupRoles["00g2"] = []okta.Role{{ID: "ra7", Type: "HELP_DESK_ADMIN", Status: "ACTIVE"}}
	f.userGroups = map[string][]string{"00u1": {"00g0", "00g1", "00g2"}}
	return f
}

func TestPoliciesFetchedOncePerType(t *testing.T) {
	f := newEvidenceFake()
	s := New(f, Options{})
	ctx := t.Context()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Policies(ctx, "PASSWORD"); err != nil {
				t.Error(err)
			}
			if _, err := s.PolicyRulesOf(ctx, []string{"pol3", "pol1"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ps, err := s.Policies(ctx, "PASSWORD")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	if want := []string{"pol2", "pol1", "pol3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("policies in order %v, want %v (priority, then id)", ids, want)
	}
	if _, err := s.Policies(ctx, "OKTA_SIGN_ON"); err != nil {
		t.Fatal(err)
	}
	rs, err := s.PolicyRules(ctx, "pol3")
	if err != nil {
		t.Fatal(err)
	}
	var rids []string
	for _, r := range rs {
		rids = append(rids, r.ID)
		if r.PolicyID != "pol3" {
			t.Errorf("rule %s: policy id %q", r.ID, r.PolicyID)
		}
	}
	if want := []string{"r9", "r1", "r2"}; !reflect.DeepEqual(rids, want) {
		t.Errorf("rules in order %v, want %v", rids, want)
	}
	for _, c := range []struct{ method, key string }{
		{MethodListPolicies, "PASSWORD"}, {MethodListPolicies, "OKTA_SIGN_ON"},
		{MethodListPolicyRules, "pol3"}, {MethodListPolicyRules, "pol1"},
	} {
		if n := f.count(c.method, c.key); n != 1 {
			t.Errorf("%s %s called %d times, want 1", c.method, c.key, n)
		}
	}
	if st := s.Stats(); st[MethodListPolicies] != 2 || st[MethodListPolicyRules] != 2 {
		t.Errorf("stats %v", st)
	}
}

func TestLogWindowFetchedOnce(t *testing.T) {
	f := newEvidenceFake()
	s := New(f, Options{})
	ctx := t.Context()
	now := s.PlanTime()
	base := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	// The fake's events are in January 2026; move the window near the plan
	// time so the 90-day check passes whatever day the test runs.
	shift := now.Sub(base) - 24*time.Hour
	for i := range f.logs {
		f.logs[i].Published = f.logs[i].Published.Add(shift)
	}
	w := LogWindow{Since: base.Add(shift), Until: base.Add(shift + 3*time.Hour)}

	r, err := s.Logs(ctx, w, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != 4 || !r.Truncated {
		t.Fatalf("cap 4: %d events, truncated %v", len(r.Events), r.Truncated)
	}
	// Sorted by published, then uuid: e9 and e8 share the first hour.
	var got []string
	for _, e := range r.Events {
		got = append(got, e.UUID)
	}
	if want := []string{"e8", "e9", "e6", "e7"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	// A smaller cap is served from memory.
	r2, err := s.Logs(ctx, w, 2)
	if err != nil || len(r2.Events) != 2 || !r2.Truncated || r2.Events[1].UUID != "e9" {
		t.Errorf("cap 2 from memory: %+v, %v", r2, err)
	}
	if n := f.total(MethodListLogs); n != 1 {
		t.Errorf("%d log fetches after two reads of one window, want 1", n)
	}
	// A larger cap than a truncated fetch holds fetches again; the complete
	// answer then serves every cap.
	r3, err := s.Logs(ctx, w, 100)
	if err != nil || len(r3.Events) != 6 || r3.Truncated {
		t.Fatalf("cap 100: %d events, truncated %v, %v", len(r3.Events), r3.Truncated, err)
	}
	r4, err := s.Logs(ctx, w, 50)
	if err != nil || len(r4.Events) != 6 || r4.Truncated {
		t.Errorf("cap 50 from memory: %d events, truncated %v, %v", len(r4.Events), r4.Truncated, err)
	}
	r5, err := s.Logs(ctx, w, 6)
	if err != nil || len(r5.Events) != 6 || r5.Truncated {
		t.Errorf("exact cap from memory: %d events, truncated %v", len(r5.Events), r5.Truncated)
	}
	if n := f.total(MethodListLogs); n != 2 {
		t.Errorf("%d log fetches, want 2", n)
	}
	// Another filter is another window.
	wf := w
	wf.Filter = LogFilter("", []string{"user.lifecycle.deactivate"})
	r6, err := s.Logs(ctx, wf, 100)
	if err != nil || len(r6.Events) != 3 {
		t.Errorf("filtered window: %d events, %v", len(r6.Events), err)
	}
	if _, err := s.Logs(ctx, wf, 100); err != nil {
		t.Fatal(err)
	}
	if n := f.total(MethodListLogs); n != 3 {
		t.Errorf("%d log fetches, want 3", n)
	}
	if s.Stats()[MethodListLogs] != 3 {
		t.Errorf("stats %v", s.Stats())
	}
}

func TestLogWindowFailureNotCached(t *testing.T) {
	f := newEvidenceFake()
	s := New(f, Options{})
	ctx := t.Context()
	now := s.PlanTime()
	w := LogWindow{Since: now.Add(-time.Hour), Until: now}
	key := fmt.Sprintf("%s/%s//10", w.Since.Format(time.RFC3339), w.Until.Format(time.RFC3339))
	f.setErr(MethodListLogs, key, errBoom)
	if _, err := s.Logs(ctx, w, 10); !errors.Is(err, errBoom) {
		t.Fatalf("err %v, want boom", err)
	}
	f.setErr(MethodListLogs, key, nil)
	if _, err := s.Logs(ctx, w, 10); err != nil {
		t.Fatal(err)
	}
	if n := f.count(MethodListLogs, key); n != 2 {
		t.Errorf("%d fetches, want 2 (a failure is retried)", n)
	}
}

func TestLogWindowCheck(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		w    LogWindow
		want string
	}{
		{"ok", LogWindow{Since: now.Add(-89 * 24 * time.Hour), Until: now}, ""},
		{"reversed", LogWindow{Since: now, Until: now.Add(-time.Hour)}, "must be after since"},
		{"empty", LogWindow{Since: now, Until: now}, "must be after since"},
		{"too old", LogWindow{Since: now.Add(-91 * 24 * time.Hour), Until: now}, "keeps events for 90 days"},
		{"zero", LogWindow{Until: now}, "needs both"},
	} {
		err := c.w.Check(now)
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	s := New(newEvidenceFake(), Options{})
	p := s.PlanTime()
	if _, err := s.Logs(t.Context(), LogWindow{Since: p.Add(-100 * 24 * time.Hour), Until: p}, 1); err == nil ||
		!strings.Contains(err.Error(), "90 days") {
		t.Errorf("old window: %v", err)
	}
}

func TestLogFilter(t *testing.T) {
	for _, c := range []struct {
		filter string
		types  []string
		want   string
	}{
		{"", nil, ""},
		{`actor.id eq "00u1"`, nil, `actor.id eq "00u1"`},
		{"", []string{"user.session.start"}, `eventType eq "user.session.start"`},
		{"", []string{"b.x", "a.y", "b.x"}, `(eventType eq "a.y" or eventType eq "b.x")`},
		{`outcome.result eq "FAILURE" or severity eq "WARN"`, []string{"b", "a"},
			`(outcome.result eq "FAILURE" or severity eq "WARN") and (eventType eq "a" or eventType eq "b")`},
	} {
		if got := LogFilter(c.filter, c.types); got != c.want {
			t.Errorf("LogFilter(%q, %v) = %q, want %q", c.filter, c.types, got, c.want)
		}
	}
}

func TestAdminRoles(t *testing.T) {
	f := newEvidenceFake()
	s := New(f, Options{})
	ctx := t.Context()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.AdminRoles(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ar, err := s.AdminRoles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ typ, id, name, role, roleID string }
	var got []row
	for _, a := range ar.Assignments {
		got = append(got, row{a.PrincipalType, a.PrincipalID, a.PrincipalName, a.RoleType, a.RoleID})
	}
	want := []row{
		{"USER", "00u1", "Alice@Acme.com", "ORG_ADMIN", "ra5"},
		{"GROUP", "00g1", "Admins", "SUPER_ADMIN", "ra9"},
		{"GROUP", "00g2", "Engineering", "HELP_DESK_ADMIN", "ra7"},
		{"CLIENT", "0oa1", "CI", "READ_ONLY_ADMIN", "ra1"},
		{"CLIENT", "0oa1", "CI", "SUPER_ADMIN", "ra2"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("assignments\n got %v\nwant %v", got, want)
	}
	wantAdmins := []Admin{
		{UserID: "00u1", Login: "Alice@Acme.com", Status: "ACTIVE", RoleTypes: []string{"ORG_ADMIN", "SUPER_ADMIN"},
			DirectTypes: []string{"ORG_ADMIN"}, ViaGroupIDs: []string{"00g1"}},
		{UserID: "00u3", Login: "carol@acme.com", Status: "ACTIVE", RoleTypes: []string{"HELP_DESK_ADMIN"},
			DirectTypes: nil, ViaGroupIDs: []string{"00g2"}},
	}
	if !reflect.DeepEqual(ar.Admins, wantAdmins) {
		t.Errorf("admins\n got %+v\nwant %+v", ar.Admins, wantAdmins)
	}
	// Each list once: the linked group's roles are not looked for among
	// 00u3's groups; 00u1's groups are listed once for its unlinked role.
	for _, c := range []struct{ method, key string }{
		{MethodListRoleAssigneeUsers, ""}, {MethodListUserRoles, "00u1"}, {MethodListUserRoles, "00u3"},
		{MethodListUserGroups, "00u1"}, {MethodListGroupRoles, "00g1"}, {MethodListGroupRoles, "00g2"},
		{MethodListClientRoles, "cli1"}, {MethodListApps, ""},
	} {
		if n := f.count(c.method, c.key); n != 1 {
			t.Errorf("%s %q called %d times, want 1", c.method, c.key, n)
		}
	}
	if n := f.count(MethodListUserGroups, "00u3"); n != 0 {
		t.Errorf("groups of 00u3 listed %d times; its assignee link names the group", n)
	}
}

func TestAdminRolesUnresolvableGroupRole(t *testing.T) {
	f := newEvidenceFake()
	f.userGroups["00u1"] = []string{"00g0"} // none of them holds SUPER_ADMIN
	_, err := New(f, Options{}).AdminRoles(t.Context())
	if err == nil || !strings.Contains(err.Error(), "through a group") {
		t.Errorf("err %v", err)
	}
}

// TestAdminRolesGroupListIsAuthoritative: a group's own role list names its
// assignments; a member's view of the same role under another id adds
// nothing, while a role only a member's view shows is still the group's.
func TestAdminRolesGroupListIsAuthoritative(t *testing.T) {
	f := newEvidenceFake()
	f.userRoles["00u3"] = []okta.Role{
		{ID: "ra7-member-view", Type: "HELP_DESK_ADMIN", AssignmentType: "GROUP", AssigneeID: "00g2"},
		{ID: "ra8", Type: "REPORT_ADMIN", AssignmentType: "GROUP", AssigneeID: "00g2"},
	}
	ar, err := New(f, Options{}).AdminRoles(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range ar.Assignments {
		if a.PrincipalID == "00g2" {
			got = append(got, a.RoleType+"/"+a.RoleID)
		}
	}
	if want := []string{"HELP_DESK_ADMIN/ra7", "REPORT_ADMIN/ra8"}; !reflect.DeepEqual(got, want) {
		t.Errorf("group 00g2 assignments %v, want %v", got, want)
	}
}

// TestPlanTimeFromOptions: the provider's as_of fixes the snapshot's "now",
// to the second and in UTC, before anything asks for it; without it, the
// first call fixes it.
func TestPlanTimeFromOptions(t *testing.T) {
	asOf := time.Date(2026, 12, 5, 12, 58, 31, 900_000_000, time.FixedZone("CET", 3600))
	s := New(newEvidenceFake(), Options{PlanTime: asOf})
	want := time.Date(2026, 12, 5, 11, 58, 31, 0, time.UTC)
	if got := s.PlanTime(); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("PlanTime = %s, want %s", got, want)
	}
	free := New(newEvidenceFake(), Options{})
	first := free.PlanTime()
	if time.Since(first) > time.Minute || !free.PlanTime().Equal(first) {
		t.Errorf("PlanTime without as_of = %s, then %s: want now, then the same", first, free.PlanTime())
	}
}
