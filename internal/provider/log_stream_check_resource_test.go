package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
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
