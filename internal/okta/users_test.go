package okta

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestGetUserEscapesLogin(t *testing.T) {
	var rec recorder
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		writeJSON(w, 200, userJSON("00u1"))
	})
	if _, err := testClient(t, srv.URL).GetUser(t.Context(), "we/ird?login@acme.com"); err != nil {
		t.Fatal(err)
	}
	r := rec.all()[0]
	if r.URL.Path != "/api/v1/users/we/ird?login@acme.com" || !strings.Contains(r.RequestURI, "we%2Fird%3Flogin") || r.URL.RawQuery != "" {
		t.Errorf("path %q, request URI %q", r.URL.Path, r.RequestURI)
	}
}

func TestReadUsers(t *testing.T) {
	c, ctx := readClient(t), t.Context()
	u, err := c.GetUser(ctx, "00u1")
	if err != nil {
		t.Fatal(err)
	}
	if u.TypeID != "oty1" || u.Login() != "a@acme.com" || u.Email() != "a@acme.com" || u.Profile["employeeNumber"] != "7" ||
		!u.Activated.IsZero() || !u.LastLogin.Equal(time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)) {
		t.Errorf("user %+v", u)
	}

	fs, err := c.ListUserFactors(ctx, "00u1")
	if err != nil || len(fs) != 2 {
		t.Fatalf("factors %v %v", fs, err)
	}
	if fs[1].UserID != "00u1" || fs[1].VendorName != "FIDO" || fs[1].Profile["authenticatorName"] != "YubiKey" || fs[1].Status != "PENDING_ACTIVATION" || fs[0].Provider != "GOOGLE" {
		t.Errorf("factors %+v", fs)
	}
}

func TestUserWrites(t *testing.T) {
	c, calls := writeServer(t)
	ctx := t.Context()
	u, err := c.CreateUser(ctx, map[string]any{"login": "svc@acme.com", "email": "svc@acme.com"}, "Pa55-word-secret!", false)
	if err != nil || u.ID != "00u9" || u.Login() != "svc@acme.com" {
		t.Fatalf("create: %+v %v", u, err)
	}
	if _, err := c.UpdateUserProfile(ctx, "00u9", map[string]any{"title": "bot"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []func() error{
		func() error { return c.ActivateUser(ctx, "00u9") },
		func() error { return c.DeactivateUser(ctx, "00u9") },
		func() error { return c.DeleteUser(ctx, "00u9") },
	} {
		if err := f(); err != nil {
			t.Fatal(err)
		}
	}
	got := calls()
	checkCalls(t, got,
		"POST /api/v1/users?activate=false",
		"POST /api/v1/users/00u9",
		"POST /api/v1/users/00u9/lifecycle/activate?sendEmail=false",
		"POST /api/v1/users/00u9/lifecycle/deactivate?sendEmail=false",
		"DELETE /api/v1/users/00u9",
	)
	pw, _ := got[0].body["credentials"].(map[string]any)["password"].(map[string]any)
	if pw["value"] != "Pa55-word-secret!" {
		t.Errorf("create body %v", got[0].body)
	}
}
