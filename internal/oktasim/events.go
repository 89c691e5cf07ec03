package oktasim

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net"
	"reflect"
	"slices"
	"time"
)

// The System Log event types the simulator writes when its org changes, as
// Okta names them (https://developer.okta.com/docs/reference/api/event-types/).
const (
	EventUserCreate          = "user.lifecycle.create"
	EventUserActivate        = "user.lifecycle.activate"
	EventUserReactivate      = "user.lifecycle.reactivate"
	EventUserDeactivate      = "user.lifecycle.deactivate"
	EventUserSuspend         = "user.lifecycle.suspend"
	EventUserUnsuspend       = "user.lifecycle.unsuspend"
	EventUserDeleteInitiated = "user.lifecycle.delete.initiated"
	EventUserDeleteCompleted = "user.lifecycle.delete.completed"
	EventUserUnlockByAdmin   = "user.account.unlock_by_admin"
	EventUserExpirePassword  = "user.account.expire_password"
	EventUserResetPassword   = "user.account.reset_password"
	EventSessionClear        = "user.session.clear"
	EventUserUpdateProfile   = "user.account.update_profile"
	EventUserUpdatePassword  = "user.account.update_password"
	EventUserPrivilegeGrant  = "user.account.privilege.grant"
	EventUserPrivilegeRevoke = "user.account.privilege.revoke"
	EventSessionStart        = "user.session.start"
	EventAuthViaMFA          = "user.authentication.auth_via_mfa"
	EventFactorActivate      = "user.mfa.factor.activate"
	EventFactorDeactivate    = "user.mfa.factor.deactivate"
	EventFactorResetAll      = "user.mfa.factor.reset_all"

	EventGroupCreate          = "group.lifecycle.create"
	EventGroupDelete          = "group.lifecycle.delete"
	EventGroupProfileUpdate   = "group.profile.update"
	EventGroupMemberAdd       = "group.user_membership.add"
	EventGroupMemberRemove    = "group.user_membership.remove"
	EventGroupPrivilegeGrant  = "group.privilege.grant"
	EventGroupPrivilegeRevoke = "group.privilege.revoke"
	EventGroupAppAssignAdd    = "group.application_assignment.add"
	EventGroupAppAssignUpdate = "group.application_assignment.update"
	EventGroupAppAssignRemove = "group.application_assignment.remove"

	EventAppCreate             = "application.lifecycle.create"
	EventAppUpdate             = "application.lifecycle.update"
	EventAppActivate           = "application.lifecycle.activate"
	EventAppDeactivate         = "application.lifecycle.deactivate"
	EventAppDelete             = "application.lifecycle.delete"
	EventAppUserAdd            = "application.user_membership.add"
	EventAppUserUpdate         = "application.user_membership.update"
	EventAppUserRemove         = "application.user_membership.remove"
	EventClientPrivilegeGrant  = "app.oauth2.client.privilege.grant"
	EventClientPrivilegeRevoke = "app.oauth2.client.privilege.revoke"
	EventConsentGrant          = "app.oauth2.as.consent.grant"
	EventConsentRevoke         = "app.oauth2.as.consent.revoke"

	EventAPITokenUpdate = "system.api_token.update"
	EventAPITokenRevoke = "system.api_token.revoke"
)

// eventMessages are the displayMessage Okta gives each event type.
var eventMessages = map[string]string{
	EventUserCreate:            "Create Okta user",
	EventUserActivate:          "Activate Okta user",
	EventUserReactivate:        "Reactivate Okta user",
	EventUserDeactivate:        "Deactivate Okta user",
	EventUserSuspend:           "Suspend Okta user",
	EventUserUnsuspend:         "Unsuspend Okta user",
	EventUserDeleteInitiated:   "Delete Okta user initiated",
	EventUserDeleteCompleted:   "Delete Okta user completed",
	EventUserUnlockByAdmin:     "Unlock user account by admin",
	EventUserExpirePassword:    "Expire password for user",
	EventUserResetPassword:     "Reset password for user",
	EventSessionClear:          "Clear user session",
	EventUserUpdateProfile:     "Update user profile for Okta",
	EventUserUpdatePassword:    "Update password for user",
	EventUserPrivilegeGrant:    "Grant user privilege",
	EventUserPrivilegeRevoke:   "Revoke user privilege",
	EventSessionStart:          "User login to Okta",
	EventAuthViaMFA:            "Authentication of user via MFA",
	EventFactorActivate:        "Activate factor or authenticator",
	EventFactorDeactivate:      "Reset factor or authenticator",
	EventFactorResetAll:        "Reset all factors for user",
	EventGroupCreate:           "Create Okta group",
	EventGroupDelete:           "Delete Okta group",
	EventGroupProfileUpdate:    "Update Okta group profile",
	EventGroupMemberAdd:        "Add user to group membership",
	EventGroupMemberRemove:     "Remove user from group membership",
	EventGroupPrivilegeGrant:   "Grant group privilege",
	EventGroupPrivilegeRevoke:  "Revoke group privilege",
	EventGroupAppAssignAdd:     "Add assigned application to group",
	EventGroupAppAssignUpdate:  "Update assigned application in group",
	EventGroupAppAssignRemove:  "Remove assigned application from group",
	EventAppCreate:             "Add application",
	EventAppUpdate:             "Update application",
	EventAppActivate:           "Activate application",
	EventAppDeactivate:         "Deactivate application",
	EventAppDelete:             "Delete application",
	EventAppUserAdd:            "Add user to application membership",
	EventAppUserUpdate:         "Update user's application membership",
	EventAppUserRemove:         "Remove user from application membership",
	EventClientPrivilegeGrant:  "Grant client privilege",
	EventClientPrivilegeRevoke: "Revoke client privilege",
	EventConsentGrant:          "A consent is granted",
	EventConsentRevoke:         "A consent is revoked",
	EventAPITokenUpdate:        "Update API token",
	EventAPITokenRevoke:        "Revoke API token",
}

// SystemActor is Okta's own principal, the actor of changes no caller made.
var SystemActor = LogParty{ID: "0oa1sim0system000000", Type: "SystemPrincipal", AlternateID: "system@okta.com", DisplayName: "Okta System"}

func userDisplayName(u *User) string {
	if n := profileString(u.Profile, "displayName"); n != "" {
		return n
	}
	first, last := profileString(u.Profile, "firstName"), profileString(u.Profile, "lastName")
	switch {
	case first == "":
		return last
	case last == "":
		return first
	}
	return first + " " + last
}

// UserParty names a user as an event's actor or target: alternateId is the
// login.
func UserParty(u *User) LogParty {
	return LogParty{ID: u.ID, Type: "User", AlternateID: profileString(u.Profile, "login"), DisplayName: userDisplayName(u)}
}

// GroupParty names a UserGroup target; Okta gives groups no alternateId.
func GroupParty(g *Group) LogParty {
	return LogParty{ID: g.ID, Type: "UserGroup", AlternateID: "unknown", DisplayName: g.Name}
}

// AppParty names an AppInstance target by its label.
func AppParty(a *App) LogParty {
	return LogParty{ID: a.ID, Type: "AppInstance", AlternateID: a.Label, DisplayName: a.Label}
}

func scopeParty(g *Grant) LogParty {
	return LogParty{ID: g.ID, Type: "OAuth2Scope", AlternateID: g.ScopeID, DisplayName: g.ScopeID}
}

func tokenParty(t *APIToken) LogParty {
	return LogParty{ID: t.ID, Type: "Token", AlternateID: t.Name, DisplayName: t.Name}
}

// NewLogEvent is a successful event; the uuid is given when it is logged.
func NewLogEvent(at time.Time, eventType string, actor LogParty, ip string, targets ...LogParty) *LogEvent {
	return &LogEvent{
		Published: at.UTC(), EventType: eventType, DisplayMessage: eventMessages[eventType],
		Severity: "INFO", OutcomeResult: "SUCCESS", Actor: actor, ClientIP: ip, Targets: targets,
	}
}

// logUUID is a version-4-shaped uuid for the org's n-th logged event. Its first
// eight hex digits are n, so events logged at the same instant sort (by
// published, then uuid) in the order they were logged; the rest is a hash, so
// the uuid differs from every other org's and from the seed's random ones.
func logUUID(orgID string, n int, e *LogEvent) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "oktasim-event\x00%s\x00%d\x00%d\x00%s", orgID, n, e.Published.UnixNano(), e.EventType))
	mid := binary.BigEndian.Uint16(sum[0:])
	ver := binary.BigEndian.Uint16(sum[2:])&0x0fff | 0x4000
	vari := binary.BigEndian.Uint16(sum[4:])&0x3fff | 0x8000
	tail := binary.BigEndian.Uint64(sum[6:]) & 0xffffffffffff
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", uint32(n), mid, ver, vari, tail)
}

func logOrder(a, b *LogEvent) int {
	return cmp.Or(a.Published.Compare(b.Published), cmp.Compare(a.UUID, b.UUID))
}

// AppendLogs logs events, given in the order they happened: each without a
// uuid gets one, and o.Logs stays sorted by published, then uuid. Events at or
// after the newest logged one (the usual case: a write at the clock's now) are
// appended; earlier ones are merged in. The caller holds the org's lock.
func (o *Org) AppendLogs(evs ...*LogEvent) {
	if len(evs) == 0 {
		return
	}
	n := len(o.Logs)
	for i, e := range evs {
		if e.UUID == "" {
			e.UUID = logUUID(o.ID, n+i, e)
		}
	}
	evs = slices.Clone(evs)
	slices.SortStableFunc(evs, logOrder)
	if n == 0 || logOrder(o.Logs[n-1], evs[0]) <= 0 {
		o.Logs = append(o.Logs, evs...)
		return
	}
	merged := make([]*LogEvent, 0, n+len(evs))
	i := 0
	for _, e := range evs {
		for i < n && logOrder(o.Logs[i], e) <= 0 {
			merged = append(merged, o.Logs[i])
			i++
		}
		merged = append(merged, e)
	}
	o.Logs = append(merged, o.Logs[i:]...)
}

// actor is who made the request: the API token's owner, the OAuth client, or
// the system (the bootstrap token belongs to no user).
func (c *call) actor() LogParty {
	switch {
	case c.p == nil:
	case c.p.userID != "":
		if u := c.org.user(c.p.userID); u != nil {
			return UserParty(u)
		}
	case c.p.clientID != "":
		label := c.p.clientID
		if a := c.org.appByClientID(c.p.clientID); a != nil {
			label = a.Label
		}
		return LogParty{ID: c.p.clientID, Type: "PublicClientApp", AlternateID: c.p.clientID, DisplayName: label}
	}
	return SystemActor
}

func (c *call) clientIP() string {
	host, _, err := net.SplitHostPort(c.r.RemoteAddr)
	if err != nil {
		return c.r.RemoteAddr
	}
	return host
}

// logEvent logs one event of this request at its time, by its caller.
func (c *call) logEvent(eventType string, targets ...LogParty) {
	c.logEvents(spec(eventType, targets...))
}

// logSpec is one event of a request: its type and targets.
type logSpec struct {
	eventType string
	targets   []LogParty
}

func spec(eventType string, targets ...LogParty) logSpec {
	return logSpec{eventType: eventType, targets: targets}
}

// logEvents logs several events of this request, in order.
func (c *call) logEvents(specs ...logSpec) {
	actor, ip, reqID := c.actor(), c.clientIP(), c.requestID()
	evs := make([]*LogEvent, 0, len(specs))
	for _, sp := range specs {
		e := NewLogEvent(c.now, sp.eventType, actor, ip, sp.targets...)
		e.RequestID = reqID
		evs = append(evs, e)
	}
	c.org.AppendLogs(evs...)
}

// logUserCreated logs a created user, its activation and the groups it was
// created in.
func (c *call) logUserCreated(u *User, groupIDs []string) {
	specs := []logSpec{spec(EventUserCreate, UserParty(u))}
	if u.Status != "STAGED" {
		specs = append(specs, spec(EventUserActivate, UserParty(u)))
	}
	seen := map[string]bool{}
	for _, gid := range groupIDs {
		if g := c.org.Group(gid); g != nil && !seen[gid] {
			seen[gid] = true
			specs = append(specs, spec(EventGroupMemberAdd, UserParty(u), GroupParty(g)))
		}
	}
	c.logEvents(specs...)
}

// logUserUpdated logs a profile update when profile differs from u's, and a
// password change; call it before u changes.
func (c *call) logUserUpdated(u *User, profile map[string]any, password bool) {
	var specs []logSpec
	if !reflect.DeepEqual(u.Profile, profile) {
		specs = append(specs, spec(EventUserUpdateProfile, UserParty(&User{ID: u.ID, Profile: profile})))
	}
	if password {
		specs = append(specs, spec(EventUserUpdatePassword, UserParty(u)))
	}
	c.logEvents(specs...)
}

// logAppCreated logs a new app and, when it starts ACTIVE, its activation.
func (c *call) logAppCreated(a *App) {
	specs := []logSpec{spec(EventAppCreate, AppParty(a))}
	if a.Status == "ACTIVE" {
		specs = append(specs, spec(EventAppActivate, AppParty(a)))
	}
	c.logEvents(specs...)
}
