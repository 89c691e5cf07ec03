package oktasim

import (
	"reflect"
	"testing"
)

func seedCountNoFactor(o *Org) (none, eligible int) {
	for i, u := range o.Users {
		if i == 1 {
			continue // the generated service account never has a factor
		}
		eligible++
		if len(o.Factors[u.ID]) == 0 {
			none++
		}
	}
	return none, eligible
}

func TestGenerateCountsAndIntegrity(t *testing.T) {
	opts := GenerateOptions{Users: 2000, Groups: 60, Apps: 40, Seed: 3, Now: seedTestNow}
	o := Generate(opts)
	if len(o.Users) != 2000 || len(o.Groups) != 60 || len(o.Apps) != 40 {
		t.Fatalf("got %d users, %d groups, %d apps", len(o.Users), len(o.Groups), len(o.Apps))
	}
	checkOrgInvariants(t, o)

	none, eligible := seedCountNoFactor(o)
	if frac := float64(none) / float64(eligible); frac < 0.03 || frac > 0.07 {
		t.Errorf("%.1f%% of users have no factor, want about 5%%", 100*frac)
	}
	for _, fs := range o.Factors {
		if len(fs) < 1 || len(fs) > 3 {
			t.Errorf("a user has %d factors, want 1–3", len(fs))
		}
	}

	statuses := map[string]int{}
	for _, u := range o.Users {
		statuses[u.Status]++
	}
	for _, s := range []string{"ACTIVE", "STAGED", "PROVISIONED", "SUSPENDED", "DEPROVISIONED", "LOCKED_OUT", "PASSWORD_EXPIRED", "RECOVERY"} {
		if statuses[s] == 0 {
			t.Errorf("no %s user", s)
		}
	}

	sizes := make([]int, 0, len(o.Groups))
	for _, g := range o.Groups[1:] {
		sizes = append(sizes, len(g.MemberIDs))
	}
	if len(o.Groups[0].MemberIDs) != len(o.Users) || o.Groups[0].Type != "BUILT_IN" {
		t.Error("the first group is not a BUILT_IN Everyone holding every user")
	}
	largest, smallest := 0, len(o.Users)
	for _, s := range sizes {
		largest, smallest = max(largest, s), min(smallest, s)
	}
	if largest < 5*max(smallest, 1) {
		t.Errorf("group sizes %d..%d are not skewed", smallest, largest)
	}

	modes, scopes, appUsers, grants := map[string]int{}, map[string]int{}, 0, 0
	for _, a := range o.Apps {
		modes[a.SignOnMode]++
		appUsers += len(a.Users)
		grants += len(a.Grants)
		for _, au := range a.Users {
			scopes[au.Scope]++
		}
	}
	if modes["SAML_2_0"] == 0 || modes["BOOKMARK"] == 0 || modes["OPENID_CONNECT"] == 0 {
		t.Errorf("sign-on modes %v", modes)
	}
	if scopes["GROUP"] == 0 || scopes["USER"] == 0 || grants == 0 || len(o.ClientRoles) == 0 {
		t.Errorf("app user scopes %v, %d grants, %d client roles", scopes, grants, len(o.ClientRoles))
	}
	if len(o.GroupRoles) == 0 || len(o.UserRoles) < 4 || len(o.APITokens) < 3 || len(o.Policies) == 0 || len(o.Logs) < 300 {
		t.Errorf("%d group roles, %d users with roles, %d tokens, %d policies, %d events",
			len(o.GroupRoles), len(o.UserRoles), len(o.APITokens), len(o.Policies), len(o.Logs))
	}
}

func TestGenerateDeterministic(t *testing.T) {
	opts := GenerateOptions{Users: 300, Groups: 20, Apps: 15, Seed: 9, Now: seedTestNow}
	if !reflect.DeepEqual(Generate(opts), Generate(opts)) {
		t.Fatal("same options built different orgs")
	}
	other := opts
	other.Seed = 10
	if Generate(opts).Users[0].ID == Generate(other).Users[0].ID {
		t.Fatal("a different seed built the same ids")
	}
}

func TestGenerateNoMFAPercent(t *testing.T) {
	o := Generate(GenerateOptions{Users: 500, Groups: 10, Apps: 5, Seed: 1, Now: seedTestNow, NoMFAPercent: -1})
	if none, _ := seedCountNoFactor(o); none != 0 {
		t.Errorf("%d users without factors, want none", none)
	}
	o = Generate(GenerateOptions{Users: 500, Groups: 10, Apps: 5, Seed: 1, Now: seedTestNow, NoMFAPercent: 50})
	if none, n := seedCountNoFactor(o); none < n/3 || none > 2*n/3 {
		t.Errorf("%d of %d users without factors, want about half", none, n)
	}
}

func TestGenerateMinimums(t *testing.T) {
	o := Generate(GenerateOptions{Users: 1, Groups: 1, Apps: -1, Now: seedTestNow})
	if len(o.Users) != 4 || len(o.Groups) != 5 || len(o.Apps) != 0 {
		t.Fatalf("got %d users, %d groups, %d apps", len(o.Users), len(o.Groups), len(o.Apps))
	}
	checkOrgInvariants(t, o)
}

// TestGenerateLarge builds the benchmark-sized org once; it checks the shape,
// not the time taken.
func TestGenerateLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 100k users")
	}
	o := Generate(GenerateOptions{Users: 100_000, Seed: 1, Now: seedTestNow})
	if len(o.Users) != 100_000 || len(o.Groups) != 200 || len(o.Apps) != 300 {
		t.Fatalf("got %d users, %d groups, %d apps", len(o.Users), len(o.Groups), len(o.Apps))
	}
	appUsers := 0
	for _, a := range o.Apps {
		appUsers += len(a.Users)
	}
	if appUsers > 2_000_000 || appUsers < 100_000 {
		t.Errorf("%d app users, want between 100k and 2M", appUsers)
	}
}

func BenchmarkGenerate100k(b *testing.B) {
	for b.Loop() {
		Generate(GenerateOptions{Users: 100_000, Seed: 1, Now: seedTestNow})
	}
}
