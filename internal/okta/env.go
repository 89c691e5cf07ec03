package okta

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The environment variables that name the org and hold the credential, read by
// the provider when its block leaves an argument out and by the `oktagate`
// command: one set of names, so that a CI job configures both the same way.
const (
	EnvOrgURL         = "OKTA_ORG_URL"
	EnvOrgName        = "OKTA_ORG_NAME"
	EnvBaseURL        = "OKTA_BASE_URL"
	EnvAPIToken       = "OKTA_API_TOKEN"
	EnvClientID       = "OKTA_API_CLIENT_ID"
	EnvPrivateKey     = "OKTA_API_PRIVATE_KEY"
	EnvPrivateKeyID   = "OKTA_API_PRIVATE_KEY_ID"
	EnvScopes         = "OKTA_API_SCOPES"
	EnvMaxAPICapacity = "OKTA_MAX_API_CAPACITY"
)

// DefaultBaseURL is the domain an org name is a subdomain of when no base URL
// is given.
const DefaultBaseURL = "okta.com"

var (
	// OrgNamePattern is an org's subdomain (org_name, OKTA_ORG_NAME).
	OrgNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)
	// BaseURLPattern is a domain such as okta.com (base_url, OKTA_BASE_URL).
	BaseURLPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}$`)
	// ScopePattern is one OAuth scope (scopes, OKTA_API_SCOPES).
	ScopePattern = regexp.MustCompile(`^[A-Za-z0-9._:/-]+$`)
)

// SplitScopes parses OKTA_API_SCOPES: comma separated, blanks ignored.
func SplitScopes(raw string) []string {
	var scopes []string
	for _, s := range strings.Split(raw, ",") {
		if s = strings.TrimSpace(s); s != "" {
			scopes = append(scopes, s)
		}
	}
	return scopes
}

// ConfigFromEnv reads the org and the credential from the environment the way
// the provider reads them when its block is empty: OKTA_ORG_URL, or
// OKTA_ORG_NAME with OKTA_BASE_URL (default okta.com); OKTA_API_TOKEN, or
// OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY (PEM), OKTA_API_PRIVATE_KEY_ID and
// OKTA_API_SCOPES for private_key_jwt; OKTA_MAX_API_CAPACITY. Values already
// set in base (from flags) win over their variables. The tuning fields are
// base's; New applies its defaults to those left zero. Errors name the
// variable and never quote a credential.
func ConfigFromEnv(base Config, getenv func(string) string) (Config, error) {
	env := func(name string) string { return strings.TrimSpace(getenv(name)) }
	cfg := base
	if cfg.OrgURL == "" {
		url, name := env(EnvOrgURL), env(EnvOrgName)
		switch {
		case url != "" && name != "":
			return Config{}, fmt.Errorf("both %s and %s are set: unset one of them", EnvOrgURL, EnvOrgName)
		case url != "":
			cfg.OrgURL = url
		case name != "":
			if !OrgNamePattern.MatchString(name) {
				return Config{}, fmt.Errorf("%s must be the org's subdomain only, e.g. acme for https://acme.okta.com", EnvOrgName)
			}
			domain := env(EnvBaseURL)
			if domain == "" {
				domain = DefaultBaseURL
			} else if !BaseURLPattern.MatchString(domain) {
				return Config{}, fmt.Errorf("%s must be a domain such as okta.com or oktapreview.com, without scheme or path", EnvBaseURL)
			}
			cfg.OrgURL = "https://" + name + "." + domain
		default:
			return Config{}, fmt.Errorf("no Okta org: set %s (e.g. https://acme.okta.com), or %s with %s", EnvOrgURL, EnvOrgName, EnvBaseURL)
		}
	}
	u, err := CheckOrgURL(cfg.OrgURL)
	if err != nil {
		return Config{}, err
	}
	cfg.OrgURL = strings.TrimRight(u.String(), "/")

	if cfg.APIToken == "" && cfg.ClientID == "" && cfg.PrivateKey == "" {
		token, cid, key := env(EnvAPIToken), env(EnvClientID), getenv(EnvPrivateKey)
		switch {
		case token != "" && (cid != "" || strings.TrimSpace(key) != ""):
			return Config{}, fmt.Errorf("%s and %s/%s are all set: unset one way to authenticate", EnvAPIToken, EnvClientID, EnvPrivateKey)
		case token != "":
			cfg.APIToken = token
		case cid == "" && strings.TrimSpace(key) == "":
			return Config{}, fmt.Errorf("no Okta credentials: set %s, or %s and %s (private_key_jwt)", EnvAPIToken, EnvClientID, EnvPrivateKey)
		default:
			cfg.ClientID, cfg.PrivateKey = cid, key
		}
	}
	if cfg.ClientID != "" || cfg.PrivateKey != "" {
		if err := oauthFromEnv(&cfg, getenv); err != nil {
			return Config{}, err
		}
	}
	if cfg.MaxAPICapacity == 0 {
		if raw := env(EnvMaxAPICapacity); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil || n < 1 || n > 100 {
				return Config{}, errors.New(EnvMaxAPICapacity + " must be a whole percentage between 1 and 100, e.g. 50")
			}
			cfg.MaxAPICapacity = n
		}
	}
	return cfg, nil
}

// oauthFromEnv completes a private_key_jwt configuration from the
// environment: one half of it may come from a flag, the other from its
// variable.
func oauthFromEnv(cfg *Config, getenv func(string) string) error {
	if cfg.ClientID == "" {
		cfg.ClientID = strings.TrimSpace(getenv(EnvClientID))
	}
	if cfg.PrivateKey == "" {
		cfg.PrivateKey = getenv(EnvPrivateKey)
	}
	if cfg.PrivateKeyID == "" {
		cfg.PrivateKeyID = strings.TrimSpace(getenv(EnvPrivateKeyID))
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = SplitScopes(getenv(EnvScopes))
		for _, s := range cfg.Scopes {
			if !ScopePattern.MatchString(s) {
				return fmt.Errorf("%q in %s is not an OAuth scope; it is a comma-separated list such as okta.users.read,okta.groups.read", s, EnvScopes)
			}
		}
	}
	if cfg.PrivateKey != "" {
		if _, err := ParsePrivateKey(cfg.PrivateKey); err != nil {
			return fmt.Errorf("%s: %w", EnvPrivateKey, err)
		}
	}
	return nil
}
