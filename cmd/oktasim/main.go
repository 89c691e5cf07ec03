// Command oktasim serves a simulated Okta org on a loopback address: the seeded
// demo org (Acme Corp) by default, or a generated org of -users users for
// benchmarks.
//
// On start it prints one line to stdout, by default
//
//	OKTA_ORG_URL=http://127.0.0.1:PORT OKTA_API_TOKEN=<SUPER_ADMIN token>
//
// so that scripts can read it (eval "$(… | head -1)"); everything else goes to
// stderr. SIGINT or SIGTERM stops it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	default:
		fmt.Fprintln(os.Stderr, "oktasim:", err)
		os.Exit(2)
	}
}

type config struct {
	addr        string
	seed        int64
	users       int
	groups      int
	apps        int
	window      time.Duration
	unlimited   bool
	pageSizeCap int
	latency     time.Duration
	concurrency int
	requireDPoP bool
	print       string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("oktasim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "listen address; loopback only (127.0.0.0/8, ::1, localhost)")
	fs.Int64Var(&c.seed, "seed", 1, "seed for the demo or generated org")
	fs.IntVar(&c.users, "users", 0, "when > 0, serve a generated org of this many users instead of the demo org")
	fs.IntVar(&c.groups, "groups", 0, "groups in a generated org (0: 200)")
	fs.IntVar(&c.apps, "apps", 0, "apps in a generated org (0: 300)")
	fs.DurationVar(&c.window, "window", time.Minute, "rate-limit window; Okta's limits apply per window")
	fs.BoolVar(&c.unlimited, "unlimited", false, "turn rate limiting off (headers are still sent)")
	fs.IntVar(&c.pageSizeCap, "page-size-cap", 0, "when > 0, cap every list's page size (forces many pages)")
	fs.DurationVar(&c.latency, "latency", 0, "latency added to every response")
	fs.IntVar(&c.concurrency, "concurrency", 0, "cap on in-flight requests (Okta: 75; 0: none)")
	fs.BoolVar(&c.requireDPoP, "require-dpop", false, "make the OAuth token endpoint demand DPoP for every client")
	fs.StringVar(&c.print, "print", "env", `format of the ready line: "env" (OKTA_ORG_URL=… OKTA_API_TOKEN=…), "export" (the same for sh), "json" or "url"`)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch c.print {
	case "env", "export", "json", "url":
	default:
		return c, fmt.Errorf("-print %q: want env, export, json or url", c.print)
	}
	if c.window <= 0 {
		return c, errors.New("-window must be positive")
	}
	if c.users < 0 || c.groups < 0 || c.apps < 0 || c.pageSizeCap < 0 || c.concurrency < 0 || c.latency < 0 {
		return c, errors.New("-users, -groups, -apps, -page-size-cap, -concurrency and -latency must not be negative")
	}
	if err := checkLoopback(c.addr); err != nil {
		return c, err
	}
	return c, nil
}

// checkLoopback refuses any address another machine could reach: the
// simulator hands out a SUPER_ADMIN token over plain HTTP.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-addr %q: only loopback addresses (127.0.0.0/8, ::1, localhost) are allowed", addr)
}

func readyLine(format, url, token string) (string, error) {
	switch format {
	case "json":
		b, err := json.Marshal(map[string]string{"org_url": url, "api_token": token})
		return string(b), err
	case "url":
		return url, nil
	case "export":
		return "export OKTA_ORG_URL=" + url + " OKTA_API_TOKEN=" + token, nil
	default:
		return "OKTA_ORG_URL=" + url + " OKTA_API_TOKEN=" + token, nil
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "oktasim: ", log.LstdFlags)

	now := time.Now()
	var org *oktasim.Org
	if c.users > 0 {
		org = fixtures.Generate(fixtures.GenerateOptions{Users: c.users, Groups: c.groups, Apps: c.apps, Seed: c.seed, Now: now})
	} else {
		org = fixtures.DemoOrg(c.seed, now)
	}

	// oktasim.Start only binds 127.0.0.1:0, so the command mounts the handler
	// on its own listener to honour -addr.
	sim := oktasim.New(oktasim.Options{
		Org:         org,
		Window:      c.window,
		Unlimited:   c.unlimited,
		Concurrency: c.concurrency,
		PageSizeCap: c.pageSizeCap,
		Latency:     c.latency,
		RequireDPoP: c.requireDPoP,
	})
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	url := "http://" + ln.Addr().String()
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second, ErrorLog: logger}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	line, err := readyLine(c.print, url, sim.AdminToken())
	if err != nil {
		_ = srv.Close()
		return err
	}
	if _, err := fmt.Fprintln(stdout, line); err != nil {
		_ = srv.Close()
		return fmt.Errorf("write ready line: %w", err)
	}
	if f, ok := stdout.(interface{ Sync() error }); ok {
		_ = f.Sync() // a pipe cannot sync; the line is already written
	}

	org.RLock()
	logger.Printf("serving %s (%s) at %s: %d users, %d groups, %d apps, %d log events; rate-limit window %s, unlimited=%v",
		org.CompanyName, org.Subdomain, url, len(org.Users), len(org.Groups), len(org.Apps), len(org.Logs), c.window, c.unlimited)
	org.RUnlock()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Print("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
	}
	return nil
}
