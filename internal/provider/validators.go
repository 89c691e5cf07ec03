package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Okta ids: a three-character prefix naming the kind (00u users, 00g groups,
// 0oa apps…) followed by letters and digits.
var (
	userIDPattern  = regexp.MustCompile(`^00u[0-9A-Za-z]+$`)
	groupIDPattern = regexp.MustCompile(`^00g[0-9A-Za-z]+$`)
	appIDPattern   = regexp.MustCompile(`^0oa[0-9A-Za-z]+$`)
)

func userIDValidator() validator.String {
	return stringvalidator.RegexMatches(userIDPattern, "must be an Okta user id (00u…), not a login")
}

func groupIDValidator() validator.String {
	return stringvalidator.RegexMatches(groupIDPattern, "must be an Okta group id (00g…), not a group name")
}

func appIDValidator() validator.String {
	return stringvalidator.RegexMatches(appIDPattern, "must be an Okta app id (0oa…), not a label or client id")
}

// userStatuses are every status an Okta user can have.
var userStatuses = []string{
	"STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED", "DEPROVISIONED",
}

// orgURLValidator refuses URLs okta.New would refuse, above all http:// to a
// host that is not loopback, where the credential would travel in clear text.
type orgURLValidator struct{}

func (orgURLValidator) Description(context.Context) string {
	return "must be an https:// org URL, or http:// to a loopback host"
}

func (v orgURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (orgURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := okta.CheckOrgURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Okta org URL", upperFirst(err.Error())+".")
	}
}

// privateKeyValidator parses the PEM at plan time so a bad key fails before any
// request. Its diagnostics never contain the key.
type privateKeyValidator struct{}

func (privateKeyValidator) Description(context.Context) string {
	return "must be a PEM-encoded PKCS#1 or PKCS#8 RSA or EC private key"
}

func (v privateKeyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (privateKeyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := okta.ParsePrivateKey(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid private_key",
			upperFirst(err.Error())+".")
	}
}

// durationValidator accepts Go durations such as "60s" or "2m30s".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return `must be a positive duration such as "60s" or "2m"`
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			`"`+req.ConfigValue.ValueString()+`" is not a positive duration; write e.g. "60s", "90s" or "2m".`)
	}
}

// absoluteURLValidator accepts absolute URLs such as OAuth redirect URIs:
// a scheme and, for http and https, a host; no fragment (RFC 6749 3.1.2).
// Custom schemes of native apps (com.example.app:/callback) pass.
func absoluteURLValidator() validator.String { return absoluteURL{} }

type absoluteURL struct{}

func (absoluteURL) Description(context.Context) string {
	return "must be an absolute URL such as https://app.example.com/callback, without a fragment"
}

func (v absoluteURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (absoluteURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	u, err := url.Parse(raw)
	var problem string
	switch {
	case err != nil || strings.ContainsAny(raw, " \t\r\n"):
		problem = "is not a URL"
	case u.Scheme == "":
		problem = "is not absolute: it needs a scheme, e.g. https://app.example.com/callback"
	case (strings.EqualFold(u.Scheme, "https") || strings.EqualFold(u.Scheme, "http")) && u.Host == "":
		problem = "has no host"
	case u.Fragment != "" || strings.Contains(raw, "#"):
		problem = "has a fragment (#…), which OAuth redirect URIs may not have"
	}
	if problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", fmt.Sprintf("%q %s.", raw, problem))
	}
}

// factorTypes are the factor types Okta reports (factorType), including
// signed_nonce (Okta FastPass), which Okta's published spec predates.
var factorTypes = []string{
	"call", "email", "push", "question", "sms", "token", "token:hardware", "token:hotp",
	"token:software:totp", "u2f", "web", "webauthn", "signed_nonce",
}

// factorTypeValidator accepts Okta's factor types, in any case (the MFA rule
// compares them case-insensitively).
func factorTypeValidator() validator.String {
	return stringvalidator.OneOfCaseInsensitive(factorTypes...)
}

// timestampValidator accepts RFC 3339 timestamps.
type timestampValidator struct{}

func (timestampValidator) Description(context.Context) string {
	return "must be an RFC 3339 timestamp, e.g. 2026-01-02T15:04:05Z"
}

func (v timestampValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (timestampValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timestamp",
			fmt.Sprintf("%q is not an RFC 3339 timestamp such as 2026-01-02T15:04:05Z.", req.ConfigValue.ValueString()))
	}
}
