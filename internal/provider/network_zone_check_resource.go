package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type networkZoneCheckModel struct {
	checkFrameModel
}

func newNetworkZoneCheckResource() resource.Resource {
	return &checkResource[networkZoneCheckModel]{def: checkDef[networkZoneCheckModel]{
		check: compliance.CheckNetworkZone,
		description: "Fails the plan unless the org's ACTIVE network zones with usage `BLOCKLIST` block every " +
			"anonymizing proxy, Tor included, before authentication (DISA Okta IDaaS STIG V-279692): an enhanced " +
			"dynamic zone (`DYNAMIC_V2`) whose `ipServiceCategories` include `ALL_ANONYMIZERS` (Okta's " +
			"`DefaultEnhancedDynamicZone`, once activated), or a `DYNAMIC` zone with `proxyType` `Any`. A zone " +
			"narrowed to some locations or ASNs, or excluding IP service categories, does not count. The zones are " +
			"read from `/api/v1/zones` (scope `okta.networkZones.read`). One violation (`subject`: " +
			"`\"network zones\"`) says what is missing; waive it with an exception on that subject. Every zone is a " +
			"subject evaluated.",
		inputs:  map[string]schema.Attribute{},
		prepare: prepareNetworkZone,
	}}
}

func prepareNetworkZone(_ context.Context, _ networkZoneCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	in := compliance.NetworkZoneInput{Exceptions: excs}
	return ruleRun{
		label:    compliance.CheckNetworkZone,
		validate: func() error { return nil },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadNetworkZone(ctx, s, now)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.NetworkZone(f, in) },
	}, nil
}
