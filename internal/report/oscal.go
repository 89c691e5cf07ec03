package report

import (
	"crypto/sha1" //nolint:gosec // UUID version 5 is defined over SHA-1 (RFC 4122 §4.3); it names, it does not protect
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// OSCALVersion is the OSCAL release the assessment results conform to.
const OSCALVersion = "1.1.3"

// uuidNamespace scopes the version 5 UUIDs this package derives, so the same
// input gives the same document byte for byte.
var uuidNamespace = [16]byte{0x6f, 0x6b, 0x74, 0x61, 0x67, 0x61, 0x74, 0x65, 0x4a, 0x0b, 0x8e, 0x51, 0x9d, 0x2c, 0x3e, 0x17}

// uuidV5 is an RFC 4122 name-based UUID (SHA-1) of name in uuidNamespace.
func uuidV5(name string) string {
	h := sha1.New() //nolint:gosec // see the import
	h.Write(uuidNamespace[:])
	h.Write([]byte(name))
	s := h.Sum(nil)[:16]
	s[6] = s[6]&0x0f | 0x50
	s[8] = s[8]&0x3f | 0x80
	x := hex.EncodeToString(s)
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// token turns a requirement into an OSCAL token (an NCName: a letter or _,
// then letters, digits, '.', '-', '_'): "HIPAA 164.312(d)" → "HIPAA_164.312_d".
func token(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	t := strings.TrimRight(b.String(), "_")
	if t == "" || t[0] >= '0' && t[0] <= '9' || t[0] == '.' || t[0] == '-' {
		t = "_" + t
	}
	return t
}

// EvidenceFile is the name of a check's evidence file in the package.
func EvidenceFile(address string) string {
	var b strings.Builder
	for _, r := range address {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return "evidence/" + b.String() + ".json"
}

type oscalProp struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	NS    string `json:"ns,omitempty"`
}

func oscalTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// docSeed names this report's content: the org, when, and every check's
// fingerprint (or status when it has none).
func (r *Report) docSeed() string {
	var b strings.Builder
	b.WriteString(r.Org + "|" + oscalTime(r.JudgedAt) + "|" + r.Commit)
	for _, c := range r.Checks {
		b.WriteString("|" + c.Address + "=" + c.Status + ":" + c.Fingerprint)
	}
	return b.String()
}

// WriteOSCAL writes OSCAL 1.1 Assessment Results: one observation per check,
// one finding per requirement not satisfied (a check failing, unknown or stale).
func (r *Report) WriteOSCAL(w io.Writer) error {
	seed := r.docSeed()
	when := r.JudgedAt
	if when.IsZero() {
		when = r.GeneratedAt
	}
	tool := uuidV5("tool|oktagate")
	type obj = map[string]any
	var observations []obj
	obsUUID := map[string]string{}
	for _, c := range r.Checks {
		u := uuidV5(seed + "|observation|" + c.Address)
		obsUUID[c.Address] = u
		props := []oscalProp{
			{Name: "check-address", Value: c.Address},
			{Name: "check-type", Value: c.Type},
			{Name: "status", Value: c.label()},
			{Name: "violation-count", Value: fmt.Sprint(c.ViolationCount)},
			{Name: "exceptions-applied", Value: fmt.Sprint(len(c.Exceptions))},
		}
		if c.SubjectsEvaluated >= 0 {
			props = append(props, oscalProp{Name: "subjects-evaluated", Value: fmt.Sprint(c.SubjectsEvaluated)})
		}
		if c.Fingerprint != "" {
			props = append(props, oscalProp{Name: "fingerprint", Value: c.Fingerprint})
		}
		var remarks []string
		for _, v := range c.Violations {
			remarks = append(remarks, "Violation: "+v.String())
		}
		for _, e := range c.Exceptions {
			remarks = append(remarks, fmt.Sprintf("Exception: %s until %s (%s)", e.Subject, e.Expires, e.Reason))
		}
		o := obj{
			"uuid":        u,
			"title":       c.Address,
			"description": describe(c),
			"props":       props,
			"methods":     []string{"TEST"},
			"types":       []string{"finding"},
			"origins":     []obj{{"actors": []obj{{"type": "tool", "actor-uuid": tool}}}},
			"collected":   oscalTime(cmpTime(c.JudgedAt, when)),
		}
		if c.Evidence != "" {
			o["relevant-evidence"] = []obj{{"description": "The check's canonical evidence JSON (SHA-256 " + c.Fingerprint + ")",
				"href": (&url.URL{Path: EvidenceFile(c.Address)}).String()}}
		}
		if len(remarks) > 0 {
			o["remarks"] = strings.Join(remarks, "\n")
		}
		observations = append(observations, o)
	}
	var findings []obj
	var selected []obj
	for _, fw := range r.Frameworks {
		for _, q := range r.Requirements(fw) {
			id := token(fw + "_" + q.ID)
			selected = append(selected, obj{"control-id": id})
			if q.Satisfied() {
				continue
			}
			var related []obj
			var why []string
			for _, c := range q.Checks {
				related = append(related, obj{"observation-uuid": obsUUID[c.Address]})
				if !c.Counted() {
					why = append(why, c.Address+" is "+c.label())
				}
			}
			findings = append(findings, obj{
				"uuid":        uuidV5(seed + "|finding|" + fw + " " + q.ID),
				"title":       fw + " " + q.ID + " not satisfied",
				"description": FrameworkName(fw) + " requirement " + q.ID + " is not satisfied: " + strings.Join(why, "; ") + ".",
				"props":       []oscalProp{{Name: "framework", Value: fw}, {Name: "requirement", Value: q.ID}},
				"target": obj{"type": "objective-id", "target-id": id,
					"status": obj{"state": "not-satisfied", "reason": "fail"}},
				"related-observations": related,
			})
		}
	}
	selection := obj{"description": "The framework requirements the checks' controls name."}
	if len(selected) > 0 {
		selection["include-controls"] = selected
	} else {
		selection["include-all"] = obj{}
	}
	result := obj{
		"uuid":              uuidV5(seed + "|result"),
		"title":             "oktagate compliance gate: " + r.Org,
		"description":       fmt.Sprintf("The oktagate checks of the Okta org %s, judged by Terraform %s with the oktagate provider %s.", r.Org, r.TerraformVersion, r.ProviderVersion),
		"start":             oscalTime(when),
		"reviewed-controls": obj{"control-selections": []obj{selection}},
		"observations":      observations,
	}
	if len(findings) > 0 {
		result["findings"] = findings
	}
	props := []oscalProp{{Name: "org", Value: r.Org}, {Name: "terraform-version", Value: r.TerraformVersion},
		{Name: "provider-version", Value: r.ProviderVersion}}
	if r.Commit != "" {
		props = append(props, oscalProp{Name: "commit", Value: r.Commit})
	}
	doc := obj{"assessment-results": obj{
		"uuid": uuidV5(seed + "|document"),
		"metadata": obj{
			"title":         "oktagate assessment results: " + r.Org,
			"last-modified": oscalTime(when),
			"version":       cmpStr(r.Commit, oscalTime(when)),
			"oscal-version": OSCALVersion,
			"props":         props,
		},
		"import-ap": obj{"href": r.planHref(), "remarks": "The assessment plan is the Terraform configuration of the oktagate " +
			"checks; the plan or state JSON it was judged from is in the evidence package under inputs/."},
		"results": []obj{result},
	}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func cmpTime(t, or time.Time) time.Time {
	if t.IsZero() {
		return or
	}
	return t
}

func cmpStr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

// planHref points at the first input as the evidence package holds it.
func (r *Report) planHref() string {
	if len(r.Inputs) == 0 {
		return "#"
	}
	return (&url.URL{Path: InputFile(r.Inputs[0].Name)}).String()
}
