package directory

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// CompactVersion is the format of Compact; a stored snapshot of another version
// is not used (the plan falls back to a full scan).
const CompactVersion = 1

// Compact is the part of a snapshot worth keeping between plans: the
// collections that cost a request per user, group or app (users and their
// factors, group members, app assignments, grants and admin roles). Cheap or
// fast-moving evidence (policies, API tokens, role assignees, log windows, org
// metadata) is always read fresh.
//
// It holds user profiles trimmed to the attributes oktagate reads, and never an
// OAuth client secret.
type Compact struct {
	Version int
	OrgID   string
	// TakenAt is when the full scan this snapshot descends from was made;
	// Cursor is the instant up to which the System Log has been replayed into it.
	TakenAt time.Time
	Cursor  time.Time
	// Seen are the ids of the events published in the ReplayOverlap before
	// Cursor, already replayed: the next replay reads them again and skips them.
	Seen []string

	Users       []okta.User
	Factors     map[string][]okta.Factor   // by user id
	Groups      []okta.Group               //
	Members     map[string][]string        // by group id
	Apps        []okta.App                 //
	AppUsers    map[string][]okta.AppUser  // by app id
	AppGroups   map[string][]okta.AppGroup // by app id
	AppGrants   map[string][]okta.Grant    // by app id
	ClientRoles map[string][]okta.Role     // by client id
	UserRoles   map[string][]okta.Role     // by user id
	GroupRoles  map[string][]okta.Role     // by group id
}

// keptProfile are the profile attributes a compact snapshot keeps: the ones
// data sources and checks read. Other attributes are personal data oktagate
// has no use for, and the snapshot is stored in Terraform state.
var keptProfile = []string{"login", "email", "firstName", "lastName", "department", "title", "employeeNumber"}

// Counts summarises a compact snapshot.
func (c *Compact) Counts() (users, factors, groups, apps int) {
	for _, fs := range c.Factors {
		factors += len(fs)
	}
	return len(c.Users), factors, len(c.Groups), len(c.Apps)
}

// Encode serialises c as gzip-compressed JSON.
func (c *Compact) Encode() ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := c.encodeJSON(zw); err != nil {
		return nil, fmt.Errorf("encoding the snapshot: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ErrCompactUnusable reports a stored snapshot that cannot be used: corrupt, or
// of another format version. Callers fall back to a full scan.
var ErrCompactUnusable = errors.New("the stored snapshot cannot be used")

// DecodeCompact reverses Encode.
func DecodeCompact(data []byte) (*Compact, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCompactUnusable, err)
	}
	c, err := decodeCompactJSON(io.LimitReader(zr, 4<<30))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCompactUnusable, err)
	}
	if c.Version != CompactVersion {
		return nil, fmt.Errorf("%w: format version %d, this provider reads %d", ErrCompactUnusable, c.Version, CompactVersion)
	}
	return c, nil
}

// LoadAll makes the full scan a compact snapshot is made of: every user with
// the factors of every user who is not DEPROVISIONED, every group with its
// members, every app with its user assignments (and the group assignments of the ACTIVE ones), the grants and
// admin roles of OAuth apps, and the admin roles of users and groups. It is
// what the first plan of an org with a stored snapshot costs.
func (s *Snapshot) LoadAll(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		_, _, err := s.UsersWithFactors(gctx, func(users []okta.User) ([]string, error) {
			ids := make([]string, 0, len(users))
			for _, u := range users {
				if u.Status != "DEPROVISIONED" {
					ids = append(ids, u.ID)
				}
			}
			return ids, nil
		})
		return err
	})
	// The per-user factor lists are the bulk of a large org's scan and share
	// the single-user bucket; the app lists are the bulk of a small org's and
	// have a bucket of 100/min to themselves. Each must start at once and go
	// at its bucket's rate. The group member lists have a fast bucket and
	// time to spare, but their pages are whole users, costly to decode: they
	// wait for the user list that feeds the factor lists, and read two groups
	// at a time. (A paged list holds its slot for all its pages. Started with
	// the rest and at full width, the member lists took the slots and the
	// CPU, and the factor bucket sat idle for half of a 100k-user scan.)
	const memberListWidth, appListWidth = 2, 4
	g.Go(func() error {
		if _, err := s.Users(gctx); err != nil { // waits for the list in flight
			return err
		}
		groups, err := s.Groups(gctx)
		if err != nil {
			return err
		}
		ids := make([]string, len(groups))
		for i, g := range groups {
			ids[i] = g.ID
		}
		if _, err := fanOutMap(gctx, memberListWidth, ids, s.GroupMemberIDs); err != nil {
			return err
		}
		_, err = s.UserGroupIDs(gctx) // from the member lists just read
		return err
	})
	g.Go(func() error {
		apps, err := s.Apps(gctx)
		if err != nil {
			return err
		}
		// Assignments of ACTIVE apps, as the checks read them, and the
		// user lists of the others: the offboarding check looks for a
		// leaver in every app. Read here, they are stored with the rest,
		// and neither the end of the first plan nor every re-plan reads
		// them again.
		var ids, inactive, clients, oauthApps []string
		for _, a := range apps {
			if a.Status == "ACTIVE" {
				ids = append(ids, a.ID)
			} else {
				inactive = append(inactive, a.ID)
			}
			if a.OAuth != nil && a.OAuth.ClientID != "" {
				clients = append(clients, a.OAuth.ClientID)
				oauthApps = append(oauthApps, a.ID)
			}
		}
		if _, err := s.AppGrantsOf(gctx, oauthApps); err != nil {
			return err
		}
		if _, err := s.ClientRolesOf(gctx, clients); err != nil {
			return err
		}
		if _, _, err = s.allAppAssignments(gctx, appListWidth, ids); err != nil {
			return err
		}
		_, err = fanOutMap(gctx, appListWidth, inactive, s.AppUsers)
		return err
	})
	if _, ok := s.src.src.(EvidenceSource); ok {
		g.Go(func() error {
			// After the user list: the admins' logins and statuses then come
			// from it, not from one GET per admin.
			if _, err := s.Users(gctx); err != nil {
				return err
			}
			_, err := s.AdminRoles(gctx)
			return err
		})
	}
	return g.Wait()
}

// Export returns the snapshot's compact part. Users, groups and apps must have
// been loaded (LoadAll, or Seed and Replay); per-key collections hold what has
// been fetched. orgID keys it; takenAt and cursor are recorded as given.
func (s *Snapshot) Export(orgID string, takenAt, cursor time.Time) (*Compact, error) {
	users, ok1 := s.users.peek("")
	groups, ok2 := s.groups.peek("")
	apps, ok3 := s.apps.peek("")
	if !ok1 || !ok2 || !ok3 {
		return nil, errors.New("directory: Export needs users, groups and apps loaded")
	}
	c := &Compact{
		Version: CompactVersion, OrgID: orgID, TakenAt: takenAt.UTC(), Cursor: cursor.UTC(),
		Users: make([]okta.User, len(users)), Groups: groups, Apps: make([]okta.App, len(apps)),
		Factors: s.factors.values(), Members: s.members.values(),
		AppUsers: s.appUsers.values(), AppGroups: s.appGroups.values(), AppGrants: s.appGrants.values(),
		ClientRoles: s.clientRoles.values(), UserRoles: s.userRoles.values(), GroupRoles: s.groupRoles.values(),
	}
	for i, u := range users {
		c.Users[i] = trimProfile(u)
	}
	for i, a := range apps {
		if a.OAuth != nil && a.OAuth.ClientSecret != "" {
			oc := *a.OAuth
			oc.ClientSecret = ""
			a.OAuth = &oc
		}
		c.Apps[i] = a
	}
	return c, nil
}

func trimProfile(u okta.User) okta.User {
	p := make(map[string]string, len(keptProfile))
	for _, k := range keptProfile {
		if v, ok := u.Profile[k]; ok {
			p[k] = v
		}
	}
	u.Profile = p
	return u
}

// Seed fills an empty snapshot from a compact one. Collections already
// fetched in this snapshot are kept: they are at least as fresh.
func (s *Snapshot) Seed(c *Compact) {
	if seedOne(&s.users, "", sortedUniqueBy(c.Users, func(u okta.User) string { return u.ID })) {
		s.trimmed.mark(c.Users)
	}
	seedOne(&s.groups, "", sortedUniqueBy(c.Groups, func(g okta.Group) string { return g.ID }))
	seedOne(&s.apps, "", sortedUniqueBy(c.Apps, func(a okta.App) string { return a.ID }))
	seedMap(&s.factors, c.Factors)
	seedMap(&s.members, c.Members)
	seedMap(&s.appUsers, c.AppUsers)
	seedMap(&s.appGroups, c.AppGroups)
	seedMap(&s.appGrants, c.AppGrants)
	seedMap(&s.clientRoles, c.ClientRoles)
	seedMap(&s.userRoles, c.UserRoles)
	seedMap(&s.groupRoles, c.GroupRoles)
}

// seedOne puts v under key unless the key holds a value, and reports
// whether it did.
func seedOne[V any](m *memo[V], key string, v V) bool {
	if _, ok := m.peek(key); ok {
		return false
	}
	m.put(key, v)
	return true
}

func seedMap[V any](m *memo[V], vals map[string]V) {
	for k, v := range vals {
		seedOne(m, k, v)
	}
}
