package oktasim

import (
	"net/url"
	"strings"
	"testing"
)

// userOrg has five users, one DEPROVISIONED.
func userOrg() *Org {
	o := NewOrg()
	addUser(o, "00u1", "ann", "ACTIVE")
	addUser(o, "00u2", "bob", "DEPROVISIONED")
	addUser(o, "00u3", "carol", "ACTIVE")
	addUser(o, "00u4", "cat", "SUSPENDED")
	addUser(o, "00u5", "dan", "STAGED")
	o.Users[2].Profile["department"] = "Finance"
	return o
}

// listAll follows next links from path and returns every item's id and the
// number of pages.
func listAll(t *testing.T, s *Server, path string) ([]string, int) {
	t.Helper()
	var ids []string
	pages := 0
	next := s.URL() + path
	for next != "" {
		r := send(t, "GET", next, "SSWS "+s.AdminToken(), nil)
		wantStatus(t, r, 200)
		pages++
		for _, item := range r.list(t) {
			ids = append(ids, as[string](t, item["id"]))
		}
		next = r.nextLink()
		if pages > 50 {
			t.Fatal("pages never end")
		}
	}
	return ids, pages
}

func TestListUsersPagesAndOmitsDeprovisioned(t *testing.T) {
	s := startSim(t, userOrg(), Options{PageSizeCap: 2})
	ids, pages := listAll(t, s, "/api/v1/users?limit=200")
	if got := strings.Join(ids, ","); got != "00u1,00u3,00u4,00u5" {
		t.Fatalf("ids %s", got)
	}
	if pages != 2 {
		t.Fatalf("%d pages, want 2 (PageSizeCap 2)", pages)
	}

	s2 := startSim(t, userOrg(), Options{})
	ids, pages = listAll(t, s2, "/api/v1/users?limit=3")
	if len(ids) != 4 || pages != 2 {
		t.Fatalf("limit=3: %v in %d pages", ids, pages)
	}
}

func TestListUsersSearchFilterAndQ(t *testing.T) {
	s := startSim(t, userOrg(), Options{})
	cases := []struct{ query, want string }{
		{"search=" + url.QueryEscape(`status eq "DEPROVISIONED"`), "00u2"},
		{"search=" + url.QueryEscape(`profile.department eq "Finance"`), "00u3"},
		{"filter=" + url.QueryEscape(`status eq "DEPROVISIONED" or status eq "STAGED"`), "00u2,00u5"},
		{"q=ca", "00u3,00u4"},
		{"q=b", ""}, // bob is DEPROVISIONED: q never returns him
		{"q=TESTER", "00u1,00u3,00u4,00u5"},
	}
	for _, c := range cases {
		ids, _ := listAll(t, s, "/api/v1/users?"+c.query)
		if got := strings.Join(ids, ","); got != c.want {
			t.Errorf("%s: got %q, want %q", c.query, got, c.want)
		}
	}
}

func TestListUsersBadSearch(t *testing.T) {
	s := startSim(t, userOrg(), Options{})
	r := admin(t, s, "GET", "/api/v1/users?search="+url.QueryEscape(`status eq`), nil)
	wantStatus(t, r, 400)
	body := r.object(t)
	if body["errorCode"] != "E0000031" {
		t.Fatalf("body %s", r.body)
	}
	if causes, _ := body["errorCauses"].([]any); len(causes) == 0 {
		t.Fatalf("no errorCauses: %s", r.body)
	}
}

func TestUserRendering(t *testing.T) {
	s := startSim(t, userOrg(), Options{})
	r := admin(t, s, "GET", "/api/v1/users/carol@EXAMPLE.com", nil)
	wantStatus(t, r, 200)
	u := r.object(t)
	if u["id"] != "00u3" || u["created"] != "2026-03-08T12:00:00.000Z" {
		t.Fatalf("user %s", r.body)
	}
	if v, ok := u["lastLogin"]; !ok || v != nil {
		t.Fatalf("lastLogin must be null: %s", r.body)
	}
	if strings.Contains(string(r.body), "Password") {
		t.Fatalf("password leaked: %s", r.body)
	}
}

func TestUserLifecycle(t *testing.T) {
	s := startSim(t, NewOrg(), Options{})
	r := admin(t, s, "POST", "/api/v1/users?activate=false", map[string]any{
		"profile":     map[string]any{"login": "svc@example.com", "email": "svc@example.com", "firstName": "S", "lastName": "A"},
		"credentials": map[string]any{"password": map[string]any{"value": "Sup3r-Secret!"}},
	})
	wantStatus(t, r, 200)
	u := r.object(t)
	id := as[string](t, u["id"])
	if u["status"] != "STAGED" || !strings.HasPrefix(id, "00u") || u["passwordChanged"] == nil {
		t.Fatalf("created %s", r.body)
	}
	if strings.Contains(string(r.body), "Sup3r") {
		t.Fatal("password rendered")
	}
	dup := admin(t, s, "POST", "/api/v1/users", map[string]any{"profile": map[string]any{"login": "SVC@example.com", "email": "x@example.com"}})
	wantStatus(t, dup, 400)

	status := func() string {
		r := admin(t, s, "GET", "/api/v1/users/"+id, nil)
		wantStatus(t, r, 200)
		return as[string](t, r.object(t)["status"])
	}
	steps := []struct {
		op, want string
		code     int
	}{
		{"suspend", "STAGED", 400},
		{"activate?sendEmail=false", "ACTIVE", 200},
		{"activate", "ACTIVE", 403},
		{"unsuspend", "ACTIVE", 400},
		{"suspend", "SUSPENDED", 200},
		{"unsuspend", "ACTIVE", 200},
		{"unlock", "ACTIVE", 400},
		{"deactivate", "DEPROVISIONED", 200},
	}
	for _, st := range steps {
		r := admin(t, s, "POST", "/api/v1/users/"+id+"/lifecycle/"+st.op, nil)
		if r.status != st.code {
			t.Fatalf("%s: status %d, want %d: %s", st.op, r.status, st.code, r.body)
		}
		if got := status(); got != st.want {
			t.Fatalf("after %s: status %s, want %s", st.op, got, st.want)
		}
	}

	// DELETE deletes a DEPROVISIONED user; an active one is first deactivated.
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/users/"+id, nil), 204)
	wantStatus(t, admin(t, s, "GET", "/api/v1/users/"+id, nil), 404)

	r = admin(t, s, "POST", "/api/v1/users", map[string]any{"profile": map[string]any{"login": "p@example.com", "email": "p@example.com"}})
	wantStatus(t, r, 200)
	u = r.object(t)
	if u["status"] != "PROVISIONED" { // activated without a password
		t.Fatalf("created %s", r.body)
	}
	id = as[string](t, u["id"])
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/users/"+id, nil), 204)
	if got := status(); got != "DEPROVISIONED" {
		t.Fatalf("first DELETE left %s", got)
	}
	wantStatus(t, admin(t, s, "DELETE", "/api/v1/users/"+id, nil), 204)
	wantStatus(t, admin(t, s, "GET", "/api/v1/users/"+id, nil), 404)
}

func TestUpdateUserProfile(t *testing.T) {
	s := startSim(t, userOrg(), Options{})
	r := admin(t, s, "POST", "/api/v1/users/00u1", map[string]any{"profile": map[string]any{"title": "CFO"}})
	wantStatus(t, r, 200)
	p := as[map[string]any](t, r.object(t)["profile"])
	if p["title"] != "CFO" || p["login"] != "ann@example.com" {
		t.Fatalf("partial update: %v", p)
	}
	r = admin(t, s, "PUT", "/api/v1/users/00u1", map[string]any{"profile": map[string]any{"login": "ann@example.com", "email": "ann@example.com"}})
	wantStatus(t, r, 200)
	if _, ok := r.object(t)["profile"].(map[string]any)["title"]; ok {
		t.Fatal("PUT kept an attribute it did not send")
	}
	if got := s.Org().user("00u1").LastUpdated; !got.Equal(testNow) {
		t.Fatalf("lastUpdated %v", got)
	}
}

func TestFactorsAndUserGroups(t *testing.T) {
	o := userOrg()
	o.Factors["00u1"] = []*Factor{{ID: "mfa1", UserID: "00u1", FactorType: "webauthn", Provider: "FIDO", VendorName: "FIDO",
		Status: "ACTIVE", Created: testNow, LastUpdated: testNow, Profile: map[string]any{"authenticatorName": "YubiKey"}}}
	o.Groups = []*Group{{ID: "00g1", Type: "OKTA_GROUP", Name: "Eng", MemberIDs: []string{"00u1", "00u3"}, Created: testNow}}
	s := startSim(t, o, Options{})
	r := admin(t, s, "GET", "/api/v1/users/00u1/factors", nil)
	wantStatus(t, r, 200)
	fs := r.list(t)
	if len(fs) != 1 || fs[0]["vendorName"] != "FIDO" || dig(t, fs[0], "profile", "authenticatorName") != "YubiKey" {
		t.Fatalf("factors %s", r.body)
	}
	r = admin(t, s, "GET", "/api/v1/users/00u3/groups", nil)
	wantStatus(t, r, 200)
	gs := r.list(t)
	if len(gs) != 1 || dig(t, gs[0], "profile", "name") != "Eng" {
		t.Fatalf("groups %s", r.body)
	}
	r = admin(t, s, "GET", "/api/v1/users/00u5/factors", nil)
	wantStatus(t, r, 200)
	if string(r.body) != "[]" {
		t.Fatalf("no factors renders %s", r.body)
	}
}
