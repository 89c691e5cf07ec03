package provider

import (
	"context"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type trustedOriginCheckModel struct {
	checkFrameModel
	AllowedDomains types.Set  `tfsdk:"allowed_domains"`
	AllowedScopes  types.Set  `tfsdk:"allowed_scopes"`
	AllowLocalhost types.Bool `tfsdk:"allow_localhost"`
	AllowWildcards types.Bool `tfsdk:"allow_wildcards"`
}

// originDomainPattern is a host name an origin may be under, with an
// optional leading "*." or "." (both mean the same: the domain and its
// subdomains).
var originDomainPattern = regexp.MustCompile(`^(\*\.|\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`)

func newTrustedOriginCheckResource() resource.Resource {
	d := compliance.DefaultTrustedOriginInput()
	return &checkResource[trustedOriginCheckModel]{def: checkDef[trustedOriginCheckModel]{
		check: compliance.CheckTrustedOrigin,
		description: "Fails the plan when an `ACTIVE` trusted origin has a wildcard host (`https://*.example.com`) " +
			"unless `allow_wildcards`, is plain `http://` or `ftp://` (unless to a loopback host and " +
			"`allow_localhost`), has a host outside `allowed_domains` (when set), or is trusted for a scope " +
			"outside `allowed_scopes`: by default `IFRAME_EMBED` is, since an origin that may frame the Okta " +
			"sign-in page can clickjack it. The trusted origins are read from `/api/v1/trustedOrigins` (scope " +
			"`okta.trustedOrigins.read`). One violation per origin (`subject`: its name; `subject_id`: its id) " +
			"lists every shortfall. `INACTIVE` origins are not judged (Okta ignores them); every `ACTIVE` one is " +
			"a subject evaluated, and an org with none passes, the evidence's `details.note` saying so.",
		inputs: map[string]schema.Attribute{
			"allowed_domains": schema.SetAttribute{
				MarkdownDescription: "The domains an origin's host must be in: the domain itself or any subdomain " +
					"(`example.com` covers `https://app.example.com` and `https://*.example.com`; a leading `*.` " +
					"means the same). Default (null): any domain.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(
					stringvalidator.RegexMatches(originDomainPattern, "must be a host name such as example.com (no scheme, port or path)"))},
			},
			"allowed_scopes": schema.SetAttribute{
				MarkdownDescription: "The scopes an origin may be trusted for: `CORS`, `REDIRECT`, `IFRAME_EMBED`. " +
					"Default `" + hclStrings(d.AllowedScopes) + "`.",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(writeStrings[types.Set](d.AllowedScopes, emptyKnown)),
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(compliance.TrustedOriginScopes...))},
			},
			"allow_localhost": flagInput("Accept plain `http://` to a loopback host (`localhost`, `127.0.0.0/8`, "+
				"`[::1]`), which is also then exempt from `allowed_domains`: a developer's machine. Default false.", d.AllowLocalhost),
			"allow_wildcards": flagInput("Accept a `*.` wildcard in an origin's host. Default false.", d.AllowWildcards),
		},
		prepare: prepareTrustedOrigin,
	}}
}

func prepareTrustedOrigin(ctx context.Context, m trustedOriginCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := compliance.TrustedOriginInput{
		AllowedDomains: readStrings(ctx, m.AllowedDomains, &diags),
		AllowedScopes:  readStrings(ctx, m.AllowedScopes, &diags),
		AllowLocalhost: m.AllowLocalhost.ValueBool(),
		AllowWildcards: m.AllowWildcards.ValueBool(),
		Exceptions:     excs,
	}
	return ruleRun{
		label:    compliance.CheckTrustedOrigin,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadTrustedOrigin(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.TrustedOrigin(f, in) },
	}, diags
}
