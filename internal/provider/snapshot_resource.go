package provider

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

// snapshotPrivateKey is the private state key holding the compact snapshot.
const snapshotPrivateKey = "compact"

type snapshotModel struct {
	CacheDir    types.String `tfsdk:"cache_dir"`
	RescanAfter types.String `tfsdk:"rescan_after"`
	ID          types.String `tfsdk:"id"`
	TakenAt     types.String `tfsdk:"taken_at"`
	LogCursor   types.String `tfsdk:"log_cursor"`
	Users       types.Int64  `tfsdk:"users"`
	Factors     types.Int64  `tfsdk:"factors"`
	Groups      types.Int64  `tfsdk:"groups"`
	Apps        types.Int64  `tfsdk:"apps"`
	Fingerprint types.String `tfsdk:"fingerprint"`
}

type snapshotResource struct{ provResource }

func newSnapshotResource() resource.Resource {
	return &snapshotResource{provResource{name: "snapshot"}}
}

var (
	_ resource.Resource               = (*snapshotResource)(nil)
	_ resource.ResourceWithConfigure  = (*snapshotResource)(nil)
	_ resource.ResourceWithModifyPlan = (*snapshotResource)(nil)
)

func (r *snapshotResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	computedCount := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Keeps the org's snapshot between plans so that a plan does not rescan the org. " +
			"A full scan costs one request per user (the factor lists) and, at Okta's rate limits, hours in a " +
			"100k-user org. This resource stores the snapshot's compact facts and its System Log cursor in its " +
			"private state, in whatever backend holds the state: only what the checks read (users with their " +
			"status, timestamps, type, login and email, but no other profile attribute; factors without their " +
			"profiles, so no phone number, device name or security question; groups and members, apps without " +
			"client secrets, app assignments, grants and admin roles). The data sources that show more (a user's " +
			"`profile`, a factor's `profile`) read it from Okta again. Each plan seeds the " +
			"snapshot from there and replays the System Log since the cursor (lifecycle, factor, membership, " +
			"assignment, privilege and consent events), refetching only what the events name. When the log no " +
			"longer covers the gap (it keeps 90 days), or `rescan_after` has passed, the plan makes a full scan.\n\n" +
			"Plan it before the checks and data sources: give every check `depends_on = [oktagate_snapshot.org]`, " +
			"and every data source `snapshot_id = local.snapshot_id` with `locals { snapshot_id = oktagate_snapshot.org.id }` " +
			"(through a local: Terraform defers to the apply a data source that names a changed managed resource directly). On the " +
			"main branch, applying the gate's plan stores the snapshot; when a blocking check fails that plan, " +
			"`terraform apply -target=oktagate_snapshot.org` stores it alone (the checks are left out); a pull " +
			"request's plan starts from it. A plan shows an in-place update of this resource exactly when the org " +
			"changed since the stored cursor (or the state holds an older provider's format), and no change otherwise. " +
			"With the provider's `as_of = plantimestamp()` the plan also leaves the snapshot in the temporary " +
			"directory (one file per org, its owner's only, removed once used) for the apply of the same saved plan, " +
			"which starts from it instead of reading the org again. `cache_dir` keeps the same " +
			"snapshot in a local directory too, for configurations that are planned but never applied. " +
			"Read-only: it never writes to Okta. Requires `okta.logs.read` and `okta.orgs.read` besides the scopes the checks need.",
		Attributes: map[string]schema.Attribute{
			"cache_dir": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A directory that also keeps the snapshot, one file per org (named for a hash " +
					"of the org URL), read when the state holds none and written on every plan. For runners that " +
					"keep a directory between runs and configurations that are never applied. Unset: state only.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"rescan_after": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Make a full scan once the stored snapshot's full scan is this old (a Go " +
					"duration, e.g. `\"168h\"` for weekly), to bound what events the log does not report could " +
					"leave stale. Unset: rescan only when the System Log cannot cover the gap.",
				Validators: []validator.String{validators.Duration()},
			},
			"id":          computedString("The org's id (`00o…`): a snapshot is kept per org."),
			"taken_at":    computedString("When the full scan this snapshot descends from was made (RFC 3339)."),
			"log_cursor":  computedString("The instant up to which the System Log has been replayed into the snapshot (RFC 3339). It moves only when the log held changes."),
			"users":       computedCount("Users in the snapshot, DEPROVISIONED included."),
			"factors":     computedCount("Factors in the snapshot (of every user who is not DEPROVISIONED, and of every admin)."),
			"groups":      computedCount("Groups in the snapshot."),
			"apps":        computedCount("Apps in the snapshot."),
			"fingerprint": computedString("SHA-256 of the stored snapshot: it changes whenever the snapshot does."),
		},
	}
}

// ModifyPlan brings the snapshot current: it is where the work happens, before
// any check that depends on this resource is planned.
func (r *snapshotResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy, or validation before the provider is configured
	}
	var plan snapshotModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.CacheDir.IsUnknown() || plan.RescanAfter.IsUnknown() {
		return // unknown inputs are known at apply, and planned again then
	}
	var stored *directory.Compact
	from := "nowhere (first plan)"
	if raw, d := req.Private.GetKey(ctx, snapshotPrivateKey); !d.HasError() && len(raw) > 0 {
		var err error
		if stored, err = decodePrivate(raw); err != nil {
			resp.Diagnostics.AddWarning("The snapshot in the state cannot be used", err.Error()+". This plan scans the whole org.")
		} else {
			from = "the state"
		}
	}
	if stored == nil && !r.data.AsOf.IsZero() {
		// The apply of a saved plan that creates the snapshot: start where the
		// plan ended instead of reading the org again (plan_handoff.go).
		if c, err := readHandoff(r.data.OrgURL, r.data.AsOf); err == nil && c != nil {
			stored, from = c, "the plan being applied"
			defer func() { _ = os.Remove(handoffFile(r.data.OrgURL)) }()
		}
	}
	// Leave the snapshot for the apply of this plan (as_of) unless the apply
	// starts from it anyway: it was handed over by this plan's own plan, or
	// it was replayed from the state. Then the plan updates this resource, so
	// the apply plans it again first, from the same state, and what depends on
	// it after it. (Unchanged, this resource is not planned again at apply, and
	// a check planned there finds the snapshot in the handoff.) At 100k users
	// exporting and encoding the snapshot costs a second of CPU and a hundred
	// megabytes a re-plan has better use for.
	handoff := func(res directory.RefreshResult) bool {
		return !r.data.AsOf.IsZero() && from != "the plan being applied" &&
			(from != "the state" || res.Mode != directory.RefreshReplayed)
	}
	res, encoded, ok := r.bringCurrent(ctx, plan, stored, from, handoff, &resp.Diagnostics)
	if !ok {
		return
	}
	if handoff(res) {
		if err := writeHandoff(r.data.OrgURL, r.data.AsOf, encoded); err != nil {
			tflog.Warn(ctx, "could not leave the plan's snapshot for its apply", map[string]any{"error": err.Error()})
		}
	}
	if req.State.Raw.IsNull() {
		// Terraform does not hand a new resource's planned private data to its
		// creation, so Create brings the snapshot current itself and the
		// computed values stay unknown until then; the org's id is known now,
		// so what refers to it is not deferred.
		plan.ID = types.StringValue(res.OrgID)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return
	}
	var prior snapshotModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if res.Mode == directory.RefreshUnchanged && stored != nil && prior.LogCursor.ValueString() != "" {
		// Nothing new: the stored snapshot stands and the plan shows no change.
		copyComputed(&plan, &prior)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return
	}
	// The org changed. Terraform plans this resource again at apply, in
	// another process and at a later instant, so the new cursor and counts are
	// left to Update, which brings the snapshot current again from the stored
	// one (a replay of the minutes in between).
	plan.ID = prior.ID
	plan.TakenAt, plan.LogCursor, plan.Fingerprint = types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
	plan.Users, plan.Factors, plan.Groups, plan.Apps = types.Int64Unknown(), types.Int64Unknown(), types.Int64Unknown(), types.Int64Unknown()
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// bringCurrent refreshes the process's snapshot from stored (or, failing that,
// from cache_dir, or with a full scan), writes cache_dir, and returns the
// result, with its encoding when encode says so of the result. The plan does
// not encode unless cache_dir needs writing or the apply needs a handoff: at
// 100k users the encoding is megabytes the plan would build only to drop.
func (r *snapshotResource) bringCurrent(ctx context.Context, m snapshotModel, stored *directory.Compact, from string, encode func(directory.RefreshResult) bool, diags *diag.Diagnostics) (directory.RefreshResult, []byte, bool) {
	var rescan time.Duration
	if s := m.RescanAfter.ValueString(); s != "" {
		rescan, _ = time.ParseDuration(s) // validated
	}
	dir := m.CacheDir.ValueString()
	if stored == nil && dir != "" {
		if c, err := directory.ReadCacheFile(dir, r.data.OrgURL); err != nil {
			diags.AddWarning("The snapshot in cache_dir cannot be used", err.Error()+". This plan scans the whole org.")
		} else if c != nil {
			stored, from = c, "cache_dir"
		}
	}
	snap := r.data.Snapshot
	md, err := snap.Org(ctx)
	if err != nil {
		addError(diags, "reading the org's id for its snapshot", err)
		return directory.RefreshResult{}, nil, false
	}
	stopLog := logScanProgress(ctx, r.data.Progress, progressLogEvery)
	res, err := snap.Refresh(ctx, directory.RefreshInput{Stored: stored, OrgID: md.ID, RescanAfter: rescan})
	stopLog(res.Mode == directory.RefreshFullScan)
	if err != nil {
		addError(diags, "bringing the org's snapshot current", err)
		return directory.RefreshResult{}, nil, false
	}
	if res.Why != "" {
		diags.AddWarning("The stored snapshot was not used: the whole org was read",
			fmt.Sprintf("The snapshot from %s could not be used: %s. Apply this configuration to store a new one.", from, res.Why))
	}
	tflog.Info(ctx, "org snapshot", map[string]any{"mode": res.Mode, "from": from, "events": res.Replay.Events,
		"users_refetched": res.Replay.Users, "factor_lists_refetched": res.Replay.Factors})
	writeCache := dir != "" && res.Mode != directory.RefreshUnchanged
	if !encode(res) && !writeCache {
		return res, nil, true
	}
	c, err := res.Compact()
	if err != nil {
		addError(diags, "exporting the org's snapshot", err)
		return directory.RefreshResult{}, nil, false
	}
	encoded, err := c.Encode()
	if err != nil {
		diags.AddError("Could not encode the org's snapshot", err.Error()+". This is a bug in the provider; please report it.")
		return directory.RefreshResult{}, nil, false
	}
	if writeCache {
		if err := directory.WriteCacheFile(dir, r.data.OrgURL, encoded); err != nil {
			diags.AddWarning("Could not write the snapshot cache file",
				fmt.Sprintf("Writing the snapshot to cache_dir %q failed: %v. The plan is unaffected; the next plan without state will read the whole org.", dir, err))
		}
	}
	return res, encoded, true
}

// always encodes: Create and Update store what they bring current.
func always(directory.RefreshResult) bool { return true }

// setComputed fills the computed attributes from res's snapshot, which
// bringCurrent has exported (and encoded) already.
func setComputed(m *snapshotModel, res directory.RefreshResult, encoded []byte, diags *diag.Diagnostics) {
	c, err := res.Compact()
	if err != nil {
		addError(diags, "exporting the org's snapshot", err)
		return
	}
	sum := sha256.Sum256(encoded)
	users, factors, groups, apps := c.Counts()
	m.ID = types.StringValue(c.OrgID)
	m.TakenAt = types.StringValue(c.TakenAt.Format(time.RFC3339))
	m.LogCursor = types.StringValue(c.Cursor.Format(time.RFC3339))
	m.Users, m.Factors = types.Int64Value(int64(users)), types.Int64Value(int64(factors))
	m.Groups, m.Apps = types.Int64Value(int64(groups)), types.Int64Value(int64(apps))
	m.Fingerprint = types.StringValue(hex.EncodeToString(sum[:]))
}

// Private state values must be JSON: the gzip bytes go in as a base64 string.
func encodePrivate(encoded []byte) []byte {
	value, _ := json.Marshal(base64.StdEncoding.EncodeToString(encoded))
	return value
}

func decodePrivate(raw []byte) (*directory.Compact, error) {
	var b64 string
	if err := json.Unmarshal(raw, &b64); err != nil {
		return nil, fmt.Errorf("%w: %w", directory.ErrCompactUnusable, err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", directory.ErrCompactUnusable, err)
	}
	return directory.DecodeCompact(data)
}

// progressLogEvery is how often a plan logs the progress of a full scan.
var progressLogEvery = time.Minute

// logScanProgress logs p at INFO every interval until the returned stop is
// called, so that `TF_LOG=INFO` shows how far the first scan of a large org
// is (users read of total, requests per bucket, estimated end) where
// Terraform shows only "Still reading…". A tick before the user list has
// started (a replay from a stored snapshot) logs nothing. stop(true) logs the
// final count once more: the scan is complete.
func logScanProgress(ctx context.Context, p *directory.Progress, every time.Duration) (stop func(final bool)) {
	if p == nil {
		return func(bool) {}
	}
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if r := p.Report(); r.UsersTotal > 0 {
					tflog.Info(ctx, "org snapshot progress: "+r.String(), r.Fields())
				}
			}
		}
	}()
	return func(final bool) {
		close(done)
		<-ended
		if r := p.Report(); final && r.UsersTotal > 0 {
			tflog.Info(ctx, "org snapshot scan complete: "+r.String(), r.Fields())
		}
	}
}

func copyComputed(dst, src *snapshotModel) {
	dst.ID, dst.TakenAt, dst.LogCursor = src.ID, src.TakenAt, src.LogCursor
	dst.Users, dst.Factors, dst.Groups, dst.Apps = src.Users, src.Factors, src.Groups, src.Apps
	dst.Fingerprint = src.Fingerprint
}

func (r *snapshotResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan snapshotModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	res, encoded, ok := r.bringCurrent(ctx, plan, nil, "nowhere (first apply)", always, &resp.Diagnostics)
	if !ok {
		return
	}
	setComputed(&plan, res, encoded, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, snapshotPrivateKey, encodePrivate(encoded))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *snapshotResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	// The snapshot is brought current in ModifyPlan; reading changes nothing.
	var state snapshotModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update brings the snapshot current from the stored one and stores it. In
// the apply process the plan of this resource has already done so (Refresh
// runs once per process), and the checks planned again after it see the same
// snapshot.
func (r *snapshotResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan snapshotModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var stored *directory.Compact
	if raw, d := req.Private.GetKey(ctx, snapshotPrivateKey); !d.HasError() && len(raw) > 0 {
		stored, _ = decodePrivate(raw)
	}
	res, encoded, ok := r.bringCurrent(ctx, plan, stored, "the state", always, &resp.Diagnostics)
	if !ok {
		return
	}
	setComputed(&plan, res, encoded, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, snapshotPrivateKey, encodePrivate(encoded))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete only forgets the snapshot: nothing in Okta belongs to it.
func (r *snapshotResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
