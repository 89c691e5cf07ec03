package compliance

import (
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// ThreatInsightSubject is the subject of the ThreatInsight check's violation
// about the action; each excluded zone is a subject of its own.
const ThreatInsightSubject = "ThreatInsight"

// ThreatInsightInput is the oktagate_threat_insight_check's arguments.
type ThreatInsightInput struct {
	// AllowedExcludedZoneIDs are the network zone ids ThreatInsight may exempt
	// (excludeZones); every other excluded zone is a violation. Empty: none.
	AllowedExcludedZoneIDs []string
	// RequireBlock wants action block, as Okta's HealthInsight recommends
	// ("ThreatInsight: block suspicious IP addresses"); false accepts audit.
	// Action none (ThreatInsight off) is a violation either way.
	RequireBlock bool
	Exceptions   []Exception
}

// DefaultThreatInsightInput is the check's input with every default (the
// provider's schema defaults are these): block required, no zone exempt.
func DefaultThreatInsightInput() ThreatInsightInput {
	return ThreatInsightInput{RequireBlock: true}
}

// Normalized trims, sorts and deduplicates the allowed zone ids (Okta's ids
// are case-sensitive: they are not folded).
func (in ThreatInsightInput) Normalized() (ThreatInsightInput, error) {
	out := in
	ids := make([]string, 0, len(in.AllowedExcludedZoneIDs))
	for _, id := range in.AllowedExcludedZoneIDs {
		ids = append(ids, strings.TrimSpace(id))
	}
	out.AllowedExcludedZoneIDs = sortedSet(ids)
	return out, nil
}

// ThreatInsight judges the org's ThreatInsight configuration
// (Facts.ThreatInsight): its action must be block (audit too when
// RequireBlock is false; none never), one violation (subject "ThreatInsight")
// otherwise; and each zone it exempts (excludeZones) that
// AllowedExcludedZoneIDs does not list is a violation whose subject is the
// zone's name (from Facts.NetworkZones when loaded, else its id) and subject
// id the zone id. The configuration and each excluded zone are the subjects
// evaluated.
func ThreatInsight(f *Facts, in ThreatInsightInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	ti := f.ThreatInsight
	if ti == nil {
		return Result{}, missing("ThreatInsight configuration")
	}
	var findings []finding
	action := strings.ToLower(strings.TrimSpace(ti.Action))
	want := "block"
	if !in.RequireBlock {
		want = "block or audit"
	}
	switch {
	case action == okta.ThreatInsightBlock:
	case action == okta.ThreatInsightAudit && !in.RequireBlock:
	case action == okta.ThreatInsightAudit:
		findings = append(findings, policyFinding(ThreatInsightSubject, "", "action is audit: requests from "+
			"suspicious IP addresses are logged but not blocked; want block (require_block)"))
	case action == okta.ThreatInsightNone:
		findings = append(findings, policyFinding(ThreatInsightSubject, "", "action is none: ThreatInsight is off "+
			"and neither logs nor blocks requests from suspicious IP addresses; want "+want))
	default:
		findings = append(findings, policyFinding(ThreatInsightSubject, "", "action is "+orNotSet(ti.Action)+
			", not one Okta defines (none, audit, block); want "+want))
	}

	var names map[string]string // zone id → name, when the zones were read
	if f.NetworkZones != nil {
		names = make(map[string]string, len(f.NetworkZones))
		for _, z := range f.NetworkZones {
			names[z.ID] = z.Name
		}
	}
	excluded := sortedSet(ti.ExcludeZones)
	zoneRows := make([]any, 0, len(excluded))
	for _, id := range excluded {
		name, known := names[id]
		zoneRows = append(zoneRows, map[string]any{"id": id, "name": name})
		if slices.Contains(in.AllowedExcludedZoneIDs, id) {
			continue
		}
		reason := "ThreatInsight exempts this network zone (excludeZones): requests from its IP addresses are " +
			"neither logged nor blocked"
		if len(in.AllowedExcludedZoneIDs) == 0 {
			reason += "; allowed_excluded_zone_ids allows no zone"
		} else {
			reason += "; it is not in allowed_excluded_zone_ids"
		}
		if names != nil && !known {
			reason += " (the org has no zone with this id)"
		}
		findings = append(findings, policyFinding(name, id, reason))
	}
	var notes []string
	if names == nil && len(excluded) > 0 {
		notes = append(notes, "the excluded zones are named by id: the network zones were not readable "+
			"(grant okta.networkZones.read to see their names)")
	}
	fp, err := factsFingerprint([]any{map[string]any{"action": ti.Action, "exclude_zones": nonNil(excluded)}})
	if err != nil {
		return Result{}, err
	}
	facts := map[string]string{"threat_insight": fp}
	if names != nil && len(excluded) > 0 {
		zfp, err := factsFingerprint(zoneRows)
		if err != nil {
			return Result{}, err
		}
		facts["excluded_zones"] = zfp
	}
	return finish(f, evaluation{
		check: CheckThreatInsight,
		input: in,
		inputs: map[string]any{
			"allowed_excluded_zone_ids": nonNil(in.AllowedExcludedZoneIDs), "require_block": in.RequireBlock,
		},
		evaluated: 1 + len(excluded),
		findings:  findings,
		facts:     facts,
		details:   map[string]any{"action": ti.Action, "exclude_zones": nonNil(excluded)},
		notes:     notes,
	}, in.Exceptions)
}
