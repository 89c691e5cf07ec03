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

func TestLogStreamEventHooks(t *testing.T) {
	splunkOff := stream("0oaS", "SIEM", "splunk_cloud_logstreaming", "INACTIVE")
	hook := func(id, name, status, verified, host string) okta.EventHook {
		return okta.EventHook{ID: id, Name: name, Status: status, VerificationStatus: verified, Host: host}
	}
	good := hook("who1", "SIEM hook", "ACTIVE", "VERIFIED", "siem.example.com")
	accept := LogStreamInput{AcceptEventHooks: true, AllowedEventHookHosts: []string{"SIEM.example.com"}}
	tests := []struct {
		name   string
		hooks  []okta.EventHook
		in     LogStreamInput
		reason string // "" for a pass
	}{
		{name: "a verified hook to an allowed host", hooks: []okta.EventHook{good}, in: accept},
		{name: "hooks not accepted by default", hooks: []okta.EventHook{good}, in: LogStreamInput{},
			reason: `no ACTIVE log stream sends the System Log to a central log server: "SIEM" (splunk_cloud_logstreaming) is INACTIVE`},
		{name: "every hook falls short", in: accept, hooks: []okta.EventHook{
			hook("who2", "Off", "INACTIVE", "VERIFIED", "siem.example.com"),
			hook("who3", "Unverified", "ACTIVE", "UNVERIFIED", "siem.example.com"),
			hook("who4", "Chat", "ACTIVE", "VERIFIED", "chat.example.com"),
			hook("who5", "Broken", "ACTIVE", "VERIFIED", ""),
		}, reason: `no ACTIVE log stream or ACTIVE, VERIFIED event hook to siem.example.com sends the System Log to a central log server: ` +
			`"SIEM" (splunk_cloud_logstreaming) is INACTIVE; event hook "Broken" delivers to not set, not an allowed host; ` +
			`event hook "Chat" delivers to chat.example.com, not an allowed host; event hook "Off" is INACTIVE; ` +
			`event hook "Unverified" is UNVERIFIED, not VERIFIED`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Facts{Now: now, LogStreams: []okta.LogStream{splunkOff}}
			if tt.in.AcceptEventHooks {
				f.EventHooks = tt.hooks
			}
			r := mustOK(t)(LogStream(f, tt.in))
			want := 1
			if tt.in.AcceptEventHooks {
				want += len(tt.hooks)
			}
			if r.SubjectsEvaluated != want {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, want)
			}
			if tt.reason == "" {
				assertLines(t, r.Violations)
				if !strings.Contains(r.Evidence, `"event hook SIEM hook"`) {
					t.Errorf("evidence does not name the hook that offloads: %s", r.Evidence)
				}
				return
			}
			assertLines(t, r.Violations, LogStreamSubject+": "+tt.reason)
		})
	}
	var mf *MissingFactsError
	if _, err := LogStream(&Facts{Now: now, LogStreams: []okta.LogStream{}}, accept); !asMissing(err, &mf) {
		t.Errorf("event hooks not loaded: %v", err)
	}
	for _, bad := range []struct {
		in   LogStreamInput
		want string
	}{
		{LogStreamInput{AcceptEventHooks: true}, "at least one host"},
		{LogStreamInput{AllowedEventHookHosts: []string{"siem.example.com"}}, "accept_event_hooks is false"},
		{LogStreamInput{AcceptEventHooks: true, AllowedEventHookHosts: []string{"https://siem.example.com"}}, "not a host name"},
		{LogStreamInput{AcceptEventHooks: true, AllowedEventHookHosts: []string{"*.example.com"}}, "not a host name"},
	} {
		if _, err := LogStream(&Facts{Now: now, LogStreams: []okta.LogStream{}, EventHooks: []okta.EventHook{}}, bad.in); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%+v: error %v, want %q", bad.in, err, bad.want)
		}
	}
}
