# API tokens belong to the integration service account, are restricted to
# network zones, are not about to expire, and act with read-only rights.
resource "oktagate_api_token_check" "tokens" {
  allowed_owner_ids  = ["00u1008SvcCompliance"]
  min_days_to_expiry = 14
}
