package provider

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/provider/customtypes"
)

// TestReadStrings: null and unknown read as nil, a known empty value as an
// empty (non-nil) slice, a set sorted, a list in its order, the custom set
// type like a set; a collection of another element type is an error.
func TestReadStrings(t *testing.T) {
	ctx := t.Context()
	list := types.ListValueMust(types.StringType, stringAttrs([]string{"b", "a", "c"}))
	set := types.SetValueMust(types.StringType, stringAttrs([]string{"b", "a", "c"}))
	for _, tc := range []struct {
		name string
		in   stringElements
		want []string
	}{
		{"null set", types.SetNull(types.StringType), nil},
		{"unknown list", types.ListUnknown(types.StringType), nil},
		{"empty set", types.SetValueMust(types.StringType, nil), []string{}},
		{"set", set, []string{"a", "b", "c"}},
		{"list", list, []string{"b", "a", "c"}},
		{"custom set", customtypes.NewStringSetValue([]string{"z", "y"}), []string{"y", "z"}},
	} {
		var diags diag.Diagnostics
		got := readStrings(ctx, tc.in, &diags)
		if diags.HasError() || !slices.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
			t.Errorf("%s: got %#v (diags %v), want %#v", tc.name, got, diags, tc.want)
		}
	}
	var diags diag.Diagnostics
	ints := types.ListValueMust(types.Int64Type, []attr.Value{types.Int64Value(1)})
	if got := readStrings(ctx, ints, &diags); got != nil || !diags.HasError() {
		t.Errorf("list of numbers: got %v, diags %v", got, diags)
	}
}

// TestWriteStrings: a set is written sorted, a list in the order given; no
// values are null or a known empty collection as asked.
func TestWriteStrings(t *testing.T) {
	ctx := t.Context()
	var diags diag.Diagnostics
	s := writeStrings[types.Set]([]string{"b", "a"}, emptyNull)
	if got := readStrings(ctx, s, &diags); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("set: %v", got)
	}
	if as[types.String](t, s.Elements()[0]).ValueString() != "a" {
		t.Errorf("set not written sorted: %v", s)
	}
	l := writeStrings[types.List]([]string{"b", "a"}, emptyKnown)
	if got := readStrings(ctx, l, &diags); !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("list: %v", got)
	}
	if v := writeStrings[types.Set](nil, emptyNull); !v.IsNull() {
		t.Errorf("empty set, emptyNull: %v", v)
	}
	if v := writeStrings[types.List]([]string{}, emptyNull); !v.IsNull() {
		t.Errorf("empty list, emptyNull: %v", v)
	}
	if v := writeStrings[types.Set](nil, emptyKnown); v.IsNull() || v.IsUnknown() || len(v.Elements()) != 0 {
		t.Errorf("empty set, emptyKnown: %v", v)
	}
	if v := writeStrings[types.List](nil, emptyKnown); v.IsNull() || len(v.Elements()) != 0 {
		t.Errorf("empty list, emptyKnown: %v", v)
	}
	if diags.HasError() {
		t.Error(diags)
	}
	if got := hclStrings([]string{"Okta Dashboard", `a "b"`}); got != `["Okta Dashboard", "a \"b\""]` {
		t.Errorf("hclStrings: %s", got)
	}
}
