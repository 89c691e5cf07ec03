# Okta cannot mint API tokens over its API: sign in as the service account,
# create a token under Security > API > Tokens, and bind it here by id.
resource "oktagate_api_token_binding" "compliance" {
  token_id           = "00T1a2b3c4d5e6f7g8h9"
  service_account_id = oktagate_service_account.compliance.id
  name               = "compliance-platform"
  min_days_to_expiry = 7

  # Usable only from the platform's egress IPs.
  network = {
    connection = "ZONE"
    include    = ["nzo1a2b3c4d5e6f7g8h9"]
  }
}
