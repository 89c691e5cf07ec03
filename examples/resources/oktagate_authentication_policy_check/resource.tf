# The authentication policies of the Okta Dashboard and the Okta Admin Console
# exist, are active, and every rule that allows access requires two factors.
resource "oktagate_authentication_policy_check" "okta_apps" {}

# The DISA Okta IDaaS STIG's values: two factors, one of them
# phishing-resistant in every alternative (V-273190, V-273191, V-273193,
# V-273194), with re-authentication at least every two hours.
resource "oktagate_authentication_policy_check" "stig" {
  policy_names               = ["Okta Dashboard", "Okta Admin Console"]
  require_mfa                = true
  phishing_resistant         = true
  max_reauthenticate_minutes = 120
}

# Every app's authentication policy admits access only from network zones
# (V-279693); one policy is waived while its app is migrated.
resource "oktagate_authentication_policy_check" "zones" {
  all_policies         = true
  require_mfa          = false
  require_network_zone = true

  exception {
    subject = "Legacy VPN / Catch-all Rule"
    reason  = "CHG-1234: moving the VPN behind the corporate zone"
    expires = "2027-09-30"
  }
}
