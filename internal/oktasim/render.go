package oktasim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"
)

// obj is a JSON object under construction; encoding/json sorts its keys, so
// rendering is deterministic.
type obj = map[string]any

// oktaTime is Okta's timestamp layout: UTC with milliseconds.
const oktaTime = "2006-01-02T15:04:05.000Z"

// ts renders a required timestamp.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(oktaTime)
}

// tsp renders an optional timestamp; a nil pointer renders as null.
func tsp(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

// nullable renders an empty string as null, as Okta does for unset optional
// strings.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// strList renders a nil slice as [] rather than null.
func strList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// href is one entry of a _links object.
func href(u string) obj { return obj{"href": u} }

// apiError is an Okta error response a handler returns instead of a body.
type apiError struct {
	status  int
	code    string
	summary string
	causes  []string
	header  http.Header // extra headers, e.g. WWW-Authenticate
}

func (e *apiError) Error() string { return e.code + ": " + e.summary }

func errNotFound(id, kind string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "E0000007",
		summary: fmt.Sprintf("Not found: Resource not found: %s (%s)", id, kind)}
}

func errValidation(field string, causes ...string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "E0000001",
		summary: "Api validation failed: " + field, causes: causes}
}

func errForbidden() *apiError {
	return &apiError{status: http.StatusForbidden, code: "E0000006",
		summary: "You do not have permission to perform the requested action"}
}

func errInvalidToken() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: "E0000011", summary: "Invalid token provided"}
}

func errBadSearch(err error) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "E0000031",
		summary: "Invalid search criteria.", causes: []string{err.Error()}}
}

func errNoEndpoint() *apiError {
	return &apiError{status: http.StatusNotFound, code: "E0000022",
		summary: "The endpoint does not support the provided HTTP method"}
}

func errBadJSON() *apiError {
	return &apiError{status: http.StatusBadRequest, code: "E0000003",
		summary: "The request body was not well-formed."}
}

// sendError writes e with Okta's error body.
func sendError(w http.ResponseWriter, e *apiError) {
	for k, vs := range e.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	writeError(w, e.status, e.code, e.summary, e.causes...)
}

// sendJSON writes an already marshaled body.
func sendJSON(w http.ResponseWriter, status int, body []byte) {
	if status == http.StatusNoContent || body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// decodeBody reads a JSON request body into v. An empty body leaves v alone.
func decodeBody(r *http.Request, v any) *apiError {
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return errBadJSON()
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return errValidation(typeErr.Field, typeErr.Field+": invalid type")
		}
		return errBadJSON()
	}
	return nil
}

// baseURL is the org URL as the client addressed it, so _links and next links
// point back at the same listener.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// normalize turns a profile value into what Expr.Match compares: strings,
// float64, bool, or nil.
func normalize(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int32:
		return float64(x)
	case int64:
		return float64(x)
	case float32:
		return float64(x)
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return x.String()
		}
		return f
	}
	return v
}

// timeAttr returns an optional timestamp for Expr.Match: absent when null.
func timeAttr(t *time.Time) (any, bool) {
	if t == nil {
		return nil, false
	}
	return *t, true
}

// findSorted returns the index of the item whose key is id in items sorted by
// key, or -1. It falls back to a scan so an unsorted seed still resolves.
func findSorted[T any](items []T, id string, key func(T) string) int {
	i := sort.Search(len(items), func(i int) bool { return key(items[i]) >= id })
	if i < len(items) && key(items[i]) == id {
		return i
	}
	for j, it := range items {
		if key(it) == id {
			return j
		}
	}
	return -1
}

// insertSorted inserts item into items keeping them sorted by key.
func insertSorted[T any](items []T, item T, key func(T) string) []T {
	k := key(item)
	i := sort.Search(len(items), func(i int) bool { return key(items[i]) >= k })
	items = append(items, item)
	copy(items[i+1:], items[i:])
	items[i] = item
	return items
}

// removeAt removes items[i], keeping the order.
func removeAt[T any](items []T, i int) []T {
	return append(items[:i], items[i+1:]...)
}

// containsSorted reports whether id is in the sorted ids.
func containsSorted(ids []string, id string) bool {
	i := sort.SearchStrings(ids, id)
	return i < len(ids) && ids[i] == id
}

// parseLinkNext returns the rel="next" URL from Link headers written by
// paginate, or "".
func parseLinkNext(h http.Header) string {
	for _, v := range h.Values("Link") {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if !strings.Contains(part, `rel="next"`) {
				continue
			}
			start, end := strings.Index(part, "<"), strings.Index(part, ">")
			if start >= 0 && end > start {
				return part[start+1 : end]
			}
		}
	}
	return ""
}

// boolParam reads a query flag with a default.
func boolParam(r *http.Request, name string, def bool) bool {
	switch strings.ToLower(r.URL.Query().Get(name)) {
	case "true":
		return true
	case "false":
		return false
	}
	return def
}

// sortStable sorts items by key, keeping the order of equal keys.
func sortStable[T any](items []T, key func(T) string) {
	sort.SliceStable(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
}
