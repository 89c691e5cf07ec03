package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// DefaultMinDaysToExpiry is the API token check's MinDaysToExpiry when the
// check does not set it.
const DefaultMinDaysToExpiry = 7

// DefaultAllowedOwnerRoles are the roles an API token's owner may hold.
var DefaultAllowedOwnerRoles = []string{"READ_ONLY_ADMIN"}

// DefaultAPITokenInput is the check's input with every default: the
// provider's schema defaults are these, so the two cannot drift. A zero
// RequireNetworkRestriction or MinDaysToExpiry is taken as given (off).
func DefaultAPITokenInput() APITokenInput {
	return APITokenInput{
		RequireNetworkRestriction: true,
		MinDaysToExpiry:           DefaultMinDaysToExpiry,
		AllowedOwnerRoles:         slices.Clone(DefaultAllowedOwnerRoles),
	}
}

// Token network connections.
const (
	TokenAnywhere = "ANYWHERE"
	TokenZone     = "ZONE"
)

// APITokenInput is the oktagate_api_token_check's arguments.
type APITokenInput struct {
	// AllowedOwnerIDs are the user ids (a login or email also resolves) that
	// may own tokens; empty means any user.
	AllowedOwnerIDs []string
	// RequireNetworkRestriction makes a token usable from ANYWHERE a
	// violation. The provider's default is true.
	RequireNetworkRestriction bool
	// MinDaysToExpiry: a token that expires within this many days of Now
	// violates (an expired one always does).
	MinDaysToExpiry int
	// AllowedOwnerRoles are role types (a custom role matches by id or label
	// too); empty means DefaultAllowedOwnerRoles. An owner holding any other
	// role, directly or through a group, violates.
	AllowedOwnerRoles []string
	Exceptions        []Exception
}

// Normalized sorts the lists and fills in the default roles.
func (in APITokenInput) Normalized() (APITokenInput, error) {
	out := in
	out.AllowedOwnerIDs = sortedSet(trimmed(in.AllowedOwnerIDs))
	out.AllowedOwnerRoles = upperSet(in.AllowedOwnerRoles)
	if len(out.AllowedOwnerRoles) == 0 {
		out.AllowedOwnerRoles = slices.Clone(DefaultAllowedOwnerRoles)
	}
	if in.MinDaysToExpiry < 0 {
		return APITokenInput{}, fmt.Errorf("min_days_to_expiry must not be negative, got %d", in.MinDaysToExpiry)
	}
	return out, nil
}

func trimmed(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// OwnerIDs returns the ids of the tokens' owners, sorted: the users whose
// roles the provider must load into Facts.UserRoles.
func (in APITokenInput) OwnerIDs(f *Facts) []string {
	ids := make([]string, 0, len(f.APITokens))
	for _, t := range f.APITokens {
		ids = append(ids, t.UserID)
	}
	return sortedSet(ids)
}

// APIToken finds API tokens owned by someone outside AllowedOwnerIDs or not
// ACTIVE, usable from ANYWHERE when a restriction is required, expired or
// expiring within MinDaysToExpiry, or whose owner holds a role outside
// AllowedOwnerRoles. One violation per token (subject: its name; subject_id:
// its id) listing every reason.
//
// It reads APITokens, Users and the UserRoles of every token's owner (roles
// held through groups included, as Okta lists them).
func APIToken(f *Facts, in APITokenInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.APITokens == nil {
		return Result{}, missing("API tokens")
	}
	allowed := map[string]bool{}
	var notes []string
	for _, k := range in.AllowedOwnerIDs {
		if u, ok := f.FindUser(k); ok {
			allowed[u.ID] = true
		} else {
			notes = append(notes, "allowed_owner_ids: "+k+" matches no user")
		}
	}
	soon := f.Now.Add(time.Duration(in.MinDaysToExpiry) * 24 * time.Hour)
	var findings []finding
	rows := make([]any, 0, len(f.APITokens))
	for _, t := range f.APITokens {
		var reasons []string
		owner, found := f.UserByID(t.UserID)
		ownerName := t.UserID
		switch {
		case !found:
			reasons = append(reasons, "owner "+t.UserID+" not found")
		default:
			ownerName = userSubject(owner)
			if owner.Status != UserActive {
				reasons = append(reasons, "owner "+ownerName+" is "+owner.Status)
			}
		}
		if len(in.AllowedOwnerIDs) > 0 && !allowed[t.UserID] {
			reasons = append(reasons, "owner "+ownerName+" is not an allowed owner")
		}
		conn := cmp.Or(strings.ToUpper(t.Network.Connection), TokenAnywhere)
		if in.RequireNetworkRestriction && conn == TokenAnywhere {
			reasons = append(reasons, "usable from ANYWHERE")
		}
		expiry := "ok"
		switch {
		case t.ExpiresAt.IsZero():
		case !t.ExpiresAt.After(f.Now):
			expiry = "expired"
			reasons = append(reasons, "expired on "+t.ExpiresAt.UTC().Format(time.DateOnly))
		case t.ExpiresAt.Before(soon):
			expiry = "expiring"
			reasons = append(reasons, fmt.Sprintf("expires on %s, within %d days", t.ExpiresAt.UTC().Format(time.DateOnly), in.MinDaysToExpiry))
		}
		roles, ok := f.UserRoles[t.UserID]
		if !ok && found {
			return Result{}, missing("roles of user %s", t.UserID)
		}
		var held, beyond []string
		for _, r := range roles {
			held = append(held, roleName(r))
			if !roleAllowed(r, in.AllowedOwnerRoles) {
				beyond = append(beyond, roleName(r))
			}
		}
		if beyond = sortedSet(beyond); len(beyond) > 0 {
			reasons = append(reasons, "owner holds "+strings.Join(beyond, ", ")+" beyond "+strings.Join(in.AllowedOwnerRoles, ", "))
		}
		// Okta slides expiresAt forward on every use, so the rows record the
		// expiry's verdict, not its timestamp.
		rows = append(rows, map[string]any{
			"id": t.ID, "name": t.Name, "user_id": t.UserID, "owner_status": owner.Status,
			"owner_roles": sortedSet(held), "network": conn, "network_include": sortedSet(t.Network.Include),
			"network_exclude": sortedSet(t.Network.Exclude), "expiry": expiry,
		})
		if len(reasons) == 0 {
			continue
		}
		findings = append(findings, policyFinding(cmp.Or(t.Name, t.ID), t.ID, strings.Join(reasons, "; ")))
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	ev := evaluation{
		check: CheckAPIToken,
		inputs: map[string]any{
			"allowed_owner_ids": in.AllowedOwnerIDs, "require_network_restriction": in.RequireNetworkRestriction,
			"min_days_to_expiry": in.MinDaysToExpiry, "allowed_owner_roles": in.AllowedOwnerRoles,
		},
		evaluated: len(f.APITokens),
		findings:  findings,
		facts:     map[string]string{"api_tokens": fp},
		notes:     notes,
		input:     in,
	}
	ev.noneIsPass("the org has no API token: nothing to judge, and none is a pass")
	return finish(f, ev, in.Exceptions)
}
