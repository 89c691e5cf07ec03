package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Defaults of the privileged accounts check. They follow Microsoft Defender
// for Identity's Okta posture assessments (change privileged passwords older
// than 180 days, remove privileged accounts dormant for 90 days, no more than
// 25 accounts with a privileged role, Super Admins excluded) and the
// GRC-engineering connector's two factors per administrator (a backup).
const (
	DefaultPrivilegedMinFactors      = 2
	DefaultPrivilegedMaxPasswordDays = 180
	DefaultPrivilegedMaxInactiveDays = 90
	DefaultMaxPrivilegedUsers        = 25
)

// SubjectPrivilegedUsers is the subject of the privileged accounts check's
// count violation.
const SubjectPrivilegedUsers = "privileged users"

// DefaultPrivilegedAccountsInput is the check's input with every default:
// the provider's schema defaults are these. Every threshold is taken as
// given, and 0 turns it off.
func DefaultPrivilegedAccountsInput() PrivilegedAccountsInput {
	return PrivilegedAccountsInput{
		MinFactors:               DefaultPrivilegedMinFactors,
		RequirePhishingResistant: true,
		MaxPasswordAgeDays:       DefaultPrivilegedMaxPasswordDays,
		MaxInactiveDays:          DefaultPrivilegedMaxInactiveDays,
		MaxPrivilegedUsers:       DefaultMaxPrivilegedUsers,
	}
}

// PrivilegedAccountsInput is the oktagate_privileged_accounts_check's
// arguments. An admin is a user who holds any admin role, directly or
// through a group.
type PrivilegedAccountsInput struct {
	// MinFactors is how many ACTIVE factors each admin needs; 0: not judged.
	MinFactors int
	// RequirePhishingResistant: each admin needs an ACTIVE factor of a
	// PhishingResistantFactorTypes type.
	RequirePhishingResistant bool
	// MaxPasswordAgeDays: an admin whose password last changed
	// (passwordChanged) more days before Now violates; 0: not judged.
	MaxPasswordAgeDays int
	// MaxInactiveDays: an admin whose last sign-in (or activation, or
	// creation, as the inactive users check computes it) is more days
	// before Now violates; 0: not judged.
	MaxInactiveDays int
	// MaxPrivilegedUsers: more admins than this, not counting those who
	// hold SUPER_ADMIN (limited by the admin roles check's
	// max_super_admins), is one violation; 0: not judged.
	MaxPrivilegedUsers int
	Exceptions         []Exception
}

// Normalized refuses negative thresholds.
func (in PrivilegedAccountsInput) Normalized() (PrivilegedAccountsInput, error) {
	for _, t := range []struct {
		name string
		v    int
	}{
		{"min_factors", in.MinFactors}, {"max_password_age_days", in.MaxPasswordAgeDays},
		{"max_inactive_days", in.MaxInactiveDays}, {"max_privileged_users", in.MaxPrivilegedUsers},
	} {
		if t.v < 0 {
			return PrivilegedAccountsInput{}, fmt.Errorf("%s must not be negative, got %d", t.name, t.v)
		}
	}
	return in, nil
}

// ReadsFactors reports whether the rule reads the admins' factors: only
// when a factor requirement is on.
func (in PrivilegedAccountsInput) ReadsFactors() bool {
	return in.MinFactors > 0 || in.RequirePhishingResistant
}

// AdminUserIDs returns the ids of the admins, sorted: the users whose
// factors the provider loads into Facts.Factors when ReadsFactors.
func AdminUserIDs(f *Facts) []string {
	if f.AdminRoles == nil {
		return nil
	}
	ids := make([]string, 0, len(f.AdminRoles.Admins))
	for _, a := range f.AdminRoles.Admins {
		ids = append(ids, a.UserID)
	}
	return sortedSet(ids)
}

// PrivilegedAccounts finds admins (users holding any admin role, directly or
// through a group) with fewer than MinFactors ACTIVE factors or without an
// ACTIVE phishing-resistant one, whose password is older than
// MaxPasswordAgeDays, or who have not signed in for more than
// MaxInactiveDays: one violation per admin listing every shortfall. More
// admins than MaxPrivilegedUsers, SUPER_ADMIN holders not counted, is one
// more violation whose subject is SubjectPrivilegedUsers.
//
// Every admin is judged, whatever their status: a SUSPENDED admin still
// holds the role, and regains it with the account.
//
// It reads AdminRoles, Users and, when ReadsFactors, the Factors of every
// admin.
func PrivilegedAccounts(f *Facts, in PrivilegedAccountsInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.AdminRoles == nil {
		return Result{}, missing("admin role assignments")
	}
	var findings []finding
	var notes, counted []string
	rows := make([]any, 0, len(f.AdminRoles.Admins))
	for _, a := range f.AdminRoles.Admins {
		u, found := f.UserByID(a.UserID)
		name := cmp.Or(a.Login, a.UserID)
		if found {
			name = userSubject(u)
		}
		if !slices.Contains(a.RoleTypes, RoleSuperAdmin) {
			counted = append(counted, name)
		}
		row := map[string]any{"id": a.UserID, "login": name, "status": cmp.Or(u.Status, a.Status), "roles": sortedSet(a.RoleTypes)}
		var problems []string
		if in.ReadsFactors() {
			fs, err := f.factorsOf(a.UserID)
			if err != nil {
				return Result{}, err
			}
			active, resistant := adminFactors(fs)
			row["active_factor_types"], row["phishing_resistant"] = active, resistant
			if in.MinFactors > 0 && len(active) < in.MinFactors {
				problems = append(problems, fmt.Sprintf("%s, fewer than %d", plural(len(active), "ACTIVE factor", "ACTIVE factors"), in.MinFactors))
			}
			if in.RequirePhishingResistant && !resistant {
				problems = append(problems, "no ACTIVE phishing-resistant factor ("+strings.Join(PhishingResistantFactorTypes, ", ")+")")
			}
		}
		if found {
			problems = append(problems, in.accountProblems(f.Now, u, row)...)
		} else {
			notes = append(notes, fmt.Sprintf("admin %s (%s) is not among the users read: password age and sign-ins not judged", name, a.UserID))
		}
		rows = append(rows, row)
		if len(problems) == 0 {
			continue
		}
		findings = append(findings, finding{
			Violation: Violation{
				Subject:   name,
				SubjectID: a.UserID,
				Reason:    "admin (" + strings.Join(sortedSet(a.RoleTypes), ", ") + "): " + strings.Join(problems, "; "),
			},
			keys: userKeys(name, u.Email(), a.UserID),
		})
	}
	counted = sortedSet(counted)
	if in.MaxPrivilegedUsers > 0 && len(counted) > in.MaxPrivilegedUsers {
		findings = append(findings, finding{
			Violation: Violation{Subject: SubjectPrivilegedUsers, Reason: fmt.Sprintf(
				"%s hold an admin role (%s holders not counted), more than %d: %s",
				plural(len(counted), "user", "users"), RoleSuperAdmin, in.MaxPrivilegedUsers, listed(counted, 10))},
			keys: []string{fold(SubjectPrivilegedUsers)},
		})
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	ev := evaluation{
		check: CheckPrivilegedAccounts,
		input: in,
		inputs: map[string]any{
			"min_factors": in.MinFactors, "require_phishing_resistant": in.RequirePhishingResistant,
			"max_password_age_days": in.MaxPasswordAgeDays, "max_inactive_days": in.MaxInactiveDays,
			"max_privileged_users": in.MaxPrivilegedUsers,
		},
		evaluated: len(f.AdminRoles.Admins),
		findings:  findings,
		facts:     map[string]string{"privileged_accounts": fp},
		details:   map[string]any{"privileged_users_counted": len(counted)},
		notes:     notes,
	}
	ev.emptyIsImpossible("admin role assignments", "", "Okta returned no user holding an admin role, "+
		"yet every org has a SUPER_ADMIN: the read is incomplete; check that the API token may list "+
		"role assignments (its admin must hold a role that can read them)")
	return finish(f, ev, in.Exceptions)
}

// accountProblems judges an admin's password age and last sign-in, marking
// the verdicts in row. The row records verdicts, not timestamps: a sign-in or
// a password change that changes no verdict must not change the fingerprint.
func (in PrivilegedAccountsInput) accountProblems(now time.Time, u okta.User, row map[string]any) []string {
	var problems []string
	passwordCutoff := now.Add(-time.Duration(in.MaxPasswordAgeDays) * 24 * time.Hour)
	if in.MaxPasswordAgeDays > 0 && !u.PasswordChanged.IsZero() && u.PasswordChanged.Before(passwordCutoff) {
		row["password_too_old"] = true
		problems = append(problems, fmt.Sprintf("password last changed on %s, more than %d days before the plan",
			u.PasswordChanged.UTC().Format(time.DateOnly), in.MaxPasswordAgeDays))
	}
	last, what := lastActivity(u)
	if in.MaxInactiveDays == 0 || !last.Before(now.Add(-time.Duration(in.MaxInactiveDays)*24*time.Hour)) {
		return problems
	}
	row["dormant"] = true
	if last.IsZero() {
		return append(problems, fmt.Sprintf("no sign-in, activation or creation date; dormant for more than %d days", in.MaxInactiveDays))
	}
	return append(problems, fmt.Sprintf("dormant: %s on %s, more than %d days before the plan",
		what, last.UTC().Format(time.DateOnly), in.MaxInactiveDays))
}

// adminFactors returns the types of a user's ACTIVE factors (one entry per
// factor, sorted) and whether one is phishing-resistant.
func adminFactors(fs []okta.Factor) (active []string, resistant bool) {
	active = []string{}
	for _, fc := range fs {
		if !strings.EqualFold(fc.Status, FactorActive) {
			continue
		}
		active = append(active, fc.FactorType)
		if slices.Contains(PhishingResistantFactorTypes, fold(fc.FactorType)) {
			resistant = true
		}
	}
	slices.Sort(active)
	return active, resistant
}
