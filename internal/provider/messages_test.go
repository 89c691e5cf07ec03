package provider

import (
	"math/big"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

// validateResource runs the provider server's ValidateResourceConfig, as
// terraform validate does, on a configuration of typeName with the given
// attributes set (the others null), and returns every diagnostic as
// "summary: detail".
func validateResource(t *testing.T, typeName string, set map[string]tftypes.Value) []string {
	t.Helper()
	ctx := t.Context()
	server, err := providerserver.NewProtocol6WithError(newWithEnv("test", func(string) string { return "" })())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	s, ok := schemas.ResourceSchemas[typeName]
	if !ok {
		t.Fatalf("no resource %s", typeName)
	}
	typ, ok := s.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("%s: the schema's value type is %T, not an object", typeName, s.ValueType())
	}
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range set {
		vals[name] = v
	}
	cfg, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range resp.Diagnostics {
		out = append(out, d.Summary+": "+d.Detail)
	}
	return out
}

func num(f string) tftypes.Value {
	v, _, err := big.ParseFloat(f, 10, 512, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	return tftypes.NewValue(tftypes.Number, v)
}

// TestMessagesOneErrorPerProblem: each bad input gets exactly one error, in
// the provider's words: no contradictory pair from the schema validator and
// the rule, no repeat, an attribute name in its own case, one period at the
// end, and no "error in the provider" for a number too large for an integer.
func TestMessagesOneErrorPerProblem(t *testing.T) {
	t.Parallel()
	offboarded := tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"login": tftypes.String, "date": tftypes.String}}}
	someone := tftypes.NewValue(offboarded, []tftypes.Value{tftypes.NewValue(offboarded.ElementType, map[string]tftypes.Value{
		"login": tftypes.NewValue(tftypes.String, "frank@initech.example"), "date": tftypes.NewValue(tftypes.String, "2026-01-02"),
	})})
	for _, tc := range []struct {
		name, typeName string
		set            map[string]tftypes.Value
		want           string
	}{
		{"negative min_factors", "oktagate_mfa_check",
			map[string]tftypes.Value{"min_factors": num("-1")}, "min_factors value must be at least 1, got: -1"},
		{"bad grace_period", "oktagate_offboarding_check",
			map[string]tftypes.Value{"offboarded": someone, "grace_period": tftypes.NewValue(tftypes.String, "bogus")},
			`Invalid grace_period: grace_period "bogus": want a Go duration ("36h") or whole days ("7d").`},
		{"huge integer", "oktagate_inactive_users_check",
			map[string]tftypes.Value{"max_inactive_days": num("1e30")},
			"Invalid number: max_inactive_days = 1e+30 is out of range: the argument takes a whole number from -9223372036854775808 to 9223372036854775807."},
		{"fractional integer", "oktagate_mfa_check",
			map[string]tftypes.Value{"min_factors": num("1.5")},
			"Invalid number: min_factors = 1.5 is not a whole number: the argument takes a whole number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := validateResource(t, tc.typeName, tc.set)
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Fatalf("diagnostics %q, want exactly one containing %q", got, tc.want)
			}
			for _, bad := range []string{"..", "always an error in the provider", "Grace_period", "must not be negative"} {
				if strings.Contains(got[0], bad) {
					t.Errorf("diagnostic %q contains %q", got[0], bad)
				}
			}
		})
	}
}

// TestPrivateKeyMessages: a public key is called a public key, not "not PEM",
// and a damaged key block gets a sentence, not x509's ASN.1 text.
func TestPrivateKeyMessages(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, pem string
		want      []string
	}{
		{"public key", "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n",
			[]string{`holds a "PUBLIC KEY" block but no private key`, `of type "PRIVATE KEY" (PKCS#8)`}},
		{"damaged key", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
			[]string{"The PRIVATE KEY block is not a valid key"}},
		{"not PEM at all", "0oa-not-a-key", []string{"not PEM text", `of type "PRIVATE KEY" (PKCS#8)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := validateString(t, validators.PrivateKey(), tc.pem)
			if len(d) != 1 {
				t.Fatalf("diagnostics %q, want one", d)
			}
			for _, w := range tc.want {
				if !strings.Contains(d[0], w) {
					t.Errorf("%q does not contain %q", d[0], w)
				}
			}
			for _, bad := range []string{"asn1", "structure error", ".."} {
				if strings.Contains(d[0], bad) {
					t.Errorf("%q contains %q", d[0], bad)
				}
			}
			if tc.name != "not PEM at all" && strings.Contains(d[0], "not PEM") {
				t.Errorf("%q calls PEM text not PEM", d[0])
			}
		})
	}
}

func validateString(t *testing.T, v validator.String, s string) []string {
	t.Helper()
	var resp validator.StringResponse
	v.ValidateString(t.Context(), validator.StringRequest{Path: path.Root("private_key"), ConfigValue: types.StringValue(s)}, &resp)
	var out []string
	for _, d := range resp.Diagnostics {
		out = append(out, d.Detail())
	}
	return out
}

// TestAccOAuthRejectionNamesNoAPIToken: a service app whose key Okta does not
// know is told about its client credentials, not about an API token.
func TestAccOAuthRejectionNamesNoAPIToken(t *testing.T) {
	t.Parallel()
	org, clientID, _ := gateOrg(t, []string{"okta.users.read"})
	s, _ := startSim(t, org, oktasim.Options{Unlimited: true})
	otherKey := testKeyPEM(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config:      oauthProvider(s.URL(), clientID, otherKey, []string{"okta.users.read"}) + "data \"oktagate_users\" \"all\" {}\n",
			ExpectError: regexp.MustCompile(`Okta rejected the OAuth client's credentials(?s).*private_key`),
		}},
	})
}
