# Anonymizing proxies (Tor included) are blocked before authentication: an
# ACTIVE BLOCKLIST zone covers ALL_ANONYMIZERS (DISA STIG V-279692).
resource "oktagate_network_zone_check" "anonymizers" {}

# While the blocklist is being rolled out: warn, and waive the finding until
# a date.
resource "oktagate_network_zone_check" "rollout" {
  enforcement = "warn"

  exception {
    subject = "network zones"
    reason  = "DefaultEnhancedDynamicZone activation scheduled, CHG-1234"
    expires = "2026-12-31"
  }
}
