package provider

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type deviceAssuranceCheckModel struct {
	checkFrameModel
	RequiredPlatforms types.Set  `tfsdk:"required_platforms"`
	MinOSVersions     types.Map  `tfsdk:"min_os_versions"`
	AppPolicyNames    types.Set  `tfsdk:"app_policy_names"`
	DiskEncryption    types.Bool `tfsdk:"require_disk_encryption"`
	ScreenLock        types.Bool `tfsdk:"require_screen_lock"`
	NoJailbreak       types.Bool `tfsdk:"require_no_jailbreak"`
	SecureHardware    types.Bool `tfsdk:"require_secure_hardware"`
}

// postureAttribute is a boolean argument naming a posture setting every
// device assurance policy of the platforms listed must require.
func postureAttribute(what, platforms string, def bool) schema.BoolAttribute {
	return schema.BoolAttribute{
		MarkdownDescription: "Every device assurance policy of " + platforms + " (the platforms whose policies " +
			"define the setting) must require " + what + "; a policy that does not is a violation (`subject`: its " +
			"name). Default `" + strconv.FormatBool(def) + "`.",
		Optional: true, Computed: true, Default: booldefault.StaticBool(def),
	}
}

// versionPattern is an OS version as device assurance policies write it.
var versionPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$`)

// stringSetDefault is a set default of these strings.
func stringSetDefault(ss []string) defaults.Set {
	vs := make([]attr.Value, len(ss))
	for i, s := range ss {
		vs[i] = types.StringValue(s)
	}
	return setdefault.StaticValue(types.SetValueMust(types.StringType, vs))
}

func newDeviceAssuranceCheckResource() resource.Resource {
	d := compliance.DefaultDeviceAssuranceInput()
	platforms := "`" + strings.Join(compliance.DevicePlatforms, "`, `") + "`"
	return &checkResource[deviceAssuranceCheckModel]{def: checkDef[deviceAssuranceCheckModel]{
		check: compliance.CheckDeviceAssurance,
		description: "Fails the plan when a required platform has no device assurance policy (read from " +
			"`/api/v1/device-assurances`, scope `okta.deviceAssurance.read`), when no policy of a platform in " +
			"`min_os_versions` requires at least that OS version, or when an ACTIVE rule that allows access " +
			"(`actions.appSignOn.access` `ALLOW`) in a selected authentication policy (`app_policy_names`; " +
			"`/api/v1/policies?type=ACCESS_POLICY` and the selected policies' rules, scope `okta.policies.read`) " +
			"names no device assurance policy (`conditions.device.assurance.include`): such a rule admits any " +
			"device. A platform is one violation (`subject`: the platform); a rule is one (`subject`: " +
			"`\"policy / rule\"`; `subject_id`: the rule id); a selected policy missing or not ACTIVE is one " +
			"(`subject`: its name). Each device assurance policy that does not require the posture asked for " +
			"(`require_disk_encryption`, `require_screen_lock`, `require_no_jailbreak`, `require_secure_hardware`) " +
			"is one (`subject`: the policy's name; `subject_id`: its id). The platforms, policies and allowing rules " +
			"judged are the subjects evaluated.",
		inputs: map[string]schema.Attribute{
			"required_platforms": schema.SetAttribute{
				MarkdownDescription: "The platforms that must each have a device assurance policy: " + platforms +
					". Default `[\"MACOS\", \"WINDOWS\"]`, the managed desktops; an empty set requires none.",
				Optional: true, Computed: true, ElementType: types.StringType,
				Default: stringSetDefault(d.RequiredPlatforms),
				Validators: []validator.Set{setvalidator.ValueStringsAre(
					stringvalidator.OneOf(compliance.DevicePlatforms...))},
			},
			"min_os_versions": schema.MapAttribute{
				MarkdownDescription: "Platform (" + platforms + ") → the oldest OS version a device may run, " +
					"e.g. `{ MACOS = \"14.4\", WINDOWS = \"10.0.22631\" }`: some policy of the platform must " +
					"require at least it (`osVersion.minimum`; on Windows every `osVersionConstraints` minimum), or " +
					"set a dynamic requirement, relative to the latest release. A platform listed here is judged " +
					"even when not required. Default (null): no version required.",
				Optional: true, ElementType: types.StringType,
				Validators: []validator.Map{mapvalidator.SizeAtLeast(1),
					mapvalidator.KeysAre(stringvalidator.OneOf(compliance.DevicePlatforms...)),
					mapvalidator.ValueStringsAre(stringvalidator.RegexMatches(versionPattern, "must be a version of dotted numbers such as 14.4"))},
			},
			"app_policy_names": schema.SetAttribute{
				MarkdownDescription: "The authentication policies (by name) whose allowing rules must each " +
					"require a device assurance policy. Default `[\"" + compliance.OktaAdminConsolePolicy + "\"]`; an " +
					"empty set judges none (and reads no policy).",
				Optional: true, Computed: true, ElementType: types.StringType,
				Default:    stringSetDefault(d.AppPolicyNames),
				Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"require_disk_encryption": postureAttribute("disk encryption (`diskEncryptionType`)",
				"Android, macOS and Windows", d.RequireDiskEncryption),
			"require_screen_lock": postureAttribute("a screen lock (`screenLockType`)",
				"Android, iOS, macOS and Windows", d.RequireScreenLock),
			"require_no_jailbreak": postureAttribute("a device that is not jailbroken or rooted (`jailbreak` false)",
				"Android and iOS", d.RequireNoJailbreak),
			"require_secure_hardware": postureAttribute("secure hardware, a TPM or Secure Enclave "+
				"(`secureHardwarePresent`; older devices lack it)", "Android, macOS and Windows", d.RequireSecureHardware),
		},
		prepare: prepareDeviceAssurance,
	}}
}

func prepareDeviceAssurance(ctx context.Context, m deviceAssuranceCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := compliance.DeviceAssuranceInput{
		RequiredPlatforms: readStrings(ctx, m.RequiredPlatforms, &diags),
		AppPolicyNames:    readStrings(ctx, m.AppPolicyNames, &diags),
		// Unknown (not yet known at plan) reads as false here; the frame
		// does not evaluate a check whose inputs are unknown.
		RequireDiskEncryption: m.DiskEncryption.ValueBool(),
		RequireScreenLock:     m.ScreenLock.ValueBool(),
		RequireNoJailbreak:    m.NoJailbreak.ValueBool(),
		RequireSecureHardware: m.SecureHardware.ValueBool(),
		Exceptions:            excs,
	}
	if !m.MinOSVersions.IsNull() && !m.MinOSVersions.IsUnknown() {
		in.MinOSVersions = map[string]string{}
		diags.Append(m.MinOSVersions.ElementsAs(ctx, &in.MinOSVersions, false)...)
	}
	return ruleRun{
		label:    compliance.CheckDeviceAssurance,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadDeviceAssurance(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.DeviceAssurance(f, in) },
	}, diags
}
