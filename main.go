// Command terraform-provider-oktagate serves the oktagate Terraform provider over
// plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/oktagate/terraform-provider-oktagate/internal/provider"
)

// version is set by goreleaser at build time.
var version = "dev"

// memoryLimit is the provider's soft memory limit unless GOMEMLIMIT sets
// one. A plan of a large org holds a few hundred megabytes of facts for its
// whole length; with only GOGC's default the heap grows to twice that between
// collections. Near the limit the collector runs more often instead, trading
// some CPU for a process that stays under 1 GiB. It is soft: a larger org
// goes over it rather than fail.
const memoryLimit = 768 << 20

func main() {
	var debugger bool
	flag.BoolVar(&debugger, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	if _, err := provider.QuietSDKLogs(os.Getenv, os.Setenv); err != nil {
		log.Fatal(err.Error())
	}
	// OKTAGATE_CPUPROFILE=PREFIX writes each provider process's CPU profile
	// to PREFIX.<pid> (Terraform starts several per run), for `go tool pprof`:
	// how the benchmarks find where a large org's plan spends its time.
	if prefix := os.Getenv("OKTAGATE_CPUPROFILE"); prefix != "" {
		f, err := os.Create(prefix + "." + strconv.Itoa(os.Getpid()))
		if err != nil {
			log.Fatal(err.Error())
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err.Error())
		}
		defer func() { pprof.StopCPUProfile(); _ = f.Close() }()
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/oktagate/oktagate",
		Debug:           debugger,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Print(err.Error())
		os.Exit(1) //nolint:gocritic // the profile of a failed run is not wanted
	}
}
