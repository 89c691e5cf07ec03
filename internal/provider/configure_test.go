package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// TestConfigureFrom: nil (provider not configured yet) is no error and no
// data; the right type is handed over; a wrong type is an error naming both
// types.
func TestConfigureFrom(t *testing.T) {
	var diags diag.Diagnostics
	if _, ok := configureFrom[*ProviderData](nil, &diags); ok || diags.HasError() {
		t.Fatalf("nil: ok=%v diags=%v", ok, diags)
	}
	want := &ProviderData{OrgURL: "https://example.okta.com"}
	if got, ok := configureFrom[*ProviderData](want, &diags); !ok || got != want || diags.HasError() {
		t.Fatalf("right type: got %v ok=%v diags=%v", got, ok, diags)
	}
	if _, ok := configureFrom[*ProviderData](&provisioningData{ProviderData: want}, &diags); ok || !diags.HasError() {
		t.Fatalf("wrong type: ok=%v diags=%v", ok, diags)
	}
	if d := diags[0].Detail(); !strings.Contains(d, "Expected *provider.ProviderData, got *provider.provisioningData") {
		t.Errorf("detail: %s", d)
	}
}

// TestConfigureUsesProviderData: the three kinds (checks, data sources,
// provisioning resources) keep what the provider handed them, and refuse
// the other kind's data with an error.
func TestConfigureUsesProviderData(t *testing.T) {
	ctx := t.Context()
	pd := &ProviderData{OrgURL: "https://example.okta.com"}
	res := &provisioningData{ProviderData: pd}

	check, ok := newMFACheckResource().(*checkResource[mfaCheckModel])
	if !ok {
		t.Fatalf("newMFACheckResource returned a %T", newMFACheckResource())
	}
	var cr resource.ConfigureResponse
	check.Configure(ctx, resource.ConfigureRequest{ProviderData: res}, &cr)
	if cr.Diagnostics.HasError() || check.data != pd {
		t.Errorf("check: data=%v diags=%v", check.data, cr.Diagnostics)
	}
	cr = resource.ConfigureResponse{}
	check.Configure(ctx, resource.ConfigureRequest{ProviderData: pd}, &cr)
	if !cr.Diagnostics.HasError() {
		t.Error("check accepted a *ProviderData")
	}

	ds := &dataSourceBase{name: "users"}
	var dr datasource.ConfigureResponse
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: pd}, &dr)
	if dr.Diagnostics.HasError() || ds.data != pd {
		t.Errorf("data source: data=%v diags=%v", ds.data, dr.Diagnostics)
	}
	dr = datasource.ConfigureResponse{}
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: res}, &dr)
	if !dr.Diagnostics.HasError() {
		t.Error("data source accepted a *provisioningData")
	}

	prov := &provResource{name: "service_account"}
	cr = resource.ConfigureResponse{}
	prov.Configure(ctx, resource.ConfigureRequest{ProviderData: res}, &cr)
	if cr.Diagnostics.HasError() || prov.data != res {
		t.Errorf("provisioning resource: data=%v diags=%v", prov.data, cr.Diagnostics)
	}
	cr = resource.ConfigureResponse{}
	prov.Configure(ctx, resource.ConfigureRequest{ProviderData: pd}, &cr)
	if !cr.Diagnostics.HasError() {
		t.Error("provisioning resource accepted a *ProviderData")
	}
}
