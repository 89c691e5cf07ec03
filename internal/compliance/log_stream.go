package compliance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// LogStreamSubject is the subject of the log stream check's one violation.
const LogStreamSubject = "log streams"

// LogStreamInput is the oktagate_log_stream_check's arguments.
type LogStreamInput struct {
	// Types are the log stream types that count (aws_eventbridge,
	// splunk_cloud_logstreaming); empty: any.
	Types      []string
	Exceptions []Exception
}

// Normalized folds and sorts the types.
func (in LogStreamInput) Normalized() (LogStreamInput, error) {
	out := in
	out.Types = foldedSet(in.Types)
	return out, nil
}

// LogStream passes when at least one ACTIVE log stream (of one of Types,
// when set) sends the System Log to a central log server. Otherwise one
// violation (subject "log streams") says what was found. Every log stream is
// a subject evaluated.
func LogStream(f *Facts, in LogStreamInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	streams := f.LogStreams
	if streams == nil {
		return Result{}, missing("log streams")
	}
	var rows []any
	var streaming, near []string
	for _, l := range streams {
		rows = append(rows, map[string]any{
			"id": l.ID, "name": l.Name, "type": l.Type, "status": l.Status, "destination": l.Destination,
		})
		typeOK := len(in.Types) == 0 || slices.Contains(in.Types, fold(l.Type))
		active := strings.EqualFold(l.Status, "ACTIVE")
		switch {
		case typeOK && active:
			streaming = append(streaming, l.Name)
		case !active:
			near = append(near, fmt.Sprintf("%q (%s) is %s", l.Name, l.Type, orNotSet(strings.ToUpper(l.Status))))
		default:
			near = append(near, fmt.Sprintf("%q is ACTIVE but of type %s", l.Name, orNotSet(l.Type)))
		}
	}
	var findings []finding
	if len(streaming) == 0 {
		reason := "no ACTIVE log stream sends the System Log to a central log server"
		if len(in.Types) > 0 {
			reason = "no ACTIVE log stream of type " + strings.Join(in.Types, " or ") + " sends the System Log to a central log server"
		}
		slices.Sort(near)
		if len(near) == 0 {
			reason += ": the org has no log stream"
		} else {
			reason += ": " + strings.Join(near, "; ")
		}
		findings = append(findings, policyFinding(LogStreamSubject, "", reason))
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	return finish(f, evaluation{
		check:     CheckLogStream,
		input:     in,
		inputs:    map[string]any{"types": nonNil(in.Types)},
		evaluated: len(streams),
		findings:  findings,
		facts:     map[string]string{"log_streams": fp},
		details:   map[string]any{"streaming": sortedSet(streaming)},
	}, in.Exceptions)
}

// LogStreamTypes are the log stream types Okta offers.
var LogStreamTypes = []string{okta.LogStreamAWSEventBridge, okta.LogStreamSplunkCloud}
