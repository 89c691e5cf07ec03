package customtypes

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// WholeNumberType is the type of the integer arguments. Terraform numbers are
// arbitrary-precision, and the framework's Int64Type fails to convert 1e30 or
// 1.5 with "Value Conversion Error … This is always an error in the provider",
// before any validator runs. This type converts such a number to an unknown
// placeholder instead and reports it from Validate, which the framework calls
// right after the conversion, as an error that names the argument and the
// range; the placeholder never reaches a plan because that error stops it.
// Its values are plain types.Int64, so models are unchanged.
type WholeNumberType struct {
	basetypes.Int64Type
}

// WholeNumber is the type to use in a schema attribute's CustomType.
var WholeNumber = WholeNumberType{}

// ValueFromTerraform reads a number that is not a whole int64 as unknown, so
// that the conversion never fails before Validate can say what is wrong.
func (t WholeNumberType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	if n := notInt64(in); n != nil {
		return basetypes.NewInt64Unknown(), nil
	}
	return t.Int64Type.ValueFromTerraform(ctx, in)
}

// Validate reports a number that is not a whole int64 as an error naming the
// attribute and the range.
func (t WholeNumberType) Validate(_ context.Context, in tftypes.Value, p path.Path) diag.Diagnostics {
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
func (t WholeNumberType) Equal(o attr.Type) bool {
	switch o.(type) {
	case WholeNumberType, basetypes.Int64Type:
		return true
	}
	return false
}

func (t WholeNumberType) String() string { return "customtypes.WholeNumberType" }

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
