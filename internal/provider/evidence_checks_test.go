package provider

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// evidenceChecksOrg is Initech with password and sign-on policies, Globex's
// admin roles, the token cast, extra users for paging, and sign-in dates.
func evidenceChecksOrg(now time.Time, extra int) *oktasim.Org {
	org := newTestOrg()
	addPasswordPolicies(org)
	addSignOnPolicies(org)
	addGlobexRoles(org)
	addTokenCast(org, tokenIn(now))
	for i := range extra {
		id := fmt.Sprintf("00u2%016d", i)
		org.Users = append(org.Users, &oktasim.User{ID: id, Status: "ACTIVE", Created: ts(14, 1), LastUpdated: ts(14, 2),
			Profile: map[string]any{"login": fmt.Sprintf("extra%02d@initech.example", i), "email": fmt.Sprintf("extra%02d@initech.example", i)}})
		org.Groups[0].MemberIDs = append(org.Groups[0].MemberIDs, id)
	}
	setActivity(org, now)
	return org
}

// TestAccEvidenceChecksThroughPagesAndRateLimits plans the five evidence
// checks together through pages of at most 3 items and a 429 on every 7th
// request: each finds exactly the expected violators.
func TestAccEvidenceChecksThroughPagesAndRateLimits(t *testing.T) {
	t.Parallel()
	const extra = 20
	now := time.Now().UTC()
	org := evidenceChecksOrg(now, extra)
	faults := &oktasim.Faults{}
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultTooManyRequests, Every: 7})
	s, provider := startSim(t, org, oktasim.Options{Unlimited: true, PageSizeCap: 3, Faults: faults})

	approved := strings.Replace(adminRolesBody, "  ]\n",
		"    { subject = \""+svcLogin+"\", roles = [\"READ_ONLY_ADMIN\"] },\n  ]\n", 1)
	config := provider + `
resource "oktagate_password_policy_check" "stig" {
  enforcement = "warn"
` + stigPasswordBody + `}
resource "oktagate_session_policy_check" "stig" {
  enforcement = "warn"
` + stigSessionBody + `}
resource "oktagate_inactive_users_check" "stig" {
  enforcement       = "warn"
  max_inactive_days = 35
}
resource "oktagate_admin_roles_check" "admins" {
  enforcement = "warn"
` + approved + `}
resource "oktagate_api_token_check" "tokens" {
  enforcement = "warn"
}
`
	subjects := func(addr string, want ...string) resource.TestCheckFunc {
		m := map[string]string{"violation_count": fmt.Sprint(len(want)), "violations.#": fmt.Sprint(len(want))}
		for i, w := range want {
			m[fmt.Sprintf("violations.%d.subject", i)] = w
		}
		return checkAttrs(addr, m)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				subjects("oktagate_password_policy_check.stig", "Contractors"),
				subjects("oktagate_session_policy_check.stig", "Default Policy / Default Rule"),
				subjects("oktagate_inactive_users_check.stig", "erin@initech.example", "frank@initech.example"),
				checkAttrs("oktagate_inactive_users_check.stig", map[string]string{"subjects_evaluated": fmt.Sprint(4 + 6 + 1 + extra)}),
				subjects("oktagate_admin_roles_check.admins", "Org admins", "SUPER_ADMIN", "eve@globex.example"),
				subjects("oktagate_api_token_check.tokens", "ci-gate", "legacy-script", expiredName),
				func(*terraform.State) error {
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
				},
			),
		}},
	})
}

// planRequestsByQuery plans config (twice, as a PlanOnly step does) against
// a fresh demo org and counts the requests of one plan by path and query.
func planRequestsByQuery(t *testing.T, config string) (map[string]int, int) {
	t.Helper()
	s, provider := startCheckSim(t, fixtures.DemoOrg(1, time.Now().UTC()))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps:                    []resource.TestStep{{Config: provider + config, PlanOnly: true, ExpectNonEmptyPlan: true}},
	})
	const plans = 2
	byKey := map[string]int{}
	total := 0
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("a compliance check wrote to Okta: %s %s", r.Method, r.Path)
		}
		key := r.Path
		if r.RawQuery != "" {
			key += "?" + r.RawQuery
		}
		byKey[key]++
		total++
	}
	for k, n := range byKey {
		if n%plans != 0 {
			t.Errorf("%s: %d requests over %d plans", k, n, plans)
		}
		byKey[k] = n / plans
	}
	return byKey, total / plans
}

// TestAccTenChecksShareOneSnapshot plans examples/demo (its data sources,
// checks.tf and evidence_checks.tf) on the demo org, and without
// evidence_checks.tf: with all of it, every request (path and query) is made
// once per plan, so each collection — users, factors, policies of each type,
// their rules, role assignments, tokens — is fetched once however many checks
// and data sources read it. The log reports what the evidence checks add.
func TestAccTenChecksShareOneSnapshot(t *testing.T) {
	t.Parallel()
	ten, tenTotal := planRequestsByQuery(t, demoExample(t, "main.tf", "checks.tf", "evidence_checks.tf"))
	five, fiveTotal := planRequestsByQuery(t, demoExample(t, "main.tf", "checks.tf"))
	for k, n := range ten {
		if n != 1 {
			t.Errorf("%s requested %d times in one plan with ten checks", k, n)
		}
	}
	for _, k := range []string{"/api/v1/policies?type=PASSWORD", "/api/v1/policies?type=OKTA_SIGN_ON", "/api/v1/api-tokens"} {
		if ten[k] != 1 {
			t.Errorf("%s: %d requests, want 1", k, ten[k])
		}
	}
	added := map[string]int{}
	for k, n := range ten {
		if d := n - five[k]; d > 0 {
			added[k] = d
		}
	}
	t.Logf("requests per plan on the demo org: ten checks %d, the first five %d (+%d)", tenTotal, fiveTotal, tenTotal-fiveTotal)
	t.Logf("what the five evidence checks add, by path: %s", summarizeQueries(added))
}

// summarizeQueries groups per-id paths into one line each, keeping the query
// without its paging cursor.
func summarizeQueries(byKey map[string]int) string {
	groups := map[string]int{}
	for k, n := range byKey {
		p, q, _ := strings.Cut(k, "?")
		parts := strings.Split(p, "/")
		for i, s := range parts {
			if i >= 4 && len(s) == 20 {
				parts[i] = "{id}"
			}
		}
		key := strings.Join(parts, "/")
		if q != "" && !strings.Contains(q, "after=") {
			key += "?" + q
		}
		groups[key] += n
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %-50s %d", k, groups[k])
	}
	return b.String()
}
