package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
	"github.com/oktagate/terraform-provider-oktagate/internal/ratelimit"
)

// Dates for exceptions: one that does not expire during the tests, yet within
// the default max_exception_days of the plan (and not due within 14 days), and
// one long past.
var farFuture = time.Now().UTC().AddDate(0, 0, 300).Format(time.DateOnly)

const longAgo = "2020-01-31"

// startCheckSim serves org with no rate limits at all, not even advertised
// ones: the checks' tests plan many times a minute, and the client's governor
// would otherwise pace them as it must pace a real org.
func startCheckSim(t *testing.T, org *oktasim.Org) (*oktasim.Server, string) {
	t.Helper()
	limits := map[string]int{}
	for bucket := range ratelimit.WorkforceLimits {
		limits[bucket] = 0
	}
	return startSim(t, org, oktasim.Options{Unlimited: true, Limits: limits})
}

// daysAgo is the date n days before today, UTC.
func daysAgo(n int) string { return time.Now().UTC().AddDate(0, 0, -n).Format(time.DateOnly) }

// onlyReads fails when the simulator saw anything but GETs: checks never write
// to Okta.
func onlyReads(s *oktasim.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		reqs := s.Requests()
		if len(reqs) == 0 {
			return fmt.Errorf("the simulator saw no request at all")
		}
		for _, r := range reqs {
			if r.Method != http.MethodGet {
				return fmt.Errorf("a compliance check wrote to Okta: %s %s", r.Method, r.Path)
			}
		}
		return nil
	}
}

// updateInPlace expects the plan to update addr in place.
func updateInPlace(addr string) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
	}}
}

// exception renders an exception block.
func exception(subject, expires string) string {
	return fmt.Sprintf("  exception {\n    subject = %q\n    reason  = \"ticket SEC-1\"\n    expires = %q\n  }\n", subject, expires)
}

// TestCheckDiagnostics: block gives exactly one error listing at most 20
// violations and how many more; warn the same text as one warning; an expired
// exception a warning naming its subject and date.
func TestCheckDiagnostics(t *testing.T) {
	t.Parallel()
	f := &compliance.Facts{Now: time.Now(), Factors: map[string][]okta.Factor{}}
	for i := range 25 {
		u := okta.User{ID: fmt.Sprintf("00u%04d", i), Status: "ACTIVE",
			Profile: map[string]string{"login": fmt.Sprintf("user%02d@acme.com", i), "email": fmt.Sprintf("user%02d@acme.com", i)}}
		f.Users = append(f.Users, u)
		f.Factors[u.ID] = nil
	}
	res, err := compliance.MFA(f, compliance.MFAInput{Exceptions: []compliance.Exception{
		{Subject: "user03@acme.com", Reason: "r", Expires: farFuture},
		{Subject: "user04@acme.com", Reason: "r", Expires: longAgo},
	}})
	if err != nil {
		t.Fatal(err)
	}

	var block diag.Diagnostics
	reportResult(&block, "oktagate_mfa_check", enforcementBlock, res, "")
	if block.ErrorsCount() != 1 || block.WarningsCount() != 1 {
		t.Fatalf("block: %d errors and %d warnings, want 1 and 1: %v", block.ErrorsCount(), block.WarningsCount(), block)
	}
	e := block.Errors()[0]
	if want := "Compliance check failed: oktagate_mfa_check (24 violations, evidence " + res.Fingerprint[:12] + ")"; e.Summary() != want {
		t.Errorf("summary = %q, want %q", e.Summary(), want)
	}
	lines := strings.Split(e.Detail(), "\n")
	if lines[0] != "oktagate_mfa_check: 24 violations" ||
		lines[1] != "user00@acme.com (00u0000): no ACTIVE factor of an allowed type" ||
		lines[20] != "user20@acme.com (00u0020): no ACTIVE factor of an allowed type" ||
		lines[21] != "…and 4 more" {
		t.Errorf("detail:\n%s", e.Detail())
	}
	if strings.Contains(e.Detail(), "user03@acme.com") {
		t.Errorf("a waived violation is listed:\n%s", e.Detail())
	}
	w := block.Warnings()[0]
	if !strings.Contains(w.Summary(), "user04@acme.com") || !strings.Contains(w.Summary(), longAgo) {
		t.Errorf("expired exception warning = %q / %q", w.Summary(), w.Detail())
	}

	var warn diag.Diagnostics
	reportResult(&warn, "oktagate_mfa_check", enforcementWarn, res, "")
	if warn.HasError() || warn.WarningsCount() != 2 {
		t.Fatalf("warn: %v", warn)
	}
	if got := warn.Warnings()[1]; got.Detail() != compliance.Format("oktagate_mfa_check", res, 20) ||
		!strings.HasPrefix(got.Summary(), "Compliance check warning: oktagate_mfa_check (24 violations") {
		t.Errorf("warn diagnostic = %q\n%s", got.Summary(), got.Detail())
	}

	var pass diag.Diagnostics
	reportResult(&pass, "oktagate_mfa_check", enforcementBlock, compliance.Result{Status: compliance.StatusPass}, "")
	if len(pass) != 0 {
		t.Errorf("a passing check reported %v", pass)
	}
}

// expectContains fails unless s contains every part.
func expectContains(s string, parts ...string) error {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return fmt.Errorf("%q not found in %s", p, s)
		}
	}
	return nil
}

// phrases matches each phrase in order, with anything between them.
func phrases(ps ...string) *regexp.Regexp {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = phrase(p).String()[len("(?i)"):]
	}
	return regexp.MustCompile(`(?is)` + strings.Join(parts, `.*`))
}

// planRequests plans config (twice, as a PlanOnly step does: without and with
// refresh) against a fresh demo org and returns the requests of one plan by
// path, after checking that both plans made the same requests.
func planRequests(t *testing.T, checks func(*oktasim.Org) string) (map[string]int, int) {
	t.Helper()
	org := fixtures.DemoOrg(1, time.Now().UTC())
	s, provider := startCheckSim(t, org)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config:             provider + checks(org),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	const plans = 2
	byPath := map[string]int{}
	total := 0
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("a compliance check wrote to Okta: %s %s", r.Method, r.Path)
		}
		key := r.Path
		if strings.Contains(r.RawQuery, "search=") {
			key += "?search"
		}
		byPath[key]++
		total++
	}
	for p, n := range byPath {
		if n%plans != 0 {
			t.Errorf("%s: %d requests over %d plans", p, n, plans)
		}
		byPath[p] = n / plans
	}
	return byPath, total / plans
}

// TestAccAllChecksShareOneSnapshot plans examples/demo's data sources and
// checks.tf against the demo org, and the MFA check alone: the checks read
// each collection once per plan, so the users are listed once and every
// user's factors are read once, exactly as for one check.
func TestAccAllChecksShareOneSnapshot(t *testing.T) {
	t.Parallel()
	demo := demoExample(t, "main.tf", "checks.tf")
	five, fiveTotal := planRequests(t, func(*oktasim.Org) string { return demo })
	one, oneTotal := planRequests(t, func(*oktasim.Org) string {
		return "resource \"oktagate_mfa_check\" \"staff\" {\n  enforcement    = \"warn\"\n  exclude_logins = [\"" +
			fixtures.DemoServiceAccountLogin + "\"]\n}\n"
	})
	// The example's users data source reads every user's factors, the MFA
	// check those of the users who can sign in: each list the check reads is
	// read once by it and once by the whole example.
	factors, oneFactors := 0, 0
	for p, n := range five {
		if strings.HasSuffix(p, "/factors") {
			factors++
			if n != 1 {
				t.Errorf("%s read %d times in one plan", p, n)
			}
		}
	}
	for p, n := range one {
		if strings.HasSuffix(p, "/factors") {
			oneFactors++
			if n != 1 || five[p] != 1 {
				t.Errorf("%s read %d times by the MFA check alone, %d by the example", p, n, five[p])
			}
		}
	}
	if factors == 0 || oneFactors == 0 {
		t.Fatal("no factors were read; the test proves nothing")
	}
	for _, key := range []string{"/api/v1/users", "/api/v1/users?search"} {
		if five[key] != 1 || one[key] != 1 {
			t.Errorf("%s: %d requests per plan with checks.tf, %d with one check; want 1 and 1", key, five[key], one[key])
		}
	}
	t.Logf("requests per plan on the demo org: examples/demo's checks.tf %d (%d factor lists), the MFA check alone %d",
		fiveTotal, factors, oneTotal)
	t.Logf("checks.tf by path: %s", summarizePaths(five))
}

// summarizePaths groups per-id paths (/api/v1/users/00u…/factors) into one
// line each.
func summarizePaths(byPath map[string]int) string {
	groups := map[string]int{}
	for p, n := range byPath {
		parts := strings.Split(p, "/")
		for i, s := range parts {
			if i >= 4 && len(s) == 20 {
				parts[i] = "{id}"
			}
		}
		groups[strings.Join(parts, "/")] += n
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %-40s %d", k, groups[k])
	}
	return b.String()
}

// TestAccCheckUnknownInputs: in warn mode, an input known only at apply makes
// the results unknown in the plan instead of failing it; the apply evaluates
// the check. (In block mode it fails the plan: TestAccUnknownIsNotAPass.)
func TestAccCheckUnknownInputs(t *testing.T) {
	t.Parallel()
	s, provider := startCheckSim(t, newTestOrg())
	const addr = "oktagate_mfa_check.staff"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
resource "terraform_data" "ticket" {
  input = "erin@initech.example"
}

resource "oktagate_mfa_check" "staff" {
  enforcement = "warn"
  exception {
    subject = terraform_data.ticket.output
    reason  = "known only at apply"
    expires = "` + farFuture + `"
  }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("status")),
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("violations")),
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("fingerprint")),
				// The MFA check's controls depend on phishing_resistant (the catalog):
				// unknown with the inputs, known at apply.
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("controls")),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs(addr, map[string]string{
					"status":                       "fail",
					"violation_count":              "1",
					"violations.0.subject":         "frank@initech.example",
					"exceptions_applied.0.subject": "erin@initech.example",
				}),
				onlyReads(s),
			),
		}},
	})
}

// TestAccCheckInputRefusals: inputs a check can never evaluate fail at plan
// time, before any request, saying what to change.
func TestAccCheckInputRefusals(t *testing.T) {
	t.Parallel()
	s, provider := startCheckSim(t, newTestOrg())
	cases := []struct {
		name, config string
		want         *regexp.Regexp
	}{
		{"expires is not a date", `resource "oktagate_mfa_check" "x" {
  exception {
    subject = "erin@initech.example"
    reason  = "r"
    expires = "31/12/2026"
  }
}`, phrases("Invalid date", `"31/12/2026" is not a date in the form YYYY-MM-DD`)},
		{"expires is missing", `resource "oktagate_mfa_check" "x" {
  exception {
    subject = "erin@initech.example"
    reason  = "r"
  }
}`, phrase(`The argument "expires" is required`)},
		{"unknown enforcement", `resource "oktagate_scope_check" "x" {
  enforcement = "audit"
}`, phrase(`enforcement value must be one of`)},
		{"phishing resistant without such a type", `resource "oktagate_mfa_check" "x" {
  phishing_resistant   = true
  allowed_factor_types = ["sms"]
}`, phrases("Invalid oktagate_mfa_check arguments", "allowed_factor_types sms has no phishing-resistant type")},
		{"a leaver listed twice", `resource "oktagate_offboarding_check" "x" {
  offboarded = [
    { login = "frank@initech.example", date = "2025-03-01" },
    { login = "Frank@initech.example", date = "2025-03-02" },
  ]
}`, phrases("Invalid oktagate_offboarding_check arguments", "offboarded: Frank@initech.example is listed twice")},
		{"bad grace period", `resource "oktagate_offboarding_check" "x" {
  offboarded   = [{ login = "frank@initech.example", date = "2025-03-01" }]
  grace_period = "a week"
}`, phrase(`Invalid grace_period`)},
		{"an app label for an id", `resource "oktagate_access_review" "x" {
  app_id      = "Initech Portal"
  reviewed_on = "2025-03-01"
}`, phrase("must be an Okta app id")},
		{"a status Okta does not have", `resource "oktagate_unique_email_check" "x" {
  statuses = ["ENABLED"]
}`, phrase("value must be one of")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(nil),
				Steps:                    []resource.TestStep{{Config: provider + tc.config, ExpectError: tc.want}},
			})
		})
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("refused inputs still made %d requests", n)
	}
}
