package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

func startSim(t *testing.T, users int, faults *oktasim.Faults) *oktasim.Server {
	t.Helper()
	org := fixtures.Generate(fixtures.GenerateOptions{Users: users, Groups: 12, Apps: 8, Seed: 5, Now: time.Now().Add(-time.Hour)})
	sim, err := oktasim.Start(oktasim.Options{Org: org, Unlimited: true, Concurrency: ratelimit.DefaultConcurrency, Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	return sim
}

func simEnv(sim *oktasim.Server) func(string) string {
	env := map[string]string{"OKTA_ORG_URL": sim.URL(), "OKTA_API_TOKEN": sim.AdminToken()}
	return func(k string) string { return env[k] }
}

// factorReads returns the users whose factors the simulator served, in order.
func factorReads(sim *oktasim.Server) []string {
	var ids []string
	for _, r := range sim.Requests() {
		if id, ok := strings.CutPrefix(r.Path, "/api/v1/users/"); ok {
			if id, ok = strings.CutSuffix(id, "/factors"); ok && r.Status == 200 {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

func activeUsers(sim *oktasim.Server) int {
	org := sim.Org()
	org.Lock()
	defer org.Unlock()
	n := 0
	for _, u := range org.Users {
		if u.Status != "DEPROVISIONED" {
			n++
		}
	}
	return n
}

// End to end against the simulator: the command writes the file cache_dir
// reads, holding every user and one factor read per user, and shows its
// progress as lines when stderr is no terminal.
func TestSnapshotWritesTheCacheFile(t *testing.T) {
	sim := startSim(t, 250, nil)
	dir := filepath.Join(t.TempDir(), "cache")
	var stdout, stderr bytes.Buffer
	code := runSnapshot(t.Context(), []string{"--cache-dir", dir, "--progress-every", "5ms"}, &stdout, &stderr, simEnv(sim))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	c, err := directory.ReadCompactFile(directory.CacheFile(dir, sim.URL()))
	if err != nil || c == nil {
		t.Fatalf("the cache file: %v", err)
	}
	users, factors, _, _ := c.Counts()
	org := sim.Org()
	if users != len(org.Users) || factors == 0 || c.OrgID != org.ID {
		t.Errorf("the snapshot holds %d users (want %d), %d factors, org %q (want %q)", users, len(org.Users), factors, c.OrgID, org.ID)
	}
	// One factor request per user the snapshot holds factors of: every user
	// not deprovisioned, and the admins who are.
	reads := factorReads(sim)
	once := map[string]bool{}
	for _, id := range reads {
		if once[id] {
			t.Errorf("the factors of %s were read twice", id)
		}
		once[id] = true
	}
	if len(reads) != len(c.Factors) || len(c.Factors) < activeUsers(sim) {
		t.Errorf("%d factor requests for a snapshot holding the factors of %d users, want one each and at least the %d not deprovisioned", len(reads), len(c.Factors), activeUsers(sim))
	}
	if _, err := os.Stat(directory.CheckpointFile(dir, sim.URL())); !os.IsNotExist(err) {
		t.Errorf("the checkpoint outlived a complete scan: %v", err)
	}
	last := stderr.String()[strings.LastIndex(strings.TrimSpace(stderr.String()), "\n")+1:]
	want := "users read " + itoa(activeUsers(sim)) + " of " + itoa(activeUsers(sim)) + " (100.0%)"
	if !strings.Contains(last, want) || !strings.Contains(last, ", user ") || strings.Contains(stderr.String(), "\r") {
		t.Errorf("the last progress line %q lacks %q and the user bucket's requests (or a bar was drawn)", last, want)
	}
	if !strings.Contains(stdout.String(), c.OrgID+": "+itoa(users)+" users") {
		t.Errorf("stdout: %s", stdout.String())
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// A scan that fails after K factor lists keeps its checkpoint and exits 1; run
// again, it resumes without reading the factors of a user it has.
func TestSnapshotResumesAfterAFailure(t *testing.T) {
	faults := &oktasim.Faults{}
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultForbidden, PathPrefix: "/api/v1/users/", Skip: 80})
	sim := startSim(t, 250, faults)
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"--cache-dir", dir, "--progress", "none", "--max-concurrency", "4"}
	if code := runSnapshot(t.Context(), args, &stdout, &stderr, simEnv(sim)); code != exitError {
		t.Fatalf("exit %d, want %d: %s", code, exitError, stderr.String())
	}
	if !strings.Contains(stderr.String(), "run the same command again to resume") {
		t.Errorf("stderr: %s", stderr.String())
	}
	checkpoint, err := directory.ReadCompactFile(directory.CheckpointFile(dir, sim.URL()))
	if err != nil || checkpoint == nil || len(checkpoint.Factors) == 0 {
		t.Fatalf("no checkpoint after the failure: %v", err)
	}
	if _, err := os.Stat(directory.CacheFile(dir, sim.URL())); !os.IsNotExist(err) {
		t.Errorf("a failed scan wrote the cache file: %v", err)
	}

	faults.Clear()
	sim.ResetRequests()
	stderr.Reset()
	if code := runSnapshot(t.Context(), args, &stdout, &stderr, simEnv(sim)); code != exitOK {
		t.Fatalf("resumed: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "resuming the scan started") {
		t.Errorf("stderr of the resumed run: %s", stderr.String())
	}
	for _, id := range factorReads(sim) {
		if _, done := checkpoint.Factors[id]; done {
			t.Errorf("the resumed run read the factors of %s again", id)
		}
	}
	c, err := directory.ReadCompactFile(directory.CacheFile(dir, sim.URL()))
	if err != nil || c == nil || !c.TakenAt.Equal(checkpoint.TakenAt) {
		t.Fatalf("the resumed snapshot: %v (dated %v, want the first run's %v)", err, c, checkpoint.TakenAt)
	}
	if _, err := os.Stat(directory.CheckpointFile(dir, sim.URL())); !os.IsNotExist(err) {
		t.Errorf("the checkpoint outlived the resumed scan: %v", err)
	}
}

// Ctrl-C: the context ends, the checkpoint is kept and the status is 130.
func TestSnapshotInterrupted(t *testing.T) {
	sim := startSim(t, 100, nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var stdout, stderr bytes.Buffer
	if code := runSnapshot(ctx, []string{"--cache-dir", t.TempDir()}, &stdout, &stderr, simEnv(sim)); code != exitInterrupted {
		t.Fatalf("exit %d, want %d: %s", code, exitInterrupted, stderr.String())
	}
}

func TestSnapshotUsage(t *testing.T) {
	sim := startSim(t, 10, nil)
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	none := func(string) string { return "" }
	for _, tc := range []struct {
		name string
		args []string
		env  func(string) string
		want string
	}{
		{"no cache dir", nil, simEnv(sim), "--cache-dir is required"},
		{"no org", []string{"--cache-dir", "d"}, none, "no Okta org: set OKTA_ORG_URL"},
		{"no credential", []string{"--cache-dir", "d", "--org-url", sim.URL()}, none, "no Okta credentials: set OKTA_API_TOKEN"},
		{"http org", []string{"--cache-dir", "d", "--org-url", "http://acme.okta.com"}, simEnv(sim), "only https is allowed"},
		{"bad progress", []string{"--cache-dir", "d", "--progress", "fancy"}, simEnv(sim), "--progress must be auto, bar, lines or none"},
		{"bad key file", []string{"--cache-dir", "d", "--private-key-file", file, "--client-id", "0oa1"}, simEnv(sim), "--private-key-file " + file + ": the private key is empty"},
		{"unwritable dir", []string{"--cache-dir", filepath.Join(file, "sub")}, simEnv(sim), "cannot be written"},
		{"argument", []string{"--cache-dir", "d", "extra"}, simEnv(sim), `unexpected argument "extra"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runSnapshot(t.Context(), tc.args, &stdout, &stderr, tc.env); code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), exitUsage, tc.want)
			}
		})
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"snapshot", "-h"}, &stdout, &stderr, time.Now); code != exitOK || !strings.Contains(stderr.String(), "Exit status: 0 written") {
		t.Errorf("-h: exit %d: %s", code, stderr.String())
	}
}

func TestProgressBar(t *testing.T) {
	r := directory.ProgressReport{UsersRead: 25, UsersTotal: 100, TotalExact: true, Remaining: 90 * time.Second, ETA: time.Date(2026, 1, 1, 12, 30, 0, 0, time.UTC)}
	got := progressBar(r, 8)
	if want := "[##......]  25.0% users 25/100  ~1m30s left (ends 12:30)"; !strings.HasPrefix(got, want) {
		t.Errorf("bar %q, want prefix %q", got, want)
	}
}
