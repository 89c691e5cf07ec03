package compliance

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// frameworksGuide is the template tfplugindocs renders into
// docs/guides/frameworks.md.
const frameworksGuide = "../../templates/guides/frameworks.md.tmpl"

// TestFrameworksGuideUpToDate: the frameworks guide is the catalog rendered,
// so that what it tells an auditor is what the checks put in controls. Run
// with UPDATE_FRAMEWORKS_GUIDE=1 to rewrite it, then regenerate docs/.
func TestFrameworksGuideUpToDate(t *testing.T) {
	want := renderFrameworksGuide()
	if os.Getenv("UPDATE_FRAMEWORKS_GUIDE") != "" {
		if err := os.WriteFile(frameworksGuide, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(frameworksGuide)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the catalog: run UPDATE_FRAMEWORKS_GUIDE=1 go test ./internal/compliance -run TestFrameworksGuideUpToDate, then regenerate docs", frameworksGuide)
	}
}

func renderFrameworksGuide() []byte {
	var b bytes.Buffer
	b.WriteString(`---
page_title: "Frameworks"
subcategory: ""
description: |-
  The requirements of SOC 2, ISO/IEC 27001:2022, NIST SP 800-53 Rev. 5, CIS Controls v8.1, PCI DSS v4.0.1, the HIPAA Security Rule and the DISA Okta IDaaS STIG that each check gives evidence for, when its thresholds meet them, and the source of each mapping.
---

# Frameworks

Every check lists in ` + "`controls`" + ` the framework requirements it gives
evidence for, as ` + "`FRAMEWORK REQUIREMENT`" + ` (` + "`\"SOC2 CC6.1\"`, `\"PCIDSS4.0.1 8.2.8\"`" + `),
sorted; its ` + "`evidence`" + ` carries the same list, so the fingerprint covers it.
A check lists a requirement only where its thresholds meet it: the session
policy check lists PCI DSS 8.2.8 (15 minutes idle) only with
` + "`max_idle_minutes`" + ` of 15 or less, not at its default of 120. The
*Applies* column says when; "always" means whatever the check's arguments.

The provider argument ` + "`frameworks`" + ` narrows which frameworks appear, e.g.
` + "`frameworks = [\"SOC2\", \"PCIDSS4.0.1\"]`" + `; unset, all do.

*Source* is the crosswalk the mapping was taken from, or "standard text" where
it was read from the standard itself (the section named) with no crosswalk to
cite. Mappings are evidence for an assessor to weigh, not a certification: the
standards are authoritative, and a requirement usually asks for more than one
check shows (a documented process, a review, other systems).

Compliance platforms name the same evidence in their own terms: Drata's test 86
("MFA on Identity Provider") is ` + "`oktagate_mfa_check`" + `, its test 96 ("Employees
have Unique Email Accounts") ` + "`oktagate_unique_email_check`" + `, and its control
"Terminated Employee Access Revoked Within One Business Day"
` + "`oktagate_offboarding_check`" + ` with the default ` + "`grace_period`" + `.

## Frameworks

| Id | Framework | Version |
|---|---|---|
`)
	for _, f := range Frameworks() {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", f.ID, f.Title, f.Version)
	}
	b.WriteString(`
## Not mapped

Some requirements look close but ask for more than a check observes, so no
check lists them: PCI DSS 8.3.4 (lockout after 10 attempts *for at least 30
minutes*: the password policy check does not judge the lockout's duration);
PCI DSS 8.5.1 (MFA that cannot be bypassed); CIS 4.3 and NIST AC-11 (session
locking of devices, not of web sessions); CIS 6.4 (MFA for remote network
access); and the STIG's rules the Okta Management API cannot observe (see the
DISA STIG guide).
`)
	for _, check := range Checks() {
		fmt.Fprintf(&b, "\n## %s\n\n| Framework | Requirement | Title | Applies | Source |\n|---|---|---|---|---|\n", check)
		for _, m := range CatalogFor(check) {
			applies := "always"
			if m.When != "" {
				applies = m.When
			}
			src := m.Source
			if strings.HasPrefix(src, "https://") {
				src = "<" + src + ">"
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s |\n", m.Framework, m.Control(), cell(m.Title), cell(applies), cell(src))
		}
	}
	return b.Bytes()
}

// cell escapes what would end a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
