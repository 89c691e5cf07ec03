package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// The stack is three listeners on loopback:
//
//	client → front (records) → Prism proxy (validates) → simulator
//
// The front is the org URL every client is given. It records each exchange with
// the violations Prism reported in its sl-violations header (and removes the
// header). The simulator sees the front's host in every request, so the links
// it writes (Link headers, _links, DPoP htu) point back at the front and
// cursor paging goes through Prism too.

// Environment: OKTAGATE_CONTRACT=1 makes missing tools a failure (make contract
// sets it); OKTAGATE_CONTRACT_SPEC and OKTAGATE_CONTRACT_PRISM override where
// the spec (dist/spec.yaml; dist/spec.json must sit beside it) and the prism
// binary are; by default both come from contract/node_modules.
const (
	envRequire = "OKTAGATE_CONTRACT"
	envSpec    = "OKTAGATE_CONTRACT_SPEC"
	envPrism   = "OKTAGATE_CONTRACT_PRISM"
)

type tools struct {
	specYAML, specJSON, prism string
}

// findTools locates the spec and Prism. Without OKTAGATE_CONTRACT=1 the suite
// skips; with it, a missing tool is a failure, never a silent skip.
func findTools(t *testing.T) tools {
	t.Helper()
	if os.Getenv(envRequire) != "1" {
		// Plain `go test ./...` stays hermetic (no Node.js processes); make
		// contract runs the suite.
		t.Skip("the contract suite runs with `make contract` (or " + envRequire + "=1 go test ./contract/ after npm ci in contract/)")
	}
	tl := tools{
		specYAML: filepath.Join("node_modules", "@okta", "openapi", "dist", "spec.yaml"),
		prism:    filepath.Join("node_modules", ".bin", "prism"),
	}
	if v := os.Getenv(envSpec); v != "" {
		tl.specYAML = v
	}
	if v := os.Getenv(envPrism); v != "" {
		tl.prism = v
	}
	tl.specJSON = strings.TrimSuffix(tl.specYAML, filepath.Ext(tl.specYAML)) + ".json"
	var missing []string
	for _, p := range []string{tl.specYAML, tl.specJSON, tl.prism} {
		if _, err := os.Stat(p); err != nil {
			missing = append(missing, p)
		}
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing = append(missing, "node (Node.js on PATH)")
	}
	if len(missing) == 0 {
		return tl
	}
	msg := fmt.Sprintf("the contract suite needs Okta's spec and Prism (run `make contract`, which runs npm ci in contract/); missing: %s",
		strings.Join(missing, ", "))
	t.Fatal(msg)
	return tl
}

// violation is one entry of Prism's sl-violations header.
type violation struct {
	Location []string `json:"location"`
	Severity string   `json:"severity"`
	Code     any      `json:"code"`
	Message  string   `json:"message"`
}

// exchange is one request through the stack and what Prism said about it.
type exchange struct {
	Scenario       string
	Method, Path   string
	Query          string
	Status         int
	ReqContentType string
	ReqBody        []byte
	RespBody       []byte
	Violations     []violation
	Truncated      bool // Prism cut its header: some violations are unknown
	Replays        int  // requests replayed to get them all
	Elapsed        time.Duration
}

type exchangeKey struct{}

type stack struct {
	URL string // the org URL clients use: the front
	Sim *oktasim.Server

	replay   *http.Client // to Prism, for replays
	scenario atomic.Value // string: the label recorded with each exchange
	mu       sync.Mutex
	log      []*exchange
}

// SetScenario labels the exchanges that follow (for messages only).
func (st *stack) SetScenario(name string) { st.scenario.Store(name) }

// Exchanges returns what was recorded so far.
func (st *stack) Exchanges() []*exchange {
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]*exchange(nil), st.log...)
}

// hostRewriter serves the simulator as if it were addressed at host.
type hostRewriter struct {
	host string
	next http.Handler
}

func (h hostRewriter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.Host = h.host
	item := r.Header.Get(itemHeader)
	if item == "" {
		h.next.ServeHTTP(w, r)
		return
	}
	// A replay: serve only one element of the list, so Prism's report on it
	// fits in its header.
	r.Header.Del(itemHeader)
	rec := httptest.NewRecorder()
	h.next.ServeHTTP(rec, r)
	var items []json.RawMessage
	i, err := strconv.Atoi(item)
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &items) != nil || err != nil || i < 0 || i >= len(items) {
		http.Error(w, "contract replay: no item "+item, http.StatusConflict)
		return
	}
	body, _ := json.Marshal([]json.RawMessage{items[i]})
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

// itemHeader asks the simulator's wrapper to serve only one element of a list
// response; the front sets it when it replays a request whose violations did
// not fit in Prism's header.
const itemHeader = "X-Oktagate-Contract-Item"

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	return ln
}

func serve(t *testing.T, ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
}

// startStack starts the simulator with opts, Prism in front of it and the
// recording front in front of Prism.
func startStack(t *testing.T, tl tools, opts oktasim.Options) *stack {
	t.Helper()
	st := &stack{}
	st.SetScenario("")

	frontLn := listen(t)
	st.URL = "http://" + frontLn.Addr().String()

	st.Sim = oktasim.New(opts)
	simLn := listen(t)
	serve(t, simLn, hostRewriter{host: frontLn.Addr().String(), next: st.Sim})

	// A free port for Prism: listen, note the port, close.
	pl := listen(t)
	prismAddr := pl.Addr().String()
	_ = pl.Close()
	_, port, _ := net.SplitHostPort(prismAddr)

	out := &lockedBuffer{}
	cmd := exec.Command(tl.prism, "proxy", tl.specYAML, "http://"+simLn.Addr().String(),
		"--host", "127.0.0.1", "--port", port, "--errors=false", "--cors=false", "-v", "silent")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting prism (%s): %v", tl.prism, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // the process this test started, by its pid
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
		}
		if t.Failed() {
			t.Logf("prism output (last 4000 bytes):\n%s", tail(out.String(), 4000))
		}
	})
	waitListening(t, prismAddr, exited, out)

	prismURL, _ := url.Parse("http://" + prismAddr)
	st.replay = &http.Client{Timeout: 30 * time.Second}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(prismURL)
			pr.Out.Header.Del("Accept-Encoding") // plain bodies to record
		},
		ModifyResponse: func(resp *http.Response) error {
			ex, _ := resp.Request.Context().Value(exchangeKey{}).(*exchange)
			if ex == nil {
				return errors.New("no exchange in the request context")
			}
			ex.Status = resp.StatusCode
			if raw := resp.Header.Get("sl-violations"); raw != "" {
				vs, truncated, err := parseViolations(raw)
				if err != nil {
					return err
				}
				ex.Violations, ex.Truncated = vs, truncated
			}
			resp.Header.Del("sl-violations")
			body, err := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if err != nil {
				return err
			}
			ex.RespBody = body
			resp.Body = io.NopCloser(bytes.NewReader(body))
			if ex.Truncated && resp.Request.Method == http.MethodGet {
				st.replayItems(resp.Request, ex)
			}
			st.mu.Lock()
			st.log = append(st.log, ex)
			st.mu.Unlock()
			return nil
		},
	}
	serve(t, frontLn, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		scenario, _ := st.scenario.Load().(string)
		ex := &exchange{Scenario: scenario, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			ReqContentType: r.Header.Get("Content-Type"), ReqBody: body}
		start := time.Now()
		proxy.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), exchangeKey{}, ex)))
		ex.Elapsed = time.Since(start)
	}))
	return st
}

// replayItems sends a GET whose violations Prism cut once per element of its
// list, each time with the simulator serving that element alone, and collects
// the complete violations. It gives up (leaving ex.Truncated set) when a replay
// fails or is cut again.
func (st *stack) replayItems(out *http.Request, ex *exchange) {
	var items []json.RawMessage
	if json.Unmarshal(ex.RespBody, &items) != nil || len(items) == 0 {
		return
	}
	var all []violation
	for i := range items {
		req, err := http.NewRequestWithContext(out.Context(), http.MethodGet, out.URL.String(), nil)
		if err != nil {
			return
		}
		req.Header = out.Header.Clone()
		req.Header.Set(itemHeader, strconv.Itoa(i))
		resp, err := st.replay.Do(req)
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return
		}
		vs, truncated, err := parseViolations(resp.Header.Get("sl-violations"))
		if err != nil || truncated {
			return
		}
		for _, v := range vs {
			if len(v.Location) >= 3 && v.Location[0] == "response" && v.Location[1] == "body" && v.Location[2] == "0" {
				v.Location = append([]string{"response", "body", strconv.Itoa(i)}, v.Location[3:]...)
			}
			all = append(all, v)
		}
	}
	ex.Violations, ex.Truncated = all, false
	ex.Replays = len(items)
}

// waitListening waits until Prism accepts connections (it loads and indexes
// the spec first: a few seconds).
func waitListening(t *testing.T, addr string, exited <-chan error, out *lockedBuffer) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("prism exited before listening (%v):\n%s", err, tail(out.String(), 4000))
		default:
		}
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			_ = c.Close()
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("prism did not listen on %s within 90s:\n%s", addr, tail(out.String(), 4000))
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// lockedBuffer collects Prism's output from its pipe goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// truncatedPrefix starts an sl-violations header Prism cut at 8 KiB.
const truncatedPrefix = "Too many violations! "

// parseViolations decodes an sl-violations header. When Prism cut it, the
// complete entries before the cut are kept and truncated is true.
func parseViolations(raw string) (vs []violation, truncated bool, err error) {
	if raw == "" {
		return nil, false, nil
	}
	if rest, ok := strings.CutPrefix(raw, truncatedPrefix); ok {
		truncated = true
		raw = rest
		if i := strings.LastIndex(raw, "},{"); i >= 0 {
			raw = raw[:i+1] + "]"
		} else {
			raw = "[]"
		}
	}
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		return nil, truncated, fmt.Errorf("decoding sl-violations %q: %w", tail(raw, 300), err)
	}
	return vs, truncated, nil
}
