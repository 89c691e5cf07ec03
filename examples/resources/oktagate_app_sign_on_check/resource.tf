# Every ACTIVE app signs in through SAML, OpenID Connect or WS-Federation (or
# is a bookmark), not with a password Okta stores and replays; no OAuth client
# allows the implicit or password grant; no app is assigned to nobody.
resource "oktagate_app_sign_on_check" "apps" {}

# Federation only: a bookmark fails too. The payroll provider offers no SSO
# yet: its SWA app is waived until the SAML integration ships.
resource "oktagate_app_sign_on_check" "federated" {
  allowed_sign_on_modes = ["SAML_2_0", "OPENID_CONNECT"]
  allow_unassigned      = true

  exception {
    subject = "Payroll (SWA)"
    reason  = "the vendor's SAML integration ships in Q1 (VEND-311)"
    expires = "2027-03-31"
  }
}
