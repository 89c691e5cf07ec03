package provider

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type factorEnrollmentCheckModel struct {
	checkFrameModel
	AllowedWeakAuthenticators types.Set  `tfsdk:"allowed_weak_authenticators"`
	RequirePhishingResistant  types.Bool `tfsdk:"require_phishing_resistant"`
	RequireMFAEnrollment      types.Bool `tfsdk:"require_mfa_enrollment"`
}

func newFactorEnrollmentCheckResource() resource.Resource {
	d := compliance.DefaultFactorEnrollmentInput()
	weak := "`" + strings.Join(compliance.WeakAuthenticators, "`, `") + "`"
	return &checkResource[factorEnrollmentCheckModel]{def: checkDef[factorEnrollmentCheckModel]{
		check: compliance.CheckFactorEnrollment,
		description: "Fails the plan when an active authenticator enrollment policy (`MFA_ENROLL`, read from " +
			"`/api/v1/policies?type=MFA_ENROLL`, scope `okta.policies.read`) offers (`OPTIONAL`) or requires a weak " +
			"authenticator not in `allowed_weak_authenticators` — phone (`phone_number`: SMS and voice codes; Classic " +
			"`okta_sms`, `okta_call`) or security questions (`security_question`; Classic `okta_question`) — requires " +
			"no authenticator besides the password (`require_mfa_enrollment`, Okta's HealthInsight \"Okta MFA access\"), " +
			"or, with `require_phishing_resistant`, requires no phishing-resistant one. With `require_mfa_enrollment` the " +
			"policy's rules are read too (`/api/v1/policies/{id}/rules`): a policy none of whose `ACTIVE` rules " +
			"prompts enrollment (`actions.enroll.self` `CHALLENGE` or `LOGIN`, not `NEVER`) fails. Both Identity Engine settings " +
			"(`settings.authenticators[].enroll.self`) and Classic ones (`settings.factors.*.enroll.self`) are read; an " +
			"authenticator a policy omits is `NOT_ALLOWED`. Each failing policy is one violation (`subject`: its name; " +
			"`subject_id`: its id) whose reason lists every shortfall; the active policies are the subjects evaluated.",
		inputs: map[string]schema.Attribute{
			"allowed_weak_authenticators": schema.SetAttribute{
				MarkdownDescription: "The weak authenticators a policy may offer or require: " + weak + " (Identity " +
					"Engine keys; Classic `okta_sms` and `okta_call` count as `phone_number`, `okta_question` as " +
					"`security_question`). Email is not counted weak. Default (null): none; a weak authenticator " +
					"not `NOT_ALLOWED` violates.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(compliance.WeakAuthenticators...))},
			},
			"require_phishing_resistant": flagInput("Want every policy to require (`REQUIRED`) a phishing-resistant "+
				"authenticator: `webauthn` (FIDO2 security keys and passkeys; Classic `fido_webauthn`, `fido_u2f`). "+
				"Okta Verify is not counted: whether FastPass resists phishing is set by the authentication policies, "+
				"not at enrollment. Default false.", d.RequirePhishingResistant),
			"require_mfa_enrollment": flagInput("Want every policy to require (`REQUIRED`) at least one authenticator "+
				"besides the password, as HealthInsight's \"Okta MFA access\" recommends. Default true.", d.RequireMFAEnrollment),
		},
		prepare: prepareFactorEnrollment,
	}}
}

func prepareFactorEnrollment(ctx context.Context, m factorEnrollmentCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := compliance.FactorEnrollmentInput{
		AllowedWeakAuthenticators: readStrings(ctx, m.AllowedWeakAuthenticators, &diags),
		RequirePhishingResistant:  m.RequirePhishingResistant.ValueBool(),
		RequireMFAEnrollment:      m.RequireMFAEnrollment.ValueBool(),
		Exceptions:                excs,
	}
	return ruleRun{
		label:    compliance.CheckFactorEnrollment,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadFactorEnrollment(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.FactorEnrollment(f, in) },
	}, diags
}
