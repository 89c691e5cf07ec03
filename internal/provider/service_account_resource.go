package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/customtypes"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var (
	_ resource.ResourceWithConfigure      = (*serviceAccountResource)(nil)
	_ resource.ResourceWithValidateConfig = (*serviceAccountResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*serviceAccountResource)(nil)
	_ resource.ResourceWithImportState    = (*serviceAccountResource)(nil)
	_ resource.ResourceWithIdentity       = (*serviceAccountResource)(nil)
)

func newServiceAccountResource() resource.Resource {
	return &serviceAccountResource{provResource{name: "service_account"}}
}

type serviceAccountResource struct{ provResource }

type serviceAccountModel struct {
	ID                   types.String `tfsdk:"id"`
	Login                types.String `tfsdk:"login"`
	Email                types.String `tfsdk:"email"`
	FirstName            types.String `tfsdk:"first_name"`
	LastName             types.String `tfsdk:"last_name"`
	AdminRoles           types.Set    `tfsdk:"admin_roles"`
	GroupIDs             types.Set    `tfsdk:"group_ids"`
	AllowPrivilegedRoles types.Bool   `tfsdk:"allow_privileged_roles"`
	PasswordWO           types.String `tfsdk:"password_wo"`
	PasswordWOVersion    types.Int64  `tfsdk:"password_wo_version"`
	Status               types.String `tfsdk:"status"`
}

func (r *serviceAccountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A dedicated Okta user that an integration acts as, with the admin roles it needs and " +
			"nothing more (by default `READ_ONLY_ADMIN`). Without `password_wo` the account is activated without " +
			"sending email and stays `PROVISIONED`: it holds its roles, and an API token can be created for it once " +
			"someone sets a password and signs in as it. With `password_wo` (Terraform 1.11 or later) it becomes " +
			"`ACTIVE`; the password is never stored in the plan or the state. `SUPER_ADMIN` and `ORG_ADMIN` are " +
			"refused at plan time unless `allow_privileged_roles = true`. Roles and group memberships changed in " +
			"Okta show in the next plan and are set back on apply. Destroy removes the roles, deactivates the user, " +
			"then deletes it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The Okta user id (`00u…`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"login": schema.StringAttribute{
				MarkdownDescription: "The user's login (`profile.login`), usually an email address such as `svc-compliance@acme.com`.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 100)},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The user's primary email (`profile.email`): a mailbox the team reads, since Okta sends the account's notices there.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(emailPattern, "must be an email address")},
			},
			"first_name": schema.StringAttribute{
				MarkdownDescription: "`profile.firstName`. Default `\"Service\"`.",
				Optional:            true,
				Computed:            true,
				Default:             stringDefault("Service"),
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"last_name": schema.StringAttribute{
				MarkdownDescription: "`profile.lastName`. Default `\"Account\"`.",
				Optional:            true,
				Computed:            true,
				Default:             stringDefault("Account"),
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"admin_roles": schema.SetAttribute{
				MarkdownDescription: "The standard admin role types assigned to the user directly: any of `" +
					strings.Join(validators.StandardRoleTypes, "`, `") + "`. Default `[\"READ_ONLY_ADMIN\"]`; `[]` assigns none. " +
					"Roles held through a group are not managed here.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(writeStrings[types.Set]([]string{"READ_ONLY_ADMIN"}, emptyKnown)),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(validators.RoleType())},
			},
			"group_ids": schema.SetAttribute{
				MarkdownDescription: "The ids (`00g…`) of the Okta groups (`OKTA_GROUP`) the user belongs to. Memberships " +
					"of other Okta groups are removed on apply; `BUILT_IN` (Everyone) and `APP_GROUP` memberships are left alone. Default `[]`.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(writeStrings[types.Set](nil, emptyKnown)),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(validators.GroupID())},
			},
			"allow_privileged_roles": schema.BoolAttribute{
				MarkdownDescription: "Allow `SUPER_ADMIN` and `ORG_ADMIN` in `admin_roles`. Default `false`: an integration " +
					"that reads posture never needs them.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"password_wo": schema.StringAttribute{
				MarkdownDescription: "The account's password, write-only: sent to Okta on create (and when " +
					"`password_wo_version` changes), never stored in the plan or the state. Requires Terraform 1.11 or " +
					"later. Without it the account stays `PROVISIONED`.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"password_wo_version": schema.Int64Attribute{
				CustomType: customtypes.WholeNumber,
				MarkdownDescription: "Any number; change it to set `password_wo` again (Terraform cannot see a change " +
					"of a write-only value by itself).",
				Optional: true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The user's status in Okta: `PROVISIONED` without a password, `ACTIVE` with one.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *serviceAccountResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The Okta user id (`00u…`).")
}

func (r *serviceAccountResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m serviceAccountModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.PasswordWO.IsNull() && !req.ClientCapabilities.WriteOnlyAttributesAllowed {
		resp.Diagnostics.AddAttributeError(path.Root("password_wo"), "password_wo needs Terraform 1.11 or later",
			"password_wo is a write-only attribute, which this version of Terraform does not support: it would store "+
				"the password in the state. Upgrade Terraform to 1.11 or later, or remove password_wo: the account is then "+
				"created PROVISIONED, and an administrator sets its password in the Admin Console before creating its API token.")
	}
	if m.AdminRoles.IsUnknown() || m.AllowPrivilegedRoles.IsUnknown() || m.AllowPrivilegedRoles.ValueBool() {
		return
	}
	var privileged []string
	for _, role := range readStrings(ctx, m.AdminRoles, &resp.Diagnostics) {
		if privilegedRoleTypes[role] {
			privileged = append(privileged, role)
		}
	}
	if len(privileged) > 0 {
		sort.Strings(privileged)
		resp.Diagnostics.AddAttributeError(path.Root("admin_roles"), "Privileged admin role refused",
			"admin_roles asks for "+quoteList(privileged)+", which can change every setting and every other "+
				"administrator in the org. An integration that reads posture needs READ_ONLY_ADMIN. If this account "+
				"really must hold it, set allow_privileged_roles = true so the choice is explicit and reviewed.")
	}
}

// ModifyPlan refuses a new password version without a password, and plans
// the status as unknown when the password is (re)set.
func (r *serviceAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var plan, state serviceAccountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	var password types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &password)...)
	if resp.Diagnostics.HasError() || plan.PasswordWOVersion.Equal(state.PasswordWOVersion) || plan.PasswordWOVersion.IsNull() {
		return
	}
	if password.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("password_wo_version"), "password_wo_version changed without password_wo",
			"A new password_wo_version asks to set the password again, but password_wo is not set. Set password_wo, or "+
				"leave password_wo_version as it was.")
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
}

func (r *serviceAccountResource) profile(m serviceAccountModel) map[string]any {
	return map[string]any{
		"login":     m.Login.ValueString(),
		"email":     m.Email.ValueString(),
		"firstName": m.FirstName.ValueString(),
		"lastName":  m.LastName.ValueString(),
	}
}

func (r *serviceAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan serviceAccountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var password types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &password)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.Client
	pw := password.ValueString()
	user, err := c.CreateUser(ctx, r.profile(plan), pw, pw != "")
	if err != nil && okta.MayHaveApplied(err) {
		// The response was lost, but Okta may have created the user: adopt it
		// by its login (unique in an org) rather than leave an orphan that the
		// next apply would collide with.
		if found, getErr := c.GetUser(ctx, plan.Login.ValueString()); getErr == nil {
			resp.Diagnostics.AddWarning("Adopted the service account Okta created",
				fmt.Sprintf("The response to creating %s was lost (%v), but Okta had created the user as %s; it is now managed by this resource.",
					plan.Login.ValueString(), err, found.ID))
			user, err = found, nil
		}
	}
	if err != nil {
		addError(&resp.Diagnostics, "creating the service account "+plan.Login.ValueString(), err)
		return
	}
	// From here on the user exists: record it at once, so a failure below
	// leaves it in the state (tainted) rather than orphaned in Okta.
	partial := plan
	partial.ID = types.StringValue(user.ID)
	partial.Status = types.StringValue(user.Status)
	partial.PasswordWO = types.StringNull()
	partial.AdminRoles = writeStrings[types.Set](nil, emptyKnown)
	partial.GroupIDs = writeStrings[types.Set](nil, emptyKnown)
	resp.Diagnostics.Append(resp.State.Set(ctx, partial)...)
	setIdentity(ctx, resp.Identity, user.ID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	fail := func(doing string, err error) {
		addError(&resp.Diagnostics, doing, err)
		resp.Diagnostics.AddError("Service account created only in part", partialDetail("Okta user", user.ID))
	}
	if pw == "" {
		// Activation without a password and without email leaves the user
		// PROVISIONED, as Okta documents.
		if err := c.ActivateUser(ctx, user.ID); err != nil {
			fail("activating the service account "+user.ID, err)
			return
		}
	}
	if err := r.reconcileRoles(ctx, user.ID, readStrings(ctx, plan.AdminRoles, &resp.Diagnostics)); err != nil {
		fail("assigning admin roles to "+user.ID, err)
		return
	}
	if err := r.reconcileGroups(ctx, user.ID, readStrings(ctx, plan.GroupIDs, &resp.Diagnostics)); err != nil {
		fail("adding "+user.ID+" to its groups", err)
		return
	}
	plan.ID = types.StringValue(user.ID)
	if ok := r.read(ctx, &plan, &resp.Diagnostics); !ok {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.AddError("Service account disappeared", "The Okta user "+user.ID+" was deleted while it was being created.")
		}
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// read refreshes m from Okta; it returns false when the user is gone or on
// error (diagnostics say which).
func (r *serviceAccountResource) read(ctx context.Context, m *serviceAccountModel, diags *diag.Diagnostics) bool {
	c := r.data.Client
	user, err := c.GetUser(ctx, m.ID.ValueString())
	if err != nil {
		if !gone(err) {
			addError(diags, "reading the service account "+m.ID.ValueString(), err)
		}
		return false
	}
	roles, err := c.ListUserRoles(ctx, user.ID)
	if err != nil {
		addError(diags, "reading the admin roles of "+user.ID, err)
		return false
	}
	groups, err := c.ListUserGroups(ctx, user.ID)
	if err != nil {
		addError(diags, "reading the groups of "+user.ID, err)
		return false
	}
	var groupIDs []string
	for _, g := range groups {
		if g.Type == "OKTA_GROUP" {
			groupIDs = append(groupIDs, g.ID)
		}
	}
	m.ID = types.StringValue(user.ID)
	m.Login = types.StringValue(user.Login())
	m.Email = types.StringValue(user.Email())
	m.FirstName = types.StringValue(user.Profile["firstName"])
	m.LastName = types.StringValue(user.Profile["lastName"])
	held := roleTypesOf(directRoles(roles))
	m.AdminRoles = writeStrings[types.Set](held, emptyKnown)
	m.GroupIDs = writeStrings[types.Set](groupIDs, emptyKnown)
	m.Status = types.StringValue(user.Status)
	m.PasswordWO = types.StringNull()
	if m.AllowPrivilegedRoles.IsNull() || m.AllowPrivilegedRoles.IsUnknown() {
		// Unset only after an import or in a listing: allow what the account
		// already holds, so the configuration `terraform query` generates
		// from it validates and plans no change.
		m.AllowPrivilegedRoles = types.BoolValue(holdsPrivileged(held))
	}
	if user.Status == "DEPROVISIONED" {
		diags.AddWarning("Service account deactivated outside Terraform",
			"The Okta user "+user.ID+" ("+user.Login()+") is DEPROVISIONED: it holds its configuration but cannot act. "+
				"Reactivate it in Okta, or taint it (terraform apply -replace=…) to create it again.")
	}
	return true
}

func (r *serviceAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m serviceAccountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.read(ctx, &m, &resp.Diagnostics) {
		if !resp.Diagnostics.HasError() {
			resp.State.RemoveResource(ctx)
			// The framework wants an identity even for a removed resource;
			// Terraform before 1.12 sends none to carry over.
			setIdentity(ctx, resp.Identity, m.ID.ValueString(), &resp.Diagnostics)
		}
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	setIdentity(ctx, resp.Identity, m.ID.ValueString(), &resp.Diagnostics)
}

func (r *serviceAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state serviceAccountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	var password types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &password)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.Client
	id := state.ID.ValueString()
	plan.ID = state.ID
	if !plan.Login.Equal(state.Login) || !plan.Email.Equal(state.Email) ||
		!plan.FirstName.Equal(state.FirstName) || !plan.LastName.Equal(state.LastName) {
		if _, err := c.UpdateUserProfile(ctx, id, r.profile(plan)); err != nil {
			addError(&resp.Diagnostics, "updating the profile of "+id, err)
			return
		}
	}
	if !plan.PasswordWOVersion.Equal(state.PasswordWOVersion) && !password.IsNull() {
		if err := c.SetUserPassword(ctx, id, password.ValueString()); err != nil {
			addError(&resp.Diagnostics, "setting the password of "+id, err)
			return
		}
	}
	if err := r.reconcileRoles(ctx, id, readStrings(ctx, plan.AdminRoles, &resp.Diagnostics)); err != nil {
		addError(&resp.Diagnostics, "reconciling the admin roles of "+id, err)
		return
	}
	if err := r.reconcileGroups(ctx, id, readStrings(ctx, plan.GroupIDs, &resp.Diagnostics)); err != nil {
		addError(&resp.Diagnostics, "reconciling the groups of "+id, err)
		return
	}
	if !r.read(ctx, &plan, &resp.Diagnostics) {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.AddError("Service account disappeared", "The Okta user "+id+" was deleted outside Terraform during the apply.")
		}
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

// reconcileRoles makes the user's direct roles exactly want, reading what
// Okta holds now (not the state), so drift is repaired.
func (r *serviceAccountResource) reconcileRoles(ctx context.Context, userID string, want []string) error {
	c := r.data.Client
	roles, err := c.ListUserRoles(ctx, userID)
	if err != nil {
		return err
	}
	have := directRoles(roles)
	return reconcile(ctx, want, roleTypesOf(have),
		func(ctx context.Context, t string) error { _, err := c.AssignUserRole(ctx, userID, t); return err },
		func(ctx context.Context, t string) error { return c.UnassignUserRole(ctx, userID, have[t].ID) })
}

// reconcileGroups makes the user's OKTA_GROUP memberships exactly want.
func (r *serviceAccountResource) reconcileGroups(ctx context.Context, userID string, want []string) error {
	c := r.data.Client
	groups, err := c.ListUserGroups(ctx, userID)
	if err != nil {
		return err
	}
	var have []string
	for _, g := range groups {
		if g.Type == "OKTA_GROUP" {
			have = append(have, g.ID)
		}
	}
	return reconcile(ctx, want, have,
		func(ctx context.Context, g string) error { return c.AddUserToGroup(ctx, g, userID) },
		func(ctx context.Context, g string) error { return c.RemoveUserFromGroup(ctx, g, userID) })
}

func (r *serviceAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state serviceAccountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.Client
	id := state.ID.ValueString()
	if err := r.reconcileRoles(ctx, id, nil); err != nil {
		if gone(err) {
			return
		}
		addError(&resp.Diagnostics, "removing the admin roles of "+id, err)
		return
	}
	if err := c.DeactivateUser(ctx, id); err != nil {
		if gone(err) {
			return
		}
		addError(&resp.Diagnostics, "deactivating the service account "+id, err)
		return
	}
	if err := c.DeleteUser(ctx, id); err != nil && !gone(err) {
		addError(&resp.Diagnostics, "deleting the service account "+id, err)
	}
}

// ImportState accepts a user id or a login (Read resolves either), or an
// identity. allow_privileged_roles is left for Read to set from the roles
// the account holds.
func (r *serviceAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByID(ctx, "id", req, resp)
}

// holdsPrivileged reports whether roles include SUPER_ADMIN or ORG_ADMIN.
func holdsPrivileged(roles []string) bool {
	for _, role := range roles {
		if privilegedRoleTypes[role] {
			return true
		}
	}
	return false
}
