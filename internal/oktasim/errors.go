package oktasim

import "net/http"

// writeError writes Okta's error body {errorCode, errorSummary, errorLink,
// errorId, errorCauses:[{errorSummary}]} with the given status.
func writeError(w http.ResponseWriter, status int, code, summary string, causes ...string) {
	panic("not implemented")
}
