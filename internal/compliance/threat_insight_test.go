package compliance

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func TestThreatInsight(t *testing.T) {
	zones := []okta.NetworkZone{{ID: "nzoOffice", Name: "Office"}, {ID: "nzoVPN", Name: "VPN"}}
	const exempt = "ThreatInsight exempts this network zone (excludeZones): requests from its IP addresses are neither logged nor blocked"
	noAudit := ThreatInsightInput{}
	tests := []struct {
		name     string
		ti       okta.ThreatInsightConfiguration
		zones    []okta.NetworkZone // nil: not readable
		in       ThreatInsightInput
		want     []string
		controls []string // SOC2 and NIST
	}{
		{name: "block, nothing exempt", ti: okta.ThreatInsightConfiguration{Action: "block"}, zones: zones, in: DefaultThreatInsightInput(),
			controls: []string{"NIST800-53r5 SC-7", "NIST800-53r5 SI-4", "SOC2 CC6.6", "SOC2 CC7.2"}},
		{name: "audit, block required", ti: okta.ThreatInsightConfiguration{Action: "audit"}, zones: zones, in: DefaultThreatInsightInput(),
			want: []string{"ThreatInsight: action is audit: requests from suspicious IP addresses are logged but not blocked; want block (require_block)"}},
		{name: "audit accepted", ti: okta.ThreatInsightConfiguration{Action: "AUDIT"}, zones: zones, in: noAudit,
			controls: []string{"NIST800-53r5 SI-4", "SOC2 CC6.6", "SOC2 CC7.2"}},
		{name: "off, audit accepted", ti: okta.ThreatInsightConfiguration{Action: "none"}, zones: zones, in: noAudit,
			want: []string{"ThreatInsight: action is none: ThreatInsight is off and neither logs nor blocks requests from suspicious IP addresses; want block or audit"}},
		{name: "unknown action", ti: okta.ThreatInsightConfiguration{Action: "log"}, zones: zones, in: DefaultThreatInsightInput(),
			want: []string{"ThreatInsight: action is log, not one Okta defines (none, audit, block); want block"}},
		{name: "excluded zones named", ti: okta.ThreatInsightConfiguration{Action: "block", ExcludeZones: []string{"nzoVPN", "nzoGone", "nzoOffice"}},
			zones: zones, in: ThreatInsightInput{RequireBlock: true, AllowedExcludedZoneIDs: []string{" nzoOffice "}},
			want: []string{
				"VPN (nzoVPN): " + exempt + "; it is not in allowed_excluded_zone_ids",
				"nzoGone: " + exempt + "; it is not in allowed_excluded_zone_ids (the org has no zone with this id)",
			}},
		{name: "excluded zones by id when the zones are unreadable", ti: okta.ThreatInsightConfiguration{Action: "block", ExcludeZones: []string{"nzoVPN"}},
			in:   DefaultThreatInsightInput(),
			want: []string{"nzoVPN: " + exempt + "; allowed_excluded_zone_ids allows no zone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ti := tt.ti
			r := mustOK(t)(ThreatInsight(&Facts{Now: now, ThreatInsight: &ti, NetworkZones: tt.zones}, tt.in))
			assertLines(t, r.Violations, tt.want...)
			if r.SubjectsEvaluated != 1+len(tt.ti.ExcludeZones) {
				t.Errorf("evaluated %d", r.SubjectsEvaluated)
			}
			if tt.controls != nil {
				var got []string
				for _, c := range r.Controls {
					if strings.HasPrefix(c, FrameworkSOC2+" ") || strings.HasPrefix(c, FrameworkNIST+" ") {
						got = append(got, c)
					}
				}
				if !slices.Equal(got, tt.controls) {
					t.Errorf("controls %q, want %q", got, tt.controls)
				}
			}
			if tt.zones == nil && len(tt.ti.ExcludeZones) > 0 && len(r.Notes) != 1 {
				t.Errorf("notes %q: want one saying the zones were not readable", r.Notes)
			}
		})
	}
}

// TestThreatInsightWaivedAndMissing: a zone's exception names it by name or
// id; without the configuration the rule refuses to judge.
func TestThreatInsightWaivedAndMissing(t *testing.T) {
	ti := &okta.ThreatInsightConfiguration{Action: "block", ExcludeZones: []string{"nzoVPN"}}
	f := &Facts{Now: now, ThreatInsight: ti, NetworkZones: []okta.NetworkZone{{ID: "nzoVPN", Name: "VPN"}}}
	for _, subject := range []string{"vpn", "nzoVPN"} {
		in := DefaultThreatInsightInput()
		in.Exceptions = []Exception{{Subject: subject, Reason: "vendor scanner (SEC-9)", Expires: "2027-01-31"}}
		if r := mustOK(t)(ThreatInsight(f, in)); r.Status != StatusPass || len(r.ExceptionsApplied) != 1 {
			t.Errorf("exception on %q: %+v", subject, r)
		}
	}
	var mf *MissingFactsError
	if _, err := ThreatInsight(&Facts{Now: now}, DefaultThreatInsightInput()); !errors.As(err, &mf) {
		t.Errorf("error %v, want MissingFactsError", err)
	}
}
