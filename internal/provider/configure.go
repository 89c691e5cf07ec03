package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// configureFrom reads what the provider's Configure handed a resource or data
// source (ResourceData or DataSourceData) as a T. It reports false with no
// diagnostic while the provider is not configured yet (providerData nil, e.g.
// during validation), and false with an error when providerData is of another
// type, which only a bug in the provider can cause.
func configureFrom[T any](providerData any, diags *diag.Diagnostics) (T, bool) {
	var zero T
	if providerData == nil {
		return zero, false
	}
	data, ok := providerData.(T)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected %T, got %T. This is a bug in the provider; please report it.", zero, providerData))
		return zero, false
	}
	return data, true
}
