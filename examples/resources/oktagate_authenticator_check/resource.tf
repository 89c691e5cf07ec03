# Phishing-resistant authenticators are on and phishable ones are off.
resource "oktagate_authenticator_check" "phishing_resistant" {
  require_active = ["webauthn", "okta_verify"]
  forbid_active  = ["security_question", "phone_number"]
}

# The DISA STIG's values: PIV/CAC accepted through the Smart Card
# authenticator (V-273204), Okta Verify only on FIPS-compliant devices
# (V-273205), and every ACTIVE Smart Card identity provider trusting a CA of
# the DoD PKI (V-273207; an entry trusts every CA whose name ends with it).
resource "oktagate_authenticator_check" "stig" {
  require_active             = ["smart_card_idp"]
  require_okta_verify_fips   = true
  smart_card_trusted_issuers = ["OU=PKI, OU=DoD, O=U.S. Government, C=US"]

  exception {
    subject = "okta_verify"
    reason  = "FIPS-compliant devices rolled out by Q3, CHG-2211"
    expires = "2027-09-30"
  }
}
