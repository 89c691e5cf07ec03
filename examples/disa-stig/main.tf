# The DISA Okta IDaaS STIG (V1R1, with the API token and network zone rules
# of V1R2) as a compliance gate: every threshold the Management API can
# observe, set to the STIG's value. Each check's `controls` lists the STIG
# rules it automates; the guide "DISA Okta IDaaS STIG" maps every rule of the
# STIG, including those the API cannot observe. The provider reads
# OKTA_ORG_URL and OKTA_API_TOKEN (or the OAuth variables) from the
# environment.
terraform {
  required_providers {
    oktagate = {
      source = "oktagate/oktagate"
    }
  }
}

provider "oktagate" {}

variable "service_account_ids" {
  description = "The dedicated service accounts allowed to own API tokens (V-279690)."
  type        = list(string)
}

# V-273189 (3 attempts), V-273195 (15 characters), V-273196–V-273199 (one of
# each character class), V-273200 (24-hour minimum age), V-273201 (60-day
# maximum age), V-273208 (common password check), V-273209 (5 generations).
resource "oktagate_password_policy_check" "stig" {
  min_length           = 15
  min_lower_case       = 1
  min_upper_case       = 1
  min_number           = 1
  min_symbol           = 1
  exclude_common       = true
  max_age_days         = 60
  min_age_minutes      = 1440
  min_history          = 5
  max_lockout_attempts = 3
}

# V-273186 (15-minute idle), V-273203 (18-hour lifetime), V-273206 (no
# persistent global session cookie), V-273187 (the Okta Admin Console's own
# session ends after 15 idle minutes), V-279691 (every global session policy
# allows or denies by IP: an ACTIVE rule on a network zone).
resource "oktagate_session_policy_check" "stig" {
  max_idle_minutes               = 15
  max_lifetime_minutes           = 1080
  require_mfa                    = true
  allow_persistent_cookie        = false
  max_admin_console_idle_minutes = 15
  require_network_zone           = true
}

# V-273188: no account that can sign in has gone 35 days without signing in.
resource "oktagate_inactive_users_check" "stig" {
  max_inactive_days = 35
}

# V-279689 (network zones) and V-279690 (dedicated owners), STIG V1R2.
resource "oktagate_api_token_check" "stig" {
  allowed_owner_ids           = var.service_account_ids
  require_network_restriction = true
}

# V-273190, V-273191 (phishing-resistant authenticators) and V-273193,
# V-273194 (MFA): every rule that allows access to the Okta Dashboard or the
# Okta Admin Console requires two factors, one of them phishing-resistant in
# every alternative. A missing or inactive policy fails the check too.
resource "oktagate_authentication_policy_check" "stig" {
  policy_names       = ["Okta Dashboard", "Okta Admin Console"]
  require_mfa        = true
  phishing_resistant = true
}

# V-279693 (V1R2): every app's authentication policy admits access only from
# network zones.
resource "oktagate_authentication_policy_check" "stig_network_zones" {
  all_policies         = true
  require_mfa          = false
  require_network_zone = true
}

# V-279692 (V1R2): an ACTIVE blocklist zone blocks every anonymizing proxy,
# Tor included (e.g. the DefaultEnhancedDynamicZone, activated).
resource "oktagate_network_zone_check" "stig" {}

# V-273204 (PIV/CAC accepted: the Smart Card authenticator is ACTIVE),
# V-273205 (Okta Verify connects only from FIPS-compliant devices) and
# V-273207 (only DOD-approved CAs: every ACTIVE Smart Card identity provider
# trusts a CA under the DoD PKI).
resource "oktagate_authenticator_check" "stig" {
  require_active             = ["smart_card_idp"]
  require_okta_verify_fips   = true
  smart_card_trusted_issuers = ["OU=PKI, OU=DoD, O=U.S. Government, C=US"]
}

# V-273202: audit records are off-loaded to a central log server through an
# ACTIVE log stream (AWS EventBridge or Splunk Cloud).
resource "oktagate_log_stream_check" "stig" {}
