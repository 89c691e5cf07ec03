package compliance

import (
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func stream(id, name, typ, status string) okta.LogStream {
	return okta.LogStream{ID: id, Name: name, Type: typ, Status: status}
}

func TestLogStream(t *testing.T) {
	splunk := stream("0oaS", "SIEM", "splunk_cloud_logstreaming", "ACTIVE")
	splunkOff := stream("0oaS", "SIEM", "splunk_cloud_logstreaming", "INACTIVE")
	bridge := stream("0oaB", "Data lake", "aws_eventbridge", "ACTIVE")
	bridgeOff := stream("0oaB", "Data lake", "aws_eventbridge", "INACTIVE")
	tests := []struct {
		name    string
		streams []okta.LogStream
		in      LogStreamInput
		reason  string // the one violation's reason; "" for a pass
	}{
		{name: "one active stream", streams: []okta.LogStream{splunk, bridgeOff}},
		{name: "no stream", streams: []okta.LogStream{},
			reason: "no ACTIVE log stream sends the System Log to a central log server: the org has no log stream"},
		{name: "every stream inactive", streams: []okta.LogStream{splunkOff, bridgeOff},
			reason: `no ACTIVE log stream sends the System Log to a central log server: "Data lake" (aws_eventbridge) is INACTIVE; "SIEM" (splunk_cloud_logstreaming) is INACTIVE`},
		{name: "of an allowed type", streams: []okta.LogStream{splunkOff, bridge}, in: LogStreamInput{Types: []string{"AWS_EventBridge"}}},
		{name: "active only of another type", streams: []okta.LogStream{splunk, bridgeOff}, in: LogStreamInput{Types: []string{"aws_eventbridge"}},
			reason: `no ACTIVE log stream of type aws_eventbridge sends the System Log to a central log server: "Data lake" (aws_eventbridge) is INACTIVE; "SIEM" is ACTIVE but of type splunk_cloud_logstreaming`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(LogStream(&Facts{Now: now, LogStreams: tt.streams}, tt.in))
			if r.SubjectsEvaluated != len(tt.streams) {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, len(tt.streams))
			}
			if want := []string{"SOC2 CC7.2", STIGLogOffload}; !slices.Equal(soc2AndSTIG(r.Controls), want) {
				t.Errorf("controls %q, want %q", r.Controls, want)
			}
			if tt.reason == "" {
				assertLines(t, r.Violations)
				return
			}
			assertLines(t, r.Violations, LogStreamSubject+": "+tt.reason)
		})
	}
}

func TestLogStreamWaivedAndMissing(t *testing.T) {
	r := mustOK(t)(LogStream(&Facts{Now: now, LogStreams: []okta.LogStream{}},
		LogStreamInput{Exceptions: []Exception{{Subject: "Log Streams", Reason: "the SIEM pulls the System Log over the API (SEC-7)", Expires: "2027-01-31"}}}))
	if r.Status != StatusPass || len(r.ExceptionsApplied) != 1 {
		t.Errorf("the exception on \"log streams\" should waive the violation: %+v", r)
	}
	if !strings.Contains(r.Evidence, `"streaming":[]`) {
		t.Errorf("evidence %s", r.Evidence)
	}
	var mf *MissingFactsError
	if _, err := LogStream(&Facts{Now: now}, LogStreamInput{}); !asMissing(err, &mf) {
		t.Errorf("log streams not loaded: %v", err)
	}
}
