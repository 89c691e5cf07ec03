package customtypes

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var tfStringSet = tftypes.Set{ElementType: tftypes.String}

func tfSet(values ...string) tftypes.Value {
	elems := make([]tftypes.Value, len(values))
	for i, s := range values {
		elems[i] = tftypes.NewValue(tftypes.String, s)
	}
	return tftypes.NewValue(tfStringSet, elems)
}

func errorDetails(t *testing.T, diags diag.Diagnostics) []string {
	t.Helper()
	var out []string
	for _, d := range diags {
		if d.Severity() != diag.SeverityError {
			t.Errorf("unexpected %v diagnostic: %s: %s", d.Severity(), d.Summary(), d.Detail())
			continue
		}
		if d.Summary() != "Duplicate Set Element" {
			t.Errorf("summary = %q, want Duplicate Set Element", d.Summary())
		}
		out = append(out, d.Detail())
	}
	return out
}

func TestStringSetTypeRoundTrip(t *testing.T) {
	ctx := t.Context()
	typ := NewStringSetType()
	for name, in := range map[string]tftypes.Value{
		"known":   tfSet("00u2", "00u1", "00u3"),
		"empty":   tfSet(),
		"null":    tftypes.NewValue(tfStringSet, nil),
		"unknown": tftypes.NewValue(tfStringSet, tftypes.UnknownValue),
	} {
		t.Run(name, func(t *testing.T) {
			v, err := typ.ValueFromTerraform(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			sv, ok := v.(StringSetValue)
			if !ok {
				t.Fatalf("ValueFromTerraform gave %T, want StringSetValue", v)
			}
			if !sv.Type(ctx).Equal(typ) {
				t.Errorf("value type %s does not round-trip to StringSetType", sv.Type(ctx))
			}
			if got, want := sv.IsNull(), in.IsNull(); got != want {
				t.Errorf("IsNull = %v, want %v", got, want)
			}
			if got, want := sv.IsUnknown(), !in.IsKnown(); got != want {
				t.Errorf("IsUnknown = %v, want %v", got, want)
			}
			out, err := sv.ToTerraformValue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !out.Equal(in) {
				t.Errorf("ToTerraformValue = %s, want %s", out, in)
			}
		})
	}
	if _, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nil)); err == nil {
		t.Error("ValueFromTerraform accepted a list")
	}

	var got []string
	if d := NewStringSetValue([]string{"b", "a"}).ElementsAs(ctx, &got, false); d.HasError() {
		t.Fatal(d)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("ElementsAs = %v", got)
	}
	if _, ok := typ.ValueType(ctx).(StringSetValue); !ok {
		t.Errorf("ValueType = %T", typ.ValueType(ctx))
	}
	sv, d := typ.ValueFromSet(ctx, basetypes.NewSetValueMust(types.StringType, []attr.Value{types.StringValue("x")}))
	if got, ok := sv.(StringSetValue); d.HasError() || !ok || !got.Equal(NewStringSetValue([]string{"x"})) {
		t.Errorf("ValueFromSet = %v, %v", sv, d)
	}
}

func TestStringSetTypeEquality(t *testing.T) {
	typ := NewStringSetType()
	if !typ.Equal(NewStringSetType()) {
		t.Error("StringSetType differs from itself")
	}
	if typ.Equal(types.SetType{ElemType: types.StringType}) {
		t.Error("StringSetType equals the framework's set type")
	}
	if (StringSetType{SetType: basetypes.SetType{ElemType: types.Int64Type}}).Equal(typ) {
		t.Error("element types are ignored")
	}

	ab := NewStringSetValue([]string{"a", "b"})
	for _, c := range []struct {
		name string
		a, b attr.Value
		want bool
	}{
		{"same order", ab, NewStringSetValue([]string{"a", "b"}), true},
		{"any order", ab, NewStringSetValue([]string{"b", "a"}), true},
		{"empty", NewStringSetValue(nil), NewStringSetValue([]string{}), true},
		{"different element", ab, NewStringSetValue([]string{"a", "c"}), false},
		{"subset", ab, NewStringSetValue([]string{"a"}), false},
		{"superset", ab, NewStringSetValue([]string{"a", "b", "c"}), false},
		{"repeats counted", NewStringSetValue([]string{"a", "a"}), NewStringSetValue([]string{"a", "b"}), false},
		{"null null", NewStringSetNull(), NewStringSetNull(), true},
		{"unknown unknown", NewStringSetUnknown(), NewStringSetUnknown(), true},
		{"null unknown", NewStringSetNull(), NewStringSetUnknown(), false},
		{"known null", NewStringSetValue(nil), NewStringSetNull(), false},
		{"null known", NewStringSetNull(), NewStringSetValue(nil), false},
		{"known unknown", ab, NewStringSetUnknown(), false},
		{"framework set", ab, basetypes.NewSetValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringValue("b")}), false},
		{"null element", NewStringSetValue([]string{"a"}), StringSetValue{basetypes.NewSetValueMust(types.StringType, []attr.Value{types.StringNull()})}, false},
	} {
		if got := c.a.Equal(c.b); got != c.want {
			t.Errorf("%s: Equal = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestStringSetValueValidateAttributeFindsDuplicates(t *testing.T) {
	ctx := t.Context()
	p := path.Root("groups").AtListIndex(0).AtName("member_ids")
	validate := func(v StringSetValue) diag.Diagnostics {
		var resp xattr.ValidateAttributeResponse
		v.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: p}, &resp)
		return resp.Diagnostics
	}

	diags := validate(NewStringSetValue([]string{"00u1", "00u2", "00u1", "00u3", "00u2", "00u1"}))
	details := errorDetails(t, diags)
	if len(details) != 2 {
		t.Fatalf("got %d diagnostics, want one per repeated value: %v", len(details), details)
	}
	if !strings.Contains(details[0], `"00u1" (3 times)`) || !strings.Contains(details[1], `"00u2" (2 times)`) {
		t.Errorf("details = %q", details)
	}
	if wd, ok := diags[0].(diag.DiagnosticWithPath); !ok || !wd.Path().Equal(p) {
		t.Errorf("diagnostic is not on %s", p)
	}

	for name, v := range map[string]StringSetValue{
		"distinct": NewStringSetValue([]string{"00u1", "00u2", "00u3"}),
		"empty":    NewStringSetValue(nil),
		"null":     NewStringSetNull(),
		"unknown":  NewStringSetUnknown(),
		"unknown elements": {basetypes.NewSetValueMust(types.StringType,
			[]attr.Value{types.StringUnknown(), types.StringUnknown(), types.StringValue("a")})},
	} {
		if d := validate(v); d.HasError() {
			t.Errorf("%s: unexpected diagnostics %v", name, d)
		}
	}
	nulls := StringSetValue{basetypes.NewSetValueMust(types.StringType, []attr.Value{types.StringNull(), types.StringNull()})}
	if d := errorDetails(t, validate(nulls)); len(d) != 1 || !strings.Contains(d[0], "null") {
		t.Errorf("two null elements: %v", d)
	}
}

func TestStringSetTypeValidateFindsDuplicates(t *testing.T) {
	ctx := t.Context()
	typ := NewStringSetType()
	details := errorDetails(t, typ.Validate(ctx, tfSet("b", "a", "b", "c", "a"), path.Root("x")))
	if len(details) != 2 || !strings.Contains(details[0], `"b" (2 times)`) || !strings.Contains(details[1], `"a" (2 times)`) {
		t.Errorf("details = %q", details)
	}
	for name, in := range map[string]tftypes.Value{
		"distinct": tfSet("a", "b"),
		"null":     tftypes.NewValue(tfStringSet, nil),
		"unknown":  tftypes.NewValue(tfStringSet, tftypes.UnknownValue),
		"unknown elements": tftypes.NewValue(tfStringSet, []tftypes.Value{
			tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		}),
	} {
		if d := typ.Validate(ctx, in, path.Root("x")); d.HasError() {
			t.Errorf("%s: unexpected diagnostics %v", name, d)
		}
	}
	// The framework's own check agrees on what a duplicate is.
	if d := (types.SetType{ElemType: types.StringType}).Validate(ctx, tfSet("b", "a", "b"), path.Root("x")); !d.HasError() {
		t.Error("framework set type found no duplicate; the comparison above is meaningless")
	}
}

func benchIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("00u%017d", i)
	}
	return ids
}

// BenchmarkSetValidate_10k isolates the duplicate check itself.
func BenchmarkSetValidate_10k(b *testing.B) {
	ctx := b.Context()
	in := tfSet(benchIDs(10_000)...)
	for _, c := range []struct {
		name string
		typ  xattr.TypeWithValidate //nolint:staticcheck // the interface the framework calls
	}{
		{"linear", NewStringSetType()},
		{"framework", types.SetType{ElemType: types.StringType}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if d := c.typ.Validate(ctx, in, path.Root("x")); d.HasError() {
					b.Fatal(d)
				}
			}
		})
	}
}

func TestStringSetTypeIsSetOfString(t *testing.T) {
	if got := NewStringSetType().TerraformType(t.Context()); !got.Equal(tfStringSet) {
		t.Fatalf("TerraformType = %s, want set of string", got)
	}
}
