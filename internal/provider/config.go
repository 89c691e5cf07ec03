package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Environment variables read when the provider block leaves an attribute out.
const (
	// The Okta ones are internal/okta's: the `oktagate` command reads the same.
	envOrgURL         = okta.EnvOrgURL
	envOrgName        = okta.EnvOrgName
	envBaseURL        = okta.EnvBaseURL
	envAPIToken       = okta.EnvAPIToken
	envClientID       = okta.EnvClientID
	envPrivateKey     = okta.EnvPrivateKey
	envPrivateKeyID   = okta.EnvPrivateKeyID
	envScopes         = okta.EnvScopes
	envMaxAPICapacity = okta.EnvMaxAPICapacity
	envEvidenceDir    = "OKTAGATE_EVIDENCE_DIR"
)

const (
	defaultBaseURL        = okta.DefaultBaseURL
	defaultMaxAPICapacity = 50
	defaultMaxConcurrency = 8
	defaultRequestTimeout = 60 * time.Second
	defaultMaxRetries     = 5
	// defaultMaxRateLimitWait is okta.DefaultMaxRateLimitWait, restated so
	// the provider's defaults read in one place.
	defaultMaxRateLimitWait = okta.DefaultMaxRateLimitWait
)

var (
	orgNamePattern = okta.OrgNamePattern
	baseURLPattern = okta.BaseURLPattern
	scopePattern   = okta.ScopePattern
)

type providerModel struct {
	OrgURL         types.String `tfsdk:"org_url"`
	OrgName        types.String `tfsdk:"org_name"`
	BaseURL        types.String `tfsdk:"base_url"`
	APIToken       types.String `tfsdk:"api_token"`
	ClientID       types.String `tfsdk:"client_id"`
	PrivateKey     types.String `tfsdk:"private_key"`
	PrivateKeyID   types.String `tfsdk:"private_key_id"`
	Scopes         types.Set    `tfsdk:"scopes"`
	MaxAPICapacity types.Int64  `tfsdk:"max_api_capacity"`
	MaxConcurrency types.Int64  `tfsdk:"max_concurrency"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	// MaxRateLimitWait: how far ahead a rate-limit reset may lie to be waited for.
	MaxRateLimitWait types.String `tfsdk:"max_rate_limit_wait"`
	AsOf             types.String `tfsdk:"as_of"`
	// MaxExceptionDays: see resolveMaxExceptionDays.
	MaxExceptionDays types.Int64 `tfsdk:"max_exception_days"`
	// Frameworks: see resolveFrameworks.
	Frameworks types.Set `tfsdk:"frameworks"`
	// EvidenceDir: see resolveEvidenceDir.
	EvidenceDir types.String `tfsdk:"evidence_dir"`
}

// asOfFutureSlack is how far in the future as_of may lie before it is refused:
// the clocks of the machine that planned and the one that applies may differ.
const asOfFutureSlack = 5 * time.Minute

// resolveAsOf reads as_of: the instant the plan judges the org at, normally
// plantimestamp(). It returns the zero time when as_of is unset, unknown, or
// the zero time that Terraform before 1.10 gives plantimestamp() while it
// validates (hashicorp/terraform#35898). A time in the future beyond clock
// skew is an error: a snapshot brought to it would hold a cursor the next plan
// cannot replay from; within the skew it is brought back to now.
func resolveAsOf(v types.String, now time.Time) (time.Time, diag.Diagnostics) {
	var diags diag.Diagnostics
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, diags
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	if err != nil {
		return time.Time{}, diags // the attribute validator reports it
	}
	switch {
	case fromValidationPlanTimestamp(t):
		return time.Time{}, diags
	case t.After(now.Add(asOfFutureSlack)):
		diags.AddAttributeError(path.Root("as_of"), "as_of lies in the future",
			fmt.Sprintf("as_of (%s) is after now (%s). Set it to plantimestamp(), the time of the plan, "+
				"or leave it out.", t.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
		return time.Time{}, diags
	case t.After(now):
		return now, diags
	}
	return t, diags
}

// resolveConfig merges the provider block with the environment into an
// okta.Config. A value in the block wins over its variable, and the block's
// choice of org (org_url or org_name) and of authentication method (api_token, or
// client_id/private_key) wins as a whole, so a stray variable of the other kind
// is ignored rather than reported as a conflict.
//
// Block values are checked by the schema's validators; resolveConfig checks what
// came from the environment and the rules that span attributes. With final false
// (validation) unknown values and missing settings are let through; with final
// true (Configure) they are errors.
func resolveConfig(m providerModel, getenv func(string) string, final bool) (okta.Config, diag.Diagnostics) {
	r := resolver{getenv: getenv, final: final}
	cfg := okta.Config{
		MaxAPICapacity:   defaultMaxAPICapacity,
		MaxConcurrency:   defaultMaxConcurrency,
		RequestTimeout:   defaultRequestTimeout,
		MaxRetries:       defaultMaxRetries,
		MaxRateLimitWait: defaultMaxRateLimitWait,
	}
	cfg.OrgURL = r.orgURL(m)
	r.credentials(m, &cfg)
	r.tuning(m, &cfg)
	return cfg, r.diags
}

type resolver struct {
	getenv func(string) string
	final  bool
	diags  diag.Diagnostics
}

func (r *resolver) env(name string) string { return strings.TrimSpace(r.getenv(name)) }

// unknown reports whether any value is unknown; in Configure that is an error
// naming the first one, since a provider cannot wait for a resource's output.
func (r *resolver) unknown(values map[string]types.String) bool {
	for name, v := range values {
		if v.IsUnknown() {
			if r.final {
				r.diags.AddAttributeError(path.Root(name), "Unknown value for "+name,
					"The provider needs "+name+" when the plan starts. Set it from a variable or a literal, "+
						"not from a resource that is created in the same run.")
			}
			return true
		}
	}
	return false
}

// given reports whether the block sets v to a known, non-empty value.
func given(v types.String) bool { return !v.IsNull() && !v.IsUnknown() && v.ValueString() != "" }

func (r *resolver) orgURL(m providerModel) string {
	if r.unknown(map[string]types.String{"org_url": m.OrgURL, "org_name": m.OrgName, "base_url": m.BaseURL}) {
		return ""
	}
	switch {
	case given(m.OrgURL) && given(m.OrgName):
		r.diags.AddAttributeError(path.Root("org_url"), "Conflicting org_url and org_name",
			"Set either org_url (e.g. https://acme.okta.com) or org_name (e.g. acme) with base_url, not both.")
		return ""
	case given(m.OrgURL):
		// The attribute validator has checked it.
		return strings.TrimRight(m.OrgURL.ValueString(), "/")
	case given(m.OrgName):
		return r.orgNameURL(m, m.OrgName.ValueString(), "org_name")
	}

	envURL, envName := r.env(envOrgURL), r.env(envOrgName)
	switch {
	case envURL != "" && envName != "":
		r.diags.AddError("Conflicting "+envOrgURL+" and "+envOrgName,
			"Both environment variables are set; unset one of them, or set org_url in the provider block.")
	case envURL != "":
		return r.checkURL(envURL, envOrgURL)
	case envName != "":
		if !orgNamePattern.MatchString(envName) {
			r.diags.AddError("Invalid "+envOrgName,
				envOrgName+" must be the org's subdomain only, e.g. acme for https://acme.okta.com.")
			return ""
		}
		return r.orgNameURL(m, envName, envOrgName)
	case r.final:
		r.diags.AddError("Missing Okta org",
			"Set org_url in the provider block (or the "+envOrgURL+" environment variable), or org_name ("+
				envOrgName+") with base_url ("+envBaseURL+", default okta.com).")
	}
	return ""
}

// orgNameURL builds https://<name>.<base>, base from the block, the
// environment or the default.
func (r *resolver) orgNameURL(m providerModel, name, nameSource string) string {
	base, source := m.BaseURL.ValueString(), "base_url"
	if base == "" {
		base, source = r.env(envBaseURL), envBaseURL
		if base != "" && !baseURLPattern.MatchString(base) {
			r.diags.AddError("Invalid "+envBaseURL,
				envBaseURL+" must be a domain such as okta.com or oktapreview.com, without scheme or path.")
			return ""
		}
	}
	if base == "" {
		base, source = defaultBaseURL, "the default base_url"
	}
	return r.checkURL("https://"+name+"."+base, nameSource+" and "+source)
}

func (r *resolver) checkURL(raw, source string) string {
	u, err := okta.CheckOrgURL(raw)
	if err != nil {
		r.diags.AddError("Invalid Okta org URL from "+source, upperFirst(err.Error())+".")
		return ""
	}
	return strings.TrimRight(u.String(), "/")
}

func (r *resolver) credentials(m providerModel, cfg *okta.Config) {
	if r.unknown(map[string]types.String{
		"api_token": m.APIToken, "client_id": m.ClientID, "private_key": m.PrivateKey, "private_key_id": m.PrivateKeyID,
	}) || m.Scopes.IsUnknown() {
		return
	}
	hclToken := given(m.APIToken)
	hclOAuth := given(m.ClientID) || given(m.PrivateKey)
	var keyFromEnv, scopesFromEnv bool
	switch {
	case hclToken && hclOAuth:
		r.diags.AddAttributeError(path.Root("api_token"), "Conflicting authentication methods",
			"Set api_token for SSWS authentication, or client_id and private_key for OAuth 2.0, not both.")
		return
	case hclToken:
		cfg.APIToken = m.APIToken.ValueString()
		return
	case hclOAuth:
		cfg.ClientID = m.ClientID.ValueString()
		if cfg.ClientID == "" {
			cfg.ClientID = r.env(envClientID)
		}
		cfg.PrivateKey = m.PrivateKey.ValueString()
		if cfg.PrivateKey == "" {
			cfg.PrivateKey, keyFromEnv = r.getenv(envPrivateKey), true
		}
	default:
		envToken, envCID, envKey := r.env(envAPIToken), r.env(envClientID), r.getenv(envPrivateKey)
		if envToken != "" && (envCID != "" || strings.TrimSpace(envKey) != "") {
			r.diags.AddError("Conflicting authentication methods",
				envAPIToken+" and "+envClientID+"/"+envPrivateKey+" are all set in the environment. "+
					"Unset one method, or choose one in the provider block (api_token, or client_id and private_key).")
			return
		}
		if envToken != "" {
			cfg.APIToken = envToken
			return
		}
		cfg.ClientID, cfg.PrivateKey, keyFromEnv = envCID, envKey, true
	}
	if strings.TrimSpace(cfg.PrivateKey) == "" {
		cfg.PrivateKey = ""
	}

	switch {
	case cfg.ClientID == "" && cfg.PrivateKey == "":
		if r.final {
			r.diags.AddError("Missing Okta credentials",
				"Set api_token (or "+envAPIToken+") for SSWS authentication, or client_id ("+envClientID+
					") and private_key ("+envPrivateKey+") for OAuth 2.0 with private_key_jwt.")
		}
		return
	case cfg.ClientID == "":
		r.diags.AddAttributeError(path.Root("client_id"), "Missing client_id",
			"private_key is set but client_id is not: set client_id (or "+envClientID+
				") to the client id of the OAuth service app that holds the key's public half.")
		return
	case cfg.PrivateKey == "":
		r.diags.AddAttributeError(path.Root("private_key"), "Missing private_key",
			"client_id is set but private_key is not: set private_key (or "+envPrivateKey+
				") to the PEM private key whose public key is in the app's JWKS.")
		return
	}
	if keyFromEnv {
		if _, err := okta.ParsePrivateKey(cfg.PrivateKey); err != nil {
			// The key itself is never echoed, only why it did not parse.
			r.diags.AddError("Invalid "+envPrivateKey, upperFirst(err.Error())+".")
		}
	}

	cfg.PrivateKeyID = m.PrivateKeyID.ValueString()
	if cfg.PrivateKeyID == "" {
		cfg.PrivateKeyID = r.env(envPrivateKeyID)
	}
	if !m.Scopes.IsNull() {
		for _, e := range m.Scopes.Elements() {
			if s, ok := e.(types.String); ok && given(s) {
				cfg.Scopes = append(cfg.Scopes, s.ValueString())
			}
		}
	} else {
		cfg.Scopes, scopesFromEnv = splitScopes(r.getenv(envScopes)), true
	}
	if scopesFromEnv {
		for _, s := range cfg.Scopes {
			if !scopePattern.MatchString(s) {
				r.diags.AddError("Invalid "+envScopes,
					fmt.Sprintf("%q is not an OAuth scope; %s is a comma-separated list such as okta.users.read,okta.groups.read.", s, envScopes))
				return
			}
		}
	}
}

// splitScopes parses OKTA_API_SCOPES (okta.SplitScopes).
var splitScopes = okta.SplitScopes

func (r *resolver) tuning(m providerModel, cfg *okta.Config) {
	if r.final {
		for name, unknown := range map[string]bool{
			"max_api_capacity":    m.MaxAPICapacity.IsUnknown(),
			"max_concurrency":     m.MaxConcurrency.IsUnknown(),
			"max_retries":         m.MaxRetries.IsUnknown(),
			"request_timeout":     m.RequestTimeout.IsUnknown(),
			"max_rate_limit_wait": m.MaxRateLimitWait.IsUnknown(),
		} {
			if unknown {
				r.unknown(map[string]types.String{name: types.StringUnknown()})
			}
		}
	}
	// Block values have been checked by the attribute validators.
	switch {
	case m.MaxAPICapacity.IsUnknown():
	case !m.MaxAPICapacity.IsNull():
		cfg.MaxAPICapacity = int(m.MaxAPICapacity.ValueInt64())
	case r.env(envMaxAPICapacity) != "":
		n, err := strconv.Atoi(r.env(envMaxAPICapacity))
		if err != nil || n < 1 || n > 100 {
			r.diags.AddError("Invalid "+envMaxAPICapacity,
				envMaxAPICapacity+" must be a whole percentage between 1 and 100, e.g. 50.")
		} else {
			cfg.MaxAPICapacity = n
		}
	}
	if !m.MaxConcurrency.IsNull() && !m.MaxConcurrency.IsUnknown() {
		cfg.MaxConcurrency = int(m.MaxConcurrency.ValueInt64())
	}
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if given(m.RequestTimeout) {
		if d, err := time.ParseDuration(m.RequestTimeout.ValueString()); err == nil && d > 0 {
			cfg.RequestTimeout = d
		}
	}
	if given(m.MaxRateLimitWait) {
		if d, err := time.ParseDuration(m.MaxRateLimitWait.ValueString()); err == nil && d > 0 {
			cfg.MaxRateLimitWait = d
		}
	}
}

// resolveMaxExceptionDays reads max_exception_days: how many days after the
// plan a check's exception may run; unset, compliance.DefaultMaxExceptionDays.
// It is a policy, not a value computed from other resources, so an unknown one
// is refused rather than replaced by the default: a default could refuse, or
// admit, exceptions the configured value would not.
// resolveFrameworks reads frameworks: the frameworks whose requirements the
// checks' controls list; nil (unset) means all. Like max_exception_days it is
// a policy, so an unknown one is refused rather than read as all.
func resolveFrameworks(ctx context.Context, v types.Set) ([]string, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case v.IsUnknown():
		diags.AddAttributeError(path.Root("frameworks"), "frameworks is unknown",
			"frameworks depends on a value known only after apply. List the frameworks, e.g. [\"SOC2\", \"STIG\"], or leave it unset for all.")
		return nil, diags
	case v.IsNull():
		return nil, diags
	}
	var ids []string
	diags.Append(v.ElementsAs(ctx, &ids, false)...)
	return ids, diags
}

func resolveMaxExceptionDays(v types.Int64) (int, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case v.IsUnknown():
		diags.AddAttributeError(path.Root("max_exception_days"), "max_exception_days is unknown",
			"max_exception_days depends on a value known only after apply. Set it to a number, e.g. 365.")
		return 0, diags
	case v.IsNull():
		return compliance.DefaultMaxExceptionDays, diags
	}
	return int(v.ValueInt64()), diags
}

// resolveEvidenceDir reads evidence_dir, or OKTAGATE_EVIDENCE_DIR when the
// block leaves it out: where each check writes its complete evidence record at
// plan (evidence_record.go); "" writes none. An unknown one is refused rather
// than read as unset: evidence that was asked for would silently not be kept.
func resolveEvidenceDir(v types.String, getenv func(string) string) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case v.IsUnknown():
		diags.AddAttributeError(path.Root("evidence_dir"), "evidence_dir is unknown",
			"evidence_dir depends on a value known only after apply, so the plan could not keep its evidence. "+
				"Set it to a path, e.g. \"evidence\", or set "+envEvidenceDir+" instead.")
		return "", diags
	case !v.IsNull():
		return v.ValueString(), diags
	}
	return strings.TrimSpace(getenv(envEvidenceDir)), diags
}
