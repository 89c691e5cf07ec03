package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type sessionPolicyCheckModel struct {
	checkFrameModel
	MaxIdleMinutes        types.Int64 `tfsdk:"max_idle_minutes"`
	MaxLifetimeMinutes    types.Int64 `tfsdk:"max_lifetime_minutes"`
	RequireMFA            types.Bool  `tfsdk:"require_mfa"`
	AllowPersistentCookie types.Bool  `tfsdk:"allow_persistent_cookie"`

	MaxAdminConsoleIdleMinutes     types.Int64 `tfsdk:"max_admin_console_idle_minutes"`
	MaxAdminConsoleLifetimeMinutes types.Int64 `tfsdk:"max_admin_console_lifetime_minutes"`
	RequireNetworkZone             types.Bool  `tfsdk:"require_network_zone"`
}

func newSessionPolicyCheckResource() resource.Resource {
	d := compliance.DefaultSessionPolicyInput()
	return &checkResource[sessionPolicyCheckModel]{def: checkDef[sessionPolicyCheckModel]{
		check: compliance.CheckSessionPolicy,
		description: "Fails the plan when an ACTIVE rule of an ACTIVE `OKTA_SIGN_ON` (global session) policy that " +
			"allows sign-in (`actions.signon.access` = `ALLOW`) keeps sessions longer than the limits, signs in " +
			"without MFA when `require_mfa`, or keeps a persistent session cookie when `allow_persistent_cookie` " +
			"is false. One violation per rule (`subject`: `\"policy / rule\"`; `subject_id`: the rule id) listing " +
			"every shortfall. Rules that deny sign-in start no session and are not judged. `controls` lists the " +
			"DISA Okta IDaaS STIG rules the limits meet (`max_idle_minutes` 1–15 → V-273186, " +
			"`max_lifetime_minutes` 1–1080 → V-273203, `allow_persistent_cookie = false` → V-273206, " +
			"`max_admin_console_idle_minutes` 1–15 → V-273187). When `max_admin_console_idle_minutes` or " +
			"`max_admin_console_lifetime_minutes` is set, the Okta Admin Console's own session settings " +
			"(`/api/v1/first-party-app-settings/admin-console`, scope `okta.apps.read`) are judged too: one more " +
			"subject evaluated, and one violation (`subject`: `\"Okta Admin Console\"`; `subject_id`: " +
			"`\"admin-console\"`) listing the limits they exceed. When `require_network_zone` is true, each " +
			"ACTIVE policy is one more subject evaluated, and one violation (`subject`: the policy name; " +
			"`subject_id`: the policy id) when none of its ACTIVE rules conditions on a network zone (STIG V-279691).",
		inputs: map[string]schema.Attribute{
			"max_idle_minutes": thresholdInput("The longest idle session allowed, in minutes "+
				"(`session.maxSessionIdleMinutes` between 1 and this). Default "+strconv.Itoa(d.MaxIdleMinutes)+"; the STIG's value is 15; 0 sets no limit.",
				int64(d.MaxIdleMinutes)),
			"max_lifetime_minutes": thresholdInput("The longest session allowed, in minutes "+
				"(`session.maxSessionLifetimeMinutes` between 1 and this; Okta's 0 means unlimited and violates). "+
				"Default "+strconv.Itoa(d.MaxLifetimeMinutes)+" (24 hours); the STIG's value is 1080 (18 hours); 0 sets no limit.",
				int64(d.MaxLifetimeMinutes)),
			"require_mfa": flagInput("Require `signon.requireFactor` on every rule that allows sign-in. Default true.", d.RequireMFA),
			"allow_persistent_cookie": flagInput("When false, a rule whose `session.usePersistentCookie` is true "+
				"violates (global session cookies must not persist across browser sessions). Default true; the "+
				"STIG requires false.", d.AllowPersistentCookie),
			"max_admin_console_idle_minutes": schema.Int64Attribute{
				MarkdownDescription: "When set, the Okta Admin Console's own idle session limit " +
					"(`sessionIdleTimeoutMinutes`, Okta's default 15) must be at most this many minutes. Default " +
					"(null): the Admin Console is not judged; the STIG's value is 15.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"max_admin_console_lifetime_minutes": schema.Int64Attribute{
				MarkdownDescription: "When set, the Okta Admin Console's own session lifetime " +
					"(`sessionMaxLifetimeMinutes`, Okta's default 720) must be at most this many minutes. Default " +
					"(null): not judged.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"require_network_zone": flagInput("When true, every ACTIVE `OKTA_SIGN_ON` (global session) policy must "+
				"allow or deny sign-in by IP: it passes when at least one of its ACTIVE rules, whether it allows or "+
				"denies, has `conditions.network.connection` = `ZONE` with at least one zone in `include` or "+
				"`exclude` (a deny-list of zones is an IP-based deny). A policy with none (every ACTIVE rule "+
				"`ANYWHERE`, without a network condition, or `ZONE` naming no zone) is one violation (`subject`: the "+
				"policy name; `subject_id`: the policy id); INACTIVE rules and policies are not counted. It reads "+
				"nothing more than the policies and rules the check already reads: the zones themselves are not "+
				"read, so whether they match the access control policy is left to review. Each ACTIVE rule's "+
				"network condition enters the evidence. Adds DISA Okta IDaaS STIG V-279691 to `controls`. "+
				"Default false: not judged, and the evidence is unchanged.", d.RequireNetworkZone),
		},
		prepare: prepareSessionPolicy,
	}}
}

func prepareSessionPolicy(_ context.Context, m sessionPolicyCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	in := compliance.SessionPolicyInput{
		MaxIdleMinutes:        int(m.MaxIdleMinutes.ValueInt64()),
		MaxLifetimeMinutes:    int(m.MaxLifetimeMinutes.ValueInt64()),
		RequireMFA:            m.RequireMFA.ValueBool(),
		AllowPersistentCookie: m.AllowPersistentCookie.ValueBool(),
		// Null (not judged) reads as 0, which sets no limit.
		MaxAdminConsoleIdleMinutes:     int(m.MaxAdminConsoleIdleMinutes.ValueInt64()),
		MaxAdminConsoleLifetimeMinutes: int(m.MaxAdminConsoleLifetimeMinutes.ValueInt64()),
		RequireNetworkZone:             m.RequireNetworkZone.ValueBool(),
		Exceptions:                     excs,
	}
	return ruleRun{
		label:    compliance.CheckSessionPolicy,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadSessionPolicy(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.SessionPolicy(f, in) },
	}, nil
}
