package directory

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ScanInput is what Scan starts from.
type ScanInput struct {
	// OrgID is the org being scanned (Org's id).
	OrgID string
	// Resume is the checkpoint of an interrupted scan of the same org
	// (Checkpoint), or nil. Its factor lists, member lists, app assignments,
	// grants and roles are not read again; a checkpoint of another org, one
	// from the future or one older than the System Log reaches back is not
	// used (ResumeUnusable says why).
	Resume *Compact
}

// ResumeUnusable says why a checkpoint cannot be resumed from at now ("" when it
// can, or when there is none).
func ResumeUnusable(c *Compact, orgID string, now time.Time) string {
	switch {
	case c == nil:
		return ""
	case c.OrgID != orgID:
		return fmt.Sprintf("it is of another org (%s, not %s)", c.OrgID, orgID)
	case c.TakenAt.After(now):
		return fmt.Sprintf("it was started after now (%s)", rfc3339(c.TakenAt))
	case !c.TakenAt.After(now.Add(-LogRetention).Add(time.Hour)):
		return fmt.Sprintf("it was started at %s, and the System Log that brings it current keeps 90 days", rfc3339(c.TakenAt))
	}
	return ""
}

// Scan makes the full scan a stored snapshot is made of outside a plan (the
// `oktagate snapshot` command), as Refresh does when it has nothing to start
// from, and returns its compact form. Resumed from a checkpoint, it reads
// again only what the checkpoint lacks and dates the snapshot from when the
// interrupted scan started: a plan that starts from it replays the System Log
// from then, so what changed in the org while the scan was interrupted is
// brought current like any other change. The snapshot must be fresh (nothing
// read yet).
func (s *Snapshot) Scan(ctx context.Context, in ScanInput) (*Compact, error) {
	takenAt := s.PlanTime()
	if in.Resume != nil {
		if why := ResumeUnusable(in.Resume, in.OrgID, takenAt); why != "" {
			return nil, fmt.Errorf("the checkpoint cannot be resumed: %s", why)
		}
		s.resume(in.Resume)
		takenAt = in.Resume.TakenAt.UTC().Truncate(time.Second)
	}
	if err := s.LoadAll(ctx); err != nil {
		return nil, err
	}
	c, err := s.Export(in.OrgID, takenAt, takenAt)
	if err != nil {
		return nil, err
	}
	c.Seen = s.seenBefore(ctx, takenAt)
	return c, nil
}

// Checkpoint returns what the scan in progress has read of the collections
// that cost a request per user, group or app (factor lists, member lists, app
// assignments, grants, roles), for a later Scan to resume from: the lists
// themselves (users, groups, apps) are a few requests and are read again.
// takenAt is when the scan started.
func (s *Snapshot) Checkpoint(orgID string, takenAt time.Time) *Compact {
	return &Compact{
		Version: CompactVersion, OrgID: orgID, TakenAt: takenAt.UTC(), Cursor: takenAt.UTC(),
		Factors: trimFactors(s.factors.values()), Members: s.members.values(),
		AppUsers: s.appUsers.values(), AppGroups: s.appGroups.values(), AppGrants: s.appGrants.values(),
		ClientRoles: s.clientRoles.values(), UserRoles: s.userRoles.values(), GroupRoles: s.groupRoles.values(),
	}
}

// resume seeds a fresh snapshot with a checkpoint's per-key collections.
func (s *Snapshot) resume(c *Compact) {
	s.seedPerKey(c)
	s.opts.Progress.resumedFrom(len(c.Factors))
}

// CacheFile is the file in dir that holds orgURL's snapshot: the one
// oktagate_snapshot's cache_dir reads when the state holds none and writes on
// every plan, and that `oktagate snapshot --cache-dir` writes.
func CacheFile(dir, orgURL string) string {
	return filepath.Join(dir, cacheBase(orgURL)+".gz")
}

// legacyCacheFile is where providers that stored the snapshot as JSON
// (versions 1 and 2) kept it: read when CacheFile is absent, removed once
// CacheFile is written.
func legacyCacheFile(dir, orgURL string) string {
	return filepath.Join(dir, cacheBase(orgURL)+".json.gz")
}

// ReadCacheFile reads orgURL's snapshot from dir (CacheFile, or the file an
// older provider wrote); nil without an error when there is none.
func ReadCacheFile(dir, orgURL string) (*Compact, error) {
	c, err := ReadCompactFile(CacheFile(dir, orgURL))
	if c != nil || err != nil {
		return c, err
	}
	return ReadCompactFile(legacyCacheFile(dir, orgURL))
}

// WriteCacheFile replaces orgURL's snapshot in dir atomically (a concurrent
// or interrupted plan never reads half a file) and removes an older
// provider's file, which holds an older snapshot no one reads any more.
func WriteCacheFile(dir, orgURL string, data []byte) error {
	if err := WriteFileAtomic(CacheFile(dir, orgURL), data); err != nil {
		return err
	}
	_ = os.Remove(legacyCacheFile(dir, orgURL))
	return nil
}

// CheckpointFile is the file in dir that holds an interrupted scan of orgURL
// (Checkpoint), beside CacheFile; it is removed once the scan is complete.
func CheckpointFile(dir, orgURL string) string {
	return filepath.Join(dir, cacheBase(orgURL)+".partial.gz")
}

func cacheBase(orgURL string) string {
	sum := sha256.Sum256([]byte(orgURL))
	return "oktagate-snapshot-" + hex.EncodeToString(sum[:8])
}

// ReadCompactFile decodes a snapshot written by WriteFileAtomic; nil without
// an error when there is no such file.
func ReadCompactFile(path string) (*Compact, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return DecodeCompact(data)
}

// WriteFileAtomic replaces path with data through a temporary file renamed
// into place, so a concurrent or interrupted reader or writer never sees half
// a file. The directory is created (owner only) when missing.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".oktagate-snapshot-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
