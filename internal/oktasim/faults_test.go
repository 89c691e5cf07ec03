package oktasim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// jsonBackend answers with a JSON array large enough that half of it is
// recognisably partial, or 404 for /missing.
var jsonBackend = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/v1/users/missing" {
		writeError(w, http.StatusNotFound, "E0000007", "Not found")
		return
	}
	items := make([]map[string]string, 20)
	for i := range items {
		items[i] = map[string]string{"id": fmt.Sprintf("00u%d", i), "status": "ACTIVE"}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Add("Link", `<http://x/api/v1/users>; rel="self"`)
	_ = json.NewEncoder(w).Encode(items)
})

func serveFault(h http.Handler, method, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

func TestFaultsSkipEveryCount(t *testing.T) {
	f := &Faults{}
	f.Add(FaultRule{Kind: FaultServerError, Skip: 2, Every: 3, Count: 2})
	h := f.wrap(jsonBackend)
	var failed []int
	for i := 1; i <= 20; i++ {
		if w := serveFault(h, "GET", "/api/v1/users"); w.Code != 200 {
			failed = append(failed, i)
		}
	}
	// Matches 3.. are past Skip; every third of those is hit: 5 and 8; then Count stops it.
	if fmt.Sprint(failed) != "[5 8]" {
		t.Errorf("failed requests = %v, want [5 8]", failed)
	}
	if f.Injected() != 2 {
		t.Errorf("Injected = %d", f.Injected())
	}
}

func TestFaultsMatching(t *testing.T) {
	f := &Faults{}
	f.Add(FaultRule{Kind: FaultForbidden, Method: "post", PathPrefix: "/api/v1/apps"})
	f.Add(FaultRule{Kind: FaultUnauthorized, PathPrefix: "/api/v1/groups", Count: 1})
	h := f.wrap(jsonBackend)
	cases := []struct {
		method, path string
		want         int
	}{
		{"GET", "/api/v1/apps", 200},
		{"POST", "/api/v1/apps/0oa1/grants", 403},
		{"POST", "/api/v1/users", 200},
		{"GET", "/api/v1/groups/00g1", 401},
		{"GET", "/api/v1/groups/00g1", 200}, // Count 1 used up
	}
	for _, c := range cases {
		if w := serveFault(h, c.method, c.path); w.Code != c.want {
			t.Errorf("%s %s = %d, want %d", c.method, c.path, w.Code, c.want)
		}
	}
	f.Clear()
	if w := serveFault(h, "POST", "/api/v1/apps"); w.Code != 200 {
		t.Errorf("after Clear: %d", w.Code)
	}
	if f.Injected() != 2 {
		t.Errorf("Injected = %d, want 2 (Clear keeps the count)", f.Injected())
	}
}

func TestFaultsFirstInjectingRuleWins(t *testing.T) {
	f := &Faults{}
	f.Add(FaultRule{Kind: FaultUnauthorized, Every: 2})
	f.Add(FaultRule{Kind: FaultForbidden})
	h := f.wrap(jsonBackend)
	var got []int
	for range 4 {
		got = append(got, serveFault(h, "GET", "/api/v1/users").Code)
	}
	if fmt.Sprint(got) != "[403 401 403 401]" {
		t.Errorf("statuses = %v", got)
	}
}

func TestFaultBodies(t *testing.T) {
	cases := []struct {
		rule   FaultRule
		status int
		code   string
		sum    string
	}{
		{FaultRule{Kind: FaultServerError}, 500, "E0000009", "Internal Server Error"},
		{FaultRule{Kind: FaultServerError, Status: 503}, 503, "E0000009", "Internal Server Error"},
		{FaultRule{Kind: FaultServerError, Status: 404}, 500, "E0000009", "Internal Server Error"},
		{FaultRule{Kind: FaultUnauthorized}, 401, "E0000011", "Invalid token provided"},
		{FaultRule{Kind: FaultForbidden}, 403, "E0000006", "You do not have permission to perform the requested action"},
		{FaultRule{Kind: FaultTooManyRequests}, 429, "E0000047", "API call exceeded rate limit due to too many requests."},
	}
	for _, c := range cases {
		f := &Faults{}
		f.Add(c.rule)
		w := serveFault(f.wrap(jsonBackend), "GET", "/api/v1/users")
		if w.Code != c.status {
			t.Errorf("%+v: status %d, want %d", c.rule, w.Code, c.status)
		}
		e := decodeOktaError(t, w.Body.String())
		if e.ErrorCode != c.code || e.ErrorSummary != c.sum {
			t.Errorf("%+v: body %+v", c.rule, e)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("%+v: Content-Type %q", c.rule, ct)
		}
	}
}

func TestFault429Headers(t *testing.T) {
	f := &Faults{}
	f.Add(FaultRule{Kind: FaultTooManyRequests})

	// Behind the limiter: Reset is one second after the limiter's Date.
	clock := time.Date(2031, 7, 1, 8, 0, 0, 0, time.UTC)
	l := newLimiter(nil, time.Minute, 0, false, func() time.Time { return clock })
	w := serveFault(l.wrap(f.wrap(jsonBackend)), "GET", "/api/v1/apps")
	if w.Code != 429 || w.Header().Get("X-Rate-Limit-Reset") != strconv.FormatInt(clock.Unix()+1, 10) ||
		w.Header().Get("X-Rate-Limit-Remaining") != "0" || w.Header().Get("X-Rate-Limit-Limit") != "100" {
		t.Errorf("behind limiter: %d %v", w.Code, w.Header())
	}

	// Alone: the wall clock, and the bucket's Workforce limit.
	before := time.Now().Unix()
	w = serveFault(f.wrap(jsonBackend), "GET", "/api/v1/logs")
	after := time.Now().Unix()
	reset, err := strconv.ParseInt(w.Header().Get("X-Rate-Limit-Reset"), 10, 64)
	if err != nil || reset < before+1 || reset > after+1 {
		t.Errorf("Reset = %q, want now+1s in [%d, %d]", w.Header().Get("X-Rate-Limit-Reset"), before+1, after+1)
	}
	if w.Header().Get("X-Rate-Limit-Limit") != "120" || w.Header().Get("X-Rate-Limit-Remaining") != "0" {
		t.Errorf("headers = %v", w.Header())
	}
}

func TestFaultLatency(t *testing.T) {
	f := &Faults{}
	f.Add(FaultRule{Kind: FaultLatency, Delay: time.Millisecond})
	w := serveFault(f.wrap(jsonBackend), "GET", "/api/v1/users")
	if w.Code != 200 || !json.Valid(w.Body.Bytes()) {
		t.Errorf("latency response: %d %s", w.Code, w.Body)
	}

	// A cancelled request does not wait out the delay and never reaches the backend.
	f.Clear()
	f.Add(FaultRule{Kind: FaultLatency, Delay: time.Hour})
	called := false
	h := f.wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true }))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/v1/users", nil).WithContext(ctx))
	if called {
		t.Error("backend served a cancelled request")
	}
}

func TestFaultMalformed(t *testing.T) {
	f := &Faults{}
	f.Add(FaultRule{Kind: FaultMalformedBody})
	h := f.wrap(jsonBackend)
	for _, path := range []string{"/api/v1/users", "/api/v1/users/missing"} {
		w := serveFault(h, "GET", path)
		if w.Code != 200 {
			t.Errorf("%s: status %d, want 200", path, w.Code)
		}
		if json.Valid(w.Body.Bytes()) || w.Body.Len() == 0 {
			t.Errorf("%s: body %q is valid JSON", path, w.Body)
		}
		if cl := w.Header().Get("Content-Length"); cl != "" && cl != strconv.Itoa(w.Body.Len()) {
			t.Errorf("%s: Content-Length %s for %d bytes", path, cl, w.Body.Len())
		}
		if w.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%s: Content-Type %q", path, w.Header().Get("Content-Type"))
		}
	}
	empty := f.wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	if w := serveFault(empty, "GET", "/api/v1/users"); json.Valid(w.Body.Bytes()) {
		t.Errorf("empty response made valid JSON %q", w.Body)
	}
}

func TestFaultDrop(t *testing.T) {
	f := &Faults{}
	f.Add(FaultRule{Kind: FaultDropConnection, PathPrefix: "/api/v1/users"})
	log := &requestLog{}
	inner := log.wrap(f.wrap(jsonBackend))
	done := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { done <- struct{}{} }()
		inner.ServeHTTP(w, r)
	}))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/api/v1/users")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Link") == "" {
		t.Errorf("dropped response starts as %d with headers %v", resp.StatusCode, resp.Header)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("reading a dropped body: %v, want unexpected EOF", err)
	}
	if len(body) == 0 || int64(len(body)) >= resp.ContentLength {
		t.Errorf("read %d of %d bytes, want a strict, non-empty part", len(body), resp.ContentLength)
	}
	<-done

	// Other paths are not dropped.
	resp, err = http.Get(srv.URL + "/api/v1/groups")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Errorf("undropped body: %v", err)
	}
	_ = resp.Body.Close()
	<-done

	recs := log.records()
	if len(recs) != 2 || recs[0].Fault != "drop" || recs[0].Status != 200 || recs[1].Fault != "" {
		t.Errorf("records = %+v", recs)
	}
}

func TestFaultDropWithoutHijacker(t *testing.T) {
	f := &Faults{}
	f.Add(FaultRule{Kind: FaultDropConnection})
	defer func() {
		if p, _ := recover().(error); !errors.Is(p, http.ErrAbortHandler) {
			t.Errorf("recovered %v, want http.ErrAbortHandler", p)
		}
	}()
	serveFault(f.wrap(jsonBackend), "GET", "/api/v1/users")
	t.Error("drop on a writer that cannot hijack returned normally")
}

func TestNilFaults(t *testing.T) {
	var f *Faults
	if f.Injected() != 0 {
		t.Error("nil Faults injected something")
	}
	f.Clear()
	if w := serveFault(f.wrap(jsonBackend), "GET", "/api/v1/users"); w.Code != 200 {
		t.Errorf("nil Faults: %d", w.Code)
	}
}

func TestFaultsConcurrent(t *testing.T) {
	f := &Faults{}
	f.Add(FaultRule{Kind: FaultServerError, Count: 10})
	log := &requestLog{}
	h := log.wrap(f.wrap(jsonBackend))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				serveFault(h, "GET", "/api/v1/users")
				_ = f.Injected()
			}
		}()
	}
	// Rules change while requests run.
	f.Add(FaultRule{Kind: FaultLatency, PathPrefix: "/never"})
	wg.Wait()
	if f.Injected() != 10 {
		t.Errorf("Injected = %d, want 10", f.Injected())
	}
	marked := 0
	for _, r := range log.records() {
		if r.Fault == "5xx" {
			marked++
			if r.Status != 500 {
				t.Errorf("faulted record with status %d", r.Status)
			}
		}
	}
	if marked != 10 {
		t.Errorf("%d records marked, want 10", marked)
	}
}
