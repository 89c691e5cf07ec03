package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/customtypes"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

var (
	_ datasource.DataSourceWithConfigure      = (*systemLogDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*systemLogDataSource)(nil)
)

// defaultMaxEvents is max_events when it is not set.
const defaultMaxEvents = 10000

// eventTypePattern is an Okta event type, e.g. user.session.start.
var eventTypePattern = regexp.MustCompile(`^[A-Za-z0-9_]+(\.[A-Za-z0-9_-]+)+$`)

func newSystemLogDataSource() datasource.DataSource {
	return &systemLogDataSource{dataSourceBase{name: "system_log"}}
}

type systemLogDataSource struct{ dataSourceBase }

type systemLogModel struct {
	ID         types.String    `tfsdk:"id"`
	Since      types.String    `tfsdk:"since"`
	Until      types.String    `tfsdk:"until"`
	Filter     types.String    `tfsdk:"filter"`
	EventTypes types.Set       `tfsdk:"event_types"`
	MaxEvents  types.Int64     `tfsdk:"max_events"`
	Events     []logEventModel `tfsdk:"events"`
	Truncated  types.Bool      `tfsdk:"truncated"`
}

type logEventModel struct {
	UUID               types.String `tfsdk:"uuid"`
	Published          types.String `tfsdk:"published"`
	EventType          types.String `tfsdk:"event_type"`
	DisplayMessage     types.String `tfsdk:"display_message"`
	Severity           types.String `tfsdk:"severity"`
	OutcomeResult      types.String `tfsdk:"outcome_result"`
	OutcomeReason      types.String `tfsdk:"outcome_reason"`
	ActorID            types.String `tfsdk:"actor_id"`
	ActorType          types.String `tfsdk:"actor_type"`
	ActorAlternateID   types.String `tfsdk:"actor_alternate_id"`
	ClientIP           types.String `tfsdk:"client_ip"`
	TargetIDs          []string     `tfsdk:"target_ids"`
	TargetAlternateIDs []string     `tfsdk:"target_alternate_ids"`
}

func (d *systemLogDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	list := func(desc string) schema.Attribute {
		return schema.ListAttribute{MarkdownDescription: desc, ElementType: types.StringType, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the System Log events published in a window `[since, until)`. The query is always " +
			"bounded (`until` is sent), so its pages end; every page is followed until the window is read or " +
			"`max_events` is exceeded. A window is read once per plan and shared. The System Log keeps 90 days. " +
			"Without `until` the window ends at the time of the plan, so the events change from plan to plan, as a " +
			"data source's may. Needs `okta.logs.read`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A stable id derived from the org and the arguments.",
				Computed:            true,
			},
			"since": schema.StringAttribute{
				MarkdownDescription: "The start of the window (inclusive), RFC 3339, e.g. `2026-01-01T00:00:00Z` or " +
					"`timeadd(plantimestamp(), \"-720h\")`. Not after the plan's instant (the provider's `as_of` when set), " +
					"and at most 90 days before now: Okta counts its 90 days from the moment it is asked, even with an " +
					"`as_of` in the past.",
				Required:   true,
				Validators: []validator.String{validators.Timestamp()},
			},
			"until": schema.StringAttribute{
				MarkdownDescription: "The end of the window (exclusive), RFC 3339; after `since`. Default: the time of " +
					"the plan (to the second; the provider's `as_of` when set), which every `oktagate_system_log` of the " +
					"plan shares.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{validators.Timestamp()},
			},
			"filter": schema.StringAttribute{
				MarkdownDescription: "An Okta filter expression, e.g. `outcome.result eq \"FAILURE\"` or " +
					"`target.id eq \"00u…\"`, sent to Okta as is (and-ed with `event_types`).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"event_types": schema.SetAttribute{
				MarkdownDescription: "Keep only these event types, e.g. `user.lifecycle.deactivate`. Sent to Okta as " +
					"`(eventType eq \"…\" or …)`, and-ed with `filter`.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(eventTypePattern,
						"must be an Okta event type such as user.session.start")),
				},
			},
			"max_events": schema.Int64Attribute{
				CustomType: customtypes.WholeNumber,
				MarkdownDescription: fmt.Sprintf("The most events kept (the earliest); `truncated` is true when more matched. "+
					"Default %d.", defaultMaxEvents),
				Optional:   true,
				Computed:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"truncated": schema.BoolAttribute{
				MarkdownDescription: "Whether more events matched than `max_events`.",
				Computed:            true,
			},
			"events": schema.ListNestedAttribute{
				MarkdownDescription: "The events, sorted by `published`, then `uuid`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"uuid":                 str("The event's unique id."),
						"published":            str("When the event was published, RFC 3339 in UTC with Okta's fractional seconds (milliseconds), e.g. `2026-11-01T10:00:00.123Z`, so events of one second keep their order."),
						"event_type":           str("The event type, e.g. `user.session.start`."),
						"display_message":      str("Okta's description of the event."),
						"severity":             str("`DEBUG`, `INFO`, `WARN` or `ERROR`."),
						"outcome_result":       str("`SUCCESS`, `FAILURE`, `SKIPPED`, `ALLOW`, `DENY`, `CHALLENGE` or `UNKNOWN`; null when absent."),
						"outcome_reason":       str("Why the outcome is what it is; null when absent."),
						"actor_id":             str("The id of who acted (a user, app or system principal)."),
						"actor_type":           str("The actor's type, e.g. `User`."),
						"actor_alternate_id":   str("The actor's alternate id, e.g. a login."),
						"client_ip":            str("The client's IP address; null when absent."),
						"target_ids":           list("The ids of the event's targets, in Okta's order."),
						"target_alternate_ids": list("The alternate ids of the event's targets, in the order of `target_ids`."),
					},
				},
			},
		},
	}
}

// ValidateConfig refuses a window Okta would refuse, before any request.
func (d *systemLogDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m systemLogModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	since, ok := knownTime(m.Since)
	if !ok {
		return
	}
	// The window is judged at the plan's instant, as_of when set, as the read
	// judges it. Terraform validates once more with the provider configured
	// before it reads the data source; validating alone (terraform validate,
	// and the first pass of a plan) the provider is not configured, and the
	// clock stands in: a since after the clock is after any as_of too, as_of
	// may not lie in the future.
	clock := time.Now().UTC()
	planNow := clock
	if d.data != nil && d.data.Snapshot != nil {
		planNow = d.data.Snapshot.PlanTime()
	}
	until, ok := knownTime(m.Until)
	if !ok {
		if !m.Until.IsNull() {
			return // unknown until plan time
		}
		until = planNow.Add(time.Minute) // only since can be checked
	}
	if fromValidationPlanTimestamp(since) || fromValidationPlanTimestamp(until) {
		return // checked when the data source is read, with the plan's time
	}
	addWindowError(&resp.Diagnostics, directory.LogWindow{Since: since, Until: until}, planNow, clock)
}

// fromValidationPlanTimestamp reports a time that comes from plantimestamp()
// as Terraform before 1.10 evaluates it while validating: the zero time,
// 0001-01-01T00:00:00Z, instead of an unknown value (hashicorp/terraform#35898).
// A window written as timeadd(plantimestamp(), "-720h") then lies near the
// year 1. Nobody reads the System Log of the year 1, so such a time is left to
// Read, which sees the plan's real time.
func fromValidationPlanTimestamp(t time.Time) bool { return t.Year() <= 1 }

// latest returns the later of two times.
func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// knownTime parses a known, valid timestamp attribute.
func knownTime(v types.String) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	return t, err == nil
}

// addWindowError reports a window Okta would refuse, or that starts after the
// plan's instant now (as_of when set); it returns whether it did. The 90 days
// the log keeps count back from clock, Okta's time, when it is later than now:
// with an as_of in the past Okta still refuses a since more than 90 days
// before the moment it is asked.
func addWindowError(diags *diag.Diagnostics, w directory.LogWindow, now, clock time.Time) bool {
	// A since after now is a mistake (a date typed wrong, a sign left out of
	// timeadd), not an empty window: say so, whatever until is.
	if w.Since.After(now) {
		diags.AddAttributeError(path.Root("since"), "System Log window starts in the future",
			fmt.Sprintf("since (%s) is after now (%s), so the window holds no events yet. Set since to a past time, "+
				"e.g. timeadd(plantimestamp(), \"-24h\").", w.Since.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
		return true
	}
	err := w.Check(latest(now, clock))
	if err == nil {
		return false
	}
	attr := path.Root("since")
	summary := "System Log window starts too early"
	if !w.Until.After(w.Since) {
		attr, summary = path.Root("until"), "System Log window is empty"
	}
	diags.AddAttributeError(attr, summary, upperFirst(err.Error())+".")
	return true
}

func (d *systemLogDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m systemLogModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	snap := d.data.Snapshot
	now := snap.PlanTime()
	since, _ := knownTime(m.Since) // the validator has checked it
	until, ok := knownTime(m.Until)
	if !ok {
		until = now
		m.Until = types.StringValue(until.Format(time.RFC3339))
	}
	if m.MaxEvents.IsNull() || m.MaxEvents.IsUnknown() {
		m.MaxEvents = types.Int64Value(defaultMaxEvents)
	}
	eventTypes := readStrings(ctx, m.EventTypes, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	w := directory.LogWindow{Since: since, Until: until, Filter: directory.LogFilter(m.Filter.ValueString(), eventTypes)}
	if addWindowError(&resp.Diagnostics, w, now, time.Now().UTC()) {
		return
	}
	res, err := snap.Logs(ctx, w, int(m.MaxEvents.ValueInt64()))
	if err != nil {
		addError(&resp.Diagnostics, "reading the System Log", err)
		return
	}
	m.ID = d.stableID(w.Since.UTC().Format(time.RFC3339Nano), w.Until.UTC().Format(time.RFC3339Nano), w.Filter,
		fmt.Sprint(m.MaxEvents.ValueInt64()))
	m.Truncated = types.BoolValue(res.Truncated)
	m.Events = make([]logEventModel, 0, len(res.Events))
	for _, e := range res.Events {
		m.Events = append(m.Events, logEventValue(e))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// publishedTime renders an event's published time in UTC with at least the
// milliseconds Okta publishes (more digits only if Okta sent them): whole
// seconds would make the events of one second look simultaneous, and a fixed
// width keeps the strings in the order of the times.
func publishedTime(t time.Time) string {
	s := t.UTC().Format("2006-01-02T15:04:05.000000000")
	frac := strings.TrimRight(s[len(s)-6:], "0") // the digits after the milliseconds
	return s[:len(s)-6] + frac + "Z"
}

func logEventValue(e okta.LogEvent) logEventModel {
	ids := make([]string, 0, len(e.Targets))
	alts := make([]string, 0, len(e.Targets))
	for _, t := range e.Targets {
		ids = append(ids, t.ID)
		alts = append(alts, t.AlternateID)
	}
	return logEventModel{
		UUID:               types.StringValue(e.UUID),
		Published:          types.StringValue(publishedTime(e.Published)),
		EventType:          types.StringValue(e.EventType),
		DisplayMessage:     optionalString(e.DisplayMessage),
		Severity:           optionalString(e.Severity),
		OutcomeResult:      optionalString(e.OutcomeResult),
		OutcomeReason:      optionalString(e.OutcomeReason),
		ActorID:            optionalString(e.Actor.ID),
		ActorType:          optionalString(e.Actor.Type),
		ActorAlternateID:   optionalString(e.Actor.AlternateID),
		ClientIP:           optionalString(e.ClientIP),
		TargetIDs:          ids,
		TargetAlternateIDs: alts,
	}
}
