package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// runSnapshotPhase is `-phase snapshot`: for each size, `oktagate snapshot`
// takes the org's first snapshot into a cache directory (its progress lines
// are echoed), then the first `terraform plan` of the bench configuration
// with oktagate_snapshot's cache_dir set to it runs, and the factor lists it
// read are counted: the point of the command is that there are none. Nothing
// is written to BENCHMARKS.md. With -window 1s, the progress line's limits
// are per window (a second), so its estimated end is 60 times too far.
func runSnapshotPhase(o options) error {
	tfBin, err := findTerraform()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "oktagate-bench-snapshot-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()
	cliConfig, err := buildProvider(work)
	if err != nil {
		return err
	}
	step("Building the oktagate command")
	command := filepath.Join(work, "oktagate")
	build := exec.Command("go", "build", "-o", command, "./cmd/oktagate")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the oktagate command: %w", err)
	}
	for _, n := range o.sizes {
		step(fmt.Sprintf("%d users: oktagate snapshot, then the first plan", n))
		if err := snapshotSize(o, n, tfBin, cliConfig, command, work); err != nil {
			return fmt.Errorf("%d users: %w", n, err)
		}
	}
	return nil
}

func snapshotSize(o options, n int, tfBin, cliConfig, command, work string) error {
	now := time.Now().UTC()
	org := fixtures.Generate(fixtures.GenerateOptions{Users: n, Groups: o.groups, Apps: o.apps, Seed: o.seed, Now: now})
	vars, err := pickVariables(org, now)
	if err != nil {
		return err
	}
	sim, err := oktasim.Start(oktasim.Options{Org: org, Window: o.window, Latency: o.latency, Concurrency: o.concurrency})
	if err != nil {
		return fmt.Errorf("starting the simulator: %w", err)
	}
	defer sim.Close()
	cache := filepath.Join(work, fmt.Sprintf("cache-%d", n))
	env := append(os.Environ(),
		"OKTA_ORG_URL="+sim.URL(),
		"OKTA_API_TOKEN="+sim.AdminToken(),
		"OKTA_MAX_API_CAPACITY="+strconv.Itoa(o.capacity),
	)

	args := []string{"snapshot", "--cache-dir", cache, "--progress", "lines", "--progress-every", "10s"}
	if o.maxConcurrency > 0 {
		args = append(args, "--max-concurrency", strconv.Itoa(o.maxConcurrency))
	}
	cmd := exec.Command(command, args...)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	var stdout strings.Builder
	cmd.Stdout = &stdout
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	echo(stderr)
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("oktagate snapshot: %w", err)
	}
	wall := time.Since(start)
	snapshotRequests := len(sim.Requests())
	fmt.Printf("  oktagate snapshot: %s in %s, %d requests\n", strings.TrimSpace(stdout.String()), wall.Round(100*time.Millisecond), snapshotRequests)

	sim.ResetRequests()
	dir := filepath.Join(work, fmt.Sprintf("config-%d", n))
	if err := copyTF(o.configDir, dir); err != nil {
		return err
	}
	planEnv := append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_DATA_DIR="+filepath.Join(dir, ".terraform"),
		"TF_VAR_snapshot_cache_dir="+cache,
	)
	for k, v := range vars {
		planEnv = append(planEnv, "TF_VAR_"+k+"="+v)
	}
	if o.maxConcurrency > 0 {
		planEnv = append(planEnv, "TF_VAR_max_concurrency="+strconv.Itoa(o.maxConcurrency))
	}
	start = time.Now()
	out, err := terraform(tfBin, dir, planEnv, "plan", "-input=false", "-lock=false", "-out=bench.tfplan")
	planWall := time.Since(start)
	if err != nil {
		return fmt.Errorf("terraform plan: %w\n%s", err, tail(out))
	}
	// oktagate_users.admins shows its users' factors with include_factors,
	// and reads their lists again for the factors' profiles, which no
	// snapshot keeps: those are the data source's, not a scan's.
	admins := map[string]bool{}
	for _, g := range org.Groups {
		if g.Name == "Admins" {
			for _, id := range g.MemberIDs {
				admins[id] = true
			}
		}
	}
	buckets := map[string]int{}
	adminFactors := 0
	for _, rec := range sim.Requests() {
		label := bucketLabel(rec)
		buckets[label]++
		if id, ok := strings.CutPrefix(rec.Path, "/api/v1/users/"); ok && label == "user factors" && admins[strings.TrimSuffix(id, "/factors")] {
			adminFactors++
		}
	}
	fmt.Printf("  first plan from the cache: %s, %d requests, %d factor requests: %d of the %d admins oktagate_users.admins shows with include_factors (factor profiles), %d of anyone else\n",
		planWall.Round(100*time.Millisecond), sum(buckets), buckets["user factors"], adminFactors, len(admins), buckets["user factors"]-adminFactors)
	for _, b := range sortedKeys(buckets) {
		fmt.Printf("    %-14s %7d\n", b, buckets[b])
	}
	_ = os.RemoveAll(dir)
	if scan := buckets["user factors"] - adminFactors; scan > 0 {
		return fmt.Errorf("the first plan after oktagate snapshot read %d factor lists beyond oktagate_users.admins's: the snapshot did not seed the scan", scan)
	}
	return nil
}

// echo copies the command's progress lines to stdout, indented.
func echo(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fmt.Println("    " + sc.Text())
	}
}
