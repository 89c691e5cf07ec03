package compliance

import (
	"fmt"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// DefaultMaxInactiveDays is the inactive users check's default limit.
const DefaultMaxInactiveDays = 90

// InactiveUsersInput is the oktagate_inactive_users_check's arguments.
type InactiveUsersInput struct {
	// Scope; Statuses default to DefaultSignInStatuses.
	UserScope
	// MaxInactiveDays is how long an in-scope user may go without signing
	// in; 0 means DefaultMaxInactiveDays.
	MaxInactiveDays int
	// AllowEmpty makes a scope that matches no user a pass; otherwise it is a
	// violation saying why the scope is empty.
	AllowEmpty bool
	Exceptions []Exception
}

// Normalized fills in the defaults and sorts the scope.
func (in InactiveUsersInput) Normalized() (InactiveUsersInput, error) {
	out := in
	out.UserScope = in.normalize(DefaultSignInStatuses)
	switch {
	case in.MaxInactiveDays < 0:
		return InactiveUsersInput{}, fmt.Errorf("max_inactive_days must not be negative, got %d", in.MaxInactiveDays)
	case in.MaxInactiveDays == 0:
		out.MaxInactiveDays = DefaultMaxInactiveDays
	}
	return out, nil
}

// lastActivity is when the user last signed in, or was activated, or was
// created when neither is known, and which of the three it is.
func lastActivity(u okta.User) (time.Time, string) {
	switch {
	case !u.LastLogin.IsZero():
		return u.LastLogin, "last signed in"
	case !u.Activated.IsZero():
		return u.Activated, "never signed in; activated"
	default:
		return u.Created, "never signed in or activated; created"
	}
}

// InactiveUsers finds in-scope users whose last sign-in (or activation, or
// creation, when there is none) is more than MaxInactiveDays before Now.
//
// It reads Users and the GroupMembers of the scope's groups.
func InactiveUsers(f *Facts, in InactiveUsersInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	users, notes, err := in.users(f)
	if err != nil {
		return Result{}, err
	}
	cutoff := f.Now.Add(-time.Duration(in.MaxInactiveDays) * 24 * time.Hour)
	var findings []finding
	rows := make([]any, 0, len(users))
	for _, u := range users {
		last, what := lastActivity(u)
		inactive := last.Before(cutoff)
		// The rows record whether each user is inactive, not when they last
		// signed in: a sign-in by an active user changes nothing the check
		// judges, so it must not change the fingerprint.
		row := map[string]any{"id": u.ID, "login": u.Login(), "status": u.Status, "inactive": inactive}
		if inactive {
			row["last_activity"] = last.UTC().Format(time.RFC3339)
		}
		rows = append(rows, row)
		if !inactive {
			continue
		}
		var reason string
		if last.IsZero() {
			reason = fmt.Sprintf("no sign-in, activation or creation date; more than %d days inactive", in.MaxInactiveDays)
		} else {
			reason = fmt.Sprintf("%s on %s, more than %d days before the plan", what, last.UTC().Format(time.DateOnly), in.MaxInactiveDays)
		}
		findings = append(findings, finding{
			Violation: Violation{Subject: userSubject(u), SubjectID: u.ID, Reason: reason},
			keys:      userKeys(u.Login(), u.Email(), u.ID),
		})
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	inputs := in.evidence()
	inputs["max_inactive_days"] = in.MaxInactiveDays
	ev := evaluation{
		check:     CheckInactiveUsers,
		inputs:    inputs,
		evaluated: len(users),
		findings:  findings,
		facts:     map[string]string{"users_activity": fp},
		notes:     notes,
		input:     in,
	}
	in.requireUsers(&ev, f, in.AllowEmpty)
	return finish(f, ev, in.Exceptions)
}
