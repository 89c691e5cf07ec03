package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/provider/customtypes"
)

// useWholeNumbers gives the integer arguments among attrs the customtypes.WholeNumber
// type, so that a check type's new integer input gets it without a line of
// its own.
func useWholeNumbers(attrs map[string]schema.Attribute) {
	for name, a := range attrs {
		if ia, ok := a.(schema.Int64Attribute); ok && ia.CustomType == nil && (ia.Required || ia.Optional) {
			ia.CustomType = customtypes.WholeNumber
			attrs[name] = ia
		}
	}
}

// inputValidatorsFail reports whether any of the attributes' own validators
// rejects its configured value. The frame then leaves the value to that
// validator's error instead of adding the rule's own, which for the same
// value could contradict it ("must not be negative" beside "must be at
// least 1") or repeat it.
func inputValidatorsFail(ctx context.Context, cfg tfsdk.Config, attrs map[string]schema.Attribute) bool {
	for name, a := range attrs {
		p := path.Root(name)
		switch at := a.(type) {
		case schema.Int64Attribute:
			var v types.Int64
			if d := cfg.GetAttribute(ctx, p, &v); d.HasError() {
				return true
			}
			for _, val := range at.Validators {
				resp := &validator.Int64Response{}
				val.ValidateInt64(ctx, validator.Int64Request{Path: p, ConfigValue: v, Config: cfg}, resp)
				if resp.Diagnostics.HasError() {
					return true
				}
			}
		case schema.StringAttribute:
			var v types.String
			if d := cfg.GetAttribute(ctx, p, &v); d.HasError() {
				return true
			}
			for _, val := range at.Validators {
				resp := &validator.StringResponse{}
				val.ValidateString(ctx, validator.StringRequest{Path: p, ConfigValue: v, Config: cfg}, resp)
				if resp.Diagnostics.HasError() {
					return true
				}
			}
		}
	}
	return false
}
