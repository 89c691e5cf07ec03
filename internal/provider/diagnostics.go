package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

// addError turns an error from the client or the snapshot into a diagnostic
// whose summary says what to do about it and whose detail carries Okta's own
// words. doing says what the data source was reading ("reading users").
func addError(diags *diag.Diagnostics, doing string, err error) {
	summary, detail := describeError(err)
	diags.AddError(summary, "While "+doing+": "+detail)
}

func describeError(err error) (summary, detail string) {
	var oe *okta.Error
	if errors.As(err, &oe) {
		return oktaErrorSummary(oe), oktaErrorDetail(oe)
	}
	if until, ok := okta.RateLimitedUntil(err); ok {
		return "Okta rate limit exhausted until " + until.UTC().Format(time.RFC3339), err.Error()
	}
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "Okta request timed out", upperFirst(err.Error()) + ". Raise request_timeout, or check the network path to the org."
	case errors.Is(err, context.Canceled):
		return "Okta request canceled", err.Error()
	case errors.As(err, &ne):
		return "Cannot reach Okta", upperFirst(err.Error()) + ". Check org_url and the network path to the org."
	}
	return "Okta request failed", err.Error()
}

func oktaErrorSummary(e *okta.Error) string {
	switch {
	case (e.ErrorCode == "E0000011" || e.HTTPStatus == 401) && e.OAuth:
		return "Okta rejected the OAuth client's credentials"
	case e.ErrorCode == "E0000011" || e.HTTPStatus == 401:
		return "Okta rejected the API token"
	case e.ErrorCode == "E0000006" || e.HTTPStatus == 403:
		return "Missing Okta scope or admin role"
	case e.ErrorCode == "E0000047" || e.HTTPStatus == 429:
		return "Okta rate limit exhausted"
	case e.ErrorCode == "E0000031":
		return "Invalid search expression"
	case e.ErrorCode == "E0000007" || e.HTTPStatus == 404:
		return "Not found in Okta"
	case e.HTTPStatus >= 500:
		return "Okta server error"
	case e.HTTPStatus == 400:
		return "Okta rejected the request"
	}
	return "Okta API error"
}

// oktaErrorDetail quotes Okta's summary and causes, then the hint, then where
// the error came from so a support ticket can cite the request id.
func oktaErrorDetail(e *okta.Error) string {
	var b strings.Builder
	summary := e.ErrorSummary
	if summary == "" {
		summary = fmt.Sprintf("HTTP %d", e.HTTPStatus)
	}
	// Okta's summaries and causes may end with a period of their own.
	b.WriteString(strings.TrimRight(summary, ". "))
	if len(e.ErrorCauses) > 0 {
		causes := make([]string, len(e.ErrorCauses))
		for i, c := range e.ErrorCauses {
			causes[i] = strings.TrimRight(c, ". ")
		}
		b.WriteString(" (" + strings.Join(causes, "; ") + ")")
	}
	b.WriteString(".")
	switch {
	case e.Hint != "":
		b.WriteString(" " + upperFirst(e.Hint) + ".")
	case e.HTTPStatus == 401 && e.OAuth:
		b.WriteString(" The OAuth client's credentials or its access token were refused.")
	case e.HTTPStatus == 401:
		b.WriteString(" The API token is invalid or expired.")
	}
	var from []string
	if e.ErrorCode != "" {
		from = append(from, e.ErrorCode)
	}
	if e.HTTPStatus != 0 {
		from = append(from, fmt.Sprintf("HTTP %d", e.HTTPStatus))
	}
	if e.Method != "" || e.Path != "" {
		from = append(from, strings.TrimSpace(e.Method+" "+e.Path))
	}
	if e.RequestID != "" {
		from = append(from, "request id "+e.RequestID)
	}
	if len(from) > 0 {
		b.WriteString("\n\nOkta: " + strings.Join(from, ", "))
	}
	return b.String()
}

// upperFirst is validators.UpperFirst: the validators and the diagnostics
// start their messages the same way.
var upperFirst = validators.UpperFirst
