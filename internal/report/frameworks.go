package report

import (
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
)

// The frameworks, their order and their names are the control catalog's
// (compliance.Frameworks): the report shows what the provider maps to.

// FrameworkIDs are the framework ids, in display order.
func FrameworkIDs() []string { return compliance.FrameworkIDs() }

// FrameworkName is the display name of a framework id: its title and version.
func FrameworkName(id string) string {
	for _, f := range compliance.Frameworks() {
		if f.ID == id {
			return f.Title + " (" + f.Version + ")"
		}
	}
	return id
}

func knownFramework(id string) bool { return slices.Contains(compliance.FrameworkIDs(), id) }

// requirementTitle is the catalog's short title of a requirement, or "" for
// one the catalog does not know (evidence from another provider version).
func requirementTitle(c Control) string {
	q, ok := compliance.LookupRequirement(c.String())
	if !ok {
		return ""
	}
	return q.Title
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
	for _, id := range FrameworkIDs() {
		if slices.Contains(want, id) {
			out = append(out, id)
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
