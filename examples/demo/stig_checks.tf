# DISA STIG settings beyond policies, over the demo org: authenticators and
# log streams. They use the same `enforcement` variable as checks.tf.

# PIV/CAC is accepted (the smart card authenticator is active) through a
# Smart Card identity provider that trusts a DoD CA (the INACTIVE pilot over
# the company's own CA is not judged), but Okta Verify still lets devices that
# are not FIPS-compliant connect.
resource "oktagate_authenticator_check" "stig" {
  enforcement                = var.enforcement
  require_active             = ["smart_card_idp"]
  require_okta_verify_fips   = true
  smart_card_trusted_issuers = ["OU=PKI, OU=DoD, O=U.S. Government, C=US"]
}

# The System Log streams to the security team's Splunk Cloud.
resource "oktagate_log_stream_check" "siem" {
  enforcement = var.enforcement
}
