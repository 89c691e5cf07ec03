package oktasim

import "net/http"

// paginate applies Okta's cursor paging to items, which are sorted by their
// cursor key: it reads limit (default defaultLimit, capped at maxLimit and at
// pageCap when pageCap > 0) and after (the cursor of the last item of the previous
// page) from the query, writes one Link header for rel="self" and, when more
// items follow, one for rel="next" with the same query and a new after. It
// returns the page.
func paginate[T any](pageCap int, w http.ResponseWriter, r *http.Request, items []T, cursor func(T) string, defaultLimit, maxLimit int) []T {
	panic("not implemented")
}
