package provider

import (
	"regexp"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rsschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// withoutValidator are the inputs that need no validator of their own, with
// the reason. Booleans and maps are not listed: there is nothing to check.
var withoutValidator = map[string]string{
	"oktagate_service_account.password_wo_version": "any number: a counter whose change resends password_wo",
	"oktagate_api_token_binding.network":           "an object whose connection, include and exclude are each validated",
	"oktagate_admin_roles_check.approved":          "a list whose entries' subject and roles are each validated",
	"oktagate_offboarding_check.offboarded": "a list whose entries' login and date are each validated; an empty " +
		"list is the rule's to judge (allow_empty), and a login listed twice is refused by the rule at validation",
}

type attrInfo struct {
	path       string
	input      bool // Required or Optional
	validators int
}

func resourceAttrInfos(prefix string, attrs map[string]rsschema.Attribute, blocks map[string]rsschema.Block, out *[]attrInfo) {
	for name, a := range attrs {
		p := prefix + "." + name
		info := attrInfo{path: p, input: a.IsRequired() || a.IsOptional()}
		switch x := a.(type) {
		case rsschema.StringAttribute:
			info.validators = len(x.Validators)
		case rsschema.SetAttribute:
			info.validators = len(x.Validators)
		case rsschema.ListAttribute:
			info.validators = len(x.Validators)
		case rsschema.Int64Attribute:
			info.validators = len(x.Validators)
		case rsschema.ListNestedAttribute:
			info.validators = len(x.Validators)
			resourceAttrInfos(p, x.NestedObject.Attributes, nil, out)
		case rsschema.SetNestedAttribute:
			info.validators = len(x.Validators)
			resourceAttrInfos(p, x.NestedObject.Attributes, nil, out)
		case rsschema.SingleNestedAttribute:
			info.validators = len(x.Validators)
			resourceAttrInfos(p, x.Attributes, nil, out)
		default:
			info.validators = -1 // bools and maps: nothing to validate
		}
		*out = append(*out, info)
	}
	for name, b := range blocks {
		switch x := b.(type) {
		case rsschema.ListNestedBlock:
			resourceAttrInfos(prefix+"."+name, x.NestedObject.Attributes, x.NestedObject.Blocks, out)
		case rsschema.SetNestedBlock:
			resourceAttrInfos(prefix+"."+name, x.NestedObject.Attributes, x.NestedObject.Blocks, out)
		}
	}
}

func dataSourceAttrInfos(prefix string, attrs map[string]dsschema.Attribute, out *[]attrInfo) {
	for name, a := range attrs {
		p := prefix + "." + name
		info := attrInfo{path: p, input: a.IsRequired() || a.IsOptional()}
		switch x := a.(type) {
		case dsschema.StringAttribute:
			info.validators = len(x.Validators)
		case dsschema.SetAttribute:
			info.validators = len(x.Validators)
		case dsschema.ListAttribute:
			info.validators = len(x.Validators)
		case dsschema.Int64Attribute:
			info.validators = len(x.Validators)
		default:
			info.validators = -1
		}
		*out = append(*out, info)
	}
}

// allInputAttrs lists every input attribute of every resource and data
// source the provider serves.
func allInputAttrs(t *testing.T) []attrInfo {
	t.Helper()
	ctx := t.Context()
	p := newWithEnv("test", func(string) string { return "" })()
	var infos []attrInfo
	for _, f := range p.Resources(ctx) {
		r := f()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: TypeName}, &meta)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		resourceAttrInfos(meta.TypeName, sr.Schema.Attributes, sr.Schema.Blocks, &infos)
	}
	for _, f := range p.DataSources(ctx) {
		d := f()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: TypeName}, &meta)
		var sr datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &sr)
		dataSourceAttrInfos(meta.TypeName, sr.Schema.Attributes, &infos)
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].path < infos[j].path })
	return infos
}

// TestEveryInputHasAValidator: every argument of every resource and data
// source (strings, numbers, lists, sets, nested objects; not booleans or
// maps) has at least one validator, so a bad date, duration, URL, scope,
// role, factor type, status, email, login or id fails the plan before any
// request. The few exceptions are listed in withoutValidator with a reason.
func TestEveryInputHasAValidator(t *testing.T) {
	t.Parallel()
	var checked int
	for _, a := range allInputAttrs(t) {
		if !a.input || a.validators < 0 {
			continue
		}
		if _, ok := withoutValidator[a.path]; ok {
			continue
		}
		checked++
		if a.validators == 0 {
			t.Errorf("%s takes input but has no validator", a.path)
		}
	}
	if checked < 100 {
		t.Errorf("only %d attributes checked; the schema walk is broken", checked)
	}
}

// TestAccBadInputFailsAtPlan: one bad value of each kind fails terraform plan
// in validation, before the provider is configured or any request is sent (the
// org URL points nowhere). Each names the attribute.
func TestAccBadInputFailsAtPlan(t *testing.T) {
	t.Parallel()
	const provider = "provider \"oktagate\" {\n  org_url   = \"https://nowhere.invalid\"\n  api_token = \"x\"\n}\n"
	cases := []struct{ kind, config, attr string }{
		{"date", `resource "oktagate_offboarding_check" "t" {
  offboarded = [{ login = "a@b.example", date = "2025-02-30" }]
}`, "date"},
		{"exception expiry", `resource "oktagate_mfa_check" "t" {
  exception {
    subject = "a@b.example"
    reason  = "r"
    expires = "next week"
  }
}`, "expires"},
		{"duration", `resource "oktagate_offboarding_check" "t" {
  offboarded   = [{ login = "a@b.example", date = "2025-02-01" }]
  grace_period = "one day"
}`, "grace_period"},
		{"RFC 3339 time", `data "oktagate_system_log" "t" {
  since = "yesterday"
}`, "since"},
		{"URL", `resource "oktagate_oidc_app" "t" {
  label         = "x"
  type          = "web"
  redirect_uris = ["portal/callback"]
}`, "redirect_uris"},
		{"scope name", `resource "oktagate_oidc_app" "t" {
  label  = "x"
  type   = "service"
  scopes = ["users.read"]
}`, "scopes"},
		{"role type", `resource "oktagate_service_account" "t" {
  login       = "svc@b.example"
  email       = "svc@b.example"
  admin_roles = ["GOD_MODE"]
}`, "admin_roles"},
		{"factor type", `resource "oktagate_mfa_check" "t" {
  allowed_factor_types = ["carrier_pigeon"]
}`, "allowed_factor_types"},
		{"status", `data "oktagate_users" "t" {
  statuses = ["ASLEEP"]
}`, "statuses"},
		{"email", `resource "oktagate_service_account" "t" {
  login = "svc@b.example"
  email = "not an email"
}`, "email"},
		{"user id", `data "oktagate_user_factors" "t" {
  user_id = "alice@b.example"
}`, "user_id"},
		{"enforcement", `resource "oktagate_scope_check" "t" {
  enforcement = "maybe"
}`, "enforcement"},
	}
	steps := make([]tfresource.TestStep, 0, len(cases))
	for _, tc := range cases {
		steps = append(steps, tfresource.TestStep{
			Config:      provider + tc.config + "\n",
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?is)(invalid|must|want|not a).*` + regexp.QuoteMeta(tc.attr) + `|` + regexp.QuoteMeta(tc.attr) + `.*(invalid|must|want|not a)`),
		})
	}
	tfresource.UnitTest(t, tfresource.TestCase{ProtoV6ProviderFactories: providerFactories(nil), Steps: steps})
}
