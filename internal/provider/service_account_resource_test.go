package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	rt "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

const saName = "oktagate_service_account.svc"

func saConfig(provider, body string) string {
	return provider + "resource \"oktagate_service_account\" \"svc\" {\n" + body + "\n}\n"
}

// TestAccServiceAccount: create without a password (PROVISIONED, READ_ONLY_ADMIN
// by default), update every mutable attribute, repair drift made in Okta,
// import by id and by login, and destroy (roles removed, user deleted), with
// a 429 on every 15th request: writes are waited out and retried, never doubled.
func TestAccServiceAccount(t *testing.T) {
	t.Parallel()
	faults := &oktasim.Faults{}
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultTooManyRequests, Every: 15})
	s, provider := startSim(t, newProvOrg(), oktasim.Options{Unlimited: true, Faults: faults})
	var userID string
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		CheckDestroy: simCheck(s, func(o *oktasim.Org) error {
			if faults.Injected() == 0 {
				return fmt.Errorf("no 429 was injected: the test proves nothing about rate limits")
			}
			for _, login := range []string{"svc-gate@initech.example", "svc-posture@initech.example"} {
				if u := simUserByLogin(o, login); u != nil {
					return fmt.Errorf("%s still exists (%s)", login, u.Status)
				}
			}
			if len(o.UserRoles[userID]) > 0 {
				return fmt.Errorf("roles left behind: %s", simRoleTypes(o.UserRoles[userID]))
			}
			return nil
		}),
		Steps: []rt.TestStep{
			{
				Config: saConfig(provider, `
  login     = "svc-gate@initech.example"
  email     = "secops@initech.example"
  group_ids = ["`+gpOps+`"]`),
				Check: rt.ComposeAggregateTestCheckFunc(
					checkAttrs(saName, map[string]string{
						"status": "PROVISIONED", "admin_roles.#": "1", "admin_roles.0": "READ_ONLY_ADMIN",
						"first_name": "Service", "last_name": "Account", "group_ids.#": "1", "group_ids.0": gpOps,
						"allow_privileged_roles": "false",
					}),
					rt.TestMatchResourceAttr(saName, "id", regexp.MustCompile(`^00u`)),
					rt.TestCheckNoResourceAttr(saName, "password_wo"),
					func(st *terraform.State) error {
						userID = st.RootModule().Resources[saName].Primary.ID
						return nil
					},
					simCheck(s, func(o *oktasim.Org) error {
						u := simUserByLogin(o, "svc-gate@initech.example")
						if u == nil {
							return fmt.Errorf("user not created")
						}
						if err := want("status", u.Status, "PROVISIONED"); err != nil {
							return err
						}
						if err := want("roles", simRoleTypes(o.UserRoles[u.ID]), "READ_ONLY_ADMIN"); err != nil {
							return err
						}
						return want("groups", simGroupsOf(o, u.ID), gpOps)
					}),
				),
			},
			{
				// Every mutable attribute changes in place.
				Config: saConfig(provider, `
  login       = "svc-posture@initech.example"
  email       = "compliance@initech.example"
  first_name  = "Posture"
  last_name   = "Reader"
  admin_roles = ["READ_ONLY_ADMIN", "REPORT_ADMIN"]
  group_ids   = ["`+gpAudit+`"]`),
				ConfigPlanChecks: rt.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(saName, plancheck.ResourceActionUpdate),
				}},
				Check: rt.ComposeAggregateTestCheckFunc(
					checkAttrs(saName, map[string]string{
						"login": "svc-posture@initech.example", "email": "compliance@initech.example",
						"first_name": "Posture", "last_name": "Reader", "admin_roles.#": "2", "group_ids.0": gpAudit,
					}),
					simCheck(s, func(o *oktasim.Org) error {
						u := simUserByLogin(o, "svc-posture@initech.example")
						if u == nil || u.ID != userID {
							return fmt.Errorf("the login was not changed in place")
						}
						if err := want("firstName", fmt.Sprint(u.Profile["firstName"]), "Posture"); err != nil {
							return err
						}
						if err := want("roles", simRoleTypes(o.UserRoles[u.ID]), "READ_ONLY_ADMIN,REPORT_ADMIN"); err != nil {
							return err
						}
						return want("groups", simGroupsOf(o, u.ID), gpAudit)
					}),
				),
			},
			{
				// Drift: in Okta, REPORT_ADMIN is removed, HELP_DESK_ADMIN added
				// and the user put back in Ops. The plan shows it; apply repairs it.
				PreConfig: simChange(t, s, func(o *oktasim.Org) {
					var kept []*oktasim.RoleAssignment
					for _, r := range o.UserRoles[userID] {
						if r.Type != "REPORT_ADMIN" {
							kept = append(kept, r)
						}
					}
					o.UserRoles[userID] = append(kept, &oktasim.RoleAssignment{ID: "ra0000000000000drift", Type: "HELP_DESK_ADMIN",
						Status: "ACTIVE", AssignmentType: "USER", Created: ts(5, 1), LastUpdated: ts(5, 1)})
					o.Groups[0].MemberIDs = append(o.Groups[0].MemberIDs, userID)
				}),
				Config: saConfig(provider, `
  login       = "svc-posture@initech.example"
  email       = "compliance@initech.example"
  first_name  = "Posture"
  last_name   = "Reader"
  admin_roles = ["READ_ONLY_ADMIN", "REPORT_ADMIN"]
  group_ids   = ["`+gpAudit+`"]`),
				ConfigPlanChecks: rt.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(saName, plancheck.ResourceActionUpdate),
				}},
				Check: simCheck(s, func(o *oktasim.Org) error {
					if err := want("roles", simRoleTypes(o.UserRoles[userID]), "READ_ONLY_ADMIN,REPORT_ADMIN"); err != nil {
						return err
					}
					return want("groups", simGroupsOf(o, userID), gpAudit)
				}),
			},
			{ResourceName: saName, ImportState: true, ImportStateVerify: true},
			{ResourceName: saName, ImportState: true, ImportStateVerify: true, ImportStateId: "svc-posture@initech.example"},
		},
	})
}

// TestAccServiceAccountPassword: with password_wo the account is ACTIVE and
// the password never reaches the state; a new password_wo_version sets it again.
func TestAccServiceAccountPassword(t *testing.T) {
	t.Parallel()
	s, provider := startSim(t, newProvOrg(), oktasim.Options{Unlimited: true})
	const pw1, pw2 = "Correct-Horse-Battery-41", "Second-Staple-Tiger-97"
	cfg := func(pw string, version int) string {
		return saConfig(provider, fmt.Sprintf(`
  login               = "svc-active@initech.example"
  email               = "secops@initech.example"
  password_wo         = %q
  password_wo_version = %d`, pw, version))
	}
	password := func(wanted string) rt.TestCheckFunc {
		return simCheck(s, func(o *oktasim.Org) error {
			u := simUserByLogin(o, "svc-active@initech.example")
			if u == nil {
				return fmt.Errorf("user not created")
			}
			if u.Password != wanted {
				return fmt.Errorf("the password in Okta is not the configured one")
			}
			return want("status", u.Status, "ACTIVE")
		})
	}
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []rt.TestStep{
			{
				Config: cfg(pw1, 1),
				Check: rt.ComposeAggregateTestCheckFunc(
					checkAttrs(saName, map[string]string{"status": "ACTIVE", "password_wo_version": "1"}),
					rt.TestCheckNoResourceAttr(saName, "password_wo"),
					stateNeverHolds(pw1),
					password(pw1),
				),
			},
			{
				Config: cfg(pw2, 2),
				Check:  rt.ComposeAggregateTestCheckFunc(stateNeverHolds(pw2), password(pw2)),
			},
			{
				// A password changed without a new version is not sent.
				Config:   cfg("Ignored-Until-Versioned-1", 2),
				PlanOnly: true,
			},
			{
				ResourceName: saName, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"password_wo", "password_wo_version"},
			},
		},
	})
}

// TestAccServiceAccountPasswordOldTerraform: before Terraform 1.11 (the
// binary here is newer, so this runs only where an older one is on PATH, e.g.
// TF_ACC_TERRAFORM_PATH=terraform-1.5.7), password_wo fails the plan with a
// message that says what to do, and never echoes the password.
func TestAccServiceAccountPasswordOldTerraform(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newProvOrg(), oktasim.Options{Unlimited: true})
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{skipFromWriteOnlyTerraform{}},
		Steps: []rt.TestStep{{
			Config: saConfig(provider, `
  login       = "svc-old@initech.example"
  email       = "secops@initech.example"
  password_wo = "Correct-Horse-Battery-41"`),
			ExpectError: regexp.MustCompile(phrase("password_wo needs Terraform 1.11 or later").String() + `(?s).*` + phrase("remove password_wo").String()),
		}},
	})
}

// TestAccServiceAccountRefusals: privileged roles need allow_privileged_roles;
// a new password version needs a password; unknown role types are refused.
func TestAccServiceAccountRefusals(t *testing.T) {
	t.Parallel()
	s, provider := startSim(t, newProvOrg(), oktasim.Options{Unlimited: true})
	for _, role := range []string{"SUPER_ADMIN", "ORG_ADMIN"} {
		rt.UnitTest(t, rt.TestCase{
			ProtoV6ProviderFactories: providerFactories(nil),
			Steps: []rt.TestStep{{
				Config: saConfig(provider, `
  login       = "svc-root@initech.example"
  email       = "secops@initech.example"
  admin_roles = ["READ_ONLY_ADMIN", "`+role+`"]`),
				ExpectError: regexp.MustCompile(phrase("Privileged admin role refused").String() + `(?s).*` + role + `.*allow_privileged_roles = true`),
			}},
		})
	}
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []rt.TestStep{
			{
				Config: saConfig(provider, `
  login       = "svc-role@initech.example"
  email       = "secops@initech.example"
  admin_roles = ["READ_ONLY"]`),
				ExpectError: phrase("value must be one of"),
			},
			{
				// Explicitly allowed, a privileged role is assigned.
				Config: saConfig(provider, `
  login                  = "svc-root@initech.example"
  email                  = "secops@initech.example"
  admin_roles            = ["SUPER_ADMIN"]
  allow_privileged_roles = true`),
				Check: simCheck(s, func(o *oktasim.Org) error {
					u := simUserByLogin(o, "svc-root@initech.example")
					if u == nil {
						return fmt.Errorf("user not created")
					}
					return want("roles", simRoleTypes(o.UserRoles[u.ID]), "SUPER_ADMIN")
				}),
			},
			{
				Config: saConfig(provider, `
  login                  = "svc-root@initech.example"
  email                  = "secops@initech.example"
  admin_roles            = ["SUPER_ADMIN"]
  allow_privileged_roles = true
  password_wo_version    = 2`),
				ExpectError: phrase("password_wo_version changed without password_wo"),
			},
		},
	})
}

// TestAccServiceAccountForbiddenMidCreate: a 403 after the user is created
// fails the apply with a summary that names the cause and the scope, keeps
// the user in the state, and the next apply completes without an orphan.
func TestAccServiceAccountForbiddenMidCreate(t *testing.T) {
	t.Parallel()
	faults := &oktasim.Faults{}
	// POST /api/v1/users creates; the first POST under /api/v1/users/ is the
	// activation, the second the role assignment: that one is refused.
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultForbidden, Method: "POST", PathPrefix: "/api/v1/users/", Skip: 1, Count: 1})
	s, provider := startSim(t, newProvOrg(), oktasim.Options{Unlimited: true, Faults: faults})
	cfg := saConfig(provider, `
  login = "svc-half@initech.example"
  email = "secops@initech.example"`)
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []rt.TestStep{
			{
				Config: cfg,
				ExpectError: regexp.MustCompile(phrase("Missing Okta scope or admin role").String() + `(?s).*okta\.roles\.manage.*` +
					phrase("created only in part").String()),
			},
			{
				PreConfig: faults.Clear,
				Config:    cfg,
				Check: rt.ComposeAggregateTestCheckFunc(
					checkAttrs(saName, map[string]string{"admin_roles.0": "READ_ONLY_ADMIN", "status": "PROVISIONED"}),
					simCheck(s, func(o *oktasim.Org) error {
						n := 0
						for _, u := range o.Users {
							if l, _ := u.Profile["login"].(string); l == "svc-half@initech.example" {
								n++
								if err := want("roles", simRoleTypes(o.UserRoles[u.ID]), "READ_ONLY_ADMIN"); err != nil {
									return err
								}
							}
						}
						if n != 1 {
							return fmt.Errorf("%d users with the login, want exactly 1", n)
						}
						return nil
					}),
				),
			},
		},
	})
}

// TestServiceAccountPasswordNeedsTerraform111: a client without write-only
// support (Terraform < 1.11) gets a diagnostic that says what to do.
func TestServiceAccountPasswordNeedsTerraform111(t *testing.T) {
	ctx := t.Context()
	r := as[*serviceAccountResource](t, newServiceAccountResource())
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	cfg := tfsdk.Config{Schema: sr.Schema, Raw: configValue(t, sr.Schema.Type(), map[string]tftypes.Value{
		"login":       tftypes.NewValue(tftypes.String, "svc@initech.example"),
		"email":       tftypes.NewValue(tftypes.String, "svc@initech.example"),
		"password_wo": tftypes.NewValue(tftypes.String, "Correct-Horse-Battery-41"),
	})}

	for _, allowed := range []bool{false, true} {
		var resp resource.ValidateConfigResponse
		r.ValidateConfig(ctx, resource.ValidateConfigRequest{
			Config:             cfg,
			ClientCapabilities: resource.ValidateConfigClientCapabilities{WriteOnlyAttributesAllowed: allowed},
		}, &resp)
		if allowed {
			if resp.Diagnostics.HasError() {
				t.Errorf("Terraform 1.11+: unexpected error %v", resp.Diagnostics)
			}
			continue
		}
		if !resp.Diagnostics.HasError() {
			t.Fatal("an old Terraform got no error for password_wo")
		}
		d := resp.Diagnostics.Errors()[0]
		if d.Summary() != "password_wo needs Terraform 1.11 or later" || !strings.Contains(d.Detail(), "remove password_wo") {
			t.Errorf("diagnostic = %q: %q", d.Summary(), d.Detail())
		}
		if strings.Contains(d.Detail(), "Correct-Horse") {
			t.Error("the diagnostic quotes the password")
		}
	}
}
