package okta

import (
	"strings"
	"testing"
)

func TestConfigFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		name    string
		base    Config
		getenv  func(string) string
		wantURL string
		check   func(Config) bool
		wantErr string
	}{
		{name: "url and token", getenv: env(EnvOrgURL, "https://Acme.okta.com/", EnvAPIToken, "00tok"),
			wantURL: "https://acme.okta.com", check: func(c Config) bool { return c.APIToken == "00tok" }},
		{name: "name and base", getenv: env(EnvOrgName, "acme", EnvBaseURL, "oktapreview.com", EnvAPIToken, "00tok", EnvMaxAPICapacity, "30"),
			wantURL: "https://acme.oktapreview.com", check: func(c Config) bool { return c.MaxAPICapacity == 30 }},
		{name: "a flag wins", base: Config{OrgURL: "https://flag.okta.com"}, getenv: env(EnvOrgURL, "https://env.okta.com", EnvAPIToken, "00tok"),
			wantURL: "https://flag.okta.com"},
		{name: "client id from a flag, key and scopes from the environment", base: Config{ClientID: "0oaflag"},
			getenv: env(EnvOrgURL, "https://acme.okta.com", EnvPrivateKey, "not pem", EnvScopes, "okta.users.read"), wantErr: EnvPrivateKey + ": the private key is not PEM text"},
		{name: "no org", getenv: env(EnvAPIToken, "00tok"), wantErr: "no Okta org: set " + EnvOrgURL},
		{name: "both org vars", getenv: env(EnvOrgURL, "https://a.okta.com", EnvOrgName, "a"), wantErr: "both " + EnvOrgURL + " and " + EnvOrgName},
		{name: "no credential", getenv: env(EnvOrgURL, "https://a.okta.com"), wantErr: "no Okta credentials"},
		{name: "both credentials", getenv: env(EnvOrgURL, "https://a.okta.com", EnvAPIToken, "t", EnvClientID, "c"), wantErr: "unset one way"},
		{name: "bad scope", getenv: env(EnvOrgURL, "https://a.okta.com", EnvClientID, "c", EnvPrivateKey, "k", EnvScopes, "okta.users.read,bad scope"), wantErr: `"bad scope" in ` + EnvScopes},
		{name: "bad capacity", getenv: env(EnvOrgURL, "https://a.okta.com", EnvAPIToken, "t", EnvMaxAPICapacity, "200"), wantErr: EnvMaxAPICapacity + " must be"},
		{name: "http off loopback", getenv: env(EnvOrgURL, "http://acme.okta.com", EnvAPIToken, "t"), wantErr: "only https is allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ConfigFromEnv(tc.base, tc.getenv)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.OrgURL != tc.wantURL || (tc.check != nil && !tc.check(got)) {
				t.Errorf("got %v, want org %s", got, tc.wantURL)
			}
		})
	}
}
