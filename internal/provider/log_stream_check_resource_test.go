package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim/fixtures"
)

const (
	lsSplunk = "0oa00000000000000ls1"
	lsBridge = "0oa00000000000000ls2"
)

// addLogStreams gives the test org two log streams, both INACTIVE.
func addLogStreams(org *oktasim.Org) {
	at := ts(3, 8)
	org.LogStreams = append(org.LogStreams,
		&oktasim.LogStream{ID: lsSplunk, Name: "SIEM", Type: "splunk_cloud_logstreaming", Status: "INACTIVE", Created: at, LastUpdated: at,
			SplunkHost: "initech.splunkcloud.com", SplunkEdition: "aws"},
		&oktasim.LogStream{ID: lsBridge, Name: "Data lake", Type: "aws_eventbridge", Status: "INACTIVE", Created: at, LastUpdated: at,
			AWSAccountID: "123456789012", AWSRegion: "us-east-2", AWSEventSourceName: "okta-system-log"},
	)
}

func logStreamByID(org *oktasim.Org, id string) *oktasim.LogStream {
	for _, l := range org.LogStreams {
		if l.ID == id {
			return l
		}
	}
	panic("no log stream " + id)
}

func TestAccLogStreamCheck(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addLogStreams(org)
	checkLifecycle{
		typ: "oktagate_log_stream_check", name: "stig", org: org,
		warn: map[string]string{
			"subjects_evaluated":      "2",
			"violation_count":         "1",
			"violations.0.subject":    "log streams",
			"violations.0.subject_id": "",
			"violations.0.reason": "no ACTIVE log stream sends the System Log to a central log server: " +
				`"Data lake" (aws_eventbridge) is INACTIVE; "SIEM" (splunk_cloud_logstreaming) is INACTIVE`,
			"controls.#": "8",
			"controls.3": "NIST800-53r5 AU-4(1)",
			"controls.6": "SOC2 CC7.2",
			"controls.7": "STIG V-273202",
		},
		blocked: []string{"(1 violation,", "log streams: no ACTIVE log stream sends the System Log to a central log server"},
		waive:   []string{"log streams"},
		fix: func(org *oktasim.Org) {
			logStreamByID(org, lsSplunk).Status = "ACTIVE"
		},
		more: func(provider string) []resource.TestStep {
			return []resource.TestStep{
				{
					Config:      provider + "resource \"oktagate_log_stream_check\" \"stig\" {\n  types = [\"syslog\"]\n}\n",
					ExpectError: phrase("value must be one of"),
				},
				{
					// Last, as the destroy needs a valid configuration. Only EventBridge counts: the active Splunk stream does not.
					Config: provider + "resource \"oktagate_log_stream_check\" \"stig\" {\n  types = [\"aws_eventbridge\"]\n}\n",
					ExpectError: phrases("Compliance check failed: oktagate_log_stream_check",
						`no ACTIVE log stream of type aws_eventbridge`, `"SIEM" is ACTIVE but of type splunk_cloud_logstreaming`),
				},
			}
		},
	}.run(t)
}

// addEventHooks gives the test org three event hooks: one ACTIVE and
// VERIFIED to the SIEM, one UNVERIFIED to it, one INACTIVE elsewhere.
func addEventHooks(org *oktasim.Org) {
	at := ts(3, 9)
	hook := func(id, name, status, verified, uri string) *oktasim.EventHook {
		return &oktasim.EventHook{ID: id, Name: name, Status: status, VerificationStatus: verified, URI: uri,
			Events: []string{"user.session.start", "user.account.lock"}, Created: at, LastUpdated: at}
	}
	org.EventHooks = append(org.EventHooks,
		hook("who00000000000000eh1", "SIEM hook", "ACTIVE", "VERIFIED", "https://SIEM.example.com/okta/events"),
		hook("who00000000000000eh2", "SIEM hook (new)", "ACTIVE", "UNVERIFIED", "https://siem.example.com/okta/v2"),
		hook("who00000000000000eh3", "Chat", "INACTIVE", "VERIFIED", "https://chat.example.net/hook"),
	)
}

// TestAccLogStreamCheckEventHooks: with accept_event_hooks, a VERIFIED,
// ACTIVE event hook to an allowed host is log offloading, read through
// injected 429s; towards another host the reason says why each hook falls
// short; accepting hooks without a host fails the plan.
func TestAccLogStreamCheckEventHooks(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addLogStreams(org)
	addEventHooks(org)
	faults := &oktasim.Faults{}
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultTooManyRequests, PathPrefix: "/api/v1/eventHooks", Every: 2})
	s, provider := startSim(t, org, oktasim.Options{Unlimited: true, PageSizeCap: 1, Faults: faults})
	const addr = "oktagate_log_stream_check.hooks"
	config := func(body string) string {
		return provider + "resource \"oktagate_log_stream_check\" \"hooks\" {\n  enforcement = \"warn\"\n" + body + "}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config:      config("  accept_event_hooks = true\n"),
				ExpectError: phrases("allowed_event_hook_hosts must name at least one host"),
			},
			{
				Config:      config("  allowed_event_hook_hosts = [\"siem.example.com\"]\n"),
				ExpectError: phrases("accept_event_hooks is false"),
			},
			{
				Config: config("  accept_event_hooks = true\n  allowed_event_hook_hosts = [\"siem.example.com\"]\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pass")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("violation_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(5)),
					// A hook carries only the events it subscribes to: the
					// requirements of off-loading the whole audit trail
					// (STIG V-273202, PCI DSS 10.3.3, AU-4(1)…) are not claimed.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("controls"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("HIPAA 164.312(b)"), knownvalue.StringExact("SOC2 CC7.2"),
					})),
				},
				Check: func(*terraform.State) error {
					throttled := 0
					for _, r := range s.Requests() {
						if r.Path == "/api/v1/eventHooks" && r.Status == http.StatusTooManyRequests {
							throttled++
						}
					}
					if throttled == 0 {
						return fmt.Errorf("the event hooks met no 429; the test proves nothing")
					}
					return nil
				},
			},
			{
				Config:           config("  accept_event_hooks = true\n  allowed_event_hook_hosts = [\"logs.example.com\"]\n"),
				ConfigPlanChecks: updateInPlace(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"subject": knownvalue.StringExact("log streams"), "subject_id": knownvalue.StringExact(""),
							"reason": knownvalue.StringExact("no ACTIVE log stream or ACTIVE, VERIFIED event hook to logs.example.com " +
								`sends the System Log to a central log server: "Data lake" (aws_eventbridge) is INACTIVE; ` +
								`"SIEM" (splunk_cloud_logstreaming) is INACTIVE; event hook "Chat" is INACTIVE; ` +
								`event hook "SIEM hook (new)" is UNVERIFIED, not VERIFIED; ` +
								`event hook "SIEM hook" delivers to siem.example.com, not an allowed host`),
						}),
					})),
				},
			},
		},
	})
}

// TestAccLogStreamCheckEventHooksForbidden: without okta.eventHooks.read the
// check still plans while it does not accept hooks (they are not read), and
// fails naming the scope once it does.
func TestAccLogStreamCheckEventHooksForbidden(t *testing.T) {
	t.Parallel()
	org := newTestOrg()
	addLogStreams(org)
	logStreamByID(org, lsSplunk).Status = "ACTIVE"
	faults := &oktasim.Faults{}
	faults.Add(oktasim.FaultRule{Kind: oktasim.FaultForbidden, PathPrefix: "/api/v1/eventHooks"})
	_, provider := startSim(t, org, oktasim.Options{Unlimited: true, Faults: faults})
	const addr = "oktagate_log_stream_check.t"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: provider + "resource \"oktagate_log_stream_check\" \"t\" {}\n",
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pass")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("accept_event_hooks"), knownvalue.Bool(false)),
				},
			},
			{
				Config: provider + "resource \"oktagate_log_stream_check\" \"t\" {\n  accept_event_hooks = true\n" +
					"  allowed_event_hook_hosts = [\"siem.example.com\"]\n}\n",
				ExpectError: phrases("Missing Okta scope or admin role", "okta.eventHooks.read", "GET /api/v1/eventHooks"),
			},
			{
				// Last, as the destroy needs a configuration that plans.
				Config: provider + "resource \"oktagate_log_stream_check\" \"t\" {}\n",
			},
		},
	})
}

// TestAccLogStreamCheckDemoOrgEventHooks: in the demo org, where only the
// Splunk stream is ACTIVE, an EventBridge-only check passes through the
// verified SIEM hook and fails when the only allowed host is the unverified
// automation hook's.
func TestAccLogStreamCheckDemoOrgEventHooks(t *testing.T) {
	t.Parallel()
	_, provider := startCheckSim(t, fixtures.DemoOrg(1, time.Now().UTC()))
	const addr = "oktagate_log_stream_check.demo"
	config := func(host string) string {
		return provider + "resource \"oktagate_log_stream_check\" \"demo\" {\n  enforcement = \"warn\"\n  types = [\"aws_eventbridge\"]\n" +
			"  accept_event_hooks = true\n  allowed_event_hook_hosts = [\"" + host + "\"]\n}\n"
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{
			{
				Config: config(fixtures.DemoEventHookHost),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pass")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subjects_evaluated"), knownvalue.Int64Exact(4)),
				},
			},
			{
				Config: config("automation.example.net"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("violations"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"subject": knownvalue.StringExact("log streams"),
							"reason": knownvalue.StringExact("no ACTIVE log stream of type aws_eventbridge or ACTIVE, VERIFIED event hook " +
								`to automation.example.net sends the System Log to a central log server: ` +
								`"Data lake (pilot)" (aws_eventbridge) is INACTIVE; "Security SIEM" is ACTIVE but of type splunk_cloud_logstreaming; ` +
								`event hook "Onboarding automation" is UNVERIFIED, not VERIFIED; ` +
								`event hook "SIEM collector" delivers to siem.acme.com, not an allowed host`),
						}),
					})),
				},
			},
		},
	})
}
