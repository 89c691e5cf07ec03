package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

type threatInsightCheckModel struct {
	checkFrameModel
	AllowedExcludedZoneIDs types.Set  `tfsdk:"allowed_excluded_zone_ids"`
	RequireBlock           types.Bool `tfsdk:"require_block"`
}

func newThreatInsightCheckResource() resource.Resource {
	d := compliance.DefaultThreatInsightInput()
	return &checkResource[threatInsightCheckModel]{def: checkDef[threatInsightCheckModel]{
		check: compliance.CheckThreatInsight,
		description: "Fails the plan unless Okta ThreatInsight blocks authentication requests from suspicious IP " +
			"addresses (`action` `block`; `audit` only logs them, `none` turns ThreatInsight off), as Okta's " +
			"HealthInsight recommends (\"ThreatInsight: block suspicious IP addresses\"), and exempts no network " +
			"zone beyond `allowed_excluded_zone_ids` (`excludeZones`: requests from those zones' addresses are " +
			"neither logged nor blocked). The configuration is read from `/api/v1/threats/configuration` (scope " +
			"`okta.threatInsights.read`); when it exempts zones, the network zones (`/api/v1/zones`, scope " +
			"`okta.networkZones.read`) are read too, only to name them: without that scope the zones are named " +
			"by id and a note says so. A wrong action is one violation (`subject`: `\"ThreatInsight\"`); each " +
			"exempt zone not allowed is one more (`subject`: the zone's name; `subject_id`: its id). The " +
			"configuration and each exempt zone are the subjects evaluated.",
		inputs: map[string]schema.Attribute{
			"allowed_excluded_zone_ids": schema.SetAttribute{
				MarkdownDescription: "The network zone ids (`nzo…`) ThreatInsight may exempt, e.g. the zone of " +
					"an approved vulnerability scanner. Default (null): none; every exempt zone violates.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(validators.NetworkZoneID())},
			},
			"require_block": flagInput("Want `action` `block`. False accepts `audit` (suspicious requests logged, "+
				"not blocked); `none` (ThreatInsight off) violates either way. Default true.", d.RequireBlock),
		},
		prepare: prepareThreatInsight,
	}}
}

func prepareThreatInsight(ctx context.Context, m threatInsightCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := compliance.ThreatInsightInput{
		AllowedExcludedZoneIDs: readStrings(ctx, m.AllowedExcludedZoneIDs, &diags),
		RequireBlock:           m.RequireBlock.ValueBool(),
		Exceptions:             excs,
	}
	return ruleRun{
		label:    compliance.CheckThreatInsight,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadThreatInsight(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.ThreatInsight(f, in) },
	}, diags
}
