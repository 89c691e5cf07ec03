package provider

import (
	"context"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ list.ListResourceWithConfigure = (*serviceAccountList)(nil)
)

func newServiceAccountList() list.ListResource {
	return &serviceAccountList{serviceAccountResource{provResource{name: "service_account"}}}
}

// serviceAccountList lists the users who hold an admin role (directly or
// through a group): the accounts an integration acts as, and the people
// Okta lets administer the org. It reads each with the managed resource's
// own read path.
type serviceAccountList struct{ serviceAccountResource }

type serviceAccountListConfig struct {
	Status      types.String `tfsdk:"status"`
	LoginPrefix types.String `tfsdk:"login_prefix"`
}

// userStatuses are the statuses Okta gives a user.
var userStatuses = []string{"STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED", "DEPROVISIONED"}

func (r *serviceAccountList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the users who hold an Okta admin role, directly or through a group " +
			"(`/api/v1/iam/assignees/users`), as `oktagate_service_account` resources: each result carries the " +
			"user's identity (its id) and, with `include_resource = true` or `terraform query " +
			"-generate-config-out`, its login, email, names, direct admin roles and groups. " +
			"`allow_privileged_roles` is `true` for a user who already holds `SUPER_ADMIN` or `ORG_ADMIN` " +
			"directly, so the generated configuration validates. Requires Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "List only users with this status: one of `" + strings.Join(userStatuses, "`, `") + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(userStatuses...)},
			},
			"login_prefix": schema.StringAttribute{
				MarkdownDescription: "List only users whose login begins with this, ignoring case, e.g. `svc-`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (r *serviceAccountList) List(ctx context.Context, req list.ListRequest, resp *list.ListResultsStream) {
	stream(ctx, &r.provResource, req, resp, func(l *listRun, cfg serviceAccountListConfig) {
		ids, err := r.data.Client.ListRoleAssigneeUsers(ctx)
		if err != nil {
			l.fail("listing the users who hold admin roles", err)
			return
		}
		sort.Strings(ids)
		for _, id := range ids {
			m := serviceAccountModel{ID: types.StringValue(id), AllowPrivilegedRoles: types.BoolNull()}
			var diags diag.Diagnostics
			if !r.read(ctx, &m, &diags) {
				if diags.HasError() {
					l.push(list.ListResult{Diagnostics: diags})
					return
				}
				continue // deleted since the listing
			}
			if !filterEq(cfg.Status, m.Status.ValueString()) || !filterPrefix(cfg.LoginPrefix, m.Login.ValueString()) {
				continue
			}
			// read's warnings speak to a managed account (e.g. "deactivated
			// outside Terraform"), not to a listing: only the status says it.
			if !l.emit(id, m.Login.ValueString(), m) {
				return
			}
		}
	})
}
