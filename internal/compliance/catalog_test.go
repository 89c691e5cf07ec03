package compliance

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// requirementID is each framework's requirement id syntax.
var requirementID = map[string]*regexp.Regexp{
	FrameworkSOC2:     regexp.MustCompile(`^CC[1-9]\.[1-9]$`),
	FrameworkISO27001: regexp.MustCompile(`^A\.[5-8]\.[1-9][0-9]?$`),
	FrameworkNIST:     regexp.MustCompile(`^[A-Z]{2}-[1-9][0-9]?(\([1-9][0-9]?\))?$`),
	FrameworkCIS:      regexp.MustCompile(`^([1-9]|1[0-8])\.[1-9][0-9]?$`),
	FrameworkPCIDSS:   regexp.MustCompile(`^([1-9]|1[0-2])(\.[1-9][0-9]?){1,3}$`),
	FrameworkHIPAA:    regexp.MustCompile(`^164\.3(0[2-9]|1[0-8])\([a-e]\)(\([1-9]\))?(\((i|ii|iii|iv)\))?(\([A-H]\))?$`),
	FrameworkSTIG:     regexp.MustCompile(`^V-2[0-9]{5}$`),
}

var allChecks = []string{
	CheckMFA, CheckOffboarding, CheckUniqueEmail, CheckAccessReview, CheckScope,
	CheckPasswordPolicy, CheckSessionPolicy, CheckInactiveUsers, CheckAdminRoles, CheckAPIToken,
	CheckAuthenticationPolicy, CheckNetworkZone, CheckAuthenticator, CheckLogStream,
	CheckTrustedOrigin, CheckAppSignOn,
	// Posture checks (issue #18).
	CheckThreatInsight, CheckBehaviorDetection,
	CheckResidualAccess, CheckPrivilegedAccounts,
	CheckFactorEnrollment, CheckDeviceAssurance,
}

func TestFrameworks(t *testing.T) {
	want := []string{"SOC2", "ISO27001:2022", "NIST800-53r5", "CISv8.1", "PCIDSS4.0.1", "HIPAA", "STIG"}
	if got := FrameworkIDs(); !slices.Equal(got, want) {
		t.Fatalf("framework ids %q, want %q", got, want)
	}
	for _, f := range Frameworks() {
		if f.Title == "" || f.Version == "" || requirementID[f.ID] == nil {
			t.Errorf("framework %+v: a title, a version and an id syntax are required", f)
		}
	}
}

// TestCatalog walks every check's mappings: each check has SOC 2 and ISO or
// NIST, every id has its framework's syntax, every mapping a title and a
// source, one requirement has one title wherever it is mapped, and
// LookupRequirement finds every control.
func TestCatalog(t *testing.T) {
	checks := slices.Clone(allChecks)
	slices.Sort(checks)
	if got := Checks(); !slices.Equal(got, checks) {
		t.Fatalf("catalog checks %q, want %q", got, checks)
	}
	titles := map[string]string{}
	for _, check := range checks {
		ms := CatalogFor(check)
		has := map[string]bool{}
		seen := map[string]bool{}
		for _, m := range ms {
			c := m.Control()
			has[m.Framework] = true
			if seen[c] {
				t.Errorf("%s: %s mapped twice", check, c)
			}
			seen[c] = true
			re := requirementID[m.Framework]
			switch {
			case re == nil:
				t.Errorf("%s: %s: unknown framework", check, c)
			case !re.MatchString(m.ID):
				t.Errorf("%s: %q is not a %s requirement id (%s)", check, m.ID, m.Framework, re)
			}
			if strings.TrimSpace(m.Title) == "" {
				t.Errorf("%s: %s has no title", check, c)
			}
			doc, isStd := strings.CutPrefix(m.Source, "standard text: ")
			if !strings.HasPrefix(m.Source, "https://") && (!isStd || len(doc) < 4) {
				t.Errorf("%s: %s: source %q is neither a URL nor \"standard text: <doc and section>\"", check, c, m.Source)
			}
			if m.Conditional() != (m.When != "") {
				t.Errorf("%s: %s: a condition needs its wording and wording its condition", check, c)
			}
			if prev, ok := titles[c]; ok && prev != m.Title {
				t.Errorf("%s has two titles: %q and %q", c, prev, m.Title)
			}
			titles[c] = m.Title
			if r, ok := LookupRequirement(c); !ok || r.Control() != c || r.Title != m.Title {
				t.Errorf("LookupRequirement(%q) = %+v, %v", c, r, ok)
			}
		}
		if !has[FrameworkSOC2] || (!has[FrameworkISO27001] && !has[FrameworkNIST]) {
			t.Errorf("%s: needs SOC 2 and one of ISO 27001 or NIST 800-53 (has %v)", check, has)
		}
		if !slices.IsSortedFunc(ms, func(a, b Mapping) int { return frameworkRank(a.Framework) - frameworkRank(b.Framework) }) {
			t.Errorf("%s: CatalogFor is not in framework order", check)
		}
	}
	if _, ok := LookupRequirement("SOC2 CC9.9"); ok {
		t.Error("LookupRequirement found a requirement the catalog does not map")
	}
}

// catalogFacts lets every rule run: one active user, the Okta Dashboard's and
// Admin Console's authentication policies, a password and a global session
// policy, and every other list loaded empty.
func catalogFacts() *Facts {
	users := []okta.User{user("00u1", "ann@acme.com", "ACTIVE")}
	return &Facts{
		Now:   now,
		Users: users, Factors: factorsByUser(users),
		Groups: []okta.Group{}, GroupMembers: map[string][]string{},
		Apps:     []okta.App{{ID: "0oa1", Label: "Portal", Status: "ACTIVE"}},
		AppUsers: map[string][]okta.AppUser{"0oa1": nil}, AppGroups: map[string][]okta.AppGroup{"0oa1": nil},
		Grants: map[string][]okta.Grant{}, ClientRoles: map[string][]okta.Role{},
		UserRoles: map[string][]okta.Role{}, GroupRoles: map[string][]okta.Role{},
		APITokens: []okta.APIToken{},
		Policies: []okta.Policy{
			{ID: "rst1", Name: OktaAdminConsolePolicy, Type: PolicyAccess, Status: PolicyActive},
			{ID: "rst2", Name: OktaDashboardPolicy, Type: PolicyAccess, Status: PolicyActive},
			{ID: "pol1", Name: "Default Policy", Type: PolicyPassword, Status: PolicyActive},
			{ID: "pol2", Name: "Default Policy", Type: PolicySignOn, Status: PolicyActive},
			{ID: "pol3", Name: "Default Policy", Type: PolicyMFAEnroll, Status: PolicyActive},
		},
		PolicyRules:       map[string][]okta.PolicyRule{"rst1": nil, "rst2": nil, "pol1": nil, "pol2": nil, "pol3": nil},
		AdminRoles:        &AdminRoleAssignments{},
		NetworkZones:      []okta.NetworkZone{},
		Authenticators:    []okta.Authenticator{},
		IdentityProviders: []okta.IdentityProvider{},
		LogStreams:        []okta.LogStream{},
		AdminConsole:      &okta.AdminConsoleSettings{},
		UserDeletions:     []okta.LogEvent{},
		ThreatInsight:     &okta.ThreatInsightConfiguration{Action: okta.ThreatInsightBlock},
		Behaviors:         []okta.Behavior{},
		DeviceAssurances:  []okta.DeviceAssurance{},
		EventHooks:        []okta.EventHook{},
	}
}

// runRule runs the rule whose input in is over f.
func runRule(t *testing.T, f *Facts, in any) Result {
	t.Helper()
	var r Result
	var err error
	switch in := in.(type) {
	case MFAInput:
		r, err = MFA(f, in)
	case OffboardingInput:
		r, err = Offboarding(f, in)
	case AccessReviewInput:
		r, err = AccessReview(f, in)
	case PasswordPolicyInput:
		r, err = PasswordPolicy(f, in)
	case SessionPolicyInput:
		r, err = SessionPolicy(f, in)
	case InactiveUsersInput:
		r, err = InactiveUsers(f, in)
	case APITokenInput:
		r, err = APIToken(f, in)
	case AuthenticationPolicyInput:
		r, err = AuthenticationPolicy(f, in)
	case AuthenticatorInput:
		r, err = Authenticator(f, in)
	case ThreatInsightInput:
		r, err = ThreatInsight(f, in)
	case BehaviorDetectionInput:
		r, err = BehaviorDetection(f, in)
	case ResidualAccessInput:
		r, err = ResidualAccess(f, in)
	case PrivilegedAccountsInput:
		r, err = PrivilegedAccounts(f, in)
	case FactorEnrollmentInput:
		r, err = FactorEnrollment(f, in)
	case DeviceAssuranceInput:
		r, err = DeviceAssurance(f, in)
	case LogStreamInput:
		r, err = LogStream(f, in)
	default:
		t.Fatalf("no rule for %T", in)
	}
	if err != nil {
		t.Fatalf("%T: %v", in, err)
	}
	return r
}

// TestCatalogConditions runs every conditional mapping through its rule with
// an input that meets the requirement and one that does not: the first lists
// the control, the second does not.
func TestCatalogConditions(t *testing.T) {
	review := func(days int) AccessReviewInput {
		return AccessReviewInput{AppID: "0oa1", ReviewedOn: "2026-05-01", MaxReviewAgeDays: days, AllowEmpty: true}
	}
	pw := func(edit func(*PasswordPolicyInput)) PasswordPolicyInput {
		in := DefaultPasswordPolicyInput()
		edit(&in)
		return in
	}
	sess := func(edit func(*SessionPolicyInput)) SessionPolicyInput {
		in := DefaultSessionPolicyInput()
		edit(&in)
		return in
	}
	inactive := func(days int) InactiveUsersInput { return InactiveUsersInput{MaxInactiveDays: days, AllowEmpty: true} }
	authn := func(edit func(*AuthenticationPolicyInput)) AuthenticationPolicyInput {
		in := DefaultAuthenticationPolicyInput()
		edit(&in)
		return in
	}
	dashboardOnly := func(in *AuthenticationPolicyInput) { in.PolicyNames = []string{OktaDashboardPolicy} }
	adminOnly := func(in *AuthenticationPolicyInput) { in.PolicyNames = []string{OktaAdminConsolePolicy} }
	residual := func(edit func(*ResidualAccessInput)) ResidualAccessInput {
		in := DefaultResidualAccessInput()
		edit(&in)
		return in
	}
	privileged := func(edit func(*PrivilegedAccountsInput)) PrivilegedAccountsInput {
		in := DefaultPrivilegedAccountsInput()
		edit(&in)
		return in
	}
	noFactors := func(in *PrivilegedAccountsInput) { in.MinFactors, in.RequirePhishingResistant = 0, false }
	const dodCA = "CN=DoD Root CA 3, OU=PKI, OU=DoD, O=U.S. Government, C=US"
	hooksAccepted := LogStreamInput{AcceptEventHooks: true, AllowedEventHookHosts: []string{"siem.example.com"}}
	type pair struct{ meets, misses any }
	cases := map[string]map[string]pair{
		CheckMFA: {
			"NIST800-53r5 IA-2(8)": {MFAInput{PhishingResistant: true, AllowEmpty: true}, MFAInput{AllowEmpty: true}},
		},
		CheckOffboarding: {
			"PCIDSS4.0.1 8.2.5": {OffboardingInput{AllowEmpty: true}, OffboardingInput{GracePeriod: "2d", AllowEmpty: true}},
		},
		CheckAccessReview: {
			"CISv8.1 5.1":       {review(90), review(91)},
			"PCIDSS4.0.1 7.2.4": {review(180), review(181)},
		},
		CheckPasswordPolicy: {
			"NIST800-53r5 IA-5(1)": {pw(func(_ *PasswordPolicyInput) {}), pw(func(in *PasswordPolicyInput) { in.ExcludeCommon = false })},
			"CISv8.1 5.2":          {pw(func(in *PasswordPolicyInput) { in.MinLength = 14 }), pw(func(in *PasswordPolicyInput) { in.MinLength = 13 })},
			"PCIDSS4.0.1 8.3.6": {pw(func(in *PasswordPolicyInput) { in.MinLowerCase = 0 }),
				pw(func(in *PasswordPolicyInput) { in.MinNumber = 0 })},
			"PCIDSS4.0.1 8.3.7":   {pw(func(_ *PasswordPolicyInput) {}), pw(func(in *PasswordPolicyInput) { in.MinHistory = 3 })},
			"PCIDSS4.0.1 8.3.9":   {pw(func(in *PasswordPolicyInput) { in.MaxAgeDays = 90 }), pw(func(in *PasswordPolicyInput) { in.MaxAgeDays = 91 })},
			STIGLockout:           {pw(func(in *PasswordPolicyInput) { in.MaxLockoutAttempts = 3 }), pw(func(_ *PasswordPolicyInput) {})},
			STIGPasswordMinLength: {pw(func(in *PasswordPolicyInput) { in.MinLength = 15 }), pw(func(_ *PasswordPolicyInput) {})},
			STIGPasswordUpperCase: {pw(func(_ *PasswordPolicyInput) {}), pw(func(in *PasswordPolicyInput) { in.MinUpperCase = 0 })},
			STIGPasswordLowerCase: {pw(func(_ *PasswordPolicyInput) {}), pw(func(in *PasswordPolicyInput) { in.MinLowerCase = 0 })},
			STIGPasswordNumber:    {pw(func(_ *PasswordPolicyInput) {}), pw(func(in *PasswordPolicyInput) { in.MinNumber = 0 })},
			STIGPasswordSymbol:    {pw(func(_ *PasswordPolicyInput) {}), pw(func(in *PasswordPolicyInput) { in.MinSymbol = 0 })},
			STIGPasswordMinAge:    {pw(func(in *PasswordPolicyInput) { in.MinAgeMinutes = 1440 }), pw(func(in *PasswordPolicyInput) { in.MinAgeMinutes = 1439 })},
			STIGPasswordMaxAge:    {pw(func(in *PasswordPolicyInput) { in.MaxAgeDays = 60 }), pw(func(in *PasswordPolicyInput) { in.MaxAgeDays = 61 })},
			STIGPasswordCommon:    {pw(func(_ *PasswordPolicyInput) {}), pw(func(in *PasswordPolicyInput) { in.ExcludeCommon = false })},
			STIGPasswordHistory:   {pw(func(in *PasswordPolicyInput) { in.MinHistory = 5 }), pw(func(_ *PasswordPolicyInput) {})},
			// HealthInsight's lockout items.
			"NIST800-53r5 AC-7": {pw(func(in *PasswordPolicyInput) { in.MaxLockoutAttempts = 1 }),
				pw(func(in *PasswordPolicyInput) { in.MaxLockoutAttempts = 0 })},
			"PCIDSS4.0.1 8.3.4": {pw(func(_ *PasswordPolicyInput) {}), pw(func(in *PasswordPolicyInput) { in.DenyAutoUnlock = false })},
		},
		CheckSessionPolicy: {
			"ISO27001:2022 A.8.5": {sess(func(_ *SessionPolicyInput) {}), sess(func(in *SessionPolicyInput) { in.MaxIdleMinutes = 0 })},
			"NIST800-53r5 AC-12": {sess(func(in *SessionPolicyInput) { in.MaxIdleMinutes = 0 }),
				sess(func(in *SessionPolicyInput) { in.MaxIdleMinutes, in.MaxLifetimeMinutes = 0, 0 })},
			"PCIDSS4.0.1 8.2.8":        {sess(func(in *SessionPolicyInput) { in.MaxIdleMinutes = 15 }), sess(func(_ *SessionPolicyInput) {})},
			"HIPAA 164.312(a)(2)(iii)": {sess(func(_ *SessionPolicyInput) {}), sess(func(in *SessionPolicyInput) { in.MaxIdleMinutes = 0 })},
			STIGSessionIdle:            {sess(func(in *SessionPolicyInput) { in.MaxIdleMinutes = 15 }), sess(func(in *SessionPolicyInput) { in.MaxIdleMinutes = 16 })},
			STIGAdminConsoleIdle: {sess(func(in *SessionPolicyInput) { in.MaxAdminConsoleIdleMinutes = 15 }),
				sess(func(in *SessionPolicyInput) { in.MaxAdminConsoleIdleMinutes = 16 })},
			STIGSessionLifetime: {sess(func(in *SessionPolicyInput) { in.MaxLifetimeMinutes = 1080 }),
				sess(func(in *SessionPolicyInput) { in.MaxLifetimeMinutes = 1081 })},
			STIGPersistentCookie:   {sess(func(in *SessionPolicyInput) { in.AllowPersistentCookie = false }), sess(func(_ *SessionPolicyInput) {})},
			STIGSessionNetworkZone: {sess(func(in *SessionPolicyInput) { in.RequireNetworkZone = true }), sess(func(_ *SessionPolicyInput) {})},
		},
		CheckInactiveUsers: {
			"CISv8.1 5.3":        {inactive(45), inactive(46)},
			"PCIDSS4.0.1 8.2.6":  {inactive(90), inactive(91)},
			STIGInactiveAccounts: {inactive(35), inactive(36)},
		},
		CheckAPIToken: {
			"CISv8.1 5.5":           {APITokenInput{AllowedOwnerIDs: []string{"00u1"}}, APITokenInput{}},
			STIGTokenNetworkZone:    {APITokenInput{RequireNetworkRestriction: true}, APITokenInput{}},
			STIGTokenDedicatedOwner: {APITokenInput{AllowedOwnerIDs: []string{"00u1"}}, APITokenInput{}},
		},
		CheckAuthenticationPolicy: {
			"ISO27001:2022 A.8.5": {authn(func(_ *AuthenticationPolicyInput) {}),
				authn(func(in *AuthenticationPolicyInput) { in.RequireMFA, in.MaxReauthenticateMinutes = false, 60 })},
			"NIST800-53r5 IA-2(1)": {authn(adminOnly), authn(dashboardOnly)},
			"NIST800-53r5 IA-2(2)": {authn(dashboardOnly), authn(adminOnly)},
			"NIST800-53r5 IA-2(8)": {authn(func(in *AuthenticationPolicyInput) { in.PhishingResistant = true }), authn(func(_ *AuthenticationPolicyInput) {})},
			"CISv8.1 6.3": {authn(func(in *AuthenticationPolicyInput) { in.AllPolicies = true }),
				authn(func(in *AuthenticationPolicyInput) { in.AllPolicies, in.RequireMFA = true, false })},
			"CISv8.1 6.5": {authn(adminOnly), authn(dashboardOnly)},
			"PCIDSS4.0.1 8.4.2": {authn(func(in *AuthenticationPolicyInput) { in.AllPolicies = true }),
				authn(func(_ *AuthenticationPolicyInput) {})},
			STIGDashboardPhishingResistant: {authn(func(in *AuthenticationPolicyInput) { dashboardOnly(in); in.PhishingResistant = true }),
				authn(func(in *AuthenticationPolicyInput) { adminOnly(in); in.PhishingResistant = true })},
			STIGAdminConsolePhishingResistant: {authn(func(in *AuthenticationPolicyInput) { adminOnly(in); in.PhishingResistant = true }),
				authn(func(in *AuthenticationPolicyInput) { dashboardOnly(in); in.PhishingResistant = true })},
			STIGAdminConsoleMFA: {authn(adminOnly), authn(func(in *AuthenticationPolicyInput) {
				adminOnly(in)
				in.RequireMFA, in.MaxReauthenticateMinutes = false, 60
			})},
			STIGDashboardMFA: {authn(dashboardOnly), authn(adminOnly)},
			// Selected by all_policies, not by name, the policies still count.
			STIGAppNetworkZones: {authn(func(in *AuthenticationPolicyInput) {
				in.PolicyNames, in.AllPolicies, in.RequireNetworkZone = nil, true, true
			}),
				authn(func(in *AuthenticationPolicyInput) { in.RequireNetworkZone = true })},
		},
		CheckAuthenticator: {
			"NIST800-53r5 IA-2(12)": {AuthenticatorInput{RequireActive: []string{"Smart_Card_IdP"}}, AuthenticatorInput{RequireActive: []string{"webauthn"}}},
			"NIST800-53r5 IA-5(2)":  {AuthenticatorInput{SmartCardTrustedIssuers: []string{dodCA}}, AuthenticatorInput{}},
			"NIST800-53r5 SC-13":    {AuthenticatorInput{RequireOktaVerifyFIPS: true}, AuthenticatorInput{}},
			STIGSmartCard:           {AuthenticatorInput{RequireActive: []string{"smart_card_idp"}}, AuthenticatorInput{}},
			STIGOktaVerifyFIPS:      {AuthenticatorInput{RequireOktaVerifyFIPS: true}, AuthenticatorInput{}},
			STIGSmartCardCA:         {AuthenticatorInput{SmartCardTrustedIssuers: []string{dodCA}}, AuthenticatorInput{}},
		},
		// An accepted event hook is not the whole audit trail.
		CheckLogStream: {
			"ISO27001:2022 A.8.15": {LogStreamInput{}, hooksAccepted},
			"NIST800-53r5 AU-4(1)": {LogStreamInput{}, hooksAccepted},
			"NIST800-53r5 AU-9(2)": {LogStreamInput{}, hooksAccepted},
			"CISv8.1 8.9":          {LogStreamInput{}, hooksAccepted},
			"PCIDSS4.0.1 10.3.3":   {LogStreamInput{}, hooksAccepted},
			STIGLogOffload:         {LogStreamInput{}, hooksAccepted},
		},
		// Posture checks (issue #18).
		CheckThreatInsight: {
			"NIST800-53r5 SC-7": {DefaultThreatInsightInput(), ThreatInsightInput{}},
		},
		CheckBehaviorDetection: {
			"NIST800-53r5 IA-10": {BehaviorDetectionInput{RequirePolicyUse: true}, BehaviorDetectionInput{}},
		},
		CheckResidualAccess: {
			"PCIDSS4.0.1 8.2.5": {DefaultResidualAccessInput(), residual(func(in *ResidualAccessInput) { in.GracePeriod = "2d" })},
		},
		CheckPrivilegedAccounts: {
			"ISO27001:2022 A.8.5":  {DefaultPrivilegedAccountsInput(), privileged(noFactors)},
			"NIST800-53r5 IA-2(1)": {privileged(func(in *PrivilegedAccountsInput) { in.RequirePhishingResistant = false }), privileged(noFactors)},
			"CISv8.1 6.5":          {privileged(func(in *PrivilegedAccountsInput) { in.MinFactors = 0 }), privileged(noFactors)},
			"NIST800-53r5 AC-2(3)": {privileged(func(in *PrivilegedAccountsInput) { in.MaxInactiveDays = 365 }),
				privileged(func(in *PrivilegedAccountsInput) { in.MaxInactiveDays = 0 })},
			"PCIDSS4.0.1 8.2.6": {DefaultPrivilegedAccountsInput(), privileged(func(in *PrivilegedAccountsInput) { in.MaxInactiveDays = 91 })},
		},
		CheckDeviceAssurance: {
			"CISv8.1 3.6": {DeviceAssuranceInput{RequireDiskEncryption: true}, DeviceAssuranceInput{RequireScreenLock: true}},
			"CISv8.1 4.3": {DeviceAssuranceInput{RequireScreenLock: true}, DeviceAssuranceInput{RequireDiskEncryption: true}},
		},
		CheckFactorEnrollment: {
			"NIST800-53r5 IA-2(1)": {DefaultFactorEnrollmentInput(), FactorEnrollmentInput{}},
			"NIST800-53r5 IA-2(8)": {FactorEnrollmentInput{RequirePhishingResistant: true}, DefaultFactorEnrollmentInput()},
		},
	}
	for _, check := range Checks() {
		for _, m := range CatalogFor(check) {
			c := m.Control()
			p, ok := cases[check][c]
			if !m.Conditional() {
				if ok {
					t.Errorf("%s: %s applies whatever the inputs; drop its case", check, c)
				}
				continue
			}
			if !ok {
				t.Errorf("%s: conditional mapping %s (%s) has no case", check, c, m.When)
				continue
			}
			delete(cases[check], c)
			t.Run(check+"/"+c, func(t *testing.T) {
				r := runRule(t, catalogFacts(), p.meets)
				if r.Check != check {
					t.Fatalf("the case ran %s", r.Check)
				}
				if !slices.Contains(r.Controls, c) {
					t.Errorf("meets %q, yet controls %q lack it", m.When, r.Controls)
				}
				if !strings.Contains(r.Evidence, `"`+c+`"`) {
					t.Errorf("evidence does not carry %s", c)
				}
				if r := runRule(t, catalogFacts(), p.misses); slices.Contains(r.Controls, c) {
					t.Errorf("misses %q, yet controls %q list it", m.When, r.Controls)
				}
			})
		}
	}
	for check, left := range cases {
		for c := range left {
			t.Errorf("%s: case for %s, which the catalog does not map conditionally", check, c)
		}
	}
}

// TestCatalogFrameworksFilter: Facts.Frameworks narrows a Result's controls,
// and its evidence, to those frameworks.
func TestCatalogFrameworksFilter(t *testing.T) {
	in := pwSTIG()
	all := runRule(t, catalogFacts(), in)
	f := catalogFacts()
	f.Frameworks = []string{FrameworkPCIDSS, FrameworkHIPAA}
	narrow := runRule(t, f, in)
	var want []string
	for _, c := range all.Controls {
		if strings.HasPrefix(c, "PCIDSS4.0.1 ") || strings.HasPrefix(c, "HIPAA ") {
			want = append(want, c)
		}
	}
	if len(want) < 2 || len(want) == len(all.Controls) || !slices.Equal(narrow.Controls, want) {
		t.Fatalf("narrowed controls %q, want %q (of %q)", narrow.Controls, want, all.Controls)
	}
	if strings.Contains(narrow.Evidence, "SOC2 CC6.1") || !strings.Contains(narrow.Evidence, `"HIPAA 164.308(a)(5)(ii)(D)"`) {
		t.Errorf("evidence's controls not narrowed: %s", narrow.Evidence)
	}
	if narrow.Fingerprint == all.Fingerprint {
		t.Error("the fingerprint does not follow the controls")
	}
}

// pwSTIG is the password policy input at the STIG's values.
func pwSTIG() PasswordPolicyInput {
	in := DefaultPasswordPolicyInput()
	in.MinLength, in.MinAgeMinutes, in.MaxAgeDays, in.MaxLockoutAttempts, in.MinHistory = 15, 1440, 60, 3, 5
	return in
}

// TestPasswordLockoutPCI: PCI DSS 8.3.4 caps the attempts at 10, so a policy
// check that allows 11 does not list it even without automatic unlock.
func TestPasswordLockoutPCI(t *testing.T) {
	for _, tc := range []struct {
		attempts int
		deny     bool
		want     bool
	}{{10, true, true}, {1, true, true}, {11, true, false}, {0, true, false}, {10, false, false}} {
		in := DefaultPasswordPolicyInput()
		in.MaxLockoutAttempts, in.DenyAutoUnlock = tc.attempts, tc.deny
		r := runRule(t, catalogFacts(), in)
		if got := slices.Contains(r.Controls, "PCIDSS4.0.1 8.3.4"); got != tc.want {
			t.Errorf("max_lockout_attempts %d, deny auto unlock %v: lists 8.3.4 = %v, want %v", tc.attempts, tc.deny, got, tc.want)
		}
	}
}
