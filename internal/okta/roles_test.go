package okta

import (
	"net/http"
	"reflect"
	"testing"
)

// TestRoleAssignee reads _links.assignee: a user's role held through a group
// names the group, as in Okta's "List all User Role Assignments" example.
func TestRoleAssignee(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host
		writeJSON(w, 200, []any{
			map[string]any{"id": "ra1", "type": "APP_ADMIN", "status": "ACTIVE", "assignmentType": "USER",
				"_links": map[string]any{"assignee": map[string]any{"href": base + "/api/v1/users/00u1"}}},
			map[string]any{"id": "gra2", "type": "API_ACCESS_MANAGEMENT_ADMIN", "status": "ACTIVE", "assignmentType": "GROUP",
				"_links": map[string]any{"assignee": map[string]any{"href": base + "/api/v1/groups/00g7/"}}},
			map[string]any{"id": "ra3", "type": "READ_ONLY_ADMIN", "assignmentType": "USER"},
		})
	})
	roles, err := testClient(t, srv.URL).ListUserRoles(t.Context(), "00u1")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"00u1", "00g7", ""}
	if len(roles) != len(want) {
		t.Fatalf("%d roles", len(roles))
	}
	for i, r := range roles {
		if r.AssigneeID != want[i] {
			t.Errorf("role %s: assignee %q, want %q", r.ID, r.AssigneeID, want[i])
		}
	}
	if roles[1].AssignmentType != "GROUP" {
		t.Errorf("assignment type %q", roles[1].AssignmentType)
	}
}

func TestListRoleAssigneeUsers(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("after") == "" {
			writeJSON(w, 200, map[string]any{"value": []any{map[string]any{"id": "00u1", "orn": "x"}, map[string]any{"id": "00u2"}},
				"_links": map[string]any{"next": map[string]any{"href": "http://" + r.Host + "/api/v1/iam/assignees/users?after=00u2&limit=100"}}})
			return
		}
		writeJSON(w, 200, map[string]any{"value": []any{map[string]any{"id": "00u3"}}, "_links": map[string]any{}})
	})
	ids, err := testClient(t, srv.URL).ListRoleAssigneeUsers(t.Context())
	if err != nil || !reflect.DeepEqual(ids, []string{"00u1", "00u2", "00u3"}) {
		t.Errorf("ids %v err %v", ids, err)
	}
}

func TestReadRoles(t *testing.T) {
	c, ctx := readClient(t), t.Context()
	roles, err := c.ListUserRoles(ctx, "00u1")
	if err != nil || len(roles) != 1 || roles[0].AssignmentType != "GROUP" || roles[0].Type != "READ_ONLY_ADMIN" || roles[0].Created.IsZero() {
		t.Errorf("user roles %+v %v", roles, err)
	}

	if roles, err := c.ListGroupRoles(ctx, "00g1"); err != nil || len(roles) != 1 || roles[0].Type != "SUPER_ADMIN" {
		t.Errorf("group roles %+v %v", roles, err)
	}

	if roles, err := c.ListClientRoles(ctx, "0oa1cid"); err != nil || len(roles) != 1 || roles[0].AssignmentType != "CLIENT" {
		t.Errorf("client roles %+v %v", roles, err)
	}
}

func TestRoleWrites(t *testing.T) {
	c, calls := writeServer(t)
	ctx := t.Context()
	role, err := c.AssignUserRole(ctx, "00u9", "READ_ONLY_ADMIN")
	if err != nil || role.ID != "ra9" || role.Type != "READ_ONLY_ADMIN" {
		t.Fatalf("role %+v %v", role, err)
	}
	if err := c.UnassignUserRole(ctx, "00u9", "ra9"); err != nil {
		t.Fatal(err)
	}
	got := calls()
	checkCalls(t, got,
		"POST /api/v1/users/00u9/roles",
		"DELETE /api/v1/users/00u9/roles/ra9",
	)
	if got[0].body["type"] != "READ_ONLY_ADMIN" {
		t.Errorf("role body %v", got[0].body)
	}
}
