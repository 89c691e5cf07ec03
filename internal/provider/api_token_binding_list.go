package provider

import (
	"context"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var (
	_ list.ListResourceWithConfigure = (*apiTokenBindingList)(nil)
)

func newAPITokenBindingList() list.ListResource {
	return &apiTokenBindingList{apiTokenBindingResource{provResource{name: "api_token_binding"}, time.Now}}
}

// apiTokenBindingList lists the org's API tokens (their metadata: Okta never
// returns a secret), each bound to the user who owns it.
type apiTokenBindingList struct{ apiTokenBindingResource }

type apiTokenBindingListConfig struct {
	ServiceAccountID types.String `tfsdk:"service_account_id"`
	NamePrefix       types.String `tfsdk:"name_prefix"`
}

func (r *apiTokenBindingList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the org's API tokens (`/api/v1/api-tokens`, metadata only: Okta never returns a " +
			"token's secret) as `oktagate_api_token_binding` resources: each result carries the token's identity " +
			"(its id) and, with `include_resource = true` or `terraform query -generate-config-out`, its owner as " +
			"`service_account_id`, its name and its network condition. Requires Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"service_account_id": schema.StringAttribute{
				MarkdownDescription: "List only the tokens this user (`00u…`) owns.",
				Optional:            true,
				Validators:          []validator.String{validators.UserID()},
			},
			"name_prefix": schema.StringAttribute{
				MarkdownDescription: "List only tokens whose name begins with this, ignoring case.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (r *apiTokenBindingList) List(ctx context.Context, req list.ListRequest, resp *list.ListResultsStream) {
	stream(ctx, &r.provResource, req, resp, func(l *listRun, cfg apiTokenBindingListConfig) {
		tokens, err := r.data.Client.ListAPITokens(ctx)
		if err != nil {
			l.fail("listing the org's API tokens", err)
			return
		}
		sort.Slice(tokens, func(i, j int) bool { return tokens[i].ID < tokens[j].ID })
		for _, tok := range tokens {
			if !filterEq(cfg.ServiceAccountID, tok.UserID) || !filterPrefix(cfg.NamePrefix, tok.Name) {
				continue
			}
			var m apiTokenBindingModel
			r.fill(&m, tok)
			if !l.emit(tok.ID, tok.Name, m) {
				return
			}
		}
	})
}
