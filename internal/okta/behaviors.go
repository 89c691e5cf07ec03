package okta

import (
	"context"
	"encoding/json"
	"regexp"
	"time"
)

// Behavior detection rule types (/api/v1/behaviors type).
const (
	BehaviorAnomalousLocation = "ANOMALOUS_LOCATION"
	BehaviorAnomalousDevice   = "ANOMALOUS_DEVICE"
	BehaviorAnomalousIP       = "ANOMALOUS_IP"
	BehaviorAnomalousASN      = "ANOMALOUS_ASN"
	BehaviorVelocity          = "VELOCITY"
)

// Behavior is a behavior detection rule: what Okta flags as new for a user
// (a location at some granularity, a device, an IP address, an ASN) or a
// travel velocity. Authentication policies refer to it by name.
type Behavior struct {
	ID, Name, Type, Status string
	// Granularity is an ANOMALOUS_LOCATION rule's settings.granularity:
	// COUNTRY, SUBDIVISION, CITY or LAT_LONG.
	Granularity string
	// VelocityKph is a VELOCITY rule's settings.velocityKph.
	VelocityKph          int
	Created, LastUpdated time.Time
}

type wireBehavior struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Status   string `json:"status"`
	Settings *struct {
		Granularity string `json:"granularity"`
		VelocityKph int    `json:"velocityKph"`
	} `json:"settings"`
	Created     wireTime `json:"created"`
	LastUpdated wireTime `json:"lastUpdated"`
}

// ListBehaviors lists the org's behavior detection rules (GET
// /api/v1/behaviors, scope okta.behaviors.read), following Link pages when
// Okta pages them. The spec names no limit parameter: none is sent.
func (c *Client) ListBehaviors(ctx context.Context) ([]Behavior, error) {
	ws, err := listAll[wireBehavior](ctx, c, "/api/v1/behaviors", callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]Behavior, len(ws))
	for i, w := range ws {
		b := Behavior{ID: w.ID, Name: w.Name, Type: w.Type, Status: w.Status, Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc()}
		if w.Settings != nil {
			b.Granularity, b.VelocityKph = w.Settings.Granularity, w.Settings.VelocityKph
		}
		out[i] = b
	}
	return out, nil
}

// PolicyRuleBehaviors are the names of the behavior detection rules a policy
// rule's conditions refer to: conditions.risk.behaviors (global session policy
// rules), and security.behaviors.contains('…') or
// security.userBehaviors['…'] in an authentication policy rule's custom
// expression (conditions.elCondition.condition). riskScore names a risk
// level, not behaviors.
func PolicyRuleBehaviors(conditions json.RawMessage) []string {
	if len(conditions) == 0 {
		return nil
	}
	var c struct {
		Risk *struct {
			Behaviors []string `json:"behaviors"`
		} `json:"risk"`
		ELCondition *struct {
			Condition string `json:"condition"`
		} `json:"elCondition"`
	}
	if json.Unmarshal(conditions, &c) != nil {
		return nil
	}
	var out []string
	if c.Risk != nil {
		out = append(out, c.Risk.Behaviors...)
	}
	if c.ELCondition != nil {
		for _, m := range behaviorInExpression.FindAllStringSubmatch(c.ELCondition.Condition, -1) {
			out = append(out, m[2]+m[4])
		}
	}
	return out
}

// behaviorInExpression finds the behavior names an Okta Expression Language
// condition tests: security.behaviors.contains('New IP') (or "…"), and the
// older security.userBehaviors['New IP'].
var behaviorInExpression = regexp.MustCompile(
	`security\.behaviors\.contains\(\s*(['"])(.*?)['"]\s*\)|security\.userBehaviors\[\s*(['"])(.*?)['"]\s*\]`)
