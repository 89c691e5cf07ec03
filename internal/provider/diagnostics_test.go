package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func TestDescribeError(t *testing.T) {
	cases := []struct {
		err     error
		summary string
		detail  []string
	}{
		{&okta.Error{HTTPStatus: 401, ErrorCode: "E0000011", ErrorSummary: "Invalid token provided"},
			"Okta rejected the API token", []string{"Invalid token provided.", "token is invalid or expired", "E0000011"}},
		{fmt.Errorf("listing groups: %w", &okta.Error{HTTPStatus: 403, ErrorCode: "E0000006",
			ErrorSummary: "You do not have permission to perform the requested action", Hint: "grant okta.groups.read"}),
			"Missing Okta scope or admin role", []string{"Grant okta.groups.read."}},
		{&okta.Error{HTTPStatus: 429, ErrorCode: "E0000047", ErrorSummary: "API call exceeded rate limit due to too many requests."},
			"Okta rate limit exhausted", []string{"exceeded rate limit"}},
		{&okta.Error{HTTPStatus: 400, ErrorCode: "E0000031", ErrorSummary: "Invalid search criteria.",
			ErrorCauses: []string{"Invalid search criteria: unexpected end at 21"}, Method: "GET", Path: "/api/v1/users", RequestID: "req-1"},
			"Invalid search expression", []string{"Invalid search criteria (Invalid search criteria: unexpected end at 21).", "GET /api/v1/users", "request id req-1"}},
		{&okta.Error{HTTPStatus: 503}, "Okta server error", []string{"HTTP 503"}},
		{fmt.Errorf("reading users: %w", context.DeadlineExceeded), "Okta request timed out", []string{"request_timeout"}},
		{fmt.Errorf("reading users: %w", &net.DNSError{Err: "no such host.", Name: "acme.okta.com"}), "Cannot reach Okta", []string{"no such host. Check org_url"}},
		// Under OAuth there is no API token to blame.
		{&okta.Error{HTTPStatus: 401, ErrorCode: "invalid_token", ErrorSummary: "The access token is invalid.", OAuth: true},
			"Okta rejected the OAuth client's credentials", []string{"The access token is invalid. The OAuth client's credentials"}},
	}
	for _, tc := range cases {
		summary, detail := describeError(tc.err)
		if summary != tc.summary {
			t.Errorf("%v: summary %q, want %q", tc.err, summary, tc.summary)
		}
		for _, d := range tc.detail {
			if !strings.Contains(detail, d) {
				t.Errorf("%v: detail %q does not contain %q", tc.err, detail, d)
			}
		}
		// One period ends a sentence, whether or not Okta's summary had one.
		if strings.Contains(detail, "..") {
			t.Errorf("%v: detail %q has a double period", tc.err, detail)
		}
		var oe *okta.Error
		if errors.As(tc.err, &oe) && oe.OAuth && strings.Contains(summary+detail, "API token") {
			t.Errorf("%v: an OAuth error speaks of an API token: %q / %q", tc.err, summary, detail)
		}
	}
}

// TestDescribeRateLimitResetTooFar: a 429 whose reset lies beyond
// max_rate_limit_wait says until when, and what to do, in the diagnostic.
func TestDescribeRateLimitResetTooFar(t *testing.T) {
	reset := time.Now().Add(7 * 24 * time.Hour).Unix()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Rate-Limit-Limit", "600")
		w.Header().Set("X-Rate-Limit-Remaining", "0")
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(reset, 10))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}`))
	}))
	defer srv.Close()
	c, err := okta.New(okta.Config{OrgURL: srv.URL, APIToken: "tok", MaxRateLimitWait: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListUsers(t.Context(), okta.UserQuery{})
	until := time.Unix(reset, 0).UTC().Format(time.RFC3339)
	summary, detail := describeError(err)
	if summary != "Okta rate limit exhausted until "+until {
		t.Errorf("summary %q", summary)
	}
	for _, want := range []string{"max_rate_limit_wait (1m0s)", "Run the plan again after " + until, `"users"`} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail %q does not contain %q", detail, want)
		}
	}
}
