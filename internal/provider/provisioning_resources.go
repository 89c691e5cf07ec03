package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

// provisioningResources lists the resources that provision the integration.
func provisioningResources() []func() resource.Resource {
	return []func() resource.Resource{
		newServiceAccountResource,
		newAPITokenBindingResource,
		newOIDCAppResource,
	}
}
