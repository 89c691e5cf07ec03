package report

import "strings"

// frameworks are the ids a check's controls entries start with, in the order
// the report shows them, with the names an auditor knows them by.
var frameworks = []struct{ ID, Name string }{
	{"SOC2", "SOC 2 (Trust Services Criteria 2017)"},
	{"ISO27001:2022", "ISO/IEC 27001:2022 Annex A"},
	{"NIST800-53r5", "NIST SP 800-53 Rev. 5"},
	{"CISv8.1", "CIS Critical Security Controls v8.1"},
	{"PCIDSS4.0.1", "PCI DSS v4.0.1"},
	{"HIPAA", "HIPAA Security Rule (45 CFR 164)"},
	{"STIG", "DISA Okta IDaaS STIG"},
}

// FrameworkIDs are the framework ids, in display order.
func FrameworkIDs() []string {
	ids := make([]string, len(frameworks))
	for i, f := range frameworks {
		ids[i] = f.ID
	}
	return ids
}

// FrameworkName is the display name of a framework id.
func FrameworkName(id string) string {
	for _, f := range frameworks {
		if f.ID == id {
			return f.Name
		}
	}
	return id
}

func knownFramework(id string) bool {
	for _, f := range frameworks {
		if f.ID == id {
			return true
		}
	}
	return false
}

// parseControl splits "SOC2 CC6.1" into a control; entries whose first word is
// not a framework id (older free-text mappings) are not requirements.
func parseControl(s string) (Control, bool) {
	fw, req, ok := strings.Cut(strings.TrimSpace(s), " ")
	req = strings.TrimSpace(req)
	if !ok || req == "" || !knownFramework(fw) {
		return Control{}, false
	}
	return Control{Framework: fw, Requirement: req}, true
}

// selectFrameworks keeps the display order; empty means all.
func selectFrameworks(want []string) []string {
	if len(want) == 0 {
		return FrameworkIDs()
	}
	var out []string
	for _, f := range frameworks {
		for _, w := range want {
			if w == f.ID {
				out = append(out, f.ID)
				break
			}
		}
	}
	return out
}

// ValidateFrameworks refuses an id that is not one of the seven.
func ValidateFrameworks(ids []string) error {
	for _, id := range ids {
		if !knownFramework(id) {
			return &UsageError{Msg: "unknown framework " + quote(id) + " in --frameworks; the ids are " + strings.Join(FrameworkIDs(), ", ")}
		}
	}
	return nil
}

func quote(s string) string { return "\"" + s + "\"" }
