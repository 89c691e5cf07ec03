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

// Apps of the test org that fail the app sign-on check.
const (
	aTimesheets = "0oa000000000000son01"
	aSPA        = "0oa000000000000son02"
	aWiki       = "0oa000000000000son03"
)

func appByID(org *oktasim.Org, id string) *oktasim.App {
	for _, a := range org.Apps {
		if a.ID == id {
			return a
		}
	}
	panic("no app " + id)
}

// addSignOnApps gives the test org an SWA app (a stored password), a browser
// OIDC app allowing the implicit grant and assigned only to a group, and a
// SAML app assigned to nobody. Its portal (a service app) and bookmark pass.
func addSignOnApps(org *oktasim.Org) {
	at := ts(5, 9)
	user := func(id string) []oktasim.AppUser {
		return []oktasim.AppUser{{UserID: id, Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED", Created: at, LastUpdated: at}}
	}
	org.Apps = append(org.Apps,
		&oktasim.App{ID: aTimesheets, Name: "template_swa", Label: "Timesheets", Status: "ACTIVE", SignOnMode: "AUTO_LOGIN",
			Created: at, LastUpdated: at, Settings: map[string]any{"url": "https://timesheets.example.net"}, Users: user(uBob)},
		&oktasim.App{ID: aSPA, Name: "oidc_client", Label: "Initech SPA", Status: "ACTIVE", SignOnMode: "OPENID_CONNECT",
			Created: at, LastUpdated: at,
			OAuth: &oktasim.OAuthClient{ClientID: aSPA, TokenEndpointAuthMethod: "none", ApplicationType: "browser",
				RedirectURIs: []string{"https://spa.initech.example/callback"},
				GrantTypes:   []string{"implicit", "authorization_code"}, ResponseTypes: []string{"token", "id_token", "code"}},
			Groups: []oktasim.AppGroup{{GroupID: gEng, LastUpdated: at}}},
		&oktasim.App{ID: aWiki, Name: "wiki_saml", Label: "Wiki", Status: "ACTIVE", SignOnMode: "SAML_2_0", Created: at, LastUpdated: at},
	)
}

func TestAccAppSignOnCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addSignOnApps(org)
	checkLifecycle{
		typ: "oktagate_app_sign_on_check", name: "apps", org: org,
		warn: map[string]string{
			"subjects_evaluated":      "5",
			"violation_count":         "3",
			"violations.0.subject":    "Initech SPA",
			"violations.0.subject_id": aSPA,
			"violations.0.reason":     "its OAuth client allows the forbidden grant type implicit",
			"violations.1.subject":    "Timesheets",
			"violations.1.reason": "signs in with AUTO_LOGIN (Secure Web Authentication: a stored password), not an allowed " +
				"sign-on mode (BOOKMARK, OPENID_CONNECT, SAML_1_1, SAML_2_0, WS_FEDERATION)",
			"violations.2.subject": "Wiki",
			"violations.2.reason":  "assigned to no user and no group",
			"controls.#":           "5",
			"controls.0":           "CISv8.1 6.7",
			"controls.4":           "SOC2 CC6.1",
		},
		blocked: []string{"(3 violations,", "Wiki (" + aWiki + "): assigned to no user and no group"},
		waive:   []string{"Timesheets", aSPA, "wiki"},
		fix: func(org *oktasim.Org) {
			appByID(org, aTimesheets).SignOnMode = "SAML_2_0"
			appByID(org, aSPA).OAuth.GrantTypes = []string{"authorization_code"}
			wiki := appByID(org, aWiki)
			wiki.Users = append(wiki.Users, oktasim.AppUser{UserID: uAlice, Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED",
				Created: ts(6, 1), LastUpdated: ts(6, 1)})
		},
		more: func(provider string) []resource.TestStep {
			return []resource.TestStep{
				{
					Config:      provider + "resource \"oktagate_app_sign_on_check\" \"apps\" {\n  allowed_sign_on_modes = [\"SWA\"]\n}\n",
					ExpectError: phrase("value must be one of"),
				},
				{
					// Last, as the destroy needs a valid configuration: only SAML is allowed, the bookmark is excluded.
					Config: provider + "resource \"oktagate_app_sign_on_check\" \"apps\" {\n  allowed_sign_on_modes = [\"SAML_2_0\"]\n" +
						"  exclude_app_ids = [\"" + aBookmark + "\"]\n}\n",
					ExpectError: phrases("Compliance check failed: oktagate_app_sign_on_check", "(2 violations,",
						"Initech Portal ("+aPortal+"): signs in with OPENID_CONNECT, not an allowed sign-on mode (SAML_2_0)"),
				},
			}
		},
	}.run(t)
}

// TestAccAppSignOnCheckPagesAndRateLimits: on an org the project has never
// seen, through pages of two and a 429 on every fourth request, the check
// finds exactly the expected violators with every argument set.
func TestAccAppSignOnCheckPagesAndRateLimits(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	org.Apps = nil
	at := ts(6, 9)
	var want []knownvalue.Check
	for i := range 8 {
		id := fmt.Sprintf("0oa10000000000000a%02d", i)
		a := &oktasim.App{ID: id, Name: fmt.Sprintf("app%d", i), Label: fmt.Sprintf("App %d", i), Status: "ACTIVE",
			SignOnMode: "SAML_2_0", Created: at, LastUpdated: at,
			Users: []oktasim.AppUser{{UserID: uAlice, Scope: "USER", Status: "ACTIVE", SyncState: "DISABLED", Created: at, LastUpdated: at}}}
		reason := ""
		switch i % 4 {
		case 1:
			a.SignOnMode = "BROWSER_PLUGIN"
			reason = "signs in with BROWSER_PLUGIN (Secure Web Authentication with the Okta Browser Plugin: a stored password), " +
				"not an allowed sign-on mode (OPENID_CONNECT, SAML_2_0)"
		case 2:
			a.SignOnMode = "OPENID_CONNECT"
			a.OAuth = &oktasim.OAuthClient{ClientID: id, TokenEndpointAuthMethod: "client_secret_basic", ApplicationType: "web",
				RedirectURIs: []string{"https://app.example/cb"}, GrantTypes: []string{"authorization_code", "implicit", "password"},
				ResponseTypes: []string{"code"}}
			reason = "its OAuth client allows the forbidden grant type password"
		case 3:
			a.Users = nil
			if i != 7 { // excluded
				reason = "assigned to no user and no group"
			}
		}
		org.Apps = append(org.Apps, a)
		if reason != "" {
			want = append(want, knownvalue.ObjectExact(map[string]knownvalue.Check{
				"subject": knownvalue.StringExact(a.Label), "subject_id": knownvalue.StringExact(id), "reason": knownvalue.StringExact(reason),
			}))
		}
	}
	s, provider := startThrottledSim(t, org, 2, every429(4))
	addr := "oktagate_app_sign_on_check.apps"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `resource "oktagate_app_sign_on_check" "apps" {
  enforcement           = "warn"
  allowed_sign_on_modes = ["SAML_2_0", "OPENID_CONNECT"]
  forbidden_grant_types = ["password"]
  exclude_app_ids       = ["0oa10000000000000a07"]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations"), knownvalue.ListExact(want)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(7)),
			},
			Check: func(*terraform.State) error {
				var throttled, paged int
				for _, r := range s.Requests() {
					if r.Method != http.MethodGet {
						return fmt.Errorf("a compliance check wrote to Okta: %s %s", r.Method, r.Path)
					}
					if r.Status == http.StatusTooManyRequests {
						throttled++
					}
					if r.Path == "/api/v1/apps" && strings.Contains(r.RawQuery, "after=") {
						paged++
					}
				}
				if throttled == 0 || paged == 0 {
					return fmt.Errorf("the run met %d 429s and followed %d next links of apps; the test proves nothing", throttled, paged)
				}
				return nil
			},
		}},
	})
}

// TestAccAppSignOnCheckForbidden: without okta.apps.read the plan fails
// naming the scope and the request.
func TestAccAppSignOnCheckForbidden(t *testing.T) {
	t.Parallel()
	_, provider := startForbiddenSim(t, newTestOrg(), "/api/v1/apps")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config:      provider + "resource \"oktagate_app_sign_on_check\" \"t\" {}\n",
			ExpectError: phrases("Missing Okta scope or admin role", "okta.apps.read", "GET /api/v1/apps"),
		}},
	})
}

// TestAccAppSignOnCheckDemoOrg: the demo org's SWA payroll app, its legacy
// app allowing the password grant and its unassigned expenses app fail; its
// SAML, OIDC, bookmark and service apps pass and its INACTIVE app is not
// judged. Alone on the demo org, the check reads the apps, the users of each
// judged app and the groups of the one with none.
func TestAccAppSignOnCheckDemoOrg(t *testing.T) {
	t.Parallel()
	_, provider := startCheckSim(t, fixtures.DemoOrg(1, time.Now().UTC()))
	subject := func(name string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{"subject": knownvalue.StringExact(name)})
	}
	addr := "oktagate_app_sign_on_check.apps"
	config := "resource \"oktagate_app_sign_on_check\" \"apps\" {\n  enforcement = \"warn\"\n}\n"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations"), knownvalue.ListExact([]knownvalue.Check{
					subject(fixtures.DemoUnassignedAppLabel), subject(fixtures.DemoLegacyGrantLabel), subject(fixtures.DemoPasswordAppLabel),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(11)),
			},
		}},
	})
	byKey, total := planRequestsByQuery(t, config)
	t.Logf("requests of one plan with the app sign-on check alone on the demo org: %d%s", total, summarizeQueries(byKey))
	if byKey["/api/v1/apps?limit=200"] != 1 {
		t.Errorf("apps listed %d times in one plan, want 1: %v", byKey["/api/v1/apps?limit=200"], byKey)
	}
}

// TestAccTrustedOriginAndAppSignOnShareOneSnapshot plans the whole demo
// example (its data sources and every check in examples/demo) with and
// without the trusted origin and app sign-on checks: every request is made
// once per plan, and the two checks add only the trusted origins' one page,
// as the apps, their users and groups are already read for the others.
func TestAccTrustedOriginAndAppSignOnShareOneSnapshot(t *testing.T) {
	t.Parallel()
	base := demoExample(t, "main.tf", "checks.tf", "evidence_checks.tf", "stig_checks.tf")
	both := `
resource "oktagate_trusted_origin_check" "origins" {
  enforcement = "warn"
}
resource "oktagate_app_sign_on_check" "apps" {
  enforcement = "warn"
}
`
	before, beforeTotal := planRequestsByQuery(t, base)
	after, afterTotal := planRequestsByQuery(t, base+both)
	added := map[string]int{}
	for k, n := range after {
		if n != 1 {
			t.Errorf("%s requested %d times in one plan", k, n)
		}
		if d := n - before[k]; d != 0 {
			added[k] = d
		}
	}
	if len(added) != 1 || added["/api/v1/trustedOrigins?limit=200"] != 1 {
		t.Errorf("the two checks added %v, want only /api/v1/trustedOrigins?limit=200", added)
	}
	t.Logf("requests per plan on the demo org: %d, with the two checks %d", beforeTotal, afterTotal)
}
