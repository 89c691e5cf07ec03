// Package provider is oktagate's Terraform glue: schemas, provider configuration
// into an okta.Client and a directory.Snapshot, and thin adapters from those to
// Terraform state. It holds no business logic of its own.
package provider

import (
	"context"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/customtypes"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

// TypeName is the provider's type name: every data source and resource is
// prefixed with it.
const TypeName = "oktagate"

var (
	_ provider.Provider                   = (*oktagateProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*oktagateProvider)(nil)
	_ provider.ProviderWithListResources  = (*oktagateProvider)(nil)
)

// New returns the provider factory main.go serves. version is the release
// version ("dev" for local builds).
func New(version string) func() provider.Provider {
	return newWithEnv(version, os.Getenv)
}

// newWithEnv lets tests supply the environment, so acceptance tests are
// hermetic and can run in parallel with different variables.
func newWithEnv(version string, getenv func(string) string) func() provider.Provider {
	return func() provider.Provider {
		return &oktagateProvider{version: version, getenv: getenv}
	}
}

type oktagateProvider struct {
	version string
	getenv  func(string) string
}

// ProviderData is what data sources and checks read by: the snapshot shared
// by everything in this provider process (one process per plan, so one
// snapshot per plan), never the client. Reading only through the snapshot,
// a data source or check cannot mix the plan's instant (as_of) with a live
// read of its own; what one needs the snapshot lacks is added to the snapshot
// (internal/directory). Only provisioning resources hold the client
// (provisioningData).
type ProviderData struct {
	Snapshot *directory.Snapshot
	// OrgURL identifies the org in stable ids of data sources that have no
	// natural id.
	OrgURL string
	// Concurrency bounds a data source's own fan-out (one request per group,
	// app…); the client still enforces max_concurrency on requests.
	Concurrency int
	// MaxExceptionDays is max_exception_days: how many days after the plan a
	// check's exception may run.
	MaxExceptionDays int
	// Frameworks is frameworks: the framework ids whose requirements the
	// checks' controls list; nil means all.
	Frameworks []string
	// AsOf is as_of, the plan's instant; zero when not set. With it, the plan
	// hands its snapshot to the apply of the same plan (plan_handoff.go).
	AsOf time.Time
	// EvidenceDir is evidence_dir (or OKTAGATE_EVIDENCE_DIR): where each check
	// writes its complete evidence record at plan; "" writes none.
	EvidenceDir string
	// ProviderVersion and TerraformVersion are recorded in those records.
	ProviderVersion  string
	TerraformVersion string
	// Progress follows the snapshot's full scan; oktagate_snapshot logs it at
	// INFO every minute while it brings the snapshot current.
	Progress    *directory.Progress
	handoffOnce sync.Once
}

func (p *oktagateProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = TypeName
	resp.Version = p.version
}

func (p *oktagateProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The oktagate provider reads an Okta org to gate `terraform plan` on identity " +
			"compliance, and provisions the read-only integration itself. Every attribute can also be set " +
			"with an environment variable; a value in the provider block wins over the environment. " +
			"Authenticate with an SSWS API token (`api_token`) or with an OAuth 2.0 service app " +
			"(`client_id` and `private_key`), not both.",
		Attributes: map[string]schema.Attribute{
			"org_url": schema.StringAttribute{
				MarkdownDescription: "The org's URL, e.g. `https://acme.okta.com`. `http://` is accepted only for " +
					"loopback hosts (127.0.0.0/8, `::1`, `localhost`), so a credential never travels in clear " +
					"text. Conflicts with `org_name`. Environment variable: `" + envOrgURL + "`.",
				Optional:   true,
				Validators: []validator.String{validators.OrgURL()},
			},
			"org_name": schema.StringAttribute{
				MarkdownDescription: "The org's subdomain, e.g. `acme` for `https://acme.okta.com`; used with " +
					"`base_url` instead of `org_url`. Environment variable: `" + envOrgName + "`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(orgNamePattern, "must be the org's subdomain only, e.g. acme for https://acme.okta.com"),
				},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The domain that follows `org_name`: `okta.com` (default), `oktapreview.com`, " +
					"`okta-emea.com`… Environment variable: `" + envBaseURL + "`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(baseURLPattern, "must be a domain such as okta.com or oktapreview.com, without scheme or path"),
				},
			},
			"api_token": schema.StringAttribute{
				MarkdownDescription: "An SSWS API token. Prefer a token of a read-only service account, restricted " +
					"to your CI's network zone. Conflicts with `client_id` and `private_key`. Environment " +
					"variable: `" + envAPIToken + "`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "The client id of an OAuth 2.0 service app that authenticates with " +
					"`private_key_jwt`; requires `private_key`. Environment variable: `" + envClientID + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"private_key": schema.StringAttribute{
				MarkdownDescription: "The service app's private key in PEM (PKCS#1 or PKCS#8, RSA or EC), used to " +
					"sign client assertions; requires `client_id`. Environment variable: `" + envPrivateKey + "`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{validators.PrivateKey()},
			},
			"private_key_id": schema.StringAttribute{
				MarkdownDescription: "The key id (`kid`) of `private_key` in the app's JWKS; optional when the app " +
					"has a single key. Environment variable: `" + envPrivateKeyID + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"scopes": schema.SetAttribute{
				MarkdownDescription: "The `okta.*` scopes to request with OAuth 2.0, e.g. `[\"okta.users.read\", " +
					"\"okta.groups.read\"]`: the union of the scopes of the types the configuration uses (the table above lists them). Environment variable: `" + envScopes + "` (comma separated).",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(scopePattern, "must be an OAuth scope such as okta.users.read")),
				},
			},
			"max_api_capacity": schema.Int64Attribute{
				CustomType: customtypes.WholeNumber,
				MarkdownDescription: "The percentage (1–100) of each Okta rate-limit bucket this provider may use, " +
					"leaving the rest to other integrations. Default 50. Environment variable: `" + envMaxAPICapacity + "`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 100)},
			},
			"max_concurrency": schema.Int64Attribute{
				CustomType:          customtypes.WholeNumber,
				MarkdownDescription: "The most requests in flight at once, 1–75 (Okta allows 75 per org on most plans). Default 8.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 75)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "The timeout of one HTTP attempt, as a Go duration such as `\"60s\"` or `\"2m\"`. Default `\"60s\"`. " +
					"A request also gives up once its attempts and the backoff between them have taken twice this long, " +
					"however many retries `max_retries` leaves (waits for rate-limit resets are bounded by `max_rate_limit_wait` instead).",
				Optional:   true,
				Validators: []validator.String{validators.Duration()},
			},
			"max_retries": schema.Int64Attribute{
				CustomType:          customtypes.WholeNumber,
				MarkdownDescription: "How many times a request is retried after a 429, a 5xx or a dropped connection. Default 5.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
			},
			"max_rate_limit_wait": schema.StringAttribute{
				MarkdownDescription: "The longest the provider waits for an Okta rate-limit window to reset, as a Go duration " +
					"such as `\"2m\"`. Default `\"2m\"`: Okta's windows last a minute, so a reset further ahead (after a 429, or " +
					"when a bucket reports `X-Rate-Limit-Remaining: 0`) fails the plan at once with the reset time instead of " +
					"holding it. Waits are logged at DEBUG, and at INFO when longer than 30 seconds.",
				Optional:   true,
				Validators: []validator.String{validators.Duration()},
			},
			"as_of": schema.StringAttribute{
				MarkdownDescription: "The instant the plan judges the org at, RFC 3339: set it to `plantimestamp()`. " +
					"Applying a saved plan, Terraform plans the changed checks again and stops with \"Provider " +
					"produced inconsistent final plan\" when a result differs from the saved plan's. With `as_of`, " +
					"an `oktagate_snapshot` brings the stored snapshot to the same instant in the plan and in the " +
					"apply (it replays the System Log up to `as_of`, not up to the moment), and checks count days " +
					"from it, so a change made in the org between the plan and the apply waits for the next plan " +
					"instead of failing the apply. What is read from Okta afresh (a full scan, policies, API tokens) " +
					"is read as it is then. Unset: the time the provider first needs it.",
				Optional:   true,
				Validators: []validator.String{validators.Timestamp()},
			},
			"max_exception_days": schema.Int64Attribute{
				MarkdownDescription: "How many days after the plan a check's `exception` may run: an exception " +
					"whose `expires` date is later fails the plan, naming it, so that every waiver is reviewed at " +
					"least this often. Default 365; it must be known at plan time.",
				Optional:   true,
				CustomType: customtypes.WholeNumber,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"evidence_dir": schema.StringAttribute{
				MarkdownDescription: "A directory (created when missing) where every check whose results are known " +
					"at plan writes its complete evidence record as part of the plan, passing or failing, in " +
					"either enforcement mode: `<evidence_dir>/<check type>-<fingerprint>.json`, a JSON object " +
					"with the check's type and scope, enforcement, status, counts, every violation, the " +
					"exceptions applied, controls, `evidence`, `fingerprint`, the instant judged and the provider " +
					"and Terraform versions. A blocked plan lists at most 20 violations in its error; the record " +
					"keeps them all, the error names its file, and `oktagate report` reads the directory as an " +
					"input. Each file is written whole (a temporary file renamed into place) and rewritten by " +
					"every plan with the same fingerprint. A file that cannot be written fails the plan. A " +
					"relative path is relative to the directory Terraform runs in. Environment variable: `" +
					envEvidenceDir + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"frameworks": schema.SetAttribute{
				MarkdownDescription: "The frameworks whose requirements the checks list in `controls`: any of `" +
					strings.Join(compliance.FrameworkIDs(), "`, `") + "`. Default: all. A check lists a " +
					"requirement only where its thresholds meet it: the Frameworks guide lists every check's " +
					"requirements, when each applies and the source of each mapping. It must be known at plan time.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(compliance.FrameworkIDs()...)),
				},
			},
		},
	}
}

// ValidateConfig refuses, at plan time, configurations that can never work. It
// sees the environment too, so a conflict between the block and a variable is
// reported before any request.
func (p *oktagateProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, diags := resolveConfig(m, p.getenv, false)
	resp.Diagnostics.Append(diags...)
}

func (p *oktagateProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg, diags := resolveConfig(m, p.getenv, true)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgentExtra = "terraform/" + req.TerraformVersion + " terraform-provider-oktagate/" + p.version
	cfg.Log = requestLogger(requestLogWanted(os.Getenv), cfg.APIToken, cfg.PrivateKey)

	asOf, diags := resolveAsOf(m.AsOf, time.Now())
	resp.Diagnostics.Append(diags...)
	maxExceptionDays, diags := resolveMaxExceptionDays(m.MaxExceptionDays)
	resp.Diagnostics.Append(diags...)
	frameworks, diags := resolveFrameworks(ctx, m.Frameworks)
	resp.Diagnostics.Append(diags...)
	evidenceDir, diags := resolveEvidenceDir(m.EvidenceDir, p.getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := okta.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Okta provider configuration", err.Error())
		return
	}
	progress := directory.NewProgress(time.Now, client.BucketUsage)
	data := &ProviderData{
		Snapshot:    directory.New(client, directory.Options{Concurrency: cfg.MaxConcurrency, PlanTime: asOf, Progress: progress}),
		Progress:    progress,
		OrgURL:      cfg.OrgURL,
		Concurrency: cfg.MaxConcurrency,

		MaxExceptionDays: maxExceptionDays,
		Frameworks:       frameworks,
		AsOf:             asOf,
		EvidenceDir:      evidenceDir,
		ProviderVersion:  p.version,
		TerraformVersion: req.TerraformVersion,
	}
	resp.DataSourceData = data
	resp.ResourceData = &provisioningData{ProviderData: data, Client: client}
	resp.ActionData = resp.ResourceData // actions write, so they hold the client too
	// List resources read with the managed resources' read paths.
	resp.ListResourceData = resp.ResourceData
}

// requestLogWanted reports whether Terraform will keep the provider's
// DEBUG lines. The provider's log sink writes every level to Terraform, which
// drops what TF_LOG does not ask for only after it has parsed it; a plan of a
// 100k-user org makes over 100k requests, and logging each cost seconds of
// CPU on both sides for lines nobody kept.
func requestLogWanted(getenv func(string) string) bool {
	for _, name := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_OKTAGATE", "TF_ACC_LOG"} {
		switch strings.ToUpper(strings.TrimSpace(getenv(name))) {
		case "TRACE", "DEBUG", "JSON":
			return true
		}
	}
	return false
}

// sdkLogLevelVars are the SDK's own log subsystems: terraform-plugin-go's
// root and protocol loggers and terraform-plugin-framework's.
var sdkLogLevelVars = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// QuietSDKLogs sets the SDK's log subsystems to WARN when no one asked for
// DEBUG or TRACE lines (requestLogWanted) and the subsystem's own variable is
// unset. Unset, a subsystem's level is "none", which logs everything: the
// framework then writes TRACE lines for every element of every list it walks
// (a check's violations) to Terraform, which parses and drops them, and looks
// its logger up through a context that grows with each element. On the 100k-user
// benchmark's re-plan that was 13 to 27 s of the provider's 80 s of CPU, and
// Terraform's parsing on top. Warnings and errors still reach Terraform. It
// returns the variables it set.
func QuietSDKLogs(getenv func(string) string, setenv func(string, string) error) ([]string, error) {
	if requestLogWanted(getenv) {
		return nil, nil
	}
	var set []string
	for _, name := range sdkLogLevelVars {
		if getenv(name) != "" {
			continue
		}
		if err := setenv(name, "WARN"); err != nil {
			return set, err
		}
		set = append(set, name)
	}
	return set, nil
}

// requestLogger forwards the client's log to Terraform's: its DEBUG entries
// (one per request, and short waits) only when debug is set, since Terraform
// would drop them after paying to parse them (requestLogWanted), and its INFO
// entries (waits over 30 s, which would otherwise look like a hang) always. It
// masks the credentials should one ever reach a message.
func requestLogger(debug bool, secrets ...string) func(ctx context.Context, level okta.LogLevel, msg string, fields map[string]any) {
	var mask []string
	for _, s := range secrets {
		if s != "" {
			mask = append(mask, s)
		}
	}
	return func(ctx context.Context, level okta.LogLevel, msg string, fields map[string]any) {
		if level == okta.LogDebug && !debug {
			return
		}
		if len(mask) > 0 {
			ctx = tflog.MaskMessageStrings(ctx, mask...)
			ctx = tflog.MaskAllFieldValuesStrings(ctx, mask...)
		}
		if level == okta.LogInfo {
			tflog.Info(ctx, msg, fields)
			return
		}
		tflog.Debug(ctx, msg, fields)
	}
}

func (p *oktagateProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return append([]func() datasource.DataSource{
		newUsersDataSource,
		newUserDataSource,
		newUserFactorsDataSource,
		newGroupsDataSource,
		newAppAssignmentsDataSource,
		newAppsDataSource,
		newAPITokensDataSource,
		newOrgDataSource,
	}, evidenceDataSources()...)
}

func (p *oktagateProvider) Resources(_ context.Context) []func() resource.Resource {
	return append(append(checkResources(), provisioningResources()...), newSnapshotResource)
}

// ListResources are for `terraform query` (Terraform 1.14 and later); older
// Terraform never asks for them.
func (p *oktagateProvider) ListResources(_ context.Context) []func() list.ListResource {
	return listResources()
}
