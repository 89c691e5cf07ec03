package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestSharedValidators feeds the shared validators good and bad values.
func TestSharedValidators(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		v    validator.String
		good []string
		bad  []string
	}{
		{"user id", UserID(), []string{"00u1abc", "00u0000000000000001a"}, []string{"alice@initech.example", "00g1abc", "00u", "00u-1"}},
		{"group id", GroupID(), []string{"00g00000000000000002"}, []string{"Engineering", "00u1abc"}},
		{"app id", AppID(), []string{"0oa00000000000000001"}, []string{"0oaportal client", "Initech Portal", ""}},
		{"duration", Duration(), []string{"60s", "2m30s", "1h"}, []string{"sixty", "-1s", "0s", "60", ""}},
		{"org url", OrgURL(), []string{"https://acme.okta.com", "http://127.0.0.1:8080", "http://localhost:1"},
			[]string{"http://acme.okta.com", "ftp://acme.okta.com", "https://acme.okta.com/path", "acme.okta.com", "https://u:p@acme.okta.com"}},
		{"absolute URL", AbsoluteURL(), []string{"https://app.example.com/cb", "http://localhost:8080/cb", "com.example.app:/callback"},
			[]string{"portal/callback", "https:///cb", "https://app.example.com/cb#frag", "https://app.example.com/a b", ""}},
		{"factor type", FactorType(), []string{"push", "token:software:totp", "WebAuthn", "signed_nonce"}, []string{"carrier_pigeon", "totp", ""}},
		{"role type", RoleType(), []string{"READ_ONLY_ADMIN", "SUPER_ADMIN"}, []string{"read_only_admin", "ADMIN", ""}},
		{"user status", UserStatus(), []string{"ACTIVE", "DEPROVISIONED"}, []string{"active", "GONE", ""}},
		{"date", Date(), []string{"2026-03-31"}, []string{"2026-02-30", "31/03/2026", ""}},
		{"grace period", GracePeriod(), []string{"36h", "7d"}, []string{"soon", "1.5d", ""}},
		{"timestamp", Timestamp(), []string{"2026-01-02T15:04:05Z"}, []string{"2026-01-02", ""}},
		{"network zone id", NetworkZoneID(), []string{"nzo1abc2DEF3ghi4jk5l6"}, []string{"LegacyIpZone", "00g1abc", "nzo", ""}},
	}
	for _, tc := range cases {
		for _, v := range tc.good {
			if d := runStringValidator(tc.v, v); d != "" {
				t.Errorf("%s: %q refused: %s", tc.name, v, d)
			}
		}
		for _, v := range tc.bad {
			if d := runStringValidator(tc.v, v); d == "" {
				t.Errorf("%s: %q accepted", tc.name, v)
			}
		}
	}
}

// runStringValidator runs v on s and returns its errors, "" when it accepts.
func runStringValidator(v validator.String, s string) string {
	req := validator.StringRequest{Path: path.Root("x"), PathExpression: path.MatchRoot("x"), ConfigValue: types.StringValue(s)}
	var resp validator.StringResponse
	v.ValidateString(context.Background(), req, &resp)
	var msgs []string
	for _, d := range resp.Diagnostics.Errors() {
		msgs = append(msgs, d.Summary()+": "+d.Detail())
	}
	return strings.Join(msgs, "; ")
}
