# Global session rules that allow sign-in require MFA, idle out within two
# hours and end within a day.
resource "oktagate_session_policy_check" "all" {}

# The DISA Okta IDaaS STIG's values; require_network_zone (V-279691) needs an
# ACTIVE rule on a network zone (allow or deny by IP) in every global session
# policy.
resource "oktagate_session_policy_check" "stig" {
  max_idle_minutes        = 15
  max_lifetime_minutes    = 1080
  require_mfa             = true
  allow_persistent_cookie = false
  require_network_zone    = true
}

# The Okta Admin Console's own session limits (STIG V-273187), read from its
# first-party app settings; needs okta.apps.read.
resource "oktagate_session_policy_check" "admin_console" {
  max_admin_console_idle_minutes     = 15
  max_admin_console_lifetime_minutes = 1080
}
