package okta

import (
	"net/http"
	"strings"
	"testing"
)

// New derives its transport from http.DefaultTransport; a process that has
// replaced it with another RoundTripper gets an error saying so, not a panic.
// Not parallel: it swaps a process-wide variable.
func TestNewRejectsForeignDefaultTransport(t *testing.T) {
	saved := http.DefaultTransport
	t.Cleanup(func() { http.DefaultTransport = saved })
	http.DefaultTransport = sdkCannotSend{}

	c, err := New(Config{OrgURL: "https://acme.okta.com", APIToken: testToken})
	if err == nil {
		t.Fatalf("New = %v, want an error", c)
	}
	if !strings.Contains(err.Error(), "http.DefaultTransport is a okta.sdkCannotSend") {
		t.Errorf("err = %v, want it to name the foreign transport", err)
	}
}
