package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// tfRun drives the real terraform binary in a working directory of its own,
// for what the plugin-testing steps cannot express: -target, and the raw
// state file (private state included). The provider is served in-process,
// as plugin-testing serves it, and each terraform command configures it anew.
type tfRun struct {
	t        *testing.T
	bin      string // the terraform binary
	dir      string
	tf       *tfexec.Terraform
	reattach *tfexec.ReattachOption
	// info is what reattach holds, for a terraform command run directly
	// (terraformRaw).
	info tfexec.ReattachInfo
}

// testBinary is the binary the acceptance tests run, as plugin-testing picks
// it: TF_ACC_TERRAFORM_PATH (OpenTofu's tofu under `make test-opentofu`), else
// terraform on PATH. tfRun runs the same one, so that its tests cover OpenTofu
// too.
func testBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("TF_ACC_TERRAFORM_PATH"); bin != "" {
		return bin
	}
	bin, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform binary: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
	}
	return bin
}

// registryHost is the host a source without one resolves to:
// registry.terraform.io for Terraform, registry.opentofu.org for OpenTofu.
// TF_ACC_PROVIDER_HOST says which, as it does for plugin-testing (`make
// test-opentofu` sets it); a provider served under the other host is not the
// one the configuration asks for, and init would look for it in a registry.
func registryHost() string {
	if h := os.Getenv("TF_ACC_PROVIDER_HOST"); h != "" {
		return h
	}
	return "registry.terraform.io"
}

// providerAddress is the provider the tests' configurations imply
// (hashicorp/oktagate).
func providerAddress() string { return registryHost() + "/hashicorp/" + TypeName }

func newTFRun(t *testing.T, config string) *tfRun {
	t.Helper()
	return newTFRunFiles(t, providerAddress(), map[string]string{"main.tf": config})
}

// newTFRunFiles is newTFRun over several files, with the provider served at
// address (the examples require oktagate/oktagate, the tests' configurations
// the implied hashicorp/oktagate).
func newTFRunFiles(t *testing.T, address string, files map[string]string) *tfRun {
	t.Helper()
	return newTFRunBin(t, testBinary(t), address, files)
}

// newTFRunBin is newTFRunFiles with the terraform binary bin.
func newTFRunBin(t *testing.T, bin, address string, files map[string]string) *tfRun {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tf, err := tfexec.NewTerraform(dir, bin)
	if err != nil {
		t.Fatal(err)
	}
	// Only what terraform needs: no developer's OKTA_* or TF_* settings.
	if err := tf.SetEnv(map[string]string{"HOME": dir, "PATH": os.Getenv("PATH")}); err != nil {
		t.Fatal(err)
	}

	info := serveInProcess(t, address)
	r := &tfRun{t: t, bin: bin, dir: dir, tf: tf, reattach: tfexec.Reattach(info), info: info}
	if err := tf.Init(t.Context(), r.reattach); err != nil {
		t.Fatalf("terraform init: %v", err)
	}
	return r
}

// serveInProcess serves the provider (its environment empty) in this
// process at address until the test ends, and returns what
// TF_REATTACH_PROVIDERS must name for terraform to use it.
func serveInProcess(t *testing.T, address string) tfexec.ReattachInfo {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	configCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve(address,
			providerserver.NewProtocol6(newWithEnv("test", func(string) string { return "" })()),
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-configCh:
	case err := <-serveErr:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	return tfexec.ReattachInfo{
		address: {
			Protocol: string(rc.Protocol), ProtocolVersion: rc.ProtocolVersion, Pid: rc.Pid, Test: rc.Test,
			Addr: tfexec.ReattachConfigAddr{Network: rc.Addr.Network(), String: rc.Addr.String()},
		},
	}
}

// apply runs terraform apply -auto-approve with opts.
func (r *tfRun) apply(opts ...tfexec.ApplyOption) error {
	return r.tf.Apply(context.Background(), append([]tfexec.ApplyOption{r.reattach}, opts...)...)
}

// plan runs terraform plan -detailed-exitcode and reports whether it has
// changes.
func (r *tfRun) plan(opts ...tfexec.PlanOption) (bool, error) {
	return r.tf.Plan(context.Background(), append([]tfexec.PlanOption{r.reattach}, opts...)...)
}

// planDiff returns the human-readable plan (what a person reviewing it sees),
// or the error.
func (r *tfRun) planDiff(opts ...tfexec.PlanOption) (string, error) {
	var out bytes.Buffer
	r.tf.SetStdout(&out)
	defer r.tf.SetStdout(nil)
	_, err := r.plan(opts...)
	return out.String(), err
}

// stateFile returns the raw state file.
func (r *tfRun) stateFile() []byte {
	r.t.Helper()
	data, err := os.ReadFile(filepath.Join(r.dir, "terraform.tfstate"))
	if err != nil {
		r.t.Fatal(err)
	}
	return data
}

// rawInstance is a resource instance as the state file holds it.
type rawInstance struct {
	Attributes map[string]any `json:"attributes"`
	Private    string         `json:"private"` // base64
}

// instance returns the only instance of the managed resource addr
// ("type.name") in the state file.
func (r *tfRun) instance(addr string) rawInstance {
	r.t.Helper()
	inst, ok := r.lookup(addr)
	if !ok {
		r.t.Fatalf("%s is not in the state", addr)
	}
	return inst
}

// lookup returns the only instance of addr, and whether the state holds it.
func (r *tfRun) lookup(addr string) (rawInstance, bool) {
	r.t.Helper()
	var st struct {
		Resources []struct {
			Mode, Type, Name string
			Instances        []rawInstance
		}
	}
	if err := json.Unmarshal(r.stateFile(), &st); err != nil {
		r.t.Fatal(err)
	}
	for _, res := range st.Resources {
		if res.Mode == "managed" && res.Type+"."+res.Name == addr && len(res.Instances) == 1 {
			return res.Instances[0], true
		}
	}
	return rawInstance{}, false
}

// snapshotAttr returns a string attribute of the snapshot in the state file.
func (r *tfRun) snapshotAttr(name string) string {
	r.t.Helper()
	s, _ := r.instance(snapshotAddr).Attributes[name].(string)
	return s
}

// tfError is err's text with terraform's box drawing and line breaks
// flattened, for matching.
func tfError(err error) string {
	if err == nil {
		return ""
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "│", " ")), " ")
}

// pastSecond waits until the clock is in a later second than t: a plan reads
// the System Log up to the start of its own second.
func pastSecond(t time.Time) {
	for time.Now().Truncate(time.Second).Compare(t.Truncate(time.Second)) <= 0 {
		time.Sleep(50 * time.Millisecond)
	}
}
