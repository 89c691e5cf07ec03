package oktasim

import (
	"fmt"
	"net/http"
)

var policyTypes = map[string]bool{
	"OKTA_SIGN_ON": true, "PASSWORD": true, "MFA_ENROLL": true, "IDP_DISCOVERY": true,
	"ACCESS_POLICY": true, "PROFILE_ENROLLMENT": true, "POST_AUTH_SESSION": true,
	"ENTITY_RISK": true, "DEVICE_SIGNAL_COLLECTION": true,
}

func renderPolicy(base string, p *Policy) obj {
	self := base + "/api/v1/policies/" + p.ID
	return obj{
		"id":          p.ID,
		"type":        p.Type,
		"name":        p.Name,
		"description": nullable(p.Description),
		"status":      p.Status,
		"priority":    p.Priority,
		"system":      p.System,
		"conditions":  p.Conditions,
		"settings":    p.Settings,
		"created":     ts(p.Created),
		"lastUpdated": ts(p.LastUpdated),
		"_links": obj{
			"self":  href(self),
			"rules": href(self + "/rules"),
		},
	}
}

func renderPolicyRule(base string, p *Policy, r *PolicyRule) obj {
	typ := r.Type
	if typ == "" {
		typ = p.Type
	}
	return obj{
		"id":          r.ID,
		"name":        r.Name,
		"status":      r.Status,
		"priority":    r.Priority,
		"system":      r.System,
		"type":        typ,
		"created":     ts(r.Created),
		"lastUpdated": ts(r.LastUpdated),
		"conditions":  r.Conditions,
		"actions":     r.Actions,
		"_links": obj{
			"self": href(base + "/api/v1/policies/" + p.ID + "/rules/" + r.ID),
		},
	}
}

// policyCursor orders a type's policies by priority, then id, which is the
// order Okta lists them in; the zero padding keeps the cursors sortable.
func policyCursor(p *Policy) string { return fmt.Sprintf("%010d:%s", p.Priority, p.ID) }

func listPolicies(c *call) (int, any) {
	typ := c.query("type")
	if typ == "" {
		return 0, errValidation("type", "type: The field cannot be left blank")
	}
	if !policyTypes[typ] {
		return 0, errValidation("type", "type: Invalid policy type: "+typ)
	}
	status := c.query("status")
	var list []*Policy
	for _, p := range c.org.Policies {
		if p.Type == typ && (status == "" || p.Status == status) {
			list = append(list, p)
		}
	}
	sortStable(list, policyCursor)
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, list, policyCursor, 200, 200)
	out := make([]obj, 0, len(page))
	for _, p := range page {
		out = append(out, renderPolicy(c.base(), p))
	}
	return http.StatusOK, out
}

func lookupPolicy(c *call) (*Policy, *apiError) {
	id := c.path("id")
	for _, p := range c.org.Policies {
		if p.ID == id {
			return p, nil
		}
	}
	return nil, errNotFound(id, "Policy")
}

func getPolicy(c *call) (int, any) {
	p, e := lookupPolicy(c)
	if e != nil {
		return 0, e
	}
	return http.StatusOK, renderPolicy(c.base(), p)
}

func listPolicyRules(c *call) (int, any) {
	p, e := lookupPolicy(c)
	if e != nil {
		return 0, e
	}
	out := []obj{}
	for i := range p.Rules {
		out = append(out, renderPolicyRule(c.base(), p, &p.Rules[i]))
	}
	return http.StatusOK, out
}
