package oktasim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func pageItems(n int) []string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf("00u%05d", i)
	}
	return items
}

var linkRE = regexp.MustCompile(`^<([^>]+)>; rel="(self|next)"$`)

// links parses the Link header values into rel -> URL, insisting on one value
// per relation.
func links(t *testing.T, h http.Header) map[string]*url.URL {
	t.Helper()
	out := map[string]*url.URL{}
	for _, v := range h.Values("Link") {
		m := linkRE.FindStringSubmatch(v)
		if m == nil {
			t.Fatalf("malformed Link value %q", v)
		}
		if _, dup := out[m[2]]; dup {
			t.Fatalf("two %s links", m[2])
		}
		u, err := url.Parse(m[1])
		if err != nil {
			t.Fatal(err)
		}
		if !u.IsAbs() || u.Scheme != "http" || u.Host != "sim.test" {
			t.Fatalf("link %q is not an absolute http URL on the request's host", m[1])
		}
		out[m[2]] = u
	}
	if out["self"] == nil {
		t.Fatal("no self link")
	}
	return out
}

func getPage(t *testing.T, items []string, pageCap, def, maxL int, target string) ([]string, map[string]*url.URL) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Host = "sim.test"
	w := httptest.NewRecorder()
	page := paginate(pageCap, w, r, items, func(s string) string { return s }, def, maxL)
	return page, links(t, w.Header())
}

// walk follows next links from target and returns every item seen and the
// number of pages.
func walk(t *testing.T, items []string, pageCap, def, maxL int, target string) ([]string, int) {
	t.Helper()
	var all []string
	pages := 0
	for target != "" {
		page, l := getPage(t, items, pageCap, def, maxL, target)
		pages++
		if pages > len(items)+2 {
			t.Fatal("paging does not end")
		}
		all = append(all, page...)
		target = ""
		if next := l["next"]; next != nil {
			if len(page) == 0 {
				t.Fatal("empty page with a next link")
			}
			target = next.RequestURI()
		}
	}
	return all, pages
}

func TestPaginateWalk(t *testing.T) {
	cases := []struct {
		n, pageCap, def, maxL int
		query                 string
		wantPages             int
	}{
		{n: 1000, def: 200, maxL: 200, wantPages: 5}, // exact multiple: no trailing empty page
		{n: 1001, def: 200, maxL: 200, wantPages: 6}, // one more item: one more page
		{n: 200, def: 200, maxL: 200, wantPages: 1},  // exactly one page
		{n: 0, def: 200, maxL: 200, wantPages: 1},    // empty list: one empty page
		{n: 95, def: 200, maxL: 200, query: "limit=10", wantPages: 10},
		{n: 95, def: 200, maxL: 200, query: "limit=1", wantPages: 95},
		{n: 1000, def: 200, maxL: 200, query: "limit=5000", wantPages: 5}, // capped to maxLimit
		{n: 1000, def: 200, maxL: 200, query: "limit=-3", wantPages: 5},   // invalid: default
		{n: 1000, def: 200, maxL: 200, query: "limit=abc", wantPages: 5},
		{n: 1000, def: 200, maxL: 200, query: "limit=0", wantPages: 5},
		{n: 100, pageCap: 7, def: 200, maxL: 200, wantPages: 15}, // pageCap below default
		{n: 100, pageCap: 7, def: 200, maxL: 200, query: "limit=3", wantPages: 34},
		{n: 100, pageCap: 500, def: 20, maxL: 200, wantPages: 5}, // pageCap above: no effect
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("n=%d cap=%d %s", c.n, c.pageCap, c.query), func(t *testing.T) {
			items := pageItems(c.n)
			all, pages := walk(t, items, c.pageCap, c.def, c.maxL, "/api/v1/users?"+c.query)
			if pages != c.wantPages {
				t.Errorf("pages = %d, want %d", pages, c.wantPages)
			}
			if strings.Join(all, ",") != strings.Join(items, ",") {
				t.Errorf("walk returned %d items, want all %d in order", len(all), len(items))
			}
		})
	}
}

func TestPaginateLinks(t *testing.T) {
	items := pageItems(10)
	page, l := getPage(t, items, 0, 200, 200, `/api/v1/users?search=profile.department+eq+%22R%26D%22&limit=4&after=00u00002`)
	if got := strings.Join(page, ","); got != "00u00003,00u00004,00u00005,00u00006" {
		t.Fatalf("page = %s", got)
	}
	self := l["self"]
	if self.Path != "/api/v1/users" || self.Query().Get("after") != "00u00002" || self.Query().Get("limit") != "4" {
		t.Errorf("self = %s", self)
	}
	next := l["next"]
	if next == nil {
		t.Fatal("no next link")
	}
	q := next.Query()
	if q.Get("search") != `profile.department eq "R&D"` {
		t.Errorf("next lost the search parameter: %s", next)
	}
	if q.Get("limit") != "4" || q.Get("after") != "00u00006" {
		t.Errorf("next = %s, want limit=4 after=00u00006", next)
	}
	if next.Path != "/api/v1/users" {
		t.Errorf("next path = %s", next.Path)
	}
}

func TestPaginateNextCarriesEffectiveLimit(t *testing.T) {
	_, l := getPage(t, pageItems(50), 5, 200, 200, "/api/v1/groups?limit=1000")
	if got := l["next"].Query().Get("limit"); got != "5" {
		t.Errorf("next limit = %s, want the capped 5", got)
	}
}

func TestPaginateAfter(t *testing.T) {
	items := pageItems(10)
	cases := []struct {
		after string
		want  []string
		next  bool
	}{
		{"00u00009", nil, false},                              // the last item: nothing follows
		{"zzz", nil, false},                                   // past the end
		{"00u00008", []string{"00u00009"}, false},             // one left
		{"00u000045", []string{"00u00005", "00u00006"}, true}, // between two cursors
		{"0", []string{"00u00000", "00u00001"}, true},         // before the first
	}
	for _, c := range cases {
		page, l := getPage(t, items, 0, 2, 200, "/api/v1/users?after="+url.QueryEscape(c.after))
		if strings.Join(page, ",") != strings.Join(c.want, ",") {
			t.Errorf("after=%s: page = %v, want %v", c.after, page, c.want)
		}
		if (l["next"] != nil) != c.next {
			t.Errorf("after=%s: next link present = %v, want %v", c.after, l["next"] != nil, c.next)
		}
	}
}

func TestPageLimit(t *testing.T) {
	cases := []struct {
		raw                  string
		def, maxL, cap, want int
	}{
		{"", 200, 200, 0, 200},
		{"50", 200, 200, 0, 50},
		{"201", 200, 200, 0, 200},
		{"201", 200, 1000, 0, 201},
		{"201", 200, 1000, 100, 100},
		{" 5", 200, 200, 0, 200},
		{strconv.Itoa(1 << 40), 20, 200, 0, 200},
		{"", 0, 0, 0, 1}, // degenerate configuration still makes progress
	}
	for _, c := range cases {
		if got := pageLimit(c.raw, c.def, c.maxL, c.cap); got != c.want {
			t.Errorf("pageLimit(%q, %d, %d, %d) = %d, want %d", c.raw, c.def, c.maxL, c.cap, got, c.want)
		}
	}
}
