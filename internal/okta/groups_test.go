package okta

import (
	"reflect"
	"testing"
)

func TestReadGroups(t *testing.T) {
	c, ctx := readClient(t), t.Context()
	gs, err := c.ListUserGroups(ctx, "00u1")
	if err != nil || len(gs) != 1 || gs[0].Name != "Everyone" || gs[0].Type != "BUILT_IN" || gs[0].Description != "All users" || gs[0].LastMembershipUpdated.IsZero() {
		t.Errorf("groups %+v %v", gs, err)
	}

	ids, err := c.ListGroupMemberIDs(ctx, "00g1")
	if err != nil || !reflect.DeepEqual(ids, []string{"00u1", "00u2"}) {
		t.Errorf("members %v %v", ids, err)
	}
}

func TestGroupWrites(t *testing.T) {
	c, calls := writeServer(t)
	ctx := t.Context()
	if err := c.AddUserToGroup(ctx, "00g1", "00u9"); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveUserFromGroup(ctx, "00g1", "00u9"); err != nil {
		t.Fatal(err)
	}
	checkCalls(t, calls(),
		"PUT /api/v1/groups/00g1/users/00u9",
		"DELETE /api/v1/groups/00g1/users/00u9",
	)
}
