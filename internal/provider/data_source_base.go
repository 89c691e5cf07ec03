package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/sync/errgroup"
)

// dataSourceBase gives every data source its type name and the provider data.
type dataSourceBase struct {
	name string // without the provider prefix, e.g. "users"
	data *ProviderData
}

func (d *dataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.name
}

func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	// ProviderData is nil until the provider is configured (e.g. during validation).
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*ProviderData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *provider.ProviderData, got %T. This is a bug in the provider; please report it.", req.ProviderData))
		return
	}
	d.data = data
}

// stableID derives a data source's id from the org and its arguments, so the
// id only changes when the question does.
func (d *dataSourceBase) stableID(args ...string) types.String {
	h := sha256.New()
	for _, s := range append([]string{d.data.OrgURL, d.name}, args...) {
		// Length-prefixed so ("a","bc") and ("ab","c") differ. A hash never
		// fails to write.
		_, _ = fmt.Fprintf(h, "%d:%s;", len(s), s)
	}
	return types.StringValue(hex.EncodeToString(h.Sum(nil))[:32])
}

// forEach runs fn for every item with the provider's concurrency bound and
// returns the first error.
func (d *dataSourceBase) forEach(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	limit := d.data.Concurrency
	if limit < 1 {
		limit = 1
	}
	g.SetLimit(limit)
	for i := 0; i < n; i++ {
		g.Go(func() error { return fn(ctx, i) })
	}
	return g.Wait()
}

// timeValue renders a timestamp as RFC 3339 in UTC; Okta's null is the zero time.
func timeValue(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// optionalString renders an empty string, which Okta uses for absent, as null.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// sortedStrings returns a sorted copy, never nil, so an empty set is known and
// empty rather than null.
func sortedStrings(in []string) []string {
	out := append([]string{}, in...)
	sort.Strings(out)
	return out
}

// stringSet reads a known set of strings from config; null gives nil.
func stringSet(ctx context.Context, v types.Set) ([]string, error) {
	if v.IsNull() || v.IsUnknown() {
		return nil, nil
	}
	var out []string
	if diags := v.ElementsAs(ctx, &out, false); diags.HasError() {
		return nil, fmt.Errorf("reading a set: %v", diags)
	}
	sort.Strings(out)
	return out, nil
}

// joinArgs renders a list argument for stableID.
func joinArgs(values []string) string { return strings.Join(values, ",") }
