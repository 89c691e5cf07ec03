package provider

import (
	"context"
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

type logStreamCheckModel struct {
	checkFrameModel
	Types                 types.Set  `tfsdk:"types"`
	AcceptEventHooks      types.Bool `tfsdk:"accept_event_hooks"`
	AllowedEventHookHosts types.Set  `tfsdk:"allowed_event_hook_hosts"`
}

func newLogStreamCheckResource() resource.Resource {
	return &checkResource[logStreamCheckModel]{def: checkDef[logStreamCheckModel]{
		check: compliance.CheckLogStream,
		description: "Fails the plan unless at least one `ACTIVE` log stream (of one of `types`, when set) sends " +
			"the System Log to a central log server: an AWS EventBridge event source (`aws_eventbridge`) or a " +
			"Splunk Cloud HTTP event collector (`splunk_cloud_logstreaming`) (DISA Okta IDaaS STIG V-273202: " +
			"audit records off-loaded). The log streams are read from `/api/v1/logStreams` (scope " +
			"`okta.logStreams.read`); a Splunk stream's token is never read. One violation (`subject`: " +
			"`\"log streams\"`) says what was found; an org whose SIEM pulls the System Log over the API instead " +
			"can waive it with an exception on that subject, naming the SIEM in `reason`. Every log stream is a " +
			"subject evaluated. With `accept_event_hooks = true`, an `ACTIVE`, `VERIFIED` event hook delivering " +
			"to one of `allowed_event_hook_hosts` also counts, and every event hook is a subject evaluated; the " +
			"hooks are read from `/api/v1/eventHooks` (scope `okta.eventHooks.read`) only then, and only their " +
			"status, verification and URI host are kept (never their auth secret or headers). An event hook " +
			"delivers only the event types it subscribes to, not the whole System Log: accept it where that " +
			"subscription is what your log server needs.",
		inputs: map[string]schema.Attribute{
			"types": schema.SetAttribute{
				MarkdownDescription: "The log stream types that count: `aws_eventbridge`, " +
					"`splunk_cloud_logstreaming`. Default (null): any.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(compliance.LogStreamTypes...))},
			},
			"accept_event_hooks": flagInput("Also count an `ACTIVE`, `VERIFIED` event hook that delivers to one "+
				"of `allowed_event_hook_hosts` as log offloading. Default false: event hooks are not read (and "+
				"`okta.eventHooks.read` is not needed).", false),
			"allowed_event_hook_hosts": schema.SetAttribute{
				MarkdownDescription: "The host names (e.g. `siem.example.com`: no scheme, port, path or " +
					"wildcard; compared case-insensitively) an event hook's `channel.config.uri` must point at " +
					"to count. Required when `accept_event_hooks` is true, refused otherwise.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1)},
			},
		},
		prepare: prepareLogStream,
	}}
}

func prepareLogStream(ctx context.Context, m logStreamCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	typs := readStrings(ctx, m.Types, &diags)
	hosts := readStrings(ctx, m.AllowedEventHookHosts, &diags)
	in := compliance.LogStreamInput{Types: typs, AcceptEventHooks: m.AcceptEventHooks.ValueBool(),
		AllowedEventHookHosts: hosts, Exceptions: excs}
	return ruleRun{
		label:    compliance.CheckLogStream,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadLogStream(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.LogStream(f, in) },
	}, diags
}
