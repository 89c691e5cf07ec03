package okta

import (
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func TestGetAdminConsoleSettings(t *testing.T) {
	org := oktasim.NewOrg()
	c := postureClient(t, org)
	got, err := c.GetAdminConsoleSettings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got != (AdminConsoleSettings{SessionIdleTimeoutMinutes: 15, SessionMaxLifetimeMinutes: 720}) {
		t.Errorf("defaults %+v, want Okta's 15 and 720", got)
	}
	org.Lock()
	org.AdminConsole = &oktasim.AdminConsoleSettings{SessionIdleTimeoutMinutes: 45, SessionMaxLifetimeMinutes: 1440}
	org.Unlock()
	if got, err = c.GetAdminConsoleSettings(t.Context()); err != nil || got.SessionIdleTimeoutMinutes != 45 || got.SessionMaxLifetimeMinutes != 1440 {
		t.Errorf("settings %+v, %v", got, err)
	}
}
