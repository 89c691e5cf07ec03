# Every API token in the org (metadata only: Okta never returns a secret).
list "oktagate_api_token_binding" "all" {
  provider = oktagate
}

# The tokens one service account owns whose name begins with ci-.
list "oktagate_api_token_binding" "ci" {
  provider         = oktagate
  include_resource = true

  config {
    service_account_id = "00u1a2b3c4d5e6f7g8h9"
    name_prefix        = "ci-"
  }
}
