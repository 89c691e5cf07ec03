package provider

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
)

// The snapshot a plan hands to the apply of the same saved plan.
//
// Applying a saved plan, Terraform plans each changed resource again, in a
// new provider process, before it applies it. When the org did not change,
// oktagate_snapshot has no change and is not planned again there, so a check
// that did change (a new check, a new exception) would be judged against a
// snapshot nobody brought current: a read of the whole org, hours in a large
// one. And a snapshot created by the apply would read the org a second time.
// So, when as_of fixes the plan's instant, the plan leaves its snapshot in the
// temporary directory, one file per org stamped with that instant; the apply
// of that plan, whose as_of is the same, starts from it and ends where the
// plan did. The file holds what the state holds (no profile but logins and
// emails), is its owner's alone, is replaced by the next plan of the org, and
// is removed once an apply has used it.

// handoffStamp starts the file's first line; the plan's instant follows it.
const handoffStamp = "oktagate-plan-snapshot "

func handoffFile(orgURL string) string {
	sum := sha256.Sum256([]byte(orgURL))
	return filepath.Join(os.TempDir(), "oktagate-plan-snapshot-"+hex.EncodeToString(sum[:8])+".gz")
}

// writeHandoff replaces the org's handoff file atomically with the encoded
// snapshot of the plan at asOf.
func writeHandoff(orgURL string, asOf time.Time, encoded []byte) error {
	dst := handoffFile(orgURL)
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".oktagate-plan-snapshot-*") // mode 0600
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // a no-op once renamed
	_, err = fmt.Fprintf(tmp, "%s%s\n", handoffStamp, asOf.UTC().Format(time.RFC3339Nano))
	if err == nil {
		_, err = tmp.Write(encoded)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}

// readHandoff returns the snapshot the plan at asOf left for the org, or nil
// when there is none: no file, or one of another plan.
func readHandoff(orgURL string, asOf time.Time) (*directory.Compact, error) {
	f, err := os.Open(handoffFile(orgURL))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	r := bufio.NewReader(f)
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, nil // not a handoff file, or a truncated one
	}
	stamp, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), handoffStamp)
	if !ok {
		return nil, nil
	}
	at, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil || !at.Equal(asOf) {
		return nil, nil // another plan's
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return nil, err
	}
	return directory.DecodeCompact(buf.Bytes())
}

// startFromPlan brings this process's snapshot current from the handoff of
// the plan being applied, when nothing in this process has brought it
// current: a check planned again at apply whose oktagate_snapshot has no
// change. It does nothing without as_of, or when no plan left a snapshot; the
// check then reads what it needs from Okta, as it would without one.
func (d *ProviderData) startFromPlan(ctx context.Context) {
	if d.AsOf.IsZero() || d.Snapshot.Refreshed() {
		return
	}
	d.handoffOnce.Do(func() {
		c, err := readHandoff(d.OrgURL, d.AsOf)
		if err != nil || c == nil {
			if err != nil {
				tflog.Warn(ctx, "the plan's snapshot cannot be used", map[string]any{"error": err.Error()})
			}
			return
		}
		md, err := d.Snapshot.Org(ctx)
		if err != nil {
			return // the check's own read reports Okta's error
		}
		res, err := d.Snapshot.Refresh(ctx, directory.RefreshInput{Stored: c, OrgID: md.ID})
		if err != nil {
			tflog.Warn(ctx, "the plan's snapshot cannot be used", map[string]any{"error": err.Error()})
			return
		}
		_ = os.Remove(handoffFile(d.OrgURL))
		tflog.Info(ctx, "org snapshot", map[string]any{"mode": res.Mode, "from": "the plan being applied"})
	})
}
