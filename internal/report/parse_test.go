package report

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// A check's values as Terraform shows them; evidence is canonical JSON in a string.
const mfaValues = `{"status":"fail","enforcement":"block","subjects_evaluated":3,"violation_count":1,
 "violations":[{"subject":"a@x.com","subject_id":"00u1","reason":"no ACTIVE factor"}],
 "exceptions_applied":[],"controls":["Drata Test 86: MFA","SOC2 CC6.1","STIG V-273193"],
 "evidence":"{\"check\":\"oktagate_mfa_check\",\"inputs\":{\"min_factors\":1}}","fingerprint":"ab12"}`

const passValues = `{"status":"pass","enforcement":"warn","subjects_evaluated":2,"violation_count":0,"violations":[],
 "exceptions_applied":[],"controls":["SOC2 CC6.2"],"evidence":"{}","fingerprint":"cd34"}`

func TestParseInputs(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		data      string
		wantErr   string // part of the error; "" for none
		wantKind  string
		wantAddrs []string
		wantState map[string]string // address -> status
		wantStale bool
	}{
		{
			name: "plan, root module",
			data: `{"format_version":"1.2","terraform_version":"1.11.4","timestamp":"2026-12-06T11:00:00Z",
			 "planned_values":{"root_module":{"resources":[{"address":"oktagate_mfa_check.a","mode":"managed","type":"oktagate_mfa_check","values":` + mfaValues + `}]}}}`,
			wantKind: KindPlan, wantAddrs: []string{"oktagate_mfa_check.a"}, wantState: map[string]string{"oktagate_mfa_check.a": StatusFail},
		},
		{
			name: "state, child module; non-check resources and data sources ignored",
			data: `{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{
			 "resources":[{"address":"oktagate_service_account.s","mode":"managed","type":"oktagate_service_account","values":{"status":"ACTIVE"}}],
			 "child_modules":[{"address":"module.gate","resources":[
			  {"address":"module.gate.oktagate_access_review.r","mode":"managed","type":"oktagate_access_review","values":` + passValues + `},
			  {"address":"module.gate.data.oktagate_users.u","mode":"data","type":"oktagate_users","values":{"users":[]}}]}]}}}`,
			wantKind: KindState, wantAddrs: []string{"module.gate.oktagate_access_review.r"},
			wantState: map[string]string{"module.gate.oktagate_access_review.r": StatusPass},
			wantStale: true, // a state does not say when it was judged
		},
		{
			name: "a check unknown at plan",
			data: `{"format_version":"1.2","terraform_version":"1.11.4","timestamp":"2026-12-06T11:00:00Z",
			 "planned_values":{"root_module":{"resources":[{"address":"oktagate_offboarding_check.o","mode":"managed","type":"oktagate_offboarding_check","values":{"enforcement":"warn"}}]}},
			 "resource_changes":[{"address":"oktagate_offboarding_check.o","mode":"managed","type":"oktagate_offboarding_check","change":{"actions":["create"],"after_unknown":{"status":true,"evidence":true}}}]}`,
			wantKind: KindPlan, wantAddrs: []string{"oktagate_offboarding_check.o"}, wantState: map[string]string{"oktagate_offboarding_check.o": StatusUnknown},
		},
		{
			name: "plan log",
			data: `{"@level":"info","@message":"Terraform 1.11.4","@timestamp":"2026-12-06T11:30:00.5Z","terraform":"1.11.4","type":"version","ui":"1.2"}
{"@level":"info","@message":"oktagate_mfa_check.a: Plan to create","@timestamp":"2026-12-06T11:30:01Z","change":{"resource":{"addr":"oktagate_mfa_check.a","resource_type":"oktagate_mfa_check"},"action":"create"},"type":"planned_change"}
{"@level":"info","@message":"oktagate_scope_check.s: Plan to create","@timestamp":"2026-12-06T11:30:01Z","change":{"resource":{"addr":"oktagate_scope_check.s","resource_type":"oktagate_scope_check"},"action":"create"},"type":"planned_change"}
{"@level":"error","@message":"Error: Compliance check failed","@timestamp":"2026-12-06T11:30:02Z","diagnostic":{"severity":"error","summary":"Compliance check failed: oktagate_mfa_check (1 violation, evidence ab12ab12ab12)","detail":"oktagate_mfa_check: 1 violation\na@x.com (00u1): no ACTIVE factor\n\nEnrol a factor.","address":"oktagate_mfa_check.a"},"type":"diagnostic"}`,
			wantKind: KindLog, wantAddrs: []string{"oktagate_mfa_check.a", "oktagate_scope_check.s"},
			wantState: map[string]string{"oktagate_mfa_check.a": StatusFail, "oktagate_scope_check.s": StatusPass},
		},
		{name: "no checks", data: `{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{}}}`, wantErr: "no oktagate check resources"},
		{name: "empty", data: "  \n", wantErr: "the file is empty"},
		{name: "not JSON", data: "Terraform will perform the following actions:", wantErr: "not JSON"},
		{name: "JSON, not Terraform's", data: `{"hello":"world"}`, wantErr: "neither"},
		{name: "broken log line", data: `{"@message":"x","type":"version","@timestamp":"2026-12-06T11:00:00Z"}` + "\n{oops", wantErr: "line 2 is not JSON"},
		{name: "bad status", data: `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"oktagate_mfa_check.a","mode":"managed","type":"oktagate_mfa_check","values":{"status":"maybe"}}]}}}`, wantErr: `oktagate_mfa_check.a: status "maybe"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build([]Input{{Name: "in.json", Data: []byte(tc.data)}}, Options{MaxAge: 6 * time.Hour, Now: now})
			if tc.wantErr != "" {
				var ie *InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "in.json") {
					t.Fatalf("err = %v, want an InputError naming in.json and saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var addrs []string
			for _, c := range r.Checks {
				addrs = append(addrs, c.Address)
				if c.Kind != tc.wantKind {
					t.Errorf("%s: kind %q, want %q", c.Address, c.Kind, tc.wantKind)
				}
				if c.Status != tc.wantState[c.Address] {
					t.Errorf("%s: status %q, want %q", c.Address, c.Status, tc.wantState[c.Address])
				}
				if c.Stale != tc.wantStale {
					t.Errorf("%s: stale %v, want %v", c.Address, c.Stale, tc.wantStale)
				}
			}
			if strings.Join(addrs, ",") != strings.Join(tc.wantAddrs, ",") {
				t.Errorf("checks %v, want %v", addrs, tc.wantAddrs)
			}
		})
	}
}

func TestControlsKeepOnlyFrameworkEntries(t *testing.T) {
	data := `{"format_version":"1.2","timestamp":"2026-12-06T11:00:00Z","planned_values":{"root_module":{"resources":[{"address":"oktagate_mfa_check.a","mode":"managed","type":"oktagate_mfa_check","values":` + mfaValues + `}]}}}`
	r, err := Build([]Input{{Name: "p.json", Data: []byte(data)}}, Options{MaxAge: time.Hour, Now: time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	got := r.Checks[0].Controls
	if len(got) != 2 || got[0].String() != "SOC2 CC6.1" || got[1].String() != "STIG V-273193" {
		t.Errorf("controls %v, want SOC2 CC6.1 and STIG V-273193 (the Drata entry is not a requirement)", got)
	}
	if q := r.Requirements("SOC2"); len(q) != 1 || q[0].Satisfied() {
		t.Errorf("SOC2 requirements %+v: CC6.1 evidenced by a failing check is not satisfied", q)
	}
}

func TestNaturalOrder(t *testing.T) {
	ids := []string{"CC6.10", "CC6.2", "A.5.16", "A.5.9", "V-273193", "V-27319"}
	want := []string{"A.5.9", "A.5.16", "CC6.2", "CC6.10", "V-27319", "V-273193"}
	for i := range ids {
		for j := range ids {
			a, b := want[i], want[j]
			if c := naturalCompare(a, b); (c < 0) != (i < j) || (c == 0) != (i == j) {
				t.Errorf("naturalCompare(%q, %q) = %d", a, b, c)
			}
		}
	}
}

// TestOpenTofuPlanLog: OpenTofu's `plan -json` log names its version in a
// "tofu" field; the report takes it as it takes Terraform's.
func TestOpenTofuPlanLog(t *testing.T) {
	log := `{"@level":"info","@message":"OpenTofu 1.12.6","@module":"tofu.ui","@timestamp":"2026-12-06T11:30:00.5Z","tofu":"1.12.6","type":"version","ui":"1.2"}
{"@level":"info","@message":"oktagate_mfa_check.a: Plan to create","@timestamp":"2026-12-06T11:30:01Z","change":{"resource":{"addr":"oktagate_mfa_check.a","resource_type":"oktagate_mfa_check"},"action":"create"},"type":"planned_change"}`
	r, err := Build([]Input{{Name: "plan.log.jsonl", Data: []byte(log)}}, Options{MaxAge: 6 * time.Hour, Now: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if r.TerraformVersion != "1.12.6" {
		t.Errorf("version %q, want 1.12.6 from the log's tofu field", r.TerraformVersion)
	}
}
