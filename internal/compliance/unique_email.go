package compliance

import (
	"strings"
)

// UniqueEmailInput is the oktagate_unique_email_check's arguments.
type UniqueEmailInput struct {
	// Statuses default to every status but DEPROVISIONED.
	Statuses []string
	// AllowedDomains, when set, are the only email domains allowed (matched
	// exactly and case-insensitively; a leading "@" is ignored).
	AllowedDomains []string
	// AllowEmpty makes statuses that match no user a pass; otherwise it is a
	// violation saying why no user was evaluated.
	AllowEmpty bool
	Exceptions []Exception
}

// Normalized returns the input with default statuses filled in and every list
// sorted, de-duplicated and case-normalized.
func (in UniqueEmailInput) Normalized() (UniqueEmailInput, error) {
	out := in
	out.Statuses = upperSet(in.Statuses)
	if len(out.Statuses) == 0 {
		out.Statuses = upperSet(DefaultUniqueEmailStatuses)
	}
	domains := make([]string, 0, len(in.AllowedDomains))
	for _, d := range in.AllowedDomains {
		domains = append(domains, strings.TrimPrefix(fold(d), "@"))
	}
	out.AllowedDomains = sortedSet(domains)
	return out, nil
}

// UniqueEmail finds users in Statuses who share an email with another such user
// (case-insensitively; one violation per user involved, naming the others) and,
// when AllowedDomains is set, users whose email is outside those domains.
//
// It reads Users.
func UniqueEmail(f *Facts, in UniqueEmailInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	scope := UserScope{Statuses: in.Statuses}
	users, _, err := scope.users(f)
	if err != nil {
		return Result{}, err
	}
	byMail := map[string][]int{}
	rows := make([]any, 0, len(users))
	for i, u := range users {
		if m := fold(u.Email()); m != "" {
			byMail[m] = append(byMail[m], i)
		}
		rows = append(rows, map[string]any{"id": u.ID, "login": u.Login(), "status": u.Status, "email": fold(u.Email())})
	}
	var findings []finding
	for i, u := range users {
		mail := fold(u.Email())
		keys := userKeys(u.Login(), u.Email(), u.ID)
		if mail != "" && len(byMail[mail]) > 1 {
			var others []string
			for _, j := range byMail[mail] {
				if j != i {
					others = append(others, userSubject(users[j]))
				}
			}
			findings = append(findings, finding{
				Violation: Violation{Subject: userSubject(u), SubjectID: u.ID,
					Reason: "email " + mail + " is also used by " + listed(sortedSet(others), 10)},
				keys: keys,
			})
		}
		if len(in.AllowedDomains) > 0 && !emailInDomains(mail, in.AllowedDomains) {
			reason := "email " + mail + " is outside the allowed domains"
			if mail == "" {
				reason = "no email, so not in the allowed domains"
			}
			findings = append(findings, finding{
				Violation: Violation{Subject: userSubject(u), SubjectID: u.ID, Reason: reason},
				keys:      keys,
			})
		}
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	ev := evaluation{
		check: CheckUniqueEmail,
		input: in,
		inputs: map[string]any{
			"statuses":        in.Statuses,
			"allowed_domains": in.AllowedDomains,
		},
		evaluated: len(users),
		findings:  findings,
		facts:     map[string]string{"users_emails": fp},
	}
	scope.requireUsers(&ev, f, in.AllowEmpty)
	return finish(f, ev, in.Exceptions)
}

// emailInDomains reports whether a folded email's domain is one of domains.
func emailInDomains(email string, domains []string) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	domain := email[at+1:]
	for _, d := range domains {
		if domain == d {
			return true
		}
	}
	return false
}
