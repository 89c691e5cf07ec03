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
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type authenticatorCheckModel struct {
	checkFrameModel
	RequireActive         types.Set  `tfsdk:"require_active"`
	ForbidActive          types.Set  `tfsdk:"forbid_active"`
	RequireOktaVerifyFIPS types.Bool `tfsdk:"require_okta_verify_fips"`

	SmartCardTrustedIssuers types.Set `tfsdk:"smart_card_trusted_issuers"`
}

// authenticatorKeyPattern is the shape of Okta's authenticator keys
// (okta_verify, smart_card_idp, webauthn…).
var authenticatorKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

func authenticatorKeysInput(doc string) schema.SetAttribute {
	return schema.SetAttribute{
		MarkdownDescription: doc,
		Optional:            true,
		ElementType:         types.StringType,
		Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(
			stringvalidator.RegexMatches(authenticatorKeyPattern, "must be an Okta authenticator key, e.g. smart_card_idp or okta_verify"))},
	}
}

func newAuthenticatorCheckResource() resource.Resource {
	return &checkResource[authenticatorCheckModel]{def: checkDef[authenticatorCheckModel]{
		check: compliance.CheckAuthenticator,
		description: "Fails the plan when the org's authenticators (Identity Engine; read from " +
			"`/api/v1/authenticators`, scope `okta.authenticators.read`) are not as required: an authenticator " +
			"whose key is in `require_active` is missing or not `ACTIVE`, one whose key is in `forbid_active` is " +
			"`ACTIVE`, or, with `require_okta_verify_fips`, an `ACTIVE` Okta Verify accepts devices that are not " +
			"FIPS-compliant (`settings.compliance.fips` is not `REQUIRED`; an Okta Verify that is not `ACTIVE` " +
			"connects no device and passes). One violation per authenticator (`subject`: its name; `subject_id`: " +
			"its id; an exception may also name its key) listing every reason; a required key the org has no " +
			"authenticator for is a violation whose `subject` is the key. Every authenticator is a subject " +
			"evaluated; the evidence lists the `ACTIVE` keys and fingerprints every authenticator's key, status, " +
			"FIPS setting and identity providers, so a change to any of them shows in the plan. With no argument " +
			"set nothing is required: the check then only records the authenticators. With " +
			"`smart_card_trusted_issuers` the Smart Card identity providers are judged too (see that argument). " +
			"`controls` carries the DISA Okta IDaaS STIG rules the arguments meet: V-273204 (PIV/CAC accepted) " +
			"when `require_active` holds `smart_card_idp`, V-273205 (Okta Verify on FIPS-compliant devices only) " +
			"with `require_okta_verify_fips`, V-273207 (only DOD-approved certificate authorities) with " +
			"`smart_card_trusted_issuers`.",
		inputs: map[string]schema.Attribute{
			"require_active": authenticatorKeysInput("Authenticator keys of which an `ACTIVE` authenticator must " +
				"exist, e.g. `[\"webauthn\", \"okta_verify\"]`; the STIG asks for `smart_card_idp` (PIV/CAC). " +
				"Default: none."),
			"forbid_active": authenticatorKeysInput("Authenticator keys that must not be `ACTIVE`, e.g. " +
				"`[\"security_question\", \"phone_number\"]` to keep phishable authenticators off. A key may not be " +
				"both required and forbidden. Default: none."),
			"require_okta_verify_fips": flagInput("Require an `ACTIVE` Okta Verify to connect only from "+
				"FIPS-compliant devices (`settings.compliance.fips` = `REQUIRED`). Default false; the STIG requires "+
				"true.", false),
			"smart_card_trusted_issuers": schema.SetAttribute{
				MarkdownDescription: "Distinguished names of the certificate authorities Smart Card (PIV/CAC) " +
					"identity providers may trust, e.g. `[\"OU=PKI, OU=DoD, O=U.S. Government, C=US\"]` for the DoD " +
					"PKI. When set, the check also reads the org's Smart Card identity providers " +
					"(`GET /api/v1/idps?type=X509`, scope `okta.idps.read`; nothing is read when it is not set): at " +
					"least one must be `ACTIVE` (none is a violation whose `subject` is `\"X509\"`), and each " +
					"`ACTIVE` one's certificate issuer (`protocol.credentials.trust.issuer`, the CA that issues the " +
					"users' certificates) must equal an entry or lie under one. One that does not is a violation " +
					"(`subject`: the IdP's name; `subject_id`: its id) naming the issuer and the trusted entries; " +
					"an `INACTIVE` one signs nobody in and is only noted. Names compare as sequences of relative " +
					"distinguished names, most specific first, as Okta shows an issuer: whitespace around `,`, `+` " +
					"and `=` and the case of attribute types do not matter, `\\`-escaped and quoted characters " +
					"stand for themselves, and an entry trusts every CA whose name ends with it " +
					"(`O=U.S. Government, C=US` trusts `CN=DOD ID CA-70, OU=PKI, OU=DoD, O=U.S. Government, C=US`). " +
					"Attribute values compare exactly, case included; attribute type aliases and OIDs (`ST` and `S`, " +
					"`2.5.4.3` and `CN`) are not equated. An entry that is not a distinguished name is a plan error. " +
					"Each `ACTIVE` Smart Card IdP is one more subject evaluated; the evidence records the entries, in a " +
					"canonical spelling, and fingerprints every Smart Card IdP's status, issuer, certificate chain " +
					"key (`kid`) and revocation settings. Meets DISA Okta IDaaS STIG V-273207 (Okta must be " +
					"configured to use only DOD-approved certificate authorities), whose check also reviews the " +
					"certificate chain itself in the Admin Console. Default: not set (Smart Card IdPs not judged).",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
		},
		prepare: prepareAuthenticator,
	}}
}

func prepareAuthenticator(ctx context.Context, m authenticatorCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	required := readStrings(ctx, m.RequireActive, &diags)
	forbidden := readStrings(ctx, m.ForbidActive, &diags)
	issuers := readStrings(ctx, m.SmartCardTrustedIssuers, &diags)
	in := compliance.AuthenticatorInput{
		RequireActive:           required,
		ForbidActive:            forbidden,
		RequireOktaVerifyFIPS:   m.RequireOktaVerifyFIPS.ValueBool(),
		SmartCardTrustedIssuers: issuers,
		Exceptions:              excs,
	}
	return ruleRun{
		label:    compliance.CheckAuthenticator,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadAuthenticator(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.Authenticator(f, in) },
	}, diags
}
