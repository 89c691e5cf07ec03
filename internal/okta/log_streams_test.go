package okta

import (
	"testing"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// TestListLogStreams follows one-item pages and keeps where each stream
// goes, never a Splunk token.
func TestListLogStreams(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	org := oktasim.NewOrg()
	org.LogStreams = []*oktasim.LogStream{
		{ID: "0oa1", Name: "SIEM", Type: "splunk_cloud_logstreaming", Status: "ACTIVE", Created: at, LastUpdated: at,
			SplunkHost: "acme.splunkcloud.com", SplunkEdition: "aws"},
		{ID: "0oa2", Name: "Lake", Type: "aws_eventbridge", Status: "INACTIVE", Created: at, LastUpdated: at,
			AWSAccountID: "123456789012", AWSRegion: "us-east-2", AWSEventSourceName: "okta"},
	}
	ls, err := postureClient(t, org).ListLogStreams(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 2 {
		t.Fatalf("got %d log streams over one-item pages, want 2: %+v", len(ls), ls)
	}
	if ls[0].Type != LogStreamSplunkCloud || ls[0].Status != "ACTIVE" || ls[0].Destination != "splunk acme.splunkcloud.com" {
		t.Errorf("Splunk stream %+v", ls[0])
	}
	if ls[1].Type != LogStreamAWSEventBridge || ls[1].Destination != "aws 123456789012 us-east-2 okta" || !ls[1].LastUpdated.Equal(at) {
		t.Errorf("EventBridge stream %+v", ls[1])
	}
}
