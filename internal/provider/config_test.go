package provider

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// nullModel is a provider block with nothing set.
func nullModel() providerModel {
	return providerModel{
		OrgURL: types.StringNull(), OrgName: types.StringNull(), BaseURL: types.StringNull(),
		APIToken: types.StringNull(), ClientID: types.StringNull(), PrivateKey: types.StringNull(),
		PrivateKeyID: types.StringNull(), Scopes: types.SetNull(types.StringType),
		MaxAPICapacity: types.Int64Null(), MaxConcurrency: types.Int64Null(),
		RequestTimeout: types.StringNull(), MaxRetries: types.Int64Null(),
		MaxRateLimitWait: types.StringNull(),
	}
}

func envOf(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func summaries(d diag.Diagnostics) []string {
	var out []string
	for _, e := range d.Errors() {
		out = append(out, e.Summary()+": "+e.Detail())
	}
	return out
}

func wantNoErrors(t *testing.T, d diag.Diagnostics) {
	t.Helper()
	if d.HasError() {
		t.Fatalf("unexpected errors: %q", summaries(d))
	}
}

func wantError(t *testing.T, d diag.Diagnostics, summary string, detailMentions ...string) {
	t.Helper()
	for _, e := range d.Errors() {
		if e.Summary() == summary {
			for _, m := range detailMentions {
				if !strings.Contains(e.Detail(), m) {
					t.Errorf("%q detail %q does not mention %q", summary, e.Detail(), m)
				}
			}
			return
		}
	}
	t.Fatalf("want error %q, got %q", summary, summaries(d))
}

func TestResolveConfigFromEnvironmentOnly(t *testing.T) {
	cfg, d := resolveConfig(nullModel(), envOf(map[string]string{
		envOrgURL:   "https://acme.okta.com/",
		envAPIToken: "tok-env",
	}), true)
	wantNoErrors(t, d)
	if cfg.OrgURL != "https://acme.okta.com" || cfg.APIToken != "tok-env" {
		t.Errorf("got org %q token set %v", cfg.OrgURL, cfg.APIToken != "")
	}
	if cfg.MaxAPICapacity != 50 || cfg.MaxConcurrency != 8 || cfg.RequestTimeout != 60*time.Second || cfg.MaxRetries != 5 ||
		cfg.MaxRateLimitWait != 2*time.Minute {
		t.Errorf("defaults: got capacity %d concurrency %d timeout %s retries %d rate-limit wait %s",
			cfg.MaxAPICapacity, cfg.MaxConcurrency, cfg.RequestTimeout, cfg.MaxRetries, cfg.MaxRateLimitWait)
	}
}

func TestResolveConfigBlockWinsOverEnvironment(t *testing.T) {
	m := nullModel()
	m.OrgName = types.StringValue("initech")
	m.BaseURL = types.StringValue("oktapreview.com")
	m.APIToken = types.StringValue("tok-hcl")
	m.MaxAPICapacity = types.Int64Value(30)
	m.MaxConcurrency = types.Int64Value(3)
	m.RequestTimeout = types.StringValue("2m")
	m.MaxRetries = types.Int64Value(0)
	m.MaxRateLimitWait = types.StringValue("10m")
	cfg, d := resolveConfig(m, envOf(map[string]string{
		envOrgURL:         "https://other.okta.com", // the block's org_name wins as a whole
		envBaseURL:        "okta-emea.com",
		envAPIToken:       "tok-env",
		envClientID:       "0oaEnv", // the block chose SSWS: OAuth variables are ignored
		envPrivateKey:     "not a key",
		envMaxAPICapacity: "90",
	}), true)
	wantNoErrors(t, d)
	if cfg.OrgURL != "https://initech.oktapreview.com" {
		t.Errorf("org URL %q", cfg.OrgURL)
	}
	if cfg.APIToken != "tok-hcl" || cfg.ClientID != "" || cfg.PrivateKey != "" {
		t.Errorf("credentials: token from block %v, client id %q, key set %v", cfg.APIToken == "tok-hcl", cfg.ClientID, cfg.PrivateKey != "")
	}
	if cfg.MaxAPICapacity != 30 || cfg.MaxConcurrency != 3 || cfg.RequestTimeout != 2*time.Minute || cfg.MaxRetries != 0 ||
		cfg.MaxRateLimitWait != 10*time.Minute {
		t.Errorf("tuning: capacity %d concurrency %d timeout %s retries %d rate-limit wait %s",
			cfg.MaxAPICapacity, cfg.MaxConcurrency, cfg.RequestTimeout, cfg.MaxRetries, cfg.MaxRateLimitWait)
	}
}

func TestResolveConfigOrgNameAndBaseFromEnvironment(t *testing.T) {
	cfg, d := resolveConfig(nullModel(), envOf(map[string]string{
		envOrgName: "initech", envBaseURL: "okta-emea.com", envAPIToken: "t", envMaxAPICapacity: "75",
	}), true)
	wantNoErrors(t, d)
	if cfg.OrgURL != "https://initech.okta-emea.com" || cfg.MaxAPICapacity != 75 {
		t.Errorf("got %q capacity %d", cfg.OrgURL, cfg.MaxAPICapacity)
	}
	cfg, d = resolveConfig(nullModel(), envOf(map[string]string{envOrgName: "initech", envAPIToken: "t"}), true)
	wantNoErrors(t, d)
	if cfg.OrgURL != "https://initech.okta.com" {
		t.Errorf("default base: got %q", cfg.OrgURL)
	}
}

func TestResolveConfigOAuthMergesBlockAndEnvironment(t *testing.T) {
	key := testKeyPEM(t)
	m := nullModel()
	m.OrgURL = types.StringValue("https://acme.okta.com")
	m.ClientID = types.StringValue("0oaHcl")
	cfg, d := resolveConfig(m, envOf(map[string]string{
		envAPIToken:     "tok-env", // the block chose OAuth: the token variable is ignored
		envPrivateKey:   key,
		envPrivateKeyID: "kid-1",
		envScopes:       " okta.users.read, okta.groups.read ,,",
	}), true)
	wantNoErrors(t, d)
	if cfg.APIToken != "" || cfg.ClientID != "0oaHcl" || cfg.PrivateKey != key || cfg.PrivateKeyID != "kid-1" {
		t.Errorf("got token set %v, client %q, key from env %v, kid %q", cfg.APIToken != "", cfg.ClientID, cfg.PrivateKey == key, cfg.PrivateKeyID)
	}
	if want := []string{"okta.users.read", "okta.groups.read"}; !slices.Equal(cfg.Scopes, want) {
		t.Errorf("scopes %q, want %q", cfg.Scopes, want)
	}

	m.Scopes = types.SetValueMust(types.StringType, []attr.Value{types.StringValue("okta.apps.read")})
	cfg, d = resolveConfig(m, envOf(map[string]string{envPrivateKey: key, envScopes: "okta.users.read"}), true)
	wantNoErrors(t, d)
	if !slices.Equal(cfg.Scopes, []string{"okta.apps.read"}) {
		t.Errorf("block scopes should win, got %q", cfg.Scopes)
	}
}

func TestResolveConfigRefusals(t *testing.T) {
	key := testKeyPEM(t)
	withURL := func(edit func(*providerModel)) providerModel {
		m := nullModel()
		m.OrgURL = types.StringValue("https://acme.okta.com")
		if edit != nil {
			edit(&m)
		}
		return m
	}
	cases := []struct {
		name    string
		m       providerModel
		env     map[string]string
		summary string
		mention []string
	}{
		{"no org", nullModel(), map[string]string{envAPIToken: "t"}, "Missing Okta org", []string{"org_url", envOrgURL, envOrgName}},
		{"no credentials", withURL(nil), nil, "Missing Okta credentials", []string{"api_token", envAPIToken, envClientID, envPrivateKey}},
		{"both org variables", nullModel(), map[string]string{envOrgURL: "https://a.okta.com", envOrgName: "a", envAPIToken: "t"},
			"Conflicting " + envOrgURL + " and " + envOrgName, nil},
		{"http org URL from the environment", nullModel(), map[string]string{envOrgURL: "http://acme.example.com", envAPIToken: "t"},
			"Invalid Okta org URL from " + envOrgURL, nil},
		{"token and key in the environment", withURL(nil), map[string]string{envAPIToken: "t", envClientID: "c", envPrivateKey: key},
			"Conflicting authentication methods", []string{envAPIToken, envPrivateKey}},
		{"token and key in the block", withURL(func(m *providerModel) {
			m.APIToken = types.StringValue("t")
			m.PrivateKey = types.StringValue(key)
		}), nil, "Conflicting authentication methods", []string{"api_token", "private_key"}},
		{"key without client id", withURL(func(m *providerModel) { m.PrivateKey = types.StringValue(key) }), nil,
			"Missing client_id", []string{envClientID}},
		{"client id without key", nullModel(), map[string]string{envOrgURL: "https://a.okta.com", envClientID: "c"},
			"Missing private_key", []string{envPrivateKey}},
		{"unparseable key in the environment", withURL(nil), map[string]string{envClientID: "c", envPrivateKey: "SECRET-NOT-PEM"},
			"Invalid " + envPrivateKey, nil},
		{"capacity 0 in the environment", withURL(nil), map[string]string{envAPIToken: "t", envMaxAPICapacity: "0"},
			"Invalid " + envMaxAPICapacity, []string{"1 and 100"}},
		{"capacity 101 in the environment", withURL(nil), map[string]string{envAPIToken: "t", envMaxAPICapacity: "101"},
			"Invalid " + envMaxAPICapacity, nil},
		{"capacity not a number", withURL(nil), map[string]string{envAPIToken: "t", envMaxAPICapacity: "half"},
			"Invalid " + envMaxAPICapacity, nil},
		{"unknown org in Configure", func() providerModel { m := nullModel(); m.OrgURL = types.StringUnknown(); return m }(),
			map[string]string{envAPIToken: "t"}, "Unknown value for org_url", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, d := resolveConfig(tc.m, envOf(tc.env), true)
			wantError(t, d, tc.summary, tc.mention...)
			for _, e := range d.Errors() {
				if strings.Contains(e.Detail(), "SECRET-NOT-PEM") || strings.Contains(e.Detail(), "BEGIN") {
					t.Errorf("a diagnostic echoes the private key: %q", e.Detail())
				}
			}
		})
	}
}

// At validation, missing settings and unknown values are let through: they may
// come from the environment at apply, or be known later.
func TestResolveConfigValidationIsLenient(t *testing.T) {
	_, d := resolveConfig(nullModel(), envOf(nil), false)
	wantNoErrors(t, d)
	m := nullModel()
	m.OrgURL = types.StringUnknown()
	m.APIToken = types.StringUnknown()
	_, d = resolveConfig(m, envOf(nil), false)
	wantNoErrors(t, d)
}

func TestSplitScopes(t *testing.T) {
	if got := splitScopes(""); got != nil {
		t.Errorf("empty: %q", got)
	}
	if got := splitScopes("a, b,,c "); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("got %q", got)
	}
}

func TestResolveAsOf(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		value   types.String
		want    time.Time
		wantErr string
	}{
		{"unset", types.StringNull(), time.Time{}, ""},
		{"unknown", types.StringUnknown(), time.Time{}, ""},
		{"the plan's time", types.StringValue("2026-12-05T11:58:31Z"), time.Date(2026, 12, 5, 11, 58, 31, 0, time.UTC), ""},
		{"an offset", types.StringValue("2026-12-05T12:58:31+01:00"), time.Date(2026, 12, 5, 11, 58, 31, 0, time.UTC), ""},
		{"validation's zero time before Terraform 1.10", types.StringValue("0001-01-01T00:00:00Z"), time.Time{}, ""},
		{"ahead by clock skew", types.StringValue("2026-12-05T12:02:00Z"), now, ""},
		{"in the future", types.StringValue("2026-12-05T13:00:00Z"), time.Time{}, "as_of lies in the future"},
		{"not a time", types.StringValue("yesterday"), time.Time{}, ""}, // the attribute validator reports it
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := resolveAsOf(tc.value, now)
			if !got.Equal(tc.want) {
				t.Errorf("resolveAsOf = %s, want %s", got, tc.want)
			}
			var errs []string
			for _, d := range diags.Errors() {
				errs = append(errs, d.Summary())
			}
			if strings.Join(errs, "; ") != tc.wantErr {
				t.Errorf("errors %q, want %q", errs, tc.wantErr)
			}
		})
	}
}
