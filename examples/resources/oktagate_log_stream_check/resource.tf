# The System Log is off-loaded to a central log server (DISA STIG V-273202):
# at least one ACTIVE log stream.
resource "oktagate_log_stream_check" "siem" {}

# Only the Splunk Cloud stream counts.
resource "oktagate_log_stream_check" "splunk" {
  types = ["splunk_cloud_logstreaming"]
}

# The SIEM pulls the System Log over the API instead of a log stream: record
# it as an exception, reviewed each year.
resource "oktagate_log_stream_check" "pulled" {
  exception {
    subject = "log streams"
    reason  = "Sentinel pulls /api/v1/logs every 5 minutes (SEC-88)"
    expires = "2027-01-31"
  }
}

# The SIEM receives the System Log events it needs through an event hook: a
# VERIFIED, ACTIVE hook to its host counts too (needs okta.eventHooks.read).
resource "oktagate_log_stream_check" "hooked" {
  accept_event_hooks       = true
  allowed_event_hook_hosts = ["siem.acme.com"]
}
