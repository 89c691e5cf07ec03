package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestAccActionUserFactorsReset: resetting one factor type removes exactly
// those factors of that user, reporting each request; resetting all removes
// the rest; a second invocation writes nothing and says so.
func TestAccActionUserFactorsReset(t *testing.T) {
	o := actionOrg(t, 31)
	u := plainUser(t, o, func(u *oktasim.User) bool {
		types := map[string]bool{}
		for _, f := range o.Factors[u.ID] {
			types[f.FactorType] = true
		}
		return len(types) >= 2
	})
	one := o.Factors[u.ID][0].FactorType
	keep := 0
	for _, f := range o.Factors[u.ID] {
		if f.FactorType != one {
			keep++
		}
	}
	s, provider := startSim(t, o, oktasim.Options{Unlimited: true})
	r := newActionRun(t, provider+fmt.Sprintf(`
action "oktagate_user_factors_reset" "one" {
  config {
    user         = %q
    factor_types = [%q]
  }
}

action "oktagate_user_factors_reset" "all" {
  config {
    user = %q
  }
}
`, u.ID, strings.ToUpper(one), login(u)))

	out := invokeOnce(t, r, s, "oktagate_user_factors_reset.one", "factors "+u.ID)
	o.RLock()
	left := o.Factors[u.ID]
	o.RUnlock()
	if len(left) != keep {
		t.Fatalf("%d factors left, want %d\n%s", len(left), keep, out)
	}
	for _, f := range left {
		if f.FactorType == one {
			t.Fatalf("a %s factor is left\n%s", one, out)
		}
	}
	if out = invokeAgain(t, r, s, "oktagate_user_factors_reset.one"); !strings.Contains(out, "no enrolled factor of the types "+one) {
		t.Fatalf("second invocation:\n%s", out)
	}
	invokeOnce(t, r, s, "oktagate_user_factors_reset.all", "factors "+u.ID)
	if out = invokeAgain(t, r, s, "oktagate_user_factors_reset.all"); !strings.Contains(out, "no enrolled factor; nothing to reset") {
		t.Fatalf("second invocation:\n%s", out)
	}
}
