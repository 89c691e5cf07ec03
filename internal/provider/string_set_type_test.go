package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/oktagate/terraform-provider-oktagate/internal/provider/customtypes"
)

var tfStringSet = tftypes.Set{ElementType: tftypes.String}

func dataSourceSchema(t testing.TB, ds datasource.DataSource) schema.Schema {
	t.Helper()
	var resp datasource.SchemaResponse
	ds.Schema(t.Context(), datasource.SchemaRequest{}, &resp)
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
	ctx := t.Context()
	if got := customtypes.NewStringSetType().TerraformType(ctx); !got.Equal(tfStringSet) {
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
		a := as[schema.SetAttribute](t, as[schema.ListNestedAttribute](t, s.Attributes[c.list]).NestedObject.Attributes[c.set])
		if _, ok := a.CustomType.(customtypes.StringSetType); !ok {
			t.Errorf("%s.%s CustomType = %T, want customtypes.StringSetType", c.list, c.set, a.CustomType)
		}
		plain := withSetType(t, s, c.list, c.set, nil)
		if got, want := s.Type().TerraformType(ctx), plain.Type().TerraformType(ctx); !got.Equal(want) {
			t.Errorf("%s schema type changed:\n got %s\nwant %s", c.list, got, want)
		}
	}
}

// The groups data source writes member_ids from a []string through the
// framework's reflection, which must now reach the linear check: the
// duplicate is reported in our words, and a clean list round-trips.
func TestGroupsStateUsesLinearSetValidation(t *testing.T) {
	ctx := t.Context()
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
	var members customtypes.StringSetValue
	if d := st.GetAttribute(ctx, path.Root("groups").AtListIndex(0).AtName("member_ids"), &members); d.HasError() {
		t.Fatal(d)
	}
	if !members.Equal(customtypes.NewStringSetValue([]string{"00u3", "00u1", "00u2"})) {
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
// customtypes.StringSetType ("linear", the schema in use).
func BenchmarkMemberIDsSet_10k(b *testing.B) {
	ctx := b.Context()
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

// BenchmarkUsersGroupIDs_2kx100 writes 2,000 users in 100 groups each into the
// oktagate_users state (include_groups): many moderate sets rather than one
// large one.
func BenchmarkUsersGroupIDs_2kx100(b *testing.B) {
	ctx := b.Context()
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
