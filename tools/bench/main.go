// Command bench is what `make bench` runs: for generated orgs of 1k, 10k and
// 100k users it starts the Okta simulator in process, with Okta's Workforce
// limits scaled in time (the same numbers per second instead of per minute),
// a per-request latency and Okta's concurrency cap, points Terraform at a local
// build of the provider through dev_overrides in a temporary CLI configuration,
// runs the real `terraform plan` on tools/bench/config (every data source and
// every check), and writes BENCHMARKS.md: requests per bucket, wall time, the
// rate-limit floor, wall ÷ floor, the provider's peak RSS and the plan JSON
// size. `go run ./tools/bench -phase snapshot -sizes 100000 -max-concurrency
// 75` runs only `oktagate snapshot` of the sizes given and the first plan
// from its cache_dir (snapshot.go), and prints what it measured.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

const providerBinary = "terraform-provider-oktagate"

type options struct {
	sizes          []int
	latency        time.Duration
	window         time.Duration
	capacity       int // the provider's max_api_capacity (its default)
	concurrency    int // Okta's concurrency cap
	maxConcurrency int // the provider's max_concurrency; 0 keeps its default
	out            string
	configDir      string
	seed           int64
	apps, groups   int           // the generated org's; 0: the generator's 300 and 200
	budget         time.Duration // stop starting sizes once this is spent
	timeline       string        // CSV of the first plan's requests, for diagnosis
	replan         bool          // apply, churn and re-plan after the first plan
	churn          float64       // share of users the churn changes before the re-plan
	keep           bool          // keep the working directories (plans, state) for inspection
	phase          string        // "plan" (the report) or "snapshot" (snapshot.go)
}

func main() {
	var o options
	sizes := flag.String("sizes", "1000,10000,100000", "comma-separated user counts")
	flag.DurationVar(&o.latency, "latency", 20*time.Millisecond, "latency the simulator adds to every request")
	flag.DurationVar(&o.window, "window", time.Second, "rate-limit window (Okta: a minute)")
	flag.IntVar(&o.capacity, "capacity", 50, "max_api_capacity the provider runs with (percent; the floor is computed for it)")
	flag.IntVar(&o.concurrency, "concurrency", ratelimit.DefaultConcurrency, "the simulator's concurrency cap (Okta Workforce: 75)")
	flag.IntVar(&o.maxConcurrency, "max-concurrency", 0, "the provider's max_concurrency (0: its default)")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "report to write ('' or '-': stdout only)")
	flag.StringVar(&o.configDir, "config", filepath.Join("tools", "bench", "config"), "Terraform configuration to plan")
	flag.Int64Var(&o.seed, "seed", 1, "generator seed")
	flag.IntVar(&o.apps, "apps", 0, "apps in the generated org (0: 300)")
	flag.IntVar(&o.groups, "groups", 0, "groups in the generated org (0: 200)")
	flag.StringVar(&o.timeline, "timeline", "", "write each first-plan request (seconds from the start, bucket, status, method, path) to this CSV file, per size (the size is added to the name)")
	flag.BoolVar(&o.replan, "replan", true, "also apply, churn 1% and re-plan (false: the first plan only, for profiling)")
	flag.Float64Var(&o.churn, "churn", 0.01, "share of users changed before the re-plan (0: a re-plan of an unchanged org; the report is written for 0.01)")
	flag.BoolVar(&o.keep, "keep", false, "keep the working directories (configuration, state, saved plans) and print where, for inspection")
	flag.DurationVar(&o.budget, "budget", 14*time.Minute, "skip the sizes left once this much time is spent")
	flag.StringVar(&o.phase, "phase", "plan", "plan: the first plan, apply and re-plan of each size, written to -out; snapshot: only `oktagate snapshot` of each size and the first plan after it (its factor requests), printed")
	flag.Parse()
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "bench: bad size %q\n", s)
			os.Exit(2)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.phase != "plan" && o.phase != "snapshot" {
		fmt.Fprintf(os.Stderr, "bench: -phase must be plan or snapshot, not %q\n", o.phase)
		os.Exit(2)
	}
	if o.phase == "snapshot" {
		if err := runSnapshotPhase(o); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if _, err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run measures every size and writes the report; it returns the measurements.
func run(o options) ([]result, error) {
	started := time.Now()
	tfBin, err := findTerraform()
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "oktagate-bench-")
	if err != nil {
		return nil, err
	}
	defer func() {
		if o.keep {
			fmt.Fprintln(os.Stderr, "bench: kept", work)
			return
		}
		_ = os.RemoveAll(work)
	}()

	cliConfig, err := buildProvider(work)
	if err != nil {
		return nil, err
	}
	tfVersion := terraformVersion(tfBin)

	var results []result
	var skipped []int
	for _, n := range o.sizes {
		if len(results) > 0 && time.Since(started) > o.budget {
			skipped = append(skipped, n)
			continue
		}
		step(fmt.Sprintf("%d users", n))
		r, err := runSize(o, n, tfBin, cliConfig, work)
		if err != nil {
			return nil, fmt.Errorf("%d users: %w", n, err)
		}
		r.print()
		results = append(results, r)
		runtime.GC()
	}
	missing, err := uncheckedChecks(tfBin, cliConfig, work, o.configDir)
	if err != nil {
		return nil, err
	}
	report := renderReport(o, results, skipped, missing, tfVersion)
	if o.out == "" || o.out == "-" {
		fmt.Print(report)
		return results, nil
	}
	if err := os.WriteFile(o.out, []byte(report), 0o644); err != nil {
		return nil, err
	}
	fmt.Printf("\nwrote %s in %s\n", o.out, time.Since(started).Round(time.Second))
	return results, nil
}

// buildProvider builds the provider into work and returns a CLI configuration
// whose dev_overrides point Terraform at it.
func buildProvider(work string) (string, error) {
	step("Building the provider")
	pluginDir := filepath.Join(work, "plugins")
	build := exec.Command("go", "build", "-o", filepath.Join(pluginDir, providerBinary), ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building the provider: %w", err)
	}
	build = exec.Command("go", "build", "-o", filepath.Join(work, "oktagate"), "./cmd/oktagate")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building the oktagate command: %w", err)
	}
	cliConfig := filepath.Join(work, "terraformrc")
	// Both hosts: OpenTofu resolves oktagate/oktagate to registry.opentofu.org
	// (TF_ACC_TERRAFORM_PATH may name a tofu binary).
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/oktagate/oktagate", pluginDir, "registry.opentofu.org/oktagate/oktagate", pluginDir)
	return cliConfig, os.WriteFile(cliConfig, []byte(cfg), 0o600)
}

// result is one size's measurements.
type result struct {
	users, groups, apps, appUsers, factors int
	appUserLists                           int                      // requests for /api/v1/apps/{id}/users pages
	beyond                                 beyond                   // the requests beyond the factor lists, accounted for
	buckets                                map[string]int           // requests per bucket
	first, last                            map[string]time.Duration // per bucket label, since the plan started
	rejected                               map[string]int           // 429s per bucket
	wall                                   time.Duration
	floor                                  floor
	rssKiB                                 int64 // provider peak RSS (largest VmHWM of its processes)
	providerCPU                            time.Duration
	planJSON                               int64
	generate                               time.Duration
	report                                 reportRun
	incr                                   incremental
}

// reportRun is `oktagate report` of the first plan's JSON: what an auditor's
// package of a large org costs to make.
type reportRun struct {
	wall, cpu time.Duration
	rssKiB    int64
	sizes     map[string]int64 // output file name -> bytes
}

// incremental is the snapshot's second life: the apply that stores it, 1%
// churn, and the plan that replays the log.
type incremental struct {
	applyWall     time.Duration
	applyRequests int
	churned       int // users changed
	events        int // System Log events the churn wrote
	replanWall    time.Duration
	replanCPU     cpuSplit
	replanJSON    time.Duration  // the same re-plan with -json: no diff drawn
	replan        map[string]int // requests per bucket label
	agrees        string         // whether the re-plan's checks equal a full scan's ("" not compared)
}

func (i incremental) replanRequests() int { return sum(i.replan) }

func (r result) total() int {
	t := 0
	for _, n := range r.buckets {
		t += n
	}
	return t
}

// beyondFactors is every request that is not a per-user factor list.
func (r result) beyondFactors() int { return r.total() - r.factorRequests() }

func (r result) factorRequests() int { return r.buckets["user factors"] }

func (r result) print() {
	fmt.Printf("  wall %s, floor %s (%s), wall/floor %.2f, requests %d (%d beyond factors = %.2f%% of users), 429s %d\n",
		r.wall.Round(10*time.Millisecond), r.floor.total.Round(10*time.Millisecond), r.floor.bound,
		r.ratio(), r.total(), r.beyondFactors(), 100*float64(r.beyondFactors())/float64(r.users), sum(r.rejected))
	fmt.Printf("  provider peak RSS %.0f MiB, CPU %s; plan JSON %.1f MiB\n",
		float64(r.rssKiB)/1024, r.providerCPU.Round(10*time.Millisecond), float64(r.planJSON)/(1<<20))
	fmt.Printf("  oktagate report of the plan JSON: %s (CPU %s, peak RSS %.0f MiB), report.html %.2f MiB, evidence-package.zip %.2f MiB\n",
		r.report.wall.Round(10*time.Millisecond), r.report.cpu.Round(10*time.Millisecond), float64(r.report.rssKiB)/1024,
		float64(r.report.sizes["report.html"])/(1<<20), float64(r.report.sizes["evidence-package.zip"])/(1<<20))
	fmt.Printf("  apply %d requests; %d users changed, %d events; re-plan %d requests (%.2f%% of the first plan) in %s (CPU: provider %s, Terraform %s); agrees with a full scan: %s\n",
		r.incr.applyRequests, r.incr.churned, r.incr.events, r.incr.replanRequests(),
		100*float64(r.incr.replanRequests())/float64(max(r.total(), 1)), r.incr.replanWall.Round(10*time.Millisecond),
		r.incr.replanCPU.provider.Round(10*time.Millisecond), r.incr.replanCPU.terraform.Round(10*time.Millisecond), r.incr.agrees)
	for _, b := range sortedKeys(r.buckets) {
		fmt.Printf("    %-14s %7d  floor %-8s busy %.2f–%.2f s\n", b, r.buckets[b], r.floor.perBucket[bucketOf(b)].Round(10*time.Millisecond),
			r.first[b].Seconds(), r.last[b].Seconds())
	}
}

func (r result) ratio() float64 {
	if r.floor.total <= 0 {
		return 0
	}
	return r.wall.Seconds() / r.floor.total.Seconds()
}

// runReport runs `oktagate report` over the first plan's JSON in dir and
// measures it: wall, CPU, peak RSS and the size of each file it writes.
func runReport(bin, dir string) (reportRun, error) {
	out := filepath.Join(dir, "report")
	cmd := exec.Command(bin, "report", "--out", out, "bench.plan.json")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	mon := startMonitorOf(filepath.Base(bin))
	start := time.Now()
	err := cmd.Run()
	rr := reportRun{wall: time.Since(start), sizes: map[string]int64{}}
	rr.rssKiB, _ = mon.stop()
	if err != nil {
		return rr, fmt.Errorf("oktagate report: %w\n%s", err, stderr.String())
	}
	rr.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	entries, err := os.ReadDir(out)
	if err != nil {
		return rr, err
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && !e.IsDir() {
			rr.sizes[e.Name()] = info.Size()
		}
	}
	return rr, nil
}

func runSize(o options, n int, tfBin, cliConfig, work string) (result, error) {
	now := time.Now().UTC()
	t0 := time.Now()
	org := fixtures.Generate(fixtures.GenerateOptions{Users: n, Groups: o.groups, Apps: o.apps, Seed: o.seed, Now: now})
	r := result{users: len(org.Users), groups: len(org.Groups), apps: len(org.Apps), generate: time.Since(t0)}
	for _, a := range org.Apps {
		r.appUsers += len(a.Users)
	}
	for _, fs := range org.Factors {
		r.factors += len(fs)
	}
	vars, err := pickVariables(org, now)
	if err != nil {
		return r, err
	}
	sim, err := oktasim.Start(oktasim.Options{Org: org, Window: o.window, Latency: o.latency, Concurrency: o.concurrency})
	if err != nil {
		return r, fmt.Errorf("starting the simulator: %w", err)
	}
	defer sim.Close()

	dir := filepath.Join(work, fmt.Sprintf("config-%d", n))
	if err := copyTF(o.configDir, dir); err != nil {
		return r, err
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_DATA_DIR="+filepath.Join(dir, ".terraform"),
		"OKTA_ORG_URL="+sim.URL(),
		"OKTA_API_TOKEN="+sim.AdminToken(),
		"OKTA_MAX_API_CAPACITY="+strconv.Itoa(o.capacity),
	)
	for k, v := range vars {
		env = append(env, "TF_VAR_"+k+"="+v)
	}
	if o.maxConcurrency > 0 {
		env = append(env, "TF_VAR_max_concurrency="+strconv.Itoa(o.maxConcurrency))
	}

	mon := startMonitor()
	start := time.Now()
	out, err := terraform(tfBin, dir, env, "plan", "-input=false", "-lock=false", "-out=bench.tfplan")
	r.wall = time.Since(start)
	r.rssKiB, r.providerCPU = mon.stop()
	if err != nil {
		return r, fmt.Errorf("terraform plan: %w\n%s", err, tail(out))
	}

	r.buckets, r.rejected = map[string]int{}, map[string]int{}
	r.first, r.last = map[string]time.Duration{}, map[string]time.Duration{}
	perBucket := map[string]int{}
	recs := sim.Requests() // a copy of the log: take it once
	for _, rec := range recs {
		perBucket[rec.Bucket]++
		if rec.Status == 429 {
			r.rejected[rec.Bucket]++
		}
		b := bucketLabel(rec)
		at := rec.Time.Sub(start)
		if f, ok := r.first[b]; !ok || at < f {
			r.first[b] = at
		}
		r.last[b] = max(r.last[b], at)
		r.buckets[b]++
		if rec.Bucket == ratelimit.Apps && strings.HasSuffix(rec.Path, "/users") {
			r.appUserLists++
		}
	}
	r.floor = computeFloor(perBucket, r.total(), o)
	r.beyond = accountBeyondFactors(org, recs)
	if o.timeline != "" {
		if err := writeTimeline(o.timeline, n, start, recs); err != nil {
			return r, err
		}
	}

	show := exec.Command(tfBin, "show", "-json", "bench.tfplan")
	show.Dir, show.Env = dir, env
	planFile, err := os.Create(filepath.Join(dir, "bench.plan.json"))
	if err != nil {
		return r, err
	}
	cw := &countingWriter{}
	show.Stdout, show.Stderr = io.MultiWriter(cw, planFile), os.Stderr
	err = show.Run()
	if cerr := planFile.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return r, fmt.Errorf("terraform show -json: %w", err)
	}
	r.planJSON = cw.n
	if r.report, err = runReport(filepath.Join(work, "oktagate"), dir); err != nil {
		return r, err
	}

	if !o.replan {
		return r, nil
	}
	if err := runIncremental(o, &r, org, sim, tfBin, dir, env); err != nil {
		return r, err
	}
	if !o.keep {
		_ = os.RemoveAll(dir)
	}
	return r, nil
}

// runIncremental applies the saved plan (storing the snapshot in the state),
// changes 1% of the users with their System Log events, and plans again. For
// orgs up to 10k users it also plans from scratch and compares every check's
// violations with the re-plan's.
func runIncremental(o options, r *result, org *oktasim.Org, sim *oktasim.Server, tfBin, dir string, env []string) error {
	sim.ResetRequests()
	start := time.Now()
	if out, err := terraform(tfBin, dir, env, "apply", "-input=false", "-lock=false", "-auto-approve", "bench.tfplan"); err != nil {
		return fmt.Errorf("terraform apply: %w\n%s", err, tail(out))
	}
	r.incr.applyWall, r.incr.applyRequests = time.Since(start), len(sim.Requests())

	logsBefore := len(org.Logs)
	if o.churn > 0 {
		rep := fixtures.Churn(org, fixtures.ChurnOptions{Fraction: o.churn, Seed: o.seed, Now: time.Now(), Span: time.Second})
		r.incr.churned = len(rep.UserIDs())
	}
	r.incr.events = len(org.Logs) - logsBefore
	// The re-plan reads the log up to the start of its own second.
	time.Sleep(2 * time.Second)

	sim.ResetRequests()
	mon := startMonitor()
	start = time.Now()
	out, total, err := terraformCPU(tfBin, dir, env, "plan", "-input=false", "-lock=false", "-out=replan.tfplan")
	r.incr.replanWall = time.Since(start)
	_, r.incr.replanCPU.provider = mon.stop()
	r.incr.replanCPU.terraform = max(total-r.incr.replanCPU.provider, 0)
	if err != nil {
		return fmt.Errorf("terraform plan after churn: %w\n%s", err, tail(out))
	}
	r.incr.replan = map[string]int{}
	for _, rec := range sim.Requests() {
		r.incr.replan[bucketLabel(rec)]++
	}
	// The same re-plan (nothing was applied, so it replays the same window)
	// with -json: Terraform streams its messages and draws no diff, which
	// measures what drawing the checks' changed lists costs.
	start = time.Now()
	if out, err := terraform(tfBin, dir, env, "plan", "-json", "-input=false", "-lock=false", "-out=replan-json.tfplan"); err != nil {
		return fmt.Errorf("terraform plan -json after churn: %w\n%s", err, tail(out))
	}
	r.incr.replanJSON = time.Since(start)
	if r.users > 10000 {
		return nil
	}
	replanned, err := checkViolations(tfBin, dir, env, "replan.tfplan")
	if err != nil {
		return err
	}
	fresh := dir + "-fresh"
	if err := copyTF(o.configDir, fresh); err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(fresh) }()
	freshEnv := append(slices.Clone(env), "TF_DATA_DIR="+filepath.Join(fresh, ".terraform"))
	if out, err := terraform(tfBin, fresh, freshEnv, "plan", "-input=false", "-lock=false", "-out=fresh.tfplan"); err != nil {
		return fmt.Errorf("terraform plan from scratch: %w\n%s", err, tail(out))
	}
	scanned, err := checkViolations(tfBin, fresh, freshEnv, "fresh.tfplan")
	if err != nil {
		return err
	}
	r.incr.agrees = "yes"
	for addr, v := range scanned {
		if replanned[addr] != v {
			r.incr.agrees = "**no**: " + addr
			break
		}
	}
	return nil
}

func terraform(tfBin, dir string, env []string, args ...string) (string, error) {
	out, _, err := terraformCPU(tfBin, dir, env, args...)
	return out, err
}

// cpuSplit is where a Terraform run's CPU went: the provider's processes
// (read from /proc while it runs) and Terraform itself (its rusage, which
// counts the providers it waited for, less theirs).
type cpuSplit struct{ provider, terraform time.Duration }

// terraformCPU runs terraform like terraform() and also returns the CPU
// time of the run, Terraform's own and its children's.
func terraformCPU(tfBin, dir string, env []string, args ...string) (string, time.Duration, error) {
	cmd := exec.Command(tfBin, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	return out.String(), cpu, err
}

// checkViolations returns each check's planned violations (as JSON) from a
// saved plan.
func checkViolations(tfBin, dir string, env []string, planFile string) (map[string]string, error) {
	cmd := exec.Command(tfBin, "show", "-json", planFile)
	cmd.Dir, cmd.Env = dir, env
	raw, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("terraform show -json %s: %w", planFile, err)
	}
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Type    string `json:"type"`
			Change  struct {
				After map[string]json.RawMessage `json:"after"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(raw, &plan); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, rc := range plan.ResourceChanges {
		if isCheck(rc.Type) {
			out[rc.Address] = string(rc.Change.After["violations"])
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s plans no check", planFile)
	}
	return out, nil
}

// pickVariables chooses the inputs the configuration needs from the org: three
// leavers (past their date, so the offboarding check reads every app's and
// group's assignments), an ACTIVE app with a group assignment to review.
func pickVariables(org *oktasim.Org, now time.Time) (map[string]string, error) {
	vars := map[string]string{
		"reviewed_on": now.AddDate(0, 0, -20).Format(time.DateOnly),
		"log_since":   now.AddDate(0, 0, -7).Format(time.RFC3339),
	}
	type leaver struct {
		Login string `json:"login"`
		Date  string `json:"date"`
	}
	var leavers []leaver
	for _, u := range org.Users[4:] {
		if len(leavers) == 3 {
			break
		}
		if u.Status == "ACTIVE" || u.Status == "SUSPENDED" || u.Status == "DEPROVISIONED" {
			login, _ := u.Profile["login"].(string)
			leavers = append(leavers, leaver{Login: login, Date: now.AddDate(0, 0, -10).Format(time.DateOnly)})
		}
	}
	b, err := json.Marshal(leavers)
	if err != nil {
		return nil, err
	}
	vars["offboarded"] = string(b)
	groupName := map[string]string{}
	for _, g := range org.Groups {
		groupName[g.ID] = g.Name
	}
	labels := map[string]int{}
	for _, a := range org.Apps {
		labels[a.Label]++
	}
	for _, a := range org.Apps {
		if a.Status == "ACTIVE" && len(a.Groups) > 0 && labels[a.Label] == 1 {
			vars["review_app_label"] = a.Label
			vars["review_group_name"] = groupName[a.Groups[0].GroupID]
			return vars, nil
		}
	}
	return nil, errors.New("the generated org has no ACTIVE app with a group assignment")
}

// floor is the least time the requests made could take: each bucket's
// requests at its allowed rate (limit × max_api_capacity per window), and all
// requests at the latency with the allowed concurrency (Okta's cap ×
// max_api_capacity). The largest wins.
type floor struct {
	perBucket   map[string]time.Duration
	concurrency time.Duration
	total       time.Duration
	bound       string
}

func computeFloor(perBucket map[string]int, total int, o options) floor {
	f := floor{perBucket: map[string]time.Duration{}}
	for b, n := range perBucket {
		limit := ratelimit.WorkforceLimits[b]
		if limit == 0 {
			limit = ratelimit.WorkforceLimits[ratelimit.Other]
		}
		share := max(limit*o.capacity/100, 1)
		d := time.Duration(float64(n) / float64(share) * float64(o.window))
		f.perBucket[b] = d
		if d > f.total {
			f.total, f.bound = d, "bucket "+b
		}
	}
	conc := max(o.concurrency*o.capacity/100, 1)
	f.concurrency = time.Duration(float64(total) * float64(o.latency) / float64(conc))
	if f.concurrency > f.total {
		f.total, f.bound = f.concurrency, fmt.Sprintf("concurrency %d × latency", conc)
	}
	return f
}

// bucketLabel is the request's rate-limit bucket, with the per-user factor
// lists (in the user bucket) counted apart as "user factors".
func bucketLabel(rec oktasim.RequestRecord) string {
	if rec.Bucket == ratelimit.UserGet && strings.HasSuffix(rec.Path, "/factors") {
		return "user factors"
	}
	return rec.Bucket
}

func bucketOf(label string) string {
	if label == "user factors" {
		return ratelimit.UserGet
	}
	return label
}

// monitor polls /proc for the provider's processes (Terraform starts it more
// than once per plan) and keeps the largest peak RSS (VmHWM) and the CPU time
// of the process that used most.
type monitor struct {
	binary string // the processes watched: those whose argv[0] has this base name
	done   chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	hwmKiB int64
	cpu    map[int]time.Duration
}

func startMonitor() *monitor { return startMonitorOf(providerBinary) }

// startMonitorOf watches the processes running the named binary: their
// largest VmHWM and CPU, read from /proc every 50ms. (A child's rusage would
// not do: Linux counts in its peak RSS the parent's pages at the fork.)
func startMonitorOf(binary string) *monitor {
	m := &monitor{binary: binary, done: make(chan struct{}), cpu: map[int]time.Duration{}}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			m.poll()
			select {
			case <-m.done:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *monitor) stop() (int64, time.Duration) {
	close(m.done)
	m.wg.Wait()
	var cpu time.Duration
	for _, c := range m.cpu {
		cpu = max(cpu, c)
	}
	return m.hwmKiB, cpu
}

var clockTicks = 100 // USER_HZ on Linux

func (m *monitor) poll() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		dir := filepath.Join("/proc", e.Name())
		cmdline, err := os.ReadFile(filepath.Join(dir, "cmdline"))
		if err != nil {
			continue
		}
		argv0, _, _ := bytes.Cut(cmdline, []byte{0})
		if filepath.Base(string(argv0)) != m.binary {
			continue
		}
		status, err := os.ReadFile(filepath.Join(dir, "status"))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kib, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				m.mu.Lock()
				m.hwmKiB = max(m.hwmKiB, kib)
				m.mu.Unlock()
			}
		}
		if stat, err := os.ReadFile(filepath.Join(dir, "stat")); err == nil {
			// Fields after the command name (which is in parentheses).
			if i := bytes.LastIndexByte(stat, ')'); i > 0 {
				f := strings.Fields(string(stat[i+1:]))
				if len(f) > 13 {
					ut, _ := strconv.ParseInt(f[11], 10, 64)
					st, _ := strconv.ParseInt(f[12], 10, 64)
					m.cpu[pid] = time.Duration(ut+st) * time.Second / time.Duration(clockTicks)
				}
			}
		}
	}
}

// uncheckedChecks lists the check resources the provider registers that the
// configuration does not use, so the report can say the run left them out.
func uncheckedChecks(tfBin, cliConfig, work, configDir string) ([]string, error) {
	dir := filepath.Join(work, "schema")
	if err := copyTF(configDir, dir); err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	cmd := exec.Command(tfBin, "providers", "schema", "-json")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_DATA_DIR="+filepath.Join(dir, ".terraform"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("terraform providers schema: %w\n%s", err, stderr.String())
	}
	var doc struct {
		ProviderSchemas map[string]struct {
			ResourceSchemas map[string]json.RawMessage `json:"resource_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	used := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(configDir, "*.tf"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), `resource "`); ok {
				typ, _, _ := strings.Cut(rest, `"`)
				used[typ] = true
			}
		}
	}
	var missing []string
	for _, ps := range doc.ProviderSchemas {
		for typ := range ps.ResourceSchemas {
			if isCheck(typ) && !used[typ] {
				missing = append(missing, typ)
			}
		}
	}
	sort.Strings(missing)
	return missing, nil
}

func isCheck(typ string) bool {
	return strings.HasSuffix(typ, "_check") || typ == "oktagate_access_review"
}

func renderReport(o options, results []result, skipped []int, missing []string, tfVersion string) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	conc := max(o.concurrency*o.capacity/100, 1)
	w("# Benchmarks\n\n")
	w("Generated by `make bench` (tools/bench); do not edit by hand.\n\n")
	w("A `terraform plan` of [tools/bench/config](tools/bench/config) (every data source a gate reads and every check) ")
	w("against the Okta simulator serving a generated org, with Okta's Workforce rate limits **per %s instead of per minute**, ", o.window)
	w("%s of latency added to every request, Okta's cap of %d concurrent requests, and the provider at `max_api_capacity = %d`", o.latency, o.concurrency, o.capacity)
	if o.maxConcurrency > 0 {
		w(", `max_concurrency = %d`", o.maxConcurrency)
	} else {
		w(" and its default `max_concurrency`")
	}
	w(". Terraform %s, Go %s, %s/%s, %d CPUs.\n\n", tfVersion, strings.TrimPrefix(runtime.Version(), "go"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())

	w("| users | groups | apps | app users | factors | requests | beyond factors (%% of users) | 429s | wall | floor | wall ÷ floor | provider peak RSS | plan JSON |\n")
	w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		w("| %d | %d | %d | %d | %d | %d | %d (%.2f%%) | %d | %.1f s | %.1f s | **%.2f** | %.0f MiB | %.1f MiB |\n",
			r.users, r.groups, r.apps, r.appUsers, r.factors, r.total(), r.beyondFactors(),
			100*float64(r.beyondFactors())/float64(r.users), sum(r.rejected),
			r.wall.Seconds(), r.floor.total.Seconds(), r.ratio(), float64(r.rssKiB)/1024, float64(r.planJSON)/(1<<20))
	}
	for _, n := range skipped {
		w("| %d | – | – | – | – | – | – | – | not run: the time budget (%s) was spent | | | | |\n", n, o.budget)
	}
	w("\n## Requests beyond the factor lists\n\n")
	w("Factors are the one fact Okta serves only per user. Every other request either names one user (a role holder's role list: Okta has no bulk list of standard role assignments) or reads a list; ")
	w("each list read (its path and query, paging aside) is set against the fewest requests any client needs to read it whole at the client's pages (users %d, groups %d, members %d, apps %d, app groups %d, app users %d, role assignees %d; an unpaged list is one request).\n\n",
		okta.PageSizeUsers, okta.PageSizeGroups, okta.PageSizeGroupMembers, okta.PageSizeApps, okta.PageSizeAppGroups, okta.PageSizeAppUsers, okta.PageSizeIAMAssignees)
	w("| users | beyond factors | per-user: role holders' role lists | per-user: any other | per-user beyond factors, %% of users | list requests | fewest for the same lists | lists read | list requests beyond the fewest |\n")
	w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		bf := r.beyond
		w("| %d | %d | %d | %d | **%.2f%%** | %d | %d | %d | **%d** |\n", r.users, r.beyondFactors(), bf.roleLists, bf.otherPerUser,
			100*float64(bf.roleLists+bf.otherPerUser)/float64(r.users), bf.listsMade, bf.listsFewest, bf.listsDistinct, bf.listsMade-bf.listsFewest)
	}
	if len(results) > 0 {
		r := results[0]
		w("\nThe lists' share of the user count falls as the org grows (%d apps and %d groups cost the same whatever the user count): at %d users the apps alone need at least one user list each, %d requests or %.0f%% of the user count, so no client reads this org's assignments in 1%% of its users. ",
			r.apps, r.groups, r.users, r.apps, 100*float64(r.apps)/float64(r.users))
	}
	extra, otherPerUser := 0, 0
	for _, r := range results {
		extra += r.beyond.listsMade - r.beyond.listsFewest
		otherPerUser += r.beyond.otherPerUser
	}
	if extra == 0 && otherPerUser == 0 {
		w("What the snapshot controls it keeps at the floor: no per-user request but the factor and role lists, and no list read in more pages than its items need.\n")
	} else {
		w("**The snapshot makes requests it could avoid**: %d list pages beyond the fewest and %d per-user requests other than factor and role lists, over the sizes above.\n", extra, otherPerUser)
	}
	w("\n## The evidence report of the first plan\n\n")
	w("`oktagate report` of the first plan's `terraform show -json` (every check's violations, evidence and controls), as CI runs it after the plan: ")
	w("the time and memory it takes and the size of what it writes (`report.html` is self-contained; `evidence-package.zip` holds the report, the summary, each check's evidence and violations, and the plan JSON itself).\n\n")
	w("| users | plan JSON | wall | CPU | peak RSS | report.html | summary.md | junit.xml | OSCAL | evidence-package.zip |\n")
	w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		rr := r.report
		mib := func(name string) string { return fmt.Sprintf("%.2f MiB", float64(rr.sizes[name])/(1<<20)) }
		w("| %d | %.1f MiB | %.1f s | %.1f s | %.0f MiB | %s | %s | %s | %s | %s |\n", r.users, float64(r.planJSON)/(1<<20),
			rr.wall.Seconds(), rr.cpu.Seconds(), float64(rr.rssKiB)/1024, mib("report.html"), mib("summary.md"), mib("junit.xml"),
			mib("oscal-assessment-results.json"), mib("evidence-package.zip"))
	}
	w("\n## Re-plans from the stored snapshot\n\n")
	w("The configuration keeps the org's snapshot in the state (`oktagate_snapshot`). After the plan above, `terraform apply` of the saved plan stores it; ")
	w("then 1%% of the users change (`fixtures.Churn`: factors enrolled and removed, suspensions, deactivations, profile, group and app assignment changes, sign-ins, role grants), each change logged as Okta logs it, and `terraform plan` runs again: ")
	w("it seeds the snapshot from the state and replays the System Log since its cursor. Up to 10k users a plan from scratch follows, and every check's violations are compared with the re-plan's.\n\n")
	w("| users | users changed | log events | first plan requests | apply requests | re-plan requests | re-plan ÷ first plan | re-plan wall | re-plan CPU: provider / Terraform | the same re-plan with `-json` | re-plan agrees with a full scan |\n")
	w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, r := range results {
		agrees := r.incr.agrees
		if agrees == "" {
			agrees = "not compared (a second full plan would double the run)"
		}
		w("| %d | %d | %d | %d | %d | %d | **%.2f%%** | %.1f s | %.1f s / %.1f s | %.1f s | %s |\n", r.users, r.incr.churned, r.incr.events, r.total(), r.incr.applyRequests,
			r.incr.replanRequests(), 100*float64(r.incr.replanRequests())/float64(max(r.total(), 1)), r.incr.replanWall.Seconds(),
			r.incr.replanCPU.provider.Seconds(), r.incr.replanCPU.terraform.Seconds(), r.incr.replanJSON.Seconds(), agrees)
	}
	w("\nRe-plan requests per bucket:\n\n| users | %s |\n", strings.Join(replanLabels(results), " | "))
	w("|---:|%s\n", strings.Repeat("---:|", len(replanLabels(results))))
	for _, r := range results {
		cells := make([]string, 0)
		for _, l := range replanLabels(results) {
			cells = append(cells, strconv.Itoa(r.incr.replan[l]))
		}
		w("| %d | %s |\n", r.users, strings.Join(cells, " | "))
	}
	w("\nA re-plan's wall beyond its requests is mostly CPU: Terraform's, and the provider's. To draw a changed list Terraform compares its elements pairwise (its diff renderer's longest common subsequence is quadratic in the list's length, in time and memory), and a check's `violations` lists every violation. ")
	w("Its `evidence` names them by their SHA-256 (`violations_sha256`) rather than repeating them (evidence version 2), so each is drawn once. ")
	w("`terraform plan -json` draws no diff, which the column beside it measures; the provider's own CPU is now mostly terraform-plugin-framework walking the checks' lists element by element (decoding, defaults, nullifying blocks) on every read and plan, the rules over 100k users, and the garbage collector (profile it with `OKTAGATE_CPUPROFILE`). ")
	w("The stored snapshot is a binary stream in which recurring ids and words are written once (format 3): at 100k users 13 MB gzipped, where format 2's JSON was 31 MB, which Terraform carried through the state, every read and plan of the snapshot, and the saved plan three times. ")
	w("The provider sets the SDK's log subsystems to WARN unless TF_LOG asks for DEBUG or TRACE: otherwise the framework writes a TRACE line for every element it walks, and Terraform parses each.\n")
	w("\nThe apply reads almost nothing: applying a saved plan, Terraform plans each resource with changes again in a new provider process, where a new `oktagate_snapshot` has nothing stored to start from (a plan's private data reaches neither that second plan nor, in terraform-plugin-framework, Create). With the provider's `as_of = plantimestamp()` the plan leaves its snapshot in the temporary directory for the apply of the same plan, which starts from it and replays only the System Log since (without `as_of`, the apply read the whole org a second time). Later plans start from the stored snapshot and replay the log since its cursor.\n")

	w("\n## Requests per bucket and each bucket's floor\n\n")
	w("Floor of a bucket = its requests ÷ (its limit × %d%%) × %s. The concurrency floor is all requests × %s ÷ %d (Okta's %d × %d%%). ",
		o.capacity, o.window, o.latency, conc, o.concurrency, o.capacity)
	w("`user factors` are the per-user factor lists (in the `user` bucket).\n\n")
	for _, r := range results {
		w("### %d users\n\n", r.users)
		w("| bucket | limit / %s | allowed | requests | 429s | floor | first – last request |\n|---|---:|---:|---:|---:|---:|---:|\n", o.window)
		for _, label := range sortedKeys(r.buckets) {
			bk := bucketOf(label)
			limit := ratelimit.WorkforceLimits[bk]
			if limit == 0 {
				limit = ratelimit.WorkforceLimits[ratelimit.Other]
			}
			rej, fl := "", ""
			if label != "user factors" {
				rej = strconv.Itoa(r.rejected[bk])
				fl = fmt.Sprintf("%.2f s", r.floor.perBucket[bk].Seconds())
			}
			w("| %s | %d | %d | %d | %s | %s | %.2f – %.2f s |\n", label, limit, max(limit*o.capacity/100, 1), r.buckets[label], rej, fl,
				r.first[label].Seconds(), r.last[label].Seconds())
		}
		w("| concurrency | | %d | %d | | %.2f s | |\n\n", conc, r.total(), r.floor.concurrency.Seconds())
		w("Bound: %s. Provider CPU %.1f s; org generated in %.1f s.\n\n", r.floor.bound, r.providerCPU.Seconds(), r.generate.Seconds())
	}
	if len(missing) > 0 {
		w("**Not measured:** the provider registers checks the configuration does not use yet: %s. Add them to tools/bench/config/checks.tf.\n\n", strings.Join(missing, ", "))
	}
	w("## Choices the numbers support\n\n")
	w("**App assignments from the app side.** Which users an app reaches is one fact with two sources: `/api/v1/apps/{id}/users` (the apps bucket, %d/window, %d per page) ", ratelimit.WorkforceLimits[ratelimit.Apps], okta.PageSizeAppUsers)
	w("or `/api/v1/users/{id}/appLinks` (the user bucket, %d/window, one request per user, competing with the per-user factor lists). ", ratelimit.WorkforceLimits[ratelimit.UserGet])
	w("The snapshot lists from the app side; per size, the floor of each way (the apps bucket keeps its app, group-assignment and grant lists either way):\n\n")
	w("| users | app side: apps bucket floor | user side: user bucket floor with one appLinks request per user | user side: apps bucket floor without the user lists | faster by the numbers |\n|---:|---:|---:|---:|---|\n")
	userSideFaster := 0
	for _, r := range results {
		share := func(bucket string) float64 {
			return float64(max(ratelimit.WorkforceLimits[bucket]*o.capacity/100, 1))
		}
		appsFloor := r.floor.perBucket[ratelimit.Apps]
		userSide := time.Duration(float64(r.buckets[ratelimit.UserGet]+r.buckets["user factors"]+r.users) / share(ratelimit.UserGet) * float64(o.window))
		appsRest := time.Duration(float64(r.buckets[ratelimit.Apps]-r.appUserLists) / share(ratelimit.Apps) * float64(o.window))
		faster := "app side"
		if max(userSide, appsRest) < max(appsFloor, r.floor.perBucket[ratelimit.UserGet]) {
			faster = "user side"
			userSideFaster++
		}
		w("| %d | %.1f s (the user bucket: %.1f s) | %.1f s | %.1f s | %s |\n", r.users, appsFloor.Seconds(), r.floor.perBucket[ratelimit.UserGet].Seconds(),
			userSide.Seconds(), appsRest.Seconds(), faster)
	}
	if userSideFaster == 0 {
		w("\nThe app side is faster at every size: its cost grows with apps and assignments ÷ %d, the user side's with users, on the bucket the factors already saturate. ", okta.PageSizeAppUsers)
	} else {
		w("\nWhere the numbers favour the user side (a small org, where the apps bucket is the bound: minutes at Okta's per-minute limits, paid by the first plan only, since re-plans reuse the stored lists), appLinks still cannot replace the app side: an app link carries neither the assignment's scope, direct or through a group (the access review reads it), nor the app user's status, and Okta documents it for a user's assigned apps, not for INACTIVE ones (the offboarding check looks for leavers in every app). The snapshot keeps the app side at every size. ")
	}
	w("Group memberships are likewise read from the group side (one members list per group, not `/users/{id}/groups`).\n\n")
	w("**Concurrency.** The governor never lets more than Okta's cap × `max_api_capacity` (%d) requests fly, whatever `max_concurrency` says, ", conc)
	w("and the snapshot waits for a bucket's room before it takes one of its `max_concurrency` slots. The benchmark runs with `max_concurrency = %d` ", o.maxConcurrency)
	w("so that slots held by long paged reads (the Everyone group's members, the users list) never starve the factor fan-out; the requests in flight stay at %d.\n\n", conc)
	w("## Method\n\n")
	groups, apps := 200, 300
	if len(results) > 0 {
		groups, apps = results[0].groups, results[0].apps
	}
	w("- Org: `fixtures.Generate` (seed %d): 1–3 factors per user, 5%% without MFA, %d groups with skewed sizes, %d apps (SAML, bookmark, OIDC) with group and direct assignments, grants and client roles on service apps.\n", o.seed, groups, apps)
	w("- Wall: the `terraform plan -out` process, start to exit, Terraform's own start-up and graph walk included.\n")
	w("- Requests: the simulator's request log, 429s included.\n")
	w("- Floor: for each bucket, requests ÷ (limit × max_api_capacity) windows; and requests × latency ÷ (Okta's concurrency cap × max_api_capacity). The largest is the floor: no client keeping to its share could be faster, whatever its order, but for one window: Okta's windows are fixed, so the first window's share can be spent at once and n requests at r a window finish in just over n ÷ r − 1 windows (a ratio a little under 1 on a run bound by a bucket).\n")
	w("- Peak RSS: the largest VmHWM of the `%s` processes, read from /proc while the plan runs.\n", providerBinary)
	w("- Plan JSON: the size of `terraform show -json` of the saved plan.\n")
	return b.String()
}

func replanLabels(results []result) []string {
	seen := map[string]int{}
	for _, r := range results {
		for l, n := range r.incr.replan {
			seen[l] += n
		}
	}
	return sortedKeys(seen)
}

func sum(m map[string]int) int {
	t := 0
	for _, n := range m {
		t += n
	}
	return t
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// tailLines is how much of terraform's output an error quotes.
const tailLines = 60

// tail is the last tailLines lines of s.
func tail(s string) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > tailLines {
		ls = ls[len(ls)-tailLines:]
	}
	return strings.Join(ls, "\n")
}

func findTerraform() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("terraform is not on PATH: run `make bench` (it installs one) or install Terraform >= 1.5")
	}
	return p, nil
}

func terraformVersion(tfBin string) string {
	out, err := exec.Command(tfBin, "version", "-json").Output()
	if err != nil {
		return "?"
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if json.Unmarshal(out, &v) != nil {
		return "?"
	}
	return v.Version
}

func step(s string) { fmt.Printf("\n==> %s\n", s) }

// copyTF copies the .tf files of src into dst.
func copyTF(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(src, "*.tf"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no .tf files in %s", src)
	}
	for _, f := range files {
		in, err := os.Open(f)
		if err != nil {
			return err
		}
		out, err := os.Create(filepath.Join(dst, filepath.Base(f)))
		if err != nil {
			_ = in.Close()
			return err
		}
		_, err = io.Copy(out, in)
		_ = in.Close()
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// writeTimeline writes the requests as CSV to path with the size before its
// extension (timeline.csv → timeline-100000.csv).
func writeTimeline(path string, n int, start time.Time, recs []oktasim.RequestRecord) error {
	ext := filepath.Ext(path)
	f, err := os.Create(fmt.Sprintf("%s-%d%s", strings.TrimSuffix(path, ext), n, ext))
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"seconds", "bucket", "status", "method", "path"})
	for _, rec := range recs {
		_ = w.Write([]string{strconv.FormatFloat(rec.Time.Sub(start).Seconds(), 'f', 3, 64), bucketLabel(rec),
			strconv.Itoa(rec.Status), rec.Method, rec.Path})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
