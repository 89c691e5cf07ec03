package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

var _ datasource.DataSourceWithConfigure = (*policiesDataSource)(nil)

// policyTypes are the policy types /api/v1/policies documents.
var policyTypes = []string{
	"OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "IDP_DISCOVERY", "ACCESS_POLICY",
	"PROFILE_ENROLLMENT", "POST_AUTH_SESSION", "ENTITY_RISK", "DEVICE_SIGNAL_COLLECTION",
}

func newPoliciesDataSource() datasource.DataSource {
	return &policiesDataSource{dataSourceBase{name: "policies"}}
}

type policiesDataSource struct{ dataSourceBase }

type policiesModel struct {
	ID           types.String  `tfsdk:"id"`
	Type         types.String  `tfsdk:"type"`
	IncludeRules types.Bool    `tfsdk:"include_rules"`
	Policies     []policyModel `tfsdk:"policies"`
}

type policyModel struct {
	ID              types.String       `tfsdk:"id"`
	Name            types.String       `tfsdk:"name"`
	Description     types.String       `tfsdk:"description"`
	Type            types.String       `tfsdk:"type"`
	Status          types.String       `tfsdk:"status"`
	Priority        types.Int64        `tfsdk:"priority"`
	System          types.Bool         `tfsdk:"system"`
	GroupIDs        []string           `tfsdk:"group_ids"`
	ExcludeGroupIDs []string           `tfsdk:"exclude_group_ids"`
	SettingsJSON    types.String       `tfsdk:"settings_json"`
	Rules           *[]policyRuleModel `tfsdk:"rules"`
}

type policyRuleModel struct {
	ID             types.String `tfsdk:"id"`
	Name           types.String `tfsdk:"name"`
	Status         types.String `tfsdk:"status"`
	Priority       types.Int64  `tfsdk:"priority"`
	System         types.Bool   `tfsdk:"system"`
	ConditionsJSON types.String `tfsdk:"conditions_json"`
	ActionsJSON    types.String `tfsdk:"actions_json"`
}

func (d *policiesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	ids := func(desc string) schema.Attribute {
		return schema.SetAttribute{MarkdownDescription: desc, ElementType: types.StringType, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the org's policies of one type, optionally with their rules. Settings, rule " +
			"conditions and rule actions differ by policy type, so they are canonical JSON strings (sorted keys, " +
			"no whitespace): read them with `jsondecode()`. Each type, and each policy's rules, is read once per plan " +
			"and shared with the checks. Needs `okta.policies.read`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A stable id derived from the org and the arguments.",
				Computed:            true,
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The policy type: `PASSWORD`, `OKTA_SIGN_ON` (global session), `MFA_ENROLL` " +
					"(authenticator enrollment), `ACCESS_POLICY` (app sign-on), `PROFILE_ENROLLMENT`, " +
					"`IDP_DISCOVERY`, `POST_AUTH_SESSION`, `ENTITY_RISK` or `DEVICE_SIGNAL_COLLECTION`.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(policyTypes...)},
			},
			"include_rules": schema.BoolAttribute{
				MarkdownDescription: "Read each policy's rules into `rules` (one request per policy). Default false.",
				Optional:            true,
			},
			"policies": schema.ListNestedAttribute{
				MarkdownDescription: "The policies, sorted by priority, then id.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":          str("The policy's id."),
						"name":        str("The policy's name."),
						"description": str("The policy's description; null when it has none."),
						"type":        str("The policy's type."),
						"status":      str("`ACTIVE` or `INACTIVE`."),
						"priority": schema.Int64Attribute{
							MarkdownDescription: "The policy's priority: 1 is evaluated first.",
							Computed:            true,
						},
						"system": schema.BoolAttribute{
							MarkdownDescription: "Whether Okta created the policy (a default policy).",
							Computed:            true,
						},
						"group_ids":         ids("The groups the policy applies to (`conditions.people.groups.include`)."),
						"exclude_group_ids": ids("The groups the policy excludes (`conditions.people.groups.exclude`)."),
						"settings_json": str("The policy's `settings` as canonical JSON (e.g. `password.complexity.minLength` " +
							"of a `PASSWORD` policy); `null` JSON when the policy has none."),
						"rules": schema.ListNestedAttribute{
							MarkdownDescription: "The policy's rules, sorted by priority, then id; null unless `include_rules` is true.",
							Computed:            true,
							NestedObject: schema.NestedAttributeObject{
								Attributes: map[string]schema.Attribute{
									"id":     str("The rule's id."),
									"name":   str("The rule's name."),
									"status": str("`ACTIVE` or `INACTIVE`."),
									"priority": schema.Int64Attribute{
										MarkdownDescription: "The rule's priority within its policy: 1 is evaluated first.",
										Computed:            true,
									},
									"system": schema.BoolAttribute{
										MarkdownDescription: "Whether Okta created the rule (a default rule).",
										Computed:            true,
									},
									"conditions_json": str("The rule's `conditions` as canonical JSON."),
									"actions_json": str("The rule's `actions` as canonical JSON (e.g. `signon.session.maxSessionIdleMinutes` " +
										"of an `OKTA_SIGN_ON` rule)."),
								},
							},
						},
					},
				},
			},
		},
	}
}

func (d *policiesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m policiesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	typ := m.Type.ValueString()
	withRules := m.IncludeRules.ValueBool()
	policies, err := d.data.Snapshot.Policies(ctx, typ)
	if err != nil {
		addError(&resp.Diagnostics, "reading "+typ+" policies", err)
		return
	}
	var rules map[string][]okta.PolicyRule
	if withRules {
		ids := make([]string, len(policies))
		for i, p := range policies {
			ids[i] = p.ID
		}
		if rules, err = d.data.Snapshot.PolicyRulesOf(ctx, ids); err != nil {
			addError(&resp.Diagnostics, "reading policy rules", err)
			return
		}
	}
	m.ID = d.stableID(typ)
	m.Policies = make([]policyModel, 0, len(policies))
	for _, p := range policies {
		pm, err := policyValue(p, rules[p.ID], withRules)
		if err != nil {
			resp.Diagnostics.AddError("Unreadable policy from Okta",
				fmt.Sprintf("Policy %s (%s) could not be rendered as canonical JSON: %v.", p.Name, p.ID, err))
			return
		}
		m.Policies = append(m.Policies, pm)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func policyValue(p okta.Policy, rules []okta.PolicyRule, withRules bool) (policyModel, error) {
	settings, err := canonicalJSON(p.Settings)
	if err != nil {
		return policyModel{}, fmt.Errorf("settings: %w", err)
	}
	pm := policyModel{
		ID:              types.StringValue(p.ID),
		Name:            types.StringValue(p.Name),
		Description:     optionalString(p.Description),
		Type:            types.StringValue(p.Type),
		Status:          types.StringValue(p.Status),
		Priority:        types.Int64Value(int64(p.Priority)),
		System:          types.BoolValue(p.System),
		GroupIDs:        sortedStrings(p.GroupIDs),
		ExcludeGroupIDs: sortedStrings(p.ExcludeGroupIDs),
		SettingsJSON:    types.StringValue(settings),
	}
	if !withRules {
		return pm, nil
	}
	rs := make([]policyRuleModel, 0, len(rules))
	for _, r := range rules {
		conditions, err := canonicalJSON(r.Conditions)
		if err != nil {
			return policyModel{}, fmt.Errorf("rule %s conditions: %w", r.ID, err)
		}
		actions, err := canonicalJSON(r.Actions)
		if err != nil {
			return policyModel{}, fmt.Errorf("rule %s actions: %w", r.ID, err)
		}
		rs = append(rs, policyRuleModel{
			ID:             types.StringValue(r.ID),
			Name:           types.StringValue(r.Name),
			Status:         types.StringValue(r.Status),
			Priority:       types.Int64Value(int64(r.Priority)),
			System:         types.BoolValue(r.System),
			ConditionsJSON: types.StringValue(conditions),
			ActionsJSON:    types.StringValue(actions),
		})
	}
	pm.Rules = &rs
	return pm, nil
}

// canonicalJSON re-encodes a raw JSON value as canonical JSON (sorted keys, no
// whitespace), so the string only changes when the value does. Absent is
// "null".
func canonicalJSON(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "null", nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	b, err := compliance.Canonical(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}
