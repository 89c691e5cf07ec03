package compliance

import (
	"sync"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func TestFactsLookups(t *testing.T) {
	f := &Facts{Users: []okta.User{
		userWithEmail("00uB", "Bob.Smith", "shared@acme.com", UserActive),
		userWithEmail("00uA", "alice", "Alice@Acme.com", UserActive),
		userWithEmail("00uC", "carol", "SHARED@acme.com", UserActive),
	}, GroupMembers: map[string][]string{"00g2": {"00uA"}, "00g1": {"00uA", "00uB"}}}
	if u, ok := f.UserByLogin("bob.smith"); !ok || u.ID != "00uB" {
		t.Errorf("by login: %v %v", u.ID, ok)
	}
	if us := f.UsersByEmail("shared@ACME.com"); len(us) != 2 || us[0].ID != "00uB" || us[1].ID != "00uC" {
		t.Errorf("by email: %v", us)
	}
	for key, want := range map[string]string{"ALICE": "00uA", "alice@acme.com": "00uA", "00ua": "00uA", "00uC": "00uC", "shared@acme.com": "", "nobody": ""} {
		u, ok := f.FindUser(key)
		if ok != (want != "") || u.ID != want {
			t.Errorf("FindUser(%q) = %q, %v; want %q", key, u.ID, ok, want)
		}
	}
	if got := f.UserGroupIDs("00uA"); len(got) != 2 || got[0] != "00g1" || got[1] != "00g2" {
		t.Errorf("groups of 00uA: %v", got)
	}
}

func TestFactsSharedByConcurrentRules(t *testing.T) {
	f := mfaFacts()
	var wg sync.WaitGroup
	fps := make([]string, 8)
	for i := range fps {
		wg.Go(func() {
			r, err := MFA(f, MFAInput{UserScope: UserScope{ExcludeLogins: []string{"carol@acme.com"}}})
			if err != nil {
				t.Error(err)
				return
			}
			fps[i] = r.Fingerprint
		})
	}
	wg.Wait()
	for _, fp := range fps[1:] {
		if fp != fps[0] {
			t.Fatal("concurrent rules disagree")
		}
	}
}
