package provider

import (
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// setActivity dates every user's last sign-in yesterday, then makes two of
// the in-scope users of the test org stale: erin last signed in 100 days
// ago, frank never did and was activated 200 days ago. dave signed in 10
// days ago.
func setActivity(org *oktasim.Org, now time.Time) {
	ago := func(days int) *time.Time { t := now.AddDate(0, 0, -days).Truncate(time.Second); return &t }
	for _, u := range org.Users {
		u.LastLogin = ago(1)
		switch u.ID {
		case uDave:
			u.LastLogin = ago(10)
		case uErin:
			u.LastLogin = ago(100)
		case uFrank:
			u.LastLogin, u.Activated = nil, ago(200)
		}
	}
}

func TestAccInactiveUsersCheck(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	org := newTestOrg()
	setActivity(org, now)
	day := func(n int) string { return now.AddDate(0, 0, -n).Format(time.DateOnly) }
	checkLifecycle{
		typ: "oktagate_inactive_users_check", name: "stig", org: org,
		body: "  max_inactive_days = 35\n",
		warn: map[string]string{
			"subjects_evaluated":      "4", // alice, dave, erin, frank
			"violation_count":         "2",
			"violations.0.subject":    "erin@initech.example",
			"violations.0.subject_id": uErin,
			"violations.0.reason":     "last signed in on " + day(100) + ", more than 35 days before the plan",
			"violations.1.subject":    "frank@initech.example",
			"violations.1.reason":     "never signed in; activated on " + day(200) + ", more than 35 days before the plan",
			"statuses.#":              "4",
			"controls.#":              "7",
			"controls.0":              "CISv8.1 5.3",
			"controls.4":              "SOC2 CC6.1",
			"controls.5":              "SOC2 CC6.2",
			"controls.6":              "STIG V-273188",
		},
		blocked: []string{"(2 violations,", "erin@initech.example (" + uErin + "): last signed in on " + day(100), "frank@initech.example"},
		waive:   []string{"erin@initech.example", uFrank},
		fix: func(org *oktasim.Org) {
			for _, u := range org.Users {
				if u.ID == uErin || u.ID == uFrank {
					t := now.Add(-time.Hour).Truncate(time.Second)
					u.LastLogin = &t
				}
			}
		},
	}.run(t)
}
