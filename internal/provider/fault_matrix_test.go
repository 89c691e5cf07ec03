package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// faultsMDPath is FAULTS.md at the repository root, from this package.
var faultsMDPath = filepath.Join("..", "..", "FAULTS.md")

// matrixParallel bounds how many rows run at once. The rows spend most of
// their time waiting out rate-limit resets, backoffs and timeouts, so they
// run side by side beyond -parallel (which is the number of CPUs).
const matrixParallel = 8

// TestFaultsMDIsFresh: FAULTS.md is what the matrix's tables render, so it
// cannot go stale. OKTAGATE_WRITE_FAULTS_MD=1 writes it instead.
func TestFaultsMDIsFresh(t *testing.T) {
	t.Parallel()
	want := renderFaultsMD()
	if os.Getenv("OKTAGATE_WRITE_FAULTS_MD") != "" {
		if err := os.WriteFile(faultsMDPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(faultsMDPath)
	if err != nil {
		t.Fatalf("reading FAULTS.md: %v (generate it with OKTAGATE_WRITE_FAULTS_MD=1 go test ./internal/provider -run TestFaultsMDIsFresh)", err)
	}
	if string(got) != want {
		t.Fatal("FAULTS.md is stale: regenerate it with OKTAGATE_WRITE_FAULTS_MD=1 go test ./internal/provider -run TestFaultsMDIsFresh")
	}
}

// TestAccFaultMatrix runs every type of the provider through every fault of
// the matrix (see fault_matrix_helpers_test.go and FAULTS.md): reads must
// retry to an identical result or fail with a diagnostic that says what to
// change; writes that fail halfway must leave a state the next apply
// completes, with nothing orphaned in the org.
func TestAccFaultMatrix(t *testing.T) {
	t.Parallel()
	jwk := jwkHCL(publicJWK(t, "matrix-1"))
	sem := make(chan struct{}, matrixParallel)
	var wg sync.WaitGroup
	// The writes take longest: they start first.
	rows := append([]matrixType(nil), matrixTypes...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].write && !rows[j].write })
	for _, tt := range rows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			// t.Run from several goroutines at once is allowed; each call
			// returns when its row is done.
			t.Run(tt.name, func(t *testing.T) {
				tt.body = strings.NewReplacer("{{jwk}}", jwk, "{{today}}", daysAgo(0)).Replace(tt.body)
				if tt.write {
					runWriteRow(t, tt)
				} else {
					runReadRow(t, tt)
				}
			})
		}()
	}
	wg.Wait()
}

// matrixSim serves the matrix org with pages of at most 3 items (so that a
// fault lands between pages) and no advertised rate limits: the only 429s are
// the injected ones.
func matrixSim(t *testing.T, faults *oktasim.Faults) *oktasim.Server {
	limits := map[string]int{}
	for bucket := range ratelimit.WorkforceLimits {
		limits[bucket] = 0
	}
	s, _ := startSim(t, newMatrixOrg(), oktasim.Options{Unlimited: true, Limits: limits, PageSizeCap: 3, Faults: faults})
	return s
}

func matrixProvider(s *oktasim.Server, slow bool) string {
	timeout := ""
	if slow {
		timeout = fmt.Sprintf("  request_timeout = %q\n", matrixTimeout)
	}
	return fmt.Sprintf("provider %q {\n  org_url     = %q\n  api_token   = %q\n  max_retries = %d\n%s}\n",
		TypeName, s.URL(), s.AdminToken(), matrixRetries, timeout)
}

// injections records how many faults each column injected: a cell whose
// fault never fired proves nothing.
type injections struct {
	faults *oktasim.Faults
	counts []int
	cur    int
	mark   int
}

func newInjections(f *oktasim.Faults) *injections {
	return &injections{faults: f, counts: make([]int, len(matrixFaults)), cur: -1}
}

// start closes the previous column's count and clears the rules; column < 0
// injects nothing.
func (in *injections) start(column int, tt matrixType) {
	in.stop()
	in.cur, in.mark = column, in.faults.Injected()
	if column >= 0 {
		in.faults.Add(matrixFaults[column].rule(tt))
	}
}

func (in *injections) stop() {
	if in.cur >= 0 {
		in.counts[in.cur] += in.faults.Injected() - in.mark
	}
	in.faults.Clear()
	in.cur = -1
}

func (in *injections) verify(t *testing.T, tt matrixType) {
	t.Helper()
	for i, f := range matrixFaults {
		n, wanted := in.counts[i], f.count
		if !f.want(tt).ok && wanted > 0 {
			// A write that is not retried meets its fault once.
			wanted = 1
		}
		switch {
		case n == 0:
			t.Errorf("%s: the fault was never injected; the cell proves nothing", f.name)
		case wanted > 0 && n != wanted:
			t.Errorf("%s: injected %d times, want exactly %d", f.name, n, wanted)
		}
	}
}

// matrixSentinel is the error a read step's plan ends in when its result is
// identical to the run without faults (see runReadRow).
const matrixSentinel = "MATRIX-RESULT-IDENTICAL"

// runReadRow applies the configuration once without faults and records a
// digest of the result (a data source's whole object, a check's whole state:
// evidence, fingerprint, violations…), then plans it under each fault. A
// fault the reads absorb must give a result with the same digest. The plan
// proves it by failing on purpose: an output precondition raises
// matrixSentinel exactly when the digest equals the baseline, which costs one
// terraform plan per cell instead of the four of a plan-only step. A fault
// the reads cannot absorb must fail the plan with its own diagnostic first.
func runReadRow(t *testing.T, tt matrixType) {
	faults := &oktasim.Faults{}
	s := matrixSim(t, faults)
	addr := "data." + tt.name + ".t"
	if tt.kind != "data source" {
		addr = tt.name + ".t"
	}
	digest := "sha256(jsonencode(" + addr + "))"
	base := func(slow bool) string {
		return matrixProvider(s, slow) + tt.body + "\n" +
			"variable \"baseline\" {\n  type    = string\n  default = \"\"\n}\n" +
			"output \"digest\" {\n  value = " + digest + "\n}\n"
	}
	sentinel := func(slow bool) string {
		return base(slow) + "output \"verdict\" {\n  value = 1\n  precondition {\n    condition     = " + digest +
			" != var.baseline\n    error_message = \"" + matrixSentinel + "\"\n  }\n}\n"
	}
	// Filled by the first step's check, read by the later steps.
	vars := config.Variables{}
	in := newInjections(faults)
	steps := []resource.TestStep{{
		Config:          base(false),
		ConfigVariables: vars,
		Check: func(st *terraform.State) error {
			out := st.RootModule().Outputs["digest"]
			if out == nil {
				return fmt.Errorf("no digest output")
			}
			d, _ := out.Value.(string)
			if d == "" {
				return fmt.Errorf("empty digest")
			}
			vars["baseline"] = config.StringVariable(d)
			return nil
		},
	}}
	for i, f := range matrixFaults {
		o := f.want(tt)
		step := resource.TestStep{
			PreConfig:       func() { in.start(i, tt) },
			Config:          sentinel(f.slow),
			ConfigVariables: vars,
			ExpectError:     regexp.MustCompile(matrixSentinel),
		}
		if !o.ok {
			step.ExpectError = o.errorPattern()
		}
		steps = append(steps, step)
	}
	// Without faults again: nothing was left broken, and the destroy that
	// follows meets no fault.
	steps = append(steps, resource.TestStep{PreConfig: in.stop, Config: sentinel(false), ConfigVariables: vars,
		ExpectError: regexp.MustCompile(matrixSentinel)})
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(nil), Steps: steps})
	in.verify(t, tt)
}

// runWriteRow creates one instance of the resource per column, under that
// column's fault, next to the instances of the earlier columns. A fault the
// apply absorbs must leave the org exactly as configured; one it does not
// must fail with its diagnostic, and the next apply without the fault must
// complete with nothing orphaned. After the last column everything is
// destroyed and the org checked for leftovers.
func runWriteRow(t *testing.T, tt matrixType) {
	faults := &oktasim.Faults{}
	s := matrixSim(t, faults)
	config := func(n int, slow bool) string {
		c := matrixProvider(s, slow)
		for i := range n {
			c += tt.instance(i) + "\n"
		}
		return c
	}
	verify := func(n int) resource.TestCheckFunc {
		return simCheck(s, func(o *oktasim.Org) error { return tt.verify(o, n) })
	}
	in := newInjections(faults)
	var steps []resource.TestStep
	for i, f := range matrixFaults {
		o := f.want(tt)
		step := resource.TestStep{
			PreConfig: func() { in.start(i, tt) },
			Config:    config(i+1, f.slow),
		}
		if o.ok {
			step.Check = verify(i + 1)
			steps = append(steps, step)
			continue
		}
		step.ExpectError = o.errorPattern()
		steps = append(steps, step, resource.TestStep{
			PreConfig: in.stop,
			Config:    config(i+1, false),
			Check:     verify(i + 1),
		})
	}
	// The destroy that ends the case must meet no fault.
	steps[len(steps)-1].Check = resource.ComposeAggregateTestCheckFunc(steps[len(steps)-1].Check,
		func(*terraform.State) error { in.stop(); return nil })
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps:                    steps,
		CheckDestroy:             simCheck(s, tt.gone),
	})
	in.verify(t, tt)
}
