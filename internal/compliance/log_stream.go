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
	Types []string
	// AcceptEventHooks also counts an ACTIVE, VERIFIED event hook delivering
	// to one of AllowedEventHookHosts as log offloading. An event hook sends
	// only the event types it subscribes to, not the whole System Log, so it
	// counts only when asked and only towards hosts named.
	AcceptEventHooks      bool
	AllowedEventHookHosts []string // host names, compared case-insensitively
	Exceptions            []Exception
}

// Normalized folds and sorts the types and hosts. Accepting event hooks needs
// at least one allowed host (a hook to any host would count a chat webhook as
// a log server); hosts without accepting hooks would be ignored, so they are
// refused too.
func (in LogStreamInput) Normalized() (LogStreamInput, error) {
	out := in
	out.Types = foldedSet(in.Types)
	out.AllowedEventHookHosts = foldedSet(in.AllowedEventHookHosts)
	for _, h := range out.AllowedEventHookHosts {
		if h == "" || strings.ContainsAny(h, "/:@ *") {
			return LogStreamInput{}, fmt.Errorf("allowed_event_hook_hosts: %q is not a host name; give the host alone, "+
				"e.g. siem.example.com (no scheme, port, path or wildcard)", h)
		}
	}
	switch {
	case in.AcceptEventHooks && len(out.AllowedEventHookHosts) == 0:
		return LogStreamInput{}, fmt.Errorf("allowed_event_hook_hosts must name at least one host when " +
			"accept_event_hooks is true: only a hook to your log server is log offloading")
	case !in.AcceptEventHooks && len(out.AllowedEventHookHosts) > 0:
		return LogStreamInput{}, fmt.Errorf("allowed_event_hook_hosts is set but accept_event_hooks is false: " +
			"set accept_event_hooks = true to count event hooks, or remove the hosts")
	}
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
	facts := map[string]string{}
	evaluated := len(streams)
	if in.AcceptEventHooks {
		if f.EventHooks == nil {
			return Result{}, missing("event hooks")
		}
		var hookRows []any
		for _, h := range f.EventHooks {
			hookRows = append(hookRows, map[string]any{
				"id": h.ID, "name": h.Name, "status": h.Status, "verification_status": h.VerificationStatus, "host": h.Host,
			})
			if ok, why := in.hookOffloads(h); ok {
				streaming = append(streaming, "event hook "+h.Name)
			} else {
				near = append(near, fmt.Sprintf("event hook %q %s", h.Name, why))
			}
		}
		fp, err := factsFingerprint(hookRows)
		if err != nil {
			return Result{}, err
		}
		facts["event_hooks"] = fp
		evaluated += len(f.EventHooks)
	}
	var findings []finding
	if len(streaming) == 0 {
		what := "ACTIVE log stream"
		if len(in.Types) > 0 {
			what += " of type " + strings.Join(in.Types, " or ")
		}
		none := "the org has no log stream"
		if in.AcceptEventHooks {
			what += " or ACTIVE, VERIFIED event hook to " + strings.Join(in.AllowedEventHookHosts, ", ")
			none = "the org has no log stream or event hook"
		}
		reason := "no " + what + " sends the System Log to a central log server"
		slices.Sort(near)
		if len(near) == 0 {
			reason += ": " + none
		} else {
			reason += ": " + strings.Join(near, "; ")
		}
		findings = append(findings, policyFinding(LogStreamSubject, "", reason))
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	facts["log_streams"] = fp
	return finish(f, evaluation{
		check: CheckLogStream,
		input: in,
		inputs: map[string]any{"types": nonNil(in.Types), "accept_event_hooks": in.AcceptEventHooks,
			"allowed_event_hook_hosts": nonNil(in.AllowedEventHookHosts)},
		evaluated: evaluated,
		findings:  findings,
		facts:     facts,
		details:   map[string]any{"streaming": sortedSet(streaming)},
	}, in.Exceptions)
}

// hookOffloads reports whether an event hook counts as log offloading, and
// if not, why.
func (in LogStreamInput) hookOffloads(h okta.EventHook) (bool, string) {
	switch {
	case !strings.EqualFold(h.Status, "ACTIVE"):
		return false, "is " + orNotSet(strings.ToUpper(h.Status))
	case !strings.EqualFold(h.VerificationStatus, okta.EventHookVerified):
		return false, "is " + orNotSet(strings.ToUpper(h.VerificationStatus)) + ", not VERIFIED"
	case h.Host == "" || !slices.Contains(in.AllowedEventHookHosts, fold(h.Host)):
		return false, "delivers to " + orNotSet(h.Host) + ", not an allowed host"
	}
	return true, ""
}

// LogStreamTypes are the log stream types Okta offers.
var LogStreamTypes = []string{okta.LogStreamAWSEventBridge, okta.LogStreamSplunkCloud}
