package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12 and later) of the provisioning resources
// that list resources list: the Okta id alone, the same value as the
// resource's id attribute. An identity is what `terraform query` hands to an
// import block, so `terraform query -generate-config-out` writes
// configuration that imports. Terraform before 1.12 never asks for identity
// schemas and ignores the identity in responses, so these resources behave
// there exactly as they did before.

// idIdentity is the identity's shape.
type idIdentity struct {
	ID types.String `tfsdk:"id"`
}

// idIdentitySchema is the identity schema of a resource identified by its
// Okta id; what describes the id (e.g. "The Okta user id (`00u…`).").
func idIdentitySchema(what string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       what,
			},
		},
	}
}

// setIdentity records id as the resource's identity. identity is nil when the
// framework has no identity to fill (never for a resource with an identity
// schema, but a nil check costs nothing and keeps the old paths safe).
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string, diags *diag.Diagnostics) {
	if identity == nil || id == "" {
		return
	}
	diags.Append(identity.Set(ctx, idIdentity{ID: types.StringValue(id)})...)
}

// importByID puts the import's id (terraform import / an import block's id)
// or its identity's id (an import block's identity, as `terraform query`
// generates) into the state attribute attr.
func importByID(ctx context.Context, attr string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root(attr), path.Root("id"), req, resp)
}
