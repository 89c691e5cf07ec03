package planmodifiers

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// BoolDefaultBy returns a plan modifier that plans an attribute the
// configuration leaves out from the configured value of another string
// attribute, key: an OIDC app's pkce_required by its type. While key is
// unknown or null, or holds a value values does not list, the plan is left
// as it is (unknown, for a computed attribute). description says what the
// defaults are, for the docs.
func BoolDefaultBy(key path.Path, values map[string]bool, description string) planmodifier.Bool {
	return boolDefaultBy{key: key, values: values, description: description}
}

// StringDefaultBy is BoolDefaultBy for a string attribute: an OIDC app's
// token_endpoint_auth_method by its type.
func StringDefaultBy(key path.Path, values map[string]string, description string) planmodifier.String {
	return stringDefaultBy{key: key, values: values, description: description}
}

type boolDefaultBy struct {
	key         path.Path
	values      map[string]bool
	description string
}

func (m boolDefaultBy) Description(context.Context) string { return m.description }

func (m boolDefaultBy) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m boolDefaultBy) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	if v, ok := m.values[configuredKey(ctx, m.key, req.Config.GetAttribute)]; ok {
		resp.PlanValue = types.BoolValue(v)
	}
}

type stringDefaultBy struct {
	key         path.Path
	values      map[string]string
	description string
}

func (m stringDefaultBy) Description(context.Context) string { return m.description }

func (m stringDefaultBy) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m stringDefaultBy) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	if v, ok := m.values[configuredKey(ctx, m.key, req.Config.GetAttribute)]; ok {
		resp.PlanValue = types.StringValue(v)
	}
}

// configuredKey reads the configured key attribute; "" when unknown or null.
func configuredKey(ctx context.Context, key path.Path, get func(context.Context, path.Path, any) diag.Diagnostics) string {
	var t types.String
	if get(ctx, key, &t).HasError() || t.IsNull() || t.IsUnknown() {
		return ""
	}
	return t.ValueString()
}
