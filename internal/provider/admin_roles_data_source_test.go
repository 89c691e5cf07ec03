package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// Users, groups and apps of Globex's admin roles.
const (
	uGxAnn  = "00u00000000000000gx1" // SUPER_ADMIN directly; Org admins member
	uGxBen  = "00u00000000000000gx2" // roles only through Org admins
	uGxCat  = "00u00000000000000gx3" // READ_ONLY_ADMIN directly, HELP_DESK_ADMIN through Help desk
	uGxDan  = "00u00000000000000gx4" // no role
	uGxEve  = "00u00000000000000gx5" // SUSPENDED, ORG_ADMIN directly
	uGxExtA = "00u00000000000000gx6" // extra members of Org admins, for paging
	uGxExtB = "00u00000000000000gx7"

	gGxOrgAdmins = "00g00000000000000gx1"
	gGxHelpDesk  = "00g00000000000000gx2"
	gGxPlain     = "00g00000000000000gx3"

	aGxScanner = "0oa00000000000000gx1"
	aGxWeb     = "0oa00000000000000gx2"
)

// addGlobexRoles gives org users holding roles directly and through groups,
// a group without roles, and OAuth apps with and without client roles.
func addGlobexRoles(org *oktasim.Org) {
	at := ts(2, 3)
	for _, u := range []struct{ id, login, status string }{
		{uGxAnn, "ann@globex.example", "ACTIVE"}, {uGxBen, "ben@globex.example", "ACTIVE"},
		{uGxCat, "cat@globex.example", "ACTIVE"}, {uGxDan, "dan@globex.example", "ACTIVE"},
		{uGxEve, "eve@globex.example", "SUSPENDED"}, {uGxExtA, "ext.a@globex.example", "ACTIVE"},
		{uGxExtB, "ext.b@globex.example", "ACTIVE"},
	} {
		org.Users = append(org.Users, &oktasim.User{ID: u.id, Status: u.status, Created: at, LastUpdated: at,
			Profile: map[string]any{"login": u.login, "email": u.login}})
	}
	org.Groups = append(org.Groups,
		&oktasim.Group{ID: gGxOrgAdmins, Type: "OKTA_GROUP", Name: "Org admins", Created: at, LastUpdated: at,
			MemberIDs: []string{uGxAnn, uGxBen, uGxExtA, uGxExtB}},
		&oktasim.Group{ID: gGxHelpDesk, Type: "OKTA_GROUP", Name: "Help desk", Created: at, LastUpdated: at, MemberIDs: []string{uGxCat}},
		&oktasim.Group{ID: gGxPlain, Type: "OKTA_GROUP", Name: "Plain", Created: at, LastUpdated: at, MemberIDs: []string{uGxAnn, uGxDan}},
	)
	role := func(id, typ, kind string) *oktasim.RoleAssignment {
		return &oktasim.RoleAssignment{ID: id, Type: typ, Status: "ACTIVE", AssignmentType: kind, Created: at, LastUpdated: at}
	}
	org.UserRoles[uGxAnn] = []*oktasim.RoleAssignment{role("ra0000000000000gx001", "SUPER_ADMIN", "USER")}
	org.UserRoles[uGxCat] = []*oktasim.RoleAssignment{role("ra0000000000000gx002", "READ_ONLY_ADMIN", "USER")}
	org.UserRoles[uGxEve] = []*oktasim.RoleAssignment{role("ra0000000000000gx003", "ORG_ADMIN", "USER")}
	org.GroupRoles[gGxOrgAdmins] = []*oktasim.RoleAssignment{
		role("irb000000000000gx011", "REPORT_ADMIN", "GROUP"), role("irb000000000000gx010", "ORG_ADMIN", "GROUP"),
	}
	org.GroupRoles[gGxHelpDesk] = []*oktasim.RoleAssignment{role("irb000000000000gx020", "HELP_DESK_ADMIN", "GROUP")}
	org.Apps = append(org.Apps,
		&oktasim.App{ID: aGxScanner, Name: "oidc_client", Label: "Compliance scanner", Status: "ACTIVE", SignOnMode: "OPENID_CONNECT",
			Created: at, LastUpdated: at, OAuth: &oktasim.OAuthClient{ClientID: "0oascannerclient0gx1", ApplicationType: "service",
				TokenEndpointAuthMethod: "private_key_jwt", GrantTypes: []string{"client_credentials"}, ResponseTypes: []string{"token"}}},
		&oktasim.App{ID: aGxWeb, Name: "oidc_client", Label: "Globex web", Status: "ACTIVE", SignOnMode: "OPENID_CONNECT",
			Created: at, LastUpdated: at, OAuth: &oktasim.OAuthClient{ClientID: aGxWeb, ApplicationType: "web",
				TokenEndpointAuthMethod: "client_secret_basic", GrantTypes: []string{"authorization_code"}, ResponseTypes: []string{"code"}}},
		&oktasim.App{ID: "0oa00000000000000gx3", Name: "bookmark", Label: "Wiki", Status: "ACTIVE", SignOnMode: "BOOKMARK",
			Created: at, LastUpdated: at, Settings: map[string]any{"url": "https://wiki.globex.example"}},
	)
	org.ClientRoles["0oascannerclient0gx1"] = []*oktasim.RoleAssignment{role("ra0000000000000gx030", "READ_ONLY_ADMIN", "CLIENT")}
}

// globexRoleAttrs is what oktagate_admin_roles reads from addGlobexRoles.
func globexRoleAttrs() map[string]string {
	want := map[string]string{"assignments.#": "7", "admins.#": "6"}
	for i, a := range [][6]string{
		{"USER", uGxAnn, "ann@globex.example", "SUPER_ADMIN", "ra0000000000000gx001", "ACTIVE"},
		{"USER", uGxCat, "cat@globex.example", "READ_ONLY_ADMIN", "ra0000000000000gx002", "ACTIVE"},
		{"USER", uGxEve, "eve@globex.example", "ORG_ADMIN", "ra0000000000000gx003", "ACTIVE"},
		{"GROUP", gGxOrgAdmins, "Org admins", "ORG_ADMIN", "irb000000000000gx010", "ACTIVE"},
		{"GROUP", gGxOrgAdmins, "Org admins", "REPORT_ADMIN", "irb000000000000gx011", "ACTIVE"},
		{"GROUP", gGxHelpDesk, "Help desk", "HELP_DESK_ADMIN", "irb000000000000gx020", "ACTIVE"},
		{"CLIENT", aGxScanner, "Compliance scanner", "READ_ONLY_ADMIN", "ra0000000000000gx030", "ACTIVE"},
	} {
		for j, k := range []string{"principal_type", "principal_id", "principal_name", "role_type", "role_id", "status"} {
			want[fmt.Sprintf("assignments.%d.%s", i, k)] = a[j]
		}
	}
	for i, a := range []struct {
		id, login, status string
		roles, via        []string
	}{
		{uGxAnn, "ann@globex.example", "ACTIVE", []string{"ORG_ADMIN", "REPORT_ADMIN", "SUPER_ADMIN"}, []string{gGxOrgAdmins}},
		{uGxBen, "ben@globex.example", "ACTIVE", []string{"ORG_ADMIN", "REPORT_ADMIN"}, []string{gGxOrgAdmins}},
		{uGxCat, "cat@globex.example", "ACTIVE", []string{"HELP_DESK_ADMIN", "READ_ONLY_ADMIN"}, []string{gGxHelpDesk}},
		{uGxEve, "eve@globex.example", "SUSPENDED", []string{"ORG_ADMIN"}, nil},
		{uGxExtA, "ext.a@globex.example", "ACTIVE", []string{"ORG_ADMIN", "REPORT_ADMIN"}, []string{gGxOrgAdmins}},
		{uGxExtB, "ext.b@globex.example", "ACTIVE", []string{"ORG_ADMIN", "REPORT_ADMIN"}, []string{gGxOrgAdmins}},
	} {
		p := fmt.Sprintf("admins.%d.", i)
		want[p+"user_id"], want[p+"login"], want[p+"status"] = a.id, a.login, a.status
		want[p+"role_types.#"], want[p+"via_group_ids.#"] = fmt.Sprint(len(a.roles)), fmt.Sprint(len(a.via))
		for j, r := range a.roles {
			want[fmt.Sprintf("%srole_types.%d", p, j)] = r
		}
		for j, g := range a.via {
			want[fmt.Sprintf("%svia_group_ids.%d", p, j)] = g
		}
	}
	return want
}

func TestAccAdminRolesDataSource(t *testing.T) {
	t.Parallel()
	org := oktasim.NewOrg()
	addGlobexRoles(org)
	s, provider := startSim(t, org, oktasim.Options{Unlimited: true, PageSizeCap: 2})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `data "oktagate_admin_roles" "all" {}` + "\n",
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs("data.oktagate_admin_roles.all", globexRoleAttrs()),
				func(*terraform.State) error {
					// A group with no role is never asked for its roles; nor is
					// every group: the group holding a role is named by the
					// member's role list.
					for _, r := range s.Requests() {
						if r.Path == "/api/v1/groups/"+gGxPlain+"/roles" {
							return fmt.Errorf("read the roles of a group no admin holds a role through")
						}
					}
					return nil
				},
			),
		}},
	})
}

// TestAccEvidenceThroughPagesAndRateLimits reads the three evidence data
// sources from one org with pages of at most 2 items and a 429 on every 9th (six in all)
// request: every result is still exact.
func TestAccEvidenceThroughPagesAndRateLimits(t *testing.T) {
	t.Parallel()
	org := oktasim.NewOrg()
	addGlobexPolicies(org)
	addGlobexRoles(org)
	base := time.Now().UTC().Truncate(time.Hour).Add(-30 * time.Hour)
	evs := addGlobexLogs(org, base, 12)
	faults := &oktasim.Faults{}
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultTooManyRequests, Every: 9, Count: 6})
	s, provider := startSim(t, org, oktasim.Options{Unlimited: true, PageSizeCap: 2, Faults: faults})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + fmt.Sprintf(`
data "oktagate_admin_roles" "all" {}
data "oktagate_policies" "password" {
  type          = "PASSWORD"
  include_rules = true
}
data "oktagate_system_log" "window" {
  since = %q
  until = %q
}
`, base.Format(time.RFC3339), base.Add(6*time.Hour).Format(time.RFC3339)),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs("data.oktagate_admin_roles.all", globexRoleAttrs()),
				checkAttrs("data.oktagate_policies.password", map[string]string{
					"policies.#": "2", "policies.0.id": "00p0000000000000pw01", "policies.0.rules.#": "2",
					"policies.0.rules.1.id": "0pr0000000000000pw12", "policies.1.rules.#": "1",
				}),
				jsonAttrEquals("data.oktagate_policies.password", "policies.0.settings_json", globexPasswordSettings),
				checkLogEvents("data.oktagate_system_log.window", evs, false),
				func(*terraform.State) error {
					var throttled, paged int
					for _, r := range s.Requests() {
						if r.Method != http.MethodGet {
							return fmt.Errorf("a read-only plan wrote to Okta: %s %s", r.Method, r.Path)
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
					return logRequestsBounded(s)
				},
			),
		}},
	})
}
