package provider

import (
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

// TestLifecyclePlan: for every operation and status, the action writes only
// where Okta allows the operation and the user is not already in its wanted
// state, says "nothing to change" where it is, and refuses where Okta would.
func TestLifecyclePlan(t *testing.T) {
	writes := map[string][]string{
		okta.LifecycleActivate:       {"STAGED", "DEPROVISIONED"},
		okta.LifecycleReactivate:     {"PROVISIONED", "RECOVERY"},
		okta.LifecycleSuspend:        {"ACTIVE"},
		okta.LifecycleUnsuspend:      {"SUSPENDED"},
		okta.LifecycleDeactivate:     {"STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED"},
		okta.LifecycleUnlock:         {"LOCKED_OUT"},
		okta.LifecycleExpirePassword: {"ACTIVE", "LOCKED_OUT", "RECOVERY"},
		okta.LifecycleResetPassword:  {"ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "PROVISIONED"},
	}
	refuses := map[string][]string{
		okta.LifecycleActivate:       {"SUSPENDED"},
		okta.LifecycleReactivate:     {"STAGED", "SUSPENDED", "DEPROVISIONED"},
		okta.LifecycleSuspend:        {"STAGED", "PROVISIONED", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "DEPROVISIONED"},
		okta.LifecycleExpirePassword: {"STAGED", "PROVISIONED", "SUSPENDED", "DEPROVISIONED"},
		okta.LifecycleResetPassword:  {"STAGED", "SUSPENDED", "DEPROVISIONED"},
	}
	for _, op := range okta.LifecycleOperations {
		for _, st := range validators.UserStatuses {
			write, done, err := lifecyclePlan(op, st)
			wantWrite, wantErr := contains(writes[op], st), contains(refuses[op], st)
			switch {
			case wantErr && err == nil:
				t.Errorf("%s from %s: no error", op, st)
			case !wantErr && err != nil:
				t.Errorf("%s from %s: %v", op, st, err)
			case write != wantWrite:
				t.Errorf("%s from %s: write %v, want %v", op, st, write, wantWrite)
			case !write && err == nil && done == "":
				t.Errorf("%s from %s: no write and no reason", op, st)
			}
		}
	}
	if _, _, err := lifecyclePlan("delete", "ACTIVE"); err == nil {
		t.Error("unknown operation accepted")
	}
}

// TestOffboardStatusPlan: DEPROVISIONED is reached from any status;
// SUSPENDED only from ACTIVE (Okta's rule), refused before any step
// otherwise; a user already there needs nothing.
func TestOffboardStatusPlan(t *testing.T) {
	for _, tc := range []struct{ final, status, op, err string }{
		{finalDeprovisioned, "ACTIVE", okta.LifecycleDeactivate, ""},
		{finalDeprovisioned, "SUSPENDED", okta.LifecycleDeactivate, ""},
		{finalDeprovisioned, "LOCKED_OUT", okta.LifecycleDeactivate, ""},
		{finalDeprovisioned, "DEPROVISIONED", "", ""},
		{finalSuspended, "ACTIVE", okta.LifecycleSuspend, ""},
		{finalSuspended, "SUSPENDED", "", ""},
		{finalSuspended, "DEPROVISIONED", "", ""},
		{finalSuspended, "LOCKED_OUT", "", `final_status = "DEPROVISIONED"`},
	} {
		op, done, err := offboardStatusPlan(tc.final, tc.status)
		if op != tc.op || (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s from %s: %q %q %v", tc.final, tc.status, op, done, err)
		}
		if op == "" && err == nil && done == "" {
			t.Errorf("%s from %s: nothing to do, and no reason", tc.final, tc.status)
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
