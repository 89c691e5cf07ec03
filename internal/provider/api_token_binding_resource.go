package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/customtypes"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var (
	_ resource.ResourceWithConfigure      = (*apiTokenBindingResource)(nil)
	_ resource.ResourceWithValidateConfig = (*apiTokenBindingResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*apiTokenBindingResource)(nil)
	_ resource.ResourceWithImportState    = (*apiTokenBindingResource)(nil)
	_ resource.ResourceWithIdentity       = (*apiTokenBindingResource)(nil)
)

func newAPITokenBindingResource() resource.Resource {
	return &apiTokenBindingResource{provResource{name: "api_token_binding"}, time.Now}
}

type apiTokenBindingResource struct {
	provResource
	now func() time.Time
}

type apiTokenBindingModel struct {
	ID               types.String `tfsdk:"id"`
	TokenID          types.String `tfsdk:"token_id"`
	ServiceAccountID types.String `tfsdk:"service_account_id"`
	Name             types.String `tfsdk:"name"`
	Network          types.Object `tfsdk:"network"`
	MinDaysToExpiry  types.Int64  `tfsdk:"min_days_to_expiry"`
	RevokeOnDestroy  types.Bool   `tfsdk:"revoke_on_destroy"`
	Created          types.String `tfsdk:"created"`
	ExpiresAt        types.String `tfsdk:"expires_at"`
	LastUpdated      types.String `tfsdk:"last_updated"`
	ClientName       types.String `tfsdk:"client_name"`
	TokenWindow      types.String `tfsdk:"token_window"`
}

type tokenNetworkModel struct {
	Connection types.String `tfsdk:"connection"`
	Include    types.Set    `tfsdk:"include"`
	Exclude    types.Set    `tfsdk:"exclude"`
}

var tokenNetworkAttrTypes = map[string]attr.Type{
	"connection": types.StringType,
	"include":    types.SetType{ElemType: types.StringType},
	"exclude":    types.SetType{ElemType: types.StringType},
}

func (r *apiTokenBindingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// Computed metadata keeps its value in plans; ModifyPlan marks what an
	// update moves as unknown.
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Adopts an existing Okta API token and governs it: checks at plan time that it belongs " +
			"to the service account and does not expire too soon, and manages its name and network condition " +
			"(`PUT /api/v1/api-tokens/{id}`). Okta cannot mint API tokens over its API: create the token while " +
			"signed in as the service account (Security > API > Tokens), then bind it here by id. A token revoked " +
			"outside Terraform is dropped from the state with a warning. Destroy forgets the token unless " +
			"`revoke_on_destroy = true`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The token id, as `token_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"token_id": schema.StringAttribute{
				MarkdownDescription: "The API token's id (`00T…`), as listed under Security > API > Tokens or by the `oktagate_api_tokens` data source. Changing it binds another token (replacement).",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"service_account_id": schema.StringAttribute{
				MarkdownDescription: "The user id (`00u…`) that must own the token, usually `oktagate_service_account.<name>.id`. The plan fails, naming the owner, when the token belongs to anyone else.",
				Required:            true,
				Validators:          []validator.String{validators.UserID()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The token's name. When unset, the name it has in Okta is kept.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"network": schema.SingleNestedAttribute{
				MarkdownDescription: "Where the token may be used from. `connection = \"ZONE\"` with `include` (and/or `exclude`) network zone ids restricts it, e.g. to your CI runners' egress IPs; `\"ANYWHERE\"` lifts the restriction. When unset, the condition it has in Okta is kept.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					// Required, but checked by ValidateConfig: the framework
					// reads the attributes of an unknown object as null.
					"connection": schema.StringAttribute{
						MarkdownDescription: "`ANYWHERE` or `ZONE`. Required.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.OneOf("ANYWHERE", "ZONE")},
					},
					"include": schema.SetAttribute{
						MarkdownDescription: "Network zone ids (`nzo…`) the token may be used from; `ZONE` only.",
						ElementType:         types.StringType,
						Optional:            true,
						Validators:          []validator.Set{setvalidator.SizeAtLeast(1)},
					},
					"exclude": schema.SetAttribute{
						MarkdownDescription: "Network zone ids (`nzo…`) the token may not be used from; `ZONE` only.",
						ElementType:         types.StringType,
						Optional:            true,
						Validators:          []validator.Set{setvalidator.SizeAtLeast(1)},
					},
				},
			},
			"min_days_to_expiry": schema.Int64Attribute{
				CustomType:          customtypes.WholeNumber,
				MarkdownDescription: "Fail the plan when the token expires within this many days (Okta tokens expire after their `token_window` unused).",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 3650)},
			},
			"revoke_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Revoke the token in Okta when this resource is destroyed. Default `false`: destroy only stops governing it. Do not set it on the token the provider itself authenticates with.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"created":      computedString("When the token was created (RFC 3339, UTC)."),
			"expires_at":   computedString("When the token expires unless used (RFC 3339, UTC); Okta pushes it back each time the token is used."),
			"last_updated": computedString("When the token's metadata last changed (RFC 3339, UTC)."),
			"client_name":  computedString("The client the token was created from, e.g. `Okta API`."),
			"token_window": computedString("How long the token lives unused, as an ISO 8601 duration such as `P30D`."),
		},
	}
}

func (r *apiTokenBindingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The API token id (`00T…`), as `token_id`.")
}

func (r *apiTokenBindingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var n types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("network"), &n)...)
	if resp.Diagnostics.HasError() || n.IsNull() || n.IsUnknown() {
		return
	}
	var nm tokenNetworkModel
	resp.Diagnostics.Append(n.As(ctx, &nm, provObjectAs)...)
	if resp.Diagnostics.HasError() || nm.Connection.IsUnknown() {
		return
	}
	hasZones := !nm.Include.IsNull() || !nm.Exclude.IsNull()
	if nm.Connection.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("network").AtName("connection"), "Missing network connection",
			`network needs connection: "ZONE" (with include or exclude) or "ANYWHERE".`)
		return
	}
	switch nm.Connection.ValueString() {
	case "ANYWHERE":
		if hasZones {
			resp.Diagnostics.AddAttributeError(path.Root("network"), "Network zones need connection ZONE",
				`include and exclude apply only with connection = "ZONE". Remove them, or set connection = "ZONE".`)
		}
	case "ZONE":
		if !hasZones && !nm.Include.IsUnknown() && !nm.Exclude.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root("network"), "Connection ZONE needs zones",
				`connection = "ZONE" needs include (the zones the token may be used from) or exclude.`)
		}
	}
}

// ModifyPlan checks the token against the configuration before anything is
// applied: it must exist, belong to service_account_id and not expire within
// min_days_to_expiry.
func (r *apiTokenBindingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !r.configured() {
		return
	}
	var plan apiTokenBindingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.TokenID.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		var state apiTokenBindingModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if !plan.Name.Equal(state.Name) || !plan.Network.Equal(state.Network) {
			// The upsert moves last_updated (and may move expires_at).
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("last_updated"), types.StringUnknown())...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("expires_at"), types.StringUnknown())...)
		}
	}
	tok, err := r.data.Client.GetAPIToken(ctx, plan.TokenID.ValueString())
	if err != nil {
		if gone(err) {
			resp.Diagnostics.AddAttributeError(path.Root("token_id"), "API token not found",
				fmt.Sprintf("Okta has no API token %s: it was revoked, expired, or the id is wrong. List the org's tokens with "+
					"the oktagate_api_tokens data source, or create one as the service account (Security > API > Tokens).", plan.TokenID.ValueString()))
			return
		}
		addError(&resp.Diagnostics, "reading the API token "+plan.TokenID.ValueString(), err)
		return
	}
	r.checkToken(ctx, plan, tok, &resp.Diagnostics)
}

// checkToken reports a token owned by someone other than service_account_id,
// or expiring within min_days_to_expiry.
func (r *apiTokenBindingResource) checkToken(ctx context.Context, m apiTokenBindingModel, tok okta.APIToken, diags *diag.Diagnostics) {
	if !m.ServiceAccountID.IsUnknown() && !m.ServiceAccountID.IsNull() && tok.UserID != m.ServiceAccountID.ValueString() {
		owner := tok.UserID
		if u, err := r.data.Client.GetUser(ctx, tok.UserID); err == nil && u.Login() != "" {
			owner = u.Login() + " (" + tok.UserID + ")"
		}
		diags.AddAttributeError(path.Root("service_account_id"), "API token owned by another user",
			fmt.Sprintf("The API token %s (%q) belongs to %s, not to the service account %s. An API token acts with its "+
				"owner's permissions, so bind only a token created while signed in as the service account.",
				tok.ID, tok.Name, owner, m.ServiceAccountID.ValueString()))
	}
	if m.MinDaysToExpiry.IsNull() || m.MinDaysToExpiry.IsUnknown() || tok.ExpiresAt.IsZero() {
		return
	}
	days := m.MinDaysToExpiry.ValueInt64()
	limit := r.now().UTC().Add(time.Duration(days) * 24 * time.Hour)
	if tok.ExpiresAt.Before(limit) {
		diags.AddAttributeError(path.Root("min_days_to_expiry"), "API token expires too soon",
			fmt.Sprintf("The API token %s (%q) expires at %s, within the %d days min_days_to_expiry asks for. Use the token "+
				"(Okta extends its expiry by its token window, %s, each time it is used) or create a new one as the service account.",
				tok.ID, tok.Name, tok.ExpiresAt.UTC().Format(time.RFC3339), days, tok.TokenWindow))
	}
}

// networkValue renders a token's network condition.
func networkValue(n okta.TokenNetwork) types.Object {
	conn := n.Connection
	if conn == "" {
		conn = "ANYWHERE"
	}
	return types.ObjectValueMust(tokenNetworkAttrTypes, map[string]attr.Value{
		"connection": types.StringValue(conn),
		"include":    writeStrings[types.Set](n.Include, emptyNull),
		"exclude":    writeStrings[types.Set](n.Exclude, emptyNull),
	})
}

func (r *apiTokenBindingResource) fill(m *apiTokenBindingModel, tok okta.APIToken) {
	m.ID = types.StringValue(tok.ID)
	m.TokenID = types.StringValue(tok.ID)
	m.ServiceAccountID = types.StringValue(tok.UserID)
	m.Name = types.StringValue(tok.Name)
	m.Network = networkValue(tok.Network)
	m.Created = timeValue(tok.Created)
	m.ExpiresAt = timeValue(tok.ExpiresAt)
	m.LastUpdated = timeValue(tok.LastUpdated)
	m.ClientName = optionalString(tok.ClientName)
	m.TokenWindow = optionalString(tok.TokenWindow)
	if m.RevokeOnDestroy.IsNull() || m.RevokeOnDestroy.IsUnknown() {
		m.RevokeOnDestroy = types.BoolValue(false)
	}
}

// upsert sets the token's name and network to what m asks, keeping what m
// leaves unset as the token has it.
func (r *apiTokenBindingResource) upsert(ctx context.Context, m apiTokenBindingModel, tok okta.APIToken, diags *diag.Diagnostics) (okta.APIToken, bool) {
	name := tok.Name
	if !m.Name.IsNull() && !m.Name.IsUnknown() {
		name = m.Name.ValueString()
	}
	network := tok.Network
	if !m.Network.IsNull() && !m.Network.IsUnknown() {
		var nm tokenNetworkModel
		diags.Append(m.Network.As(ctx, &nm, provObjectAs)...)
		network = okta.TokenNetwork{
			Connection: nm.Connection.ValueString(),
			Include:    sortedOrNil(readStrings(ctx, nm.Include, diags)),
			Exclude:    sortedOrNil(readStrings(ctx, nm.Exclude, diags)),
		}
	}
	if diags.HasError() {
		return tok, false
	}
	out, err := r.data.Client.UpsertAPIToken(ctx, tok.ID, name, network)
	if err != nil {
		addError(diags, "updating the API token "+tok.ID, err)
		return tok, false
	}
	return out, true
}

func (r *apiTokenBindingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(r.apply(ctx, req.Plan, &resp.State, resp.Identity)...)
}

func (r *apiTokenBindingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m apiTokenBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tok, err := r.data.Client.GetAPIToken(ctx, m.TokenID.ValueString())
	if err != nil {
		if gone(err) {
			resp.Diagnostics.AddWarning("API token revoked outside Terraform",
				fmt.Sprintf("The API token %s no longer exists in Okta (revoked, expired, or its owner was deactivated), so "+
					"it is removed from the state. Create a new token as the service account and set token_id to its id.", m.TokenID.ValueString()))
			resp.State.RemoveResource(ctx)
			// The framework wants an identity even for a removed resource;
			// Terraform before 1.12 sends none to carry over.
			setIdentity(ctx, resp.Identity, m.TokenID.ValueString(), &resp.Diagnostics)
			return
		}
		addError(&resp.Diagnostics, "reading the API token "+m.TokenID.ValueString(), err)
		return
	}
	r.fill(&m, tok)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	setIdentity(ctx, resp.Identity, tok.ID, &resp.Diagnostics)
}

func (r *apiTokenBindingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(r.apply(ctx, req.Plan, &resp.State, resp.Identity)...)
}

// apply makes the token match the plan; Create and Update are the same
// operation, since the binding adopts a token that already exists.
func (r *apiTokenBindingResource) apply(ctx context.Context, planned tfsdk.Plan, state *tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	var diags diag.Diagnostics
	var plan apiTokenBindingModel
	diags.Append(planned.Get(ctx, &plan)...)
	if diags.HasError() {
		return diags
	}
	tok, err := r.data.Client.GetAPIToken(ctx, plan.TokenID.ValueString())
	if err != nil {
		addError(&diags, "reading the API token "+plan.TokenID.ValueString(), err)
		return diags
	}
	// service_account_id may have been unknown at plan time (created in the
	// same apply): check again now that it is known.
	r.checkToken(ctx, plan, tok, &diags)
	if diags.HasError() {
		return diags
	}
	tok, ok := r.upsert(ctx, plan, tok, &diags)
	if !ok {
		return diags
	}
	r.fill(&plan, tok)
	diags.Append(state.Set(ctx, plan)...)
	setIdentity(ctx, identity, tok.ID, &diags)
	return diags
}

func (r *apiTokenBindingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiTokenBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !state.RevokeOnDestroy.ValueBool() {
		return
	}
	if err := r.data.Client.RevokeAPIToken(ctx, state.TokenID.ValueString()); err != nil && !gone(err) {
		addError(&resp.Diagnostics, "revoking the API token "+state.TokenID.ValueString(), err)
	}
}

// ImportState accepts a token id or an identity.
func (r *apiTokenBindingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByID(ctx, "id", req, resp)
	importByID(ctx, "token_id", req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("revoke_on_destroy"), false)...)
}

func sortedOrNil(values []string) []string {
	if len(values) == 0 {
		return nil
	}
	return sortedStrings(values)
}
