package planmodifiers

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// config returns a configuration whose "type" attribute is typ (nil: null;
// tftypes.UnknownValue: unknown).
func config(typ any) tfsdk.Config {
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"type": schema.StringAttribute{Required: true},
		"flag": schema.BoolAttribute{Optional: true, Computed: true},
		"name": schema.StringAttribute{Optional: true, Computed: true},
	}}
	obj := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"type": tftypes.String, "flag": tftypes.Bool, "name": tftypes.String,
	}}
	return tfsdk.Config{Schema: s, Raw: tftypes.NewValue(obj, map[string]tftypes.Value{
		"type": tftypes.NewValue(tftypes.String, typ),
		"flag": tftypes.NewValue(tftypes.Bool, nil),
		"name": tftypes.NewValue(tftypes.String, nil),
	})}
}

// TestDefaultBy: a value the configuration leaves out is planned from the
// key's configured value; a configured value, an unknown or null key, or a
// key the map does not list leave the plan as it is.
func TestDefaultBy(t *testing.T) {
	ctx := t.Context()
	b := BoolDefaultBy(path.Root("type"), map[string]bool{"web": true, "service": false}, "d")
	s := StringDefaultBy(path.Root("type"), map[string]string{"web": "basic", "service": "jwt"}, "d")
	for _, c := range []struct {
		name       string
		typ        any
		config     types.Bool
		wantBool   types.Bool
		wantString types.String
	}{
		{"web", "web", types.BoolNull(), types.BoolValue(true), types.StringValue("basic")},
		{"service", "service", types.BoolNull(), types.BoolValue(false), types.StringValue("jwt")},
		{"configured", "service", types.BoolValue(true), types.BoolUnknown(), types.StringUnknown()},
		{"unknown key", tftypes.UnknownValue, types.BoolNull(), types.BoolUnknown(), types.StringUnknown()},
		{"null key", nil, types.BoolNull(), types.BoolUnknown(), types.StringUnknown()},
		{"unlisted key", "browser", types.BoolNull(), types.BoolUnknown(), types.StringUnknown()},
	} {
		cfg := config(c.typ)
		br := &planmodifier.BoolResponse{PlanValue: types.BoolUnknown()}
		b.PlanModifyBool(ctx, planmodifier.BoolRequest{Config: cfg, ConfigValue: c.config, PlanValue: types.BoolUnknown()}, br)
		if !br.PlanValue.Equal(c.wantBool) {
			t.Errorf("%s: bool planned %s, want %s", c.name, br.PlanValue, c.wantBool)
		}
		cv := types.StringNull()
		if !c.config.IsNull() {
			cv = types.StringValue("configured")
		}
		sr := &planmodifier.StringResponse{PlanValue: types.StringUnknown()}
		s.PlanModifyString(ctx, planmodifier.StringRequest{Config: cfg, ConfigValue: cv, PlanValue: types.StringUnknown()}, sr)
		if !sr.PlanValue.Equal(c.wantString) {
			t.Errorf("%s: string planned %s, want %s", c.name, sr.PlanValue, c.wantString)
		}
	}
}
