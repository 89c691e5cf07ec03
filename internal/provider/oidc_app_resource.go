package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/planmodifiers"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var (
	_ resource.ResourceWithConfigure      = (*oidcAppResource)(nil)
	_ resource.ResourceWithValidateConfig = (*oidcAppResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*oidcAppResource)(nil)
	_ resource.ResourceWithImportState    = (*oidcAppResource)(nil)
	_ resource.ResourceWithIdentity       = (*oidcAppResource)(nil)
)

func newOIDCAppResource() resource.Resource {
	return &oidcAppResource{provResource{name: "oidc_app"}}
}

type oidcAppResource struct{ provResource }

type oidcAppModel struct {
	ID                      types.String `tfsdk:"id"`
	Label                   types.String `tfsdk:"label"`
	Type                    types.String `tfsdk:"type"`
	RedirectURIs            types.List   `tfsdk:"redirect_uris"`
	PostLogoutRedirectURIs  types.List   `tfsdk:"post_logout_redirect_uris"`
	PKCERequired            types.Bool   `tfsdk:"pkce_required"`
	TokenEndpointAuthMethod types.String `tfsdk:"token_endpoint_auth_method"`
	JWKS                    types.List   `tfsdk:"jwks"`
	Scopes                  types.Set    `tfsdk:"scopes"`
	AllowWriteScopes        types.Bool   `tfsdk:"allow_write_scopes"`
	AdminRoles              types.Set    `tfsdk:"admin_roles"`
	ClientID                types.String `tfsdk:"client_id"`
	ClientSecret            types.String `tfsdk:"client_secret"`
	Status                  types.String `tfsdk:"status"`
}

type jwkModel struct {
	KID types.String `tfsdk:"kid"`
	KTY types.String `tfsdk:"kty"`
	Alg types.String `tfsdk:"alg"`
	Use types.String `tfsdk:"use"`
	N   types.String `tfsdk:"n"`
	E   types.String `tfsdk:"e"`
	Crv types.String `tfsdk:"crv"`
	X   types.String `tfsdk:"x"`
	Y   types.String `tfsdk:"y"`
}

var jwkAttrTypes = map[string]attr.Type{
	"kid": types.StringType, "kty": types.StringType, "alg": types.StringType, "use": types.StringType,
	"n": types.StringType, "e": types.StringType, "crv": types.StringType, "x": types.StringType, "y": types.StringType,
}

// authMethodsByType are the token endpoint auth methods each app type may use,
// the first being its default.
var authMethodsByType = map[string][]string{
	"web":     {"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt"},
	"browser": {"none"},
	"service": {"private_key_jwt", "client_secret_basic", "client_secret_post", "client_secret_jwt"},
}

// defaultAuthMethods maps each app type to its default auth method.
func defaultAuthMethods() map[string]string {
	out := make(map[string]string, len(authMethodsByType))
	for t, methods := range authMethodsByType {
		out[t] = methods[0]
	}
	return out
}

func (r *oidcAppResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	jwkString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An OIDC app: `web` and `browser` apps sign people in with the authorization code flow " +
			"(PKCE by default); a `service` app calls the Okta API with client credentials and `private_key_jwt`. " +
			"`scopes` are the `okta.*` scopes granted to the app, reconciled one by one: a grant revoked in Okta is " +
			"granted again on the next apply, one added in Okta is revoked. Write scopes (`*.manage`) are refused at " +
			"plan time unless `allow_write_scopes = true`. Destroy deactivates the app, then deletes it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The app id (`0oa…`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"label": schema.StringAttribute{
				MarkdownDescription: "The app's name in the Admin Console.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 100)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "`web` (a server-side app with a secret or key), `browser` (a single-page app, no secret) or `service` (machine to machine: client credentials). Changing it replaces the app.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.OneOf("web", "browser", "service")},
			},
			"redirect_uris": schema.ListAttribute{
				MarkdownDescription: "Where Okta may send the authorization code; required for `web` and `browser`, not allowed for `service`.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(validators.AbsoluteURL())},
			},
			"post_logout_redirect_uris": schema.ListAttribute{
				MarkdownDescription: "Where Okta may send people after sign-out (`web` and `browser`).",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(validators.AbsoluteURL())},
			},
			"pkce_required": schema.BoolAttribute{
				MarkdownDescription: "Require PKCE in the authorization code flow. Default `true` for `web` and `browser` (browser apps must keep it), `false` for `service`.",
				Optional:            true,
				Computed:            true,
				PlanModifiers: []planmodifier.Bool{planmodifiers.BoolDefaultBy(path.Root("type"),
					map[string]bool{"web": true, "browser": true, "service": false},
					"defaults to true for web and browser apps, false for service apps")},
			},
			"token_endpoint_auth_method": schema.StringAttribute{
				MarkdownDescription: "How the client authenticates at the token endpoint. `service`: `private_key_jwt` (default), " +
					"`client_secret_basic`, `client_secret_post` or `client_secret_jwt`; `web`: `client_secret_basic` (default), " +
					"`client_secret_post`, `client_secret_jwt` or `private_key_jwt`; `browser`: `none`.",
				Optional: true,
				Computed: true,
				PlanModifiers: []planmodifier.String{planmodifiers.StringDefaultBy(path.Root("type"),
					defaultAuthMethods(),
					"defaults to private_key_jwt for service apps, client_secret_basic for web apps, none for browser apps")},
				Validators: []validator.String{stringvalidator.OneOf("client_secret_basic", "client_secret_post",
					"client_secret_jwt", "private_key_jwt", "none")},
			},
			"jwks": schema.ListNestedAttribute{
				MarkdownDescription: "Public keys (JWK) the client signs its assertions with, required with `private_key_jwt`. " +
					"RSA keys set `n` and `e`; EC keys set `crv`, `x` and `y`. Never a private key.",
				Optional:   true,
				Validators: []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						// kid and kty are required, but checked by ValidateConfig: a
						// key passed whole from a variable is unknown during
						// validation, and the framework reads the attributes of an
						// unknown object as null.
						"kid": jwkString("Key id, as the client puts it in its assertions' `kid` header. Required."),
						"kty": schema.StringAttribute{
							MarkdownDescription: "Key type: `RSA` or `EC`. Required.",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.OneOf("RSA", "EC")},
						},
						"alg": jwkString("Algorithm, e.g. `RS256` or `ES256`."),
						"use": jwkString("Use: `sig`."),
						"n":   jwkString("RSA modulus (base64url)."),
						"e":   jwkString("RSA exponent (base64url), usually `AQAB`."),
						"crv": jwkString("EC curve: `P-256`, `P-384` or `P-521`."),
						"x":   jwkString("EC x coordinate (base64url)."),
						"y":   jwkString("EC y coordinate (base64url)."),
					},
				},
			},
			"scopes": schema.SetAttribute{
				MarkdownDescription: "The `okta.*` scopes granted to the app (`/api/v1/apps/{id}/grants`), e.g. " +
					"`okta.users.read`. Default `[]`. A scope that does not begin with `okta.` cannot be granted this " +
					"way and is refused; a write scope (`okta.users.manage`…) is refused unless `allow_write_scopes = true`.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(writeStrings[types.Set](nil, emptyKnown)),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"allow_write_scopes": schema.BoolAttribute{
				MarkdownDescription: "Allow `*.manage` scopes in `scopes`. Default `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"admin_roles": schema.SetAttribute{
				MarkdownDescription: "Standard admin role types assigned to the app's client (`/oauth2/v1/clients/{clientId}/roles`), " +
					"`service` apps only; scopes let a client call an endpoint, its role decides what it may see there. " +
					"Usually `[\"READ_ONLY_ADMIN\"]`. Default `[]`.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(writeStrings[types.Set](nil, emptyKnown)),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(validators.RoleType())},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "The OAuth client id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "The client secret, for apps that authenticate with one (`client_secret_*`); null otherwise. Sensitive: it is in the state, so keep the state encrypted.",
				Computed:            true,
				Sensitive:           true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`ACTIVE` or `INACTIVE`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *oidcAppResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The app id (`0oa…`).")
}

// isWriteScope reports okta.*.manage scopes (and okta.*.manage.self…).
func isWriteScope(scope string) bool {
	for _, part := range strings.Split(scope, ".") {
		if part == "manage" {
			return true
		}
	}
	return false
}

func (r *oidcAppResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m oidcAppModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.validateScopes(ctx, m, &resp.Diagnostics)
	if m.Type.IsUnknown() || m.Type.IsNull() {
		return
	}
	typ := m.Type.ValueString()
	method := ""
	if !m.TokenEndpointAuthMethod.IsUnknown() {
		method = authMethodsByType[typ][0]
		if !m.TokenEndpointAuthMethod.IsNull() {
			method = m.TokenEndpointAuthMethod.ValueString()
		}
		allowed := authMethodsByType[typ]
		ok := false
		for _, a := range allowed {
			ok = ok || a == method
		}
		if !ok {
			resp.Diagnostics.AddAttributeError(path.Root("token_endpoint_auth_method"), "Auth method not allowed for this app type",
				fmt.Sprintf("A %s app cannot use token_endpoint_auth_method %q; it may use %s.", typ, method, quoteList(allowed)))
		}
	}
	if method == "private_key_jwt" && m.JWKS.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("jwks"), "private_key_jwt needs a public key",
			"With token_endpoint_auth_method = \"private_key_jwt\" the client signs its assertions with a private key: "+
				"give its public half in jwks (kid, kty and n/e or crv/x/y).")
	}
	switch typ {
	case "service":
		if !m.RedirectURIs.IsNull() || !m.PostLogoutRedirectURIs.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("redirect_uris"), "Redirect URIs on a service app",
				"A service app uses client credentials, with no browser redirect: remove redirect_uris and post_logout_redirect_uris.")
		}
		if !m.PKCERequired.IsNull() && !m.PKCERequired.IsUnknown() && m.PKCERequired.ValueBool() {
			resp.Diagnostics.AddAttributeError(path.Root("pkce_required"), "PKCE on a service app",
				"PKCE protects the authorization code flow, which a service app does not use: remove pkce_required.")
		}
	default:
		if m.RedirectURIs.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("redirect_uris"), "Missing redirect_uris",
				fmt.Sprintf("A %s app signs people in with the authorization code flow: set redirect_uris to where Okta may send the code.", typ))
		}
		if !m.AdminRoles.IsUnknown() && len(readStrings(ctx, m.AdminRoles, &resp.Diagnostics)) > 0 {
			resp.Diagnostics.AddAttributeError(path.Root("admin_roles"), "Admin roles on a sign-in app",
				"Admin roles can be assigned only to service apps' clients. Remove admin_roles, or use type = \"service\".")
		}
	}
	if typ == "browser" && !m.PKCERequired.IsNull() && !m.PKCERequired.IsUnknown() && !m.PKCERequired.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("pkce_required"), "Browser apps must use PKCE",
			"A browser app has no secret, so PKCE is what protects its authorization codes: remove pkce_required = false.")
	}
	r.validateKeys(ctx, m, &resp.Diagnostics)
	if !m.JWKS.IsNull() && !m.JWKS.IsUnknown() && method != "" && method != "private_key_jwt" {
		resp.Diagnostics.AddAttributeError(path.Root("jwks"), "jwks without private_key_jwt",
			fmt.Sprintf("jwks are used only with token_endpoint_auth_method = \"private_key_jwt\", not %q: remove jwks or change the method.", method))
	}
}

// validateKeys checks every known key has an id, a type and the public key
// material of that type.
func (r *oidcAppResource) validateKeys(ctx context.Context, m oidcAppModel, diags *diag.Diagnostics) {
	if m.JWKS.IsNull() || m.JWKS.IsUnknown() {
		return
	}
	for i, el := range m.JWKS.Elements() {
		obj, ok := el.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		var k jwkModel
		if diags.Append(obj.As(ctx, &k, provObjectAs)...); diags.HasError() {
			return
		}
		at := path.Root("jwks").AtListIndex(i)
		var missing []string
		need := map[string]types.String{"kid": k.KID, "kty": k.KTY}
		switch k.KTY.ValueString() {
		case "RSA":
			need["n"], need["e"] = k.N, k.E
		case "EC":
			need["crv"], need["x"], need["y"] = k.Crv, k.X, k.Y
		}
		for name, v := range need {
			if v.IsNull() {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			diags.AddAttributeError(at, "Incomplete public key",
				fmt.Sprintf("Key %d of jwks lacks %s. An RSA key needs kid, kty, n and e; an EC key kid, kty, crv, x and y.", i, quoteList(missing)))
		}
	}
}

func (r *oidcAppResource) validateScopes(ctx context.Context, m oidcAppModel, diags *diag.Diagnostics) {
	if m.Scopes.IsUnknown() {
		return
	}
	var foreign, write []string
	for _, s := range readStrings(ctx, m.Scopes, diags) {
		switch {
		case !strings.HasPrefix(s, "okta."):
			foreign = append(foreign, s)
		case isWriteScope(s):
			write = append(write, s)
		}
	}
	sort.Strings(foreign)
	sort.Strings(write)
	if len(foreign) > 0 {
		diags.AddAttributeError(path.Root("scopes"), "Not an Okta API scope",
			quoteList(foreign)+" does not begin with \"okta.\": only Okta API scopes (okta.users.read…) are granted to an app "+
				"with /api/v1/apps/{id}/grants. Custom scopes belong to an authorization server's policies.")
	}
	if len(write) > 0 && !m.AllowWriteScopes.IsUnknown() && !m.AllowWriteScopes.ValueBool() {
		diags.AddAttributeError(path.Root("scopes"), "Write scope refused",
			"scopes asks for "+quoteList(write)+", which let the app change the org. An integration that reads posture "+
				"needs only okta.*.read scopes. If the app really must write, set allow_write_scopes = true so the choice is explicit and reviewed.")
	}
}

// ModifyPlan plans a new client secret when the auth method changes.
func (r *oidcAppResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var planMethod, stateMethod types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("token_endpoint_auth_method"), &planMethod)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("token_endpoint_auth_method"), &stateMethod)...)
	if resp.Diagnostics.HasError() || planMethod.Equal(stateMethod) {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("client_secret"), types.StringUnknown())...)
}

func (r *oidcAppResource) spec(ctx context.Context, m oidcAppModel, diags *diag.Diagnostics) okta.OIDCAppSpec {
	s := okta.OIDCAppSpec{
		Label:                   m.Label.ValueString(),
		ApplicationType:         m.Type.ValueString(),
		RedirectURIs:            readStrings(ctx, m.RedirectURIs, diags),
		PostLogoutRedirectURIs:  readStrings(ctx, m.PostLogoutRedirectURIs, diags),
		TokenEndpointAuthMethod: m.TokenEndpointAuthMethod.ValueString(),
		PKCERequired:            m.PKCERequired.ValueBool(),
	}
	if !m.JWKS.IsNull() && !m.JWKS.IsUnknown() {
		var keys []jwkModel
		diags.Append(m.JWKS.ElementsAs(ctx, &keys, false)...)
		for _, k := range keys {
			s.JWKS = append(s.JWKS, okta.JWK{
				KID: k.KID.ValueString(), KTY: k.KTY.ValueString(), Alg: k.Alg.ValueString(), Use: k.Use.ValueString(),
				N: k.N.ValueString(), E: k.E.ValueString(), Crv: k.Crv.ValueString(), X: k.X.ValueString(), Y: k.Y.ValueString(),
			})
		}
	}
	return s
}

func (r *oidcAppResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan oidcAppModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	spec := r.spec(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	app, err := r.createOrAdopt(ctx, spec, &resp.Diagnostics)
	if err != nil {
		addError(&resp.Diagnostics, "creating the OIDC app "+spec.Label, err)
		return
	}
	// Record the app at once, so a failure below leaves it in the state
	// (tainted) rather than orphaned in Okta.
	partial := plan
	r.fillApp(&partial, app)
	partial.Scopes = writeStrings[types.Set](nil, emptyKnown)
	partial.AdminRoles = writeStrings[types.Set](nil, emptyKnown)
	resp.Diagnostics.Append(resp.State.Set(ctx, partial)...)
	setIdentity(ctx, resp.Identity, app.ID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	fail := func(doing string, err error) {
		addError(&resp.Diagnostics, doing, err)
		resp.Diagnostics.AddError("OIDC app created only in part", partialDetail("Okta app", app.ID))
	}
	if err := r.reconcileGrants(ctx, app.ID, readStrings(ctx, plan.Scopes, &resp.Diagnostics)); err != nil {
		fail("granting scopes to "+app.ID, err)
		return
	}
	if plan.Type.ValueString() == "service" {
		if err := r.reconcileRoles(ctx, clientIDOf(app), readStrings(ctx, plan.AdminRoles, &resp.Diagnostics)); err != nil {
			fail("assigning admin roles to the client of "+app.ID, err)
			return
		}
	}
	plan.ID = types.StringValue(app.ID)
	if !r.read(ctx, &plan, &resp.Diagnostics) {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.AddError("OIDC app disappeared", "The Okta app "+app.ID+" was deleted while it was being created.")
		}
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func clientIDOf(app okta.App) string {
	if app.OAuth != nil && app.OAuth.ClientID != "" {
		return app.OAuth.ClientID
	}
	return app.ID
}

// fillApp sets everything the app object itself carries.
func (r *oidcAppResource) fillApp(m *oidcAppModel, app okta.App) {
	m.ID = types.StringValue(app.ID)
	m.Label = types.StringValue(app.Label)
	m.Status = types.StringValue(app.Status)
	oc := app.OAuth
	if oc == nil {
		oc = &okta.OAuthClient{}
	}
	m.ClientID = types.StringValue(clientIDOf(app))
	if oc.ApplicationType != "" {
		m.Type = types.StringValue(oc.ApplicationType)
	}
	m.RedirectURIs = writeStrings[types.List](oc.RedirectURIs, emptyNull)
	m.PostLogoutRedirectURIs = writeStrings[types.List](oc.PostLogoutRedirectURIs, emptyNull)
	m.PKCERequired = types.BoolValue(oc.PKCERequired)
	m.TokenEndpointAuthMethod = types.StringValue(oc.TokenEndpointAuthMethod)
	m.ClientSecret = optionalString(oc.ClientSecret)
	if len(oc.JWKS) == 0 {
		m.JWKS = types.ListNull(types.ObjectType{AttrTypes: jwkAttrTypes})
	} else {
		elems := make([]attr.Value, len(oc.JWKS))
		for i, k := range oc.JWKS {
			elems[i] = types.ObjectValueMust(jwkAttrTypes, map[string]attr.Value{
				"kid": optionalString(k.KID), "kty": optionalString(k.KTY), "alg": optionalString(k.Alg),
				"use": optionalString(k.Use), "n": optionalString(k.N), "e": optionalString(k.E),
				"crv": optionalString(k.Crv), "x": optionalString(k.X), "y": optionalString(k.Y),
			})
		}
		m.JWKS = types.ListValueMust(types.ObjectType{AttrTypes: jwkAttrTypes}, elems)
	}
	if m.AllowWriteScopes.IsNull() || m.AllowWriteScopes.IsUnknown() {
		m.AllowWriteScopes = types.BoolValue(false)
	}
}

// read refreshes m from Okta; false when the app is gone or on error.
func (r *oidcAppResource) read(ctx context.Context, m *oidcAppModel, diags *diag.Diagnostics) bool {
	c := r.data.Client
	app, err := c.GetApp(ctx, m.ID.ValueString())
	if err != nil {
		if !gone(err) {
			addError(diags, "reading the OIDC app "+m.ID.ValueString(), err)
		}
		return false
	}
	if app.OAuth == nil {
		diags.AddError("Not an OIDC app", fmt.Sprintf("The Okta app %s (%s) is a %s app, not an OIDC app: oktagate_oidc_app manages OIDC apps only.",
			app.ID, app.Label, app.SignOnMode))
		return false
	}
	// Unset only after an import or in a listing: allow the write scopes the
	// app already holds, so the configuration `terraform query` generates
	// from it validates and plans no change.
	unset := m.AllowWriteScopes.IsNull() || m.AllowWriteScopes.IsUnknown()
	r.fillApp(m, app)
	grants, err := c.ListAppGrants(ctx, app.ID)
	if err != nil {
		addError(diags, "reading the scope grants of "+app.ID, err)
		return false
	}
	scopes := scopesOf(activeGrants(grants))
	m.Scopes = writeStrings[types.Set](scopes, emptyKnown)
	if unset {
		m.AllowWriteScopes = types.BoolValue(slices.ContainsFunc(scopes, isWriteScope))
	}
	m.AdminRoles = writeStrings[types.Set](nil, emptyKnown)
	if app.OAuth.ApplicationType == "service" {
		roles, err := c.ListClientRoles(ctx, clientIDOf(app))
		if err != nil {
			addError(diags, "reading the admin roles of the client of "+app.ID, err)
			return false
		}
		m.AdminRoles = writeStrings[types.Set](roleTypesOf(directRoles(roles)), emptyKnown)
	}
	return true
}

func (r *oidcAppResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m oidcAppModel
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

func (r *oidcAppResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state oidcAppModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	spec := r.spec(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.Client
	id := state.ID.ValueString()
	plan.ID = state.ID
	if !plan.Label.Equal(state.Label) || !plan.RedirectURIs.Equal(state.RedirectURIs) ||
		!plan.PostLogoutRedirectURIs.Equal(state.PostLogoutRedirectURIs) || !plan.PKCERequired.Equal(state.PKCERequired) ||
		!plan.TokenEndpointAuthMethod.Equal(state.TokenEndpointAuthMethod) || !plan.JWKS.Equal(state.JWKS) {
		if _, err := c.UpdateOIDCApp(ctx, id, spec); err != nil {
			addError(&resp.Diagnostics, "updating the OIDC app "+id, err)
			return
		}
	}
	if err := r.reconcileGrants(ctx, id, readStrings(ctx, plan.Scopes, &resp.Diagnostics)); err != nil {
		addError(&resp.Diagnostics, "reconciling the scope grants of "+id, err)
		return
	}
	if plan.Type.ValueString() == "service" {
		if err := r.reconcileRoles(ctx, state.ClientID.ValueString(), readStrings(ctx, plan.AdminRoles, &resp.Diagnostics)); err != nil {
			addError(&resp.Diagnostics, "reconciling the admin roles of the client of "+id, err)
			return
		}
	}
	if !r.read(ctx, &plan, &resp.Diagnostics) {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.AddError("OIDC app disappeared", "The Okta app "+id+" was deleted outside Terraform during the apply.")
		}
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

func (r *oidcAppResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state oidcAppModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.Client
	id := state.ID.ValueString()
	if err := c.DeactivateApp(ctx, id); err != nil {
		if gone(err) {
			return
		}
		addError(&resp.Diagnostics, "deactivating the OIDC app "+id, err)
		return
	}
	if err := c.DeleteApp(ctx, id); err != nil && !gone(err) {
		addError(&resp.Diagnostics, "deleting the OIDC app "+id, err)
	}
}

// ImportState accepts an app id or an identity; allow_write_scopes is left
// for Read to set from the scopes the app holds.
func (r *oidcAppResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByID(ctx, "id", req, resp)
}
