package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestReadGoneWithoutPriorIdentity: Terraform before 1.12 sends no identity
// with ReadResource; when the object is gone from Okta, each resource with an
// identity drops itself from the state without an error (the framework
// demands an identity even then), and hands back the identity it had.
func TestReadGoneWithoutPriorIdentity(t *testing.T) {
	t.Parallel()
	s, err := oktasim.Start(oktasim.Options{Org: newProvOrg(), Unlimited: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	ctx := t.Context()
	server, err := providerserver.NewProtocol6WithError(newWithEnv("test", func(string) string { return "" })())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("schema: %v %v", err, schemas.Diagnostics)
	}
	config := objectWith(schemas.Provider, map[string]tftypes.Value{
		"org_url":   tftypes.NewValue(tftypes.String, s.URL()),
		"api_token": tftypes.NewValue(tftypes.String, s.AdminToken()),
	})
	cfg, err := tfprotov6.NewDynamicValue(config.Type(), config)
	if err != nil {
		t.Fatal(err)
	}
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &cfg})
	if err != nil || len(conf.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, conf.Diagnostics)
	}
	for typ, ids := range map[string]map[string]string{
		"oktagate_service_account":   {"id": "00u0000000000000gone"},
		"oktagate_oidc_app":          {"id": "0oa0000000000000gone"},
		"oktagate_api_token_binding": {"id": "00T0000000000000gone", "token_id": "00T0000000000000gone"},
	} {
		t.Run(typ, func(t *testing.T) {
			values := map[string]tftypes.Value{}
			for k, v := range ids {
				values[k] = tftypes.NewValue(tftypes.String, v)
			}
			prior := objectWith(schemas.ResourceSchemas[typ], values)
			state, err := tfprotov6.NewDynamicValue(prior.Type(), prior)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typ, CurrentState: &state})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					t.Fatalf("%s: %s", d.Summary, d.Detail)
				}
			}
			got, err := resp.NewState.Unmarshal(prior.Type())
			if err != nil {
				t.Fatal(err)
			}
			if !got.IsNull() {
				t.Errorf("the resource stays in the state: %v", got)
			}
			if resp.NewIdentity == nil || resp.NewIdentity.IdentityData == nil {
				t.Fatal("no identity returned")
			}
		})
	}
}

// objectWith is an object of schema's type with values set and every other
// attribute null.
func objectWith(schema *tfprotov6.Schema, values map[string]tftypes.Value) tftypes.Value {
	typ, _ := schema.ValueType().(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := values[name]; ok {
			attrs[name] = v
		} else {
			attrs[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(typ, attrs)
}
