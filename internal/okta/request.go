package okta

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

type callOpts struct {
	contentType string // request header, also on GET (Okta reads okta-response from it)
}

// call builds one request with the SDK's RequestExecutor, sends it through the
// client's transport and decodes a 2xx JSON body into out (nil: discard).
// target is an org-relative path with its query. It returns the response
// headers.
//
// The body is decoded from the bytes the transport already read, in one pass.
// The SDK's RequestExecutor.Do read it again, copied it, and buffered it a third
// time in a json.Decoder: on a 10 MB page, most of the client's allocations.
func (c *Client) call(ctx context.Context, method, target string, body, out any, o callOpts) (http.Header, error) {
	re := c.sdk.CloneRequestExecutor()
	req, err := re.NewRequest(method, target, body)
	if err != nil {
		return nil, fmt.Errorf("building Okta request %s %s: %w", method, pathOf(target), err)
	}
	if o.contentType != "" {
		req.Header.Set("Content-Type", o.contentType)
	}
	resp, err := c.http.Do(req.WithContext(ctx))
	if err != nil {
		if e, ok := asAPIError(err); ok {
			return nil, e
		}
		if e, ok := asRequestError(err); ok {
			return nil, e
		}
		var rl *rateLimitWaitError
		if errors.As(err, &rl) {
			return nil, rl
		}
		return nil, fmt.Errorf("okta %s %s: %w", method, pathOf(target), unwrapURLError(err))
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// The transport turns 4xx and 5xx into *Error; what is left is a
		// redirect without a usable Location.
		return nil, fmt.Errorf("okta %s %s answered HTTP %d: check that org_url is the org's own Okta URL", method, pathOf(target), resp.StatusCode)
	}
	var data []byte
	if b, ok := resp.Body.(*bufferedBody); ok {
		data = b.data
	} else if data, err = io.ReadAll(resp.Body); err != nil {
		return nil, fmt.Errorf("okta %s %s: reading the response: %w", method, pathOf(target), err)
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return resp.Header, nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return nil, fmt.Errorf("okta %s %s: decoding the response: %w", method, pathOf(target), err)
	}
	return resp.Header, nil
}

// unwrapURLError drops the *url.Error wrapper net/http adds, which quotes the
// full URL a second time.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func pathOf(target string) string {
	if i := strings.IndexByte(target, '?'); i >= 0 {
		return target[:i]
	}
	return target
}

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// escape makes an id or login one path segment.
func escape(s string) string { return url.PathEscape(s) }

// nextLink finds rel="next" among the Link headers (one header per relation,
// or several comma-joined) and returns it as an org-relative target. A next
// link to another origin is refused: credentials would follow it.
func (c *Client) nextLink(h http.Header) (string, error) {
	for _, v := range h.Values("Link") {
		for _, l := range splitLinks(v) {
			if !l.has("next") {
				continue
			}
			return c.sameOriginTarget(l.url)
		}
	}
	return "", nil
}

// sameOriginTarget turns a link Okta sent into an org-relative target, refusing
// other origins: credentials would follow them.
func (c *Client) sameOriginTarget(raw string) (string, error) {
	u, err := c.org.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("okta sent an unreadable next link: %w", err)
	}
	if !sameOrigin(u, c.org) {
		return "", fmt.Errorf("okta sent a next link to another origin (%s); refusing to follow it", u.Host)
	}
	return u.RequestURI(), nil
}

// countPage counts one more page of a listing of target and fails once the
// listing passes the cap: a server whose next links never end (each one new,
// so the loop check does not catch it) would otherwise be read forever.
func (c *Client) countPage(pages *int, target string) error {
	*pages++
	if *pages > c.maxPages {
		return &pagesError{path: pathOf(target), pages: c.maxPages}
	}
	return nil
}

func errLoop(target string) error {
	return fmt.Errorf("the Okta pagination of %s loops back to a page already read", pathOf(target))
}

type link struct {
	url  string
	rels []string
}

func (l link) has(rel string) bool {
	for _, r := range l.rels {
		if strings.EqualFold(r, rel) {
			return true
		}
	}
	return false
}

// splitLinks parses an RFC 8288 Link header value. URLs are inside <…> and may
// themselves contain commas and semicolons.
func splitLinks(v string) []link {
	var out []link
	for {
		i := strings.IndexByte(v, '<')
		if i < 0 {
			return out
		}
		v = v[i+1:]
		j := strings.IndexByte(v, '>')
		if j < 0 {
			return out
		}
		l := link{url: strings.TrimSpace(v[:j])}
		v = v[j+1:]
		params := v
		if k := strings.IndexByte(v, '<'); k >= 0 {
			params = v[:k]
		}
		for _, p := range strings.Split(params, ";") {
			name, val, ok := strings.Cut(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(p), ",")), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
				continue
			}
			rel := strings.Trim(strings.TrimSpace(val), `"`)
			l.rels = append(l.rels, strings.Fields(rel)...)
		}
		out = append(out, l)
	}
}

// paginate GETs target and every rel="next" page after it, handing each page to
// page, which returns false to stop early.
func paginate[T any](ctx context.Context, c *Client, target string, o callOpts, page func([]T) bool) error {
	seen := map[string]bool{}
	pages := 0
	for target != "" {
		if seen[target] {
			return errLoop(target)
		}
		seen[target] = true
		if err := c.countPage(&pages, target); err != nil {
			return err
		}
		var items []T
		h, err := c.call(ctx, http.MethodGet, target, nil, &items, o)
		if err != nil {
			return err
		}
		if !page(items) {
			return nil
		}
		if target, err = c.nextLink(h); err != nil {
			return err
		}
	}
	return nil
}

// listAll collects every page.
func listAll[T any](ctx context.Context, c *Client, target string, o callOpts) ([]T, error) {
	var all []T
	err := paginate(ctx, c, target, o, func(items []T) bool {
		all = append(all, items...)
		return true
	})
	return all, err
}

func limitQuery(limit int, kv ...string) url.Values {
	q := url.Values{}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	return q
}
