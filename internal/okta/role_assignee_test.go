package okta

import (
	"context"
	"net/http"
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
	roles, err := testClient(t, srv.URL).ListUserRoles(context.Background(), "00u1")
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
