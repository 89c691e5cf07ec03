package provider

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// The provider's one reader and one writer between Terraform's sets and lists
// of strings and Go's []string.

// stringElements is a framework set or list of strings (types.Set, types.List,
// or a custom type built on them).
type stringElements interface {
	attr.Value
	ElementsAs(ctx context.Context, target any, allowUnhandled bool) diag.Diagnostics
}

// readStrings reads a set or list of strings. Null and unknown give nil; a
// known value gives a non-nil slice, empty or not. A set comes back sorted
// (its order is Terraform's, not the person's); a list keeps its order (a
// redirect URI list is sent to Okta as written). A value that is not a
// collection of strings is reported in diags, a bug in the provider.
func readStrings(ctx context.Context, v stringElements, diags *diag.Diagnostics) []string {
	if v == nil || v.IsNull() || v.IsUnknown() {
		return nil
	}
	out := []string{}
	if d := v.ElementsAs(ctx, &out, false); d.HasError() {
		diags.Append(d...)
		return nil
	}
	if _, isSet := v.(basetypes.SetValuable); isSet {
		slices.Sort(out)
	}
	return out
}

// emptyAs says how writeStrings renders no values.
type emptyAs int

const (
	// emptyKnown renders no values as a known, empty collection: a
	// computed attribute whose empty is an answer (no scopes granted).
	emptyKnown emptyAs = iota
	// emptyNull renders no values as null: Okta returns [] for what the
	// configuration leaves out, and null is what such a configuration holds.
	emptyNull
)

// writeStrings renders values as a set or a list of strings. A set is
// written sorted, so the same values always make the same set; a list keeps
// the order given. empty says what no values become.
func writeStrings[T types.Set | types.List](values []string, empty emptyAs) T {
	var out T
	switch p := any(&out).(type) {
	case *types.Set:
		if len(values) == 0 && empty == emptyNull {
			*p = types.SetNull(types.StringType)
		} else {
			*p = types.SetValueMust(types.StringType, stringAttrs(sortedStrings(values)))
		}
	case *types.List:
		if len(values) == 0 && empty == emptyNull {
			*p = types.ListNull(types.StringType)
		} else {
			*p = types.ListValueMust(types.StringType, stringAttrs(values))
		}
	}
	return out
}

func stringAttrs(values []string) []attr.Value {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return elems
}

// hclStrings renders values as an HCL list, for a description that states a
// default: ["a", "b"].
func hclStrings(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
