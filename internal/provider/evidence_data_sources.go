package provider

import "github.com/hashicorp/terraform-plugin-framework/datasource"

// evidenceDataSources lists the data sources that read policies, the System Log
// and admin roles.
func evidenceDataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newPoliciesDataSource,
		newSystemLogDataSource,
		newAdminRolesDataSource,
	}
}
