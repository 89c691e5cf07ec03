package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

// actionTerraform is the terraform binary the action tests run: the one in
// TF_ACC_TERRAFORM_PATH (make test-newest sets Terraform 1.15.9) or on PATH.
// Actions came in Terraform 1.14; below it, the tests skip.
func actionTerraform(t *testing.T) string {
	t.Helper()
	return terraform114(t, "actions")
}

// actionOrg is an org the project has never seen: generated from seed, small
// enough for a test, placed at the present so its admin token (users[0]'s, a
// SUPER_ADMIN) has not expired.
// It skips the test first on a Terraform without actions.
func actionOrg(t *testing.T, seed int64) *oktasim.Org {
	t.Helper()
	actionTerraform(t)
	return fixtures.Generate(fixtures.GenerateOptions{Users: 60, Groups: 12, Apps: 8, Seed: seed, LogEvents: 300})
}

// actionRun is a working directory with a configuration, the provider served
// in-process, and the terraform binary that has actions.
type actionRun struct {
	t        *testing.T
	dir, bin string
	reattach []byte
}

func newActionRun(t *testing.T, config string) *actionRun {
	t.Helper()
	bin := actionTerraform(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	info := serveInProcess(t, providerAddress())
	reattach, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	r := &actionRun{t: t, dir: dir, bin: bin, reattach: reattach}
	if out, err := r.run("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	return r
}

// run runs terraform with args and returns stdout and stderr together.
func (r *actionRun) run(args ...string) (string, error) {
	r.t.Helper()
	cmd := exec.CommandContext(r.t.Context(), r.bin, args...)
	cmd.Dir = r.dir
	cmd.Env = []string{"HOME=" + r.dir, "PATH=" + os.Getenv("PATH"), "TF_REATTACH_PROVIDERS=" + string(r.reattach), "TF_IN_AUTOMATION=1"}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// invoke runs `terraform apply -invoke=action.<addr>` and returns its output
// (the action's progress messages, or its error), flattened for matching.
func (r *actionRun) invoke(addr string) (string, error) {
	r.t.Helper()
	out, err := r.run("apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action."+addr)
	return flatten(out), err
}

// flatten joins terraform's wrapped, box-drawn lines into one line.
func flatten(s string) string {
	s = strings.NewReplacer("│", " ", "╷", " ", "╵", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// orgState is the whole org as comparable parts: one JSON per user, group,
// app, user's factors, role list, token and open sessions, keyed by what they
// are ("user 00u…"), and the org-wide settings as one more. The System Log is
// left out: tests look at it apart.
func orgState(t *testing.T, s *oktasim.Server) map[string]string {
	t.Helper()
	o := s.Org()
	o.RLock()
	defer o.RUnlock()
	out := map[string]string{}
	put := func(key string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[key] = string(b)
	}
	for _, u := range o.Users {
		put("user "+u.ID, u)
	}
	for _, g := range o.Groups {
		put("group "+g.ID, g)
	}
	for _, a := range o.Apps {
		put("app "+a.ID, a)
	}
	for id, fs := range o.Factors {
		if len(fs) > 0 {
			put("factors "+id, fs)
		}
	}
	for id, rs := range o.UserRoles {
		put("user roles "+id, rs)
	}
	for id, rs := range o.GroupRoles {
		put("group roles "+id, rs)
	}
	for _, tok := range o.APITokens {
		put("token "+tok.ID, tok)
	}
	for id, n := range o.Sessions {
		if n > 0 {
			put("sessions "+id, n)
		}
	}
	put("policies", o.Policies)
	put("client roles", o.ClientRoles)
	put("org", []any{o.ID, o.CompanyName, o.Subdomain, o.Pipeline, o.Zones, o.Authenticators, o.LogStreams,
		o.IdentityProviders, o.AdminConsole, o.TrustedOrigins, o.ThreatInsight, o.Behaviors, o.EventHooks, o.DeviceAssurances})
	return out
}

// changed lists the keys whose parts differ between two states, sorted.
func changed(before, after map[string]string) []string {
	var keys []string
	for k, v := range before {
		if after[k] != v {
			keys = append(keys, k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// writes are the requests since the last ResetRequests that were not reads:
// every one sent, or only those Okta carried out (2xx).
func writes(s *oktasim.Server, sent bool) []string {
	var out []string
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && (sent || r.Status < 300) {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// logsSince are the System Log events logged after the first n.
func logsSince(s *oktasim.Server, n int) []*oktasim.LogEvent {
	o := s.Org()
	o.RLock()
	defer o.RUnlock()
	return slices.Clone(o.Logs[n:])
}

func logCount(s *oktasim.Server) int {
	o := s.Org()
	o.RLock()
	defer o.RUnlock()
	return len(o.Logs)
}

// plainUser is an ACTIVE user with no admin role (directly or through a
// group) and no API token, for which pred holds.
func plainUser(t *testing.T, o *oktasim.Org, pred func(*oktasim.User) bool) *oktasim.User {
	t.Helper()
	privileged := map[string]bool{}
	for id := range o.UserRoles {
		privileged[id] = true
	}
	for gid := range o.GroupRoles {
		if g := o.Group(gid); g != nil {
			for _, id := range g.MemberIDs {
				privileged[id] = true
			}
		}
	}
	for _, tok := range o.APITokens {
		privileged[tok.UserID] = true
	}
	for _, u := range o.Users {
		if u.Status == "ACTIVE" && !privileged[u.ID] && (pred == nil || pred(u)) {
			return u
		}
	}
	t.Fatal("the generated org has no such user")
	return nil
}

func login(u *oktasim.User) string { s, _ := u.Profile["login"].(string); return s }

// invokeOnce invokes addr against s, requires it to succeed, and checks the
// change: exactly the parts in want changed (nothing else in the org), every
// System Log event it caused names the token's owner as actor and carries a
// request id the output reported. It returns the output.
func invokeOnce(t *testing.T, r *actionRun, s *oktasim.Server, addr string, want ...string) string {
	t.Helper()
	before, n := orgState(t, s), logCount(s)
	s.ResetRequests()
	out, err := r.invoke(addr)
	if err != nil {
		t.Fatalf("invoking %s: %v\n%s", addr, err, out)
	}
	sort.Strings(want)
	if got := changed(before, orgState(t, s)); !slices.Equal(got, want) {
		t.Fatalf("invoking %s changed %v, want exactly %v\n%s", addr, got, want, out)
	}
	owner := s.Org().APITokens[0].UserID
	for _, e := range logsSince(s, n) {
		if e.Actor.ID != owner {
			t.Errorf("event %s by %s, want the token's owner %s", e.EventType, e.Actor.ID, owner)
		}
		if e.RequestID == "" || !strings.Contains(out, e.RequestID) {
			t.Errorf("event %s (request %s): the output does not report its request id\n%s", e.EventType, e.RequestID, out)
		}
	}
	return out
}

// invokeAgain invokes addr a second time and requires no write at all and
// an unchanged org.
func invokeAgain(t *testing.T, r *actionRun, s *oktasim.Server, addr string) string {
	t.Helper()
	before := orgState(t, s)
	s.ResetRequests()
	out, err := r.invoke(addr)
	if err != nil {
		t.Fatalf("invoking %s again: %v\n%s", addr, err, out)
	}
	if w := writes(s, true); len(w) > 0 {
		t.Fatalf("the second invocation of %s wrote %v\n%s", addr, w, out)
	}
	if got := changed(before, orgState(t, s)); len(got) > 0 {
		t.Fatalf("the second invocation of %s changed %v", addr, got)
	}
	return out
}

// invokeRefused invokes addr, requires it to fail with all of msgs in its
// output, and no write sent.
func invokeRefused(t *testing.T, r *actionRun, s *oktasim.Server, addr string, msgs ...string) {
	t.Helper()
	invokeFails(t, r, s, addr, true, msgs...)
}

// invokeFails invokes addr, requires it to fail with all of msgs in its
// output and leave the org unchanged; with noneSent, no write may even have
// been sent (a guard rail's refusal), else none may have succeeded (Okta's
// own 403).
func invokeFails(t *testing.T, r *actionRun, s *oktasim.Server, addr string, noneSent bool, msgs ...string) string {
	t.Helper()
	before := orgState(t, s)
	s.ResetRequests()
	out, err := r.invoke(addr)
	if err == nil {
		t.Fatalf("invoking %s succeeded, want a refusal\n%s", addr, out)
	}
	for _, m := range msgs {
		if !strings.Contains(out, m) {
			t.Errorf("invoking %s: the output lacks %q\n%s", addr, m, out)
		}
	}
	if w := writes(s, noneSent); len(w) > 0 {
		t.Fatalf("the refused invocation of %s wrote %v", addr, w)
	}
	if got := changed(before, orgState(t, s)); len(got) > 0 {
		t.Fatalf("the refused invocation of %s changed %v", addr, got)
	}
	return out
}

var _ = fmt.Sprintf

// userByID finds a user of o (the caller holds the lock or the server has not
// started).
func userByID(o *oktasim.Org, id string) *oktasim.User {
	for _, u := range o.Users {
		if u.ID == id {
			return u
		}
	}
	return nil
}
