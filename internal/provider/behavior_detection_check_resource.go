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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type behaviorDetectionCheckModel struct {
	checkFrameModel
	RequiredTypes    types.Set  `tfsdk:"required_types"`
	RequirePolicyUse types.Bool `tfsdk:"require_policy_use"`
}

func newBehaviorDetectionCheckResource() resource.Resource {
	d := compliance.DefaultBehaviorDetectionInput()
	return &checkResource[behaviorDetectionCheckModel]{def: checkDef[behaviorDetectionCheckModel]{
		check: compliance.CheckBehaviorDetection,
		description: "Fails the plan unless the org's behavior detection rules (`/api/v1/behaviors`, scope " +
			"`okta.behaviors.read`) include an `ACTIVE` rule of each of `required_types` (by default new country, " +
			"new device, new IP and velocity) and, with `require_policy_use`, every `ACTIVE` rule is used by an " +
			"`ACTIVE` rule of an `ACTIVE` global session policy (`OKTA_SIGN_ON`: `conditions.risk.behaviors`) or " +
			"authentication policy (`ACCESS_POLICY`: `security.behaviors.contains('…')` in the rule's custom " +
			"expression, `conditions.elCondition.condition`) — those policies and their rules are then read too " +
			"(scope `okta.policies.read`). A behavior that is detected but used by no policy changes no sign-in. " +
			"One violation per required kind without an `ACTIVE` rule (`subject`: the kind, e.g. " +
			"`ANOMALOUS_LOCATION:COUNTRY`) and per unused `ACTIVE` rule (`subject`: its name; `subject_id`: its " +
			"id). Every behavior detection rule and every required kind is a subject evaluated; the evidence's " +
			"`details.used_by` lists the policy rules that use each behavior.",
		inputs: map[string]schema.Attribute{
			"required_types": schema.SetAttribute{
				MarkdownDescription: "The behavior kinds that must each have an `ACTIVE` behavior detection rule: a " +
					"type (`" + strings.Join(compliance.BehaviorKinds(), "`, `") + "`), where " +
					"`ANOMALOUS_LOCATION:<granularity>` wants that location granularity (`COUNTRY` is \"new country\", " +
					"`SUBDIVISION` \"new state\", `CITY` \"new city\", `LAT_LONG` \"new geo-location\") and " +
					"`ANOMALOUS_LOCATION` any. Default: `" + strings.Join(d.RequiredTypes, "`, `") + "`. An empty set " +
					"requires none (only `require_policy_use` is judged).",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(writeStrings[types.Set](d.RequiredTypes, emptyKnown)),
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(stringvalidator.OneOfCaseInsensitive(compliance.BehaviorKinds()...)),
				},
			},
			"require_policy_use": flagInput("Every `ACTIVE` behavior detection rule must be used by an `ACTIVE` rule "+
				"of an `ACTIVE` global session or authentication policy. Default true.", d.RequirePolicyUse),
		},
		prepare: prepareBehaviorDetection,
	}}
}

func prepareBehaviorDetection(ctx context.Context, m behaviorDetectionCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := compliance.BehaviorDetectionInput{
		RequiredTypes:    readStrings(ctx, m.RequiredTypes, &diags),
		RequirePolicyUse: m.RequirePolicyUse.ValueBool(),
		Exceptions:       excs,
	}
	return ruleRun{
		label:    compliance.CheckBehaviorDetection,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadBehaviorDetection(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.BehaviorDetection(f, in) },
	}, diags
}
