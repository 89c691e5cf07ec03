package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// The posture checks' acceptance tests (issue #18) share these: a simulator
// that serves small pages and injects faults, and state checks of exactly
// which subjects violate.

// startThrottledSim serves org in pages of at most pageCap items, with no
// rate-limit budget of its own, and these faults injected.
func startThrottledSim(t *testing.T, org *oktasim.Org, pageCap int, faults ...oktasim.FaultRule) (*oktasim.Server, string) {
	t.Helper()
	fs := &oktasim.Faults{}
	for _, f := range faults {
		fs.Add(f)
	}
	return startSim(t, org, oktasim.Options{Unlimited: true, PageSizeCap: pageCap, Faults: fs})
}

// first429 is a 429 on the first request to each of these paths.
func first429(paths ...string) []oktasim.FaultRule {
	rules := make([]oktasim.FaultRule, 0, len(paths))
	for _, p := range paths {
		rules = append(rules, oktasim.FaultRule{Kind: oktasim.FaultTooManyRequests, PathPrefix: p, Count: 1})
	}
	return rules
}

// every429 is a 429 on every nth request, whatever its path.
func every429(n int) oktasim.FaultRule {
	return oktasim.FaultRule{Kind: oktasim.FaultTooManyRequests, Every: n}
}

// forbidden is a 403 on every request under these paths.
func forbidden(paths ...string) []oktasim.FaultRule {
	rules := make([]oktasim.FaultRule, 0, len(paths))
	for _, p := range paths {
		rules = append(rules, oktasim.FaultRule{Kind: oktasim.FaultForbidden, PathPrefix: p})
	}
	return rules
}

// violationSubjects is a state check that the violations are exactly these
// subjects, in order.
func violationSubjects(addr string, subjects ...string) statecheck.StateCheck {
	vs := make([]knownvalue.Check, 0, len(subjects))
	for _, s := range subjects {
		vs = append(vs, knownvalue.ObjectPartial(map[string]knownvalue.Check{"subject": knownvalue.StringExact(s)}))
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations"), knownvalue.ListExact(vs))
}

// violationPairs is a statecheck that the check's violations are exactly
// these subject and subject_id pairs, in order.
func violationPairs(addr string, pairs ...[2]string) statecheck.StateCheck {
	want := make([]knownvalue.Check, 0, len(pairs))
	for _, p := range pairs {
		want = append(want, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"subject": knownvalue.StringExact(p[0]), "subject_id": knownvalue.StringExact(p[1]),
		}))
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations"), knownvalue.ListExact(want))
}

// pagedAndThrottled fails unless the run met 429s and followed next links,
// and made no write.
func pagedAndThrottled(s *oktasim.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var throttled, paged int
		for _, r := range s.Requests() {
			if r.Method != http.MethodGet {
				return fmt.Errorf("a compliance check wrote to Okta: %s %s", r.Method, r.Path)
			}
			if r.Status == http.StatusTooManyRequests {
				throttled++
			}
			if strings.Contains(r.RawQuery, "after=") {
				paged++
			}
		}
		if throttled == 0 || paged == 0 {
			return fmt.Errorf("the run met %d 429s and followed %d next links; the test proves nothing", throttled, paged)
		}
		return nil
	}
}

// startForbiddenSim serves org, answering 403 under these paths.
func startForbiddenSim(t *testing.T, org *oktasim.Org, paths ...string) (*oktasim.Server, string) {
	t.Helper()
	return startThrottledSim(t, org, 0, forbidden(paths...)...)
}
