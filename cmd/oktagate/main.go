// Command oktagate works with what the oktagate Terraform provider leaves in
// CI. `oktagate report` turns `terraform show -json` of a plan or state, and
// `terraform plan -json` logs, into evidence an auditor reads; `oktagate
// snapshot` takes a large org's first full snapshot outside Terraform, with
// progress and resumption, for oktagate_snapshot's cache_dir.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/report"
)

// version is set by the release build (-ldflags "-X main.version=…").
var version = "dev"

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // the report could not be written; the snapshot's scan failed
	exitUsage = 2 // a flag or an input the command cannot read
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, time.Now))
}

const usage = `Usage: oktagate <command> [arguments]

Commands:
  report    write evidence (HTML, Markdown, JUnit, OSCAL, zip) from Terraform's JSON
  snapshot  take an org's first full snapshot into oktagate_snapshot's cache_dir, with progress
  version   print the version

Run "oktagate report -h" or "oktagate snapshot -h" for a command's flags.
`

func run(args []string, stdout, stderr io.Writer, now func() time.Time) int {
	if len(args) == 0 {
		_, _ = fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "report":
		return runReport(args[1:], stdout, stderr, now)
	case "snapshot":
		return runSnapshot(context.Background(), args[1:], stdout, stderr, os.Getenv)
	case "version", "-version", "--version":
		_, _ = fmt.Fprintln(stdout, "oktagate", version)
		return exitOK
	case "help", "-h", "-help", "--help":
		_, _ = fmt.Fprint(stdout, usage)
		return exitOK
	default:
		_, _ = fmt.Fprintf(stderr, "oktagate: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
}

func runReport(args []string, stdout, stderr io.Writer, now func() time.Time) int {
	fs := flag.NewFlagSet("oktagate report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "oktagate-report", "the folder to write the report into (created when missing)")
	formats := fs.String("format", strings.Join(report.Formats, ","), "the outputs to write, comma separated: html, md, junit, oscal, zip")
	maxAge := fs.Duration("max-age", 6*time.Hour, "evidence judged longer ago than this is stale and does not count as coverage")
	frameworks := fs.String("frameworks", "", "the frameworks whose coverage to show, comma separated (default all): "+strings.Join(report.FrameworkIDs(), ", "))
	commit := fs.String("commit", "", "the commit the configuration was planned at, shown in every output")
	fs.Usage = func() {
		_, _ = fmt.Fprint(stderr, "Usage: oktagate report [flags] INPUT...\n\n"+
			"INPUT is `terraform show -json` of a plan or a state, a `terraform plan -json` log, or\n"+
			"the provider's evidence_dir (a directory: each *.json in it is a check's evidence record).\n"+
			"Several inputs (e.g. a year of daily plans) add a history of each check.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() == 0 {
		_, _ = fmt.Fprintln(stderr, "oktagate report: no INPUT: give `terraform show -json` output, a `terraform plan -json` log or the provider's evidence_dir")
		return exitUsage
	}
	if *maxAge <= 0 {
		_, _ = fmt.Fprintln(stderr, "oktagate report: --max-age must be positive, e.g. 6h")
		return exitUsage
	}
	fmts, err := report.ParseFormats(*formats)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "oktagate report:", err)
		return exitUsage
	}
	var fws []string
	for _, f := range strings.Split(*frameworks, ",") {
		if f = strings.TrimSpace(f); f != "" {
			fws = append(fws, f)
		}
	}
	if err := report.ValidateFrameworks(fws); err != nil {
		_, _ = fmt.Fprintln(stderr, "oktagate report:", err)
		return exitUsage
	}
	var inputs []report.Input
	for _, p := range fs.Args() {
		in, err := report.ReadInputs([]string{p})
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "oktagate report: %s: cannot read: %v\n", p, unwrapPath(err))
			return exitUsage
		}
		inputs = append(inputs, in...)
	}
	start := time.Now()
	r, err := report.Build(inputs, report.Options{MaxAge: *maxAge, Frameworks: fws, Commit: *commit, Now: now()})
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "oktagate report:", err)
		var ie *report.InputError
		if errors.As(err, &ie) {
			return exitUsage
		}
		return exitError
	}
	paths, err := r.WriteDir(*out, fmts)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "oktagate report: writing the report:", err)
		return exitError
	}
	pass, fail, unknown, stale := r.Totals()
	_, _ = fmt.Fprintf(stdout, "%s: %d checks (%d pass, %d fail, %d unknown, %d stale), judged %s; wrote in %s:\n",
		r.Org, len(r.Checks), pass, fail, unknown, stale, r.JudgedAt.UTC().Format(time.RFC3339), time.Since(start).Round(time.Millisecond))
	for _, p := range paths {
		_, _ = fmt.Fprintln(stdout, "  "+p)
	}
	return exitOK
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
