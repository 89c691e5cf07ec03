package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// List resources (Terraform 1.14 and later): `list` blocks in a .tfquery.hcl
// file, run by `terraform query`, list the org's existing integrations so
// `terraform query -generate-config-out=FILE` writes a resource block and an
// import block (by identity) for each. A list resource shares its type name,
// its Configure and its read path with the managed resource it lists, so a
// listed object carries exactly what an import followed by a refresh would
// hold, and the generated configuration plans no change.

// listRun streams one listing: each found object is read in full (the
// managed resource's own read path) and pushed as it comes, so Terraform
// shows results before the last one is read; the listing stops early when
// Terraform has enough (Limit) or stops asking.
type listRun struct {
	ctx   context.Context
	req   list.ListRequest
	push  func(list.ListResult) bool
	count int64
}

// emit pushes one object: its identity always, its full resource object
// when the request asks for it (include_resource, or -generate-config-out).
// It reports whether the listing should go on.
func (l *listRun) emit(id, display string, model any) bool {
	res := l.req.NewListResult(l.ctx)
	res.DisplayName = display
	res.Diagnostics.Append(res.Identity.Set(l.ctx, idIdentity{ID: types.StringValue(id)})...)
	if l.req.IncludeResource {
		res.Diagnostics.Append(res.Resource.Set(l.ctx, model)...)
	}
	l.count++
	if !l.push(res) {
		return false
	}
	return l.req.Limit <= 0 || l.count < l.req.Limit
}

// fail pushes an error that ends the listing.
func (l *listRun) fail(doing string, err error) {
	var diags diag.Diagnostics
	addError(&diags, doing, err)
	l.push(list.ListResult{Diagnostics: diags})
}

// stream runs fn as the listing's results, after reading the list block's
// configuration into cfg; fn is not called without a configured client.
func stream[C any](ctx context.Context, r *provResource, req list.ListRequest, resp *list.ListResultsStream, fn func(l *listRun, cfg C)) {
	var cfg C
	diags := req.Config.Get(ctx, &cfg)
	if !diags.HasError() && (r.data == nil || r.data.Client == nil) {
		diags.AddError("Provider not configured",
			"The oktagate provider has no Okta client to list with: configure it (org_url and a credential) in the query's configuration.")
	}
	if diags.HasError() {
		resp.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	resp.Results = func(push func(list.ListResult) bool) {
		fn(&listRun{ctx: ctx, req: req, push: push}, cfg)
	}
}

// filterEq reports whether v passes the optional filter f (null passes all).
func filterEq(f types.String, v string) bool {
	return f.IsNull() || f.IsUnknown() || v == f.ValueString()
}

// filterPrefix reports whether v begins with the optional filter f, ignoring
// case as Okta does for logins (null passes all).
func filterPrefix(f types.String, v string) bool {
	return f.IsNull() || f.IsUnknown() || strings.HasPrefix(strings.ToLower(v), strings.ToLower(f.ValueString()))
}
