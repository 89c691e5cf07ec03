package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// Trusted origins of the test org.
const (
	tosIntranet = "tos00000000000000to1"
	tosTenants  = "tos00000000000000to2"
	tosLegacy   = "tos00000000000000to3"
	tosWidget   = "tos00000000000000to4"
	tosRetired  = "tos00000000000000to5"
)

func originScopes(types ...string) []oktasim.TrustedOriginScope {
	out := make([]oktasim.TrustedOriginScope, 0, len(types))
	for _, t := range types {
		out = append(out, oktasim.TrustedOriginScope{Type: t})
	}
	return out
}

// addTrustedOrigins gives the test org an https origin that passes, three
// that fail by default (a wildcard, plain http, an iframe embed) and an
// INACTIVE one that would fail on every count.
func addTrustedOrigins(org *oktasim.Org) {
	at := ts(3, 9)
	o := func(id, name, origin, status string, scopes ...string) *oktasim.TrustedOrigin {
		return &oktasim.TrustedOrigin{ID: id, Name: name, Origin: origin, Status: status, Scopes: originScopes(scopes...),
			Created: at, LastUpdated: at, CreatedBy: uAlice, LastUpdatedBy: uAlice}
	}
	org.TrustedOrigins = append(org.TrustedOrigins,
		o(tosIntranet, "Intranet", "https://intranet.initech.example", "ACTIVE", "CORS", "REDIRECT"),
		o(tosTenants, "Tenants", "https://*.initech.example", "ACTIVE", "CORS"),
		o(tosLegacy, "Legacy", "http://legacy.initech.example:8080", "ACTIVE", "REDIRECT"),
		o(tosWidget, "Widget", "https://widget.initech.example", "ACTIVE", "CORS", "IFRAME_EMBED"),
		o(tosRetired, "Retired", "http://*.old.example", "INACTIVE", "IFRAME_EMBED"),
	)
}

func trustedOriginByID(org *oktasim.Org, id string) *oktasim.TrustedOrigin {
	for _, o := range org.TrustedOrigins {
		if o.ID == id {
			return o
		}
	}
	panic("no trusted origin " + id)
}

func TestAccTrustedOriginCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addTrustedOrigins(org)
	checkLifecycle{
		typ: "oktagate_trusted_origin_check", name: "origins", org: org,
		warn: map[string]string{
			"subjects_evaluated":      "4",
			"violation_count":         "3",
			"violations.0.subject":    "Legacy",
			"violations.0.subject_id": tosLegacy,
			"violations.0.reason":     "origin http://legacy.initech.example:8080: plain http:// (not encrypted)",
			"violations.1.subject":    "Tenants",
			"violations.1.reason":     "origin https://*.initech.example: wildcard host *.initech.example trusts every matching host",
			"violations.2.subject":    "Widget",
			"violations.2.reason": "origin https://widget.initech.example: trusted for IFRAME_EMBED (it may frame the Okta " +
				"sign-in page: clickjacking) beyond the allowed scopes CORS, REDIRECT",
			"controls.#": "4",
			"controls.0": "ISO27001:2022 A.8.26",
			"controls.3": "SOC2 CC6.6",
		},
		blocked: []string{"(3 violations,", "Legacy (" + tosLegacy + "): origin http://legacy.initech.example:8080: plain http://"},
		waive:   []string{"Legacy", "Tenants", tosWidget},
		fix: func(org *oktasim.Org) {
			trustedOriginByID(org, tosTenants).Origin = "https://tenants.initech.example"
			trustedOriginByID(org, tosLegacy).Origin = "https://legacy.initech.example:8443"
			trustedOriginByID(org, tosWidget).Scopes = originScopes("CORS")
		},
		more: func(provider string) []resource.TestStep {
			return []resource.TestStep{
				{
					Config:      provider + "resource \"oktagate_trusted_origin_check\" \"origins\" {\n  allowed_domains = [\"https://initech.example\"]\n}\n",
					ExpectError: phrase("must be a host name such as example.com"),
				},
				{
					Config:      provider + "resource \"oktagate_trusted_origin_check\" \"origins\" {\n  allowed_scopes = [\"POPUP\"]\n}\n",
					ExpectError: phrase("value must be one of"),
				},
				{
					// Last, as the destroy needs a valid configuration: every origin is under initech.example.
					Config: provider + "resource \"oktagate_trusted_origin_check\" \"origins\" {\n  allowed_domains = [\"globex.example\"]\n}\n",
					ExpectError: phrases("Compliance check failed: oktagate_trusted_origin_check", "(4 violations,",
						"host intranet.initech.example is outside the allowed domains (globex.example)"),
				},
			}
		},
	}.run(t)
}

// TestAccTrustedOriginCheckPagesAndRateLimits: on an org the project has
// never seen, through pages of two origins and a 429 on every third
// request, the check finds exactly the expected violators with every
// argument set.
func TestAccTrustedOriginCheckPagesAndRateLimits(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	at := ts(4, 9)
	var want []knownvalue.Check
	for i := range 9 {
		name := fmt.Sprintf("Origin %02d", i)
		origin := fmt.Sprintf("https://app%d.globex.example", i)
		scopes := []string{"CORS"}
		switch i % 3 {
		case 1: // outside allowed_domains
			origin = fmt.Sprintf("https://app%d.globex-cdn.example", i)
		case 2: // an iframe embed, allowed; on plain http to localhost, allowed
			origin = fmt.Sprintf("http://localhost:%d", 3000+i)
			scopes = append(scopes, "IFRAME_EMBED")
		}
		if i == 4 { // and a redirect, not allowed
			scopes = append(scopes, "REDIRECT")
		}
		org.TrustedOrigins = append(org.TrustedOrigins, &oktasim.TrustedOrigin{ID: fmt.Sprintf("tos1000000000000000%d", i),
			Name: name, Origin: origin, Status: "ACTIVE", Scopes: originScopes(scopes...), Created: at, LastUpdated: at})
		if i%3 == 1 {
			reason := "origin " + origin + ": host " + strings.TrimPrefix(origin, "https://") + " is outside the allowed domains (globex.example)"
			if i == 4 {
				reason += "; trusted for REDIRECT beyond the allowed scopes CORS, IFRAME_EMBED"
			}
			want = append(want, knownvalue.ObjectExact(map[string]knownvalue.Check{
				"subject": knownvalue.StringExact(name), "subject_id": knownvalue.StringExact(fmt.Sprintf("tos1000000000000000%d", i)),
				"reason": knownvalue.StringExact(reason),
			}))
		}
	}
	s, provider := startThrottledSim(t, org, 2, every429(3))
	addr := "oktagate_trusted_origin_check.origins"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `resource "oktagate_trusted_origin_check" "origins" {
  enforcement     = "warn"
  allowed_domains = ["*.globex.example"]
  allowed_scopes  = ["CORS", "IFRAME_EMBED"]
  allow_localhost = true
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations"), knownvalue.ListExact(want)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(9)),
			},
			Check: func(*terraform.State) error {
				var throttled, paged int
				for _, r := range s.Requests() {
					if r.Path != "/api/v1/trustedOrigins" {
						continue
					}
					if r.Status == http.StatusTooManyRequests {
						throttled++
					}
					if strings.Contains(r.RawQuery, "after=") {
						paged++
					}
				}
				if throttled == 0 || paged == 0 {
					return fmt.Errorf("the trusted origins met %d 429s and %d next links; the test proves nothing", throttled, paged)
				}
				return nil
			},
		}},
	})
}

// TestAccTrustedOriginCheckForbidden: without okta.trustedOrigins.read the
// plan fails naming the scope and the request.
func TestAccTrustedOriginCheckForbidden(t *testing.T) {
	t.Parallel()
	_, provider := startForbiddenSim(t, newTestOrg(), "/api/v1/trustedOrigins")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config:      provider + "resource \"oktagate_trusted_origin_check\" \"t\" {}\n",
			ExpectError: phrases("Missing Okta scope or admin role", "okta.trustedOrigins.read", "GET /api/v1/trustedOrigins"),
		}},
	})
}

// TestAccTrustedOriginCheckDemoOrg plans two trusted origin checks on the
// demo org: the trusted origins are read once (one page) for both, and
// nothing else is asked for.
func TestAccTrustedOriginCheckDemoOrg(t *testing.T) {
	t.Parallel()
	byKey, total := planRequestsByQuery(t, `
resource "oktagate_trusted_origin_check" "origins" {
  enforcement = "warn"
}
resource "oktagate_trusted_origin_check" "company" {
  enforcement     = "warn"
  allowed_domains = ["acme.com"]
}
`)
	if byKey["/api/v1/trustedOrigins?limit=200"] != 1 || total != 1 {
		t.Errorf("requests of one plan: %v (%d), want only the trusted origins, once", byKey, total)
	}
}

// TestAccTrustedOriginCheckDemoViolators: the demo org's web app passes, its
// support widget (an iframe embed) and events sites (a plain-http wildcard)
// fail, and its INACTIVE localhost origin is not judged.
func TestAccTrustedOriginCheckDemoViolators(t *testing.T) {
	t.Parallel()
	_, provider := startCheckSim(t, fixtures.DemoOrg(1, time.Now().UTC()))
	subject := func(name string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{"subject": knownvalue.StringExact(name)})
	}
	addr := "oktagate_trusted_origin_check.origins"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + "resource \"oktagate_trusted_origin_check\" \"origins\" {\n  enforcement = \"warn\"\n}\n",
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations"), knownvalue.ListExact([]knownvalue.Check{
					subject(fixtures.DemoTrustedOriginWildcard), subject(fixtures.DemoTrustedOriginIframe),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(3)),
			},
		}},
	})
}
