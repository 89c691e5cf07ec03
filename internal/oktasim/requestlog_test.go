package oktasim

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRequestLogRecords(t *testing.T) {
	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	log := &requestLog{now: func() time.Time { return clock }}
	h := log.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/users/missing":
			writeError(w, http.StatusNotFound, "E0000007", "Not found")
		case "/api/v1/apps":
			_, _ = io.WriteString(w, "[]")
		case "/api/v1/groups":
			markFault(r, "5xx")
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			// writes nothing: the server sends 200
		}
	}))
	reqs := []struct {
		method, target, auth string
	}{
		{"GET", "/api/v1/users/missing", "SSWS 00secretTokenValue"},
		{"GET", "/api/v1/apps?limit=2&after=0oa1", "Bearer eyJsecret"},
		{"POST", "/api/v1/groups", "DPoP eyJsecret"},
		{"DELETE", "/api/v1/users/00u1", "00bareCredential"},
		{"GET", "/api/v1/logs", ""},
	}
	for _, q := range reqs {
		r := httptest.NewRequest(q.method, q.target, nil)
		if q.auth != "" {
			r.Header.Set("Authorization", q.auth)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	want := []RequestRecord{
		{Time: clock, Method: "GET", Path: "/api/v1/users/missing", Bucket: "user", Status: 404, AuthScheme: "SSWS"},
		{Time: clock, Method: "GET", Path: "/api/v1/apps", RawQuery: "limit=2&after=0oa1", Bucket: "apps", Status: 200, AuthScheme: "Bearer"},
		{Time: clock, Method: "POST", Path: "/api/v1/groups", Bucket: "groups", Status: 503, AuthScheme: "DPoP", Fault: "5xx"},
		{Time: clock, Method: "DELETE", Path: "/api/v1/users/00u1", Bucket: "user-write", Status: 200},
		{Time: clock, Method: "GET", Path: "/api/v1/logs", Bucket: "logs", Status: 200},
	}
	got := log.records()
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d = %+v, want %+v", i, got[i], want[i])
		}
		if s := fmt.Sprintf("%+v", got[i]); strings.Contains(s, "secret") || strings.Contains(s, "Credential") {
			t.Errorf("record %d leaks a credential: %s", i, s)
		}
	}
	log.reset()
	if n := len(log.records()); n != 0 {
		t.Errorf("%d records after reset", n)
	}
}

func TestAuthScheme(t *testing.T) {
	cases := map[string]string{
		"SSWS abc":                      "SSWS",
		"  Bearer  x ":                  "Bearer",
		"DPoP x":                        "DPoP",
		"abc":                           "",
		"SSWS ":                         "",
		"":                              "",
		"tok/en+= x":                    "",
		"Averyveryverylongschemeword x": "",
	}
	for in, want := range cases {
		if got := authScheme(in); got != want {
			t.Errorf("authScheme(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRequestLogConcurrent(t *testing.T) {
	log := &requestLog{}
	h := log.wrap(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("i") == "7" {
			markFault(r, "latency")
		}
	}))
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/v1/users?i=%d", i), nil))
			_ = log.records()
		}()
	}
	wg.Wait()
	recs := log.records()
	if len(recs) != 200 {
		t.Fatalf("%d records, want 200", len(recs))
	}
	faults := 0
	for _, r := range recs {
		if r.Fault != "" {
			faults++
			if r.RawQuery != "i=7" {
				t.Errorf("fault on the wrong request: %+v", r)
			}
		}
	}
	if faults != 1 {
		t.Errorf("%d faulted records, want 1", faults)
	}
}

func TestMarkFaultOutsideLog(_ *testing.T) {
	markFault(httptest.NewRequest(http.MethodGet, "/", nil), "drop") // must not panic
}

func TestRequestLogPassesFlushAndHijack(t *testing.T) {
	log := &requestLog{}
	rec := httptest.NewRecorder()
	log.wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("Flush through the log: %v", err)
		}
	})).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if !rec.Flushed {
		t.Error("Flush did not reach the underlying writer")
	}

	done := make(chan struct{})
	hijacked := log.wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack through the log: %v", err)
			return
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
		_ = buf.Flush()
		_ = conn.Close()
	}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		hijacked.ServeHTTP(w, r)
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/v1/org")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if string(body) != "hi" {
		t.Errorf("body = %q", body)
	}
	<-done
	if recs := log.records(); len(recs) != 2 || recs[1].Path != "/api/v1/org" {
		t.Errorf("records = %+v", recs)
	}
}
