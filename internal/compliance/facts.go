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

	// The lookups, each built on its first use: a rule that looks up apps
	// alone does not pay for indexing 100k users, nor one that looks users up
	// by id for indexing them by login and email.
	byID      lazyIndex[map[string]*okta.User]
	byName    lazyIndex[userNames]
	groupByID lazyIndex[map[string]*okta.Group]
	appByID   lazyIndex[map[string]*okta.App]
	groupsOf  lazyIndex[map[string][]string] // user id → group ids, from GroupMembers
}

// lazyIndex is a lookup built once, on first use.
type lazyIndex[T any] struct {
	once sync.Once
	v    T
}

func (l *lazyIndex[T]) get(build func() T) T {
	l.once.Do(func() { l.v = build() })
	return l.v
}

// userNames looks users up by what people type: login, email, or an id in
// any case.
type userNames struct {
	byFold  map[string]*okta.User   // lower-cased id
	byLogin map[string]*okta.User   // lower-cased login
	byMail  map[string][]*okta.User // lower-cased email; emails need not be unique
}

func (f *Facts) userByID() map[string]*okta.User {
	return f.byID.get(func() map[string]*okta.User {
		m := make(map[string]*okta.User, len(f.Users))
		for i := range f.Users {
			m[f.Users[i].ID] = &f.Users[i]
		}
		return m
	})
}

func (f *Facts) userNames() userNames {
	return f.byName.get(func() userNames {
		n := userNames{
			byFold:  make(map[string]*okta.User, len(f.Users)),
			byLogin: make(map[string]*okta.User, len(f.Users)),
			byMail:  make(map[string][]*okta.User, len(f.Users)),
		}
		for i := range f.Users {
			u := &f.Users[i]
			n.byFold[fold(u.ID)] = u
			if l := fold(u.Login()); l != "" {
				n.byLogin[l] = u
			}
			if m := fold(u.Email()); m != "" {
				n.byMail[m] = append(n.byMail[m], u)
			}
		}
		return n
	})
}

func (f *Facts) groupIndex() map[string]*okta.Group {
	return f.groupByID.get(func() map[string]*okta.Group {
		m := make(map[string]*okta.Group, len(f.Groups))
		for i := range f.Groups {
			m[f.Groups[i].ID] = &f.Groups[i]
		}
		return m
	})
}

func (f *Facts) appIndex() map[string]*okta.App {
	return f.appByID.get(func() map[string]*okta.App {
		m := make(map[string]*okta.App, len(f.Apps))
		for i := range f.Apps {
			m[f.Apps[i].ID] = &f.Apps[i]
		}
		return m
	})
}

func (f *Facts) userGroups() map[string][]string {
	return f.groupsOf.get(func() map[string][]string {
		m := map[string][]string{}
		for gid, members := range f.GroupMembers {
			for _, uid := range members {
				m[uid] = append(m[uid], gid)
			}
		}
		for uid := range m {
			m[uid] = sortedSet(m[uid])
		}
		return m
	})
}

// UserByID returns the user with this id.
func (f *Facts) UserByID(id string) (okta.User, bool) {
	u, ok := f.userByID()[id]
	if !ok {
		return okta.User{}, false
	}
	return *u, true
}

// UserByLogin returns the user whose login matches, case-insensitively.
func (f *Facts) UserByLogin(login string) (okta.User, bool) {
	u, ok := f.userNames().byLogin[fold(login)]
	if !ok {
		return okta.User{}, false
	}
	return *u, true
}

// UsersByEmail returns the users whose email matches, case-insensitively, sorted
// by id.
func (f *Facts) UsersByEmail(email string) []okta.User {
	us := f.userNames().byMail[fold(email)]
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
	if u, ok := f.userNames().byFold[fold(key)]; ok {
		return *u, true
	}
	return okta.User{}, false
}

// GroupByID returns the group with this id.
func (f *Facts) GroupByID(id string) (okta.Group, bool) {
	g, ok := f.groupIndex()[id]
	if !ok {
		return okta.Group{}, false
	}
	return *g, true
}

// AppByID returns the app with this id.
func (f *Facts) AppByID(id string) (okta.App, bool) {
	a, ok := f.appIndex()[id]
	if !ok {
		return okta.App{}, false
	}
	return *a, true
}

// UserGroupIDs returns the ids of the loaded groups (GroupMembers) the user
// belongs to, sorted.
func (f *Facts) UserGroupIDs(userID string) []string {
	return f.userGroups()[userID]
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
