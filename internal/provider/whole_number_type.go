package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// wholeNumberType is the type of the integer arguments. Terraform numbers are
// arbitrary-precision, and the framework's Int64Type fails to convert 1e30 or
// 1.5 with "Value Conversion Error … This is always an error in the provider",
// before any validator runs. This type converts such a number to an unknown
// placeholder instead and reports it from Validate, which the framework calls
// right after the conversion, as an error that names the argument and the
// range; the placeholder never reaches a plan because that error stops it.
// Its values are plain types.Int64, so models are unchanged.
type wholeNumberType struct {
	basetypes.Int64Type
}

var wholeNumber = wholeNumberType{}

func (t wholeNumberType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	if n := notInt64(in); n != nil {
		return basetypes.NewInt64Unknown(), nil
	}
	return t.Int64Type.ValueFromTerraform(ctx, in)
}

func (t wholeNumberType) Validate(_ context.Context, in tftypes.Value, p path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if n := notInt64(in); n != nil {
		problem := "is not a whole number"
		if n.IsInt() {
			problem = "is out of range"
		}
		diags.AddAttributeError(p, "Invalid number",
			fmt.Sprintf("%s = %s %s: the argument takes a whole number from -9223372036854775808 to 9223372036854775807.",
				p, n.Text('g', 10), problem))
	}
	return diags
}

// Equal accepts Int64Type too: the values are plain types.Int64, whose Type is
// Int64Type, and the framework compares the schema's type with theirs when it
// builds state.
func (t wholeNumberType) Equal(o attr.Type) bool {
	switch o.(type) {
	case wholeNumberType, basetypes.Int64Type:
		return true
	}
	return false
}

func (t wholeNumberType) String() string { return "wholeNumberType" }

// notInt64 returns the number in when it is a known number that is not a
// 64-bit integer, and nil otherwise.
func notInt64(in tftypes.Value) *big.Float {
	if in.Type() == nil || !in.Type().Equal(tftypes.Number) || !in.IsKnown() || in.IsNull() {
		return nil
	}
	var f *big.Float
	if err := in.As(&f); err != nil || f == nil {
		return nil
	}
	if _, acc := f.Int64(); f.IsInt() && acc == big.Exact {
		return nil
	}
	return f
}

// useWholeNumbers gives the integer arguments among attrs the wholeNumber
// type, so that a check type's new integer input gets it without a line of
// its own.
func useWholeNumbers(attrs map[string]schema.Attribute) {
	for name, a := range attrs {
		if ia, ok := a.(schema.Int64Attribute); ok && ia.CustomType == nil && (ia.Required || ia.Optional) {
			ia.CustomType = wholeNumber
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
