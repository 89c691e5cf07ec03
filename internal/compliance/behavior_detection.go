package compliance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Behavior kinds the behavior detection check can require: a behavior
// detection rule type, or ANOMALOUS_LOCATION at one granularity
// (ANOMALOUS_LOCATION alone: any granularity).
const (
	BehaviorNewCountry     = okta.BehaviorAnomalousLocation + ":COUNTRY"
	BehaviorNewState       = okta.BehaviorAnomalousLocation + ":SUBDIVISION"
	BehaviorNewCity        = okta.BehaviorAnomalousLocation + ":CITY"
	BehaviorNewGeoLocation = okta.BehaviorAnomalousLocation + ":LAT_LONG"
)

// behaviorKindLabels name each kind as Okta's Admin Console does.
var behaviorKindLabels = map[string]string{
	okta.BehaviorAnomalousLocation: "new location",
	BehaviorNewCountry:             "new country",
	BehaviorNewState:               "new state",
	BehaviorNewCity:                "new city",
	BehaviorNewGeoLocation:         "new geo-location",
	okta.BehaviorAnomalousDevice:   "new device",
	okta.BehaviorAnomalousIP:       "new IP",
	okta.BehaviorAnomalousASN:      "new ASN",
	okta.BehaviorVelocity:          "velocity",
}

// BehaviorKinds are the values required_types accepts, sorted.
func BehaviorKinds() []string {
	out := make([]string, 0, len(behaviorKindLabels))
	for k := range behaviorKindLabels {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// DefaultRequiredBehaviorTypes are the behaviors the check requires by
// default: new country, new device, new IP and velocity, the detections
// peer tools and Okta's own defaults cover.
var DefaultRequiredBehaviorTypes = []string{BehaviorNewCountry, okta.BehaviorAnomalousDevice, okta.BehaviorAnomalousIP, okta.BehaviorVelocity}

// BehaviorDetectionInput is the oktagate_behavior_detection_check's arguments.
type BehaviorDetectionInput struct {
	// RequiredTypes are the behavior kinds (BehaviorKinds) that must each have
	// an ACTIVE behavior detection rule; empty: none.
	RequiredTypes []string
	// RequirePolicyUse makes every ACTIVE behavior detection rule that no
	// ACTIVE rule of an ACTIVE global session (OKTA_SIGN_ON) or authentication
	// (ACCESS_POLICY) policy refers to a violation: detected, it changes no
	// sign-in.
	RequirePolicyUse bool
	Exceptions       []Exception
}

// DefaultBehaviorDetectionInput is the check's input with every default (the
// provider's schema defaults are these).
func DefaultBehaviorDetectionInput() BehaviorDetectionInput {
	return BehaviorDetectionInput{RequiredTypes: slices.Clone(DefaultRequiredBehaviorTypes), RequirePolicyUse: true}
}

// Normalized upper-cases, sorts and deduplicates the required kinds and
// refuses one that is not a behavior kind.
func (in BehaviorDetectionInput) Normalized() (BehaviorDetectionInput, error) {
	out := in
	out.RequiredTypes = upperSet(in.RequiredTypes)
	for _, k := range out.RequiredTypes {
		if _, ok := behaviorKindLabels[k]; !ok {
			return BehaviorDetectionInput{}, fmt.Errorf("required_types: %q is not a behavior kind; use one of %s",
				k, strings.Join(BehaviorKinds(), ", "))
		}
	}
	return out, nil
}

// ReadsPolicies reports whether the rule reads the global session and
// authentication policies and their rules.
func (in BehaviorDetectionInput) ReadsPolicies() bool { return in.RequirePolicyUse }

// behaviorMatches reports whether a behavior detection rule is of a kind.
func behaviorMatches(b okta.Behavior, kind string) bool {
	typ, granularity, _ := strings.Cut(kind, ":")
	if !strings.EqualFold(b.Type, typ) {
		return false
	}
	return granularity == "" || strings.EqualFold(b.Granularity, granularity)
}

// behaviorUses maps each behavior name (folded) the ACTIVE rules of the
// ACTIVE OKTA_SIGN_ON and ACCESS_POLICY policies refer to, to those rules
// ("policy / rule").
func behaviorUses(f *Facts) (map[string][]string, error) {
	uses := map[string][]string{}
	for _, typ := range []string{PolicySignOn, PolicyAccess} {
		for _, p := range activePolicies(f, typ) {
			rules, ok := f.PolicyRules[p.ID]
			if !ok {
				return nil, missing("rules of policy %s", p.ID)
			}
			for _, r := range rules {
				if !strings.EqualFold(r.Status, PolicyActive) {
					continue
				}
				for _, name := range okta.PolicyRuleBehaviors(r.Conditions) {
					uses[fold(name)] = append(uses[fold(name)], p.Name+" / "+r.Name)
				}
			}
		}
	}
	for k := range uses {
		uses[k] = sortedSet(uses[k])
	}
	return uses, nil
}

// BehaviorDetection judges the org's behavior detection rules
// (Facts.Behaviors) and, with RequirePolicyUse, the ACTIVE OKTA_SIGN_ON and
// ACCESS_POLICY policies and their rules (Facts.Policies, Facts.PolicyRules):
// each required kind without an ACTIVE rule is a violation (subject: the
// kind), and, with RequirePolicyUse, so is each ACTIVE behavior detection
// rule no ACTIVE policy rule refers to by name (conditions.risk.behaviors,
// or security.behaviors.contains in a custom expression; subject: its name,
// subject id: its id). Every rule and every required kind is a subject
// evaluated.
func BehaviorDetection(f *Facts, in BehaviorDetectionInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	behaviors := f.Behaviors
	if behaviors == nil {
		return Result{}, missing("behavior detection rules")
	}
	var uses map[string][]string
	if in.RequirePolicyUse {
		if uses, err = behaviorUses(f); err != nil {
			return Result{}, err
		}
	}
	var findings []finding
	for _, kind := range in.RequiredTypes {
		var inactive []string
		found := false
		for _, b := range behaviors {
			if !behaviorMatches(b, kind) {
				continue
			}
			if strings.EqualFold(b.Status, "ACTIVE") {
				found = true
				break
			}
			inactive = append(inactive, fmt.Sprintf("%q is %s", b.Name, orNotSet(strings.ToUpper(b.Status))))
		}
		if found {
			continue
		}
		what := "no behavior detection rule detects " + behaviorKindLabels[kind] + " (type " + strings.Replace(kind, ":", ", granularity ", 1) + ")"
		if len(inactive) > 0 {
			slices.Sort(inactive)
			what = "no ACTIVE behavior detection rule detects " + behaviorKindLabels[kind] + ": " + strings.Join(inactive, "; ")
		}
		findings = append(findings, policyFinding(kind, "", what+"; want one ACTIVE (required_types)"))
	}
	rows := make([]any, 0, len(behaviors))
	used := []any{}
	for _, b := range behaviors {
		rules := uses[fold(b.Name)]
		rows = append(rows, map[string]any{"id": b.ID, "name": b.Name, "type": b.Type, "status": b.Status,
			"granularity": b.Granularity, "velocity_kph": b.VelocityKph})
		if !strings.EqualFold(b.Status, "ACTIVE") || !in.RequirePolicyUse {
			continue
		}
		if len(rules) > 0 {
			used = append(used, map[string]any{"behavior": b.Name, "rules": rules})
			continue
		}
		findings = append(findings, policyFinding(b.Name, b.ID, "ACTIVE, but no ACTIVE rule of an ACTIVE global "+
			"session or authentication policy refers to it (conditions.risk.behaviors, or "+
			"security.behaviors.contains('"+b.Name+"') in a custom expression): detecting it changes no sign-in "+
			"(require_policy_use)"))
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	return finish(f, evaluation{
		check: CheckBehaviorDetection,
		input: in,
		inputs: map[string]any{
			"required_types": nonNil(in.RequiredTypes), "require_policy_use": in.RequirePolicyUse,
		},
		evaluated: len(behaviors) + len(in.RequiredTypes),
		findings:  findings,
		facts:     map[string]string{"behaviors": fp},
		details:   map[string]any{"used_by": used},
	}, in.Exceptions)
}
