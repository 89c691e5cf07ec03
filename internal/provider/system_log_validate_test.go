package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
)

// validateLogWindow runs the System Log data source's ValidateConfig on a
// configuration with since and, unless empty, until.
func validateLogWindow(t *testing.T, since, until string) []string {
	t.Helper()
	return validateLogWindowWith(t, nil, since, until)
}

// validateLogWindowWith is validateLogWindow with the provider configured
// (data; nil: not configured, as while Terraform validates alone).
func validateLogWindowWith(t *testing.T, data *ProviderData, since, until string) []string {
	t.Helper()
	ctx := t.Context()
	d := as[*systemLogDataSource](t, newSystemLogDataSource())
	d.data = data
	var sr datasource.SchemaResponse
	d.Schema(ctx, datasource.SchemaRequest{}, &sr)
	set := map[string]tftypes.Value{"since": tftypes.NewValue(tftypes.String, since)}
	if until != "" {
		set["until"] = tftypes.NewValue(tftypes.String, until)
	}
	var resp datasource.ValidateConfigResponse
	d.ValidateConfig(ctx, datasource.ValidateConfigRequest{Config: tfsdk.Config{Schema: sr.Schema, Raw: configValue(t, sr.Schema.Type(), set)}}, &resp)
	var errs []string
	for _, e := range resp.Diagnostics.Errors() {
		errs = append(errs, e.Summary())
	}
	return errs
}

// TestSystemLogValidatesWindowsFromPlanTimestamp: Terraform before 1.10
// validates plantimestamp() as 0001-01-01T00:00:00Z, so the documented
// timeadd(plantimestamp(), "-720h") arrives as 0000-12-02; validation leaves
// such a window to the read instead of refusing it as older than 90 days, and
// still refuses a real one.
func TestSystemLogValidatesWindowsFromPlanTimestamp(t *testing.T) {
	zero := time.Time{}
	for _, tc := range []struct {
		name, since, until string
		want               string // the error summary, "" for none
	}{
		{"since from plantimestamp", zero.Add(-720 * time.Hour).Format(time.RFC3339), "", ""},
		{"a day from plantimestamp", zero.Add(-24 * time.Hour).Format(time.RFC3339), zero.Format(time.RFC3339), ""},
		{"a real window too old", time.Now().UTC().AddDate(0, 0, -120).Format(time.RFC3339), "", "System Log window starts too early"},
		{"a real empty window", "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", "System Log window is empty"},
		{"a recent window", time.Now().UTC().AddDate(0, 0, -1).Format(time.RFC3339), "", ""},
		{"since in the future", "2099-01-01T00:00:00Z", "", "System Log window starts in the future"},
		{"since in the future, until later", "2099-01-01T00:00:00Z", "2099-02-01T00:00:00Z", "System Log window starts in the future"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := validateLogWindow(t, tc.since, tc.until)
			got := strings.Join(errs, "; ")
			if got != tc.want {
				t.Errorf("since %s until %q: errors %q, want %q", tc.since, tc.until, got, tc.want)
			}
		})
	}
}

// TestSystemLogValidatesWindowAtAsOf: with the provider configured, the window
// is judged at as_of, not at the clock: a since after as_of starts in the
// future though the clock has passed it, and a window before as_of passes.
// The 90 days still count back from the clock, as Okta counts them.
func TestSystemLogValidatesWindowAtAsOf(t *testing.T) {
	clock := time.Now().UTC()
	asOf := clock.Add(-30 * 24 * time.Hour).Truncate(time.Second)
	configured := &ProviderData{Snapshot: directory.New(nil, directory.Options{PlanTime: asOf})}
	if got := configured.Snapshot.PlanTime(); !got.Equal(asOf) {
		t.Fatalf("PlanTime %s, want as_of %s", got, asOf)
	}
	stamp := func(t time.Time) string { return t.Format(time.RFC3339) }
	for _, tc := range []struct {
		name         string
		data         *ProviderData
		since, until string
		want         string // the error summary, "" for none
	}{
		{"after as_of, before the clock", configured, stamp(clock.Add(-48 * time.Hour)), "", "System Log window starts in the future"},
		{"after as_of, with until", configured, stamp(asOf.Add(time.Hour)), stamp(clock.Add(-time.Hour)), "System Log window starts in the future"},
		{"the day before as_of", configured, stamp(asOf.Add(-24 * time.Hour)), stamp(asOf), ""},
		{"up to as_of by default", configured, stamp(asOf.Add(-24 * time.Hour)), "", ""},
		{"within 90 days of as_of, not of the clock", configured, stamp(asOf.Add(-80 * 24 * time.Hour)), stamp(asOf), "System Log window starts too early"},
		{"an empty window", configured, stamp(asOf.Add(-time.Hour)), stamp(asOf.Add(-2 * time.Hour)), "System Log window is empty"},
		{"not configured: the clock stands in", nil, stamp(clock.Add(-48 * time.Hour)), "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(validateLogWindowWith(t, tc.data, tc.since, tc.until), "; ")
			if got != tc.want {
				t.Errorf("since %s until %q: errors %q, want %q", tc.since, tc.until, got, tc.want)
			}
		})
	}
}
