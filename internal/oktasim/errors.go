package oktasim

import (
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"strconv"
	"sync/atomic"
)

// errorSeq numbers error bodies so each gets its own errorId, as in Okta, while a
// run of the same requests produces the same ids.
var errorSeq atomic.Uint64

type oktaErrorCause struct {
	ErrorSummary string `json:"errorSummary"`
}

type oktaError struct {
	ErrorCode    string           `json:"errorCode"`
	ErrorSummary string           `json:"errorSummary"`
	ErrorLink    string           `json:"errorLink"`
	ErrorID      string           `json:"errorId"`
	ErrorCauses  []oktaErrorCause `json:"errorCauses"`
}

// writeError writes Okta's error body {errorCode, errorSummary, errorLink,
// errorId, errorCauses:[{errorSummary}]} with the given status. errorCauses is
// always an array, empty when there are no causes, as Okta sends it.
func writeError(w http.ResponseWriter, status int, code, summary string, causes ...string) {
	body := oktaError{
		ErrorCode:    code,
		ErrorSummary: summary,
		ErrorLink:    code,
		ErrorID:      newErrorID(code),
		ErrorCauses:  make([]oktaErrorCause, 0, len(causes)),
	}
	for _, c := range causes {
		body.ErrorCauses = append(body.ErrorCauses, oktaErrorCause{ErrorSummary: c})
	}
	buf, err := json.Marshal(body)
	if err != nil { // only strings: cannot happen
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(buf)))
	w.WriteHeader(status)
	_, _ = w.Write(buf)
}

const errorIDAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newErrorID returns an id shaped like Okta's ("oae" and 22 letters or digits).
func newErrorID(code string) string {
	seq := errorSeq.Add(1)
	sum := sha256.Sum256([]byte(code + "/" + strconv.FormatUint(seq, 10)))
	id := make([]byte, 3, 25)
	copy(id, "oae")
	for _, b := range sum[:22] {
		id = append(id, errorIDAlphabet[int(b)%len(errorIDAlphabet)])
	}
	return string(id)
}
