package oktasim

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
)

// paginate applies Okta's cursor paging to items, which are sorted by their
// cursor key: it reads limit (default defaultLimit, capped at maxLimit and at
// pageCap when pageCap > 0) and after (the cursor of the last item of the previous
// page) from the query, writes one Link header for rel="self" and, when more
// items follow, one for rel="next" with the same query and a new after. It
// returns the page.
//
// A limit that is not a positive integer falls back to defaultLimit; one above
// maxLimit is lowered to it, as Okta does, rather than rejected.
func paginate[T any](pageCap int, w http.ResponseWriter, r *http.Request, items []T, cursor func(T) string, defaultLimit, maxLimit int) []T {
	every := func(item T) (T, bool) { return item, true }
	return paginateFunc(pageCap, w, r, items, cursor, every, defaultLimit, maxLimit)
}

// pageLimit resolves the effective page size; the result is always at least 1.
func pageLimit(raw string, defaultLimit, maxLimit, pageCap int) int {
	limit, err := strconv.Atoi(raw)
	if err != nil || limit <= 0 {
		limit = defaultLimit
	}
	if maxLimit > 0 && limit > maxLimit {
		limit = maxLimit
	}
	if pageCap > 0 && limit > pageCap {
		limit = pageCap
	}
	return max(limit, 1)
}

// pageURL is the absolute URL of r's path with rawQuery. The simulator serves
// plain HTTP unless it sits behind TLS.
func pageURL(r *http.Request, rawQuery string) string {
	u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: rawQuery}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	return u.String()
}

// paginateFunc is paginate over the items that keep accepts, mapped to R, for
// lists that are filtered on every request (the user list, a group's members).
// It scans only from the cursor to the end of the page, plus as far as the next
// accepted item to know whether a next link is due, so a list of n items walked
// in pages of k costs O(n) in all rather than O(n) per page: a simulator that
// spent O(n) per page would make a 100k-user benchmark measure the simulator.
// items must be sorted by cursor.
func paginateFunc[T, R any](pageCap int, w http.ResponseWriter, r *http.Request, items []T, cursor func(T) string, keep func(T) (R, bool), defaultLimit, maxLimit int) []R {
	q := r.URL.Query()
	limit := pageLimit(q.Get("limit"), defaultLimit, maxLimit, pageCap)

	i := 0
	if after := q.Get("after"); after != "" {
		i = sort.Search(len(items), func(j int) bool { return cursor(items[j]) > after })
	}
	var page []R
	var last string
	more := false
	for ; i < len(items); i++ {
		v, ok := keep(items[i])
		if !ok {
			continue
		}
		if len(page) == limit {
			more = true
			break
		}
		page = append(page, v)
		last = cursor(items[i])
	}

	h := w.Header()
	h.Add("Link", "<"+pageURL(r, r.URL.RawQuery)+`>; rel="self"`)
	if more {
		q.Set("limit", strconv.Itoa(limit))
		q.Set("after", last)
		h.Add("Link", "<"+pageURL(r, q.Encode())+`>; rel="next"`)
	}
	return page
}
