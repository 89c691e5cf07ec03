package compliance

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Facts is the plain data rules read. The provider fills in the fields the rules
// it runs need; a map entry that is present (even with a nil or empty slice)
// means "loaded", an absent one means "not loaded", and a rule that needs an
// absent entry returns an error. Slice order does not matter to any rule: every
// result and fingerprint is computed over sorted data.
//
// Facts must not be modified after it is first passed to a rule: the indexes are
// built once, on first use, and are safe for concurrent rules.
type Facts struct {
	// Now is the evaluation time: it decides whether exceptions have expired,
	// whether an offboarding grace period has passed and how old a review is. It
	// never appears in evidence.
	Now time.Time
	// MaxExceptionDays is how many days after Now an exception may run (the
	// provider's max_exception_days); 0 means DefaultMaxExceptionDays.
	MaxExceptionDays int
	// Frameworks are the framework ids (FrameworkIDs) whose requirements a
	// Result's Controls list (the provider's frameworks); nil means all.
	Frameworks []string

	Users        []okta.User              // every user, DEPROVISIONED included
	Factors      map[string][]okta.Factor // by user id
	Groups       []okta.Group
	GroupMembers map[string][]string        // member user ids by group id
	Apps         []okta.App                 // the apps loaded; rules over "every app" use these
	AppUsers     map[string][]okta.AppUser  // by app id
	AppGroups    map[string][]okta.AppGroup // by app id
	Grants       map[string][]okta.Grant    // by app id
	ClientRoles  map[string][]okta.Role     // by OAuth client id
	UserRoles    map[string][]okta.Role     // by user id
	GroupRoles   map[string][]okta.Role     // by group id
	APITokens    []okta.APIToken
	Policies     []okta.Policy                // the policies loaded (of the types a rule reads)
	PolicyRules  map[string][]okta.PolicyRule // by policy id
	// AdminRoles is every admin role assignment of the org (users, groups,
	// OAuth clients) and every user who holds a role; nil when not loaded.
	AdminRoles *AdminRoleAssignments
	// NetworkZones is every network zone; nil when not loaded.
	NetworkZones []okta.NetworkZone
	// Authenticators is every authenticator; nil when not loaded.
	Authenticators []okta.Authenticator
	// IdentityProviders are the identity providers loaded (of the types a
	// rule reads: the Smart Card ones, X509); nil when not loaded.
	IdentityProviders []okta.IdentityProvider
	// LogStreams is every log stream; nil when not loaded.
	LogStreams []okta.LogStream
	// EventHooks is every event hook; nil when not loaded (the log stream
	// check reads them only when asked to accept them).
	EventHooks []okta.EventHook
	// AdminConsole is the Okta Admin Console's session settings; nil when not
	// loaded.
	AdminConsole *okta.AdminConsoleSettings
	// UserDeletions are the System Log's completed user deletions of the
	// UserDeletionLookback before Now; nil when not loaded.
	UserDeletions []okta.LogEvent
	// UserDeletionLookback is how far before Now the System Log was read for
	// UserDeletions; set with it (a rule that reports the window needs it).
	UserDeletionLookback time.Duration
	// TrustedOrigins is every trusted origin; nil when not loaded.
	TrustedOrigins []okta.TrustedOrigin
	// ThreatInsight is the org's ThreatInsight configuration; nil when not
	// loaded.
	ThreatInsight *okta.ThreatInsightConfiguration
	// Behaviors is every behavior detection rule; nil when not loaded.
	Behaviors []okta.Behavior
	// DeviceAssurances is every device assurance policy; nil when not loaded.
	DeviceAssurances []okta.DeviceAssurance

	once sync.Once
	idx  *factsIndex
}

type factsIndex struct {
	userByID    map[string]*okta.User
	userByFold  map[string]*okta.User   // lower-cased id
	userByLogin map[string]*okta.User   // lower-cased login
	usersByMail map[string][]*okta.User // lower-cased email; emails need not be unique
	groupByID   map[string]*okta.Group
	appByID     map[string]*okta.App
	userGroups  map[string][]string // user id → group ids, from GroupMembers
}

func (f *Facts) index() *factsIndex {
	f.once.Do(func() {
		ix := &factsIndex{
			userByID:    make(map[string]*okta.User, len(f.Users)),
			userByFold:  make(map[string]*okta.User, len(f.Users)),
			userByLogin: make(map[string]*okta.User, len(f.Users)),
			usersByMail: make(map[string][]*okta.User, len(f.Users)),
			groupByID:   make(map[string]*okta.Group, len(f.Groups)),
			appByID:     make(map[string]*okta.App, len(f.Apps)),
			userGroups:  map[string][]string{},
		}
		for i := range f.Users {
			u := &f.Users[i]
			ix.userByID[u.ID] = u
			ix.userByFold[fold(u.ID)] = u
			if l := fold(u.Login()); l != "" {
				ix.userByLogin[l] = u
			}
			if m := fold(u.Email()); m != "" {
				ix.usersByMail[m] = append(ix.usersByMail[m], u)
			}
		}
		for i := range f.Groups {
			ix.groupByID[f.Groups[i].ID] = &f.Groups[i]
		}
		for i := range f.Apps {
			ix.appByID[f.Apps[i].ID] = &f.Apps[i]
		}
		for gid, members := range f.GroupMembers {
			for _, uid := range members {
				ix.userGroups[uid] = append(ix.userGroups[uid], gid)
			}
		}
		for uid := range ix.userGroups {
			ix.userGroups[uid] = sortedSet(ix.userGroups[uid])
		}
		f.idx = ix
	})
	return f.idx
}

// UserByID returns the user with this id.
func (f *Facts) UserByID(id string) (okta.User, bool) {
	u, ok := f.index().userByID[id]
	if !ok {
		return okta.User{}, false
	}
	return *u, true
}

// UserByLogin returns the user whose login matches, case-insensitively.
func (f *Facts) UserByLogin(login string) (okta.User, bool) {
	u, ok := f.index().userByLogin[fold(login)]
	if !ok {
		return okta.User{}, false
	}
	return *u, true
}

// UsersByEmail returns the users whose email matches, case-insensitively, sorted
// by id.
func (f *Facts) UsersByEmail(email string) []okta.User {
	us := f.index().usersByMail[fold(email)]
	out := make([]okta.User, 0, len(us))
	for _, u := range us {
		out = append(out, *u)
	}
	sortUsers(out)
	return out
}

// FindUser resolves a login, email or user id, case-insensitively, in that order
// of preference; an email shared by several users resolves to none.
func (f *Facts) FindUser(key string) (okta.User, bool) {
	if u, ok := f.UserByLogin(key); ok {
		return u, true
	}
	if us := f.UsersByEmail(key); len(us) == 1 {
		return us[0], true
	}
	// Okta ids are case-sensitive, but people paste them in any case.
	if u, ok := f.index().userByFold[fold(key)]; ok {
		return *u, true
	}
	return okta.User{}, false
}

// GroupByID returns the group with this id.
func (f *Facts) GroupByID(id string) (okta.Group, bool) {
	g, ok := f.index().groupByID[id]
	if !ok {
		return okta.Group{}, false
	}
	return *g, true
}

// AppByID returns the app with this id.
func (f *Facts) AppByID(id string) (okta.App, bool) {
	a, ok := f.index().appByID[id]
	if !ok {
		return okta.App{}, false
	}
	return *a, true
}

// UserGroupIDs returns the ids of the loaded groups (GroupMembers) the user
// belongs to, sorted.
func (f *Facts) UserGroupIDs(userID string) []string {
	return f.index().userGroups[userID]
}

// members returns a group's member ids, or an error when they were not loaded.
func (f *Facts) members(groupID string) ([]string, error) {
	m, ok := f.GroupMembers[groupID]
	if !ok {
		return nil, missing("members of group %s", groupID)
	}
	return m, nil
}

func (f *Facts) factorsOf(userID string) ([]okta.Factor, error) {
	fs, ok := f.Factors[userID]
	if !ok {
		return nil, missing("factors of user %s", userID)
	}
	return fs, nil
}

// MissingFactsError reports that a rule needed a fact the provider did not load.
// It is a programming error in the caller, never a finding about the org.
type MissingFactsError struct{ What string }

func (e *MissingFactsError) Error() string {
	return "compliance: facts not loaded: " + e.What
}

func missing(format string, args ...any) error {
	return &MissingFactsError{What: fmt.Sprintf(format, args...)}
}

// fold is the case-insensitive key used for logins, emails, subjects and domains.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
