package provider

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	rt "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// secretSet collects every secret a run handles, with what it is, so that a
// finding names the kind of secret without printing it.
type secretSet struct {
	mu     sync.Mutex
	values map[string]string // value → what it is
}

func newSecretSet() *secretSet { return &secretSet{values: map[string]string{}} }

func (s *secretSet) add(what, value string) {
	value = strings.TrimSpace(value)
	if len(value) < 12 {
		return // too short to search for without false alarms; none of ours are
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[value] = what
}

// addPEM adds a PEM key, its base64 body as one string and line by line, and
// the key's DER in the other base64 alphabets.
func (s *secretSet) addPEM(what, text string) {
	s.add(what+" (PEM)", text)
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return
	}
	var body []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "-----") {
			body = append(body, line)
			s.add(what+" (a line of the PEM body)", line)
		}
	}
	s.add(what+" (PEM body)", strings.Join(body, ""))
	s.add(what+" (PEM body, escaped newlines)", strings.Join(body, `\n`))
	s.add(what+" (DER, base64)", base64.StdEncoding.EncodeToString(block.Bytes))
	s.add(what+" (DER, base64url)", base64.RawURLEncoding.EncodeToString(block.Bytes))
}

// addECKey adds the private scalar as a JWK's "d" would carry it.
func (s *secretSet) addECKey(what string, key *ecdsa.PrivateKey) {
	d, err := key.Bytes()
	if err == nil {
		s.add(what+" (JWK d)", base64.RawURLEncoding.EncodeToString(d))
	}
}

// find returns what each secret found in text is, sorted.
func (s *secretSet) find(text string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []string
	for v, what := range s.values {
		if strings.Contains(text, v) {
			found = append(found, what)
		}
	}
	sort.Strings(found)
	return found
}

func (s *secretSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.values)
}

// credentialProxy stands between the provider and the simulator and learns
// every credential that crosses it: API tokens and access tokens from
// Authorization headers, client assertions from token requests, and the access
// tokens the token endpoint hands out.
func credentialProxy(t *testing.T, target string, secrets *secretSet) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.URL.Path != "/oauth2/v1/token" {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if json.Unmarshal(body, &tok) == nil {
			secrets.add("an OAuth access token", tok.AccessToken)
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return nil
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := r.Header.Get("Authorization"); a != "" {
			_, cred, _ := strings.Cut(a, " ")
			secrets.add("a credential from an Authorization header", cred)
		}
		if r.URL.Path == "/oauth2/v1/token" && r.Body != nil {
			body, _ := io.ReadAll(r.Body)
			if form, err := url.ParseQuery(string(body)); err == nil {
				secrets.add("a client assertion", form.Get("client_assertion"))
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// sensitivePlanCheck fails when a value in the plan holds a secret without
// being marked sensitive: Terraform prints every unmarked value in plan output.
type sensitivePlanCheck struct{ secrets *secretSet }

func (c sensitivePlanCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var leaks []string
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Change == nil {
			continue
		}
		for _, side := range []struct {
			name      string
			value     any
			sensitive any
		}{{"before", rc.Change.Before, rc.Change.BeforeSensitive}, {"after", rc.Change.After, rc.Change.AfterSensitive}} {
			for _, what := range unmarkedSecrets(side.value, side.sensitive, c.secrets) {
				leaks = append(leaks, fmt.Sprintf("%s (%s): %s", rc.Address, side.name, what))
			}
		}
	}
	for name, oc := range req.Plan.OutputChanges {
		if oc == nil {
			continue
		}
		for _, what := range unmarkedSecrets(oc.After, oc.AfterSensitive, c.secrets) {
			leaks = append(leaks, fmt.Sprintf("output %s: %s", name, what))
		}
	}
	if len(leaks) > 0 {
		resp.Error = fmt.Errorf("the plan shows secrets in clear: %s", strings.Join(leaks, "; "))
	}
}

// unmarkedSecrets walks a JSON value beside its sensitivity marks (true, or an
// object/array of the same shape) and returns the secrets found outside the
// marked parts.
func unmarkedSecrets(value, marks any, secrets *secretSet) []string {
	if b, ok := marks.(bool); ok && b {
		return nil
	}
	switch v := value.(type) {
	case map[string]any:
		m, _ := marks.(map[string]any)
		var out []string
		for k, x := range v {
			out = append(out, unmarkedSecrets(x, m[k], secrets)...)
		}
		return out
	case []any:
		m, _ := marks.([]any)
		var out []string
		for i, x := range v {
			var mark any
			if i < len(m) {
				mark = m[i]
			}
			out = append(out, unmarkedSecrets(x, mark, secrets)...)
		}
		return out
	case string:
		return secrets.find(v)
	}
	return nil
}

// TestAccSecretsNeverInLogsPlansOrErrors runs the provider with TF_LOG=TRACE
// through an SSWS token and an OAuth service app's private key, creates a web
// app (which gets a client secret) and a service account with password_wo,
// changes both, then meets a bad token and a key the app does not know. The
// TRACE logs of terraform and of the provider, the plans, the state and every
// error must hold none of the secrets: not the token, not the key (PEM, body,
// DER, JWK d), not the client secret, not the password, not the client
// assertions or the access tokens the simulator issued.
//
// Not parallel: it sets the process environment.
func TestAccSecretsNeverInLogsPlansOrErrors(t *testing.T) {
	logDir := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", filepath.Join(logDir, "acceptance.log"))
	t.Setenv("TF_LOG_PATH_MASK", "")

	secrets := newSecretSet()
	key, keyPEM := testKey(t)
	secrets.addPEM("the private key", keyPEM)
	secrets.addECKey("the private key", key)
	stranger, strangerPEM := testKey(t) // a key no app knows
	secrets.addPEM("the unknown private key", strangerPEM)
	secrets.addECKey("the unknown private key", stranger)
	const password1, password2 = "Tr0ub4dor-Secret-Horse-41", "Second-Secret-Staple-97"
	secrets.add("password_wo", password1)
	secrets.add("password_wo", password2)
	const badToken = "00BogusTokenThatOktaNeverIssued-Zq81x"
	secrets.add("the rejected api_token", badToken)

	org := newTestOrg()
	clientID := oauthServiceApp(t, org, key)
	org.Groups = append(org.Groups, &oktasim.Group{ID: gpOps, Type: "OKTA_GROUP", Name: "Ops", Created: ts(1, 1), LastUpdated: ts(1, 1)})
	s, _ := startSim(t, org, oktasim.Options{Unlimited: true})
	secrets.add("the api_token", s.AdminToken())
	orgURL := credentialProxy(t, s.URL(), secrets)

	// One provider per configuration: in-process, the aliases of one
	// provider type would share one server and its configuration.
	oauthProvider := func(pemKey string) string {
		return fmt.Sprintf(`provider "oktagate" {
  org_url        = %q
  client_id      = %q
  private_key    = %q
  private_key_id = "gate-1"
  scopes         = ["okta.users.read"]
}
`, orgURL, clientID, pemKey)
	}
	everything := func(label, password string, version int) string {
		return providerBlock(orgURL, s.AdminToken()) + fmt.Sprintf(`
data "oktagate_users" "ssws" {}
resource "oktagate_oidc_app" "web" {
  label         = %q
  type          = "web"
  redirect_uris = ["https://portal.initech.example/callback"]
}
resource "oktagate_service_account" "svc" {
  login               = "svc-secrets@initech.example"
  email               = "secops@initech.example"
%s}
output "client_secret" {
  value     = oktagate_oidc_app.web.client_secret
  sensitive = true
}
`, label, passwordArgs(password, version))
	}
	learnClientSecret := simCheck(s, func(o *oktasim.Org) error {
		for _, a := range o.Apps {
			if a.OAuth != nil && a.OAuth.ClientSecret != "" && strings.HasPrefix(a.Label, "Secret portal") {
				secrets.add("the web app's client_secret", a.OAuth.ClientSecret)
				return nil
			}
		}
		return fmt.Errorf("the web app has no client secret: the test proves nothing about client_secret")
	})
	noPlanLeak := rt.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{sensitivePlanCheck{secrets}}}
	stateClean := func(st *terraform.State) error {
		for name, rs := range st.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				for _, what := range secrets.find(v) {
					// The client secret is the app's output: it belongs in the
					// state (marked sensitive). Nothing else does.
					if k == "client_secret" && what == "the web app's client_secret" {
						continue
					}
					return fmt.Errorf("the state of %s holds %s in %s", name, what, k)
				}
			}
		}
		return nil
	}

	// Write-only attributes need Terraform 1.11: an older binary runs the same
	// steps with a service account that has no password.
	pw1, pw2 := password1, password2
	if !terraformSupportsWriteOnly(t) {
		pw1, pw2 = "", ""
	}
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []rt.TestStep{
			{
				Config:           everything("Secret portal", pw1, 1),
				ConfigPlanChecks: noPlanLeak,
				Check: rt.ComposeAggregateTestCheckFunc(
					learnClientSecret,
					stateClean,
					rt.TestCheckResourceAttrSet("data.oktagate_users.ssws", "users.0.id"),
				),
			},
			{
				// An update plan shows the prior state, client secret included.
				Config:           everything("Secret portal 2", pw2, 2),
				ConfigPlanChecks: noPlanLeak,
				Check:            stateClean,
			},
		},
	})
	rt.UnitTest(t, rt.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []rt.TestStep{{
			Config: oauthProvider(keyPEM) + "data \"oktagate_users\" \"oauth\" {}\n",
			Check:  rt.ComposeAggregateTestCheckFunc(rt.TestCheckResourceAttrSet("data.oktagate_users.oauth", "users.0.id"), stateClean),
		}},
	})

	// Credentials Okta refuses: the errors say so without quoting them.
	var refusals []string
	for _, tc := range []struct {
		name, config, want string
	}{
		{"bad token", providerBlock(orgURL, badToken) + "data \"oktagate_users\" \"all\" {}\n", "Okta rejected the API token"},
		{"unknown key", oauthProvider(strangerPEM) + "data \"oktagate_users\" \"all\" {}\n", "OAuth client credential was rejected"},
	} {
		errored := false
		rt.UnitTest(t, rt.TestCase{
			ProtoV6ProviderFactories: providerFactories(nil),
			ErrorCheck: func(err error) error {
				if !phrase(tc.want).MatchString(err.Error()) {
					return err
				}
				errored = true
				if found := secrets.find(err.Error()); len(found) > 0 {
					return fmt.Errorf("%s: the error quotes %s", tc.name, strings.Join(found, ", "))
				}
				refusals = append(refusals, err.Error())
				return nil
			},
			Steps: []rt.TestStep{{Config: tc.config, PlanOnly: true}},
		})
		if !errored {
			t.Errorf("%s: the plan did not fail with %q", tc.name, tc.want)
		}
	}

	// The logs: terraform's TRACE log and the provider's, all in logDir.
	var logs strings.Builder
	err := filepath.WalkDir(logDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		logs.WriteString(withoutHarnessEntries(string(data)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	text := logs.String()
	// The logs must be the real thing, or finding nothing proves nothing.
	for _, wanted := range []string{"[TRACE]", "okta request", "/oauth2/v1/token", "oktagate_service_account"} {
		if !strings.Contains(text, wanted) {
			t.Errorf("the TRACE logs (%d bytes) never mention %q: logging was not captured", len(text), wanted)
		}
	}
	if n := secrets.len(); n < 10 {
		t.Errorf("only %d secrets collected; the proxy saw no credential", n)
	}
	if found := secrets.find(text); len(found) > 0 {
		t.Errorf("the TRACE logs hold %s", strings.Join(found, ", "))
	}
	if len(refusals) != 2 {
		t.Errorf("%d refusals checked, want 2", len(refusals))
	}
}

// logEntryStart is how every entry of a Terraform log begins.
var logEntryStart = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[Z+-][^ ]* \[[A-Z]+\] `)

// withoutHarnessEntries drops the entries the test harness itself logs
// (sdk.helper_resource): among them is "Setting Terraform configuration",
// the test's own HCL with its literal credentials, which no user's log ever
// holds since a user's configuration is in files. Terraform's entries and the
// provider's stay.
func withoutHarnessEntries(log string) string {
	var b strings.Builder
	keep := true
	for _, line := range strings.SplitAfter(log, "\n") {
		if logEntryStart.MatchString(line) {
			keep = !strings.Contains(line, "sdk.helper_resource:")
		}
		if keep {
			b.WriteString(line)
		}
	}
	return b.String()
}

// secretNamePattern matches attribute names that hold or name credentials.
var secretNamePattern = regexp.MustCompile(`secret|token|password|private_key`)

// notSecret are attributes whose names match secretNamePattern but that hold
// identifiers or metadata, never a credential.
var notSecret = map[string]string{
	"private_key_id":             "the key's kid: public, it is in the app's JWKS",
	"token_id":                   "an API token's id (00T…), not its value: Okta never returns token values",
	"tokens":                     "API token metadata (ids, names, owners, dates); Okta never returns token values",
	"token_window":               "an ISO 8601 idle duration",
	"token_endpoint_auth_method": "the name of an OAuth client authentication method",
	"password_wo_version":        "a counter that triggers a password change",
	"password_changed":           "a timestamp",
	"max_password_age_days":      "a threshold in days",
}

// TestSecretAttributesAreSensitive walks every schema the provider serves
// (the protocol's view: provider, resources, data sources, nested attributes
// and blocks): an attribute whose name says it holds a credential is
// Sensitive or write-only, unless it is on the allow-list of identifiers and
// metadata.
func TestSecretAttributesAreSensitive(t *testing.T) {
	t.Parallel()
	server, err := providerFactories(nil)[TypeName]()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Fatalf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	var checked []string
	var walkAttrs func(owner string, attrs []*tfprotov6.SchemaAttribute)
	var walkBlock func(owner string, b *tfprotov6.SchemaBlock)
	walkAttrs = func(owner string, attrs []*tfprotov6.SchemaAttribute) {
		for _, a := range attrs {
			if secretNamePattern.MatchString(a.Name) {
				if _, ok := notSecret[a.Name]; !ok {
					checked = append(checked, owner+"."+a.Name)
					if !a.Sensitive && !a.WriteOnly {
						t.Errorf("%s.%s looks like a credential but is neither sensitive nor write-only", owner, a.Name)
					}
				}
			}
			if a.NestedType != nil {
				walkAttrs(owner+"."+a.Name, a.NestedType.Attributes)
			}
		}
	}
	walkBlock = func(owner string, b *tfprotov6.SchemaBlock) {
		if b == nil {
			return
		}
		walkAttrs(owner, b.Attributes)
		for _, nb := range b.BlockTypes {
			walkBlock(owner+"."+nb.TypeName, nb.Block)
		}
	}
	walkBlock("provider", resp.Provider.Block)
	for name, sc := range resp.ResourceSchemas {
		walkBlock(name, sc.Block)
	}
	for name, sc := range resp.DataSourceSchemas {
		walkBlock(name, sc.Block)
	}
	sort.Strings(checked)
	t.Logf("credential attributes checked: %s", strings.Join(checked, ", "))
	for _, must := range []string{"provider.api_token", "provider.private_key", "oktagate_oidc_app.client_secret", "oktagate_service_account.password_wo"} {
		found := false
		for _, c := range checked {
			found = found || c == must
		}
		if !found {
			t.Errorf("%s was not checked: is it still in the schema?", must)
		}
	}
}

// passwordArgs are a service account's password_wo arguments, or none when
// password is empty.
func passwordArgs(password string, version int) string {
	if password == "" {
		return ""
	}
	return fmt.Sprintf("  password_wo         = %q\n  password_wo_version = %d\n", password, version)
}
