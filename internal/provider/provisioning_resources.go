package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// provisioningResources lists the resources that provision the integration.
func provisioningResources() []func() resource.Resource {
	return []func() resource.Resource{
		newServiceAccountResource,
		newAPITokenBindingResource,
		newOIDCAppResource,
	}
}

// listResources lists the provisioning resources that `terraform query` can
// list (Terraform 1.14 and later), each under its managed resource's name.
func listResources() []func() list.ListResource {
	return []func() list.ListResource{
		newServiceAccountList,
		newAPITokenBindingList,
		newOIDCAppList,
	}
}
