package compliance

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// DevicePlatforms are the platforms a device assurance policy is for, as
// Okta names them; required_platforms and min_os_versions take these.
var DevicePlatforms = []string{okta.PlatformAndroid, okta.PlatformChromeOS, okta.PlatformIOS, okta.PlatformMacOS, okta.PlatformWindows}

// DeviceAssuranceInput is the oktagate_device_assurance_check's arguments.
type DeviceAssuranceInput struct {
	// RequiredPlatforms each need at least one device assurance policy.
	RequiredPlatforms []string
	// MinOSVersions (platform → version) want, for each platform listed, a
	// policy whose static osVersion minimum (Windows: every
	// osVersionConstraints minimum) is at least the version, or that sets a
	// dynamic requirement (relative to Okta's latest release).
	MinOSVersions map[string]string
	// AppPolicyNames are authentication policies (ACCESS_POLICY) whose every
	// ACTIVE allowing rule must name a device assurance policy
	// (conditions.device.assurance.include). Empty: none judged.
	AppPolicyNames []string
	// The posture every device assurance policy must require, judged on the
	// platforms whose policies define the setting (devicePostureSettings).
	RequireDiskEncryption bool // diskEncryptionType.include set
	RequireScreenLock     bool // screenLockType.include set
	RequireNoJailbreak    bool // jailbreak false
	RequireSecureHardware bool // secureHardwarePresent true
	Exceptions            []Exception
}

// devicePosture is one setting of a device assurance policy: the platforms
// whose policies define it (Okta's management spec,
// DeviceAssurance<Platform>Platform), whether the check requires it, whether
// a policy requires it, and what a policy that does not lacks.
type devicePosture struct {
	argument  string
	platforms []string
	required  func(DeviceAssuranceInput) bool
	met       func(okta.DeviceAssurance) bool
	lack      string
}

var devicePostureSettings = []devicePosture{
	{"require_disk_encryption", []string{okta.PlatformAndroid, okta.PlatformMacOS, okta.PlatformWindows},
		func(in DeviceAssuranceInput) bool { return in.RequireDiskEncryption },
		func(d okta.DeviceAssurance) bool { return len(d.DiskEncryption) > 0 },
		"requires no disk encryption (diskEncryptionType)"},
	{"require_screen_lock", []string{okta.PlatformAndroid, okta.PlatformIOS, okta.PlatformMacOS, okta.PlatformWindows},
		func(in DeviceAssuranceInput) bool { return in.RequireScreenLock },
		func(d okta.DeviceAssurance) bool { return len(d.ScreenLock) > 0 },
		"requires no screen lock (screenLockType)"},
	{"require_no_jailbreak", []string{okta.PlatformAndroid, okta.PlatformIOS},
		func(in DeviceAssuranceInput) bool { return in.RequireNoJailbreak },
		func(d okta.DeviceAssurance) bool { return d.Jailbreak != nil && !*d.Jailbreak },
		"admits jailbroken or rooted devices (jailbreak is not false)"},
	{"require_secure_hardware", []string{okta.PlatformAndroid, okta.PlatformMacOS, okta.PlatformWindows},
		func(in DeviceAssuranceInput) bool { return in.RequireSecureHardware },
		func(d okta.DeviceAssurance) bool { return d.SecureHardwarePresent != nil && *d.SecureHardwarePresent },
		"requires no secure hardware, TPM or Secure Enclave (secureHardwarePresent)"},
}

// postureShortfalls lists what a policy lacks of the posture the check
// requires, and whether any setting applied to its platform.
func (in DeviceAssuranceInput) postureShortfalls(d okta.DeviceAssurance) (judged bool, lacks []string) {
	for _, s := range devicePostureSettings {
		if !s.required(in) || !slices.Contains(s.platforms, strings.ToUpper(d.Platform)) {
			continue
		}
		judged = true
		if !s.met(d) {
			lacks = append(lacks, s.lack+" ("+s.argument+")")
		}
	}
	return judged, lacks
}

// DefaultDeviceAssuranceInput is the check's input with every default:
// macOS and Windows covered, and the Okta Admin Console's policy requiring a
// device assurance policy.
func DefaultDeviceAssuranceInput() DeviceAssuranceInput {
	return DeviceAssuranceInput{
		RequiredPlatforms: []string{okta.PlatformMacOS, okta.PlatformWindows},
		AppPolicyNames:    []string{OktaAdminConsolePolicy},
		// Encrypted disks, a screen lock and no jailbreak are every
		// mobile-device baseline's first items (CIS Controls 3.6 and 4.3,
		// NIST SP 800-124); secure hardware would shut out older devices, so
		// it is asked for, not assumed.
		RequireDiskEncryption: true, RequireScreenLock: true, RequireNoJailbreak: true,
	}
}

// Normalized upper-cases and sorts the platforms and refuses an unknown
// platform or a version that is not dotted numbers.
func (in DeviceAssuranceInput) Normalized() (DeviceAssuranceInput, error) {
	out := in
	out.RequiredPlatforms = upperSet(in.RequiredPlatforms)
	for _, p := range out.RequiredPlatforms {
		if !slices.Contains(DevicePlatforms, p) {
			return out, fmt.Errorf("required_platforms: %q is not a platform; want one of %s", p, strings.Join(DevicePlatforms, ", "))
		}
	}
	if len(in.MinOSVersions) > 0 {
		out.MinOSVersions = make(map[string]string, len(in.MinOSVersions))
		for p, v := range in.MinOSVersions {
			p, v = strings.ToUpper(strings.TrimSpace(p)), strings.TrimSpace(v)
			if !slices.Contains(DevicePlatforms, p) {
				return out, fmt.Errorf("min_os_versions: %q is not a platform; want one of %s", p, strings.Join(DevicePlatforms, ", "))
			}
			if _, ok := parseVersion(v); !ok {
				return out, fmt.Errorf("min_os_versions[%q]: %q is not a version of dotted numbers such as 14.4 or 10.0.22631", p, v)
			}
			out.MinOSVersions[p] = v
		}
	}
	names := make([]string, 0, len(in.AppPolicyNames))
	for _, n := range in.AppPolicyNames {
		names = append(names, strings.TrimSpace(n))
	}
	out.AppPolicyNames = sortedSet(names)
	return out, nil
}

// ReadsAppPolicies says whether the check reads the authentication policies.
func (in DeviceAssuranceInput) ReadsAppPolicies() bool { return len(in.AppPolicyNames) > 0 }

// RulePolicyIDs are the ACTIVE selected authentication policies whose rules
// the rule reads.
func (in DeviceAssuranceInput) RulePolicyIDs(f *Facts) []string {
	var ids []string
	for _, p := range activePolicies(f, PolicyAccess) {
		if slices.ContainsFunc(in.AppPolicyNames, func(n string) bool { return strings.EqualFold(n, p.Name) }) {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

func parseVersion(v string) ([]int, bool) {
	if v == "" {
		return nil, false
	}
	parts := strings.Split(v, ".")
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

// versionAtLeast compares dotted versions numerically (missing parts are 0);
// an unparseable got is never enough.
func versionAtLeast(got, want string) bool {
	g, ok := parseVersion(got)
	w, _ := parseVersion(want)
	if !ok {
		return false
	}
	for i := range max(len(g), len(w)) {
		var a, b int
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return a > b
		}
	}
	return true
}

// meetsOSVersion says whether a policy requires at least want.
func meetsOSVersion(d okta.DeviceAssurance, want string) bool {
	if d.DynamicOSVersion != "" && d.DynamicOSVersion != "NOT_ALLOWED" {
		return true
	}
	mins := d.OSVersionMinimums
	if d.OSVersionMinimum != "" {
		mins = append([]string{d.OSVersionMinimum}, mins...)
	}
	if len(mins) == 0 {
		return false
	}
	for _, m := range mins {
		if !versionAtLeast(m, want) {
			return false
		}
	}
	return true
}

// ruleDeviceAssurances is a rule's conditions.device.assurance.include.
func ruleDeviceAssurances(conditions json.RawMessage) []string {
	var c struct {
		Device struct {
			Assurance struct {
				Include []string `json:"include"`
			} `json:"assurance"`
		} `json:"device"`
	}
	if len(conditions) == 0 || json.Unmarshal(conditions, &c) != nil {
		return nil
	}
	return c.Device.Assurance.Include
}

// DeviceAssurance judges the device assurance policies
// (Facts.DeviceAssurances): each required platform with no policy is a
// violation (subject: the platform), and so is each platform of
// MinOSVersions with no policy requiring at least that version. With
// AppPolicyNames, each selected authentication policy (Facts.Policies,
// ACCESS_POLICY) that is missing or not ACTIVE is a violation (subject: its
// name), and so is each of its ACTIVE rules that allows access
// (actions.appSignOn.access ALLOW) without naming a device assurance policy
// in conditions.device.assurance.include (subject: "policy / rule", subject
// id: the rule's id). Each policy that does not require the posture asked
// for (Require*), on a platform whose policies define that setting, is a
// violation (subject: its name, subject id: its id). The subjects evaluated
// are the platforms, the policies and the rules judged.
func DeviceAssurance(f *Facts, in DeviceAssuranceInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.DeviceAssurances == nil {
		return Result{}, missing("device assurance policies")
	}
	if in.ReadsAppPolicies() && f.Policies == nil {
		return Result{}, missing("ACCESS_POLICY policies")
	}
	byPlatform := map[string][]okta.DeviceAssurance{}
	rows := make([]any, 0, len(f.DeviceAssurances))
	for _, d := range f.DeviceAssurances {
		byPlatform[d.Platform] = append(byPlatform[d.Platform], d)
		rows = append(rows, map[string]any{
			"id": d.ID, "name": d.Name, "platform": d.Platform, "os_version_minimum": d.OSVersionMinimum,
			"os_version_minimums": nonNil(d.OSVersionMinimums), "dynamic_os_version": d.DynamicOSVersion,
			"disk_encryption": nonNil(d.DiskEncryption), "screen_lock": nonNil(d.ScreenLock),
			"jailbreak": d.Jailbreak, "secure_hardware_present": d.SecureHardwarePresent,
		})
	}
	var findings []finding
	platforms := slices.Clone(in.RequiredPlatforms)
	for p := range in.MinOSVersions {
		platforms = append(platforms, p)
	}
	platforms = sortedSet(platforms)
	for _, p := range platforms {
		ds := byPlatform[p]
		var reasons []string
		if len(ds) == 0 {
			reasons = append(reasons, "no device assurance policy for this platform: its devices are admitted whatever their posture")
		} else if want, ok := in.MinOSVersions[p]; ok && !slices.ContainsFunc(ds, func(d okta.DeviceAssurance) bool { return meetsOSVersion(d, want) }) {
			var have []string
			for _, d := range ds {
				have = append(have, d.Name+": "+orNotSet(strings.Join(append(nonEmpty(d.OSVersionMinimum), d.OSVersionMinimums...), ", ")))
			}
			reasons = append(reasons, fmt.Sprintf("no device assurance policy requires osVersion %s or later (min_os_versions); minimums: %s",
				want, strings.Join(have, "; ")))
		}
		if len(reasons) > 0 {
			findings = append(findings, policyFinding(p, "", strings.Join(reasons, "; ")))
		}
	}
	evaluated := len(platforms)
	for _, d := range f.DeviceAssurances {
		judged, lacks := in.postureShortfalls(d)
		if judged {
			evaluated++
		}
		if len(lacks) > 0 {
			findings = append(findings, policyFinding(d.Name, d.ID, d.Platform+" policy "+strings.Join(lacks, "; ")))
		}
	}
	facts := map[string]string{}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	facts["device_assurances"] = fp
	if in.ReadsAppPolicies() {
		fs, n, rfp, err := appPolicyDeviceFindings(f, in.AppPolicyNames)
		if err != nil {
			return Result{}, err
		}
		findings, evaluated = append(findings, fs...), evaluated+n
		facts["app_policy_rules"] = rfp
	}
	minOS := map[string]any{}
	for p, v := range in.MinOSVersions {
		minOS[p] = v
	}
	return finish(f, evaluation{
		check: CheckDeviceAssurance,
		input: in,
		inputs: map[string]any{
			"required_platforms": nonNil(in.RequiredPlatforms), "min_os_versions": minOS,
			"app_policy_names":        nonNil(in.AppPolicyNames),
			"require_disk_encryption": in.RequireDiskEncryption, "require_screen_lock": in.RequireScreenLock,
			"require_no_jailbreak": in.RequireNoJailbreak, "require_secure_hardware": in.RequireSecureHardware,
		},
		evaluated: evaluated,
		findings:  findings,
		facts:     facts,
	}, in.Exceptions)
}

// appPolicyDeviceFindings judges the selected authentication policies: each
// one missing or not ACTIVE, and each ACTIVE allowing rule of theirs naming
// no device assurance policy, is a finding. It returns the findings, the
// subjects evaluated and the fingerprint of the rules read.
func appPolicyDeviceFindings(f *Facts, names []string) ([]finding, int, string, error) {
	var findings []finding
	var ruleRows []any
	evaluated := 0
	for _, name := range names {
		idx := slices.IndexFunc(f.Policies, func(p okta.Policy) bool {
			return strings.EqualFold(p.Type, PolicyAccess) && strings.EqualFold(p.Name, name)
		})
		if idx < 0 {
			evaluated++
			findings = append(findings, policyFinding(name, "", "no authentication policy has this name (app_policy_names)"))
			continue
		}
		p := f.Policies[idx]
		if !strings.EqualFold(p.Status, PolicyActive) {
			evaluated++
			findings = append(findings, policyFinding(p.Name, p.ID, "the policy is "+orNotSet(p.Status)+", not ACTIVE"))
			continue
		}
		rules, ok := f.PolicyRules[p.ID]
		if !ok {
			return nil, 0, "", missing("the rules of ACCESS_POLICY %s", p.ID)
		}
		for _, r := range rules {
			if !strings.EqualFold(r.Status, PolicyActive) || !ruleAllows(r) {
				continue
			}
			evaluated++
			include := ruleDeviceAssurances(r.Conditions)
			ruleRows = append(ruleRows, map[string]any{"policy_id": p.ID, "rule_id": r.ID, "name": r.Name, "device_assurances": nonNil(include)})
			if len(include) == 0 {
				findings = append(findings, policyFinding(p.Name+" / "+r.Name, r.ID, "the rule allows access from any device: "+
					"it names no device assurance policy (conditions.device.assurance.include)"))
			}
		}
	}
	fp, err := factsFingerprint(nonNil(ruleRows))
	return findings, evaluated, fp, err
}

// ruleAllows says whether an authentication policy rule allows access
// (actions.appSignOn.access ALLOW); unreadable actions count as allowing,
// failing closed.
func ruleAllows(r okta.PolicyRule) bool {
	var a struct {
		AppSignOn struct {
			Access string `json:"access"`
		} `json:"appSignOn"`
	}
	if len(r.Actions) > 0 && json.Unmarshal(r.Actions, &a) != nil {
		return true
	}
	return strings.EqualFold(a.AppSignOn.Access, "ALLOW")
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
