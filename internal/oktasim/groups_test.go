package oktasim

import (
	"net/url"
	"strings"
	"testing"
)

func TestGroupsListAndMembers(t *testing.T) {
	o := NewOrg()
	addUser(o, "00u1", "ann", "ACTIVE")
	addUser(o, "00u2", "bob", "DEPROVISIONED")
	o.Groups = []*Group{
		{ID: "00g1", Type: "BUILT_IN", Name: "Everyone", MemberIDs: []string{"00u1", "00u2"}, Created: testNow, LastUpdated: testNow, LastMembershipUpdated: testNow},
		{ID: "00g2", Type: "OKTA_GROUP", Name: "Engineering", Description: "Builders", MemberIDs: []string{"00u1"}, Created: testNow, LastUpdated: testNow, LastMembershipUpdated: testNow},
		{ID: "00g3", Type: "APP_GROUP", Name: "Eng AD", Created: testNow, LastUpdated: testNow, LastMembershipUpdated: testNow},
	}
	s := startSim(t, o, Options{PageSizeCap: 2})
	for query, want := range map[string]string{
		"":       "00g1,00g2,00g3",
		"?q=eng": "00g2,00g3",
		"?search=" + url.QueryEscape(`type eq "OKTA_GROUP"`):  "00g2",
		"?filter=" + url.QueryEscape(`profile.name sw "Eng"`): "00g2,00g3",
	} {
		ids, _ := listAll(t, s, "/api/v1/groups"+query)
		if got := strings.Join(ids, ","); got != want {
			t.Errorf("%q: %s, want %s", query, got, want)
		}
	}
	r := admin(t, s, "GET", "/api/v1/groups/00g2", nil)
	wantStatus(t, r, 200)
	g := r.object(t)
	if dig(t, g, "profile", "description") != "Builders" || g["type"] != "OKTA_GROUP" || g["lastMembershipUpdated"] != "2026-03-10T12:00:00.000Z" {
		t.Fatalf("group %s", r.body)
	}
	ids, _ := listAll(t, s, "/api/v1/groups/00g1/users")
	if strings.Join(ids, ",") != "00u1,00u2" {
		t.Fatalf("members %v", ids)
	}
	wantStatus(t, admin(t, s, "PUT", "/api/v1/groups/00g1/users/00u1", nil), 400)
	wantStatus(t, admin(t, s, "PUT", "/api/v1/groups/00g2/users/00unope", nil), 404)
	wantStatus(t, admin(t, s, "GET", "/api/v1/groups/00gnope", nil), 404)
}
