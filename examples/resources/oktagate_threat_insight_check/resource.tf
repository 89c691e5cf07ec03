# ThreatInsight blocks sign-in requests from suspicious IP addresses and
# exempts no network zone (Okta HealthInsight: "ThreatInsight: block
# suspicious IP addresses").
resource "oktagate_threat_insight_check" "block" {}

# The office network is exempt on purpose; logging without blocking is
# accepted while block mode is piloted, but ThreatInsight may not be off.
resource "oktagate_threat_insight_check" "pilot" {
  require_block             = false
  allowed_excluded_zone_ids = ["nzo1a2b3c4d5e6f7g8h9"]
}
