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
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

type uniqueEmailCheckModel struct {
	checkFrameModel
	Statuses       types.Set  `tfsdk:"statuses"`
	AllowedDomains types.Set  `tfsdk:"allowed_domains"`
	AllowEmpty     types.Bool `tfsdk:"allow_empty"`
}

// domainPattern is an email domain, with an optional leading "@".
var domainPattern = regexp.MustCompile(`^@?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

func newUniqueEmailCheckResource() resource.Resource {
	return &checkResource[uniqueEmailCheckModel]{def: checkDef[uniqueEmailCheckModel]{
		check: compliance.CheckUniqueEmail,
		description: "Fails the plan when two users share an email address (compared case-insensitively: one " +
			"violation per user involved, naming the others) or, when `allowed_domains` is set, when a user's " +
			"email is outside those domains.",
		inputs: map[string]schema.Attribute{
			"statuses": schema.SetAttribute{
				MarkdownDescription: "The user statuses evaluated. Default: every status but `DEPROVISIONED`.",
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				Default:             setdefault.StaticValue(writeStrings[types.Set](compliance.DefaultUniqueEmailStatuses, emptyKnown)),
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(validators.UserStatus()),
				},
			},
			"allowed_domains": schema.SetAttribute{
				MarkdownDescription: "The only email domains allowed, e.g. `[\"acme.com\"]` (exact, " +
					"case-insensitive; subdomains must be listed). Default (null): any domain.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(domainPattern, "must be a domain such as acme.com")),
				},
			},
			"allow_empty": allowEmptyAttribute("that no user has a status in `statuses`, or Okta returned no user at all"),
		},
		prepare: func(ctx context.Context, m uniqueEmailCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
			var diags diag.Diagnostics
			statuses := readStrings(ctx, m.Statuses, &diags)
			domains := readStrings(ctx, m.AllowedDomains, &diags)
			in := compliance.UniqueEmailInput{Statuses: statuses, AllowedDomains: domains,
				AllowEmpty: m.AllowEmpty.ValueBool(), Exceptions: excs}
			return ruleRun{
				label:    compliance.CheckUniqueEmail,
				validate: func() error { _, err := in.Normalized(); return err },
				load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
					return gather.LoadUniqueEmail(ctx, s, now, in)
				},
				eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.UniqueEmail(f, in) },
			}, diags
		},
	}}
}
