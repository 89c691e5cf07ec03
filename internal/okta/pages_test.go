package okta

import "testing"

// TestPageSizesAreOktasCaps: the client reads every list at the largest page
// Okta serves for it, so a client that shrank a page (costing requests against
// the rate limits) fails here. The numbers are Okta's, written out, not the
// constants: tools/bench reads the constants and would follow them silently.
func TestPageSizesAreOktasCaps(t *testing.T) {
	for _, tc := range []struct {
		list      string
		got, want int
	}{
		{"users", PageSizeUsers, 200},
		{"groups", PageSizeGroups, 200},
		// Okta serves up to 1000 members a page; the client's 200 is a
		// deliberate choice, held here so that it changes only on purpose.
		{"group members", PageSizeGroupMembers, 200},
		{"apps", PageSizeApps, 200},
		{"app users", PageSizeAppUsers, 500},
		{"app groups", PageSizeAppGroups, 200},
		{"role assignees", PageSizeIAMAssignees, 100},
		{"system log", PageSizeLogs, 1000},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: page of %d, want Okta's cap %d", tc.list, tc.got, tc.want)
		}
	}
}
