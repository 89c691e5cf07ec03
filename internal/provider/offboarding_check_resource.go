package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

type offboardingCheckModel struct {
	checkFrameModel
	Offboarded     []offboardedModel `tfsdk:"offboarded"`
	GracePeriod    types.String      `tfsdk:"grace_period"`
	AllowSuspended types.Bool        `tfsdk:"allow_suspended"`
	AllowEmpty     types.Bool        `tfsdk:"allow_empty"`
}

type offboardedModel struct {
	Login types.String `tfsdk:"login"`
	Date  types.String `tfsdk:"date"`
}

func newOffboardingCheckResource() resource.Resource {
	return &checkResource[offboardingCheckModel]{def: checkDef[offboardingCheckModel]{
		check: compliance.CheckOffboarding,
		description: "Fails the plan when someone who left still has access: once their offboarding `date` plus " +
			"`grace_period` has passed, the user must be `DEPROVISIONED` (or `SUSPENDED` when `allow_suspended`), " +
			"assigned to no app and a member of no group but the built-in Everyone. One violation per user, naming " +
			"every problem. An entry still within its grace period is not evaluated.\n\n" +
			"Each entry names the user by login, email or Okta user id (HR exports carry emails), " +
			"case-insensitively; a login match wins, and an email several users share is a violation naming them " +
			"(list the leaver by login or id). An entry that names no user is a violation, `not found in the org " +
			"by login, email or id … a typo, or deleted?`, unless the System Log records the deletion of a user " +
			"with that login or id: a `" + directory.EventUserDeleteCompleted + "` event of the last 89 days (the " +
			"log keeps 90). Then the entry passes, and `evidence` cites the event (uuid, published, actor). Fix a " +
			"typo in the entry; for a user deleted before then, or listed by an email (deletion events carry the " +
			"login and id, not the email), add an exception whose `subject` is the entry.\n\n" +
			"Scopes: `okta.users.read`; `okta.apps.read` and `okta.groups.read` once a found leaver is due; " +
			"`okta.logs.read` only when an entry past its grace period names no user (one System Log query, " +
			"`GET /api/v1/logs` with `since`, `until` and `filter=eventType eq \"" + directory.EventUserDeleteCompleted + "\"`).",
		inputs: map[string]schema.Attribute{
			"offboarded": schema.ListNestedAttribute{
				MarkdownDescription: "The people who left, e.g. from your HR system's export: " +
					"`offboarded = [{ login = \"carol@acme.com\", date = \"2026-10-01\" }]`. Each entry once; " +
					"entries that name the same user (a login and an email) are judged once, at the earliest date.",
				Required: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"login": schema.StringAttribute{
						MarkdownDescription: "The user's Okta login, email or Okta user id (case-insensitive). " +
							"A login match wins over an email; an email several users share is a violation.",
						Required:   true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"date": schema.StringAttribute{
						MarkdownDescription: "The day they left, `YYYY-MM-DD`; the deadline is the start of that day " +
							"(UTC) plus `grace_period`.",
						Required:   true,
						Validators: []validator.String{validators.Date()},
					},
				}},
			},
			"grace_period": schema.StringAttribute{
				MarkdownDescription: "How long after the offboarding date access may remain: a Go duration " +
					"(`\"36h\"`) or whole days (`\"7d\"`). Default `\"24h\"`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(compliance.DefaultGracePeriod),
				Validators: []validator.String{validators.GracePeriod()},
			},
			"allow_empty": allowEmptyAttribute("that `offboarded` lists nobody (an HR export that came back " +
				"empty is likelier a broken feed than a period in which nobody left); entries all still within " +
				"their grace period are not empty, they pass"),
			"allow_suspended": schema.BoolAttribute{
				MarkdownDescription: "Accept `SUSPENDED` as well as `DEPROVISIONED` (assignments and groups must " +
					"still be gone). Default false.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
		},
		prepare: func(_ context.Context, m offboardingCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
			in := compliance.OffboardingInput{
				GracePeriod:    m.GracePeriod.ValueString(),
				AllowSuspended: m.AllowSuspended.ValueBool(),
				AllowEmpty:     m.AllowEmpty.ValueBool(),
				Exceptions:     excs,
			}
			for _, o := range m.Offboarded {
				in.Offboarded = append(in.Offboarded, compliance.Offboarded{Login: o.Login.ValueString(), Date: o.Date.ValueString()})
			}
			return ruleRun{
				label:    fmt.Sprintf("%s of %d offboarded users", compliance.CheckOffboarding, len(in.Offboarded)),
				validate: func() error { _, err := in.Normalized(); return err },
				load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
					return gather.LoadOffboarding(ctx, s, now, in)
				},
				eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.Offboarding(f, in) },
			}, nil
		},
	}}
}
