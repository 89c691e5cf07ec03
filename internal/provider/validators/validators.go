package validators

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Okta ids: a three-character prefix naming the kind (00u users, 00g groups,
// 0oa apps…) followed by letters and digits.
var (
	userIDPattern  = regexp.MustCompile(`^00u[0-9A-Za-z]+$`)
	groupIDPattern = regexp.MustCompile(`^00g[0-9A-Za-z]+$`)
	appIDPattern   = regexp.MustCompile(`^0oa[0-9A-Za-z]+$`)
)

// UserID accepts an Okta user id (00u…).
func UserID() validator.String {
	return stringvalidator.RegexMatches(userIDPattern, "must be an Okta user id (00u…), not a login")
}

// GroupID accepts an Okta group id (00g…).
func GroupID() validator.String {
	return stringvalidator.RegexMatches(groupIDPattern, "must be an Okta group id (00g…), not a group name")
}

// AppID accepts an Okta app id (0oa…).
func AppID() validator.String {
	return stringvalidator.RegexMatches(appIDPattern, "must be an Okta app id (0oa…), not a label or client id")
}

// UserStatuses are every status an Okta user can have.
var UserStatuses = []string{
	"STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED", "DEPROVISIONED",
}

// OrgURL refuses URLs okta.New would refuse, above all http:// to a
// host that is not loopback, where the credential would travel in clear text.
func OrgURL() validator.String { return orgURLValidator{} }

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
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Okta org URL", UpperFirst(err.Error())+".")
	}
}

// PrivateKey parses the PEM at plan time so a bad key fails before any
// request. Its diagnostics never contain the key.
func PrivateKey() validator.String { return privateKeyValidator{} }

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
			UpperFirst(err.Error())+".")
	}
}

// Duration accepts Go durations such as "60s" or "2m30s".
func Duration() validator.String { return durationValidator{} }

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

// AbsoluteURL accepts absolute URLs such as OAuth redirect URIs:
// a scheme and, for http and https, a host; no fragment (RFC 6749 3.1.2).
// Custom schemes of native apps (com.example.app:/callback) pass.
func AbsoluteURL() validator.String { return absoluteURL{} }

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

// FactorType accepts Okta's factor types, in any case (the MFA rule
// compares them case-insensitively).
func FactorType() validator.String {
	return stringvalidator.OneOfCaseInsensitive(factorTypes...)
}

// Timestamp accepts RFC 3339 timestamps.
func Timestamp() validator.String { return timestampValidator{} }

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

// StandardRoleTypes are Okta's standard admin role types, the ones that can be
// assigned without a custom resource set.
var StandardRoleTypes = []string{
	"SUPER_ADMIN", "ORG_ADMIN", "APP_ADMIN", "USER_ADMIN", "HELP_DESK_ADMIN", "READ_ONLY_ADMIN",
	"MOBILE_ADMIN", "API_ACCESS_MANAGEMENT_ADMIN", "REPORT_ADMIN", "GROUP_MEMBERSHIP_ADMIN",
}

// RoleType accepts Okta's standard admin role types, as Okta spells them.
func RoleType() validator.String {
	return stringvalidator.OneOf(StandardRoleTypes...)
}

// UserStatus accepts the statuses an Okta user can have.
func UserStatus() validator.String {
	return stringvalidator.OneOf(UserStatuses...)
}

// Date accepts YYYY-MM-DD dates, as compliance.ParseDate does.
func Date() validator.String { return dateValidator{} }

type dateValidator struct{}

func (dateValidator) Description(context.Context) string {
	return "must be a date in the form YYYY-MM-DD"
}

func (v dateValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (dateValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := compliance.ParseDate(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid date",
			UpperFirst(err.Error())+`; write e.g. "2026-03-31".`)
	}
}

// GracePeriod accepts what compliance.ParseGracePeriod does: a Go duration
// such as "36h" or whole days such as "7d".
func GracePeriod() validator.String { return gracePeriodValidator{} }

type gracePeriodValidator struct{}

func (gracePeriodValidator) Description(context.Context) string {
	return `must be a Go duration such as "36h" or whole days such as "7d"`
}

func (v gracePeriodValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (gracePeriodValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := compliance.ParseGracePeriod(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid grace_period", UpperFirst(err.Error())+".")
	}
}

// UpperFirst makes s a sentence without its final period (the caller adds
// one). A sentence that starts with an attribute name (grace_period, as_of)
// keeps its case: the name is what the user writes.
func UpperFirst(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".")
	if s == "" {
		return s
	}
	if first, _, _ := strings.Cut(s, " "); strings.Contains(first, "_") {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

var networkZoneIDPattern = regexp.MustCompile(`^nzo[0-9A-Za-z]+$`)

// NetworkZoneID accepts an Okta network zone id (nzo…).
func NetworkZoneID() validator.String {
	return stringvalidator.RegexMatches(networkZoneIDPattern, "must be an Okta network zone id (nzo…), not a zone name")
}
