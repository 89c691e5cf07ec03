package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// checkLifecycle walks one evidence check through the frame against an org
// the project has never seen: warn (fails, results known at plan time), an
// unchanged second plan, block (the plan fails naming the violators), active
// exceptions (the gate passes, updated in place), one exception expired (the
// violation is back), and a change in Okta that fixes every violation (an
// in-place update to pass).
type checkLifecycle struct {
	typ, name string
	org       *oktasim.Org
	body      string            // the check's inputs, without enforcement or exceptions
	warn      map[string]string // attributes after the warn step
	blocked   []string          // phrases of the failing plan's error, in order
	waive     []string          // exception subjects covering every violation
	fix       func(org *oktasim.Org)
	more      func(provider string) []resource.TestStep // steps after the fix; nil for none
}

func (c checkLifecycle) run(t *testing.T) {
	t.Helper()
	s, provider := startCheckSim(t, c.org)
	addr := c.typ + "." + c.name
	config := func(enforcement string, excs ...string) string {
		body := c.body
		if enforcement != "" {
			body = fmt.Sprintf("  enforcement = %q\n", enforcement) + body
		}
		return provider + "resource \"" + c.typ + "\" \"" + c.name + "\" {\n" + body + strings.Join(excs, "") + "}\n"
	}
	waiveAll := func(expiredFirst bool) []string {
		var out []string
		for i, w := range c.waive {
			date := farFuture
			if i == 0 && expiredFirst {
				date = longAgo
			}
			out = append(out, exception(w, date))
		}
		return out
	}
	// The fingerprint changes at every step that adds it.
	fp := statecheck.CompareValue(compare.ValuesDiffer())
	warnAttrs := map[string]string{"status": "fail", "enforcement": "warn", "exceptions_applied.#": "0"}
	for k, v := range c.warn {
		warnAttrs[k] = v
	}
	steps := []resource.TestStep{
		{
			Config: config("warn"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("fail")),
				plancheck.ExpectKnownValue(addr, tfjsonpath.New("fingerprint"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
			}},
			ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs(addr, warnAttrs),
				resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
					return expectContains(v, `"check":"`+c.typ+`"`)
				}),
			),
		},
		{Config: config("warn"), PlanOnly: true},
		{Config: config(""), ExpectError: phrases(append([]string{"Compliance check failed: " + c.typ}, c.blocked...)...)},
		{
			Config:           config("", waiveAll(false)...),
			ConfigPlanChecks: updateInPlace(addr),
			Check: checkAttrs(addr, map[string]string{
				"status": "pass", "violation_count": "0", "violations.#": "0",
				"exceptions_applied.#": fmt.Sprint(len(c.waive)),
			}),
		},
		{
			Config:            config("warn", waiveAll(true)...),
			ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs(addr, map[string]string{"status": "fail", "exceptions_applied.#": fmt.Sprint(len(c.waive) - 1)}),
				resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
					return expectContains(v, `"expired":[{"expires":"`+longAgo+`"`)
				}),
			),
		},
		{
			PreConfig: func() {
				org := s.Org()
				org.Lock()
				defer org.Unlock()
				c.fix(org)
			},
			Config:            config("warn", waiveAll(true)...),
			ConfigPlanChecks:  updateInPlace(addr),
			ConfigStateChecks: []statecheck.StateCheck{fp.AddStateValue(addr, tfjsonpath.New("fingerprint"))},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs(addr, map[string]string{"status": "pass", "violation_count": "0", "violations.#": "0"}),
				onlyReads(s),
			),
		},
	}
	if c.more != nil {
		steps = append(steps, c.more(provider)...)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps:                    steps,
	})
}

// Password policies of the test org: a strong one, a weak one for
// contractors and an inactive weaker one.
const (
	pPwStaff       = "00p0000000000000pws1"
	pPwContractors = "00p0000000000000pws2"
	pPwLegacy      = "00p0000000000000pws3"
)

// passwordSettings are a PASSWORD policy's settings with these thresholds and
// HealthInsight's recommended recovery, unlock and name exclusion, as Okta's
// default policy has them.
func passwordSettings(minLength, minSymbol int, excludeCommon bool, maxAge, minAge, history, lockout int) map[string]any {
	return map[string]any{
		"password": map[string]any{
			"complexity": map[string]any{
				"minLength": minLength, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1, "minSymbol": minSymbol,
				"excludeUsername": true, "excludeAttributes": []any{"firstName", "lastName"},
				"dictionary": map[string]any{"common": map[string]any{"exclude": excludeCommon}},
			},
			"age":     map[string]any{"maxAgeDays": maxAge, "expireWarnDays": 7, "minAgeMinutes": minAge, "historyCount": history},
			"lockout": map[string]any{"maxAttempts": lockout, "autoUnlockMinutes": 0, "showLockoutFailures": lockout > 0},
		},
		"recovery": map[string]any{"factors": map[string]any{
			"okta_email": map[string]any{"status": "ACTIVE"}, "okta_sms": map[string]any{"status": "INACTIVE"},
			"okta_call": map[string]any{"status": "INACTIVE"}, "recovery_question": map[string]any{"status": "INACTIVE"},
		}},
	}
}

// stigPasswordSettings meet every STIG password threshold.
func stigPasswordSettings() map[string]any { return passwordSettings(15, 1, true, 60, 1440, 5, 3) }

func addPasswordPolicies(org *oktasim.Org) {
	at := ts(3, 5)
	policy := func(id, name, status string, prio int, settings map[string]any) *oktasim.Policy {
		return &oktasim.Policy{ID: id, Type: "PASSWORD", Name: name, Status: status, Priority: prio, Created: at, LastUpdated: at,
			Conditions: map[string]any{"people": map[string]any{"groups": map[string]any{"include": []any{gEveryone}}}},
			Settings:   settings}
	}
	org.Policies = append(org.Policies,
		policy(pPwContractors, "Contractors", "ACTIVE", 1, passwordSettings(8, 0, false, 0, 0, 0, 0)),
		policy(pPwStaff, "Staff", "ACTIVE", 2, stigPasswordSettings()),
		policy(pPwLegacy, "Legacy", "INACTIVE", 3, passwordSettings(6, 0, false, 0, 0, 0, 0)),
	)
}

// stigPasswordBody sets every threshold of the password check to the STIG's value.
const stigPasswordBody = `  min_length           = 15
  max_age_days         = 60
  min_age_minutes      = 1440
  min_history          = 5
  max_lockout_attempts = 3
`

func TestAccPasswordPolicyCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addPasswordPolicies(org)
	const addr = "oktagate_password_policy_check.stig"
	checkLifecycle{
		typ: "oktagate_password_policy_check", name: "stig", org: org,
		body: stigPasswordBody,
		warn: map[string]string{
			"subjects_evaluated":      "2",
			"violation_count":         "1",
			"violations.0.subject":    "Contractors",
			"violations.0.subject_id": pPwContractors,
			"violations.0.reason": "minLength 8 < 15; minSymbol 0 < 1; common passwords allowed; passwords never expire > 60 days; " +
				"minAgeMinutes 0 < 1440; historyCount 0 < 5; lockout after unlimited attempts > 3",
			"min_length": "15", "min_lower_case": "1", "exclude_common": "true", "exclude_username": "true",
			// SOC 2, NIST AC-7 and PCI DSS 8.3.4 (a lockout after 3
			// attempts, no automatic unlock) and the ten STIG password
			// rules these thresholds meet.
			"controls.#":  "21",
			"controls.3":  "NIST800-53r5 AC-7",
			"controls.6":  "PCIDSS4.0.1 8.3.4",
			"controls.9":  "PCIDSS4.0.1 8.3.9",
			"controls.10": "SOC2 CC6.1",
			"controls.11": "STIG V-273189",
			"controls.12": "STIG V-273195",
		},
		blocked: []string{"(1 violation,", "Contractors (" + pPwContractors + "): minLength 8 < 15"},
		waive:   []string{"Contractors"},
		fix: func(org *oktasim.Org) {
			for _, p := range org.Policies {
				if p.ID == pPwContractors {
					p.Settings = stigPasswordSettings()
				}
			}
		},
		more: func(provider string) []resource.TestStep {
			return []resource.TestStep{{
				// The default thresholds carry only the STIG rules they meet,
				// and the strengthened org passes them.
				Config:           provider + "resource \"oktagate_password_policy_check\" \"stig\" {}\n",
				ConfigPlanChecks: updateInPlace(addr),
				Check: checkAttrs(addr, map[string]string{
					"status": "pass", "min_length": "12", "max_lockout_attempts": "10", "min_history": "4",
					"controls.#": "14", "controls.2": "NIST800-53r5 AC-7", "controls.5": "PCIDSS4.0.1 8.3.4",
					"controls.8": "SOC2 CC6.1", "controls.9": "STIG V-273196", "controls.13": "STIG V-273208",
				}),
			}}
		},
	}.run(t)
}

// TestAccPasswordPolicyCheckActiveDirectory: a weak PASSWORD policy for users
// sourced from Active Directory is reported apart, not as a violation, until
// judge_active_directory asks to judge it.
func TestAccPasswordPolicyCheckActiveDirectory(t *testing.T) {
	t.Parallel()
	const pPwAD = "00p0000000000000pws4"
	org := newTestOrg()
	addPasswordPolicies(org)
	at := ts(3, 5)
	org.Policies = append(org.Policies, &oktasim.Policy{
		ID: pPwAD, Type: "PASSWORD", Name: "Active Directory users", Status: "ACTIVE", Priority: 0, Created: at, LastUpdated: at,
		Conditions: map[string]any{
			"people":       map[string]any{"groups": map[string]any{"include": []any{gEveryone}}},
			"authProvider": map[string]any{"provider": "ACTIVE_DIRECTORY", "include": []any{"0oa0000000000000ad01"}},
		},
		Settings: passwordSettings(0, 0, false, 0, 0, 0, 0), // Okta's settings say nothing: AD enforces the rules
	})
	_, provider := startCheckSim(t, org)
	const addr = "oktagate_password_policy_check.stig"
	config := func(extra string) string {
		return provider + "resource \"oktagate_password_policy_check\" \"stig\" {\n  enforcement = \"warn\"\n" + stigPasswordBody + extra + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("violation_count"), knownvalue.Int64Exact(1)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"judge_active_directory": "false", "subjects_evaluated": "2", "violation_count": "1",
						"violations.0.subject_id": pPwContractors,
					}),
					resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
						return expectContains(v, `"delegated_to_active_directory":[{"id":"`+pPwAD+`","name":"Active Directory users","priority":0}]`,
							`"judge_active_directory":false`, `not Okta, enforces the password rules`)
					}),
				),
			},
			{
				Config:           config("  judge_active_directory = true\n"),
				ConfigPlanChecks: updateInPlace(addr),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrs(addr, map[string]string{
						"judge_active_directory": "true", "subjects_evaluated": "3", "violation_count": "2",
						"violations.0.subject":    "Active Directory users",
						"violations.0.subject_id": pPwAD,
						"violations.1.subject_id": pPwContractors,
					}),
					resource.TestCheckResourceAttrWith(addr, "evidence", func(v string) error {
						return expectContains(v, `"judge_active_directory":true`, `"delegated_to_active_directory":[{"id":"`+pPwAD+`"`)
					}),
				),
			},
		},
	})
}

// TestAccPasswordPolicyCheckHealthInsight: a policy meeting every STIG
// threshold still violates by HealthInsight's items (SMS recovery, automatic
// unlock, hidden lockout failures) until the allow_* arguments allow them, and
// allow_email_recovery = false makes the email recovery every policy has a
// shortfall.
func TestAccPasswordPolicyCheckHealthInsight(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addPasswordPolicies(org)
	for _, p := range org.Policies {
		if p.ID == pPwStaff {
			p.Settings = stigPasswordSettings()
			pw := p.Settings["password"].(map[string]any) //nolint:forcetypeassert // built just above
			pw["lockout"] = map[string]any{"maxAttempts": 3, "autoUnlockMinutes": 15, "showLockoutFailures": false}
			rec := p.Settings["recovery"].(map[string]any)["factors"].(map[string]any) //nolint:forcetypeassert // built just above
			rec["okta_sms"] = map[string]any{"status": "ACTIVE"}
		}
	}
	_, provider := startCheckSim(t, org)
	const addr = "oktagate_password_policy_check.hi"
	config := func(extra string) string {
		return provider + "resource \"oktagate_password_policy_check\" \"hi\" {\n  enforcement = \"warn\"\n" + stigPasswordBody + extra + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				// Bad input fails the plan before anything is read.
				Config:      config("  min_expire_warn_days = -1\n"),
				ExpectError: regexp.MustCompile(`(?s)min_expire_warn_days.*at least 0`),
			},
			{
				Config: config(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("violation_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"subject_id": knownvalue.StringExact(pPwStaff),
						"reason":     knownvalue.StringExact("locked accounts unlock after 15 minutes; lockout failures not shown; recovery by SMS allowed"),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("allow_email_recovery"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("exclude_first_last_name"), knownvalue.Bool(true)),
				},
			},
			{
				Config: config("  allow_sms_recovery = true\n  allow_auto_unlock = true\n  require_lockout_failure_display = false\n" +
					"  allow_email_recovery = false\n"),
				ConfigPlanChecks: updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("violation_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"subject_id": knownvalue.StringExact(pPwStaff),
						"reason":     knownvalue.StringExact("recovery by email allowed"),
					})),
				},
			},
		},
	})
}
