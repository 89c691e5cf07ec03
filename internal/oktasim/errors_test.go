package oktasim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func decodeOktaError(t *testing.T, body string) oktaError {
	t.Helper()
	var e oktaError
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	return e
}

func TestWriteError(t *testing.T) {
	w := httptest.NewRecorder()
	writeError(w, http.StatusBadRequest, "E0000031", "Invalid search criteria.", "Invalid search criteria: expected operator after 'status' at 6", "second")
	if w.Code != http.StatusBadRequest {
		t.Errorf("status = %d", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	e := decodeOktaError(t, w.Body.String())
	if e.ErrorCode != "E0000031" || e.ErrorSummary != "Invalid search criteria." || e.ErrorLink != "E0000031" {
		t.Errorf("body = %+v", e)
	}
	if len(e.ErrorCauses) != 2 || e.ErrorCauses[0].ErrorSummary != "Invalid search criteria: expected operator after 'status' at 6" || e.ErrorCauses[1].ErrorSummary != "second" {
		t.Errorf("causes = %+v", e.ErrorCauses)
	}
	if !strings.HasPrefix(e.ErrorID, "oae") || len(e.ErrorID) != 25 {
		t.Errorf("errorId = %q", e.ErrorID)
	}
}

func TestWriteErrorShape(t *testing.T) {
	w := httptest.NewRecorder()
	writeError(w, http.StatusNotFound, "E0000007", "Not found: Resource not found: x (User)")
	var raw map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	causes, ok := raw["errorCauses"].([]any)
	if !ok || len(causes) != 0 {
		t.Errorf("errorCauses = %#v, want an empty array", raw["errorCauses"])
	}
	for _, k := range []string{"errorCode", "errorSummary", "errorLink", "errorId"} {
		if _, ok := raw[k].(string); !ok {
			t.Errorf("%s missing or not a string in %s", k, w.Body.String())
		}
	}
	w2 := httptest.NewRecorder()
	writeError(w2, http.StatusNotFound, "E0000007", "Not found")
	if decodeOktaError(t, w.Body.String()).ErrorID == decodeOktaError(t, w2.Body.String()).ErrorID {
		t.Error("two errors share an errorId")
	}
}
