package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
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
	if data, ok := configureFrom[*ProviderData](req.ProviderData, &resp.Diagnostics); ok {
		d.data = data
	}
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

// joinArgs renders a list argument for stableID.
func joinArgs(values []string) string { return strings.Join(values, ",") }

// orgIDPattern matches an Okta org id, which is what oktagate_snapshot's id is.
var orgIDPattern = regexp.MustCompile(`^00o[0-9A-Za-z]+$`)

// snapshotIDAttribute is the snapshot_id argument of every data source whose
// facts oktagate_snapshot holds. It carries no data: the reference to the
// snapshot is what orders the read after the snapshot's plan, where the
// provider's per-plan snapshot is seeded from the state.
//
// The reference must go through a local value. Terraform treats a data
// source's direct reference to a managed resource like depends_on, and defers
// the read to the apply whenever that resource has a change pending, which the
// snapshot has whenever the org changed. A reference to a local orders the read
// just the same and defers nothing, as the snapshot's id is known in the plan.
func snapshotIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Reads this data source after the org's snapshot. Set it to the id of the " +
			"`oktagate_snapshot` resource through a local value: `locals { snapshot_id = oktagate_snapshot.org.id }`, " +
			"then `snapshot_id = local.snapshot_id`. The value changes nothing in what is read; the reference " +
			"makes Terraform read this data source after it has planned the snapshot, which seeds the plan's " +
			"shared snapshot from the state and replays the System Log, so the users, factors, groups, members, " +
			"apps, assignments, grants and admin roles read here come from memory instead of from Okta. Without " +
			"it Terraform reads data sources alongside the snapshot, before the seed, and every plan reads those " +
			"lists from Okta again. Refer to the snapshot through a local, not directly and not with `depends_on`: Terraform defers to " +
			"the apply the read of a data source that names a managed resource with changes pending, in an " +
			"argument or in `depends_on`, and the snapshot has a change whenever the org changed since the stored " +
			"cursor, so this data source's values would be unknown in the plan. The snapshot's id is the org's id " +
			"and is known while planning, so the local defers nothing. It must be the id of a snapshot of the org " +
			"this data source reads (the same provider configuration); another org's id is an error.",
		Optional: true,
		Validators: []validator.String{
			stringvalidator.RegexMatches(orgIDPattern, "must be an org id (00o…): refer to oktagate_snapshot.<name>.id through a local"),
		},
	}
}

// checkSnapshotID refuses a snapshot_id that is not the id of the org this
// data source reads: the reference would then order the read after a snapshot
// of another org (a provider alias mix-up) and seed nothing this read uses.
// An unset or unknown value passes. It reports whether the read may go on.
func (d *dataSourceBase) checkSnapshotID(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) bool {
	var id types.String
	if ds := config.GetAttribute(ctx, path.Root("snapshot_id"), &id); ds.HasError() {
		diags.Append(ds...)
		return false
	}
	if id.IsNull() || id.IsUnknown() {
		return true
	}
	org, err := d.data.Snapshot.Org(ctx)
	if err != nil {
		addError(diags, "reading the org's id to compare with snapshot_id", err)
		return false
	}
	if got := id.ValueString(); got != org.ID {
		diags.AddAttributeError(path.Root("snapshot_id"), "snapshot_id names a snapshot of another org",
			fmt.Sprintf("snapshot_id is %s, but the provider configuration this data source uses reads org %s at %s. "+
				"Refer to the id of the oktagate_snapshot that uses the same provider configuration as this data "+
				"source (with provider aliases, give both the same `provider = oktagate.<alias>`), through a "+
				"local: locals { snapshot_id = oktagate_snapshot.org.id }, then snapshot_id = local.snapshot_id.",
				got, org.ID, d.data.OrgURL))
		return false
	}
	return true
}
