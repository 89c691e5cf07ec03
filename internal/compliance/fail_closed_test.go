package compliance

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// emptyOrg: two active users, one of them in a group whose only member is also
// in the excluded group; a group with no member at all.
func emptyOrg() *Facts {
	users := []okta.User{
		user("00u1", "alice@acme.com", UserActive),
		user("00u2", "bob@acme.com", UserSuspended),
	}
	return &Facts{
		Now:          now,
		Users:        users,
		Factors:      factorsByUser(users),
		GroupMembers: map[string][]string{"00gEng": {"00u1"}, "00gSvc": {"00u1"}, "00gNone": {}},
	}
}

// TestEmptyScopeFails: every check over people that evaluated nobody fails,
// with a violation naming the scope and saying why it is empty and what to
// check, unless allow_empty; then it passes and the evidence says why.
func TestEmptyScopeFails(t *testing.T) {
	minusMembers := UserScope{GroupIDs: []string{"00gEng"}, ExcludeGroupIDs: []string{"00gSvc"}}
	rules := map[string]func(f *Facts, allow bool) (Result, error){
		"mfa, a group minus its members": func(f *Facts, allow bool) (Result, error) {
			return MFA(f, MFAInput{UserScope: minusMembers, AllowEmpty: allow})
		},
		"inactive users, a group minus its members": func(f *Facts, allow bool) (Result, error) {
			return InactiveUsers(f, InactiveUsersInput{UserScope: minusMembers, AllowEmpty: allow})
		},
	}
	for name, rule := range rules {
		t.Run(name, func(t *testing.T) {
			r := mustOK(t)(rule(emptyOrg(), false))
			assertLines(t, r.Violations, "scope: members of 00gEng: nothing was evaluated: each of the 1 members "+
				"of group_ids 00gEng with a status in statuses ACTIVE, LOCKED_OUT, PASSWORD_EXPIRED, RECOVERY is "+
				"excluded by exclude_group_ids or exclude_logins; check group_ids, exclude_group_ids and "+
				"exclude_logins; set allow_empty = true if an empty scope is expected")
			if r.Status != StatusFail || r.SubjectsEvaluated != 0 || !strings.Contains(r.Evidence, `"allow_empty":false`) {
				t.Errorf("status %s evaluated %d evidence %s", r.Status, r.SubjectsEvaluated, r.Evidence)
			}
			allowed := mustOK(t)(rule(emptyOrg(), true))
			assertLines(t, allowed.Violations)
			if allowed.Status != StatusPass || !strings.Contains(allowed.Evidence, `"allow_empty":true`) ||
				!strings.Contains(allowed.Evidence, `"note":"nothing was evaluated, which allow_empty = true makes a pass: each of the 1 members`) {
				t.Errorf("allowed: status %s evidence %s", allowed.Status, allowed.Evidence)
			}
		})
	}

	// Why the scope is empty, step by step.
	whys := []struct {
		name  string
		facts func() *Facts
		run   func(f *Facts) (Result, error)
		want  string
	}{
		{"a null user list from Okta", func() *Facts { f := emptyOrg(); f.Users = nil; return f },
			func(f *Facts) (Result, error) { return MFA(f, MFAInput{}) },
			"scope: every user: nothing was evaluated: Okta returned no user at all (an empty or null user list), " +
				"and an org always has users: check that the API token can list users; set allow_empty = true if an " +
				"empty scope is expected"},
		{"a group with no member", emptyOrg,
			func(f *Facts) (Result, error) {
				return MFA(f, MFAInput{UserScope: UserScope{GroupIDs: []string{"00gNone"}}})
			},
			"scope: members of 00gNone: nothing was evaluated: group_ids 00gNone has no member; check group_ids; " +
				"set allow_empty = true if an empty scope is expected"},
		{"statuses nobody has", emptyOrg,
			func(f *Facts) (Result, error) {
				return InactiveUsers(f, InactiveUsersInput{UserScope: UserScope{Statuses: []string{UserStaged}}})
			},
			"scope: every user: nothing was evaluated: none of the org's 2 users has a status in statuses STAGED; " +
				"check statuses; set allow_empty = true if an empty scope is expected"},
		{"group members without the statuses", emptyOrg,
			func(f *Facts) (Result, error) {
				return MFA(f, MFAInput{UserScope: UserScope{GroupIDs: []string{"00gEng"}, Statuses: []string{UserSuspended}}})
			},
			"scope: members of 00gEng: nothing was evaluated: no member of group_ids 00gEng has a status in " +
				"statuses SUSPENDED (1 users in the org do); check group_ids and statuses; set allow_empty = true if " +
				"an empty scope is expected"},
		{"every user excluded by login", emptyOrg,
			func(f *Facts) (Result, error) {
				return MFA(f, MFAInput{UserScope: UserScope{ExcludeLogins: []string{"alice@acme.com"}}})
			},
			"scope: every user: nothing was evaluated: each of the org's 1 users with a status in statuses ACTIVE, " +
				"LOCKED_OUT, PASSWORD_EXPIRED, RECOVERY is excluded by exclude_group_ids or exclude_logins; check " +
				"exclude_group_ids and exclude_logins; set allow_empty = true if an empty scope is expected"},
		{"unique email over an empty user list", func() *Facts { f := emptyOrg(); f.Users = []okta.User{}; return f },
			func(f *Facts) (Result, error) { return UniqueEmail(f, UniqueEmailInput{}) },
			"scope: every user: nothing was evaluated: Okta returned no user at all (an empty or null user list), " +
				"and an org always has users: check that the API token can list users; set allow_empty = true if an " +
				"empty scope is expected"},
		{"unique email, statuses nobody has", emptyOrg,
			func(f *Facts) (Result, error) {
				return UniqueEmail(f, UniqueEmailInput{Statuses: []string{UserDeprovisioned}})
			},
			"scope: every user: nothing was evaluated: none of the org's 2 users has a status in statuses " +
				"DEPROVISIONED; check statuses; set allow_empty = true if an empty scope is expected"},
	}
	for _, tt := range whys {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(tt.run(tt.facts()))
			assertLines(t, r.Violations, tt.want)
		})
	}

	// An exception cannot waive the empty scope: allow_empty is the way.
	r := mustOK(t)(MFA(emptyOrg(), MFAInput{UserScope: minusMembers,
		Exceptions: []Exception{{Subject: "scope: members of 00gEng", Reason: "r", Expires: "2026-10-01"}}}))
	if r.Status != StatusFail || len(r.ExceptionsUnused) != 1 {
		t.Errorf("an exception waived the empty scope: %+v", r)
	}
}

func TestUniqueEmailAllowEmpty(t *testing.T) {
	f := emptyOrg()
	f.Users = nil
	r := mustOK(t)(UniqueEmail(f, UniqueEmailInput{AllowEmpty: true}))
	if r.Status != StatusPass || !strings.Contains(r.Evidence, `"allow_empty":true`) ||
		!strings.Contains(r.Evidence, `"note":"nothing was evaluated, which allow_empty = true makes a pass: Okta returned no user`) {
		t.Errorf("status %s evidence %s", r.Status, r.Evidence)
	}
}

// TestAccessReviewEmptyApp: an app with no assignment at all fails unless
// allow_empty.
func TestAccessReviewEmptyApp(t *testing.T) {
	f := reviewFacts(now)
	f.AppUsers["0oaNS"] = nil
	f.AppGroups["0oaNS"] = []okta.AppGroup{}
	in := AccessReviewInput{AppID: "0oaNS", ReviewedOn: "2026-04-01"}
	r := mustOK(t)(AccessReview(f, in))
	assertLines(t, r.Violations, "NetSuite (0oaNS): nothing was evaluated: no user or group is assigned to the app, "+
		"so the review approves nothing and judges no one; check app_id; set allow_empty = true if an empty scope "+
		"is expected")
	in.AllowEmpty = true
	if r := mustOK(t)(AccessReview(f, in)); r.Status != StatusPass || !strings.Contains(r.Evidence, `"note":"nothing was evaluated`) {
		t.Errorf("allowed: status %s evidence %s", r.Status, r.Evidence)
	}
}

// TestAdminRolesNoneIsImpossible: an org always has a super administrator, so
// no role assignment at all fails, and no argument allows it.
func TestAdminRolesNoneIsImpossible(t *testing.T) {
	f := &Facts{Now: now, AdminRoles: &AdminRoleAssignments{}}
	r := mustOK(t)(AdminRoles(f, AdminRolesInput{}))
	assertLines(t, r.Violations, "admin role assignments: nothing was evaluated: Okta returned no admin role "+
		"assignment at all, yet every org has a SUPER_ADMIN: the read is incomplete; check that the API token may "+
		"list role assignments (its admin must hold a role that can read them)")
	if strings.Contains(r.Evidence, "allow_empty") {
		t.Errorf("admin roles has no allow_empty: %s", r.Evidence)
	}
}

// TestNoneIsAPass: no API token, no OAuth app is a good state; the evidence
// says so in words.
func TestNoneIsAPass(t *testing.T) {
	tok := mustOK(t)(APIToken(&Facts{Now: now, APITokens: []okta.APIToken{}, Users: []okta.User{}}, APITokenInput{}))
	if tok.Status != StatusPass || !strings.Contains(tok.Evidence, `"note":"the org has no API token: nothing to judge, and none is a pass"`) {
		t.Errorf("api tokens: status %s evidence %s", tok.Status, tok.Evidence)
	}
	sc := mustOK(t)(Scope(&Facts{Now: now, Apps: []okta.App{{ID: "0oaW", Label: "Wiki"}}}, ScopeInput{}))
	if sc.Status != StatusPass || !strings.Contains(sc.Evidence, `"note":"the org has no OAuth app (no app with an OAuth client): nothing to judge, and none is a pass"`) {
		t.Errorf("scope: status %s evidence %s", sc.Status, sc.Evidence)
	}
	// With something evaluated, no note.
	if strings.Contains(mustOK(t)(MFA(exceptionFacts(now), MFAInput{AllowEmpty: true})).Evidence, `"note"`) {
		t.Error("a note although users were evaluated")
	}
}

// TestExceptionGovernance: two exceptions for one subject, and one running
// longer than MaxExceptionDays from the plan, are errors that say what to do;
// one due within ExceptionDueDays warns.
func TestExceptionGovernance(t *testing.T) {
	exc := func(subject, expires string) Exception {
		return Exception{Subject: subject, Reason: "SEC-1", Expires: expires}
	}
	t.Run("two for one subject, in any case", func(t *testing.T) {
		_, err := MFA(exceptionFacts(now), MFAInput{Exceptions: []Exception{
			exc("carol@acme.com", "2026-08-01"), exc("dan@acme.com", "2026-08-01"), exc("CAROL@Acme.com", "2026-09-01"),
		}})
		want := `two exceptions for one subject: "carol@acme.com" and "CAROL@Acme.com" (subjects match ` +
			`case-insensitively); keep one exception block per subject, with one reason and one expires date`
		if err == nil || err.Error() != want {
			t.Errorf("error %v\nwant %s", err, want)
		}
		if err := ValidateExceptions([]Exception{exc("carol", "2026-08-01"), exc(" Carol ", "2026-08-01")}); err == nil {
			t.Error("ValidateExceptions: subjects differing by spaces and case: want an error")
		}
		if err := ValidateExceptions([]Exception{exc("carol", "2026-08-01"), exc("carol@acme.com", "2026-08-01")}); err != nil {
			t.Errorf("ValidateExceptions: distinct subjects: %v", err)
		}
	})
	tests := []struct {
		name    string
		max     int
		expires string
		refused string // the error's text, or empty
		warning string // the one warning's prefix, or empty
	}{
		{name: "a year and a day, default limit", expires: "2027-05-23",
			refused: "The exception for carol expires on 2027-05-23, 366 days after the plan's date 2026-05-22: " +
				"longer than max_exception_days (365). Expire it on 2027-05-22 or earlier, and renew it after review; " +
				"or raise max_exception_days in the provider block."},
		{name: "exactly the default limit", expires: "2027-05-22"},
		{name: "a custom limit", max: 30, expires: "2026-06-22",
			refused: "The exception for carol expires on 2026-06-22, 31 days after the plan's date 2026-05-22: " +
				"longer than max_exception_days (30). Expire it on 2026-06-21 or earlier"},
		{name: "a raised limit", max: 4000, expires: "2036-01-01"},
		{name: "due in 14 days", expires: "2026-06-05",
			warning: "exception for carol expires on 2026-06-05, 14 days after the plan: review it, then renew it " +
				"with a later expires date or fix the violations it waives"},
		{name: "15 days left is not due", expires: "2026-06-06"},
		{name: "expired ones are not judged against the limit", max: 1, expires: "2026-05-01",
			warning: "exception for carol expired on 2026-05-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := exceptionFacts(now)
			f.MaxExceptionDays = tt.max
			r, err := MFA(f, MFAInput{Exceptions: []Exception{exc("carol", tt.expires)}})
			if tt.refused != "" {
				var ee *ExceptionError
				if !errors.As(err, &ee) || len(ee.Problems) != 1 || !strings.HasPrefix(ee.Problems[0], tt.refused) {
					t.Errorf("error %v\nwant %s", err, tt.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.warning == "" && len(r.Warnings) != 0,
				tt.warning != "" && (len(r.Warnings) != 1 || !strings.HasPrefix(r.Warnings[0], tt.warning)):
				t.Errorf("warnings %q, want %q", r.Warnings, tt.warning)
			}
		})
	}
	t.Run("every refused exception is listed", func(t *testing.T) {
		_, err := MFA(exceptionFacts(now), MFAInput{Exceptions: []Exception{
			exc("carol", "2099-12-31"), exc("dan@acme.com", "2030-01-01"), exc("erin", "2026-09-01"),
		}})
		var ee *ExceptionError
		if !errors.As(err, &ee) || len(ee.Problems) != 2 ||
			!strings.Contains(ee.Problems[0], "carol expires on 2099-12-31") || !strings.Contains(ee.Problems[1], "dan@acme.com expires on 2030-01-01") {
			t.Errorf("error %v", err)
		}
	})
	// The plan's date, not the moment: late in the evening of the plan's day
	// the limit counts from that day.
	f := exceptionFacts(time.Date(2026, 5, 22, 23, 59, 0, 0, time.UTC))
	if _, err := MFA(f, MFAInput{Exceptions: []Exception{exc("carol", "2027-05-22")}}); err != nil {
		t.Errorf("end of the plan's day: %v", err)
	}
}

// TestOffboardingEmpty: an offboarded list naming nobody fails unless
// allow_empty; a list whose leavers are all within their grace period is not
// empty, and passes with a note.
func TestOffboardingEmpty(t *testing.T) {
	f := &Facts{Now: now, Users: []okta.User{user("00u1", "alice@acme.com", UserActive)}}
	r := mustOK(t)(Offboarding(f, OffboardingInput{}))
	assertLines(t, r.Violations, "offboarded: nothing was evaluated: offboarded lists nobody; check that the list "+
		"is fed from your HR system's leavers (an empty export is likelier a broken feed than a period in which "+
		"nobody left); set allow_empty = true if an empty scope is expected")
	if r.Status != StatusFail || !strings.Contains(r.Evidence, `"allow_empty":false`) {
		t.Errorf("status %s evidence %s", r.Status, r.Evidence)
	}
	allowed := mustOK(t)(Offboarding(f, OffboardingInput{AllowEmpty: true}))
	if allowed.Status != StatusPass || !strings.Contains(allowed.Evidence, `"allow_empty":true`) {
		t.Errorf("allowed: status %s evidence %s", allowed.Status, allowed.Evidence)
	}
	today := now.Format(time.DateOnly)
	pending := mustOK(t)(Offboarding(f, OffboardingInput{Offboarded: []Offboarded{{Login: "alice@acme.com", Date: today}}}))
	if pending.Status != StatusPass || pending.SubjectsEvaluated != 0 ||
		!strings.Contains(pending.Evidence, `"note":"every listed leaver is still within grace_period`) {
		t.Errorf("pending: status %s evaluated %d evidence %s", pending.Status, pending.SubjectsEvaluated, pending.Evidence)
	}
}
