package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Exit statuses of `oktagate snapshot` beyond exitOK, exitError (the scan
// failed: Okta refused or the network failed; the checkpoint is kept) and
// exitUsage (a flag, the environment or the cache directory is unusable).
const (
	exitInterrupted = 130 // interrupted (Ctrl-C, SIGTERM); the checkpoint is kept
)

const snapshotUsage = `Usage: oktagate snapshot --cache-dir DIR [flags]

Takes an org's first full snapshot outside Terraform and writes it where
oktagate_snapshot's cache_dir reads it, so that the first terraform plan of a
large org starts from it instead of reading every user's factors (one request
per user: about 100 minutes for 100k users at Okta's Workforce limits).

    oktagate snapshot --cache-dir .oktagate-cache
    # then, in the configuration:
    resource "oktagate_snapshot" "org" { cache_dir = ".oktagate-cache" }

The org and the credential are read as the provider reads them: OKTA_ORG_URL
(or OKTA_ORG_NAME with OKTA_BASE_URL), and OKTA_API_TOKEN, or
OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY, OKTA_API_PRIVATE_KEY_ID and
OKTA_API_SCOPES for private_key_jwt; a flag wins over its variable. There is
no flag for the API token, so that it never shows in a process list.

Progress goes to stderr: a live bar on a terminal, a line every
--progress-every otherwise (CI logs), with the users whose factors are read of
the total, the requests per rate-limit bucket with the org's limits, and the
estimated end. The scan checkpoints into DIR every --checkpoint-every and on
Ctrl-C or failure: run the same command again and it resumes, without reading
again any user's factors it has. The snapshot is dated from the first run's
start, and the first plan replays the System Log from then.

Exit status: 0 written; 1 the scan failed (Okta or the network; the
checkpoint is kept, run again to resume); 2 a flag, the environment or DIR is
unusable; 130 interrupted (the checkpoint is kept, run again to resume).

Flags:
`

type snapshotFlags struct {
	cacheDir        string
	orgURL          string
	clientID        string
	privateKeyFile  string
	privateKeyID    string
	scopes          string
	capacity        int
	concurrency     int
	timeout         time.Duration
	retries         int
	maxWait         time.Duration
	progress        string
	progressEvery   time.Duration
	checkpointEvery time.Duration
	fresh           bool
}

func runSnapshot(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("oktagate snapshot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f snapshotFlags
	fs.StringVar(&f.cacheDir, "cache-dir", "", "the directory oktagate_snapshot's cache_dir names (created when missing; required)")
	fs.StringVar(&f.orgURL, "org-url", "", "the org, e.g. https://acme.okta.com (default $"+okta.EnvOrgURL+", or $"+okta.EnvOrgName+" with $"+okta.EnvBaseURL+")")
	fs.StringVar(&f.clientID, "client-id", "", "the OAuth service app's client id, for private_key_jwt (default $"+okta.EnvClientID+")")
	fs.StringVar(&f.privateKeyFile, "private-key-file", "", "a file holding the PEM private key, for private_key_jwt (default the key in $"+okta.EnvPrivateKey+")")
	fs.StringVar(&f.privateKeyID, "private-key-id", "", "the key's kid, when the app has several (default $"+okta.EnvPrivateKeyID+")")
	fs.StringVar(&f.scopes, "scopes", "", "the app's granted scopes, comma separated, for private_key_jwt (default $"+okta.EnvScopes+")")
	fs.IntVar(&f.capacity, "max-api-capacity", 0, "percent of each rate-limit bucket to use, 1-100, like the provider's max_api_capacity (default $"+okta.EnvMaxAPICapacity+", else 50)")
	fs.IntVar(&f.concurrency, "max-concurrency", okta.DefaultMaxConcurrency, "requests in flight at once, like max_concurrency")
	fs.DurationVar(&f.timeout, "request-timeout", okta.DefaultRequestTimeout, "timeout of one HTTP attempt, like request_timeout")
	fs.IntVar(&f.retries, "max-retries", okta.DefaultMaxRetries, "retries of a 429, 5xx or dropped connection, like max_retries")
	fs.DurationVar(&f.maxWait, "max-rate-limit-wait", okta.DefaultMaxRateLimitWait, "the furthest a rate-limit reset may lie to be waited for, like max_rate_limit_wait")
	fs.StringVar(&f.progress, "progress", "auto", "how to show progress: bar (redrawn in place), lines (one every --progress-every), none, or auto (bar on a terminal, lines otherwise)")
	fs.DurationVar(&f.progressEvery, "progress-every", 30*time.Second, "how often a progress line is written when not drawing a bar")
	fs.DurationVar(&f.checkpointEvery, "checkpoint-every", time.Minute, "how often the scan so far is saved into --cache-dir to resume from")
	fs.BoolVar(&f.fresh, "fresh", false, "ignore a checkpoint in --cache-dir and scan from the start")
	fs.Usage = func() {
		_, _ = fmt.Fprint(stderr, snapshotUsage)
		fs.PrintDefaults()
	}
	usageErr := func(format string, a ...any) int {
		_, _ = fmt.Fprintf(stderr, "oktagate snapshot: "+format+"\n", a...)
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		return usageErr("unexpected argument %q: the command takes flags only", fs.Arg(0))
	case strings.TrimSpace(f.cacheDir) == "":
		return usageErr("--cache-dir is required: the directory the configuration's oktagate_snapshot names in cache_dir")
	case f.progress != "auto" && f.progress != "bar" && f.progress != "lines" && f.progress != "none":
		return usageErr("--progress must be auto, bar, lines or none, not %q", f.progress)
	case f.progressEvery <= 0 || f.checkpointEvery <= 0:
		return usageErr("--progress-every and --checkpoint-every must be positive durations, e.g. 30s")
	case f.concurrency < 1:
		return usageErr("--max-concurrency must be at least 1")
	case f.timeout <= 0 || f.maxWait <= 0:
		return usageErr("--request-timeout and --max-rate-limit-wait must be positive durations")
	case f.capacity != 0 && (f.capacity < 1 || f.capacity > 100):
		return usageErr("--max-api-capacity must be between 1 and 100 (percent), got %d", f.capacity)
	}
	cfg := okta.Config{
		OrgURL: f.orgURL, ClientID: f.clientID, PrivateKeyID: f.privateKeyID, Scopes: okta.SplitScopes(f.scopes),
		MaxAPICapacity: f.capacity, MaxConcurrency: f.concurrency, RequestTimeout: f.timeout,
		MaxRetries: f.retries, MaxRateLimitWait: f.maxWait,
		UserAgentExtra: "oktagate-snapshot/" + version,
	}
	if f.retries == 0 {
		cfg.MaxRetries = -1 // asked for none; zero would mean the default
	}
	if f.privateKeyFile != "" {
		b, err := os.ReadFile(f.privateKeyFile)
		if err != nil {
			return usageErr("--private-key-file: %v", unwrapPath(err))
		}
		if _, err := okta.ParsePrivateKey(string(b)); err != nil {
			return usageErr("--private-key-file %s: %v", f.privateKeyFile, err)
		}
		cfg.PrivateKey = string(b)
	}
	cfg, err := okta.ConfigFromEnv(cfg, getenv)
	if err != nil {
		return usageErr("%v", err)
	}
	client, err := okta.New(cfg)
	if err != nil {
		return usageErr("%v", err)
	}
	// Find out now, not after an hour of scanning, that DIR cannot be written.
	if err := directory.WriteFileAtomic(directory.CheckpointFile(f.cacheDir, cfg.OrgURL)+".probe", nil); err != nil {
		return usageErr("--cache-dir %s cannot be written: %v", f.cacheDir, unwrapPath(err))
	}
	_ = os.Remove(directory.CheckpointFile(f.cacheDir, cfg.OrgURL) + ".probe")

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	return snapshotScan(ctx, f, cfg, client, stdout, stderr)
}

func snapshotScan(ctx context.Context, f snapshotFlags, cfg okta.Config, client *okta.Client, stdout, stderr io.Writer) int {
	say := func(format string, a ...any) { _, _ = fmt.Fprintf(stderr, "oktagate snapshot: "+format+"\n", a...) }
	start := time.Now()
	progress := directory.NewProgress(time.Now, client.BucketUsage)
	snap := directory.New(client, directory.Options{Concurrency: cfg.MaxConcurrency, Progress: progress})
	md, err := snap.Org(ctx)
	if err != nil {
		say("reading the org: %v", err)
		return failStatus(ctx)
	}
	checkpointPath := directory.CheckpointFile(f.cacheDir, cfg.OrgURL)
	var resume *directory.Compact
	if !f.fresh {
		c, err := directory.ReadCompactFile(checkpointPath)
		switch {
		case err != nil:
			say("the checkpoint %s cannot be read (%v): scanning from the start", checkpointPath, err)
		case c != nil:
			if why := directory.ResumeUnusable(c, md.ID, snap.PlanTime()); why != "" {
				say("the checkpoint %s cannot be resumed (%s): scanning from the start", checkpointPath, why)
			} else {
				resume = c
				say("resuming the scan started %s: %d users' factors already read", c.TakenAt.Format(time.RFC3339), len(c.Factors))
			}
		}
	}
	takenAt := snap.PlanTime()
	if resume != nil {
		takenAt = resume.TakenAt
	}
	say("scanning %s (org %s) into %s", cfg.OrgURL, md.ID, f.cacheDir)

	checkpoint := func() {
		data, err := snap.Checkpoint(md.ID, takenAt).Encode()
		if err == nil {
			err = directory.WriteFileAtomic(checkpointPath, data)
		}
		if err != nil {
			say("could not save the checkpoint: %v", err)
		}
	}
	display := newProgressDisplay(stderr, f.progress, f.progressEvery)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		draw := time.NewTicker(display.every)
		save := time.NewTicker(f.checkpointEvery)
		defer draw.Stop()
		defer save.Stop()
		for {
			select {
			case <-done:
				return
			case <-draw.C:
				display.show(progress.Report())
			case <-save.C:
				checkpoint()
			}
		}
	}()
	c, err := snap.Scan(ctx, directory.ScanInput{OrgID: md.ID, Resume: resume})
	close(done)
	wg.Wait()
	display.finish(progress.Report())
	if err != nil {
		checkpoint()
		if ctx.Err() != nil {
			say("interrupted; the scan so far is saved in %s: run the same command again to resume", checkpointPath)
			return exitInterrupted
		}
		say("the scan failed: %v\nThe scan so far is saved in %s: run the same command again to resume.", err, checkpointPath)
		return exitError
	}
	data, err := c.Encode()
	if err != nil {
		say("encoding the snapshot: %v", err)
		return exitError
	}
	path := directory.CacheFile(f.cacheDir, cfg.OrgURL)
	if err := directory.WriteCacheFile(f.cacheDir, cfg.OrgURL, data); err != nil {
		say("writing the snapshot: %v", unwrapPath(err))
		return exitError
	}
	_ = os.Remove(checkpointPath)
	users, factors, groups, apps := c.Counts()
	var requests int64
	for _, b := range client.BucketUsage() {
		requests += b.Requests
	}
	_, _ = fmt.Fprintf(stdout, "%s: %d users, %d factors, %d groups, %d apps, as of %s; %d requests in %s; wrote %s\n",
		md.ID, users, factors, groups, apps, c.Cursor.Format(time.RFC3339), requests, time.Since(start).Round(time.Second), path)
	return exitOK
}

// failStatus is exitInterrupted when the run was interrupted, exitError otherwise.
func failStatus(ctx context.Context) int {
	if ctx.Err() != nil {
		return exitInterrupted
	}
	return exitError
}

// progressDisplay draws progress on stderr: a bar redrawn in place on a
// terminal, a line at a time elsewhere.
type progressDisplay struct {
	w     io.Writer
	bar   bool
	none  bool
	every time.Duration
	drawn bool
}

func newProgressDisplay(w io.Writer, mode string, every time.Duration) *progressDisplay {
	if mode == "auto" {
		mode = "lines"
		if isTerminal(w) {
			mode = "bar"
		}
	}
	d := &progressDisplay{w: w, bar: mode == "bar", none: mode == "none", every: every}
	if d.bar {
		d.every = time.Second
	}
	return d
}

func (d *progressDisplay) show(r directory.ProgressReport) {
	switch {
	case d.none:
	case d.bar:
		_, _ = fmt.Fprint(d.w, "\r\x1b[K"+progressBar(r, 30))
		d.drawn = true
	default:
		_, _ = fmt.Fprintln(d.w, "oktagate snapshot: "+r.String())
	}
}

func (d *progressDisplay) finish(r directory.ProgressReport) {
	if d.none {
		return
	}
	if d.bar && d.drawn {
		_, _ = fmt.Fprint(d.w, "\r\x1b[K")
	}
	_, _ = fmt.Fprintln(d.w, "oktagate snapshot: "+r.String())
}

// progressBar is one line: the bar, users read of the total, the estimated
// end and the requests per bucket.
func progressBar(r directory.ProgressReport, width int) string {
	filled := int(r.Percent() / 100 * float64(width))
	filled = max(0, min(filled, width))
	return fmt.Sprintf("[%s%s] %5.1f%% users %d/%s  ~%s left (ends %s)  requests: %s",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), r.Percent(),
		r.UsersRead, r.Total(), r.Remaining, r.ETA.Format("15:04"), r.RequestsLine())
}

// isTerminal reports whether w is a character device (a terminal), without a
// dependency: a pipe, a file or a CI log is not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
