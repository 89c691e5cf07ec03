package okta

import (
	"context"
	"net/http"
)

// OrgMetadata combines /.well-known/okta-organization and /api/v1/org.
type OrgMetadata struct {
	ID          string
	Pipeline    string // "idx" or "v1"
	CompanyName string
	Subdomain   string
}

// GetOrgMetadata reads the org's well-known metadata and its /api/v1/org
// record.
func (c *Client) GetOrgMetadata(ctx context.Context) (OrgMetadata, error) {
	var wk struct {
		ID       string `json:"id"`
		Pipeline string `json:"pipeline"`
	}
	if _, err := c.call(ctx, http.MethodGet, "/.well-known/okta-organization", nil, &wk, callOpts{}); err != nil {
		return OrgMetadata{}, err
	}
	var org struct {
		ID          string `json:"id"`
		CompanyName string `json:"companyName"`
		Subdomain   string `json:"subdomain"`
	}
	if _, err := c.call(ctx, http.MethodGet, "/api/v1/org", nil, &org, callOpts{}); err != nil {
		return OrgMetadata{}, err
	}
	m := OrgMetadata{ID: wk.ID, Pipeline: wk.Pipeline, CompanyName: org.CompanyName, Subdomain: org.Subdomain}
	if m.ID == "" {
		m.ID = org.ID
	}
	return m, nil
}
