package provider

import (
	"cmp"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// postureCase is one posture check run on a generated org: its body and the
// violators the test expects, worked out from the org's data by the test's
// own reading of the check's documented semantics, not by the rule.
type postureCase struct {
	typ, body string
	expect    func(org *oktasim.Org, now time.Time) [][2]string
}

// TestAccPostureChecksOnGeneratedOrg: on an org the project has never seen
// (fixtures.Generate with a seed the test picks at random, where every check
// has something to find; OKTAGATE_TEST_SEED replays one), through pages of at most 3 items and a 429 on every 7th request,
// each of the eight posture checks finds exactly the violators the test
// computes from the generated data.
func TestAccPostureChecksOnGeneratedOrg(t *testing.T) {
	t.Parallel()
	cases := []postureCase{
		{typ: "oktagate_threat_insight_check", expect: expectThreatInsight},
		{typ: "oktagate_behavior_detection_check", expect: expectBehaviorDetection},
		{typ: "oktagate_trusted_origin_check", body: "  allowed_domains = [\"globex.com\"]\n", expect: expectTrustedOrigins},
		{typ: "oktagate_app_sign_on_check", expect: expectAppSignOn},
		{typ: "oktagate_residual_access_check", expect: expectResidualAccess},
		{typ: "oktagate_privileged_accounts_check", expect: expectPrivilegedAccounts},
		{typ: "oktagate_factor_enrollment_check", expect: expectFactorEnrollment},
		{typ: "oktagate_device_assurance_check", expect: expectDeviceAssurance},
	}
	now := time.Now().UTC()
	generate := func(seed int64) *oktasim.Org {
		return fixtures.Generate(fixtures.GenerateOptions{Users: 80, Groups: 10, Apps: 16, Seed: seed, Now: now, LogEvents: 300})
	}
	// The test picks a random seed, then the first from there whose org
	// gives every check something to find (a check that finds nothing where
	// nothing is wrong would prove little).
	seed := time.Now().UnixNano()
	replay := os.Getenv("OKTAGATE_TEST_SEED")
	if replay != "" {
		var err error
		if seed, err = strconv.ParseInt(replay, 10, 64); err != nil {
			t.Fatalf("OKTAGATE_TEST_SEED: %v", err)
		}
	}
	org := generate(seed)
	for tries := 0; replay == "" && slices.ContainsFunc(cases, func(c postureCase) bool { return len(c.expect(org, now)) == 0 }); tries++ {
		if tries == 500 {
			t.Fatal("500 generated orgs in a row left some posture check nothing to find: the generator lost its variety")
		}
		seed++
		org = generate(seed)
	}
	t.Logf("generated org seed %d (OKTAGATE_TEST_SEED=%d replays it)", seed, seed)
	s, provider := startThrottledSim(t, org, 3, every429(7))

	var config strings.Builder
	config.WriteString(provider)
	var checks []statecheck.StateCheck
	for _, c := range cases {
		config.WriteString("resource \"" + c.typ + "\" \"gen\" {\n  enforcement = \"warn\"\n" + c.body + "}\n")
		want := c.expect(org, now)
		slices.SortFunc(want, func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
		t.Logf("%s: %d violations expected: %q", c.typ, len(want), want)
		checks = append(checks, violationPairs(c.typ+".gen", want...))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config:            config.String(),
			ConfigStateChecks: checks,
			Check:             pagedAndThrottled(s),
		}},
	})
}

func expectThreatInsight(org *oktasim.Org, _ time.Time) [][2]string {
	var want [][2]string
	if org.ThreatInsight.Action != "block" {
		want = append(want, [2]string{"ThreatInsight", ""})
	}
	for _, id := range org.ThreatInsight.ExcludeZones {
		for _, z := range org.Zones {
			if z.ID == id {
				want = append(want, [2]string{z.Name, id})
			}
		}
	}
	return want
}

// behaviorNamed lists the behaviors an ACTIVE rule of an ACTIVE global
// session or authentication policy names.
func behaviorNamed(org *oktasim.Org) map[string]bool {
	named := map[string]bool{}
	for _, p := range org.Policies {
		if p.Status != "ACTIVE" || (p.Type != "OKTA_SIGN_ON" && p.Type != "ACCESS_POLICY") {
			continue
		}
		for _, r := range p.Rules {
			if r.Status != "ACTIVE" {
				continue
			}
			if risk, ok := r.Conditions["risk"].(map[string]any); ok {
				names, _ := risk["behaviors"].([]string)
				for _, n := range names {
					named[n] = true
				}
			}
			if el, ok := r.Conditions["elCondition"].(map[string]any); ok {
				expr, _ := el["condition"].(string)
				if _, rest, ok := strings.Cut(expr, "security.behaviors.contains('"); ok {
					name, _, _ := strings.Cut(rest, "')")
					named[name] = true
				}
			}
		}
	}
	return named
}

func expectBehaviorDetection(org *oktasim.Org, _ time.Time) [][2]string {
	var want [][2]string
	// The default required kinds: a new country, device, IP, velocity.
	for _, kind := range []struct{ key, typ, granularity string }{
		{"ANOMALOUS_LOCATION:COUNTRY", "ANOMALOUS_LOCATION", "COUNTRY"}, {"ANOMALOUS_DEVICE", "ANOMALOUS_DEVICE", ""},
		{"ANOMALOUS_IP", "ANOMALOUS_IP", ""}, {"VELOCITY", "VELOCITY", ""},
	} {
		if !slices.ContainsFunc(org.Behaviors, func(b *oktasim.Behavior) bool {
			return b.Status == "ACTIVE" && b.Type == kind.typ && (kind.granularity == "" || b.Settings["granularity"] == kind.granularity)
		}) {
			want = append(want, [2]string{kind.key, ""})
		}
	}
	named := behaviorNamed(org)
	for _, b := range org.Behaviors {
		if b.Status == "ACTIVE" && !named[b.Name] {
			want = append(want, [2]string{b.Name, b.ID})
		}
	}
	return want
}

func expectTrustedOrigins(org *oktasim.Org, _ time.Time) [][2]string {
	var want [][2]string
	for _, o := range org.TrustedOrigins {
		if o.Status != "ACTIVE" {
			continue
		}
		scheme, host, _ := strings.Cut(o.Origin, "://")
		host, _, _ = strings.Cut(host, ":")
		base := strings.TrimPrefix(host, "*.")
		bad := scheme != "https" || strings.Contains(host, "*") || (base != "globex.com" && !strings.HasSuffix(base, ".globex.com"))
		for _, sc := range o.Scopes {
			bad = bad || (sc.Type != "CORS" && sc.Type != "REDIRECT")
		}
		if bad {
			want = append(want, [2]string{o.Name, o.ID})
		}
	}
	return want
}

func expectAppSignOn(org *oktasim.Org, _ time.Time) [][2]string {
	allowed := []string{"BOOKMARK", "OPENID_CONNECT", "SAML_1_1", "SAML_2_0", "WS_FEDERATION"}
	var want [][2]string
	for _, a := range org.Apps {
		if a.Status != "ACTIVE" {
			continue
		}
		bad := !slices.Contains(allowed, a.SignOnMode)
		service := a.OAuth != nil && a.OAuth.ApplicationType == "service"
		if a.OAuth != nil {
			bad = bad || slices.Contains(a.OAuth.GrantTypes, "implicit") || slices.Contains(a.OAuth.GrantTypes, "password")
		}
		bad = bad || (!service && len(a.Users) == 0 && len(a.Groups) == 0)
		if bad {
			want = append(want, [2]string{a.Label, a.ID})
		}
	}
	return want
}

func expectResidualAccess(org *oktasim.Org, now time.Time) [][2]string {
	var want [][2]string
	for _, u := range org.Users {
		if u.Status != "SUSPENDED" && u.Status != "DEPROVISIONED" {
			continue
		}
		if u.StatusChanged != nil && !now.After(u.StatusChanged.Add(24*time.Hour)) {
			continue // within the default grace period of 24h
		}
		held := slices.ContainsFunc(org.Apps, func(a *oktasim.App) bool {
			return slices.ContainsFunc(a.Users, func(au oktasim.AppUser) bool { return au.UserID == u.ID })
		}) || slices.ContainsFunc(org.Groups, func(g *oktasim.Group) bool {
			return g.Type != "BUILT_IN" && slices.Contains(g.MemberIDs, u.ID)
		})
		if held {
			login, _ := u.Profile["login"].(string)
			want = append(want, [2]string{login, u.ID})
		}
	}
	return want
}

// expectPrivilegedAccounts at the defaults: two ACTIVE factors, one of them
// phishing-resistant; a password changed within 180 days; a sign-in (or
// activation) within 90 days; at most 25 admins besides the super admins.
func expectPrivilegedAccounts(org *oktasim.Org, now time.Time) [][2]string {
	superAdmin := func(uid string) bool {
		for _, r := range org.UserRoles[uid] {
			if r.Type == "SUPER_ADMIN" {
				return true
			}
		}
		for gid, roles := range org.GroupRoles {
			if g := org.Group(gid); g != nil && slices.Contains(g.MemberIDs, uid) &&
				slices.ContainsFunc(roles, func(r *oktasim.RoleAssignment) bool { return r.Type == "SUPER_ADMIN" }) {
				return true
			}
		}
		return false
	}
	var want [][2]string
	counted := 0
	users := map[string]*oktasim.User{}
	for _, u := range org.Users {
		users[u.ID] = u
	}
	for _, uid := range org.RoleHolderIDs() {
		u := users[uid]
		if !superAdmin(uid) {
			counted++
		}
		active, resistant := 0, false
		for _, f := range org.Factors[uid] {
			if f.Status == "ACTIVE" {
				active++
				resistant = resistant || slices.Contains([]string{"signed_nonce", "u2f", "webauthn"}, f.FactorType)
			}
		}
		last := u.Created
		switch {
		case u.LastLogin != nil:
			last = *u.LastLogin
		case u.Activated != nil:
			last = *u.Activated
		}
		stalePassword := u.PasswordChanged != nil && u.PasswordChanged.Before(now.Add(-180*24*time.Hour))
		if active < 2 || !resistant || stalePassword || last.Before(now.Add(-90*24*time.Hour)) {
			login, _ := u.Profile["login"].(string)
			want = append(want, [2]string{login, uid})
		}
	}
	if counted > 25 {
		want = append(want, [2]string{"privileged users", ""})
	}
	return want
}

// expectFactorEnrollment at the defaults: every ACTIVE MFA_ENROLL policy
// requires an authenticator besides the password, allows no phone or
// security question (Identity Engine keys or Classic factors), and has an
// ACTIVE rule that prompts enrollment.
func expectFactorEnrollment(org *oktasim.Org, _ time.Time) [][2]string {
	weak := []string{"phone_number", "security_question", "okta_sms", "okta_call", "okta_question"}
	var want [][2]string
	for _, p := range org.Policies {
		if p.Type != "MFA_ENROLL" || p.Status != "ACTIVE" {
			continue
		}
		raw, _ := json.Marshal(p.Settings)
		var s struct {
			Authenticators []struct {
				Key    string `json:"key"`
				Enroll struct {
					Self string `json:"self"`
				} `json:"enroll"`
			} `json:"authenticators"`
			Factors map[string]struct {
				Enroll struct {
					Self string `json:"self"`
				} `json:"enroll"`
			} `json:"factors"`
		}
		_ = json.Unmarshal(raw, &s)
		selves := map[string]string{}
		for _, a := range s.Authenticators {
			selves[a.Key] = a.Enroll.Self
		}
		for k, f := range s.Factors {
			selves[k] = f.Enroll.Self
		}
		required, weakAllowed := false, false
		for k, self := range selves {
			required = required || (self == "REQUIRED" && k != "okta_password")
			weakAllowed = weakAllowed || (slices.Contains(weak, k) && self != "" && self != "NOT_ALLOWED")
		}
		prompts := slices.ContainsFunc(p.Rules, func(r oktasim.PolicyRule) bool {
			enroll, _ := r.Actions["enroll"].(map[string]any)
			return r.Status == "ACTIVE" && (enroll["self"] == "CHALLENGE" || enroll["self"] == "LOGIN")
		})
		if !required || weakAllowed || !prompts {
			want = append(want, [2]string{p.Name, p.ID})
		}
	}
	return want
}

// expectDeviceAssurance at the defaults: a device assurance policy for
// macOS and for Windows, each policy requiring the default posture, and
// every ACTIVE allowing rule of the Okta Admin Console's authentication
// policy naming one.
func expectDeviceAssurance(org *oktasim.Org, _ time.Time) [][2]string {
	var want [][2]string
	for _, platform := range []string{"MACOS", "WINDOWS"} {
		if !slices.ContainsFunc(org.DeviceAssurances, func(d *oktasim.DeviceAssurance) bool { return d.Platform == platform }) {
			want = append(want, [2]string{platform, ""})
		}
	}
	// The default posture: disk encryption where Android, macOS and Windows
	// define it, a screen lock but on ChromeOS, no jailbreak on Android and iOS.
	for _, d := range org.DeviceAssurances {
		_, disk := d.Settings["diskEncryptionType"]
		_, lock := d.Settings["screenLockType"]
		jailbreak, ok := d.Settings["jailbreak"].(bool)
		rooted := !ok || jailbreak
		switch d.Platform {
		case "ANDROID":
			if !disk || !lock || rooted {
				want = append(want, [2]string{d.Name, d.ID})
			}
		case "IOS":
			if !lock || rooted {
				want = append(want, [2]string{d.Name, d.ID})
			}
		case "MACOS", "WINDOWS":
			if !disk || !lock {
				want = append(want, [2]string{d.Name, d.ID})
			}
		}
	}
	for _, p := range org.Policies {
		if p.Type != "ACCESS_POLICY" || p.Name != fixtures.DemoAdminConsolePolicy {
			continue
		}
		for _, r := range p.Rules {
			signOn, _ := r.Actions["appSignOn"].(map[string]any)
			device, _ := r.Conditions["device"].(map[string]any)
			if r.Status == "ACTIVE" && signOn["access"] == "ALLOW" && device["assurance"] == nil {
				want = append(want, [2]string{p.Name + " / " + r.Name, r.ID})
			}
		}
	}
	return want
}
