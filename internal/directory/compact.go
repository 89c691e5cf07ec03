package directory

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// CompactVersion is the format of Compact. A stored snapshot of a version
// below minCompactVersion or above CompactVersion is not used (the plan falls
// back to a full scan). Version 2 keeps less than 1 (no factor profiles, only
// login and email of a user's profile); version 3 holds what 2 holds in a
// binary stream a fifth of the size (compact_binary.go), where 1 and 2 were
// JSON. A snapshot of an older version is used, and stored again in the
// current one by the next apply even when the org did not change, so that
// what it held beyond the current version leaves the state.
const (
	CompactVersion    = 3
	minCompactVersion = 1
)

// Compact is the part of a snapshot worth keeping between plans: the
// collections that cost a request per user, group or app (users and their
// factors, group members, app assignments, grants and admin roles). Cheap or
// fast-moving evidence (policies, API tokens, role assignees, log windows, org
// metadata) is always read fresh.
//
// It holds only what the checks read: of a user's profile, login and email
// (keptProfile); of a factor, everything but its profile (phone numbers,
// device and authenticator names, security questions); never an OAuth client
// secret. The data sources that show what it leaves out read it again from
// Okta (WithFullProfiles, FullFactorsOf). The snapshot is stored in
// Terraform state and in cache_dir: what it need not hold, it must not.
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
// the checks read (they name and match users by login and email). The data
// sources that show more of a profile complete it from Okta
// (WithFullProfiles). Other attributes are personal data the snapshot has no
// use for, and the snapshot is stored in Terraform state.
var keptProfile = []string{"login", "email"}

// Counts summarises a compact snapshot.
func (c *Compact) Counts() (users, factors, groups, apps int) {
	for _, fs := range c.Factors {
		factors += len(fs)
	}
	return len(c.Users), factors, len(c.Groups), len(c.Apps)
}

// Encode serialises c as a gzip-compressed version 3 stream
// (compact_binary.go), whatever c.Version says.
func (c *Compact) Encode() ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := c.encodeBinary(zw); err != nil {
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

// DecodeCompact reverses Encode, and reads the JSON that versions 1 and 2
// were stored in.
func DecodeCompact(data []byte) (*Compact, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCompactUnusable, err)
	}
	r := bufio.NewReaderSize(io.LimitReader(zr, 4<<30), 256<<10)
	var c *Compact
	if head, _ := r.Peek(len(binaryMagic)); string(head) == binaryMagic {
		_, _ = r.Discard(len(binaryMagic))
		c, err = decodeCompactBinary(r)
	} else {
		c, err = decodeCompactJSON(r)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCompactUnusable, err)
	}
	if c.Version < minCompactVersion || c.Version > CompactVersion {
		return nil, fmt.Errorf("%w: format version %d, this provider reads %d to %d", ErrCompactUnusable, c.Version, minCompactVersion, CompactVersion)
	}
	return c, nil
}

// LoadAll makes the full scan a compact snapshot is made of: every user with
// the factors of every user who is not DEPROVISIONED (and of every admin), every group with its
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
		s.opts.Progress.expectMore(ratelimit.Groups, len(ids))
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
		s.opts.Progress.expectMore(ratelimit.Apps, 2*len(ids)+len(inactive)+len(oauthApps))
		s.opts.Progress.expectMore(ratelimit.Clients, len(clients))
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
	g.Go(func() error {
		// After the user list: the admins' logins and statuses then come
		// from it, not from one GET per admin.
		if _, err := s.Users(gctx); err != nil {
			return err
		}
		roles, err := s.AdminRoles(gctx)
		if err != nil {
			return err
		}
		// The privileged-accounts check judges every admin's factors,
		// whatever the status, and the factor lists above skip the
		// DEPROVISIONED: read those admins' here, so that a plan seeded
		// from this snapshot reads no factor list (a DEPROVISIONED user
		// can still hold a role through a group).
		var gone []string
		for _, a := range roles.Admins {
			if a.Status == "DEPROVISIONED" {
				gone = append(gone, a.UserID)
			}
		}
		_, err = s.FactorsOf(gctx, gone)
		return err
	})
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
		Factors: trimFactors(s.factors.values()), Members: s.members.values(),
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

// trimFactors copies factors without their profiles: no check reads them, and
// they hold phone numbers, device names and security questions.
func trimFactors(byUser map[string][]okta.Factor) map[string][]okta.Factor {
	out := make(map[string][]okta.Factor, len(byUser))
	for id, fs := range byUser {
		trimmed := make([]okta.Factor, len(fs))
		for i, f := range fs {
			f.Profile = nil
			trimmed[i] = f
		}
		out[id] = trimmed
	}
	return out
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
	s.seedPerKey(c)
}

// seedPerKey seeds the collections kept per user, group, app or client (the
// ones a scan's checkpoint holds too): factors, members, assignments,
// grants and roles.
func (s *Snapshot) seedPerKey(c *Compact) {
	for id, fs := range c.Factors {
		if seedOne(&s.factors, id, fs) {
			s.trimmedFactors.markIDs(id)
		}
	}
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
