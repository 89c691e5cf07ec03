package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type adminRolesCheckModel struct {
	checkFrameModel
	Approved       []approvedRolesModel `tfsdk:"approved"`
	MaxSuperAdmins types.Int64          `tfsdk:"max_super_admins"`
}

type approvedRolesModel struct {
	Subject types.String `tfsdk:"subject"`
	Roles   types.Set    `tfsdk:"roles"`
}

func newAdminRolesCheckResource() resource.Resource {
	return &checkResource[adminRolesCheckModel]{def: checkDef[adminRolesCheckModel]{
		check: compliance.CheckAdminRoles,
		description: "Fails the plan when a user, group or OAuth client holds an admin role that no `approved` " +
			"entry grants it, or when more users hold `SUPER_ADMIN` (directly or through groups) than " +
			"`max_super_admins`. A role held through a group is judged on the group, never on its members: " +
			"approve the group. One violation per principal listing its unapproved roles (`subject`: the login, " +
			"group name or app label; `subject_id`: the user, group or app id), and one with subject " +
			"`SUPER_ADMIN` naming the super administrators when there are too many. Reads every role assignment " +
			"as `oktagate_admin_roles` does. An org with no role assignment at all fails, always: every org " +
			"has a super administrator, so none means the read is incomplete (the API token cannot list roles).",
		inputs: map[string]schema.Attribute{
			"approved": schema.ListNestedAttribute{
				MarkdownDescription: "The role assignments that are approved. Entries naming the same subject are " +
					"merged; an entry that names no role holder is recorded in the evidence's notes. Default: none, " +
					"so every role assignment violates.",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"subject": schema.StringAttribute{
						MarkdownDescription: "Who holds the roles, case-insensitively: a user's login, email or id; a " +
							"group's id or name; an OAuth app's id, client id or label.",
						Required:   true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"roles": schema.SetAttribute{
						MarkdownDescription: "The roles approved for it: role types (`SUPER_ADMIN`, `ORG_ADMIN`, " +
							"`READ_ONLY_ADMIN`…) or, for a custom role, its id or label; case-insensitive.",
						Required:    true,
						ElementType: types.StringType,
						Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
					},
				}},
			},
			"max_super_admins": schema.Int64Attribute{
				MarkdownDescription: "How many users may hold `SUPER_ADMIN`, directly or through groups. Default " +
					strconv.Itoa(compliance.DefaultMaxSuperAdmins) + ".",
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(compliance.DefaultMaxSuperAdmins),
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
		},
		prepare: prepareAdminRoles,
	}}
}

func prepareAdminRoles(ctx context.Context, m adminRolesCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := compliance.AdminRolesInput{Exceptions: excs}
	for _, a := range m.Approved {
		roles := readStrings(ctx, a.Roles, &diags)
		in.Approved = append(in.Approved, compliance.ApprovedRoles{Subject: a.Subject.ValueString(), Roles: roles})
	}
	limit := int(m.MaxSuperAdmins.ValueInt64())
	in.MaxSuperAdmins = &limit
	return ruleRun{
		label:    compliance.CheckAdminRoles,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadAdminRoles(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.AdminRoles(f, in) },
	}, diags
}
