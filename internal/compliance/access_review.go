package compliance

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// DefaultMaxReviewAgeDays is the access review's default limit on the age of the
// review.
const DefaultMaxReviewAgeDays = 90

// App user assignment scopes.
const (
	scopeUser  = "USER"
	scopeGroup = "GROUP"
)

// AccessReviewInput is the oktagate_access_review's arguments: the outcome of a
// review of who may use one app.
type AccessReviewInput struct {
	AppID string
	// ApprovedUsers are logins (matched case-insensitively; a user id works too).
	ApprovedUsers    []string
	ApprovedGroupIDs []string
	ReviewedBy       string
	ReviewedOn       string // YYYY-MM-DD, required
	// MaxReviewAgeDays is how many days old the review may be; 0 means
	// DefaultMaxReviewAgeDays.
	MaxReviewAgeDays int
	// AllowEmpty makes an app with no user or group assigned a pass;
	// otherwise it is a violation.
	AllowEmpty bool
	Exceptions []Exception
}

// Normalized returns the input with defaults filled in and lists sorted and
// de-duplicated (logins folded).
func (in AccessReviewInput) Normalized() (AccessReviewInput, error) {
	out := in
	out.AppID = strings.TrimSpace(in.AppID)
	if out.AppID == "" {
		return AccessReviewInput{}, errors.New("app_id is required")
	}
	if in.ReviewedOn == "" {
		return AccessReviewInput{}, errors.New("reviewed_on is required")
	}
	if _, err := ParseDate(in.ReviewedOn); err != nil {
		return AccessReviewInput{}, fmt.Errorf("reviewed_on: %w", err)
	}
	switch {
	case in.MaxReviewAgeDays < 0:
		return AccessReviewInput{}, fmt.Errorf("max_review_age_days must not be negative, got %d", in.MaxReviewAgeDays)
	case in.MaxReviewAgeDays == 0:
		out.MaxReviewAgeDays = DefaultMaxReviewAgeDays
	}
	out.ApprovedUsers = foldedSet(in.ApprovedUsers)
	out.ApprovedGroupIDs = sortedSet(in.ApprovedGroupIDs)
	out.ReviewedBy = strings.TrimSpace(in.ReviewedBy)
	return out, nil
}

// AccessReview finds assignments to the app that the review did not approve —
// a user assignment is approved when the user is in ApprovedUsers, or is a
// member of an approved group (for a user assigned through groups, an approved
// group that is itself assigned to the app); a group assignment when the group
// is approved — and a review more than MaxReviewAgeDays days old.
//
// It reads Apps (the app must be there), the app's AppUsers and AppGroups,
// Users, Groups (for names) and the GroupMembers of every approved group that
// is in Groups.
func AccessReview(f *Facts, in AccessReviewInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	app, ok := f.AppByID(in.AppID)
	if !ok {
		return Result{}, fmt.Errorf("app_id: no app %s in the org", in.AppID)
	}
	appUsers, ok := f.AppUsers[app.ID]
	if !ok {
		return Result{}, missing("users of app %s", app.ID)
	}
	appGroups, ok := f.AppGroups[app.ID]
	if !ok {
		return Result{}, missing("groups of app %s", app.ID)
	}

	approved := map[string]bool{} // folded logins and ids
	for _, l := range in.ApprovedUsers {
		approved[l] = true
	}
	var notes, warnings []string
	assignedGroup := map[string]bool{}
	for _, ag := range appGroups {
		assignedGroup[ag.GroupID] = true
	}
	inApproved := map[string][]string{}         // user id → approved groups containing them
	inApprovedAssigned := map[string][]string{} // … that are also assigned to the app
	for _, gid := range in.ApprovedGroupIDs {
		if _, ok := f.GroupByID(gid); !ok {
			continue // no group of the org: warned about below, approves no one
		}
		ms, err := f.members(gid)
		if err != nil {
			return Result{}, err
		}
		for _, uid := range ms {
			inApproved[uid] = append(inApproved[uid], gid)
			if assignedGroup[gid] {
				inApprovedAssigned[uid] = append(inApprovedAssigned[uid], gid)
			}
		}
	}

	var findings []finding
	var rows []any
	used := map[string]bool{} // approved entries that matched an assignment
	for _, au := range appUsers {
		u, known := f.UserByID(au.UserID)
		subject, email := au.UserID, ""
		if known {
			subject, email = userSubject(u), u.Email()
		}
		scope := strings.ToUpper(au.Scope)
		rows = append(rows, map[string]any{
			"kind": "user", "id": au.UserID, "login": u.Login(), "email": email, "scope": scope,
			"approved_group_ids": sortedSet(inApproved[au.UserID]),
		})
		byName := false
		for _, k := range []string{fold(u.Login()), fold(au.UserID)} {
			if k != "" && approved[k] {
				byName, used[k] = true, true
			}
		}
		var reason string
		switch {
		case byName:
		case scope == scopeGroup:
			if len(inApprovedAssigned[au.UserID]) == 0 {
				reason = "assigned through a group that is not approved, and not an approved user"
			}
		default:
			if len(inApproved[au.UserID]) == 0 {
				reason = "assigned directly (scope " + scope + "), not an approved user or member of an approved group"
			}
		}
		if reason == "" {
			continue
		}
		findings = append(findings, finding{
			Violation: Violation{Subject: subject, SubjectID: au.UserID, Reason: reason},
			keys:      userKeys(u.Login(), email, au.UserID),
		})
	}
	approvedGroup := map[string]bool{}
	for _, gid := range in.ApprovedGroupIDs {
		approvedGroup[gid] = true
	}
	for _, ag := range appGroups {
		g, _ := f.GroupByID(ag.GroupID)
		subject := ag.GroupID
		if g.Name != "" {
			subject = g.Name
		}
		rows = append(rows, map[string]any{"kind": "group", "id": ag.GroupID, "name": g.Name})
		if approvedGroup[ag.GroupID] {
			continue
		}
		findings = append(findings, finding{
			Violation: Violation{Subject: subject, SubjectID: ag.GroupID, Reason: "group assignment not approved"},
			keys:      []string{fold(subject), fold(ag.GroupID)},
		})
	}
	// An approved entry naming nobody in the org is likely a typo, and one
	// that approves no one the review meant to.
	for _, l := range in.ApprovedUsers {
		switch {
		case used[l]:
		case !knownUser(f, l):
			warnings = append(warnings, "approved_users: "+l+" is no user of the org (no login or user id matches); "+
				"correct it or remove it")
		default:
			notes = append(notes, "approved user "+l+" is not assigned to the app")
		}
	}
	for _, gid := range in.ApprovedGroupIDs {
		if _, ok := f.GroupByID(gid); !ok {
			warnings = append(warnings, "approved_group_ids: "+gid+" is no group of the org; correct it or remove it")
		}
	}

	reviewed, _ := ParseDate(in.ReviewedOn) // validated by Normalized
	today := f.Now.UTC().Truncate(24 * time.Hour)
	age := int(today.Sub(reviewed) / (24 * time.Hour))
	appSubject := app.Label
	if appSubject == "" {
		appSubject = app.ID
	}
	if age < 0 {
		return Result{}, fmt.Errorf("reviewed_on %s is after the plan's date %s, and a review cannot be done in "+
			"the future: write the day the review was done", in.ReviewedOn, today.Format(time.DateOnly))
	}
	if age > in.MaxReviewAgeDays {
		findings = append(findings, finding{
			Violation: Violation{Subject: appSubject, SubjectID: app.ID,
				Reason: fmt.Sprintf("review on %s is %d days old, limit %d", in.ReviewedOn, age, in.MaxReviewAgeDays)},
			keys: []string{fold(appSubject), fold(app.ID)},
		})
	}
	rows = append(rows, map[string]any{"kind": "app", "id": app.ID, "label": app.Label})
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	ev := evaluation{
		check: CheckAccessReview,
		input: in,
		inputs: map[string]any{
			"app_id":              in.AppID,
			"approved_users":      in.ApprovedUsers,
			"approved_group_ids":  in.ApprovedGroupIDs,
			"reviewed_by":         in.ReviewedBy,
			"reviewed_on":         in.ReviewedOn,
			"max_review_age_days": in.MaxReviewAgeDays,
		},
		evaluated: len(appUsers) + len(appGroups),
		findings:  findings,
		facts:     map[string]string{"assignments": fp},
		warnings:  warnings,
		notes:     notes,
	}
	ev.requireSubjects(in.AllowEmpty, appSubject, app.ID, "no user or group is assigned to the app, so the "+
		"review approves nothing and judges no one; check app_id")
	return finish(f, ev, in.Exceptions)
}

// knownUser reports whether an approved_users entry (folded login or user id)
// names a user of the org.
func knownUser(f *Facts, key string) bool {
	if _, ok := f.UserByLogin(key); ok {
		return true
	}
	_, ok := f.userNames().byFold[key]
	return ok
}
