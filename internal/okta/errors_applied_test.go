package okta

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestMayHaveApplied(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"dropped connection", &requestError{method: "POST", path: "/api/v1/users", attempts: 1, err: io.ErrUnexpectedEOF}, true},
		{"malformed body", fmt.Errorf("creating: %w", &requestError{method: "POST", path: "/api/v1/apps", attempts: 1, err: errMalformed}), true},
		{"server error", &Error{HTTPStatus: 503, ErrorCode: "E0000009"}, true},
		{"refused", &Error{HTTPStatus: 400, ErrorCode: "E0000001"}, false},
		{"forbidden", &Error{HTTPStatus: 403, ErrorCode: "E0000006"}, false},
		{"rate limited", &Error{HTTPStatus: 429, ErrorCode: "E0000047"}, false},
		{"other", errors.New("config"), false},
	}
	for _, c := range cases {
		if got := MayHaveApplied(c.err); got != c.want {
			t.Errorf("%s: MayHaveApplied = %v, want %v", c.name, got, c.want)
		}
	}
}
