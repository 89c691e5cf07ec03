package customtypes

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// StringSetType is a set of strings whose checks take linear time.
//
// To Terraform it is exactly set(string): TerraformType, the schema and the
// wire encoding are those of types.SetType{ElemType: types.StringType}. It
// exists because the framework (v1.19) proves a set has no duplicates by
// comparing every pair of elements with tftypes.Value.Equal
// (basetypes.SetType.Validate, called from reflect.FromSlice whenever a []string
// is written into state), and compares two sets by searching one for each
// element of the other (basetypes.SetValue.Equal). Both are quadratic: a group
// of 10,000 members cost seconds of CPU per read. Here both use a hash set.
//
// Use it as a schema.SetAttribute's CustomType; the model field may stay a
// []string, or be a StringSetValue.
type StringSetType struct {
	basetypes.SetType
}

var (
	_ basetypes.SetTypable = StringSetType{}
	//nolint:staticcheck // the framework still calls the deprecated Validate when a value lacks ValidateAttribute; ours must be linear too.
	_ xattr.TypeWithValidate = StringSetType{}

	_ basetypes.SetValuable       = StringSetValue{}
	_ xattr.ValidateableAttribute = StringSetValue{}
)

// NewStringSetType returns the set(string) type with linear validation.
func NewStringSetType() StringSetType {
	return StringSetType{SetType: basetypes.SetType{ElemType: types.StringType}}
}

// Equal is true only for another StringSetType of the same element type, so
// the framework never mixes it up with a plain set.
func (t StringSetType) Equal(o attr.Type) bool {
	other, ok := o.(StringSetType)
	if !ok {
		return false
	}
	return t.SetType.Equal(other.SetType)
}

func (t StringSetType) String() string { return "customtypes.StringSetType" }

// ValueFromSet wraps a framework set value.
func (t StringSetType) ValueFromSet(_ context.Context, in basetypes.SetValue) (basetypes.SetValuable, diag.Diagnostics) {
	return StringSetValue{SetValue: in}, nil
}

// ValueFromTerraform converts like the framework's set type (which is linear)
// and wraps the result.
func (t StringSetType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.SetType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	set, ok := v.(basetypes.SetValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T converting a set of strings", v)
	}
	return StringSetValue{SetValue: set}, nil
}

// ValueType returns the value type this type produces.
func (t StringSetType) ValueType(_ context.Context) attr.Value {
	return StringSetValue{SetValue: basetypes.NewSetNull(t.ElementType())}
}

// Validate replaces basetypes.SetType.Validate (pairwise) with a single pass.
// The framework calls it only for values that do not implement
// ValidateAttribute, which ours do; it is here so no path stays quadratic.
func (t StringSetType) Validate(_ context.Context, in tftypes.Value, p path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if in.Type() == nil || !in.IsKnown() || in.IsNull() {
		return diags
	}
	var elems []tftypes.Value
	if err := in.As(&elems); err != nil {
		diags.AddAttributeError(p, "Set Type Validation Error",
			"The provider could not read a set of strings it produced. This is a bug in the provider; please report it with this message: "+err.Error())
		return diags
	}
	d := newDupFinder(len(elems))
	for _, e := range elems {
		if !e.IsFullyKnown() {
			continue
		}
		if e.IsNull() {
			d.addNull()
			continue
		}
		var s string
		if err := e.As(&s); err != nil {
			diags.AddAttributeError(p, "Set Type Validation Error",
				"The provider found a non-string element in a set of strings. This is a bug in the provider; please report it with this message: "+err.Error())
			return diags
		}
		d.add(s)
	}
	return d.diagnostics(p)
}

// StringSetValue is the value of a StringSetType: a framework set of strings
// whose validation and equality are linear.
type StringSetValue struct {
	basetypes.SetValue
}

// NewStringSetValue returns a known set holding values (duplicates are kept
// and reported by ValidateAttribute, as the framework would).
func NewStringSetValue(values []string) StringSetValue {
	elems := make([]attr.Value, len(values))
	for i, s := range values {
		elems[i] = types.StringValue(s)
	}
	return StringSetValue{SetValue: basetypes.NewSetValueMust(types.StringType, elems)}
}

// NewStringSetNull returns the null set.
func NewStringSetNull() StringSetValue {
	return StringSetValue{SetValue: basetypes.NewSetNull(types.StringType)}
}

// NewStringSetUnknown returns the unknown set.
func NewStringSetUnknown() StringSetValue {
	return StringSetValue{SetValue: basetypes.NewSetUnknown(types.StringType)}
}

// Type returns a StringSetType, so state written from this value round-trips
// to the same custom type.
func (v StringSetValue) Type(ctx context.Context) attr.Type {
	return StringSetType{SetType: basetypes.SetType{ElemType: v.ElementType(ctx)}}
}

// Equal is true when o is a StringSetValue with the same element type, the
// same state and, when known, the same elements in any order. Strings are
// compared through a hash set; other element values (never produced by
// StringSetType) fall back to the framework's comparison.
func (v StringSetValue) Equal(o attr.Value) bool {
	other, ok := o.(StringSetValue)
	if !ok {
		return false
	}
	a, b := v.SetValue, other.SetValue
	if a.IsNull() || a.IsUnknown() || b.IsNull() || b.IsUnknown() {
		return a.Equal(b)
	}
	ctx := context.Background()
	if a.ElementType(ctx) == nil || b.ElementType(ctx) == nil || !a.ElementType(ctx).Equal(b.ElementType(ctx)) {
		return false
	}
	ae, be := a.Elements(), b.Elements()
	if len(ae) != len(be) {
		return false
	}
	counts := make(map[basetypes.StringValue]int, len(ae))
	for _, e := range ae {
		s, ok := e.(basetypes.StringValue)
		if !ok {
			return a.Equal(b)
		}
		counts[s]++
	}
	for _, e := range be {
		s, ok := e.(basetypes.StringValue)
		if !ok {
			return a.Equal(b)
		}
		if counts[s] == 0 {
			return false
		}
		counts[s]--
	}
	return true
}

// ValidateAttribute reports each value that occurs more than once, in one
// pass. The framework calls it instead of the type's Validate.
func (v StringSetValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	elems := v.Elements()
	d := newDupFinder(len(elems))
	for _, e := range elems {
		if e.IsUnknown() {
			continue
		}
		if e.IsNull() {
			d.addNull()
			continue
		}
		if s, ok := e.(basetypes.StringValuable); ok {
			sv, diags := s.ToStringValue(context.Background())
			if !diags.HasError() && !sv.IsUnknown() {
				d.add(sv.ValueString())
				continue
			}
		}
		d.add(e.String())
	}
	resp.Diagnostics.Append(d.diagnostics(req.Path)...)
}

// dupFinder collects the values seen more than once, each once, in the order
// their first repeat appears.
type dupFinder struct {
	seen     map[string]int // value → times seen
	nulls    int
	repeated []string
	nullDup  bool
}

func newDupFinder(n int) *dupFinder { return &dupFinder{seen: make(map[string]int, n)} }

func (d *dupFinder) add(s string) {
	d.seen[s]++
	if d.seen[s] == 2 {
		d.repeated = append(d.repeated, s)
	}
}

func (d *dupFinder) addNull() {
	d.nulls++
	if d.nulls == 2 {
		d.nullDup = true
	}
}

func (d *dupFinder) diagnostics(p path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, s := range d.repeated {
		diags.AddAttributeError(p, "Duplicate Set Element",
			fmt.Sprintf("This attribute contains duplicate values of: %q (%d times). A set holds each value once; remove the repeats.", s, d.seen[s]))
	}
	if d.nullDup {
		diags.AddAttributeError(p, "Duplicate Set Element",
			fmt.Sprintf("This attribute contains duplicate null values (%d times). A set holds each value once; remove the repeats.", d.nulls))
	}
	return diags
}
