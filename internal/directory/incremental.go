package directory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// How a snapshot was brought current by Refresh.
const (
	// RefreshFullScan: no usable stored snapshot; everything was read.
	RefreshFullScan = "full_scan"
	// RefreshReplayed: the stored snapshot was brought current from the log.
	RefreshReplayed = "replayed"
	// RefreshUnchanged: the log holds nothing new since the stored snapshot.
	RefreshUnchanged = "unchanged"
)

// RefreshInput is what Refresh starts from.
type RefreshInput struct {
	// Stored is an earlier snapshot (from Terraform state or a cache file); nil
	// when there is none.
	Stored *Compact
	// OrgID is the org being planned; a stored snapshot of another org is not
	// used.
	OrgID string
	// RescanAfter forces a full scan once the stored snapshot's full scan is
	// this old; 0 rescans only when the System Log cannot cover the gap.
	RescanAfter time.Duration
}

// RefreshResult is a current compact snapshot and how it was made.
type RefreshResult struct {
	OrgID string
	Mode  string // RefreshFullScan, RefreshReplayed or RefreshUnchanged
	// Why is, for a full scan, why the stored snapshot was not used ("" when
	// there was none).
	Why    string
	Replay ReplayStats

	export *lazyCompact
}

// lazyCompact builds the compact snapshot once, on first use: a plan needs
// only the mode and the org id, and at 100k users the export copies every
// user, factor and assignment.
type lazyCompact struct {
	once  sync.Once
	build func() (*Compact, error)
	c     *Compact
	err   error
}

// Compact returns the snapshot to store: the stored one when nothing
// changed, otherwise the snapshot's state now, exported on the first call.
func (r RefreshResult) Compact() (*Compact, error) {
	if r.export == nil {
		return nil, errors.New("directory: RefreshResult has no snapshot")
	}
	r.export.once.Do(func() { r.export.c, r.export.err = r.export.build() })
	return r.export.c, r.export.err
}

func exportLater(build func() (*Compact, error)) *lazyCompact {
	return &lazyCompact{build: build}
}

// Refresh brings the snapshot current at PlanTime from in.Stored when it can
// (seed, then replay the System Log since its cursor) and with a full scan
// (LoadAll) when it cannot. It must run before anything else reads the
// snapshot; the provider's snapshot resource runs it first in the plan.
//
// A snapshot is refreshed once: later calls return the first successful
// result whatever their input, so that the plan of the snapshot resource and
// its apply in one provider process agree.
func (s *Snapshot) Refresh(ctx context.Context, in RefreshInput) (RefreshResult, error) {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	if s.refreshed != nil {
		return *s.refreshed, nil
	}
	res, err := s.refresh(ctx, in)
	if err == nil {
		s.refreshed = &res
	}
	return res, err
}

// Refreshed reports whether Refresh has succeeded on this snapshot.
func (s *Snapshot) Refreshed() bool {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	return s.refreshed != nil
}

func (s *Snapshot) refresh(ctx context.Context, in RefreshInput) (RefreshResult, error) {
	now := s.PlanTime()
	why := usable(in, now)
	if in.Stored != nil && why == "" {
		s.Seed(in.Stored)
		st, seen, err := s.Replay(ctx, in.Stored.Cursor, now, in.Stored.Seen)
		switch {
		case errors.Is(err, ErrLogGap):
			why = err.Error()
			s.forgetSeed()
		case err != nil:
			return RefreshResult{}, err
		case !st.Changed() && in.Stored.Version == CompactVersion:
			stored := in.Stored
			return RefreshResult{OrgID: in.OrgID, Mode: RefreshUnchanged, Replay: st,
				export: exportLater(func() (*Compact, error) { return stored, nil })}, nil
		default:
			// Changes, or a snapshot stored in an older format: store it again
			// (an older format holds more than this one keeps).
			orgID, takenAt := in.OrgID, in.Stored.TakenAt // not in: it holds the stored snapshot
			return RefreshResult{OrgID: in.OrgID, Mode: RefreshReplayed, Replay: st,
				export: exportLater(func() (*Compact, error) {
					c, err := s.Export(orgID, takenAt, now)
					if err != nil {
						return nil, err
					}
					c.Seen = seen
					return c, nil
				})}, nil
		}
	}
	if err := s.LoadAll(ctx); err != nil {
		return RefreshResult{}, err
	}
	seen := s.seenBefore(ctx, now)
	orgID := in.OrgID
	return RefreshResult{OrgID: orgID, Mode: RefreshFullScan, Why: why,
		export: exportLater(func() (*Compact, error) {
			c, err := s.Export(orgID, now, now)
			if err != nil {
				return nil, err
			}
			c.Seen = seen
			return c, nil
		})}, nil
}

// seenBefore returns the ids of the events a replay from a full scan made at
// now would read again in its overlap (ReplayOverlap before now). The scan
// reads the org after now, so it holds what they changed already: recorded
// as seen, they do not count as a change, and the first plan after a full
// scan of an unchanged org shows no diff. Best effort: when the log cannot be
// read, nothing is recorded and that replay reads them again (harmless, it
// only moves the cursor); the replay itself reports the log's failure.
func (s *Snapshot) seenBefore(ctx context.Context, now time.Time) []string {
	res, err := s.Logs(ctx, LogWindow{Since: now.Add(-ReplayOverlap), Until: now, Filter: ReplayFilter()}, 0)
	if err != nil {
		return nil
	}
	var ids []string
	for _, e := range res.Events {
		if e.UUID != "" {
			ids = append(ids, e.UUID)
		}
	}
	slices.Sort(ids)
	return ids
}

// usable says why a stored snapshot cannot be used ("" when it can, or when
// there is none).
func usable(in RefreshInput, now time.Time) string {
	c := in.Stored
	switch {
	case c == nil:
		return ""
	case c.OrgID != in.OrgID:
		return fmt.Sprintf("it was taken of another org (%s, not %s)", c.OrgID, in.OrgID)
	case c.Cursor.After(now):
		return fmt.Sprintf("its cursor (%s) lies after now (%s)", rfc3339(c.Cursor), rfc3339(now))
	case in.RescanAfter > 0 && now.Sub(c.TakenAt) >= in.RescanAfter:
		return fmt.Sprintf("its full scan (%s) is older than rescan_after (%s)", rfc3339(c.TakenAt), in.RescanAfter)
	}
	return ""
}

// forgetSeed empties what Seed filled, before a full scan replaces it.
func (s *Snapshot) forgetSeed() {
	s.users.dropAll()
	s.trimmed.reset()
	s.trimmedFactors.reset()
	s.groups.dropAll()
	s.apps.dropAll()
	s.factors.dropAll()
	s.members.dropAll()
	s.appUsers.dropAll()
	s.appGroups.dropAll()
	s.appGrants.dropAll()
	s.clientRoles.dropAll()
	s.userRoles.dropAll()
	s.groupRoles.dropAll()
	s.dropDerived()
}

// dropDerived forgets what is computed from the collections (indexes, lookups,
// memberships by user) and the searches, after the collections themselves
// were replaced.
func (s *Snapshot) dropDerived() {
	s.userIdx.dropAll()
	s.userLookups.dropAll()
	s.search.dropAll()
	s.groupIdx.dropAll()
	s.appIdx.dropAll()
	s.userGroupIDs.dropAll()
}
