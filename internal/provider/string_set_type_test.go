package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
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

func dataSourceSchema(t testing.TB, ds datasource.DataSource) schema.Schema {
	t.Helper()
	var resp datasource.SchemaResponse
	ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return resp.Schema
}

// withSetType returns a copy of s whose list-nested attribute list has its set
// attribute set given customType (nil: the framework's plain set type).
func withSetType(t testing.TB, s schema.Schema, list, set string, customType basetypes.SetTypable) schema.Schema {
	t.Helper()
	l, ok := s.Attributes[list].(schema.ListNestedAttribute)
	if !ok {
		t.Fatalf("%s is a %T, not a list nested attribute", list, s.Attributes[list])
	}
	a, ok := l.NestedObject.Attributes[set].(schema.SetAttribute)
	if !ok {
		t.Fatalf("%s.%s is a %T, not a set attribute", list, set, l.NestedObject.Attributes[set])
	}
	a.CustomType = customType
	l.NestedObject.Attributes = maps.Clone(l.NestedObject.Attributes)
	l.NestedObject.Attributes[set] = a
	s.Attributes = maps.Clone(s.Attributes)
	s.Attributes[list] = l
	return s
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

func TestStringSetTypeIsSetOfStringToTerraform(t *testing.T) {
	ctx := context.Background()
	if got := newStringSetType().TerraformType(ctx); !got.Equal(tfStringSet) {
		t.Fatalf("TerraformType = %s, want set of string", got)
	}
	// The whole data source schemas are, to Terraform, what they were with the
	// framework's set type: the custom type changes nothing on the wire.
	for _, c := range []struct {
		ds        datasource.DataSource
		list, set string
	}{
		{newGroupsDataSource(), "groups", "member_ids"},
		{newUsersDataSource(), "users", "group_ids"},
	} {
		s := dataSourceSchema(t, c.ds)
		a := s.Attributes[c.list].(schema.ListNestedAttribute).NestedObject.Attributes[c.set].(schema.SetAttribute)
		if _, ok := a.CustomType.(stringSetType); !ok {
			t.Errorf("%s.%s CustomType = %T, want stringSetType", c.list, c.set, a.CustomType)
		}
		plain := withSetType(t, s, c.list, c.set, nil)
		if got, want := s.Type().TerraformType(ctx), plain.Type().TerraformType(ctx); !got.Equal(want) {
			t.Errorf("%s schema type changed:\n got %s\nwant %s", c.list, got, want)
		}
	}
}

func TestStringSetTypeRoundTrip(t *testing.T) {
	ctx := context.Background()
	typ := newStringSetType()
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
			sv, ok := v.(stringSetValue)
			if !ok {
				t.Fatalf("ValueFromTerraform gave %T, want stringSetValue", v)
			}
			if !sv.Type(ctx).Equal(typ) {
				t.Errorf("value type %s does not round-trip to stringSetType", sv.Type(ctx))
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
	if d := newStringSetValue([]string{"b", "a"}).ElementsAs(ctx, &got, false); d.HasError() {
		t.Fatal(d)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("ElementsAs = %v", got)
	}
	if _, ok := typ.ValueType(ctx).(stringSetValue); !ok {
		t.Errorf("ValueType = %T", typ.ValueType(ctx))
	}
	sv, d := typ.ValueFromSet(ctx, basetypes.NewSetValueMust(types.StringType, []attr.Value{types.StringValue("x")}))
	if d.HasError() || !sv.(stringSetValue).Equal(newStringSetValue([]string{"x"})) {
		t.Errorf("ValueFromSet = %v, %v", sv, d)
	}
}

func TestStringSetTypeEquality(t *testing.T) {
	typ := newStringSetType()
	if !typ.Equal(newStringSetType()) {
		t.Error("stringSetType differs from itself")
	}
	if typ.Equal(types.SetType{ElemType: types.StringType}) {
		t.Error("stringSetType equals the framework's set type")
	}
	if (stringSetType{SetType: basetypes.SetType{ElemType: types.Int64Type}}).Equal(typ) {
		t.Error("element types are ignored")
	}

	ab := newStringSetValue([]string{"a", "b"})
	for _, c := range []struct {
		name string
		a, b attr.Value
		want bool
	}{
		{"same order", ab, newStringSetValue([]string{"a", "b"}), true},
		{"any order", ab, newStringSetValue([]string{"b", "a"}), true},
		{"empty", newStringSetValue(nil), newStringSetValue([]string{}), true},
		{"different element", ab, newStringSetValue([]string{"a", "c"}), false},
		{"subset", ab, newStringSetValue([]string{"a"}), false},
		{"superset", ab, newStringSetValue([]string{"a", "b", "c"}), false},
		{"repeats counted", newStringSetValue([]string{"a", "a"}), newStringSetValue([]string{"a", "b"}), false},
		{"null null", newStringSetNull(), newStringSetNull(), true},
		{"unknown unknown", newStringSetUnknown(), newStringSetUnknown(), true},
		{"null unknown", newStringSetNull(), newStringSetUnknown(), false},
		{"known null", newStringSetValue(nil), newStringSetNull(), false},
		{"null known", newStringSetNull(), newStringSetValue(nil), false},
		{"known unknown", ab, newStringSetUnknown(), false},
		{"framework set", ab, basetypes.NewSetValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringValue("b")}), false},
		{"null element", newStringSetValue([]string{"a"}), stringSetValue{basetypes.NewSetValueMust(types.StringType, []attr.Value{types.StringNull()})}, false},
	} {
		if got := c.a.Equal(c.b); got != c.want {
			t.Errorf("%s: Equal = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestStringSetValueValidateAttributeFindsDuplicates(t *testing.T) {
	ctx := context.Background()
	p := path.Root("groups").AtListIndex(0).AtName("member_ids")
	validate := func(v stringSetValue) diag.Diagnostics {
		var resp xattr.ValidateAttributeResponse
		v.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: p}, &resp)
		return resp.Diagnostics
	}

	diags := validate(newStringSetValue([]string{"00u1", "00u2", "00u1", "00u3", "00u2", "00u1"}))
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

	for name, v := range map[string]stringSetValue{
		"distinct": newStringSetValue([]string{"00u1", "00u2", "00u3"}),
		"empty":    newStringSetValue(nil),
		"null":     newStringSetNull(),
		"unknown":  newStringSetUnknown(),
		"unknown elements": {basetypes.NewSetValueMust(types.StringType,
			[]attr.Value{types.StringUnknown(), types.StringUnknown(), types.StringValue("a")})},
	} {
		if d := validate(v); d.HasError() {
			t.Errorf("%s: unexpected diagnostics %v", name, d)
		}
	}
	nulls := stringSetValue{basetypes.NewSetValueMust(types.StringType, []attr.Value{types.StringNull(), types.StringNull()})}
	if d := errorDetails(t, validate(nulls)); len(d) != 1 || !strings.Contains(d[0], "null") {
		t.Errorf("two null elements: %v", d)
	}
}

func TestStringSetTypeValidateFindsDuplicates(t *testing.T) {
	ctx := context.Background()
	typ := newStringSetType()
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

// The groups data source writes member_ids from a []string through the
// framework's reflection, which must now reach the linear check: the
// duplicate is reported in our words, and a clean list round-trips.
func TestGroupsStateUsesLinearSetValidation(t *testing.T) {
	ctx := context.Background()
	s := dataSourceSchema(t, newGroupsDataSource())
	newState := func() tfsdk.State {
		return tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	}

	st := newState()
	dup := groupsModel{Groups: []groupModel{{ID: types.StringValue("00g1"), MemberIDs: []string{"00u1", "00u2", "00u1"}}}}
	details := errorDetails(t, st.Set(ctx, &dup))
	if len(details) != 1 || !strings.Contains(details[0], `"00u1" (2 times)`) {
		t.Fatalf("writing a duplicate member gave %q, want our duplicate diagnostic", details)
	}

	st = newState()
	in := groupsModel{ID: types.StringValue("x"), Groups: []groupModel{
		{ID: types.StringValue("00g1"), MemberIDs: []string{"00u1", "00u2", "00u3"}},
		{ID: types.StringValue("00g2")},
	}}
	if d := st.Set(ctx, &in); d.HasError() {
		t.Fatal(d)
	}
	var members stringSetValue
	if d := st.GetAttribute(ctx, path.Root("groups").AtListIndex(0).AtName("member_ids"), &members); d.HasError() {
		t.Fatal(d)
	}
	if !members.Equal(newStringSetValue([]string{"00u3", "00u1", "00u2"})) {
		t.Errorf("member_ids read back as %s", members)
	}
	var out groupsModel
	if d := st.Get(ctx, &out); d.HasError() {
		t.Fatal(d)
	}
	got := slices.Clone(out.Groups[0].MemberIDs)
	slices.Sort(got)
	if !slices.Equal(got, in.Groups[0].MemberIDs) || out.Groups[1].MemberIDs != nil {
		t.Errorf("round trip: %v, %v", out.Groups[0].MemberIDs, out.Groups[1].MemberIDs)
	}
}

func benchIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("00u%017d", i)
	}
	return ids
}

// BenchmarkMemberIDsSet_10k writes one group of 10,000 members into the
// oktagate_groups state as Read does (tfsdk.State.Set on the model), with the
// framework's set type ("framework", quadratic: seconds per op) and with
// stringSetType ("linear", the schema in use).
func BenchmarkMemberIDsSet_10k(b *testing.B) {
	ctx := context.Background()
	s := dataSourceSchema(b, newGroupsDataSource())
	ids := benchIDs(10_000)
	for _, c := range []struct {
		name string
		s    schema.Schema
	}{
		{"linear", s},
		{"framework", withSetType(b, s, "groups", "member_ids", nil)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				st := tfsdk.State{Schema: c.s, Raw: tftypes.NewValue(c.s.Type().TerraformType(ctx), nil)}
				m := groupsModel{Groups: []groupModel{{ID: types.StringValue("00g1"), MemberIDs: ids}}}
				if d := st.Set(ctx, &m); d.HasError() {
					b.Fatal(d)
				}
			}
		})
	}
}

// BenchmarkSetValidate_10k isolates the duplicate check itself.
func BenchmarkSetValidate_10k(b *testing.B) {
	ctx := context.Background()
	in := tfSet(benchIDs(10_000)...)
	for _, c := range []struct {
		name string
		typ  xattr.TypeWithValidate //nolint:staticcheck // the interface the framework calls
	}{
		{"linear", newStringSetType()},
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

// BenchmarkUsersGroupIDs_2kx100 writes 2,000 users in 100 groups each into the
// oktagate_users state (include_groups): many moderate sets rather than one
// large one.
func BenchmarkUsersGroupIDs_2kx100(b *testing.B) {
	ctx := context.Background()
	s := dataSourceSchema(b, newUsersDataSource())
	users := make([]userModel, 2_000)
	groups := benchIDs(100)
	for i := range users {
		users[i] = userModel{ID: types.StringValue(fmt.Sprintf("00u%d", i)), GroupIDs: groups}
	}
	for _, c := range []struct {
		name string
		s    schema.Schema
	}{
		{"linear", s},
		{"framework", withSetType(b, s, "users", "group_ids", nil)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				st := tfsdk.State{Schema: c.s, Raw: tftypes.NewValue(c.s.Type().TerraformType(ctx), nil)}
				m := usersModel{Statuses: types.SetNull(types.StringType), Users: users}
				if d := st.Set(ctx, &m); d.HasError() {
					b.Fatal(d)
				}
			}
		})
	}
}
