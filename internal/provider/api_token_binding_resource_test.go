package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	rt "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

const (
	tbName     = "oktagate_api_token_binding.gate"
	tbSvc      = "00u0000000000000svc01"
	tbOther    = "00u0000000000000ops02"
	tbToken    = "00T0000000000000tok01"
	tbForeign  = "00T0000000000000tok02"
	tbExpiring = "00T0000000000000tok03"
)

// newTokenOrg: a service account with a long-lived and an expiring token, and
// another admin with a token of its own.
func newTokenOrg(now time.Time) *oktasim.Org {
	org := newProvOrg()
	org.Users = []*oktasim.User{
		{ID: tbSvc, Status: "ACTIVE", Created: ts(1, 1), LastUpdated: ts(1, 1),
			Profile: map[string]any{"login": "svc-gate@initech.example", "email": "secops@initech.example"}},
		{ID: tbOther, Status: "ACTIVE", Created: ts(1, 2), LastUpdated: ts(1, 2),
			Profile: map[string]any{"login": "bill@initech.example", "email": "bill@initech.example"}},
	}
	org.UserRoles[tbSvc] = []*oktasim.RoleAssignment{{ID: "ra00000000000000svc1", Type: "READ_ONLY_ADMIN", Status: "ACTIVE", AssignmentType: "USER"}}
	org.APITokens = []*oktasim.APIToken{
		{ID: tbToken, Name: "made-by-hand", UserID: tbSvc, ClientName: "Okta API", TokenWindow: "P30D",
			Created: ts(2, 1), LastUpdated: ts(2, 1), ExpiresAt: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC),
			Network: oktasim.TokenNetwork{Connection: "ANYWHERE"}, Secret: "00svcTokenSecret0000000000001"},
		{ID: tbForeign, Name: "bills-script", UserID: tbOther, ClientName: "Okta API", TokenWindow: "P30D",
			Created: ts(2, 2), LastUpdated: ts(2, 2), ExpiresAt: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC),
			Network: oktasim.TokenNetwork{Connection: "ANYWHERE"}, Secret: "00billTokenSecret000000000002"},
		{ID: tbExpiring, Name: "short", UserID: tbSvc, ClientName: "Okta API", TokenWindow: "P7D",
			Created: ts(2, 3), LastUpdated: ts(2, 3), ExpiresAt: now.Add(3 * 24 * time.Hour),
			Network: oktasim.TokenNetwork{Connection: "ANYWHERE"}, Secret: "00svcTokenSecret0000000000003"},
	}
	return org
}

func tbConfig(provider, body string) string {
	return provider + "resource \"oktagate_api_token_binding\" \"gate\" {\n" + body + "\n}\n"
}

func simToken(o *oktasim.Org, id string) *oktasim.APIToken {
	for _, t := range o.APITokens {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// TestAccAPITokenBinding: adopt a token, set its name and network, change
// both, repair drift, import, and lose it to a revocation made outside
// Terraform (dropped from the state with a warning; the plan then says the
// token is gone). Destroy leaves the token in Okta.
func TestAccAPITokenBinding(t *testing.T) {
	t.Parallel()
	s, provider := startSim(t, newTokenOrg(time.Now()), oktasim.Options{Unlimited: true})
	zoneCfg := tbConfig(provider, `
  token_id           = "`+tbToken+`"
  service_account_id = "`+tbSvc+`"
  name               = "ci-gate"
  min_days_to_expiry = 7
  network = {
    connection = "ZONE"
    include    = ["nzo00000000000000002", "nzo00000000000000001"]
  }`)
	network := func(wanted string) rt.TestCheckFunc {
		return simCheck(s, func(o *oktasim.Org) error {
			tok := simToken(o, tbToken)
			if tok == nil {
				return fmt.Errorf("token gone")
			}
			got := tok.Name + " " + tok.Network.Connection + " " + strings.Join(sortedStrings(tok.Network.Include), ",") +
				" " + strings.Join(sortedStrings(tok.Network.Exclude), ",")
			return want("token", got, wanted)
		})
	}
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		CheckDestroy: simCheck(s, func(o *oktasim.Org) error {
			if simToken(o, tbToken) == nil {
				return fmt.Errorf("destroy revoked the token although revoke_on_destroy is false")
			}
			return nil
		}),
		Steps: []rt.TestStep{
			{
				Config: zoneCfg,
				Check: rt.ComposeAggregateTestCheckFunc(
					checkAttrs(tbName, map[string]string{
						"id": tbToken, "name": "ci-gate", "network.connection": "ZONE", "network.include.#": "2",
						"client_name": "Okta API", "token_window": "P30D", "created": rfc(2, 1),
						"expires_at": "2099-01-01T00:00:00Z", "revoke_on_destroy": "false",
					}),
					rt.TestCheckNoResourceAttr(tbName, "network.exclude"),
					network("ci-gate ZONE nzo00000000000000001,nzo00000000000000002 "),
				),
			},
			{
				Config: tbConfig(provider, `
  token_id           = "`+tbToken+`"
  service_account_id = "`+tbSvc+`"
  name               = "ci-gate-2"
  network = {
    connection = "ZONE"
    exclude    = ["nzo00000000000000009"]
  }`),
				ConfigPlanChecks: rt.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tbName, plancheck.ResourceActionUpdate),
				}},
				Check: network("ci-gate-2 ZONE  nzo00000000000000009"),
			},
			{
				Config: tbConfig(provider, `
  token_id           = "`+tbToken+`"
  service_account_id = "`+tbSvc+`"
  name               = "ci-gate-2"
  network = {
    connection = "ANYWHERE"
  }`),
				Check: network("ci-gate-2 ANYWHERE  "),
			},
			{
				// Drift: someone renames the token and restricts it by hand.
				PreConfig: simChange(t, s, func(o *oktasim.Org) {
					tok := simToken(o, tbToken)
					tok.Name = "renamed-by-hand"
					tok.Network = oktasim.TokenNetwork{Connection: "ZONE", Include: []string{"nzo00000000000000005"}}
				}),
				Config: zoneCfg,
				ConfigPlanChecks: rt.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tbName, plancheck.ResourceActionUpdate),
				}},
				Check: network("ci-gate ZONE nzo00000000000000001,nzo00000000000000002 "),
			},
			{
				ResourceName: tbName, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"min_days_to_expiry"},
			},
			{
				// Revoked outside Terraform: Read drops it with a warning, and
				// the plan to bind it again fails because it no longer exists.
				PreConfig: simChange(t, s, func(o *oktasim.Org) {
					o.APITokens = append(o.APITokens[:0], o.APITokens[1:]...)
				}),
				Config:      zoneCfg,
				ExpectError: regexp.MustCompile(phrase("API token not found").String() + `(?s).*` + tbToken),
			},
			{
				// Put back, so destroy has something to leave alone.
				PreConfig: simChange(t, s, func(o *oktasim.Org) {
					o.APITokens = append([]*oktasim.APIToken{{ID: tbToken, Name: "again", UserID: tbSvc, ClientName: "Okta API",
						TokenWindow: "P30D", Created: ts(2, 1), LastUpdated: ts(2, 1), ExpiresAt: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC),
						Network: oktasim.TokenNetwork{Connection: "ANYWHERE"}}}, o.APITokens...)
				}),
				Config: zoneCfg,
				Check:  network("ci-gate ZONE nzo00000000000000001,nzo00000000000000002 "),
			},
		},
	})
}

// TestAccAPITokenBindingRevokeOnDestroy: with revoke_on_destroy the token is
// revoked in Okta when the binding is destroyed.
func TestAccAPITokenBindingRevokeOnDestroy(t *testing.T) {
	t.Parallel()
	s, provider := startSim(t, newTokenOrg(time.Now()), oktasim.Options{Unlimited: true})
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		CheckDestroy: simCheck(s, func(o *oktasim.Org) error {
			if simToken(o, tbToken) != nil {
				return fmt.Errorf("the token was not revoked")
			}
			return nil
		}),
		Steps: []rt.TestStep{{
			Config: tbConfig(provider, `
  token_id           = "`+tbToken+`"
  service_account_id = "`+tbSvc+`"
  revoke_on_destroy  = true`),
			// Without name and network the token keeps what it has.
			Check: checkAttrs(tbName, map[string]string{"name": "made-by-hand", "network.connection": "ANYWHERE", "revoke_on_destroy": "true"}),
		}},
	})
}

// TestAccAPITokenBindingRefusals: a token owned by someone else, one that
// expires too soon, and impossible network conditions fail the plan; a 403
// names the missing permission.
func TestAccAPITokenBindingRefusals(t *testing.T) {
	t.Parallel()
	faults := &oktasim.Faults{}
	_, provider := startSim(t, newTokenOrg(time.Now()), oktasim.Options{Unlimited: true, Faults: faults})
	cases := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"owned by someone else", `
  token_id           = "` + tbForeign + `"
  service_account_id = "` + tbSvc + `"`,
			regexp.MustCompile(phrase("API token owned by another user").String() + `(?s).*bill@initech\.example \(` + tbOther + `\)`)},
		{"expires too soon", `
  token_id           = "` + tbExpiring + `"
  service_account_id = "` + tbSvc + `"
  min_days_to_expiry = 30`,
			regexp.MustCompile(phrase("API token expires too soon").String() + `(?s).*within the 30 days`)},
		{"zone without zones", `
  token_id           = "` + tbToken + `"
  service_account_id = "` + tbSvc + `"
  network            = { connection = "ZONE" }`,
			phrase("Connection ZONE needs zones")},
		{"network without connection", `
  token_id           = "` + tbToken + `"
  service_account_id = "` + tbSvc + `"
  network            = { include = ["nzo00000000000000001"] }`,
			phrase("Missing network connection")},
		{"zones with anywhere", `
  token_id           = "` + tbToken + `"
  service_account_id = "` + tbSvc + `"
  network            = { connection = "ANYWHERE", include = ["nzo00000000000000001"] }`,
			phrase("Network zones need connection ZONE")},
		{"not a user id", `
  token_id           = "` + tbToken + `"
  service_account_id = "svc-gate@initech.example"`,
			phrase("must be an Okta user id")},
	}
	for _, tc := range cases {
		rt.UnitTest(t, rt.TestCase{
			ProtoV6ProviderFactories: providerFactories(nil),
			Steps:                    []rt.TestStep{{Config: tbConfig(provider, tc.body), ExpectError: tc.want}},
		})
	}
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultForbidden, Method: "GET", PathPrefix: "/api/v1/api-tokens/"})
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []rt.TestStep{{
			Config: tbConfig(provider, `
  token_id           = "`+tbToken+`"
  service_account_id = "`+tbSvc+`"`),
			ExpectError: regexp.MustCompile(phrase("Missing Okta scope or admin role").String() + `(?s).*okta\.apiTokens\.read`),
		}},
	})
}
