package okta

import (
	"testing"
)

func TestGetOrgMetadata(t *testing.T) {
	c, ctx := readClient(t), t.Context()
	m, err := c.GetOrgMetadata(ctx)
	if err != nil || m != (OrgMetadata{ID: "00o1", Pipeline: "idx", CompanyName: "Acme", Subdomain: "acme"}) {
		t.Errorf("org %+v %v", m, err)
	}
}
