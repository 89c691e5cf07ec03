package oktasim

import (
	"strings"
	"testing"
)

func roleOrg() *Org {
	o := NewOrg()
	addUser(o, "00u1", "ann", "ACTIVE")
	addUser(o, "00u2", "bob", "ACTIVE")
	addUser(o, "00u3", "carol", "ACTIVE")
	o.Groups = []*Group{{ID: "00g1", Type: "OKTA_GROUP", Name: "Admins", MemberIDs: []string{"00u2"}, Created: testNow}}
	o.GroupRoles["00g1"] = []*RoleAssignment{{ID: "rag1", Type: "ORG_ADMIN", Status: "ACTIVE", AssignmentType: "GROUP", Created: testNow}}
	addUserRole(o, "00u1", "rau1", "READ_ONLY_ADMIN")
	addToken(o, "00T2", "00u2", "tok-bob")
	return o
}

func TestRoleInheritanceThroughGroups(t *testing.T) {
	s := startSim(t, roleOrg(), Options{})
	r := admin(t, s, "GET", "/api/v1/users/00u2/roles", nil)
	wantStatus(t, r, 200)
	roles := r.list(t)
	if len(roles) != 1 || roles[0]["type"] != "ORG_ADMIN" || roles[0]["assignmentType"] != "GROUP" || roles[0]["label"] != "Organizational Administrator" {
		t.Fatalf("inherited roles %s", r.body)
	}
	// The inherited role gives bob's token write access.
	wantStatus(t, send(t, "POST", s.URL()+"/api/v1/users/00u3/lifecycle/suspend", "SSWS tok-bob", nil), 200)

	r = admin(t, s, "POST", "/api/v1/users/00u2/roles", map[string]any{"type": "APP_ADMIN"})
	wantStatus(t, r, 201)
	direct := r.object(t)
	if direct["assignmentType"] != "USER" || !strings.HasPrefix(as[string](t, direct["id"]), "ra1") {
		t.Fatalf("assigned %s", r.body)
	}
	if r := admin(t, s, "POST", "/api/v1/users/00u2/roles", map[string]any{"type": "APP_ADMIN"}); r.status != 409 {
		t.Fatalf("duplicate: %d %s", r.status, r.body)
	}
	wantStatus(t, admin(t, s, "POST", "/api/v1/users/00u2/roles", map[string]any{"type": "NOT_A_ROLE"}), 400)
	types := map[string]string{}
	for _, ra := range admin(t, s, "GET", "/api/v1/users/00u2/roles", nil).list(t) {
		types[as[string](t, ra["type"])] = as[string](t, ra["assignmentType"])
	}
	if types["APP_ADMIN"] != "USER" || types["ORG_ADMIN"] != "GROUP" {
		t.Fatalf("roles %v", types)
	}

	// Leaving the group drops the inherited role and with it write access.
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/groups/00g1/users/00u2", nil), 204)
	wantStatus(t, send(t, "POST", s.URL()+"/api/v1/users/00u3/lifecycle/unsuspend", "SSWS tok-bob", nil), 403)
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/users/00u2/roles/"+as[string](t, direct["id"]), nil), 204)
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/users/00u2/roles/"+as[string](t, direct["id"]), nil), 404)
	if n := len(admin(t, s, "GET", "/api/v1/users/00u2/roles", nil).list(t)); n != 0 {
		t.Fatalf("%d roles left", n)
	}
}

func TestGroupAndClientRoles(t *testing.T) {
	o := roleOrg()
	serviceApp(t, o, "0oac", newRSAClient(t, "cid-1"), nil)
	s := startSim(t, o, Options{})
	r := admin(t, s, "POST", "/api/v1/groups/00g1/roles", map[string]any{"type": "REPORT_ADMIN"})
	wantStatus(t, r, 201)
	if n := len(admin(t, s, "GET", "/api/v1/groups/00g1/roles", nil).list(t)); n != 2 {
		t.Fatalf("%d group roles", n)
	}
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/groups/00g1/roles/"+as[string](t, r.object(t)["id"]), nil), 204)

	r = admin(t, s, "POST", "/oauth2/v1/clients/cid-1/roles", map[string]any{"type": "READ_ONLY_ADMIN"})
	wantStatus(t, r, 201)
	if r.object(t)["assignmentType"] != "CLIENT" {
		t.Fatalf("client role %s", r.body)
	}
	roles := admin(t, s, "GET", "/oauth2/v1/clients/cid-1/roles", nil).list(t)
	if len(roles) != 1 || roles[0]["type"] != "READ_ONLY_ADMIN" {
		t.Fatalf("client roles %v", roles)
	}
	wantStatus(t, admin(t, s, "GET", "/oauth2/v1/clients/nope/roles", nil), 404)
	wantStatus(t, admin(t, s, "DELETE", "/oauth2/v1/clients/cid-1/roles/"+as[string](t, roles[0]["id"]), nil), 204)
	if n := len(admin(t, s, "GET", "/oauth2/v1/clients/cid-1/roles", nil).list(t)); n != 0 {
		t.Fatalf("%d client roles left", n)
	}
}

func TestRoleAssigneesPaged(t *testing.T) {
	s := startSim(t, roleOrg(), Options{PageSizeCap: 1})
	var ids []string
	next := s.URL() + "/api/v1/iam/assignees/users"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("pages never end")
		}
		r := send(t, "GET", next, "SSWS "+s.AdminToken(), nil)
		wantStatus(t, r, 200)
		var body struct {
			Value []struct {
				ID  string `json:"id"`
				Orn string `json:"orn"`
			} `json:"value"`
			Links struct {
				Next *struct {
					Href string `json:"href"`
				} `json:"next"`
			} `json:"_links"`
		}
		r.json(t, &body)
		for _, v := range body.Value {
			if !strings.HasSuffix(v.Orn, ":users:"+v.ID) {
				t.Fatalf("orn %s", v.Orn)
			}
			ids = append(ids, v.ID)
		}
		next = ""
		if body.Links.Next != nil {
			next = body.Links.Next.Href
		}
	}
	if strings.Join(ids, ",") != "00u1,00u2" {
		t.Fatalf("assignees %v", ids)
	}
}
